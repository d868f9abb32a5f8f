"""``kuzet entities profile|show`` and ``kuzet export ftm``: owners, risk profiles, FtM export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

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
)
from kuzet.entities import (
    EntityConfigError,
    EntityProfile,
    build_profiles,
    entity_profile,
    export_ftm,
    load_config,
    riskiest,
)
from kuzet.workspace import WorkspaceError

entities_app = typer.Typer(
    help="Legal entities: beneficial owners and risk profiles.", no_args_is_help=True
)
export_app = typer.Typer(help="Export workspace data for other tools.", no_args_is_help=True)

JurisdictionsOption = typer.Option(
    None, help="Jurisdiction lists (YAML) to use instead of the shipped ones."
)
RiskModelOption = typer.Option(None, help="Risk model (YAML) to use instead of the shipped one.")
TopOption = typer.Option(10, min=0, help="Show this many of the riskiest entities.")
PaymentsOption = typer.Option(True, help="Include payments involving a legal entity.")
OutOption = typer.Option(..., "--out", "-o", help="FtM JSON-lines file to write.", dir_okay=False)


@entities_app.command("profile")
def profile(
    workspace: Path | None = WorkspaceOption,
    jurisdictions: Path | None = JurisdictionsOption,
    risk_model: Path | None = RiskModelOption,
    top: int = TopOption,
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Compute beneficial owners and risk profiles of every entity (entity_owners, entity_risk)."""
    ws = open_workspace(workspace)
    try:
        run = build_profiles(ws, load_config(jurisdictions, risk_model))
    except (EntityConfigError, WorkspaceError) as e:
        raise fail(str(e)) from None

    top_rows = riskiest(ws, top) if top else []
    if as_json:
        emit_json({**dataclasses.asdict(run), "riskiest": [_summary(p) for p in top_rows]})
        return
    if quiet:
        return
    console.print(
        f"profiled {run.entities} entities as of {run.as_of}"
        f" ({run.owner_rows} owner and controller rows);"
        f" data {run.data_version}, config {escape(run.config_version)}"
    )
    console.print("tiers: " + ", ".join(f"{k} {v}" for k, v in run.tiers.items()))
    if top_rows:
        t = Table(title="riskiest entities", title_justify="left")
        for col in ("BIN", "name", "score", "tier", "owners", "reasons"):
            t.add_column(col)
        for p in top_rows:
            t.add_row(
                p.bin or str(p.entity_id),
                escape(p.name),
                f"{p.score:.1f}",
                p.tier,
                escape(p.bo_statement),
                escape("; ".join(p.reasons[:3])),
            )
        console.print(t)


def _summary(p: EntityProfile) -> dict[str, object]:
    d = dataclasses.asdict(p)
    d["bo_statement"] = p.bo_statement
    return d


@entities_app.command("show")
def show(
    key: str = typer.Argument(..., help="BIN of the entity (or its entity_id)."),
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """One entity: owners with the paths behind their shares, controllers, risk factors."""
    ws = open_workspace(workspace)
    try:
        p = entity_profile(ws, key)
    except WorkspaceError as e:
        raise fail(str(e)) from None
    if as_json:
        emit_json(_summary(p))
        return
    console.print(f"[bold]{escape(p.name)}[/] BIN {p.bin or '—'} ({p.kind.replace('_', ' ')})")
    console.print(f"score {p.score:.1f}, tier [bold]{p.tier}[/]; {escape(p.bo_statement)}")
    console.print(f"as of {p.as_of}; data {p.data_version}; config {escape(p.config_version)}")
    for title, holders in (("owners", p.owners), ("control without ownership", p.controllers)):
        if not holders:
            continue
        t = Table(title=title, title_justify="left")
        for col in ("holder", "id", "role", "share", "BO", "paths"):
            t.add_column(col)
        for h in holders:
            t.add_row(
                escape(h.name),
                h.identifier or "",
                h.role,
                "" if h.share is None else f"{100 * h.share:.2f}%",
                "yes" if h.beneficial_owner else "",
                escape("\n".join(h.paths)),
            )
        console.print(t)
    t = Table(title="risk factors", title_justify="left")
    for col in ("factor", "points", "reason"):
        t.add_column(col)
    for c in p.contributions:
        t.add_row(c["factor"], f"{c['points']:.1f}", escape(c["reason"]))
    console.print(t)


@export_app.command("ftm")
def ftm(
    out: Path = OutOption,
    workspace: Path | None = WorkspaceOption,
    payments: bool = PaymentsOption,
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Write entities, people, ownership, directorships and payments as FollowTheMoney entities."""
    ws = open_workspace(workspace)
    try:
        result = export_ftm(ws, out, payments=payments)
    except ModuleNotFoundError:
        raise fail("the FtM export needs followthemoney: pip install 'kuzet[ftm]'") from None
    except WorkspaceError as e:
        raise fail(str(e)) from None
    if as_json:
        emit_json({"path": str(result.path), "counts": result.counts})
    elif not quiet:
        console.print(
            f"wrote {sum(result.counts.values())} FtM entities to {result.path}: "
            + ", ".join(f"{k} {v}" for k, v in result.counts.items())
        )


def register(app: typer.Typer) -> None:
    app.add_typer(entities_app, name="entities")
    app.add_typer(export_app, name="export")
