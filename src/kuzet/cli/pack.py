"""``kuzet pack``: make keys, sign, verify, validate and show typology packs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from kuzet.cli._common import JsonOption, console, emit_json, fail
from kuzet.engine import ENGINES
from kuzet.typologies import (
    Pack,
    PackError,
    TrustStore,
    default_trust_dir,
    explain_sql,
    generate_keypair,
    read_pack,
    sign_pack,
    verify_pack,
)

app = typer.Typer(help="Typology packs: keys, signatures, validation.", no_args_is_help=True)

PackArgument = typer.Argument(..., help="The pack's YAML file.", dir_okay=False)
TrustOption = typer.Option(
    None,
    "--trusted-keys",
    help="Folder of trusted *.pub keys (default: KUZET_TRUSTED_KEYS or "
    "<workspace>/_kuzet/trusted_keys).",
    file_okay=False,
)
WorkspaceOption = typer.Option(
    None, "--workspace", "-w", help="Workspace whose trust store to use.", file_okay=False
)

OutOption = typer.Option(..., "--out", help="Folder for the new key pair.", file_okay=False)
KeyOption = typer.Option(..., "--key", help="The private key (.key).", dir_okay=False)
SqlOption = typer.Option(None, "--sql", help="Print this indicator's compiled SQL.")
EngineOption = typer.Option("duckdb", "--engine", help=f"Dialect for --sql: {', '.join(ENGINES)}.")


def trust_store(trusted_keys: Path | None, workspace: Path | None) -> TrustStore:
    """The trust store a command should use, or a clear error when there is none."""
    directory = trusted_keys or default_trust_dir(workspace)
    if directory is None:
        raise fail("no trust store: give --trusted-keys DIR, --workspace DIR or KUZET_TRUSTED_KEYS")
    try:
        return TrustStore.from_dir(directory)
    except ValueError as e:
        raise fail(str(e)) from None


def describe(pack: Pack) -> dict[str, Any]:
    """The pack as a JSON-ready summary (no SQL)."""
    return {
        "id": pack.id,
        "issuer": pack.issuer,
        "version": pack.version,
        "effective_from": pack.effective_from.isoformat(),
        "effective_to": pack.effective_to.isoformat() if pack.effective_to else None,
        "sha256": pack.digest,
        "features": list(pack.features),
        "indicators": {
            i.id: {
                "title": dict(i.titles),
                "subject": i.subject,
                "legal_ref": i.legal_ref,
                "afm_sign_codes": [
                    {"code": c.code, "from": c.valid_from, "to": c.valid_to} for c in i.sign_codes
                ],
                "params": {
                    p.name: {
                        "type": p.type,
                        "default": p.default,
                        "min": p.min,
                        "max": p.max,
                        "tunable": p.tunable,
                    }
                    for p in i.params.values()
                },
            }
            for i in pack.indicators.values()
        },
        "typologies": {
            t.id: {
                "family": t.family,
                "title": dict(t.titles),
                "subject": t.subject,
                "combine": t.combine,
                "threshold": t.threshold,
                "indicators": [
                    {"id": m.indicator, "weight": m.weight, "required": m.required}
                    for m in t.members
                ],
            }
            for t in pack.typologies.values()
        },
    }


def _read(path: Path) -> Pack:
    try:
        return read_pack(path)
    except PackError as e:
        raise fail(str(e)) from None


@app.command()
def keygen(out: Path = OutOption) -> None:
    """Make an Ed25519 key pair: <key id>.key (keep it secret) and <key id>.pub (publish it)."""
    key, pub = generate_keypair(out)
    console.print(f"private key: {escape(str(key))}\npublic key:  {escape(str(pub))}")


@app.command()
def sign(
    pack: Path = PackArgument,
    key: Path = KeyOption,
) -> None:
    """Validate the pack, then write its detached signature PACK.sig."""
    _read(pack)
    try:
        out = sign_pack(pack, key)
    except (OSError, ValueError) as e:
        raise fail(str(e)) from None
    console.print(f"signed: {escape(str(out))}")


@app.command()
def verify(
    pack: Path = PackArgument,
    trusted_keys: Path | None = TrustOption,
    workspace: Path | None = WorkspaceOption,
    as_json: bool = JsonOption,
) -> None:
    """Check the pack's signature against the trust store."""
    trust = trust_store(trusted_keys, workspace)
    try:
        verified = verify_pack(pack, trust)
    except PackError as e:
        raise fail(str(e)) from None
    except OSError as e:
        raise fail(f"{pack}: {e.strerror or e}") from None
    if as_json:
        emit_json({"pack": str(pack), "key_id": verified.key_id, "sha256": verified.sha256})
    else:
        console.print(f"ok: {escape(str(pack))} signed by trusted key {verified.key_id}")


@app.command()
def validate(pack: Path = PackArgument, as_json: bool = JsonOption) -> None:
    """Check the pack's structure and every SQL statement, without running anything."""
    p = _read(pack)
    if as_json:
        emit_json({"valid": True, "id": p.id, "version": p.version, "sha256": p.digest})
    else:
        n = f"{len(p.features)} features, {len(p.indicators)} indicators, "
        console.print(f"valid: {p.id} {p.version} ({n}{len(p.typologies)} typologies)")


@app.command()
def show(
    pack: Path = PackArgument,
    sql: str | None = SqlOption,
    engine: str = EngineOption,
    as_json: bool = JsonOption,
) -> None:
    """Print the pack's indicators and typologies (or one indicator's SQL)."""
    p = _read(pack)
    if sql:
        if sql not in p.indicators:
            raise fail(f"{pack}: no indicator {sql}; indicators: {', '.join(p.indicators)}")
        if engine not in ENGINES:
            raise fail(f"unknown engine {engine!r}; engines: {', '.join(ENGINES)}")
        sys.stdout.write(explain_sql(p, sql, engine) + "\n")
        return
    if as_json:
        emit_json(describe(p))
        return
    console.print(f"[bold]{escape(p.id)}[/] {escape(p.version)} — {escape(p.issuer)}")
    console.print(f"in force from {p.effective_from} to {p.effective_to or 'further notice'}")
    console.print(f"sha256 {p.digest}")
    indicators = Table("indicator", "subject", "title", "parameters", title_justify="left")
    for i in p.indicators.values():
        params = ", ".join(
            f"{q.name}={q.default}{'*' if q.tunable else ''}" for q in i.params.values()
        )
        indicators.add_row(i.id, i.subject, escape(i.titles["en"]), escape(params))
    console.print(indicators)
    console.print("* tunable")
    typologies = Table("typology", "family", "rule", "threshold", "indicators")
    for t in p.typologies.values():
        members = ", ".join(
            f"{m.indicator}×{m.weight:g}{' (required)' if m.required else ''}" for m in t.members
        )
        typologies.add_row(t.id, t.family, t.combine, f"{t.threshold:g}", members)
    console.print(typologies)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="pack")
