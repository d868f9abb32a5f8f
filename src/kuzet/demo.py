"""The end-to-end demonstration behind ``make demo``.

A bank's story in nine steps, on a small synthetic Kazakhstan:

1. its core systems (a synthetic world, ``kuzet.synth``) export their tables;
2. Kuzet ingests the exports into the bank's workspace: every table as Parquet, except the
   last week of transactions, which arrives as a CSV file with deliberately corrupted rows;
3. the corrupted rows land in quarantine, each with file, line, field and reason, while
   every good row lands;
4. the workspace says what it holds;
5. every party is screened against fictional lists (UN-style XML, the FMA's TF and PF lists
   as CSV, and a bank watchlist naming three customers); the best hits are shown with their
   reasons, and the pack's PF-01 reads them;
6. the FMA signs its typology pack (Ed25519); the bank trusts the FMA's public key, verifies
   the pack and runs it over its workspace; alerts land in ``data/alerts``;
7. because the world is synthetic, its ground truth says how good the alerts are;
8. legal entities get beneficial owners and risk profiles; the riskiest are shown with
   their owners and the reasons for their score;
9. the money graph is searched for drop rings; the top rings are shown with members, roles
   and flows, and scored against the ground truth beside the rule alerts.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from kuzet.engine import open_backend
from kuzet.entities import EntityProfile, riskiest
from kuzet.ingest import CompactReport, IngestReport, compact, ingest_files, workspace_info
from kuzet.network import evaluate_rings, run_network, top_rings
from kuzet.screening import ListStore
from kuzet.screening import run as screen
from kuzet.screening.fictional import load_fictional_lists
from kuzet.screening.run import lists_dir
from kuzet.synth.world import SynthConfig, SynthSummary, generate
from kuzet.typologies import (
    HITS_TABLE,
    RunResult,
    TrustStore,
    builtin_packs,
    evaluate,
    generate_keypair,
    load_pack,
    run_pack,
    sign_pack,
)
from kuzet.workspace import Workspace

Progress = Callable[[str, int, int], None]

CSV_DAYS = 7
"""The last week of transactions reaches the bank as a CSV export."""


@dataclass(frozen=True)
class DemoConfig:
    root: Path = Path("demo-workspace")
    persons: int = 4_000
    days: int = 30
    seed: int = 2026
    start: dt.date = dt.date(2026, 1, 1)
    workers: int = 1


@dataclass
class Corruption:
    """One row the demo broke on purpose, and how."""

    line: int
    field: str
    value: str
    why: str


@dataclass
class DemoResult:
    workspace: Path
    synth: SynthSummary
    parquet: IngestReport
    csv: IngestReport
    csv_file: Path
    corruptions: list[Corruption]
    compaction: CompactReport
    """The stored transactions sorted by type and time after ingest (``kuzet workspace
    compact``), before the packs run."""
    info: dict[str, Any]
    quarantine: list[dict[str, Any]]
    """The quarantine rows of this run: file, line, field, value, reason, detail."""
    monitoring: list[Monitoring] = field(default_factory=list)
    evaluation: dict[str, Any] = field(default_factory=dict)
    """Every pack's alerts together against the world's ground truth."""
    riskiest_entities: list[EntityProfile] = field(default_factory=list)
    rings: list[dict[str, Any]] = field(default_factory=list)
    """The highest-scoring drop rings with members, roles and edges (``kuzet network``)."""
    ring_evaluation: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Monitoring:
    """One signed pack run over the bank's workspace, and how its alerts score."""

    pack_file: Path
    signature: Path
    key_id: str
    run: RunResult
    seconds: float


# (field, bad value, what a person did wrong): each applied to one row of the CSV export.
_CORRUPTIONS: tuple[tuple[str, str, str], ...] = (
    ("amount", "12 5OO,00", "amount typed with a space and the letter O"),
    ("amount", "-150000.00", "negative amount"),
    ("ts", "2026-02-30T10:00:00", "a day that does not exist"),
    ("type", "trasnfer", "misspelt operation type"),
    ("status", "", "required status left empty"),
    ("amount", "1500.005", "three decimals"),
    ("txn_id", "TX-17", "identifier that is not a number"),
    ("channel", "telegram", "channel outside the enumeration"),
)


def run_demo(config: DemoConfig, progress: Progress | None = None) -> DemoResult:
    """Build the world, ingest its exports into a fresh workspace and describe the result."""
    notify = progress or (lambda _s, _d, _t: None)
    root = config.root
    if root.exists():
        shutil.rmtree(root)
    source = root / "core-banking-export"
    synth = generate(
        SynthConfig(
            config.persons,
            config.days,
            config.seed,
            start=config.start,
            workers=config.workers,
        ),
        source,
        progress=notify,
    )
    src = Workspace(source)
    ws = Workspace(root).create()

    cutoff = dt.datetime.combine(
        config.start + dt.timedelta(days=config.days - CSV_DAYS), dt.time(), tzinfo=dt.UTC
    )
    parquet_files: dict[str, list[Path]] = {}
    for table in src.tables():
        if table == "transactions":
            continue
        parquet_files[table] = src.files(table)
    earlier, last_week = _split_transactions(src, cutoff, root / "exports")
    parquet_files["transactions"] = [earlier]

    parquet_report = IngestReport()
    for i, (table, files) in enumerate(parquet_files.items()):
        notify("ingest Parquet exports", i, len(parquet_files))
        parquet_report.files.extend(ingest_files(ws, table, files).files)
    notify("ingest Parquet exports", len(parquet_files), len(parquet_files))

    csv_file = root / "exports" / "transactions-last-week.csv"
    corruptions = _write_corrupted_csv(last_week, csv_file)
    notify("ingest CSV export", 0, 1)
    csv_report = ingest_files(ws, "transactions", [csv_file], fmt="csv")
    notify("ingest CSV export", 1, 1)
    notify("compact transactions", 0, 1)
    compaction = compact(ws)  # ingest keeps arrival order; runs read less once sorted
    notify("compact transactions", 1, 1)

    info = workspace_info(ws)
    quarantine = ws.read("quarantine").sort_by("line").to_pylist() if ws.files("quarantine") else []
    # screening first: the pack's PF-01 reads the list matches it writes
    notify("screening", 0, 1)
    screening = _screen(ws, root)
    notify("screening", 1, 1)
    monitoring = [_monitor(ws, pack, root, notify) for pack in builtin_packs()]
    evaluation = evaluate(
        ws.read("alerts") if ws.files("alerts") else None,
        ws.read("labels") if ws.files("labels") else None,
        ws.read("decoys") if ws.files("decoys") else None,
        [m.run.pack for m in monitoring],
        hits=ws.read(HITS_TABLE) if ws.files(HITS_TABLE) else None,
    )
    notify("entity risk profiles", 0, 1)
    entities = riskiest(ws, 5)
    notify("entity risk profiles", 1, 1)
    notify("drop rings", 0, 1)
    run_network(ws)
    rings = top_rings(ws, 3)
    ring_evaluation = (
        evaluate_rings(
            ws.read("network_rings"),
            ws.read("labels"),
            ws.read("alerts") if ws.files("alerts") else None,
        )
        if ws.files("labels")
        else {}
    )
    notify("drop rings", 1, 1)

    return DemoResult(
        workspace=root,
        synth=synth,
        parquet=parquet_report,
        csv=csv_report,
        csv_file=csv_file,
        corruptions=corruptions,
        compaction=compaction,
        info=info,
        quarantine=quarantine,
        monitoring=monitoring,
        evaluation=evaluation,
        riskiest_entities=entities,
        rings=rings,
        ring_evaluation=ring_evaluation,
        extra={"screening": screening},
    )


def _screen(ws: Workspace, root: Path) -> dict[str, Any]:
    """Load the fictional fixture lists (UN-style, the FMA's TF and PF lists) and a bank
    watchlist naming three customers (by their passport Latin names), screen every party,
    and keep the best hits with reasons."""
    store = ListStore(lists_dir(ws))
    load_fictional_lists(store)
    people = [
        p
        for p in ws.read("persons", ["name_lat", "birth_date"]).to_pylist()
        if p["name_lat"] and p["birth_date"] and "," not in p["name_lat"]
    ]
    watch = root / "exports" / "bank-watchlist.csv"
    watch.write_text(
        "id,kind,name,birth_dates\n"
        + "".join(
            f"W-{i},person,{p['name_lat']},{p['birth_date']}\n" for i, p in enumerate(people[:3])
        ),
        "utf-8",
    )
    store.load("bank-watchlist", watch)
    counts = screen(ws)
    hits = ws.read("screening_hits").sort_by([("score", "descending")]).to_pylist()
    return {"lists": store.list_ids(), "tables": counts, "hits": hits[:3]}


def _monitor(ws: Workspace, shipped: Path, root: Path, notify: Progress) -> Monitoring:
    """The FMA signs ``shipped``; the bank verifies it against its trust store and runs it."""
    fma = root / "fma"
    private, public = generate_keypair(fma / "keys")
    published = fma / "published" / shipped.name
    published.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shipped, published)
    signature = sign_pack(published, private)

    trusted = ws.meta_dir / "trusted_keys"
    trusted.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(public, trusted / public.name)
    pack = load_pack(published, trusted_keys=TrustStore.from_dir(trusted))

    notify(f"monitor {pack.id}", 0, 1)
    backend = open_backend("duckdb")
    try:
        t0 = time.perf_counter()
        run = run_pack(backend, ws, pack)
        seconds = time.perf_counter() - t0
    finally:
        backend.close()
    notify(f"monitor {pack.id}", 1, 1)
    return Monitoring(published, signature, public.stem, run, seconds)


def _split_transactions(
    src: Workspace, cutoff: dt.datetime, out_dir: Path
) -> tuple[Path, pa.Table]:
    """Transactions before ``cutoff`` as one Parquet export; the rest returned for CSV."""
    tx = src.read("transactions")
    before = pc.less(tx["ts"], pa.scalar(cutoff, type=tx.schema.field("ts").type))
    out_dir.mkdir(parents=True, exist_ok=True)
    earlier = out_dir / "transactions-until-last-week.parquet"
    pq.write_table(tx.filter(before), earlier)
    return earlier, tx.filter(pc.invert(before))


def _write_corrupted_csv(rows: pa.Table, path: Path) -> list[Corruption]:
    """Write ``rows`` as CSV, then break a handful of them the way real exports break."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(rows, path)
    with path.open(newline="", encoding="utf-8") as f:
        records = list(csv.reader(f))
    header, body = records[0], records[1:]
    corruptions: list[Corruption] = []
    if not body:
        return corruptions
    step = max(1, len(body) // (len(_CORRUPTIONS) + 1))
    for k, (column, value, why) in enumerate(_CORRUPTIONS):
        i = (k + 1) * step % len(body)
        body[i][header.index(column)] = value
        # physical line of the record: header is line 1 and no field spans lines
        corruptions.append(Corruption(line=i + 2, field=column, value=value, why=why))
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(body)
    return corruptions
