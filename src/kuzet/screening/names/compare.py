"""Comparing two names token by token, order-insensitively, with a reason for each pair.

Each pair of tokens gets a similarity and the *rule* that produced it (``exact``,
``transliteration``, ``suffix_dropped``, ``suffix_form``, ``patronymic_form``,
``vowel_variant``, ``syllable_transcription`` (a short Latin and a short Cyrillic word that
one Korean or Chinese syllable gives under the Latin and the Russian traditions),
``initial``, ``fuzzy``, ``different`` or ``gender_conflict``). Tokens are
paired greedily by similarity (names have two to five words, so this is exact in practice);
unpaired patronymic-like tokens cost nothing, other unpaired tokens count against the score.
A gender conflict (Ахметов / Ахметова, -ұлы / -қызы, -ович / -овна) caps the whole score.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from kuzet.screening.names.normalize import script, syllable_key
from kuzet.screening.names.structure import ParsedName, Token

GENDER_CAP = 0.5
SINGLE_TOKEN_CAP = 0.7
_FUZZY_MIN = 0.88
SYLLABLE_MAX = 5
"""Longest key (letters) still read as one transcribed syllable."""


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """How one query word met one list word."""

    query: str
    candidate: str
    rule: str
    score: float

    def describe(self) -> str:
        return f"{self.query}↔{self.candidate} {self.rule} {self.score:.2f}"


@dataclass(frozen=True, slots=True)
class NameComparison:
    """The result of comparing two names: a score in [0, 1] and the pairs behind it."""

    score: float
    pairs: tuple[TokenMatch, ...]
    unmatched_query: tuple[str, ...]
    unmatched_candidate: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def rules(self) -> tuple[str, ...]:
        return tuple(sorted({p.rule for p in self.pairs}))


def _a_stem(a: Token, b: Token) -> bool:
    if b.suffix_class == "russian" or not b.stem.endswith("a"):
        return False
    k = a.key
    return (k.endswith("ina") and b.stem == k[:-3] + "a") or (
        k.endswith("in") and b.stem == k[:-2] + "a"
    )


def _syllables(a: Token, b: Token) -> bool:
    """Short words in Latin and in Cyrillic that one Korean or Chinese syllable explains."""
    if len(a.key) > SYLLABLE_MAX or len(b.key) > SYLLABLE_MAX or a.suffix or b.suffix:
        return False
    if syllable_key(a.key) != syllable_key(b.key):
        return False
    return (script(a.text) == "latin") != (script(b.text) == "latin")


@lru_cache(maxsize=1_000_000)
def token_similarity(a: Token, b: Token) -> tuple[float, str]:  # noqa: PLR0911 - one return per rule reads best
    """Similarity of two analysed words and the rule that gave it (cached: the words of
    names repeat, and so do their pairs)."""
    if a.key == b.key:
        return (1.0, "exact") if a.text == b.text else (1.0, "transliteration")
    a_initial, b_initial = len(a.key) == 1, len(b.key) == 1
    if a_initial or b_initial:
        full = b if a_initial else a
        short = a if a_initial else b
        return (0.85, "initial") if full.key[:1] == short.key else (0.0, "different")
    if (a.key == b.stem and b.suffix) or (b.key == a.stem and a.suffix):
        return 0.95, "suffix_dropped"  # Байтұрсынова / Байтұрсын: the bare form ends in -ын
    if _a_stem(a, b) or _a_stem(b, a):
        return 0.95, "suffix_dropped"  # Мұсин / Мұса: -а is replaced by -ин
    gendered = a.gender and b.gender and a.gender != b.gender
    if a.stem == b.stem and len(a.stem) >= 3:
        if gendered:
            return 0.2, "gender_conflict"
        if not a.suffix or not b.suffix:
            return 0.95, "suffix_dropped"
        if "patronymic" in (a.suffix_class, b.suffix_class):
            return 0.95, "patronymic_form"
        return 0.93, "suffix_form"
    if _syllables(a, b):
        return 0.9, "syllable_transcription"  # Jong / Чен, Un / Ын: Korean, Chinese
    ratio = Indel.normalized_similarity(a.stem, b.stem)
    if gendered and ratio >= _FUZZY_MIN:
        return 0.2, "gender_conflict"
    if a.skeleton == b.skeleton and len(a.skeleton) >= 3 and ratio >= 0.7:
        return 0.9, "vowel_variant"
    if ratio >= _FUZZY_MIN:
        return round(ratio * 0.98, 4), "fuzzy"
    return round(ratio * 0.5, 4), "different"


def compare(query: ParsedName, candidate: ParsedName) -> NameComparison:
    """Compare two parsed names (order-insensitive)."""
    qt, ct = query.tokens, candidate.tokens
    if not qt or not ct:
        return NameComparison(0.0, (), tuple(t.text for t in qt), tuple(t.text for t in ct), ())
    sims = [(*token_similarity(q, c), i, j) for i, q in enumerate(qt) for j, c in enumerate(ct)]
    sims.sort(key=lambda s: -s[0])
    used_q: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[int, int, float, str]] = []
    for score, rule, i, j in sims:
        if i in used_q or j in used_c:
            continue
        if score < 0.5 and (qt[i].optional or ct[j].optional):
            continue  # an unrelated patronymic is absent, not contradicting
        used_q.add(i)
        used_c.add(j)
        pairs.append((i, j, score, rule))
    left_q = [t for i, t in enumerate(qt) if i not in used_q]
    left_c = [t for j, t in enumerate(ct) if j not in used_c]
    penalty = sum(0.0 if t.optional else 0.5 for t in left_q + left_c)
    total = sum(p[2] for p in pairs)
    score = total / (len(pairs) + penalty) if pairs else 0.0
    notes: list[str] = []
    if any(p[3] == "gender_conflict" for p in pairs):
        score = min(score, GENDER_CAP)
        notes.append("gender forms differ")
    strong = [p for p in pairs if p[2] >= 0.5 and not qt[p[0]].initial and not ct[p[1]].initial]
    if len(strong) < 2 and (len(qt) > 1 or len(ct) > 1) and len(ct) != 1 and len(qt) != 1:
        score = min(score, SINGLE_TOKEN_CAP)
        notes.append("only one full word agrees")
    elif len(qt) == 1 != len(ct) or len(ct) == 1 != len(qt):
        score = min(score, SINGLE_TOKEN_CAP)
        notes.append("one side is a single word")
    return NameComparison(
        round(score, 4),
        tuple(TokenMatch(qt[i].text, ct[j].text, rule, s) for i, j, s, rule in pairs),
        tuple(t.text for t in left_q),
        tuple(t.text for t in left_c),
        tuple(notes),
    )
