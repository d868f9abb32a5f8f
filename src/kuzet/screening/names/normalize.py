"""Normalising names and turning them into script-neutral comparison keys.

Kazakhstani data spells one name in Kazakh Cyrillic, Russian Cyrillic and several Latin
schemes (domain brief §8.1–§8.3). Rather than pick one "correct" transliteration, every
token is reduced to a *key* that all of these spellings share: Cyrillic is romanised with
Kazakh letters folded (Ә→a, Қ→k, Ұ/Ү→u, Ң→n, Ғ→g, Ө→o, Һ→h, І→i), 2021 Kazakh Latin
diacritics are folded (Ä, Ö, Ü, Ū, Ğ, Ş, Ñ, Q, dotless ı), and the passport choices collapse
(Zh/J/Dzh and Soviet Дж → j, Kh/H → h, Y/I → i so Yu/Iu and Ya/Ia agree, French "ou" → u).

Homoglyphs are folded first, per word: Latin letters typed inside a Cyrillic word become
Cyrillic (and back), so "Aхметов" with a Latin A keys like "Ахметов", and a Latin ``i``
inside a Kazakh word is the Kazakh І.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYR = re.compile(r"[\u0400-\u04FF]")
_LAT = re.compile(r"[A-Za-z\u00C0-\u024F]")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)

# Latin look-alikes inside a Cyrillic word (case-sensitive: H is Н, h is Kazakh һ).
_LAT_TO_CYR = str.maketrans(
    "AaBEeKkMHhOoPpCcTXxYyIi",
    "АаВЕеКкМНһОоРрСсТХхУуІі",
)
# Cyrillic look-alikes inside a Latin word.
_CYR_TO_LAT = str.maketrans(
    "АаВЕеКкМНОоРрСсТХхУуІіҺһ",
    "AaBEeKkMHOoPpCcTXxYyIiHh",
)

_ROMAN: dict[str, str] = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e",
    "ё": "e", "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k",
    "л": "l", "м": "m", "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "ь": "", "э": "e",
    "ю": "yu", "я": "ya",
}  # fmt: skip
_LATIN_FOLD: dict[str, str] = {
    "ä": "a", "ö": "o", "ü": "u", "ū": "u", "ğ": "g", "ş": "sh", "ç": "ch", "ñ": "n",
    "ı": "i", "ŋ": "n", "q": "k", "w": "v", "ß": "ss",
}  # fmt: skip
_PHONETIC: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"tsz"), "j"),  # Palladius цз = pinyin j
    (re.compile(r"ch?zh|dzh|dj|zh"), "j"),  # чж = pinyin zh
    (re.compile(r"ng$"), "n"),  # ң as ng; Palladius -н for pinyin -ng
    (re.compile(r"kh|gh"), "h"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"c(?!h)"), "k"),  # Latin c in English-style spellings (Syntheticov)
    (re.compile(r"y"), "i"),
    (re.compile(r"^[ij]e"), "e"),
    (re.compile(r"(.)\1+"), r"\1"),
)
_VOWELS = re.compile(r"[aeiou]")


def fold_homoglyphs(word: str) -> str:
    """Make a word single-script: the script with more letters wins the look-alikes."""
    cyr = len(_CYR.findall(word))
    lat = len(_LAT.findall(word))
    if cyr and lat:
        return word.translate(_LAT_TO_CYR) if cyr >= lat else word.translate(_CYR_TO_LAT)
    return word


def words(text: str) -> list[str]:
    """NFKC, homoglyph folding and lower case; the words of a name, punctuation dropped."""
    return [_clean(raw) for raw in _WORD.findall(unicodedata.normalize("NFKC", text))]


@lru_cache(maxsize=200_000)
def _clean(raw: str) -> str:
    w = fold_homoglyphs(raw).replace("'", "").replace("’", "")
    w = w.replace("İ", "i").replace("I", "ı") if "İ" in w else w  # Turkish-style dotted İ
    return w.lower()


@lru_cache(maxsize=100_000)
def script(word: str) -> str:
    """``kk_cyrillic`` (has a Kazakh letter), ``cyrillic``, ``latin`` or ``other``."""
    if any(ch in "әғқңөұүһі" for ch in word.lower()):
        return "kk_cyrillic"
    if _CYR.search(word):
        return "cyrillic"
    if _LAT.search(word):
        return "latin"
    return "other"


@lru_cache(maxsize=200_000)
def romanise(word: str) -> str:
    """ASCII Latin of a lower-case word in any of the scripts (before phonetic folding)."""
    out = "".join(_ROMAN.get(ch, _LATIN_FOLD.get(ch, ch)) for ch in word)
    out = unicodedata.normalize("NFD", out)
    return "".join(ch for ch in out if ch.isascii() and ch.isalpha())


@lru_cache(maxsize=200_000)
def key(word: str) -> str:
    """The comparison key of one lower-case word: equal for its spellings across schemes."""
    k = romanise(word)
    for pattern, repl in _PHONETIC:
        k = pattern.sub(repl, k)
    return k


def skeleton(k: str) -> str:
    """A key without vowels: Жанбулат and Жанболат share ``jnblt``."""
    return _VOWELS.sub("", k)


_SYLLABLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"ch|ts|j|c"), "c"),  # Korean ch/j and Russian ч, ц (Jang / Чан)
    (re.compile(r"([ptkc])h"), r"\1"),  # aspirated th, ph, ch' and тх, пх, чх
    (re.compile(r"r"), "l"),  # one Korean liquid: Ri / Ли, Il / Ир
    (re.compile(r"x"), "s"),  # pinyin x and Palladius с (Xiao / Сяо)
    (re.compile(r"ae|oe"), "e"),  # Hae / Хэ
    (re.compile(r"eo"), "o"),
    (re.compile(r"eu|ui"), "i"),  # ŭ (Russian ы): Hui / Хи
    (re.compile(r"^u(?=[^aeiou])"), "i"),  # initial ŭ written u: Un / Ын, Ul / Ыль
    (re.compile(r"i(?=[eo])"), ""),  # ё, е after a consonant: Yong / Ён, Hyon / Хён
    (re.compile(r"e"), "o"),  # Jong / Чен, Song / Сен
    (re.compile(r"(.)\1+"), r"\1"),
)


@lru_cache(maxsize=200_000)
def syllable_key(k: str) -> str:
    """A coarser key for short words transcribed from Korean or Chinese, where the Latin
    (DPRK, McCune-Reischauer, pinyin) and Russian (Kontsevich, Palladius) traditions differ
    more than ``key`` folds: ``jon`` (Jong) and ``chen`` (Чен) both give ``con``."""
    for pattern, repl in _SYLLABLE:
        k = pattern.sub(repl, k)
    return k


@lru_cache(maxsize=100_000)
def coarse_skeleton(sk: str) -> str:
    """A skeleton with the consonants ``syllable_key`` merges merged (for blocking)."""
    for pattern, repl in _SYLLABLE[:4]:
        sk = pattern.sub(repl, sk)
    return sk
