"""Screening many queries at once, with the results ``Matcher.match`` gives one by one.

``Matcher.match`` spends its time in Python: blocking-key look-ups, a pre-filter call and a
full explained ``compare`` for each of up to ``MAX_SCORED`` candidates. Screening a whole
workspace repeats that for millions of names, most of which meet nothing. ``BatchIndex``
does the same steps for a batch of names with arrays instead:

1. **Candidates, set-based.** The list's postings are one CSR array; every batch name's
   blocking keys are gathered against it at once and counted per (name, row) pair, the best
   ``POOL`` per name kept (most shared keys first, as ``CandidateIndex.candidates``).
2. **Pre-filter, pairwise in C.** ``rapidfuzz.process.cpdist`` scores the stem strings of
   every (name, row) pair in one call; names left with more than ``MAX_SCORED`` candidates
   are ranked by the key strings too, as ``CandidateIndex.shortlist`` does.
3. **Name scores, vectorised.** ``compare``'s score (greedy word pairing, penalties for
   unmatched words, the gender and single-word caps) is computed for every pair in numpy from
   a cache of word-pair similarities (``token_similarity``, once per distinct word pair).
4. **Explained scoring only where it can matter.** A pair goes to ``Matcher.score_row`` (the
   same code ``match`` runs: ``compare`` with its reasons, features, identifiers) only if
   its name score plus the most the features can add reaches the threshold. Every match
   therefore carries the same explanation as before; the array steps only decide, exactly
   up to rounding (``EPS``), which pairs cannot match.

Equal names in a batch are looked up once (counterparty names, Latin passport names and
firms' names repeat a lot).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from kuzet.screening.matcher import (
    MAX_SCORED,
    POOL,
    PREFILTER_CUTOFF,
    Feature,
    Match,
    Matcher,
    _parse_for,
    blocking_keys,
    features,
    final_score,
    keep_best,
    key_string,
    stem_string,
    top,
)
from kuzet.screening.model import Query
from kuzet.screening.names.compare import (
    GENDER_CAP,
    SINGLE_TOKEN_CAP,
    NameComparison,
    compare,
    token_similarity,
)
from kuzet.screening.names.structure import ParsedName, Token

MAX_TOKENS = 6
"""Names with more words are scored by ``compare`` itself (long firm names, rare)."""
MAX_BONUS = 0.07
"""The most the features other than an identifier add: exact birth date and nationality."""
EPS = 2e-3
"""Margin for rounding: array scores are within 1e-4 of ``compare``'s."""

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


class TokenTable:
    """Words as integer ids, and the similarity of each word pair met so far."""

    def __init__(self) -> None:
        self.ids: dict[Token, int] = {}
        self.tokens: list[Token] = []
        self.optional: list[bool] = []
        self.initial: list[bool] = []
        self._codes = np.zeros(0, dtype=np.int64)
        self._score = np.zeros(0)
        self._gender = np.zeros(0, dtype=bool)

    def intern(self, name: ParsedName) -> list[int]:
        out = []
        for t in name.tokens:
            i = self.ids.get(t)
            if i is None:
                i = self.ids[t] = len(self.tokens)
                self.tokens.append(t)
                self.optional.append(t.optional)
                self.initial.append(t.initial)
            out.append(i)
        return out

    def matrix(self, names: Sequence[ParsedName]) -> tuple[I64, I64]:
        """Word ids per name (padded with -1 to ``MAX_TOKENS``) and word counts."""
        ids = np.full((len(names), MAX_TOKENS), -1, dtype=np.int64)
        lens = np.zeros(len(names), dtype=np.int64)
        for n, name in enumerate(names):
            row = self.intern(name)
            lens[n] = len(row)
            if len(row) <= MAX_TOKENS:
                ids[n, : len(row)] = row
        return ids, lens

    def similarities(self, codes: I64) -> tuple[F64, npt.NDArray[np.bool_]]:
        """Score and gender conflict of word pairs coded ``query_id << 32 | list_id``; each
        distinct pair is scored once by ``token_similarity`` and kept in sorted arrays."""
        uniq, inverse = np.unique(codes, return_inverse=True)
        pos = np.minimum(np.searchsorted(self._codes, uniq), max(len(self._codes) - 1, 0))
        known = (self._codes[pos] == uniq) if len(self._codes) else np.zeros(len(uniq), bool)
        new = uniq[~known]
        if len(new):
            s_new = np.empty(len(new))
            g_new = np.empty(len(new), dtype=bool)
            for n, code in enumerate(new.tolist()):
                a, b = self.tokens[code >> 32], self.tokens[code & 0xFFFFFFFF]
                s_new[n], rule = token_similarity(a, b)
                g_new[n] = rule == "gender_conflict"
            codes_all = np.concatenate([self._codes, new])
            order = np.argsort(codes_all, kind="stable")
            self._codes = codes_all[order]
            self._score = np.concatenate([self._score, s_new])[order]
            self._gender = np.concatenate([self._gender, g_new])[order]
        pos = np.searchsorted(self._codes, uniq)
        return self._score[pos][inverse], self._gender[pos][inverse]

    def name_scores(self, q_ids: I64, q_len: I64, c_ids: I64, c_len: I64) -> F64:
        """``compare(q, c).score`` for every pair of rows (unrounded)."""
        n = len(q_ids)
        if not n:
            return np.zeros(0)
        valid = (q_ids[:, :, None] >= 0) & (c_ids[:, None, :] >= 0)
        codes = (q_ids[:, :, None] << 32) | np.maximum(c_ids, 0)[:, None, :]
        sims = np.full(valid.shape, -1.0)
        gender = np.zeros(valid.shape, dtype=bool)
        sims[valid], gender[valid] = self.similarities(codes[valid])
        opt = np.asarray([*self.optional, False])
        ini = np.asarray([*self.initial, False])
        q_opt, c_opt = opt[q_ids], opt[c_ids]  # -1 reads the padding flag (False)
        q_ini, c_ini = ini[q_ids], ini[c_ids]
        # an unrelated patronymic is absent, not contradicting: such a pair is never taken
        sims[(sims < 0.5) & (q_opt[:, :, None] | c_opt[:, None, :])] = -1.0
        rows = np.arange(n)
        total = np.zeros(n)
        pairs = np.zeros(n, dtype=np.int64)
        strong = np.zeros(n, dtype=np.int64)
        conflict = np.zeros(n, dtype=bool)
        used_q = np.zeros(q_ids.shape, dtype=bool)
        used_c = np.zeros(c_ids.shape, dtype=bool)
        flat = sims.reshape(n, -1)
        width = c_ids.shape[1]
        for _ in range(min(q_ids.shape[1], width)):  # greedy: best remaining pair first
            k = flat.argmax(axis=1)
            v = flat[rows, k]
            act = v >= 0
            if not act.any():
                break
            r, i, j, v = rows[act], k[act] // width, k[act] % width, v[act]
            total[r] += v
            pairs[r] += 1
            conflict[r] |= gender[r, i, j]
            strong[r] += (v >= 0.5) & ~q_ini[r, i] & ~c_ini[r, j]
            used_q[r, i] = True
            used_c[r, j] = True
            sims[r, i, :] = -1.0
            sims[r, :, j] = -1.0
        q_left = (q_ids >= 0) & ~used_q & ~q_opt
        c_left = (c_ids >= 0) & ~used_c & ~c_opt
        penalty = 0.5 * (q_left.sum(axis=1) + c_left.sum(axis=1))
        score = np.where(pairs > 0, total / np.maximum(pairs + penalty, 1e-9), 0.0)
        score = np.where(conflict, np.minimum(score, GENDER_CAP), score)
        few_strong = (strong < 2) & (q_len >= 2) & (c_len >= 2)
        one_single = (q_len == 1) != (c_len == 1)
        return np.where(few_strong | one_single, np.minimum(score, SINGLE_TOKEN_CAP), score)


class BatchIndex:
    """A ``Matcher``'s index as arrays, for ``match_many``; build once, reuse per batch."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        idx = matcher.index
        self.key_ids = {k: i for i, k in enumerate(idx.postings)}
        lens = np.asarray([len(v) for v in idx.postings.values()], dtype=np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        self.flat = (
            np.concatenate(list(idx.postings.values())).astype(np.int64)
            if idx.postings
            else np.zeros(0, dtype=np.int64)
        )
        self.tokens = TokenTable()
        self.row_ids, self.row_len = self.tokens.matrix([n[2] for n in idx.names])
        entries = idx.entries
        self.row_entity = np.asarray(
            [entries[e].kind == "entity" for e, _, _ in idx.names], dtype=bool
        )
        self.row_has_ids = np.asarray(
            [bool(entries[e].identifiers) for e, _, _ in idx.names], dtype=bool
        )

    def shortlists(self, names: Sequence[ParsedName]) -> tuple[I64, I64]:
        """(name, row) pairs in ``CandidateIndex.shortlist`` order, name by name."""
        q_list: list[int] = []
        k_list: list[int] = []
        for i, p in enumerate(names):
            for bk in blocking_keys(p, for_query=True):
                kid = self.key_ids.get(bk)
                if kid is not None:
                    q_list.append(i)
                    k_list.append(kid)
        q = np.asarray(q_list, dtype=np.int64)
        k = np.asarray(k_list, dtype=np.int64)
        lens = self.offsets[k + 1] - self.offsets[k]
        starts = np.repeat(self.offsets[k] - (np.cumsum(lens) - lens), lens)
        rows = self.flat[starts + np.arange(int(lens.sum()))]
        n_rows = max(len(self.matcher.index.names), 1)
        codes, counts = np.unique(np.repeat(q, lens) * n_rows + rows, return_counts=True)
        qn, rw = codes // n_rows, codes % n_rows
        order = np.lexsort((rw, -counts, qn))  # most shared keys first, then row order
        qn, rw = qn[order], rw[order]
        keep = _rank(qn) < POOL
        qn, rw = qn[keep], rw[keep]
        pool = np.bincount(qn, minlength=len(names))
        stems = [stem_string(p) for p in names]
        score = process.cpdist(
            [stems[i] for i in qn.tolist()],
            [self.matcher.index.stems[r] for r in rw.tolist()],
            scorer=fuzz.token_set_ratio,
            score_cutoff=PREFILTER_CUTOFF,
            dtype=np.uint8,
        ).astype(np.int64)
        keep = (score > 0) | (pool[qn] <= 1)
        qn, rw, score = qn[keep], rw[keep], score[keep]
        crowded = np.bincount(qn, minlength=len(names))[qn] > MAX_SCORED
        if crowded.any():  # rank by stems and whole keys, pool order among equals
            keys = {int(i): key_string(names[int(i)]) for i in np.unique(qn[crowded])}
            score[crowded] += process.cpdist(
                [keys[i] for i in qn[crowded].tolist()],
                [self.matcher.index.keys[r] for r in rw[crowded].tolist()],
                scorer=fuzz.token_set_ratio,
                dtype=np.uint8,
            )
            score[~crowded] = 0
            order = np.lexsort((np.arange(len(qn)), -score, qn))
            qn, rw = qn[order], rw[order]
            keep = _rank(qn) < MAX_SCORED
            qn, rw = qn[keep], rw[keep]
        return qn, rw

    def name_scores(self, names: Sequence[ParsedName], qn: I64, rw: I64) -> F64:
        """The name score of each (name, row) pair, compared as ``Matcher.score_row`` does
        (a name without a legal form against a firm's row as a firm's name)."""
        as_firm = self.row_entity[rw] & np.asarray([p.legal_form is None for p in names])[qn]
        need = np.unique(qn[as_firm])
        firm = [_parse_for(names[int(i)].text, "entity") for i in need]
        q_ids, q_len = self.tokens.matrix([*names, *firm])
        qi = qn.copy()
        qi[as_firm] = len(names) + np.searchsorted(need, qn[as_firm])
        ql, cl = q_len[qi], self.row_len[rw]
        wq = int(ql[ql <= MAX_TOKENS].max(initial=1))  # most names have 2-4 words
        wc = int(cl[cl <= MAX_TOKENS].max(initial=1))
        out = self.tokens.name_scores(q_ids[qi, :wq], ql, self.row_ids[rw, :wc], cl)
        long = np.flatnonzero((ql > MAX_TOKENS) | (cl > MAX_TOKENS))
        if len(long):
            all_q = [*names, *firm]
            idx = self.matcher.index
            out[long] = [compare(all_q[int(qi[x])], idx.names[int(rw[x])][2]).score for x in long]
        return out

    def survivors(
        self, names: Sequence[ParsedName], kinds: Sequence[str | None], threshold: float
    ) -> list[list[tuple[int, float]]]:
        """Per name (screened as a party of kind ``kinds[i]``), the shortlisted rows that
        could still reach ``threshold``, each with its name score."""
        qn, rw = self.shortlists(names)
        want = np.asarray([{"person": 0, "entity": 1}.get(k or "", 2) for k in kinds])[qn]
        same = (want == 2) | (want == self.row_entity[rw])  # a person is not a firm's match
        qn, rw = qn[same], rw[same]
        score = self.name_scores(names, qn, rw)
        floor = threshold - 0.2 - EPS  # below it ``score_row`` drops a pair whatever else
        can = (score >= floor) & ((score + MAX_BONUS + EPS >= threshold) | self.row_has_ids[rw])
        out: list[list[tuple[int, float]]] = [[] for _ in names]
        for i, r, v in zip(qn[can].tolist(), rw[can].tolist(), score[can].tolist(), strict=True):
            out[i].append((r, round(v, 4)))  # ``compare`` rounds the same unrounded value
        return out


def _rank(groups: I64) -> I64:
    """Position of each element within its run of equal, adjacent group values."""
    if not len(groups):
        return groups
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    return np.arange(len(groups)) - np.repeat(starts, sizes)


def match_many(
    index: BatchIndex, queries: Sequence[Query], threshold: float, limit: int = 10
) -> list[list[Match]]:
    """``[index.matcher.match(q, threshold, limit) for q in queries]``, batched."""
    matcher = index.matcher
    names: list[ParsedName] = []
    kinds: list[str | None] = []
    slot: dict[tuple[str, str | None], int] = {}
    plan: list[list[tuple[str, ParsedName, int]]] = []
    for q in queries:
        mine = []
        for qname, parsed in matcher.renderings(q):
            k = (qname, q.kind)
            if k not in slot:
                slot[k] = len(names)
                names.append(parsed)
                kinds.append(q.kind)
            mine.append((qname, parsed, slot[k]))
        plan.append(mine)
    rows = index.survivors(names, kinds, threshold) if names else []
    out: list[list[Match]] = []
    for q, mine in zip(queries, plan, strict=True):
        best: dict[int, Match] = {}
        memo: dict[tuple[int, int], list[Feature]] = {}
        for qname, parsed, i in mine:
            seen: dict[tuple[str, str, bool], NameComparison] = {}
            for row, name_score in rows[i]:
                e_idx, a_idx, _ = matcher.index.names[row]
                entry = matcher.index.entries[e_idx]
                if q.kind is not None and q.kind != entry.kind:
                    continue
                if (
                    e_idx in best
                    and not entry.identifiers
                    and best[e_idx].score >= min(1.0, name_score + MAX_BONUS)
                ):
                    continue  # cannot beat this entry's match whatever the features say
                feats = memo.get((e_idx, a_idx))
                if feats is None:
                    feats = memo[e_idx, a_idx] = features(q, entry, entry.names[a_idx].quality)
                score = final_score(name_score, feats)  # what ``score_row`` will find
                if score < threshold or (e_idx in best and best[e_idx].score >= score):
                    continue  # no match, or not better than this entry's: nothing to explain
                m = matcher.score_row(q, qname, parsed, row, threshold, seen)
                if m is not None:
                    keep_best(best, matcher.index.names[row][0], m)
        out.append(top(best, limit))
    return out
