"""Synthetic personal names in Kazakh Cyrillic, Russian Cyrillic and Latin, with their variants.

Real Kazakhstani data spells one person many ways (domain brief §8.2–8.3): Kazakh letters
folded to Russian ones (Ә→А, Қ→К, Ұ→У…), Soviet-era ``Дж`` for ``Ж``, surnames with or
without ``-ов/-ова, -ев/-ева, -ин/-ина`` or as ``-ұлы/-қызы``, patronymics ``-ович/-овна``
or ``-ұлы/-қызы``, passport Latin with ``Zh/J/Dzh``, ``Kh/H``, ``Yu/Iu``, ``Ya/Ia``, ``Y/I``
chosen by the holder, and the 2021 Kazakh Latin alphabet. A generated person carries one
``Name`` (what they were registered with); ``variants`` gives every other rendering an
investigator may meet, which is the labelled material for name matching.

``render_columns`` renders a whole population at once: it renders each distinct name
*component* once and gathers them with Arrow, so a million persons cost a few thousand
Python calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kuzet.synth import name_data as nd
from kuzet.synth import vec
from kuzet.synth.vec import Arr

ORIGINS: tuple[str, ...] = ("kazakh", "russian", "central_asian", "CN", "TR", "DE", "KR")
"""Name origins: pools of given names and surnames, and the rules that inflect them."""
SURNAME_STYLES: tuple[str, ...] = ("ov", "bare", "uly")
PATRONYMIC_STYLES: tuple[str, ...] = ("ovich", "uly", "none")


@dataclass(frozen=True, slots=True)
class LatinStyle:
    """One way of writing Cyrillic in Latin letters: passport practice varies per holder."""

    zh: str = "Zh"
    dzh: str = "Dzh"
    kh: str = "Kh"
    yu: str = "Yu"
    ya: str = "Ya"
    y: str = "Y"
    kazakh2021: bool = False
    """Write the Kazakh Cyrillic form in the 2021 Kazakh Latin alphabet instead."""

    @property
    def label(self) -> str:
        if self.kazakh2021:
            return "kazakh_latin_2021"
        return f"passport:{self.zh}/{self.dzh}/{self.kh}/{self.yu}/{self.ya}/{self.y}"


LATIN_STYLES: tuple[LatinStyle, ...] = (
    LatinStyle(),  # Russian 1997 practice
    LatinStyle(yu="Iu", ya="Ia", y="I"),  # ICAO 9303
    LatinStyle(zh="J", dzh="J"),
    LatinStyle(kh="H"),
    LatinStyle(zh="J", dzh="J", kh="H", y="I"),
    LatinStyle(kh="H", yu="Iu", ya="Ia", y="I"),
    LatinStyle(dzh="J", ya="Ia", y="I"),
    LatinStyle(kazakh2021=True),
)
"""Latin styles a person may have requested for the passport; index = ``latin`` code."""
LATIN_WEIGHTS: tuple[float, ...] = (0.55, 0.15, 0.08, 0.07, 0.04, 0.03, 0.03, 0.05)
KAZAKH_2021 = len(LATIN_STYLES) - 1


# ── Cyrillic rules ──────────────────────────────────────────────────────────────────────

_KK_TO_RU = str.maketrans("әөүұқңғһіӘӨҮҰҚҢҒҺІ", "аоуукнгхиАОУУКНГХИ")
_YI = re.compile(r"й[ыі]")
_VOWELS = set("аәеёиіоөуұүыэюяАӘЕЁИІОӨУҰҮЫЭЮЯ")
_SIBILANTS = set("жшщчц")
_PATRONYMIC_EXCEPTIONS: dict[str, tuple[str, str]] = {
    "Михаил": ("Михайлович", "Михайловна"),
    "Павел": ("Павлович", "Павловна"),
    "Пётр": ("Петрович", "Петровна"),
    "Лев": ("Львович", "Львовна"),
    "Илья": ("Ильич", "Ильинична"),
    "Никита": ("Никитич", "Никитична"),
    "Дмитрий": ("Дмитриевич", "Дмитриевна"),
}


def kk_to_ru(text: str) -> str:
    """Russian rendering of a Kazakh name (official instruction, §8.2): Ә→А, Қ→К, Ұ/Ү→У,
    Ң→Н, Ғ→Г, Ө→О, Һ→Х, І→И, and ЙЫ/ЙІ→И (Асайын → Асаин)."""
    return _YI.sub("и", text).translate(_KK_TO_RU)


def ru_patronymic(father_ru: str, sex: str) -> str:
    """Russian-style patronymic (-ович/-евич, -овна/-евна) from a father's Russian name."""
    if father_ru in _PATRONYMIC_EXCEPTIONS:
        return _PATRONYMIC_EXCEPTIONS[father_ru][sex == "F"]
    low = father_ru.lower()
    if low.endswith("ий"):
        base = father_ru[:-2] + "ье"
    elif low[-1] in "йь":
        base = father_ru[:-1] + "е"
    elif low[-1] in _VOWELS or low[-1] in _SIBILANTS:
        base = father_ru + "е"
    else:
        base = father_ru + "о"
    return base + ("вна" if sex == "F" else "вич")


def _ov_surname(stem: str, sex: str, origin: str) -> str:
    low = stem[-1].lower()
    if low == "й":
        base, suffix = stem[:-1], "ев"
    elif low == "а" and origin == "kazakh":
        base, suffix = stem[:-1], "ин"  # Мұса → Мұсин
    elif low in _VOWELS or low in _SIBILANTS:
        base, suffix = stem, "ев"  # Қали → Қалиев, Эргаш → Эргашев
    else:
        base, suffix = stem, "ов"
    return base + suffix + ("а" if sex == "F" else "")


def ru_female_surname(male: str) -> str:
    """Feminine form of a Russian-pattern surname (invariant ones stay as they are)."""
    if male.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return male + "а"
    if male.endswith(("ский", "цкий", "ской")):
        return male[:-2] + "ая"
    return male


# ── Latin rules ─────────────────────────────────────────────────────────────────────────

_PASSPORT_BASE: dict[str, str] = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "e",
    "з": "z",
    "и": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "n",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    "і": "i",
}
_KAZ2021: dict[str, str] = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ё": "io",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "ş",
    "щ": "şş",
    "ъ": "",
    "ы": "y",
    "і": "ı",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
"""2021 Kazakh Latin, as in the published sample text (кісі → kısı, данышпан → danyşpan).
[UNCERTAIN]: the domain brief gives Y for й/и, which the sample contradicts."""


def _case(src: str, out: str) -> str:
    if not src.isupper() or not out:
        return out
    return out[0].upper() + out[1:]


def to_latin(text: str, style: LatinStyle = LatinStyle()) -> str:
    """Passport-style Latin of a Cyrillic (Russian or Kazakh) text in one ``style``."""
    table = _KAZ2021 if style.kazakh2021 else _PASSPORT_BASE
    out: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        low = ch.lower()
        if not style.kazakh2021 and low == "д" and text[i + 1 : i + 2].lower() == "ж":
            out.append(_case(ch, style.dzh.lower()))
            i += 2
            continue
        if style.kazakh2021:
            piece = table.get(low)
            if piece is not None and ch.isupper():
                piece = {"i": "İ", "ı": "I"}.get(piece[:1], piece[:1].upper()) + piece[1:]
        elif low == "ж":
            piece = _case(ch, style.zh.lower())
        elif low == "х":
            piece = _case(ch, style.kh.lower())
        elif low == "ю":
            piece = _case(ch, style.yu.lower())
        elif low == "я":
            piece = _case(ch, style.ya.lower())
        elif low == "й":
            piece = _case(ch, style.y.lower())
        else:
            piece = table.get(low)
            if piece is not None:
                piece = _case(ch, piece)
        out.append(ch if piece is None else piece)
        i += 1
    return "".join(out)


def latin_upper(text: str, style: LatinStyle) -> str:
    """Upper case as printed in a passport (Turkish-style dotted İ in 2021 Kazakh Latin)."""
    if style.kazakh2021:
        text = text.replace("i", "İ").replace("ı", "I")
    return text.upper()


# ── one name ────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Name:
    """How one person's name was registered; every rendering is derived from it."""

    origin: str
    sex: str
    given: int
    """Index into the origin's given names for ``sex``."""
    surname: int
    """Index into the origin's surname stems (or surnames)."""
    father: int | None = None
    """Index into the origin's male given names (the patronymic), if any."""
    surname_style: str = "ov"
    patronymic_style: str = "ovich"
    soviet_dzh: bool = False
    """Russian documents spell an initial Ж of the surname as Дж (Soviet-era practice)."""
    latin: int = 0
    """Index into ``LATIN_STYLES``: the holder's passport spelling."""

    @property
    def latin_style(self) -> LatinStyle:
        return LATIN_STYLES[self.latin]

    def kk(self) -> tuple[str, str, str | None]:
        """Surname, given name and patronymic in Kazakh Cyrillic."""
        return (
            surname_kk(self.origin, self.surname, self.sex, self.surname_style),
            given_kk(self.origin, self.given, self.sex),
            patronymic_kk(self.origin, self.father, self.sex, self.patronymic_style),
        )

    def ru(self) -> tuple[str, str, str | None]:
        """Surname, given name and patronymic in Russian Cyrillic, as registered."""
        return (
            surname_ru(self.origin, self.surname, self.sex, self.surname_style, self.soviet_dzh),
            given_ru(self.origin, self.given, self.sex),
            patronymic_ru(self.origin, self.father, self.sex, self.patronymic_style),
        )

    def lat(self) -> str:
        """``SURNAME GIVEN`` as printed in the passport."""
        last = surname_lat(
            self.origin, self.surname, self.sex, self.surname_style, self.soviet_dzh, self.latin
        )
        return f"{last} {given_lat(self.origin, self.given, self.sex, self.latin)}"


def _pool_given(origin: str, sex: str) -> tuple[str, ...]:
    if origin == "kazakh":
        return nd.KAZAKH_FEMALE if sex == "F" else nd.KAZAKH_MALE
    if origin == "russian":
        return nd.RUSSIAN_FEMALE if sex == "F" else nd.RUSSIAN_MALE
    if origin == "central_asian":
        return nd.CENTRAL_ASIAN_FEMALE if sex == "F" else nd.CENTRAL_ASIAN_MALE
    return tuple(lat for lat, _ in nd.FOREIGN_NAMES[origin][2 if sex == "F" else 1])


def _pool_surname(origin: str) -> tuple[str, ...]:
    if origin == "kazakh":
        return nd.KAZAKH_STEMS
    if origin == "russian":
        return nd.RUSSIAN_SURNAMES
    if origin == "central_asian":
        return nd.CENTRAL_ASIAN_STEMS
    return tuple(lat for lat, _ in nd.FOREIGN_NAMES[origin][0])


def pool_sizes(origin: str) -> tuple[int, int, int]:
    """Sizes of the (male given, female given, surname) pools of an origin."""
    return (
        len(_pool_given(origin, "M")),
        len(_pool_given(origin, "F")),
        len(_pool_surname(origin)),
    )


def _foreign_cyr(origin: str, part: int, index: int) -> str:
    return nd.FOREIGN_NAMES[origin][part][index][1]


def given_kk(origin: str, index: int, sex: str) -> str:
    if origin in ("CN", "TR", "DE", "KR"):
        return _foreign_cyr(origin, 2 if sex == "F" else 1, index)
    return _pool_given(origin, sex)[index]


def given_ru(origin: str, index: int, sex: str) -> str:
    return kk_to_ru(given_kk(origin, index, sex))


def _stem(origin: str, index: int) -> str:
    if origin in ("CN", "TR", "DE", "KR"):
        return _foreign_cyr(origin, 0, index)
    return _pool_surname(origin)[index]


def surname_kk(origin: str, index: int, sex: str, style: str, stem: str | None = None) -> str:
    stem = stem or _stem(origin, index)
    if origin == "russian":
        return stem if sex == "M" else ru_female_surname(stem)
    if origin not in ("kazakh", "central_asian"):
        return stem
    if style == "bare":
        return stem
    if style == "uly" and origin == "kazakh":
        return stem + ("қызы" if sex == "F" else "ұлы")
    return _ov_surname(stem, sex, origin)


def _dzh(text: str) -> str:
    return "Дж" + text[1:] if text[:1] == "Ж" else text


def surname_ru(
    origin: str, index: int, sex: str, style: str, dzh: bool, stem: str | None = None
) -> str:
    ru = kk_to_ru(surname_kk(origin, index, sex, style, stem))  # Жанбұлатұлы → Жанбулатулы
    return _dzh(ru) if dzh else ru


def patronymic_kk(origin: str, father: int | None, sex: str, style: str) -> str | None:
    if father is None or style == "none" or origin not in ("kazakh", "russian", "central_asian"):
        return None
    name = _pool_given(origin, "M")[father]
    if style == "uly" and origin == "kazakh":
        return name + ("қызы" if sex == "F" else "ұлы")
    return ru_patronymic(kk_to_ru(name), sex)


def patronymic_ru(origin: str, father: int | None, sex: str, style: str) -> str | None:
    kk = patronymic_kk(origin, father, sex, style)
    return None if kk is None else kk_to_ru(kk)


def given_lat(origin: str, index: int, sex: str, latin: int) -> str:
    style = LATIN_STYLES[latin]
    if origin in ("CN", "TR", "DE", "KR"):
        return _pool_given(origin, sex)[index].upper()
    src = given_kk(origin, index, sex) if style.kazakh2021 else given_ru(origin, index, sex)
    return latin_upper(to_latin(src, style), style)


def surname_lat(origin: str, index: int, sex: str, style: str, dzh: bool, latin: int) -> str:
    lstyle = LATIN_STYLES[latin]
    if origin in ("CN", "TR", "DE", "KR"):
        return _pool_surname(origin)[index].upper()
    if lstyle.kazakh2021:
        src = surname_kk(origin, index, sex, style)
    else:
        src = surname_ru(origin, index, sex, style, dzh)
    return latin_upper(to_latin(src, lstyle), lstyle)


def full(parts: tuple[str, str, str | None]) -> str:
    """``Surname Given Patronymic`` (the order of KZ documents)."""
    return " ".join(p for p in parts if p)


# ── variants ────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class NameVariant:
    """One rendering of a name and how it differs from the registered one."""

    text: str
    script: str
    """``kk_cyrillic``, ``ru_cyrillic`` or ``latin``."""
    kind: str
    """What produced it, ``+``-joined: ``registered``, ``soviet_dzh``, ``suffix_dropped``,
    ``kazakh_suffix``, ``russian_suffix``, ``vowel_variant``, ``kazakh_patronymic``,
    ``russian_patronymic``, ``no_patronymic``, ``given_first``, ``passport:…`` or
    ``kazakh_latin_2021``."""


def _surname_options(name: Name) -> list[tuple[str, str, str]]:
    """(kk, ru, kind) for each surname form the family may use."""
    if name.origin not in ("kazakh", "central_asian"):
        kk = surname_kk(name.origin, name.surname, name.sex, name.surname_style)
        return [(kk, kk_to_ru(kk), "registered")]
    stems = [(_stem(name.origin, name.surname), "")]
    alt = nd.STEM_VOWEL_VARIANTS.get(stems[0][0]) if name.origin == "kazakh" else None
    if alt:
        stems.append((alt, "vowel_variant"))
    styles = SURNAME_STYLES if name.origin == "kazakh" else ("ov", "bare")
    kinds = {"ov": "russian_suffix", "bare": "suffix_dropped", "uly": "kazakh_suffix"}
    out: list[tuple[str, str, str]] = []
    for stem, stem_kind in stems:
        for style in styles:
            dzh_options = (False, True) if stem.startswith("Ж") else (False,)
            for dzh in dzh_options:
                kk = surname_kk(name.origin, name.surname, name.sex, style, stem)
                ru = surname_ru(name.origin, name.surname, name.sex, style, dzh, stem)
                same = style == name.surname_style and dzh == name.soviet_dzh and not stem_kind
                kind = "registered" if same else kinds[style]
                kind += "+soviet_dzh" if dzh else ""
                kind += f"+{stem_kind}" if stem_kind else ""
                out.append((kk, ru, kind))
    return out


def _patronymic_options(name: Name) -> list[tuple[str | None, str | None, str]]:
    out: list[tuple[str | None, str | None, str]] = [(None, None, "no_patronymic")]
    if name.father is None or name.origin not in ("kazakh", "russian", "central_asian"):
        return out
    styles = ("ovich", "uly") if name.origin == "kazakh" else ("ovich",)
    for style in styles:
        kk = patronymic_kk(name.origin, name.father, name.sex, style)
        kind = "kazakh_patronymic" if style == "uly" else "russian_patronymic"
        out.append((kk, None if kk is None else kk_to_ru(kk), kind))
    return out


def variants(name: Name) -> list[NameVariant]:
    """Every rendering of ``name`` this module knows, the registered ones first, no duplicates.

    Cyrillic forms combine each surname form (suffix kept, dropped or Kazakh, Soviet ``Дж``,
    vowel variants) with each patronymic form and word order; Latin forms pass the Russian
    forms through every passport style and the Kazakh forms through the 2021 alphabet.
    """
    seen: dict[str, NameVariant] = {}

    def add(text: str, script: str, kind: str) -> None:
        if text and text not in seen:
            seen[text] = NameVariant(text, script, kind)

    kk_parts, ru_parts = name.kk(), name.ru()
    add(full(kk_parts), "kk_cyrillic", "registered")
    add(full(ru_parts), "ru_cyrillic", "registered")
    add(name.lat(), "latin", f"registered+{name.latin_style.label}")
    given_kk_text, given_ru_text = kk_parts[1], ru_parts[1]
    surnames = _surname_options(name)
    patronymics = _patronymic_options(name)
    for s_kk, s_ru, s_kind in surnames:
        for p_kk, p_ru, p_kind in patronymics:
            kind = s_kind if p_kind == "russian_patronymic" else f"{s_kind}+{p_kind}"
            for script, s, g, p in (
                ("kk_cyrillic", s_kk, given_kk_text, p_kk),
                ("ru_cyrillic", s_ru, given_ru_text, p_ru),
            ):
                add(full((s, g, p)), script, kind)
                add(full((g, p or "", s)), script, f"{kind}+given_first")
        for lstyle in LATIN_STYLES:
            if name.origin in ("CN", "TR", "DE", "KR"):
                break
            src_s, src_g = (s_kk, given_kk_text) if lstyle.kazakh2021 else (s_ru, given_ru_text)
            last = to_latin(src_s, lstyle)
            first = to_latin(src_g, lstyle)
            kind = f"{s_kind}+{lstyle.label}"
            add(latin_upper(f"{last} {first}", lstyle), "latin", kind)
            add(f"{last} {first}", "latin", kind)
            add(f"{first} {last}", "latin", f"{kind}+given_first")
    if name.origin in ("CN", "TR", "DE", "KR"):
        native_last = _pool_surname(name.origin)[name.surname]
        native_first = _pool_given(name.origin, name.sex)[name.given]
        add(f"{native_last} {native_first}", "latin", "native_spelling")
        add(to_latin(full(ru_parts)), "latin", "from_cyrillic+passport:Zh/Dzh/Kh/Yu/Ya/Y")
    return list(seen.values())


# ── generation ──────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class NameArrays:
    """Name choices of many persons, one array per field of ``Name``."""

    origin: npt.NDArray[np.int8]
    female: npt.NDArray[np.bool_]
    given: npt.NDArray[np.int32]
    surname: npt.NDArray[np.int32]
    father: npt.NDArray[np.int32]
    """-1: no patronymic."""
    surname_style: npt.NDArray[np.int8]
    patronymic_style: npt.NDArray[np.int8]
    dzh: npt.NDArray[np.bool_]
    latin: npt.NDArray[np.int8]

    def name(self, i: int) -> Name:
        """The ``Name`` of person ``i``."""
        father = int(self.father[i])
        return Name(
            origin=ORIGINS[self.origin[i]],
            sex="F" if self.female[i] else "M",
            given=int(self.given[i]),
            surname=int(self.surname[i]),
            father=None if father < 0 else father,
            surname_style=SURNAME_STYLES[self.surname_style[i]],
            patronymic_style=PATRONYMIC_STYLES[self.patronymic_style[i]],
            soviet_dzh=bool(self.dzh[i]),
            latin=int(self.latin[i]),
        )


_ZH_STEMS = np.array([s.startswith("Ж") for s in nd.KAZAKH_STEMS])
_LATIN_CDF = np.cumsum(LATIN_WEIGHTS) / sum(LATIN_WEIGHTS)


def draw_name(rng: np.random.Generator, origin: int, female: bool, birth_year: int) -> Name:
    """One person's name, drawn as ``draw_names`` draws a population (scalar and fast: the
    planters create persons one at a time)."""
    oname = ORIGINS[origin]
    n_male, n_female, n_sur = pool_sizes(oname)
    u = rng.random(6)
    sur = int(u[2] * n_sur)
    young = birth_year >= 1990
    style, patronymic = "ov", "ovich"
    if origin == 0:
        uly, bare = (0.18, 0.16) if young else (0.06, 0.06)
        style = "uly" if u[3] < uly else "bare" if u[3] < uly + bare else "ov"
        patronymic = "uly" if u[4] < (0.35 if young else 0.12) else "ovich"
    elif origin == 2 and u[3] < 0.05:
        style = "bare"
    foreign = origin >= 3
    dzh = origin == 0 and bool(_ZH_STEMS[sur]) and u[5] < (0.45 if birth_year < 1975 else 0.04)
    latin = int(np.searchsorted(_LATIN_CDF, rng.random(), side="right"))
    if latin == KAZAKH_2021 and not (origin == 0 and young):
        latin = 0
    return Name(
        origin=oname,
        sex="F" if female else "M",
        given=int(u[0] * (n_female if female else n_male)),
        surname=sur,
        father=None if foreign else int(u[1] * n_male),
        surname_style=style,
        patronymic_style="none" if foreign else patronymic,
        soviet_dzh=dzh,
        latin=min(latin, len(LATIN_STYLES) - 1),
    )


def draw_names(
    rng: np.random.Generator,
    origin: npt.NDArray[np.int8],
    female: npt.NDArray[np.bool_],
    birth_year: npt.NDArray[np.int32],
    surname: npt.NDArray[np.int32] | None = None,
) -> NameArrays:
    """Draw name choices for persons of given origins, sexes and birth years.

    ``surname`` (an index into the origin's surname pool) lets families share a stem. Young
    Kazakhs more often drop ``-ов`` or take ``-ұлы/-қызы``; Soviet ``Дж`` is mostly seen in
    persons born before 1975 whose stem starts with Ж.
    """
    n = len(origin)
    given = np.zeros(n, np.int32)
    fathers = np.zeros(n, np.int32)
    sur = np.zeros(n, np.int32) if surname is None else surname.astype(np.int32)
    dzh_ok = np.zeros(n, np.bool_)
    u = rng.random((n, 5))
    for code, oname in enumerate(ORIGINS):
        m = origin == code
        if not m.any():
            continue
        n_male, n_female, n_sur = pool_sizes(oname)
        size_given = np.where(female[m], n_female, n_male)
        given[m] = (u[m, 0] * size_given).astype(np.int32)
        fathers[m] = (u[m, 1] * n_male).astype(np.int32)
        if surname is None:
            sur[m] = (u[m, 2] * n_sur).astype(np.int32)
        if oname == "kazakh":
            dzh_ok[m] = _ZH_STEMS[sur[m]]
    young = birth_year >= 1990
    kaz = origin == 0
    r = rng.random(n)
    uly_p = np.where(young, 0.18, 0.06)
    bare_p = np.where(young, 0.16, 0.06)
    sur_style = np.where(kaz & (r < uly_p), 2, np.where(kaz & (r < uly_p + bare_p), 1, 0))
    central = origin == 2
    sur_style = np.where(central & (r < 0.05), 1, sur_style)
    r2 = rng.random(n)
    pat_style = np.where(kaz & (r2 < np.where(young, 0.35, 0.12)), 1, 0)
    foreign = origin >= 3
    pat_style = np.where(foreign, 2, pat_style)
    fathers = np.where(foreign, -1, fathers)
    dzh = dzh_ok & (rng.random(n) < np.where(birth_year < 1975, 0.45, 0.04))
    latin = rng.choice(len(LATIN_STYLES), size=n, p=LATIN_WEIGHTS).astype(np.int8)
    latin = np.where((latin == KAZAKH_2021) & ~(kaz & young), 0, latin)
    return NameArrays(
        origin=origin.astype(np.int8),
        female=female.astype(np.bool_),
        given=given,
        surname=sur,
        father=fathers.astype(np.int32),
        surname_style=sur_style.astype(np.int8),
        patronymic_style=pat_style.astype(np.int8),
        dzh=dzh.astype(np.bool_),
        latin=latin.astype(np.int8),
    )


def _gather(keys: npt.NDArray[np.int64], render: Callable[[int], str | None]) -> Arr:
    """Render each distinct key once and gather the results for every row."""
    uniq, inverse = np.unique(keys, return_inverse=True)
    values = pa.array([render(int(k)) for k in uniq], type=pa.string())
    return values.take(vec.ix(inverse.astype(np.int32)))


def render_columns(a: NameArrays) -> dict[str, Arr]:
    """``last_name, first_name, patronymic, name_kk, name_ru, name_lat`` for every person."""
    origin = a.origin.astype(np.int64)
    sex = a.female.astype(np.int64)
    sur_key = (((origin * 4096 + a.surname) * 2 + sex) * 4 + a.surname_style) * 2 + a.dzh
    giv_key = (origin * 4096 + a.given) * 2 + sex
    pat_key = ((origin * 4096 + a.father + 1) * 2 + sex) * 4 + a.patronymic_style
    n_lat = len(LATIN_STYLES)
    lat = a.latin.astype(np.int64)

    def dec_sur(k: int) -> tuple[str, int, str, str, bool]:
        k, dzh = divmod(k, 2)
        k, style = divmod(k, 4)
        k, female = divmod(k, 2)
        o, idx = divmod(k, 4096)
        return ORIGINS[o], idx, "F" if female else "M", SURNAME_STYLES[style], bool(dzh)

    def dec_giv(k: int) -> tuple[str, int, str]:
        k, female = divmod(k, 2)
        o, idx = divmod(k, 4096)
        return ORIGINS[o], idx, "F" if female else "M"

    def dec_pat(k: int) -> tuple[str, int | None, str, str]:
        k, style = divmod(k, 4)
        k, female = divmod(k, 2)
        o, idx = divmod(k, 4096)
        father = None if idx == 0 else idx - 1
        return ORIGINS[o], father, "F" if female else "M", PATRONYMIC_STYLES[style]

    sur_ru = _gather(sur_key, lambda k: surname_ru(*dec_sur(k)))
    sur_kk = _gather(sur_key, lambda k: surname_kk(*dec_sur(k)[:4]))
    giv_ru = _gather(giv_key, lambda k: given_ru(*dec_giv(k)))
    giv_kk = _gather(giv_key, lambda k: given_kk(*dec_giv(k)))
    pat_ru = _gather(pat_key, lambda k: patronymic_ru(*dec_pat(k)))
    pat_kk = _gather(pat_key, lambda k: patronymic_kk(*dec_pat(k)))
    sur_lat = _gather(sur_key * n_lat + lat, lambda k: surname_lat(*dec_sur(k // n_lat), k % n_lat))
    giv_lat = _gather(giv_key * n_lat + lat, lambda k: given_lat(*dec_giv(k // n_lat), k % n_lat))
    return {
        "last_name": sur_ru,
        "first_name": giv_ru,
        "patronymic": pat_ru,
        "name_kk": vec.join(sur_kk, giv_kk, pat_kk, sep=" ", skip_nulls=True),
        "name_ru": vec.join(sur_ru, giv_ru, pat_ru, sep=" ", skip_nulls=True),
        "name_lat": vec.join(sur_lat, giv_lat, sep=" "),
    }
