"""``kuzet network features|rings``: graph features per account and drop rings."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from kuzet.cli._common import (
    JsonOption,
    QuietOption,
    WorkspaceOption,
    console,
    emit_json,
    fail,
    open_workspace,
    parse_day,
)
from kuzet.engine import EngineError
from kuzet.network import FEATURES_TABLE, NetworkRun, run_network, top_rings
from kuzet.workspace import Workspace, WorkspaceError

network_app = typer.Typer(
    help="Network analytics: graph features per account, drop rings.", no_args_is_help=True
)
FromOption = typer.Option(None, "--from", help="First day of payments to use (YYYY-MM-DD).")
ToOption = typer.Option(None, "--to", help="Last day of payments to use, YYYY-MM-DD (inclusive).")
ThreadsOption = typer.Option(None, help="DuckDB threads (default: all cores).")
MemoryOption = typer.Option(None, "--memory-limit", help="DuckDB memory limit, e.g. 8GB.")
TopOption = typer.Option(5, min=0, help="Show this many of the highest-scoring rings.")


def _run(ws: Workspace, start: str | None, end: str | None, rings: bool, **kw: Any) -> NetworkRun:
    try:
        last = parse_day(end, "--to")
        stop = last + dt.timedelta(days=1) if last is not None else None
        return run_network(ws, start=parse_day(start, "--from"), end=stop, rings=rings, **kw)
    except (WorkspaceError, EngineError) as e:
        raise fail(str(e)) from None


@network_app.command("features")
def features(
    workspace: Path | None = WorkspaceOption,
    start: str | None = FromOption,
    end: str | None = ToOption,
    threads: int | None = ThreadsOption,
    memory_limit: str | None = MemoryOption,
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Compute graph features per account and write them as account_graph_features."""
    ws = open_workspace(workspace)
    run = _run(ws, start, end, False, threads=threads, memory_limit=memory_limit)
    if as_json:
        emit_json(dataclasses.asdict(run))
    elif not quiet:
        total = sum(run.seconds.values())
        console.print(
            f"wrote {FEATURES_TABLE}: {run.accounts} accounts in {total:.1f} s of engine time"
        )


def _print_ring(r: dict[str, Any]) -> None:
    console.print(
        f"[bold]{r['ring_id']}[/] {r['size']} accounts, score {r['score']:.2f}:"
        f" {escape(r['reasons'])}"
    )
    t = Table(show_header=True, title_justify="left")
    for col in ("account", "holder", "role", "why"):
        t.add_column(col)
    for m in r["members"]:
        holder = f"{m['holder_type'] or '?'} {m['holder_id'] or ''}"
        t.add_row(str(m["account_id"]), holder, m["role"], escape(m["role_reason"]))
    console.print(t)
    money = [e for e in r["edges"] if e["kind"] == "money"]
    shown = ", ".join(
        f"{e['src_account_id']}→{e['dst_account_id']} {float(e['amount_kzt']):,.0f}"
        for e in money[:8]
    )
    if shown:
        more = f" (+{len(money) - 8} more)" if len(money) > 8 else ""
        console.print(f"  flows (KZT): {shown}{more}")


@network_app.command("rings")
def rings(
    workspace: Path | None = WorkspaceOption,
    start: str | None = FromOption,
    end: str | None = ToOption,
    top: int = TopOption,
    threads: int | None = ThreadsOption,
    memory_limit: str | None = MemoryOption,
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Find drop rings (network_rings, network_ring_edges) and show the top ones."""
    ws = open_workspace(workspace)
    run = _run(ws, start, end, True, threads=threads, memory_limit=memory_limit)
    best = top_rings(ws, top)
    if as_json:
        emit_json({**dataclasses.asdict(run), "top": best})
        return
    if quiet:
        return
    console.print(
        f"found {run.rings} rings with {run.ring_members} member accounts"
        f" among {run.accounts} accounts"
    )
    for r in best:
        _print_ring(r)


def register(app: typer.Typer) -> None:
    app.add_typer(network_app, name="network")
