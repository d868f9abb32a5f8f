"""Second-stage features: how risky an account's counterparties are.

About a third of the laundering accounts in a fan-in or a cycle look ordinary on their own;
what gives them away is whom they deal with. The first-stage model scores every account on
its own features; these features then summarise, for each account, the first-stage scores of
its senders and receivers, and how many of its counterparties are *known* launderers (labels
the bank already holds: at training time only the training part's labels).

Every feature here is computed from the money graph (distinct payer → payee pairs) and two
per-account vectors, never from the account's own label.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kuzet.scoring._data import F64, I64, AccountData

HIGH = 0.5
"""A counterparty whose first-stage score reaches this counts as high-risk."""


@dataclass(frozen=True, slots=True)
class OwnFeature:
    """A feature of the scoring room (behaviour or neighbourhood), described like the graph
    features: investigator words with ``{value}``, and whether it is derived from amounts."""

    column: str
    text: str
    uses_amounts: bool = False


NEIGHBOUR_FEATURES: dict[str, OwnFeature] = {
    s.column: s
    for s in (
        OwnFeature(
            "nb_in_max_score",
            "its riskiest sender scores {value:.2f} on the account-level model",
        ),
        OwnFeature(
            "nb_in_mean_score",
            "its senders score {value:.2f} on average on the account-level model",
        ),
        OwnFeature(
            "nb_out_max_score",
            "its riskiest receiver scores {value:.2f} on the account-level model",
        ),
        OwnFeature(
            "nb_out_mean_score",
            "its receivers score {value:.2f} on average on the account-level model",
        ),
        OwnFeature(
            "nb_paid_mean_score",
            "the accounts it dealt with score {value:.2f} on average, weighted by payments",
        ),
        OwnFeature(
            "nb_high_risk",
            f"dealt with {{value:.0f}} counterparties that score at least {HIGH} on their own",
        ),
        OwnFeature(
            "nb_high_risk_share",
            f"{{value:.0%}} of its counterparties score at least {HIGH} on their own",
        ),
        OwnFeature(
            "nb_known",
            "dealt with {value:.0f} accounts already labelled as laundering",
        ),
        OwnFeature(
            "nb_known_share",
            "{value:.0%} of its counterparties are accounts already labelled as laundering",
        ),
        OwnFeature(
            "nb_reciprocal_high",
            "both paid and was paid by {value:.0f} high-risk counterparties (a loop)",
        ),
        OwnFeature(
            "nb2_mean_score",
            "its counterparties' own counterparties score {value:.2f} on average",
        ),
    )
}


def _group_max(index: I64, values: F64, n: int) -> F64:
    out = np.zeros(n, dtype=np.float64)
    np.maximum.at(out, index, values)
    return out


def _group_mean(index: I64, values: F64, n: int, weights: F64 | None = None) -> F64:
    w = np.ones_like(values) if weights is None else weights
    total = np.bincount(index, weights=values * w, minlength=n)
    count = np.bincount(index, weights=w, minlength=n)
    return np.divide(total, count, out=np.zeros(n), where=count > 0)


def neighbour_features(data: AccountData, score: F64, known: np.ndarray) -> F64:
    """The ``NEIGHBOUR_FEATURES`` matrix (rows as ``data``) from first-stage scores and labels.

    ``score``: each account's first-stage score; ``known``: True for accounts labelled as
    laundering that the model may know about (never the accounts being judged).
    """
    n = data.n
    src, dst, w = data.edge_src, data.edge_dst, data.edge_n
    known_f = np.asarray(known, dtype=np.float64)
    high = (score >= HIGH).astype(np.float64)
    # undirected distinct counterparties
    a = np.concatenate([src, dst])
    b = np.concatenate([dst, src])
    ww = np.concatenate([w, w])
    base = np.int64(max(n, 1))
    ukey, inverse = np.unique(a * base + b, return_inverse=True)
    ua, ub = ukey // base, ukey % base
    weight = np.bincount(inverse, weights=ww, minlength=ukey.size).astype(np.float64)
    degree = np.bincount(ua, minlength=n).astype(np.float64)
    n_high = np.bincount(ua, weights=high[ub], minlength=n)
    n_known = np.bincount(ua, weights=known_f[ub], minlength=n)
    mean_cp = _group_mean(ua, score[ub], n)
    # reciprocal high-risk pairs: both directions present
    fwd = src * base + dst
    rev = dst * base + src
    both = np.isin(fwd, rev)
    recip = np.bincount(src[both], weights=high[dst[both]], minlength=n)
    cols = [
        _group_max(dst, score[src], n),
        _group_mean(dst, score[src], n),
        _group_max(src, score[dst], n),
        _group_mean(src, score[dst], n),
        _group_mean(ua, score[ub], n, weights=weight),
        n_high,
        np.divide(n_high, degree, out=np.zeros(n), where=degree > 0),
        n_known,
        np.divide(n_known, degree, out=np.zeros(n), where=degree > 0),
        recip,
        _group_mean(ua, mean_cp[ub], n),
    ]
    return np.column_stack(cols) if n else np.empty((0, len(cols)))
