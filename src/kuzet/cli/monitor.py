"""``kuzet monitor``: run typology packs over a workspace and write alerts."""

from __future__ import annotations

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
    err_console,
    fail,
    open_workspace,
    parse_day,
)
from kuzet.engine import ENGINES, EngineError, open_backend
from kuzet.ingest import unclustered_files
from kuzet.model import TABLES
from kuzet.settings import load_settings
from kuzet.typologies import (
    BUILTIN_PACKS,
    SIGN_CODES_FILE,
    Pack,
    PackError,
    RunResult,
    RunWindow,
    TrustStore,
    builtin_packs,
    default_trust_dir,
    indicator_tables,
    load_pack,
    parse_overrides,
    read_sign_codes,
    run_pack,
    with_sign_codes,
)
from kuzet.workspace import Workspace


def missing_inputs(pack: Pack, ws: Workspace) -> list[str]:
    """Notes for the pack's indicators that read (themselves or through features) a table
    another Kuzet command writes (``Table.written_by``: they run, and find nothing) or
    reference data the bank loads (``Table.loaded_with``: they do without it), where that
    table has no rows yet."""
    readers: dict[str, list[str]] = {}
    for indicator, tables in indicator_tables(pack).items():
        for t in sorted(tables):
            if TABLES[t].written_by or TABLES[t].loaded_with:
                readers.setdefault(t, []).append(indicator)
    notes = []
    for t, ids in sorted(readers.items()):
        if ws.row_count(t) == 0:
            one, decl = len(ids) == 1, TABLES[t]
            who = f"{', '.join(ids)} {'reads' if one else 'read'} {t}, which has no rows here"
            if decl.written_by:
                notes.append(
                    f"note: {who}, so {'it finds' if one else 'they find'} nothing: run "
                    f"`{decl.written_by}` before monitoring ({decl.rerun_when})"
                )
            else:
                notes.append(f"note: {who}: load it with {decl.loaded_with}")
    return notes


def _notes(packs: list[Pack], ws: Workspace) -> list[str]:
    """What the user can do for the next run: inputs other commands write, compaction."""
    notes = [note for p in packs for note in missing_inputs(p, ws)]
    loose = unclustered_files(ws)
    if loose:
        notes.append(
            f"note: {len(loose)} of {len(ws.files('transactions'))} transaction files are "
            "not sorted by type and time; `kuzet workspace compact` makes runs read less"
        )
    return notes


def _trust(trusted_keys: Path | None, ws: Workspace) -> TrustStore:
    """The bank's trust store, plus the keys shipped beside Kuzet's own packs."""
    keys: dict[str, Any] = {}
    sources = []
    for d in (BUILTIN_PACKS / "keys", trusted_keys or default_trust_dir(ws.root)):
        if d is not None and Path(d).is_dir():
            try:
                store = TrustStore.from_dir(d)
            except ValueError as e:
                raise fail(str(e)) from None
            keys.update(store.keys)
            sources.append(str(d))
    if not sources:
        raise fail(
            "no trust store: put the FMA's public key (*.pub) in "
            f"{ws.meta_dir / 'trusted_keys'}, or give --trusted-keys DIR or KUZET_TRUSTED_KEYS"
        )
    return TrustStore(keys, " and ".join(sources))


def _print(result: RunResult) -> None:
    p = result.pack
    signed = f"signed by {p.signed_by}" if p.signed_by else "UNSIGNED"
    console.print(
        f"[bold]{escape(p.id)}[/] {escape(p.version)} ({signed}) on {result.engine}, "
        f"window {result.window.key}",
        soft_wrap=True,
    )
    table = Table("typology", "family", "subject", "alerts", "top score", title_justify="left")
    for row in result.summary():
        top = "" if row["max_score"] is None else f"{row['max_score']:.3f}"
        table.add_row(row["typology"], row["family"], row["subject"], str(row["alerts"]), top)
    console.print(table)
    hits = ", ".join(f"{i} {n}" for i, n in result.hits_by_indicator().items())
    console.print(f"hits: {hits}")
    codes = _sign_code_counts(result)
    if codes:
        listed = ", ".join(f"{escape(k)} ({n})" for k, n in codes.items())
        console.print(f"AFM sign codes in alerts: {listed}", soft_wrap=True)
    else:
        console.print("AFM sign codes in alerts: none mapped (see --sign-codes)")
    slow = ", ".join(f"{escape(s)} {sec:.1f} s" for s, sec in result.slowest_steps(5))
    console.print(f"slowest steps: {slow} (all of them: --json)", soft_wrap=True)
    for f in result.failures:
        err_console.print(f"[bold red]failed:[/] {escape(f.step)}: {escape(f.error)}")
        if f.sql:
            err_console.print(f.sql, markup=False, highlight=False, soft_wrap=True)
    if result.paths:
        console.print(f"alerts: {escape(str(result.paths[0]))}", soft_wrap=True)


def _as_json(result: RunResult) -> dict[str, Any]:
    p = result.pack
    return {
        "pack": {"id": p.id, "version": p.version, "sha256": p.digest, "signed_by": p.signed_by},
        "engine": result.engine,
        "window": {"key": result.window.key, "from": result.window.start, "to": result.window.end},
        "typologies": result.summary(),
        "hits": result.hits_by_indicator(),
        "alerts": result.alerts.num_rows,
        "sign_codes": _sign_code_counts(result),
        "failures": [{"step": f.step, "error": f.error, "sql": f.sql} for f in result.failures],
        "files": [str(x) for x in result.paths or ()],
        "timings": [
            {
                "step": t.step,
                "seconds": round(t.seconds, 4),
                "cpu_seconds": None if t.cpu_seconds is None else round(t.cpu_seconds, 4),
                "rows": t.rows,
            }
            for t in result.timings
        ],
    }


PackOption = typer.Option(
    None, "--pack", "-p", help="Pack file (repeatable; default: the packs shipped with Kuzet)."
)
EngineOption = typer.Option("duckdb", "--engine", "-e", help=f"One of {', '.join(ENGINES)}.")
MasterOption = typer.Option(None, "--spark-master", help="Spark master URL (default local[2]).")
FromOption = typer.Option(None, "--from", help="First day, YYYY-MM-DD.")
ToOption = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (inclusive).")
SetOption = typer.Option(
    None, "--set", help="Tune a parameter: INDICATOR.param=value (repeatable)."
)
TrustOption = typer.Option(
    None, "--trusted-keys", help="Folder of trusted *.pub keys.", file_okay=False
)
UnsignedOption = typer.Option(
    False, "--allow-unsigned", help="Run a pack without a valid signature (testing only)."
)
SignCodesOption = typer.Option(
    None,
    "--sign-codes",
    help="YAML mapping of indicators to AFM sign codes (effective-dated); default: "
    f"<workspace>/_kuzet/{SIGN_CODES_FILE} when present. Changes what alerts report, "
    "not what they find.",
    dir_okay=False,
)


def _with_sign_codes(
    packs: list[tuple[Pack, dict[str, Any]]], path: Path | None, ws: Workspace
) -> list[tuple[Pack, dict[str, Any]]]:
    """Each pack with the bank's sign-code mapping applied to the indicators it has."""
    if path is None:
        default = ws.meta_dir / SIGN_CODES_FILE
        if not default.is_file():
            return packs
        path = default
    try:
        codes = read_sign_codes(path)
        unknown = sorted(set(codes) - {i for p, _ in packs for i in p.indicators})
        if unknown:
            raise fail(f"{path}: indicator {unknown[0]}: no loaded pack has that indicator")
        return [
            (with_sign_codes(p, {k: v for k, v in codes.items() if k in p.indicators}, path), o)
            for p, o in packs
        ]
    except PackError as e:
        raise fail(str(e)) from None


def _sign_code_counts(result: RunResult) -> dict[str, int]:
    """``"MULE-01 1035" → alerts naming it`` for every fired indicator that has a code."""
    counts: dict[str, int] = {}
    for fired in result.alerts.column("indicators").to_pylist():
        for f in fired or ():
            if f["sign_code"]:
                key = f"{f['indicator_id']} {f['sign_code']}"
                counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))


def _load(
    paths: list[Path], overrides: list[str], trust: TrustStore | None
) -> list[tuple[Pack, dict[str, Any]]]:
    """Each pack, verified (unless ``trust`` is None) and valid, with its checked overrides."""
    packs: list[tuple[Pack, dict[str, Any]]] = []
    for path in paths:
        try:
            loaded = load_pack(path, trusted_keys=trust, allow_unsigned=trust is None)
            mine = [o for o in overrides if o.split(".", 1)[0] in loaded.indicators]
            packs.append((loaded, parse_overrides(loaded, mine)))
        except PackError as e:
            raise fail(str(e)) from None
    for o in overrides:
        if not any(o.split(".", 1)[0] in p.indicators for p, _ in packs):
            raise fail(f"--set {o}: no loaded pack has that indicator")
    return packs


def monitor(
    workspace: Path | None = WorkspaceOption,
    pack: list[Path] | None = PackOption,
    engine: str = EngineOption,
    spark_master: str | None = MasterOption,
    date_from: str | None = FromOption,
    date_to: str | None = ToOption,
    overrides: list[str] | None = SetOption,
    trusted_keys: Path | None = TrustOption,
    allow_unsigned: bool = UnsignedOption,
    sign_codes: Path | None = SignCodesOption,
    quiet: bool = QuietOption,
    as_json: bool = JsonOption,
) -> None:
    """Run typology packs over a workspace; write alerts and indicator hits for the window.

    Exits 1 when a feature or indicator failed (the others still ran and were written).
    """
    ws = open_workspace(workspace)
    if engine not in ENGINES:
        raise fail(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
    try:
        window = RunWindow(parse_day(date_from, "--from"), parse_day(date_to, "--to"))
    except ValueError as e:
        raise fail(str(e)) from None
    paths = pack or builtin_packs()
    if not paths:
        raise fail("no pack given (--pack FILE) and no pack shipped with this Kuzet")
    trust = None if allow_unsigned else _trust(trusted_keys, ws)
    packs = _with_sign_codes(_load(paths, overrides or [], trust), sign_codes, ws)

    results = []
    try:
        backend = open_backend(engine, threads=load_settings().threads, spark_master=spark_master)
    except (RuntimeError, EngineError) as e:
        raise fail(f"cannot start {engine}: {e}") from None
    with backend:
        for loaded, values in packs:
            try:
                results.append(run_pack(backend, ws, loaded, window=window, overrides=values))
            except EngineError as e:
                raise fail(str(e)) from None
    if as_json:
        emit_json(_as_json(results[0]) if len(results) == 1 else [_as_json(r) for r in results])
    elif not quiet:
        for r in results:
            _print(r)
        for note in _notes([loaded for loaded, _ in packs], ws):
            err_console.print(note, soft_wrap=True)
    if any(r.failures for r in results):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command()(monitor)
