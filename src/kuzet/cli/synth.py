"""``kuzet synth``: build a deterministic synthetic Kazakhstan into a workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from kuzet.cli._common import JsonOption, QuietOption, console, emit_json, fail, progress
from kuzet.model.schemas import FAMILIES
from kuzet.synth.world import SynthConfig, SynthSummary, generate
from kuzet.workspace import WorkspaceError

PersonsOption = typer.Option(..., "--persons", min=100, help="Ordinary persons (at least 100).")
DaysOption = typer.Option(..., "--days", min=1, max=3660, help="Days of ordinary life.")
SeedOption = typer.Option(..., "--seed", min=0, help="Seed: the same seed gives the same world.")
OutOption = typer.Option(..., "--out", help="Workspace folder to create.")
StartOption = typer.Option("2026-01-01", "--start", help="First day, YYYY-MM-DD.")
WorkersOption = typer.Option(
    0, "--workers", min=0, help="Worker processes for ordinary life and planting (0: one per core)."
)
FamiliesOption = typer.Option(
    None, "--families", help="Plant only these scheme families, e.g. MULE,CASH (default: all)."
)
OverwriteOption = typer.Option(False, "--overwrite", help="Replace an existing world in --out.")


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)


def synth(
    persons: int = PersonsOption,
    days: int = DaysOption,
    seed: int = SeedOption,
    out: Path = OutOption,
    start: str = StartOption,
    workers: int = WorkersOption,
    families: str | None = FamiliesOption,
    overwrite: bool = OverwriteOption,
    quiet: bool = QuietOption,
    json_out: bool = JsonOption,
) -> None:
    """Write people, firms, banks, ordinary life and labelled schemes as canonical tables."""
    config = _config(persons, days, seed, start, workers, families)
    with progress(quiet or json_out) as bar:
        tasks: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]

        try:
            summary = generate(config, out, progress=report, overwrite=overwrite)
        except WorkspaceError as e:
            raise fail(f"{e}; use --overwrite to replace it") from None
    if json_out:
        emit_json(summary.as_dict())
    elif not quiet:
        _print(summary)


def _config(
    persons: int, days: int, seed: int, start: str, workers: int, families: str | None
) -> SynthConfig:
    try:
        first_day = dt.date.fromisoformat(start)
    except ValueError:
        raise fail(f"--start must be a date YYYY-MM-DD, got {start!r}") from None
    chosen = None
    if families:
        chosen = tuple(f.strip().upper() for f in families.split(",") if f.strip())
        unknown = sorted(set(chosen) - set(FAMILIES))
        if unknown:
            raise fail(f"unknown families {unknown}; known: {', '.join(FAMILIES)}")
    try:
        return SynthConfig(persons, days, seed, start=first_day, workers=workers, families=chosen)
    except ValueError as e:
        raise fail(str(e)) from None


def _print(summary: SynthSummary) -> None:
    console.print(
        f"[bold]{summary.persons:,}[/] persons, [bold]{summary.days}[/] days → "
        f"{summary.out}: {summary.transactions:,} transactions in "
        f"{summary.seconds:.1f} s ({summary.tx_per_second:,.0f} tx/s)"
    )
    for table, n in sorted(summary.rows.items()):
        console.print(f"  {table:<22} {n:>12,}")
