"""``kuzet synth``: build a deterministic synthetic Kazakhstan into a workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from kuzet.cli._common import JsonOption, QuietOption, console, emit_json, fail, progress


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)


def synth(
    persons: int = typer.Option(..., "--persons", min=100, help="Ordinary persons (≥ 100)."),
    days: int = typer.Option(..., "--days", min=1, max=3660, help="Days of ordinary life."),
    seed: int = typer.Option(..., "--seed", min=0, help="Seed: the same seed, the same world."),
    out: Path = typer.Option(..., "--out", help="Workspace folder to create."),
    start: str = typer.Option("2026-01-01", "--start", help="First day (YYYY-MM-DD)."),
    workers: int = typer.Option(
        0, "--workers", min=0, help="Worker processes for ordinary life (0: one per core)."
    ),
    families: str | None = typer.Option(
        None, "--families", help="Plant only these scheme families, e.g. MULE,CASH."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing world."),
    quiet: bool = QuietOption,
    json_out: bool = JsonOption,
) -> None:
    """Write people, firms, banks, ordinary life and labelled schemes as canonical tables."""
    from kuzet.synth.world import SynthConfig, generate
    from kuzet.workspace import WorkspaceError

    try:
        first_day = dt.date.fromisoformat(start)
    except ValueError:
        raise fail(f"--start must be a date YYYY-MM-DD, got {start!r}") from None
    chosen = None
    if families:
        from kuzet.model.schemas import FAMILIES

        chosen = tuple(f.strip().upper() for f in families.split(",") if f.strip())
        unknown = sorted(set(chosen) - set(FAMILIES))
        if unknown:
            raise fail(f"unknown families {unknown}; known: {', '.join(FAMILIES)}")
    try:
        config = SynthConfig(persons, days, seed, start=first_day, workers=workers,
                             families=chosen)  # fmt: skip
    except ValueError as e:
        raise fail(str(e)) from None
    with progress(quiet or json_out) as bar:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            summary = generate(config, out, progress=report, overwrite=overwrite)
        except WorkspaceError as e:
            raise fail(f"{e}; use --overwrite to replace it") from None
    if json_out:
        emit_json(summary.as_dict())
    elif not quiet:
        console.print(
            f"[bold]{summary.persons:,}[/] persons, [bold]{summary.days}[/] days → "
            f"{summary.out}: {summary.transactions:,} transactions in "
            f"{summary.seconds:.1f} s ({summary.tx_per_second:,.0f} tx/s)"
        )
        for table, n in sorted(summary.rows.items()):
            console.print(f"  {table:<22} {n:>12,}")
