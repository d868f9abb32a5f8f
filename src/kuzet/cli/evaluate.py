"""``kuzet evaluate``: precision, recall and F1 of the alerts against a synthetic world's labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from kuzet.cli._common import JsonOption, WorkspaceOption, console, emit_json, fail
from kuzet.network import RINGS_TABLE, evaluate_rings
from kuzet.settings import load_settings
from kuzet.typologies import (
    ALERTS_TABLE,
    HITS_TABLE,
    Pack,
    PackError,
    builtin_packs,
    evaluate,
    read_pack,
    runs_counted,
)
from kuzet.workspace import Workspace

PackOption = typer.Option(
    None,
    "--pack",
    "-p",
    help="Pack(s) that produced the alerts: their typologies count even without alerts.",
)


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"


def _table(title: str, rows: dict[str, dict[str, Any]]) -> Table:
    t = Table(title=title, title_justify="left")
    t.add_column(title)
    for name in ("precision", "recall", "F1", "tp", "fp", "fn", "decoys"):
        t.add_column(name, justify="right")
    for key, s in rows.items():
        name = key if s.get("covered", True) else f"{key} (no typology)"
        t.add_row(
            escape(name),
            _fmt(s["precision"]),
            _fmt(s["recall"]),
            _fmt(s["f1"]),
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
            str(s["fp_decoys"]),
        )
    return t


def _packs(paths: list[Path] | None, alert_pack_ids: set[str]) -> list[Pack]:
    """The packs named, else the shipped packs whose alerts are in the workspace."""
    out = []
    for p in paths or builtin_packs():
        try:
            pack = read_pack(p)
        except PackError as e:
            raise fail(str(e)) from None
        if paths or pack.id in alert_pack_ids:
            out.append(pack)
    return out


def evaluate_command(
    workspace: Path | None = WorkspaceOption,
    pack: list[Path] | None = typer.Option(  # noqa: B008 - typer declares options as defaults
        None,
        "--pack",
        "-p",
        help="Pack(s) that produced the alerts: their typologies' subject "
        "types count even where a typology raised no alert.",
    ),
    window: str | None = typer.Option(
        None,
        "--window",
        help="Count only the runs over this window (all, or FROM_TO as in the alert file "
        "names). Default: the outermost runs of each pack (an all-time run, not the monthly "
        "runs inside it).",
    ),
    as_json: bool = JsonOption,
) -> None:
    """Compare alerts with the labels of a synthetic world, per family and per typology."""
    ws = Workspace(workspace if workspace is not None else load_settings().workspace)
    if not ws.files("labels"):
        raise fail(f"{ws.root} has no labels: evaluation needs a synthetic world")
    alerts = ws.read(ALERTS_TABLE) if ws.files(ALERTS_TABLE) else None
    if alerts is None:
        raise fail(f"{ws.root} has no alerts: run kuzet monitor first")
    decoys = ws.read("decoys") if ws.files("decoys") else None
    pack_ids = {str(x) for x in alerts.column("pack_id").to_pylist()}
    runs = runs_counted(alerts, window)
    if window is not None and not runs:
        raise fail(f"no run over window {window!r} in {ws.root}")
    hits = ws.read(HITS_TABLE) if ws.files(HITS_TABLE) else None
    report = evaluate(
        alerts, ws.read("labels"), decoys, _packs(pack, pack_ids), window=window, hits=hits
    )
    report["runs"] = runs
    rings = ws.read(RINGS_TABLE) if ws.files(RINGS_TABLE) else None
    if rings is not None and rings.num_rows:  # kuzet network rings found rings: beside the rules
        report["rings"] = evaluate_rings(rings, ws.read("labels"), alerts)
    if as_json:
        emit_json(report)
        return
    listed = ", ".join(f"{r['pack']} {r['window']}" for r in runs)
    console.print(f"runs counted: {escape(listed)}", soft_wrap=True)
    console.print(_table("family", report["families"]))
    console.print(_table("typology", report["typologies"]))
    console.print(_table("overall", {"all": report["overall"]}))
    if "indicators" in report:
        console.print(lift_table(report["indicators"]))
    if "rings" in report:
        console.print(_rings_table(report["rings"]))


def lift_table(lift: dict[str, dict[str, Any]]) -> Table:
    """Each typology against its best member indicator used alone (F1)."""
    t = Table(
        title="typology against its best single indicator (F1; an indicator alone flags "
        "every subject it fired on)",
        title_justify="left",
    )
    for name, right in (("typology", False), ("F1", True), ("best indicator", False)):
        t.add_column(name, justify="right" if right else "left")
    for name in ("its F1", "lift"):
        t.add_column(name, justify="right")
    for tid, r in lift.items():
        lift_value = r["lift"]
        shown = "—" if lift_value is None else f"{lift_value:+.3f}"
        t.add_row(
            escape(tid),
            _fmt(r["f1"]),
            escape(r["best_indicator"] or "—"),
            _fmt(r["best_indicator_f1"]),
            shown if lift_value is None or lift_value > 0 else f"[bold]{shown}[/bold]",
        )
    return t


def _rings_table(r: dict[str, Any]) -> Table:
    """Drop rings (kuzet network rings) against MULE and LAYER schemes, beside the rules."""
    t = Table(
        title=f"rings (score ≥ {r['min_score']}): {r['rings']} rings, {r['ring_members']} "
        f"accounts (+{r.get('context_members', 0)} context: linked, cash-out); ring precision "
        f"{_fmt(r['ring_precision'])}, account precision "
        f"{_fmt(r['account_precision'])} (MULE+LAYER) / {_fmt(r['account_precision_any'])}"
        " (any scheme)",
        title_justify="left",
    )
    t.add_column("family")
    for name in ("schemes found", "accounts", "rings R", "rules P", "rules R"):
        t.add_column(name, justify="right")
    t.add_column("rules+rings P", justify="right")
    t.add_column("rules+rings R", justify="right")
    for family, f in r["families"].items():
        t.add_row(
            family,
            f"{f['schemes_found']}/{f['schemes']}",
            str(f["accounts"]),
            _fmt(f["rings"]["recall"]),
            _fmt(f["rules"]["precision"]),
            _fmt(f["rules"]["recall"]),
            _fmt(f["rules+rings"]["precision"]),
            _fmt(f["rules+rings"]["recall"]),
        )
    return t


def register(app: typer.Typer) -> None:
    app.command(name="evaluate")(evaluate_command)
