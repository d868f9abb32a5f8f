"""Name-matching quality: labelled cross-script pairs and hard negatives, Kuzet vs a baseline.

Positives: a synthetic person's registered Kazakh/Russian name against every other rendering
``kuzet.synth.names.variants`` gives (scripts, passport schemes, 2021 Latin, suffixes,
patronymics, word order). Hard negatives: same surname other person, gender forms of the
same surname, sibling-like names (same surname and patronymic). Baseline: rapidfuzz
``token_set_ratio`` on ASCII-folded names at 85. Seed 7 was never used while tuning.

A last line screens every positive through a ``Matcher`` holding all the people's list
names (blocking keys, pre-filter and candidate caps included): the share whose own entry
comes back at the threshold, which the pairwise recall above does not see.
"""

from __future__ import annotations

import sys
import unicodedata

import numpy as np
from rapidfuzz import fuzz

import kuzet.screening.names.compare as cmp
from kuzet.screening import Alias, ListEntry, Matcher, Query
from kuzet.screening.matcher import DEFAULT_THRESHOLD
from kuzet.screening.names.compare import compare
from kuzet.screening.names.structure import parse
from kuzet.synth.names import Name, draw_name, full, pool_sizes, to_latin, variants


def ascii_fold(s: str) -> str:
    s = to_latin(s) if any("\u0400" <= c <= "\u04ff" for c in s) else s
    return "".join(c for c in unicodedata.normalize("NFKD", s) if c.isascii()).lower()


def main(seed: int = 7, n: int = 400) -> None:
    rng = np.random.default_rng(seed)
    people: list[Name] = [
        draw_name(rng, int(rng.integers(0, 3)), bool(rng.random() < 0.5), 1960 + i % 45)
        for i in range(n)
    ]
    pos: list[tuple[str, str, str]] = []
    owner: list[int] = []
    for i, p in enumerate(people):
        vs = variants(p)
        mine = [(vs[1].text, v.text, "positive") for v in vs[2:] if v.script != "ru_cyrillic"]
        pos += mine
        owner += [i] * len(mine)
    neg: list[tuple[str, str, str]] = []
    for p in people:
        other = Name(
            p.origin,
            p.sex,
            (p.given + 7) % pool_sizes(p.origin)[p.sex == "F"],
            p.surname,
            p.father,
            p.surname_style,
            p.patronymic_style,
        )
        neg.append((full(p.ru()), full(other.ru()), "sibling_or_same_surname"))
        opp = Name(
            p.origin,
            "F" if p.sex == "M" else "M",
            p.given % pool_sizes(p.origin)[p.sex == "M"],
            p.surname,
            p.father,
            p.surname_style,
            p.patronymic_style,
        )
        neg.append((full(p.ru()), full(opp.ru()), "gender_form"))
        neg.append((full(p.ru()), other.lat(), "same_surname_cross_script"))
    firms = [
        ("Kazakh Grain Export LLP", "Kazakh Grain Import LLP"),
        ("ТОО Алтын Сауда", "ТОО Алтын Курылыс"),
        ("Astana Trade Group", "Astana Trans Group"),
    ]
    neg += [(a, b, "similar_firm") for a, b in firms]
    for name, scorer in (
        ("kuzet", lambda a, b: compare(parse(a), parse(b)).score),
        (
            "rapidfuzz token_set_ratio",
            lambda a, b: fuzz.token_set_ratio(ascii_fold(a), ascii_fold(b)) / 100,
        ),
    ):
        tp = sum(scorer(a, b) >= DEFAULT_THRESHOLD for a, b, _ in pos)
        fp = sum(scorer(a, b) >= DEFAULT_THRESHOLD for a, b, _ in neg)
        prec = tp / (tp + fp) if tp + fp else 1.0
        print(
            f"{name:28s} recall {tp / len(pos):.4f}  precision {prec:.4f}  "
            f"(positives {len(pos)}, hard negatives {len(neg)}, false positives {fp})"
        )
    matcher = Matcher(
        ListEntry("q", str(i), "person", (Alias(variants(p)[1].text),))
        for i, p in enumerate(people)
    )
    found = sum(
        any(m.entry.entry_id == str(i) for m in matcher.match(Query(b), limit=50))
        for (_, b, _), i in zip(pos, owner, strict=True)
    )
    print(
        f"{'kuzet Matcher (index)':28s} recall {found / len(pos):.4f}  "
        f"(own entry among the hits of {len(pos)} positives, {len(people)} entries)"
    )
    korean(rng)


# Syllables as the Latin (DPRK, UN 1718 list style) and the Russian (Kontsevich) traditions
# write them, from transcription tables, not from Kuzet's keys; names built from them are
# fictional combinations.
SYLLABLES = (
    ("Pak", "Пак"), ("Kim", "Ким"), ("Ri", "Ли"), ("Jong", "Чен"), ("Chol", "Чхоль"),
    ("Ryong", "Рён"), ("Hyok", "Хёк"), ("Song", "Сон"), ("Un", "Ын"), ("Il", "Ир"),
    ("Yong", "Ён"), ("Hui", "Хи"), ("Kyong", "Кён"), ("Hae", "Хэ"), ("Thaek", "Тхэк"),
    ("Nam", "Нам"), ("Su", "Су"), ("Hyon", "Хён"), ("Myong", "Мён"), ("Chun", "Чхун"),
    ("Jang", "Чан"), ("Ho", "Хо"), ("Sok", "Сок"), ("Kwang", "Кван"), ("Chang", "Чхан"),
)  # fmt: skip


def korean(rng: np.random.Generator, n: int = 600) -> None:
    """Latin list names against Russian transcriptions of the same syllables; negatives
    change one given-name syllable. Also run without the ``syllable_transcription`` rule."""
    pos, neg = [], []
    for _ in range(n):
        s, g1, g2, g3 = (SYLLABLES[int(i)] for i in rng.choice(len(SYLLABLES), 4, False))
        pos.append((f"{s[0]} {g1[0]} {g2[0]}", f"{s[1]} {g1[1]} {g2[1]}"))
        neg.append((f"{s[0]} {g1[0]} {g2[0]}", f"{s[1]} {g1[1]} {g3[1]}"))
    rule = cmp._syllables
    for label, on in (("kuzet", True), ("kuzet without syllable rule", False)):
        cmp._syllables = rule if on else (lambda a, b: False)
        cmp.token_similarity.cache_clear()
        tp = sum(compare(parse(a), parse(b)).score >= DEFAULT_THRESHOLD for a, b in pos)
        fp = sum(compare(parse(a), parse(b)).score >= DEFAULT_THRESHOLD for a, b in neg)
        prec = tp / (tp + fp) if tp + fp else 1.0
        print(
            f"Korean Latin vs Russian, {label:28s} recall {tp / n:.4f}  precision {prec:.4f}"
            f"  ({n} positives, {n} negatives, false positives {fp})"
        )
    cmp._syllables = rule
    cmp.token_similarity.cache_clear()


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
