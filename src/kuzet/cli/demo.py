"""``kuzet demo``: the whole story on a small synthetic world, in well under a minute."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from kuzet.cli._common import JsonOption, QuietOption, console, emit_json, progress
from kuzet.cli.evaluate import lift_table
from kuzet.demo import DemoConfig, DemoResult, Monitoring, run_demo
from kuzet.entities import EntityProfile


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


WorkspaceOption = typer.Option(
    Path("demo-workspace"), "--workspace", help="Folder to (re)build; it is replaced."
)
PersonsOption = typer.Option(4_000, "--persons", min=100, help="Persons in the world.")
DaysOption = typer.Option(30, "--days", min=8, help="Days of activity.")
SeedOption = typer.Option(2026, "--seed", min=0, help="Seed of the synthetic world.")


def demo(
    workspace: Path = WorkspaceOption,
    persons: int = PersonsOption,
    days: int = DaysOption,
    seed: int = SeedOption,
    quiet: bool = QuietOption,
    json_out: bool = JsonOption,
) -> None:
    """Build a synthetic Kazakhstan, ingest its exports (with corrupted rows), show the result."""
    config = DemoConfig(root=workspace, persons=persons, days=days, seed=seed)
    with progress(quiet or json_out) as bar:
        tasks: dict[str, object] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)  # type: ignore[arg-type]

        result = run_demo(config, progress=report)
    if json_out:
        emit_json(_as_dict(result))
    elif not quiet:
        _print(result)


def _as_dict(r: DemoResult) -> dict[str, object]:
    return {
        "workspace": str(r.workspace),
        "synth": r.synth.as_dict(),
        "ingest_parquet": r.parquet.to_dict(),
        "ingest_csv": r.csv.to_dict(),
        "corruptions": [c.__dict__ for c in r.corruptions],
        "compaction": r.compaction.as_dict(),
        "quarantine": r.quarantine,
        "monitoring": [
            {
                "pack": m.run.pack.id,
                "version": m.run.pack.version,
                "signature": str(m.signature),
                "key_id": m.key_id,
                "seconds": round(m.seconds, 3),
                "typologies": m.run.summary(),
                "failures": [str(f) for f in m.run.failures],
            }
            for m in r.monitoring
        ],
        "evaluation": r.evaluation,
        "riskiest_entities": [
            {
                "bin": e.bin,
                "name": e.name,
                "kind": e.kind,
                "score": e.score,
                "tier": e.tier,
                "beneficial_owners": e.bo_statement,
                "reasons": e.reasons,
            }
            for e in r.riskiest_entities
        ],
        "workspace_info": r.info,
        "rings": r.rings,
        "ring_evaluation": r.ring_evaluation,
        **r.extra,
    }


def _print(r: DemoResult) -> None:
    s = r.synth
    console.rule("[bold]1. A synthetic Kazakhstan")
    console.print(
        f"{s.persons:,} persons, {s.days} days, seed {s.seed}: "
        f"{s.transactions:,} transactions in {s.seconds:.1f} s ({s.tx_per_second:,.0f} tx/s); "
        f"{s.rows.get('labels', 0):,} labelled objects in planted schemes."
    )

    console.rule("[bold]2. What the workspace holds")
    t = Table("table", "rows", "files", "from", "to")
    for name, info in r.info["tables"].items():
        t.add_row(
            name,
            f"{info['rows']:,}",
            str(info["files"]),
            str(info.get("from") or ""),
            str(info.get("to") or ""),
        )
    console.print(t)

    console.rule("[bold]3. The CSV export of the last week, with rows broken on purpose")
    console.print(
        f"{r.csv_file}: {r.csv.rows_read:,} rows read, {r.csv.rows_loaded:,} loaded, "
        f"{r.csv.rows_quarantined:,} quarantined."
    )
    broken = {(c.line, c.field): c.why for c in r.corruptions}
    q = Table("line", "field", "value", "Kuzet's reason", "what the demo broke")
    for row in r.quarantine:
        key = (row["line"], row["field"])
        q.add_row(
            str(row["line"]),
            str(row["field"]),
            repr(row["value"]),
            str(row["reason"]),
            broken.get(key, "[red]not planted by the demo[/]"),
        )
    console.print(q)
    missed = [
        c
        for c in r.corruptions
        if (c.line, c.field) not in {(row["line"], row["field"]) for row in r.quarantine}
    ]
    for c in missed:
        console.print(f"[red]not quarantined:[/] line {c.line} {c.field}={c.value!r} ({c.why})")
    packed = r.compaction
    console.print(
        f"Compacted: {len(packed.rewritten)} of {packed.files} transaction files sorted by "
        f"{', '.join(packed.cluster_by)} ({packed.rows:,} rows, {packed.seconds:.1f} s), so "
        "that each rule reads only the row groups of the operations it looks at."
    )
    _print_screening(r.extra.get("screening") or {})  # before monitoring: PF-01 reads it
    for m in r.monitoring:
        _print_monitoring(m)
    if r.evaluation:
        _print_evaluation(r.evaluation)
    _print_entities(r.riskiest_entities)
    _print_rings(r.rings, r.ring_evaluation)
    console.print(
        f"\nWorkspace: [bold]{r.workspace}[/]  (try: kuzet workspace info "
        f"--workspace {r.workspace})"
    )


def _print_screening(s: dict[str, Any]) -> None:
    if not s:
        return
    console.rule("[bold]4. Every party screened against fictional lists")
    console.print(f"lists {', '.join(s['lists'])}; tables written: {s['tables']}")
    for h in s["hits"]:
        why = json.loads(h["explanation"])
        words = "; ".join(f"{w['query']}↔{w['list']} {w['rule']}" for w in why["words"])
        feats = "; ".join(
            f"{f['name']} {f['weight']:+.2f} ({f['detail']})" for f in why["features"]
        )
        console.print(
            f"{h['party_type']} {h['party_id']} {h['party_name']!r} ↔ {h['list_id']}:"
            f"{h['entry_id']} {h['list_name']!r} score {h['score']:.2f}: {words}"
            + (f"; {feats}" if feats else ""),
            markup=False,
        )


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}"


def _print_monitoring(m: Monitoring) -> None:
    pack = m.run.pack
    console.rule(f"[bold]5. The FMA signs {pack.id}; the bank verifies and runs it")
    console.print(
        f"{m.pack_file} signed with Ed25519 key {m.key_id} ({m.signature.name}); the bank's "
        f"trust store holds the FMA's public key; signature verified. "
        f"{len(pack.indicators)} indicators, {len(pack.typologies)} typologies, "
        f"{m.run.hits.num_rows:,} indicator hits, {m.run.alerts.num_rows:,} alerts "
        f"in {m.seconds:.1f} s on {m.run.engine}."
    )
    for f in m.run.failures:
        console.print(f"[red]failed:[/] {f}")
    t = Table("typology", "family", "subject", "alerts", "top score")
    for row in m.run.summary():
        top = "" if row["max_score"] is None else f"{row['max_score']:.3f}"
        t.add_row(row["typology"], row["family"], row["subject"], str(row["alerts"]), top)
    console.print(t)


def _print_evaluation(evaluation: dict[str, Any]) -> None:
    console.rule("[bold]6. How good are the alerts? (ground truth of the synthetic world)")
    e = Table("family", "precision", "recall", "F1", "tp", "fp", "fn", "decoys alerted")
    for family, s in evaluation["families"].items():
        e.add_row(
            family,
            _pct(s["precision"]),
            _pct(s["recall"]),
            _pct(s["f1"]),
            str(s["tp"]),
            str(s["fp"]),
            str(s["fn"]),
            str(s.get("fp_decoys", 0)),
        )
    o = evaluation["overall"]
    e.add_row(
        "[bold]overall",
        _pct(o["precision"]),
        _pct(o["recall"]),
        _pct(o["f1"]),
        str(o["tp"]),
        str(o["fp"]),
        str(o["fn"]),
        str(o.get("fp_decoys", 0)),
    )
    console.print(e)
    if evaluation.get("indicators"):
        console.print(lift_table(evaluation["indicators"]))


def _print_entities(entities: list[EntityProfile]) -> None:
    console.rule("[bold]7. The riskiest legal entities, their owners and why")
    for e in entities:
        console.print(
            f"[bold]{e.name}[/] (BIN {e.bin or '—'}, {e.kind}): score {e.score:.1f}, tier {e.tier}",
            soft_wrap=True,
        )
        console.print(f"  {e.bo_statement}", soft_wrap=True)
        for h in e.owners[:3]:
            path = h.paths[0] if h.paths else ""
            share = "" if h.share is None else f" {h.share:.0%}"
            console.print(f"  owner {h.name}{share} via {path}", soft_wrap=True)
        for reason in e.reasons[:4]:
            console.print(f"  • {reason}", soft_wrap=True)


def _print_rings(rings: list[dict[str, Any]], evaluation: dict[str, Any]) -> None:
    console.rule("[bold]8. Drop rings in the money graph: members, roles, flows")
    if not rings:
        console.print("no ring found")
    for r in rings:
        console.print(
            f"[bold]{r['ring_id']}[/]: {r['size']} accounts, score {r['score']:.2f}."
            f" {r['reasons']}",
            soft_wrap=True,
        )
        for m in r["members"][:8]:
            console.print(
                f"  {m['account_id']} ({m['holder_type']} {m['holder_id']}) {m['role']}:"
                f" {m['role_reason']}",
                soft_wrap=True,
            )
        if len(r["members"]) > 8:
            console.print(f"  … and {len(r['members']) - 8} more members")
    if evaluation:
        e = Table(
            "family",
            "schemes found",
            "ring recall (accounts)",
            "rules recall",
            "rules+rings recall",
        )
        for family, f in evaluation["families"].items():
            e.add_row(
                family,
                f"{f['schemes_found']}/{f['schemes']}",
                _pct(f["rings"]["recall"]),
                _pct(f["rules"]["recall"]),
                _pct(f["rules+rings"]["recall"]),
            )
        console.print(
            f"rings scoring ≥ {evaluation['min_score']}: {evaluation['rings']}, account"
            f" precision {_pct(evaluation['account_precision'])} (MULE+LAYER),"
            f" {_pct(evaluation['account_precision_any'])} (any planted scheme)"
        )
        console.print(e)
