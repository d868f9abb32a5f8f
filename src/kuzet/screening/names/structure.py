"""The structure of a name: its tokens, their stems, suffixes, gender and role.

A Kazakhstani surname may carry ``-ов/-ев/-ин`` (feminine ``-ова/-ева/-ина``), drop it, or
become ``-ұлы/-қызы``; a patronymic is ``-ович/-овна`` or ``-ұлы/-қызы`` (§8.3). Each token
keeps its key, the stem under such a suffix, the suffix's *class* and its gender, so the
matcher can say "suffix dropped" or "Kazakh form of the Russian surname" and can refuse to
equate Ахметов with Ахметова. Entity names lose their legal form (ТОО/ЖШС/LLP, АО/АҚ/JSC,
ИП…) and quotes; the form is kept aside as a feature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from kuzet.screening.names.normalize import key, skeleton, words

# (suffix in key space, class, gender); longest first so "ovich" wins over "ov".
_SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("ovich", "patronymic", "M"),
    ("evich", "patronymic", "M"),
    ("ichna", "patronymic", "F"),
    ("ovna", "patronymic", "F"),
    ("ich", "patronymic", "M"),  # Ильич, Никитич
    ("evna", "patronymic", "F"),
    ("kizi", "kazakh", "F"),
    ("uli", "kazakh", "M"),
    ("ova", "russian", "F"),
    ("eva", "russian", "F"),
    ("ina", "russian", "F"),
    ("ov", "russian", "M"),
    ("ev", "russian", "M"),
    ("in", "russian", "M"),
)
_MIN_STEM = 3

_LEGAL_FORMS_RAW = (
    "ТОО", "ЖШС", "LLP", "TOO", "АО", "АҚ", "JSC", "AO", "ИП", "ЖК", "ООО", "LLC", "Ltd",
    "Limited", "Inc", "GmbH", "PLC", "Corp", "Co", "ПАО", "ЗАО", "ОАО", "SA", "AG", "BV",
    "FZE", "FZCO", "КХ", "ПК",
)  # fmt: skip
_LEGAL_PHRASES_RAW = (
    "товарищество с ограниченной ответственностью",
    "жауапкершілігі шектеулі серіктестік",
    "акционерное общество",
    "акционерлік қоғам",
    "индивидуальный предприниматель",
    "жеке кәсіпкер",
    "limited liability partnership",
    "limited liability company",
    "joint stock company",
)
LEGAL_FORM_KEYS: frozenset[str] = frozenset(key(w) for f in _LEGAL_FORMS_RAW for w in words(f))
_PHRASE_KEYS: tuple[tuple[str, ...], ...] = tuple(
    tuple(key(w) for w in words(p)) for p in _LEGAL_PHRASES_RAW
)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name, analysed."""

    text: str
    """The word as normalised (lower case, homoglyphs folded)."""
    key: str
    stem: str
    """The key without its suffix (``key`` itself when there is none)."""
    suffix: str
    """The suffix in key space, or ``""``."""
    suffix_class: str
    """``russian`` (-ов/-ова), ``kazakh`` (-ұлы/-қызы), ``patronymic`` (-ович/-овна) or ``""``."""
    gender: str
    """``M``/``F`` when the suffix says so, else ``""``."""
    skeleton: str
    _hash: int = field(default=0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields = (self.text, self.key, self.stem, self.suffix, self.suffix_class, self.gender)
        object.__setattr__(self, "_hash", hash((*fields, self.skeleton)))

    def __hash__(self) -> int:  # computed once: tokens key the similarity caches
        return self._hash

    @property
    def optional(self) -> bool:
        """Patronymic-like tokens: a name without them is still the same name."""
        return self.suffix_class in ("patronymic", "kazakh")

    @property
    def initial(self) -> bool:
        return len(self.key) == 1


@lru_cache(maxsize=500_000)
def analyse_word(word: str) -> Token:
    """Analyse one normalised word (cached: real and synthetic names repeat a lot)."""
    k = key(word)
    for suffix, cls, gender in _SUFFIXES:
        stem = ""
        if k.endswith(suffix):
            stem = k[: -len(suffix)]
        elif len(k) > len(suffix) > 2 and k.endswith(suffix[1:]) and k[-len(suffix)] == suffix[0]:
            stem = k[: -len(suffix) + 1]  # Серік+қызы: the doubled k was collapsed
        if len(stem) >= (2 if suffix == "ich" else _MIN_STEM):
            return Token(word, k, stem, suffix, cls, gender, skeleton(stem))
    return Token(word, k, k, "", "", "", skeleton(k))


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A whole name: its tokens (legal form removed) and the legal form found, if any."""

    text: str
    tokens: tuple[Token, ...]
    legal_form: str | None

    @property
    def gender(self) -> str:
        genders = {t.gender for t in self.tokens if t.gender}
        return genders.pop() if len(genders) == 1 else ""


_PHRASE_FIRST = frozenset(p[0] for p in _PHRASE_KEYS)


def _strip_phrases(ws: list[str], keys: list[str]) -> tuple[list[str], str | None]:
    if _PHRASE_FIRST.isdisjoint(keys):
        return ws, None
    for phrase in _PHRASE_KEYS:
        n = len(phrase)
        for i in range(len(keys) - n + 1):
            if tuple(keys[i : i + n]) == phrase:
                return ws[:i] + ws[i + n :], " ".join(ws[i : i + n])
    return ws, None


@lru_cache(maxsize=200_000)
def parse(text: str, entity: bool = False) -> ParsedName:
    """Parse a name. Entity names lose legal forms and keep their words unstemmed."""
    ws = words(text)
    keys = [key(w) for w in ws]
    ws, form = _strip_phrases(ws, keys)
    kept: list[str] = []
    for w in ws:
        if key(w) in LEGAL_FORM_KEYS and (entity or len(ws) > 1):
            form = form or w
        else:
            kept.append(w)
    if form is not None or entity:
        toks = tuple(Token(w, key(w), key(w), "", "", "", skeleton(key(w))) for w in kept)
    else:
        toks = tuple(analyse_word(w) for w in kept)
    return ParsedName(text, toks, form)


def looks_like_entity(text: str) -> bool:
    """Whether a name carries a legal form (so it names a firm, not a person)."""
    return parse(text).legal_form is not None
