"""``kuzet model``: train, score, show the learned risk model; rank alerts by it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import typer
from rich.markup import escape
from rich.table import Table

from kuzet.cli._common import (
    JsonOption,
    WorkspaceOption,
    console,
    emit_json,
    fail,
    open_workspace,
    parse_day,
)
from kuzet.engine import ENGINES, EngineError
from kuzet.scoring import (
    MIN_TX_SCORE,
    TX_SCORES_TABLE,
    ModelError,
    Params,
    Window,
    list_models,
    load_model,
    rank_alerts,
    score_workspace,
    top_accounts,
    train_workspace,
)
from kuzet.workspace import Workspace

app = typer.Typer(help="Learned risk: train, score and explain a LightGBM model.")

ModelOption = typer.Option(None, "--model", "-m", help="Model id (default: the newest).")
FromOption = typer.Option(None, "--from", help="First day of transactions (YYYY-MM-DD).")
ToOption = typer.Option(None, "--to", help="Last day of transactions, inclusive (YYYY-MM-DD).")
EngineOption = typer.Option("duckdb", "--engine", help=f"Engine: {', '.join(ENGINES)}.")
ThreadsOption = typer.Option(2, "--threads", min=1, help="Threads for the engine.")


def _window(start: str | None, to: str | None) -> Window:
    first, last = parse_day(start, "--from"), parse_day(to, "--to")
    end = last + dt.timedelta(days=1) if last is not None else None
    if first is not None and end is not None and end <= first:
        raise fail("--to must not be before --from")
    return Window(first, end)


def _metrics_table(meta: dict[str, Any]) -> Table:
    t = Table(title=f"model {meta['model_id']}", title_justify="left")
    for col in ("part", "accounts", "labelled", "precision", "recall", "F1", "avg precision"):
        t.add_column(col, justify="left" if col == "part" else "right")
    parts = meta["split"]["parts"]
    for name, m in meta["metrics"].items():
        t.add_row(
            name,
            str(parts[name]["accounts"]),
            str(parts[name]["labelled"]),
            f"{m['precision']:.3f}",
            f"{m['recall']:.3f}",
            f"{m['f1']:.3f}",
            f"{m['average_precision']:.3f}",
        )
    return t


def _summary(meta: dict[str, Any]) -> dict[str, Any]:
    keys = ("model_id", "created", "kind", "threshold", "training_window", "uses_amounts")
    out = {k: meta.get(k) for k in keys}
    out["features"] = len(meta["base_features"]) + len(meta.get("neighbour_features", []))
    out["split"] = meta["split"]
    out["metrics"] = meta["metrics"]
    return out


def train_command(
    workspace: Path | None = WorkspaceOption,
    start: str | None = FromOption,
    to: str | None = ToOption,
    amounts: bool = typer.Option(True, "--amounts/--no-amounts", help="Use amount features."),
    two_stage: bool = typer.Option(
        True, "--two-stage/--single-stage", help="Add the counterparties' risk (stage 2)."
    ),
    rounds: int = typer.Option(300, "--rounds", min=10, help="Boosting rounds per model."),
    threads: int = ThreadsOption,
    engine: str = EngineOption,
    as_json: bool = JsonOption,
) -> None:
    """Train a model on the workspace's labelled accounts with a time split; store it."""
    ws = open_workspace(workspace)
    params = Params(rounds=rounds, two_stage=two_stage)
    try:
        stored = train_workspace(
            ws,
            window=_window(start, to),
            amounts=amounts,
            params=params,
            engine=engine,
            threads=threads,
        )
    except (ValueError, ModelError, EngineError) as e:
        raise fail(str(e)) from None
    if as_json:
        emit_json(_summary(stored.meta))
        return
    console.print(_metrics_table(stored.meta))
    console.print(f"threshold {stored.model.threshold:.4f}; stored in {escape(str(stored.path))}")


def score_command(
    workspace: Path | None = WorkspaceOption,
    model: str | None = ModelOption,
    start: str | None = FromOption,
    to: str | None = ToOption,
    top: int = typer.Option(3, "--reasons", min=1, max=10, help="Reasons per score."),
    show: int = typer.Option(10, "--show", min=0, help="Print the N riskiest accounts."),
    transactions: bool = typer.Option(
        False,
        "--transactions",
        help="Also score transfers between accounts (data/transaction_scores/<model id>).",
    ),
    threads: int = ThreadsOption,
    engine: str = EngineOption,
    as_json: bool = JsonOption,
) -> None:
    """Score every account with a model; write data/account_scores/<model id>.parquet."""
    ws = open_workspace(workspace)
    try:
        stored, table = score_workspace(
            ws,
            model_id=model,
            window=_window(start, to),
            engine=engine,
            threads=threads,
            top=top,
            transactions=transactions,
        )
    except (ValueError, ModelError, EngineError) as e:
        raise fail(str(e)) from None
    flagged = sum(1 for f in table.column("flagged").to_pylist() if f)
    riskiest = top_accounts(table, show)
    tx = _transaction_counts(ws, stored.model_id) if transactions else None
    if as_json:
        emit_json(
            {
                "model_id": stored.model_id,
                "accounts": table.num_rows,
                "flagged": flagged,
                "transactions": tx,
                "top": [
                    {**r, "reasons_json": json.loads(r["reasons_json"] or "[]")} for r in riskiest
                ],
            }
        )
        return
    console.print(
        f"model {stored.model_id}: {table.num_rows} accounts scored, {flagged} at or above "
        f"the threshold {stored.model.threshold:.4f}"
    )
    if tx is not None:
        console.print(
            f"{tx['scored']} transfers along links scoring {MIN_TX_SCORE} or more written,"
            f" {tx['flagged']} at or above 0.5"
        )
    t = Table(title="riskiest accounts", title_justify="left")
    for col in ("account", "score", "reasons"):
        t.add_column(col)
    for r in riskiest:
        t.add_row(str(r["account_id"]), f"{r['score']:.3f}", escape(r["reasons"] or ""))
    if riskiest:
        console.print(t)


def _transaction_counts(ws: Workspace, model_id: str) -> dict[str, int]:
    table = pq.read_table(ws.table_dir(TX_SCORES_TABLE) / f"{model_id}.parquet")
    flagged = sum(1 for f in table.column("flagged").to_pylist() if f)
    return {"scored": table.num_rows, "flagged": flagged}


def show_command(
    workspace: Path | None = WorkspaceOption,
    model: str | None = ModelOption,
    all_models: bool = typer.Option(False, "--all", help="List every stored model."),
    as_json: bool = JsonOption,
) -> None:
    """Show a stored model: window, split, threshold, metrics, features."""
    ws = open_workspace(workspace)
    try:
        metas = list_models(ws) if all_models else [load_model(ws, model).meta]
    except ModelError as e:
        raise fail(str(e)) from None
    if as_json:
        emit_json(metas if all_models else metas[0])
        return
    for meta in metas:
        console.print(_metrics_table(meta))
        features = [*meta["base_features"], *meta.get("neighbour_features", [])]
        console.print(
            f"created {meta['created']}, {meta['kind']}, threshold {meta['threshold']:.4f}, "
            f"amounts {'used' if meta['uses_amounts'] else 'not used'}, "
            f"window {meta['training_window']}, split {meta['split']['rule']} "
            f"(train until {meta['split']['train_until']}, validate until "
            f"{meta['split']['validate_until']}), data version {meta['data_version']}"
        )
        console.print(f"{len(features)} features: {escape(', '.join(features))}")


def alerts_command(
    workspace: Path | None = WorkspaceOption,
    model: str | None = ModelOption,
    limit: int = typer.Option(20, "--limit", min=1, help="Print the first N alerts."),
    engine: str = EngineOption,
    as_json: bool = JsonOption,
) -> None:
    """Rank the typology engine's alerts by the model's risk of their subject."""
    ws = open_workspace(workspace)
    try:
        ranked = rank_alerts(ws, model_id=model, engine=engine)
    except (ValueError, ModelError, EngineError) as e:
        raise fail(str(e)) from None
    rows = ranked.slice(0, limit).to_pylist()
    if as_json:
        emit_json({"alerts": ranked.num_rows, "ranked": rows})
        return
    t = Table(title=f"{ranked.num_rows} alerts by model risk", title_justify="left")
    for col in ("model risk", "alert score", "typology", "subject", "why the model"):
        t.add_column(col)
    for r in rows:
        risk = "—" if r["model_score"] is None else f"{r['model_score']:.3f}"
        t.add_row(
            risk,
            f"{r['alert_score']:.2f}",
            escape(r["typology_id"]),
            f"{r['subject_type']} {r['subject_id']}",
            escape(r["model_reasons"] or ""),
        )
    console.print(t)


def register(root: typer.Typer) -> None:
    app.command(name="train")(train_command)
    app.command(name="score")(score_command)
    app.command(name="show")(show_command)
    app.command(name="alerts")(alerts_command)
    root.add_typer(app, name="model")
