"""What every command shares: the console, progress bars, ``--quiet`` and ``--json`` output."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from kuzet.settings import load_settings
from kuzet.workspace import Workspace

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

QuietOption = typer.Option(False, "--quiet", "-q", help="Print nothing but errors.")
JsonOption = typer.Option(False, "--json", help="Print one JSON document for scripts.")
WorkspaceOption = typer.Option(
    None,
    "--workspace",
    "-w",
    help="Workspace folder (default: KUZET_WORKSPACE or ./workspace).",
    file_okay=False,
)


def emit_json(data: Any) -> None:
    """Write one JSON document to standard output (no rich markup, no wrapping)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


@contextmanager
def progress(quiet: bool = False) -> Iterator[Progress]:
    """A rich progress display on stderr; disabled (but still usable) when quiet."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet,
        transient=False,
    ) as p:
        yield p


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clear error and return the exit to raise: ``raise fail("…")``."""
    err_console.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    return typer.Exit(code)


def open_workspace(path: Path | None) -> Workspace:
    """The workspace at ``path`` (default: the settings'), or one clear error if there is none."""
    ws = Workspace(path if path is not None else load_settings().workspace)
    if not ws.exists():
        raise fail(f"no workspace at {ws.root}")
    return ws


def parse_day(value: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option value as a date (``None`` stays ``None``)."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} must be a date YYYY-MM-DD, got {value!r}") from None
