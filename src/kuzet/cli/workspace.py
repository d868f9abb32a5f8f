"""``kuzet workspace info``: what a workspace holds and what ingest set aside;
``kuzet workspace compact``: sort stored transactions by type and time for faster runs.

Times are stored in UTC and shown here in Kazakhstan time (Asia/Almaty), as elsewhere in
Kuzet's displays; ``--json`` keeps them in UTC for scripts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.table import Table

from kuzet.cli._common import JsonOption, WorkspaceOption, console, emit_json, fail
from kuzet.cli.ingest import resolve_workspace
from kuzet.ingest import compact, workspace_info
from kuzet.workspace import WorkspaceError

ALMATY = ZoneInfo("Asia/Almaty")

workspace_app = typer.Typer(help="Inspect or compact a workspace.", no_args_is_help=True)


def _local(value: str | None) -> str:
    """An ISO date or UTC timestamp as shown to people (timestamps in Almaty time)."""
    if value is None:
        return "—"
    if "T" not in value:
        return value
    return dt.datetime.fromisoformat(value).astimezone(ALMATY).strftime("%Y-%m-%d %H:%M")


@workspace_app.command("info")
def info(workspace: Path | None = WorkspaceOption, as_json: bool = JsonOption) -> None:
    """Tables, row counts, date ranges and quarantine counts."""
    ws = resolve_workspace(workspace)
    if not ws.exists():
        raise fail(f"no workspace at {escape(str(ws.root))} (it has no data/ folder)")
    data = workspace_info(ws)
    if as_json:
        emit_json(data)
        return
    tables = Table(title=f"workspace {escape(str(ws.root))}", title_justify="left")
    for name, justify in [
        ("table", "left"),
        ("rows", "right"),
        ("files", "right"),
        ("from", "left"),
        ("to", "left"),
        ("quarantined", "right"),
    ]:
        tables.add_column(name, justify=justify)  # type: ignore[arg-type]
    by_table = data["quarantine"]["by_table"]
    for name, t in data["tables"].items():
        q = sum(by_table.get(name, {}).values())
        tables.add_row(
            name, f"{t['rows']:,}", str(t["files"]), _local(t["from"]), _local(t["to"]), f"{q:,}"
        )
    console.print(tables)
    if by_table:
        q_table = Table(title="quarantine", title_justify="left")
        q_table.add_column("table")
        q_table.add_column("reason")
        q_table.add_column("rows", justify="right")
        for name, reasons in by_table.items():
            for reason, n in reasons.items():
                q_table.add_row(name, reason, f"{n:,}")
        console.print(q_table)
    console.print(f"ingested files: {data['ingested_files']}")


@workspace_app.command("compact")
def compact_cmd(
    workspace: Path | None = WorkspaceOption,
    table: str = typer.Option("transactions", help="The table to rewrite."),
    as_json: bool = JsonOption,
) -> None:
    """Rewrite a table's files sorted by type and time, so that runs skip what they need not read.

    Each file is replaced atomically after its rows are checked; files already in order are
    left as they are, so running it after every ingest costs little."""
    ws = resolve_workspace(workspace)
    if not ws.exists():
        raise fail(f"no workspace at {escape(str(ws.root))} (it has no data/ folder)")
    try:
        report = compact(ws, table)
    except WorkspaceError as e:
        raise fail(escape(str(e))) from None
    if as_json:
        emit_json(report.as_dict())
        return
    console.print(
        f"{table}: {len(report.rewritten)} of {report.files} files rewritten sorted by "
        f"{', '.join(report.cluster_by)} ({report.rows:,} rows, {report.seconds:.1f} s); "
        f"{report.files - len(report.rewritten)} already in order"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(workspace_app, name="workspace")
