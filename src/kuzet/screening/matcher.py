"""Screening a query against list entries: candidate index, scoring, explanations.

The ``CandidateIndex`` keys every list name by *pairs* of its words' consonant skeletons
(first three consonants of each stem, so transliteration, suffixes and vowel variants agree)
and by initial-plus-word pairs; a query looks up its own keys and scores only the entries
that share the most keys, never the whole list.

A ``Match`` carries its score and every reason: which query name met which list name, each
word pair with its rule, and each extra feature (birth date, nationality, identifiers, alias
quality) with the weight it added or took away.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from kuzet.screening.model import ListEntry, Query
from kuzet.screening.names.compare import SYLLABLE_MAX, NameComparison, compare
from kuzet.screening.names.normalize import coarse_skeleton, key, syllable_key, words
from kuzet.screening.names.structure import ParsedName, Token, parse

DEFAULT_THRESHOLD = 0.85
MAX_CANDIDATES = 64
PREFILTER_CUTOFF = 40.0
"""Least ``token_set_ratio`` (0–100) of the stem strings for a candidate to be scored."""
MAX_SCORED = 24
POOL = 256
"""Candidates by shared blocking keys that the pre-filter looks at."""
"""Candidates, best pre-filter score first, that get the full explained comparison."""

_COUNTRIES = {
    "kazakhstan": "kz", "казахстан": "kz", "қазақстан": "kz", "russia": "ru",
    "russian federation": "ru", "россия": "ru", "uzbekistan": "uz", "kyrgyzstan": "kg",
    "tajikistan": "tj", "turkmenistan": "tm", "china": "cn", "turkey": "tr", "türkiye": "tr",
    "germany": "de", "iran": "ir", "afghanistan": "af", "syria": "sy", "iraq": "iq",
    "democratic people's republic of korea": "kp", "dprk": "kp", "republic of korea": "kr",
}  # fmt: skip


def country_code(value: str) -> str | None:
    """ISO-2 code of a nationality given as a code or a common name, else ``None``."""
    v = value.strip().lower()
    return v if len(v) == 2 and v.isalpha() else _COUNTRIES.get(v)


@dataclass(frozen=True, slots=True)
class Feature:
    """One contribution to a match score: its name, weight (signed) and why."""

    name: str
    weight: float
    detail: str


@dataclass(frozen=True, slots=True)
class Match:
    """One list entry that met the query, with the reasons."""

    entry: ListEntry
    score: float
    query_name: str
    list_name: str
    name: NameComparison
    features: tuple[Feature, ...]

    def explain(self) -> str:
        """A few lines an investigator can read."""
        lines = [
            f"{self.score:.3f}  {self.entry.list_id}:{self.entry.entry_id}  {self.list_name!r}",
            f"  query name {self.query_name!r} met list name {self.list_name!r}",
        ]
        lines += [f"  word {p.describe()}" for p in self.name.pairs]
        lines += [f"  unmatched query word {w!r}" for w in self.name.unmatched_query]
        lines += [f"  unmatched list word {w!r}" for w in self.name.unmatched_candidate]
        lines += [f"  note: {n}" for n in self.name.notes]
        lines += [f"  feature {f.name} {f.weight:+.2f}: {f.detail}" for f in self.features]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.entry.list_id,
            "entry_id": self.entry.entry_id,
            "kind": self.entry.kind,
            "score": self.score,
            "query_name": self.query_name,
            "list_name": self.list_name,
            "words": [
                {"query": p.query, "list": p.candidate, "rule": p.rule, "score": p.score}
                for p in self.name.pairs
            ],
            "unmatched_query": list(self.name.unmatched_query),
            "unmatched_list": list(self.name.unmatched_candidate),
            "notes": list(self.name.notes),
            "features": [
                {"name": f.name, "weight": f.weight, "detail": f.detail} for f in self.features
            ],
        }


def _block(t: Token) -> str:
    return (t.skeleton if len(t.skeleton) >= 2 else t.stem)[:3]


def _syllable_block(t: Token) -> str | None:
    """A short word's blocking part as a Korean or Chinese syllable: its consonants with
    ч/j and r/l merged, or its syllable key (Ын and Un, Ли and Ri share one); ``None`` for
    longer words."""
    if len(t.key) > SYLLABLE_MAX or t.suffix:
        return None
    sk = coarse_skeleton(t.skeleton)
    return (sk if len(sk) >= 2 else syllable_key(t.stem))[:3]


def blocking_keys(name: ParsedName, *, for_query: bool = False) -> set[str]:
    """Keys under which a name is indexed (or looked up, with ``for_query``): pairs of its
    words' consonant skeletons, initials with words, and (``~``) pairs of short words'
    syllable blocks, so a Latin and a Russian transcription of a Korean name meet."""
    toks = name.tokens
    if len(toks) == 1:
        syl = _syllable_block(toks[0])
        return {f"{_block(toks[0])}|"} | ({f"~{syl}|"} if syl else set())
    out: set[str] = set()
    for i, a in enumerate(toks):
        for j, b in enumerate(toks):
            if i == j:
                continue
            if i < j and not a.initial and not b.initial:
                x, y = sorted((_block(a), _block(b)))
                out.add(f"{x}|{y}")
                sa, sb = _syllable_block(a), _syllable_block(b)
                if sa and sb:
                    x, y = sorted((sa, sb))
                    out.add(f"~{x}|{y}")
            if not b.initial and (not for_query or a.initial):
                out.add(f"{a.key[:1]}>{_block(b)}")
    return out


def _parse_for(text: str, kind: str | None) -> ParsedName:
    return parse(text, entity=kind == "entity")


def stem_string(name: ParsedName) -> str:
    """The pre-filter's view of a name: the stems (suffixes off) of its words other than
    patronymics (so Фарход the given name is not Фарходович the father's), sorted."""
    core = [t.stem for t in name.tokens if not t.optional]
    return " ".join(sorted(core or [t.stem for t in name.tokens]))


def key_string(name: ParsedName) -> str:
    """The pre-filter's tie-breaker: whole word keys (suffixes on, so gender forms differ)."""
    return " ".join(sorted(t.key for t in name.tokens))


class CandidateIndex:
    """Blocking-key postings over every name of every entry."""

    def __init__(self, entries: Sequence[ListEntry]) -> None:
        self.entries = list(entries)
        self.names: list[tuple[int, int, ParsedName]] = []
        self.stems: list[str] = []
        self.keys: list[str] = []
        """Per row, computed once: what the cheap pre-filter compares."""
        postings: dict[str, list[int]] = {}
        for e_idx, entry in enumerate(self.entries):
            for a_idx, alias in enumerate(entry.names):
                parsed = _parse_for(alias.name, entry.kind)
                if not parsed.tokens:
                    continue
                row = len(self.names)
                self.names.append((e_idx, a_idx, parsed))
                self.stems.append(stem_string(parsed))
                self.keys.append(key_string(parsed))
                for k in blocking_keys(parsed):
                    postings.setdefault(k, []).append(row)
        self.postings: dict[str, npt.NDArray[np.int32]] = {
            k: np.asarray(v, dtype=np.int32) for k, v in postings.items()
        }

    def candidates(self, name: ParsedName, limit: int = MAX_CANDIDATES) -> list[int]:
        """Rows of ``names`` sharing the most blocking keys with ``name``, best first."""
        arrays = [
            self.postings[k] for k in blocking_keys(name, for_query=True) if k in self.postings
        ]
        if not arrays:
            return []
        rows, counts = np.unique(np.concatenate(arrays), return_counts=True)
        if len(rows) > limit:  # the most shared keys; among equals the first rows
            kth = np.partition(counts, len(counts) - limit)[len(counts) - limit]
            above = np.flatnonzero(counts > kth)
            ties = np.flatnonzero(counts == kth)[: limit - len(above)]
            pick = np.sort(np.concatenate([above, ties]))
            rows, counts = rows[pick], counts[pick]
        order = np.argsort(-counts, kind="stable")
        return [int(r) for r in rows[order]]

    def shortlist(self, name: ParsedName, limit: int = MAX_SCORED) -> list[int]:
        """``candidates`` narrowed by a cheap C-speed pre-filter before the full comparison.

        ``token_set_ratio`` of the stem strings must reach ``PREFILTER_CUTOFF`` (a true
        variant's stems are a near subset of the list name's: suffixes, patronymics and word
        order do not lower it; on 135,000 synthetic variant pairs scoring 0.65 or more in
        ``compare`` the lowest was 44); the best ``limit`` by that plus ``token_set_ratio``
        of the key strings (which tells gender forms apart) are kept, ties in blocking
        order."""
        rows = self.candidates(name, POOL)
        if len(rows) <= 1:
            return rows
        stems = process.cdist(
            [stem_string(name)],
            [self.stems[r] for r in rows],
            scorer=fuzz.token_set_ratio,
            score_cutoff=PREFILTER_CUTOFF,
            dtype=np.uint8,
        )[0]
        keep = np.flatnonzero(stems)
        if len(keep) > limit:
            keys = process.cdist(
                [key_string(name)],
                [self.keys[rows[int(i)]] for i in keep],
                scorer=fuzz.token_set_ratio,
                dtype=np.uint8,
            )[0]
            rank = stems[keep].astype(np.int32) + keys
            keep = keep[np.argsort(-rank, kind="stable")[:limit]]
        return [rows[int(i)] for i in keep]


def features(query: Query, entry: ListEntry, quality: str) -> list[Feature]:
    out: list[Feature] = []
    if quality == "low":
        out.append(Feature("alias_quality", -0.05, "list name is a low-quality alias"))
    if query.birth_date is not None and entry.birth_dates:
        results = [b.compare(query.birth_date) for b in entry.birth_dates]
        best = min(results, key=["exact", "year", "in_range", "differs"].index)
        weight = {"exact": 0.05, "year": 0.02, "in_range": 0.01, "differs": -0.15}[best]
        listed = ", ".join(b.to_json() for b in entry.birth_dates)
        out.append(Feature("birth_date", weight, f"{best}: {query.birth_date} vs {listed}"))
    if query.nationality and entry.nationalities:
        q = country_code(query.nationality)
        listed_codes = {country_code(n) for n in entry.nationalities} - {None}
        if q and listed_codes:
            same = q in listed_codes
            detail = f"{q} {'in' if same else 'not in'} {sorted(c for c in listed_codes if c)}"
            out.append(Feature("nationality", 0.02 if same else -0.05, detail))
    if not (entry.identifiers and query.identifiers):
        return out
    q_ids = {(t.lower(), "".join(v.split()).upper()) for t, v in query.identifiers}
    for t, v in entry.identifiers:
        kind, value = t.lower(), "".join(v.split()).upper()
        if (kind, value) in q_ids:
            out.append(Feature("identifier", 1.0, f"{kind} {value} is the same"))
        elif kind in {qt for qt, _ in q_ids} and kind in ("iin", "bin"):
            out.append(Feature("identifier", -0.3, f"{kind} differs ({value} on the list)"))
    return out


def final_score(name_score: float, feats: Sequence[Feature]) -> float:
    """The name score with the features' weights; a shared identifier lifts it to 0.99."""
    other, lift, against = 0.0, False, 0.0
    for f in feats:
        if f.name != "identifier":
            other += f.weight
        elif f.weight > 0:
            lift = True
        else:
            against += f.weight
    score = name_score + other
    if lift:
        score = max(score, 0.99)
    return round(min(1.0, max(0.0, score + against)), 4)


class Matcher:
    """Screens queries against a fixed set of list entries."""

    def __init__(self, entries: Iterable[ListEntry]) -> None:
        self.index = CandidateIndex(list(entries))
        self.comparisons = 0
        """Full name comparisons made so far (what re-screening a list change saves)."""

    def __len__(self) -> int:
        return len(self.index.entries)

    def renderings(self, query: Query) -> list[tuple[str, ParsedName]]:
        """The query's names worth screening, parsed: Kazakh and Russian spellings often share
        every key, and such a name is screened once."""
        out: list[tuple[str, ParsedName]] = []
        screened: set[tuple[str, ...]] = set()
        for qname in (query.name, *query.aliases):
            parsed = _parse_for(qname, query.kind)
            keys = tuple(sorted(t.key for t in parsed.tokens))
            if keys and keys not in screened:
                screened.add(keys)
                out.append((qname, parsed))
        return out

    def query_parse(self, query: Query, qname: str, parsed: ParsedName, row: int) -> ParsedName:
        """How ``qname`` is compared with list row ``row``: as a firm's name when the query's
        kind is open, the row is a firm's and the name has no legal form of its own."""
        entry = self.index.entries[self.index.names[row][0]]
        if query.kind is None and entry.kind == "entity" and parsed.legal_form is None:
            return _parse_for(qname, "entity")
        return parsed

    def score_row(
        self,
        query: Query,
        qname: str,
        parsed: ParsedName,
        row: int,
        threshold: float,
        seen: dict[tuple[str, str, bool], NameComparison],
    ) -> Match | None:
        """The match of one query name with one list row, or ``None`` below ``threshold``.

        ``seen`` caches name comparisons (the same list name on several entries is compared
        once) and may be shared by every call for one ``qname``."""
        e_idx, a_idx, cand = self.index.names[row]
        entry = self.index.entries[e_idx]
        if query.kind is not None and query.kind != entry.kind:
            return None
        parsed_q = self.query_parse(query, qname, parsed, row)
        as_entity = parsed_q is not parsed
        comp = seen.get((cand.text, entry.kind, as_entity))
        if comp is None:
            comp = compare(parsed_q, cand)
            seen[(cand.text, entry.kind, as_entity)] = comp
            self.comparisons += 1
        if comp.score < threshold - 0.2:
            return None
        alias = entry.names[a_idx]
        feats = features(query, entry, alias.quality)
        score = final_score(comp.score, feats)
        if score < threshold:
            return None
        return Match(entry, score, qname, alias.name, comp, tuple(feats))

    def match(
        self, query: Query, threshold: float = DEFAULT_THRESHOLD, limit: int = 10
    ) -> list[Match]:
        """Entries whose score reaches ``threshold``, best first, one match per entry."""
        best: dict[int, Match] = {}
        for qname, parsed in self.renderings(query):
            seen: dict[tuple[str, str, bool], NameComparison] = {}
            for row in self.index.shortlist(parsed):
                m = self.score_row(query, qname, parsed, row, threshold, seen)
                if m is not None:
                    keep_best(best, self.index.names[row][0], m)
        return top(best, limit)


def keep_best(best: dict[int, Match], e_idx: int, m: Match) -> None:
    """Keep one match per entry: the best, the first of equals."""
    if e_idx not in best or best[e_idx].score < m.score:
        best[e_idx] = m


def top(best: dict[int, Match], limit: int) -> list[Match]:
    return sorted(best.values(), key=lambda m: -m.score)[:limit]


def name_keys(text: str) -> list[str]:
    """The comparison keys of a name's words (what ``kuzet screen name --keys`` shows)."""
    return [key(w) for w in words(text)]
