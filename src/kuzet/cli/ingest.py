"""``kuzet ingest``: load CSV, Parquet or pacs.008 files into a workspace.

A compliance officer loading the day's exports wants to see, per file, how many rows landed
and how many were set aside and why; a script wants the same as JSON. A file that cannot be
read at all stops the run with one message naming it, and nothing is written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.markup import escape
from rich.progress import TaskID
from rich.table import Table

from kuzet.cli._common import (
    JsonOption,
    QuietOption,
    WorkspaceOption,
    console,
    emit_json,
    err_console,
    fail,
)
from kuzet.cli._common import progress as progress_display
from kuzet.ingest import IngestError, IngestReport, ingest_files
from kuzet.settings import load_settings
from kuzet.workspace import Workspace


class FormatChoice(StrEnum):
    """The ``--format`` choices."""

    auto = "auto"
    csv = "csv"
    parquet = "parquet"
    pacs008 = "pacs008"


FilesArgument = typer.Argument(..., help="Files to load (CSV, Parquet, pacs.008 XML).")
TableOption = typer.Option(
    None, "--table", "-t", help="Canonical table (a pacs.008 file implies transactions)."
)
FormatOption = typer.Option(FormatChoice.auto, "--format", "-f", help="Input format.")
DelimiterOption = typer.Option(",", "--delimiter", "-d", help="CSV field delimiter (tab: \\t).")


def resolve_workspace(path: Path | None) -> Workspace:
    return Workspace(path if path is not None else load_settings().workspace)


def _show(report: IngestReport) -> None:
    table = Table(title="ingest", title_justify="left")
    for name, justify in [
        ("file", "left"),
        ("format", "left"),
        ("table", "left"),
        ("read", "right"),
        ("loaded", "right"),
        ("quarantined", "right"),
        ("status", "left"),
    ]:
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for f in report.files:
        status = f"skipped: {f.note}" if f.skipped else "ok"
        extra = [f"+{n:,} {t}" for t, n in f.loaded.items() if t != f.table]
        loaded = " ".join([f"{f.rows_loaded:,}", *extra])
        table.add_row(
            escape(f.path.name),
            f.format,
            f.table,
            f"{f.rows_read:,}",
            loaded,
            f"{f.rows_quarantined:,}",
            status,
        )
    console.print(table)
    for f in report.files:
        for w in f.warnings:
            err_console.print(f"[yellow]warning:[/] {escape(str(f.path))}: {escape(w)}")
    if report.reasons:
        reasons = ", ".join(f"{r} {n:,}" for r, n in sorted(report.reasons.items()))
        console.print(f"quarantine rows by reason: {reasons}")


def ingest(
    files: list[Path] = FilesArgument,
    workspace: Path | None = WorkspaceOption,
    table: str | None = TableOption,
    fmt: FormatChoice = FormatOption,
    delimiter: str = DelimiterOption,
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Validate files and load their good rows; bad rows go to the quarantine table."""
    ws = resolve_workspace(workspace)
    delimiter = "\t" if delimiter in ("\\t", "tab") else delimiter
    with progress_display(quiet or as_json) as bar:
        tasks: dict[Path, TaskID] = {}

        def tick(path: Path, done: int, total: int) -> None:
            if path not in tasks:
                tasks[path] = bar.add_task(escape(path.name), total=max(total, 1))
            bar.update(tasks[path], completed=min(done, total))

        try:
            report = ingest_files(
                ws, table, files, fmt=fmt.value, delimiter=delimiter, progress=tick
            )
        except IngestError as exc:
            raise fail(escape(str(exc))) from None
    if as_json:
        emit_json(report.to_dict())
    elif not quiet:
        _show(report)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
