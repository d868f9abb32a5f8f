"""Behavioural features the model adds to the graph features: split payments, payment sizes.

Paying one receiver several times on the same day (or being paid so by one sender) is the
classic way to stay under a reporting threshold or to move a sum in pieces. The graph
features count senders and payments per window, not per pair and day, so the model measures
it here, with the size of single payments (smallest, median, spread), which the windowed
sums of the graph features hide. The SQL is built here and run by the engine.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from kuzet.engine import Backend
from kuzet.scoring._neighbours import OwnFeature

BEHAVIOUR_FEATURES: dict[str, OwnFeature] = {
    s.column: s
    for s in (
        OwnFeature("same_day_max_out", "made {value:.0f} payments to one receiver on one day"),
        OwnFeature("same_day_max_in", "received {value:.0f} payments from one sender on one day"),
        OwnFeature(
            "same_day_repeat_pairs",
            "paid or was paid several times on one day by {value:.0f} counterparties",
        ),
        OwnFeature("out_amount_min", "its smallest payment out was {value:,.2f} KZT", True),
        OwnFeature("out_amount_median", "its median payment out was {value:,.0f} KZT", True),
        OwnFeature(
            "out_amount_cv",
            "its payments out varied by {value:.0%} around their mean (coefficient of variation)",
            True,
        ),
        OwnFeature("in_amount_min", "its smallest credit was {value:,.2f} KZT", True),
        OwnFeature("in_amount_median", "its median credit was {value:,.0f} KZT", True),
        OwnFeature(
            "in_amount_cv",
            "its credits varied by {value:.0%} around their mean (coefficient of variation)",
            True,
        ),
    )
}


def transfers_where(start: dt.date | None, end: dt.date | None) -> str:
    """Completed transfers between two different accounts of the data, in [start, end)."""
    parts = [
        "status = 'completed'",
        "src_account_id IS NOT NULL",
        "dst_account_id IS NOT NULL",
        "src_account_id <> dst_account_id",
    ]
    if start is not None:
        parts.append(f"ts >= TIMESTAMP '{start.isoformat()} 00:00:00+00'")
    if end is not None:
        parts.append(f"ts < TIMESTAMP '{end.isoformat()} 00:00:00+00'")
    return " AND ".join(parts)


def behaviour_sql(start: dt.date | None, end: dt.date | None) -> str:
    """One row per account that paid or was paid by another account of the data."""
    return f"""
WITH pair_day AS (
    SELECT src_account_id AS src, dst_account_id AS dst, count(*) AS n
    FROM transactions
    WHERE {transfers_where(start, end)}
    GROUP BY src_account_id, dst_account_id, CAST(ts AS DATE)),
sides AS (
    SELECT src AS account_id, dst AS cp, n, 1 AS outgoing FROM pair_day
    UNION ALL
    SELECT dst AS account_id, src AS cp, n, 0 AS outgoing FROM pair_day)
SELECT account_id,
       max(CASE WHEN outgoing = 1 THEN n ELSE 0 END) AS same_day_max_out,
       max(CASE WHEN outgoing = 0 THEN n ELSE 0 END) AS same_day_max_in,
       count(DISTINCT CASE WHEN n > 1 THEN cp END) AS same_day_repeat_pairs
FROM sides
GROUP BY account_id"""


def amounts_sql(start: dt.date | None, end: dt.date | None) -> str:
    """Smallest, median and spread of each account's single payments out and credits in."""
    where = ["status = 'completed'"]
    if start is not None:
        where.append(f"ts >= TIMESTAMP '{start.isoformat()} 00:00:00+00'")
    if end is not None:
        where.append(f"ts < TIMESTAMP '{end.isoformat()} 00:00:00+00'")
    legs = " AND ".join(where)
    stats = []
    for side, flag in (("out", 1), ("in", 0)):
        amt = f"CASE WHEN outgoing = {flag} THEN amt END"
        stats += [
            f"min({amt}) AS {side}_amount_min",
            f"median({amt}) AS {side}_amount_median",
            f"stddev_pop({amt}) / nullif(avg({amt}), 0) AS {side}_amount_cv",
        ]
    return f"""
WITH legs AS (
    SELECT src_account_id AS account_id, CAST(amount_kzt AS DOUBLE) AS amt, 1 AS outgoing
    FROM transactions WHERE {legs} AND src_account_id IS NOT NULL
    UNION ALL
    SELECT dst_account_id AS account_id, CAST(amount_kzt AS DOUBLE) AS amt, 0 AS outgoing
    FROM transactions WHERE {legs} AND dst_account_id IS NOT NULL)
SELECT account_id, {", ".join(stats)}
FROM legs
GROUP BY account_id"""


def behaviour_features(
    backend: Backend, start: dt.date | None, end: dt.date | None
) -> tuple[pa.Table, pa.Table]:
    """Split-payment features and payment-size features (two tables keyed by account_id)."""
    t = backend.dialect.transpile
    split = backend.query(t(behaviour_sql(start, end)), step="scoring:behaviour")
    sizes = backend.query(t(amounts_sql(start, end)), step="scoring:payment_sizes")
    return split, sizes
