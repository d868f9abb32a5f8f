"""Command groups ``lists``, ``screen``, ``wallets`` and ``registry`` (screening)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from kuzet.cli._common import JsonOption, QuietOption, console, emit_json, fail
from kuzet.screening import DEFAULT_THRESHOLD, ListStore, Matcher, Query, check, run
from kuzet.screening.crypto import Registry, export
from kuzet.screening.lists import FORMATS, ListFormatError
from kuzet.screening.run import lists_dir, registry_dir, rescreen
from kuzet.workspace import Workspace

lists_app = typer.Typer(help="Sanctions and TF/PF lists: load versions, show differences.")
screen_app = typer.Typer(help="Screen names or a whole workspace against the lists.")
wallets_app = typer.Typer(help="Check crypto wallet addresses.")
registry_app = typer.Typer(help="High-risk wallet and crypto platform registries.")

FileArg = typer.Argument(..., help="The file (CSV or YAML; lists: see --format).")
WorkspaceOpt = typer.Option(Path("."), "--workspace", "-w", help="Workspace folder.")


def _store(ws: Path) -> ListStore:
    return ListStore(lists_dir(Workspace(ws)))


@lists_app.command("load")
def lists_load(
    list_id: str = typer.Argument(..., help="List name, e.g. un, afm-tf, afm-pf, custom."),
    path: Path = FileArg,
    fmt: str | None = typer.Option(None, "--format", help=f"One of {sorted(FORMATS)}."),
    workspace: Path = WorkspaceOpt,
    json_out: bool = JsonOption,
) -> None:
    """Load a new version of a list; a malformed file changes nothing.

    When the workspace has been screened, its hits are brought up to date from the change
    alone: added and changed entries are screened against every party, hits on removed
    and changed entries are withdrawn, the rest are kept."""
    store = _store(workspace)
    try:
        diff = store.load(list_id, path, fmt)
    except ListFormatError as exc:
        raise fail(f"{exc} (the previous version stays in force)") from None
    except OSError as exc:
        raise fail(f"{path}: cannot read: {exc.strerror or exc}") from None
    ws = Workspace(workspace)
    redone = rescreen(ws, diff, store) if ws.exists() else None
    if json_out:
        emit_json({**diff.to_dict(), "rescreen": redone.to_dict() if redone else None})
        return
    console.print(
        f"{list_id} v{diff.new_version}: +{len(diff.added)} added, {len(diff.changed)} changed,"
        f" -{len(diff.removed)} removed, {diff.unchanged} unchanged"
    )
    if redone is not None:
        how = "re-screened" if redone.incremental else "screened all again"
        console.print(
            f"screening_hits {how}: {redone.entries_screened} entries against all parties, "
            f"{redone.kept} hits kept, {redone.withdrawn} withdrawn, {redone.added} added"
        )


@lists_app.command("diff")
def lists_diff(
    list_id: str,
    old: int = typer.Argument(...),
    new: int = typer.Argument(...),
    workspace: Path = WorkspaceOpt,
) -> None:
    """Entries added, changed and removed between two versions of a list."""
    try:
        emit_json(_store(workspace).diff(list_id, old, new).to_dict())
    except (KeyError, FileNotFoundError) as exc:
        raise fail(f"no such list version: {exc}") from None


@screen_app.command("name")
def screen_name(
    name: str,
    birth_date: str | None = typer.Option(None, "--birth-date"),
    nationality: str | None = typer.Option(None, "--nationality"),
    kind: str | None = typer.Option(None, "--kind", help="person or entity"),
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold"),
    workspace: Path = WorkspaceOpt,
    json_out: bool = JsonOption,
) -> None:
    """Screen one name; every match explains itself."""
    matcher = Matcher(_store(workspace).all_current())
    bd = dt.date.fromisoformat(birth_date) if birth_date else None
    matches = matcher.match(Query(name, kind, bd, nationality), threshold)
    if json_out:
        emit_json([m.to_dict() for m in matches])
        return
    if not matches:
        console.print(f"no match at threshold {threshold} among {len(matcher)} entries")
    for m in matches:
        console.print(m.explain(), markup=False)


@screen_app.command("parties")
def screen_parties_cmd(
    workspace: Path = WorkspaceOpt,
    threshold: float = typer.Option(DEFAULT_THRESHOLD, "--threshold"),
    workers: int = typer.Option(
        0, "--workers", min=0, help="Processes screening parties (0: one per core, at most 4)."
    ),
    quiet: bool = QuietOption,
) -> None:
    """Screen all persons, firms, owners and counterparties; write the screening tables."""
    ws = Workspace(workspace)
    if not ws.exists():
        raise fail(f"{workspace} is not a workspace (no data/ folder)")
    counts = run(ws, threshold=threshold, workers=workers or None)
    if not quiet:
        for table, n in counts.items():
            console.print(f"{table}: {n} rows")


@wallets_app.command("check")
def wallets_check(
    address: str,
    chain: str | None = typer.Option(None, "--chain"),
    workspace: Path = WorkspaceOpt,
) -> None:
    """Validate an address and look it up in the high-risk wallet registry."""
    found_chain, reason = check(address, chain)
    if reason:
        raise fail(f"{address}: invalid {found_chain or 'address'}: {reason}", code=1)
    console.print(f"{address}: valid {found_chain} address")
    for w in Registry(registry_dir(Workspace(workspace))).wallets():
        if w.chain == found_chain and w.address.lower() == address.strip().lower():
            console.print(f"LISTED: {w.category} (source {w.source}, confidence {w.confidence})")


@registry_app.command("import")
def registry_import(
    kind: str = typer.Argument(..., help="wallets or platforms"),
    path: Path = FileArg,
    workspace: Path = WorkspaceOpt,
) -> None:
    """Import a registry from CSV or YAML as its next version."""
    try:
        diff = Registry(registry_dir(Workspace(workspace))).import_file(kind, path)
    except (ListFormatError, ValueError) as exc:
        raise fail(f"{exc} (the previous version stays in force)") from None
    console.print(
        f"{kind} v{diff.new_version}: +{len(diff.added)} {len(diff.changed)} changed "
        f"-{len(diff.removed)}"
    )


@registry_app.command("export")
def registry_export(
    kind: str = typer.Argument(..., help="wallets or platforms"),
    path: Path = FileArg,
    workspace: Path = WorkspaceOpt,
) -> None:
    """Export the registry in force as CSV or YAML."""
    reg = Registry(registry_dir(Workspace(workspace)))
    if kind == "wallets":
        export(reg.wallets(), path)
    elif kind == "platforms":
        export(reg.platforms(), path)
    else:
        raise fail("kind must be wallets or platforms")


def register(app: typer.Typer) -> None:
    app.add_typer(lists_app, name="lists")
    app.add_typer(screen_app, name="screen")
    app.add_typer(wallets_app, name="wallets")
    app.add_typer(registry_app, name="registry")
