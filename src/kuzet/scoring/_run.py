"""Train, score and rank over a workspace: what ``kuzet model`` runs.

- ``train_workspace``: features of the window, labels, time split, two-stage fit, a new model
  folder with its feature list, window, split, threshold, metrics and typical values.
- ``score_workspace``: a model's scores of every account of a window, with the top reasons in
  words, written as ``data/account_scores/<model id>.parquet`` (replaced on a re-run).
- ``rank_alerts``: the typology engine's alerts ordered by model risk (the riskiest of the
  subject's accounts for person and entity subjects).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa

from kuzet.engine import Backend, open_backend
from kuzet.model.schemas import TABLES
from kuzet.scoring._data import AccountData, Describes, account_labels, base_columns, load_accounts
from kuzet.scoring._explain import explain_rows
from kuzet.scoring._learn import TRAIN, Params, fit, time_split
from kuzet.scoring._neighbours import NEIGHBOUR_FEATURES
from kuzet.scoring._pairs import PAIR_FEATURES
from kuzet.scoring._store import (
    StoredModel,
    data_version,
    load_model,
    save_model,
    write_model_table,
)
from kuzet.scoring._transactions import pair_scores, transaction_table, write_transaction_scores
from kuzet.workspace import Workspace

SCORES_TABLE = "account_scores"


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _utc(sec: int) -> str:
    return dt.datetime.fromtimestamp(sec, dt.UTC).isoformat(timespec="seconds")


def _window(d: dt.date | None) -> dt.datetime | None:
    return None if d is None else dt.datetime.combine(d, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Window:
    start: dt.date | None = None
    end: dt.date | None = None
    windows_days: tuple[int, ...] = (7, 30)


def _load(
    ws: Workspace, window: Window, engine: str, threads: int
) -> tuple[AccountData, dict[str, Describes]]:
    if not ws.files("transactions"):
        raise ValueError(f"{ws.root} has no transactions")
    with open_backend(engine, threads=threads) as be:
        be.register_workspace(ws)
        return load_accounts(
            be, start=window.start, end=window.end, windows_days=window.windows_days
        )


def all_specs(specs: dict[str, Describes]) -> dict[str, Describes]:
    out = dict(specs)
    out.update(NEIGHBOUR_FEATURES)
    out.update(PAIR_FEATURES)
    return out


def train_workspace(
    ws: Workspace,
    *,
    window: Window | None = None,
    amounts: bool = True,
    params: Params | None = None,
    engine: str = "duckdb",
    threads: int = 2,
) -> StoredModel:
    """Train a model on ``ws``'s labelled accounts and store it; returns it with metadata."""
    w = window or Window()
    p = params or Params()
    positives = account_labels(ws)
    data, specs = _load(ws, w, engine, threads)
    y = data.mask(positives)
    split = time_split(data.first_seen)
    base = base_columns(specs, data.columns, amounts)
    result = fit(data, y, split, base, p)
    train = split.part == TRAIN
    typical = {
        name: float(np.nanmedian(result.x[train, j])) for j, name in enumerate(result.model.columns)
    }
    meta: dict[str, Any] = {
        "training_window": {"start": _iso(w.start), "end": _iso(w.end)},
        "windows_days": list(w.windows_days),
        "uses_amounts": amounts,
        "split": {
            "rule": "accounts by first payment in the window: earliest 60% train, next 20% "
            "validate, latest 20% test",
            "train_until": _utc(split.train_until),
            "validate_until": _utc(split.validate_until),
            "parts": split.counts(y),
        },
        "metrics": result.metrics,
        "typical": typical,
        "params": p.as_dict(),
        "data_version": data_version(ws),
        "labelled_accounts": int(positives.size),
    }
    return save_model(ws, result.model, meta)


def score_table(
    stored: StoredModel,
    data: AccountData,
    known: np.ndarray,
    specs: dict[str, Describes],
    window: Window,
    top: int = 3,
) -> pa.Table:
    """The ``account_scores`` rows of ``data`` under ``stored``'s model."""
    model = stored.model
    x = model.matrix(data, known)
    score = model.predict(x)
    reasons = explain_rows(
        x, model.contributions(x), model.columns, all_specs(specs), stored.meta["typical"], top
    )
    now = dt.datetime.now(dt.UTC)
    rows = {
        "model_id": [stored.model_id] * data.n,
        "account_id": data.account_id,
        "score": score,
        "threshold": [model.threshold] * data.n,
        "flagged": score >= model.threshold,
        "window_start": [_window(window.start)] * data.n,
        "window_end": [_window(window.end)] * data.n,
        "scored_at": [now] * data.n,
        "reasons": ["; ".join(r.text for r in rs) for rs in reasons],
        "reasons_json": [
            json.dumps([r.as_dict() for r in rs], ensure_ascii=False) for rs in reasons
        ],
    }
    return pa.table(rows).cast(TABLES[SCORES_TABLE].schema)


def score_workspace(
    ws: Workspace,
    *,
    model_id: str | None = None,
    window: Window | None = None,
    engine: str = "duckdb",
    threads: int = 2,
    top: int = 3,
    transactions: bool = False,
) -> tuple[StoredModel, pa.Table]:
    """Score every account of the window and write ``account_scores/<model id>.parquet``
    (with ``transactions``, also ``transaction_scores/<model id>.parquet``: ``_transactions``).

    Known launderers (for the counterparty features) are the accounts in ``labels`` when the
    workspace has them: the bank's confirmed cases.
    """
    stored = load_model(ws, model_id)
    meta_window = Window(
        window.start if window else None,
        window.end if window else None,
        tuple(stored.meta.get("windows_days", (7, 30))),
    )
    data, specs = _load(ws, meta_window, engine, threads)
    known = data.mask(account_labels(ws)) if ws.files("labels") else np.zeros(data.n, bool)
    table = score_table(stored, data, known, specs, meta_window, top)
    write_scores(ws, stored.model_id, table)
    if transactions:
        final = table.column("score").to_numpy()
        scored = pair_scores(stored.model, data, final)
        by_account = dict(zip(data.account_id.tolist(), final.tolist(), strict=True))
        bounds = (_window(meta_window.start), _window(meta_window.end))
        with open_backend(engine, threads=threads) as be:
            be.register_workspace(ws)
            tx = transaction_table(be, stored.model_id, scored, by_account, bounds)
        write_transaction_scores(ws, stored.model_id, tx)
    return stored, table


def write_scores(ws: Workspace, model_id: str, table: pa.Table) -> None:
    """Write (or replace) one model's scores, atomically."""
    write_model_table(ws, SCORES_TABLE, model_id, table)


# ── alerts ranked by model risk ────────────────────────────────────────────────────────────
RANK_SQL = """
WITH s AS (
    SELECT account_id, score, reasons FROM account_scores WHERE model_id = '{model_id}'),
subject_risk AS (
    SELECT 'account' AS subject_type, CAST(account_id AS VARCHAR) AS subject_id,
           score, reasons FROM s
    UNION ALL
    SELECT a.holder_type, CAST(a.holder_id AS VARCHAR), max(s.score),
           arg_max(s.reasons, s.score)
    FROM s JOIN accounts a ON a.account_id = s.account_id
    GROUP BY a.holder_type, a.holder_id)
SELECT al.alert_id, al.pack_id, al.typology_id, al.family, al.subject_type, al.subject_id,
       al.score AS alert_score, r.score AS model_score, r.reasons AS model_reasons
FROM scoring_alerts al
LEFT JOIN subject_risk r ON r.subject_type = al.subject_type AND r.subject_id = al.subject_id
ORDER BY r.score DESC NULLS LAST, al.score DESC, al.alert_id"""


def rank_alerts(ws: Workspace, *, model_id: str | None = None, engine: str = "duckdb") -> pa.Table:
    """Every alert in ``data/alerts`` with the model's risk of its subject, riskiest first."""
    from kuzet.typologies import ALERTS_TABLE  # noqa: PLC0415 - only this function needs it

    if not ws.files(ALERTS_TABLE):
        raise ValueError(f"{ws.root} has no alerts: run kuzet monitor first")
    stored = load_model(ws, model_id)
    if not any(f.name == f"{stored.model_id}.parquet" for f in ws.files(SCORES_TABLE)):
        raise ValueError(f"model {stored.model_id} has not scored {ws.root}: run kuzet model score")
    alerts = ws.read(ALERTS_TABLE)
    with open_backend(engine) as be:
        be.register_workspace(ws)
        be.register_arrow("scoring_alerts", alerts)
        return _rank(be, stored.model_id.replace("'", ""))


def _rank(be: Backend, model_id: str) -> pa.Table:
    sql = be.dialect.transpile(RANK_SQL.format(model_id=model_id))
    return be.query(sql, step="scoring:rank_alerts")


def top_accounts(table: pa.Table, n: int) -> list[dict[str, Any]]:
    """The ``n`` riskiest rows of a scores table, as dicts."""
    order = np.argsort(-table.column("score").to_numpy(), kind="stable")[:n]
    rows: list[dict[str, Any]] = table.take(order.astype(np.int64)).to_pylist()
    return rows
