"""Links between accounts judged one by one: is this counterparty link a laundering link?

An ordinary-looking launderer deals with many honest accounts and with a few accounts of its
scheme; counting risky counterparties mixes the two. The link model looks at each pair of
accounts that paid each other: both ends' stage-1 scores (lower and higher), both ends'
number of counterparties, how often and on how many days they paid each other, the most
payments between them on one day, and what they share: how many counterparties both ends have
in common (launderers of one network share many) and the summed stage-1 scores of those
common counterparties. It learns from pairs of *training* accounts, labelled as a
laundering link when both ends are labelled. Each account then gets the score of its most
suspicious link and the sum of its links' scores, and the risk of the accounts that close
triangles with it (summed and mean stage-1 score of its links' common counterparties).

Training accounts' link features come from link models that never saw a pair touching their
own fold (account folds), so no account's own label reaches its features.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import lightgbm as lgb
import numpy as np

from kuzet.scoring._data import F64, I64, AccountData, B
from kuzet.scoring._neighbours import OwnFeature

TrainFn = Callable[[F64, B, Sequence[str]], lgb.Booster]
"""Trains a booster on rows, labels and feature names."""

PAIR_COLUMNS = (
    "low_score",
    "high_score",
    "payments",
    "days",
    "max_day",
    "low_deg",
    "high_deg",
    "common",
    "common_score",
)

PAIR_FEATURES: dict[str, OwnFeature] = {
    s.column: s
    for s in (
        OwnFeature(
            "link_max_score",
            "its most suspicious counterparty link scores {value:.2f} (judged by both ends' own"
            " risk, how they paid each other and the counterparties they share)",
        ),
        OwnFeature(
            "link_sum_score",
            "its counterparty links add up to {value:.2f} expected laundering links",
        ),
        OwnFeature(
            "triangle_risk",
            "the accounts closing triangles with it (a counterparty's counterparty that is also"
            " its own) add up to a first-stage risk of {value:.2f}",
        ),
        OwnFeature(
            "triangle_risk_mean",
            "the accounts closing triangles with it have a mean first-stage risk of {value:.2f}",
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Pairs:
    """Undirected pairs of accounts that paid each other, with the link model's inputs."""

    a: I64
    b: I64
    x: F64


def pairs(data: AccountData, score: F64) -> Pairs:
    """The link model's inputs for every pair of ``data`` given stage-1 ``score``."""
    n = max(data.n, 1)
    lo_end = np.minimum(data.edge_src, data.edge_dst)
    hi_end = np.maximum(data.edge_src, data.edge_dst)
    keys, inverse = np.unique(lo_end * np.int64(n) + hi_end, return_inverse=True)
    a, b = keys // n, keys % n
    days = data.edge_days if data.edge_days.size else data.edge_n
    max_day = data.edge_max_day if data.edge_max_day.size else np.ones_like(data.edge_n)
    payments = np.bincount(inverse, weights=data.edge_n, minlength=keys.size)
    n_days = np.bincount(inverse, weights=days, minlength=keys.size)
    busiest = np.zeros(keys.size)
    np.maximum.at(busiest, inverse, max_day)
    degree = np.bincount(np.r_[a, b], minlength=data.n).astype(np.float64)
    common, common_score = shared(a, b, score, data.n)
    x = np.column_stack(
        [
            np.minimum(score[a], score[b]),
            np.maximum(score[a], score[b]),
            payments,
            n_days,
            busiest,
            np.minimum(degree[a], degree[b]),
            np.maximum(degree[a], degree[b]),
            common,
            common_score,
        ]
    )
    return Pairs(a.astype(np.int64), b.astype(np.int64), x)


def shared(a: I64, b: I64, score: F64, n: int) -> tuple[F64, F64]:
    """For each link ``a[i] < b[i]`` (sorted, distinct): common counterparties, their scores.

    Each triangle u – v – w adds one common counterparty to each of its three links, and the
    third account's score to that link's common score. Triangles are found from their
    lowest-ranked account (links oriented from lower to higher degree), so no wedge through a
    hub is built: at most O(links^1.5) pairs looked at, each triangle once.
    """
    if a.size == 0:
        return np.zeros(0), np.zeros(0)
    a, b = a.astype(np.int64), b.astype(np.int64)
    degree = np.bincount(np.r_[a, b], minlength=n).astype(np.int64)
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), degree))] = np.arange(n)
    low_first = rank[a] < rank[b]
    owner = np.where(low_first, a, b)
    other = np.where(low_first, b, a)
    link = np.arange(a.size, dtype=np.int64)
    order = np.lexsort((other, owner))
    owner, other, link = owner[order], other[order], link[order]
    size = np.bincount(owner, minlength=n).astype(np.int64)
    start = np.cumsum(size) - size
    later = size[owner] - (np.arange(owner.size, dtype=np.int64) - start[owner]) - 1
    first = np.repeat(np.arange(owner.size, dtype=np.int64), later)
    step = np.arange(first.size, dtype=np.int64) - np.repeat(np.cumsum(later) - later, later)
    second = first + 1 + step
    u, v = other[first], other[second]  # u < v: each block is sorted by counterparty
    keys = a * np.int64(max(n, 1)) + b
    wedge = u * np.int64(max(n, 1)) + v
    at = np.minimum(np.searchsorted(keys, wedge), keys.size - 1)
    hit = keys[at] == wedge
    w, first, second, at = owner[first[hit]], first[hit], second[hit], at[hit]
    ends = np.r_[at, link[first], link[second]]
    third = np.r_[w, other[second], other[first]]
    common = np.bincount(ends, minlength=a.size).astype(np.float64)
    risk = np.bincount(ends, weights=score[third], minlength=a.size)
    return common, risk.astype(np.float64)


def aggregate(p: Pairs, link_score: F64, n: int) -> F64:
    """Per account: its best link's score, the sum of its links' scores, and the summed and
    mean stage-1 score of the accounts closing triangles with it (over its links)."""
    best = np.zeros(n)
    total = np.zeros(n)
    common = np.zeros(n)
    risk = np.zeros(n)
    c_common, c_risk = PAIR_COLUMNS.index("common"), PAIR_COLUMNS.index("common_score")
    for end in (p.a, p.b):
        np.maximum.at(best, end, link_score)
        np.add.at(total, end, link_score)
        np.add.at(common, end, p.x[:, c_common])
        np.add.at(risk, end, p.x[:, c_risk])
    return np.column_stack([best, total, risk, risk / np.maximum(common, 1.0)])


def fit_links(
    p: Pairs, y: B, train: B, fold: I64, folds: int, train_fn: TrainFn, n: int
) -> tuple[lgb.Booster | None, F64]:
    """The link model on training pairs, and every account's link features.

    Training accounts in fold k take their link scores from a model trained without any
    pair touching fold k; other accounts from the model trained on all training pairs.
    """
    both = train[p.a] & train[p.b]
    label = y[p.a] & y[p.b]
    if not label[both].any():
        return None, np.zeros((n, len(PAIR_FEATURES)))
    full = train_fn(p.x[both], label[both], PAIR_COLUMNS)
    out = aggregate(p, np.asarray(full.predict(p.x), np.float64), n)
    for k in range(folds):
        keep = both & (fold[p.a] != k) & (fold[p.b] != k)
        if not label[keep].any():
            continue
        scores = np.asarray(train_fn(p.x[keep], label[keep], PAIR_COLUMNS).predict(p.x))
        held = fold == k
        out[held] = aggregate(p, scores, n)[held]
    return full, out
