"""What every command shares: the console, progress bars, ``--quiet`` and ``--json`` output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)

QuietOption = typer.Option(False, "--quiet", "-q", help="Print nothing but errors.")
JsonOption = typer.Option(False, "--json", help="Print one JSON document for scripts.")


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
