"""Learned risk per transfer: the link model's judgement of the pair a payment runs along.

A transfer between two accounts of the data is scored by the link model (``_pairs``) that the
account model already learned: the probability that the pair of accounts is a laundering
link (both ends of one scheme), judged from both ends' own risk, how they paid each other and
the counterparties they share. A model without a link model (single stage) scores a pair by
the lower of its two ends' scores, the same notion: a laundering link needs both ends. Only
pairs scoring ``MIN_SCORE`` or more are written, so the table stays small on large worlds;
payments to or from outside the data (cash, abroad) have no pair and are not scored here.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from kuzet.engine import Backend
from kuzet.model.schemas import TABLES
from kuzet.scoring._data import F64, AccountData
from kuzet.scoring._learn import TwoStageModel, _columns, _predict
from kuzet.scoring._pairs import PAIR_COLUMNS, pairs
from kuzet.scoring._store import write_model_table
from kuzet.workspace import Workspace

TX_SCORES_TABLE = "transaction_scores"
MIN_SCORE = 0.05
FLAG = 0.5


def pair_scores(model: TwoStageModel, data: AccountData, final: F64) -> tuple[pa.Table, str]:
    """Scored account pairs (``lo``/``hi`` account ids, ``score``, inputs) and how scored."""
    x1 = _columns(data, model.base)
    s1 = _predict(model.stage1, x1, "stage-1 model")
    p = pairs(data, s1)
    if model.links is not None:
        score, how = _predict(model.links, p.x, "link model"), "link model"
    else:
        score, how = np.minimum(final[p.a], final[p.b]), "lower end score"
    col = {name: p.x[:, i] for i, name in enumerate(PAIR_COLUMNS)}
    keep = score >= MIN_SCORE
    table = pa.table(
        {
            "lo": data.account_id[p.a[keep]],
            "hi": data.account_id[p.b[keep]],
            "score": score[keep],
            "payments": col["payments"][keep],
            "days": col["days"][keep],
            "common": col["common"][keep],
        }
    )
    return table, how


TX_SQL = """
SELECT t.txn_id, t.ts, t.src_account_id, t.dst_account_id, t.amount_kzt, p.score,
       p.payments, p.days, p.common
FROM transactions t
JOIN scoring_pair_scores p
  ON p.lo = least(t.src_account_id, t.dst_account_id)
 AND p.hi = greatest(t.src_account_id, t.dst_account_id)
WHERE t.status = 'completed' AND t.src_account_id <> t.dst_account_id{window}
ORDER BY p.score DESC, t.ts, t.txn_id"""


def _window_sql(start: dt.datetime | None, end: dt.datetime | None) -> str:
    out = ""
    if start is not None:
        out += f" AND t.ts >= TIMESTAMP '{start.isoformat()}'"
    if end is not None:
        out += f" AND t.ts < TIMESTAMP '{end.isoformat()}'"
    return out


def transaction_table(
    be: Backend,
    model_id: str,
    scored: tuple[pa.Table, str],
    account_scores: dict[int, float],
    window: tuple[dt.datetime | None, dt.datetime | None],
) -> pa.Table:
    """The ``transaction_scores`` rows of the transfers along ``scored`` pairs."""
    pairs_t, how = scored
    be.register_arrow("scoring_pair_scores", pairs_t)
    sql = be.dialect.transpile(TX_SQL.format(window=_window_sql(*window)))
    rows = be.query(sql, step="scoring:transactions").to_pylist()
    now = dt.datetime.now(dt.UTC)
    out = []
    for r in rows:
        s, d, p = r["src_account_id"], r["dst_account_id"], float(r["score"])
        ss, ds = account_scores.get(s, 0.0), account_scores.get(d, 0.0)
        reasons = [
            f"the {how} scores the link between sender and receiver {p:.2f}"
            f" ({int(r['payments'])} payments on {int(r['days'])} days between them,"
            f" {int(r['common'])} counterparties in common)",
            f"sender account {s} scores {ss:.2f}",
            f"receiver account {d} scores {ds:.2f}",
        ]
        out.append(
            {
                "model_id": model_id,
                "txn_id": r["txn_id"],
                "ts": r["ts"],
                "src_account_id": s,
                "dst_account_id": d,
                "amount_kzt": r["amount_kzt"],
                "score": p,
                "flagged": p >= FLAG,
                "src_score": ss,
                "dst_score": ds,
                "scored_at": now,
                "reasons": "; ".join(reasons),
            }
        )
    return pa.Table.from_pylist(out, schema=TABLES[TX_SCORES_TABLE].schema)


def write_transaction_scores(ws: Workspace, model_id: str, table: pa.Table) -> None:
    """Write (or replace) one model's transaction scores, atomically."""
    write_model_table(ws, TX_SCORES_TABLE, model_id, table)
