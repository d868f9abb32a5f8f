"""Build a synthetic Kazakhstan into a workspace: the stages, their order and their seeds.

Stages: population → firms → banking → sectors (loans, trade) → static tables → ordinary
life (chunks of persons and of firms, streamed to Parquet, optionally in worker processes)
→ planting (every family of ``PLANTERS`` through ``WorldContext``) → publish.

Every stage and every chunk draws from its own ``SeedSequence`` child keyed by name (and
chunk number), so the same arguments give the same tables whatever the number of workers,
and adding a scheme family never reshuffles the others. Transactions never sit in memory as
a whole: a chunk is generated, written and dropped.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import datetime as dt

import numpy as np
import pyarrow as pa

from kuzet.model.money import FxRates
from kuzet.model.schemas import TABLES
from kuzet.synth import banking, business, firms, life, life_gen, population, sectors, vec
from kuzet.synth import rows as R
from kuzet.synth.context import WorldContext
from kuzet.synth.state import World
from kuzet.synth.writer import StagedWriter, write_parquet
from kuzet.workspace import Workspace, WorkspaceError

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as a stage advances."""

STREAMED = ("transactions", "crypto_transfers", "gambling_ops", "property_deals")
"""Tables with surrogate keys that chunks fill: their id ranges are planned up front."""


@dataclass(frozen=True)
class SynthConfig:
    persons: int
    days: int
    seed: int
    start: dt.date = dt.date(2026, 1, 1)
    workers: int = 1
    """Worker processes for ordinary life (1 = in-process; 0 = one per core)."""
    chunk_persons: int = 25_000
    chunk_entities: int = 10_000
    families: tuple[str, ...] | None = None
    """Scheme families to plant (``None`` = all of ``PLANTERS``)."""

    def __post_init__(self) -> None:
        if self.persons < 100:
            raise ValueError(f"--persons must be at least 100, got {self.persons}")
        if not 1 <= self.days <= 3660:
            raise ValueError(f"--days must be between 1 and 3660, got {self.days}")
        if self.seed < 0:
            raise ValueError(f"--seed must be non-negative, got {self.seed}")


@dataclass
class SynthSummary:
    out: str
    persons: int
    days: int
    seed: int
    rows: dict[str, int]
    seconds: float
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def transactions(self) -> int:
        return self.rows.get("transactions", 0)

    @property
    def tx_per_second(self) -> float:
        return self.transactions / self.seconds if self.seconds > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "persons": self.persons,
            "days": self.days,
            "seed": self.seed,
            "rows": dict(sorted(self.rows.items())),
            "seconds": round(self.seconds, 3),
            "transactions": self.transactions,
            "tx_per_second": round(self.tx_per_second),
            "stages": {k: round(v, 3) for k, v in self.stages.items()},
        }


def _key(part: str | int) -> int:
    return part if isinstance(part, int) else zlib.crc32(part.encode())


def stage_rng(seed: int, *key: str | int) -> np.random.Generator:
    """The generator of one stage (or chunk, or family): a ``SeedSequence`` child by name."""
    ss = np.random.SeedSequence(seed, spawn_key=tuple(_key(k) for k in key))
    return np.random.Generator(np.random.PCG64(ss))


# ── worker state (inherited by forked workers) ──────────────────────────────────────────


@dataclass
class _Shared:
    world: World
    habits: life.Habits
    firm_habits: business.FirmHabits
    lookup: life_gen.LifeLookup
    rows_lookup: R.Lookup
    seed: int
    ws: Workspace


_SHARED: _Shared | None = None


def _run_chunk(
    kind: str, index: int, plan: Any, first: dict[str, int]
) -> list[tuple[str, str, str, int]]:
    """Generate and stage one chunk; returns ``(path, table, file name, rows)`` per file."""
    sh = _SHARED
    assert sh is not None, "worker state not initialised"
    rng = stage_rng(sh.seed, f"{kind}-rows", index)
    if kind == "life":
        gen: Any = life_gen.ChunkGen(sh.world, sh.habits, plan, sh.lookup, rng)
    else:
        gen = business.FirmChunkGen(sh.world, sh.firm_habits, plan, sh.lookup, rng)
    tables = gen.run(sh.rows_lookup, first)
    out = []
    for table, data in tables.items():
        if data.num_rows == 0:
            continue
        path = write_parquet(sh.ws, table, data)
        out.append((str(path), table, f"part-{kind}-{index:05d}.parquet", data.num_rows))
    return out


# ── the build ───────────────────────────────────────────────────────────────────────────


def generate(
    config: SynthConfig,
    out: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    overwrite: bool = False,
) -> SynthSummary:
    """Build the world of ``config`` into the workspace at ``out``; returns a summary."""
    global _SHARED
    ws = Workspace(out)
    if ws.tables():
        if not overwrite:
            raise WorkspaceError(f"{ws.data_dir} already holds tables")
        ws.clear()
    ws.create()
    t0 = time.perf_counter()
    stages: dict[str, float] = {}
    report = progress or (lambda stage, done, total: None)
    writer = StagedWriter(ws)
    seed = config.seed
    start_day = vec.day_number(config.start)
    fx = FxRates.load()

    def timed(name: str) -> Iterator[None]:
        yield  # placeholder to keep mypy calm about generators; not used

    try:
        s = time.perf_counter()
        report("people", 0, 1)
        pop = population.build_population(stage_rng(seed, "population"), config.persons, start_day)
        report("people", 1, 1)
        report("firms", 0, 1)
        first_addr = pop.addresses.num_rows + 1
        fi = firms.build_firms(stage_rng(seed, "firms"), pop, start_day, first_addr)
        report("firms", 1, 1)
        report("banks and accounts", 0, 1)
        bank = banking.build_banking(stage_rng(seed, "banking"), pop, fi, start_day, config.days)
        sec = sectors.build_sectors(stage_rng(seed, "sectors"), pop, fi, bank, start_day,
                                    config.days, fx)  # fmt: skip
        report("banks and accounts", 1, 1)
        world = World(config.start, config.days, pop, fi, bank, sec)
        stages["static world"] = time.perf_counter() - s

        s = time.perf_counter()
        static = _static_tables(world)
        for i, (name, data) in enumerate(static.items()):
            report("static tables", i, len(static))
            writer.write(name, data, "part-00000.parquet")
        report("static tables", len(static), len(static))
        stages["static tables"] = time.perf_counter() - s

        # plans fix every chunk's row counts, hence its id ranges, before any row exists
        s = time.perf_counter()
        habits = life.build_habits(stage_rng(seed, "habits"), world)
        fhabits = business.build_firm_habits(stage_rng(seed, "firm-habits"), world)
        vocab = R.build_vocab(start_day, config.days, bank.merchant_mcc.to_pylist())
        lookup = life_gen.build_lookup(world, vocab)
        rows_lookup = R.Lookup(vocab, bank.merchant_ids, bank.terminal_ids, bank.atm_ids,
                               bank.device_ids, bank.device_ips, fx)  # fmt: skip
        next_id = {"transactions": 1, "crypto_transfers": 1, "gambling_ops": 1, "property_deals": 1}
        trade = _trade_tables(world, next_id["transactions"])
        for name, data in trade.items():
            writer.write(name, data, "part-trade.parquet")
        next_id["transactions"] += trade["transactions"].num_rows
        jobs: list[tuple[str, int, Any, dict[str, int]]] = []
        step = max(1000, config.chunk_persons)
        for index, lo in enumerate(range(0, pop.n, step)):
            plan = life.make_plan(stage_rng(seed, "life-plan", index), world, habits, lo,
                                  min(lo + step, pop.n))  # fmt: skip
            jobs.append(("life", index, plan, dict(next_id)))
            for table, count in plan.table_rows().items():
                next_id[table] += count
        step = max(1000, config.chunk_entities)
        for index, lo in enumerate(range(0, fi.n, step)):
            fplan = business.make_firm_plan(stage_rng(seed, "firm-plan", index), world, fhabits,
                                            lo, min(lo + step, fi.n))  # fmt: skip
            jobs.append(("firm", index, fplan, dict(next_id)))
            for table, count in fplan.table_rows().items():
                next_id[table] += count
        _SHARED = _Shared(world, habits, fhabits, lookup, rows_lookup, seed, ws)
        workers = config.workers or (os.cpu_count() or 1)
        report("ordinary life", 0, len(jobs))
        for done, result in enumerate(_execute(jobs, workers), start=1):
            for path, table, name, n in result:
                writer.add(Path(path), table, name, n)
            report("ordinary life", done, len(jobs))
        stages["ordinary life"] = time.perf_counter() - s

        s = time.perf_counter()
        ctx = _plant(world, writer, next_id, fx, config, report)
        for name, data in ctx.tables().items():
            writer.write(name, data, "planted.parquet")
        stages["planting"] = time.perf_counter() - s
        writer.ensure_all_tables()
        writer.publish()
    except BaseException:
        writer.discard()
        raise
    finally:
        _SHARED = None
    return SynthSummary(str(ws.root), config.persons, config.days, seed, dict(writer.rows),
                        time.perf_counter() - t0, stages)  # fmt: skip


def _execute(
    jobs: list[tuple[str, int, Any, dict[str, int]]], workers: int
) -> Iterator[list[tuple[str, str, str, int]]]:
    if workers <= 1 or len(jobs) <= 1:
        for kind, index, plan, first in jobs:
            yield _run_chunk(kind, index, plan, first)
        return
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [pool.submit(_run_chunk, *job) for job in jobs]
        for f in futures:
            yield f.result()


def _plant(
    world: World,
    writer: StagedWriter,
    next_id: dict[str, int],
    fx: FxRates,
    config: SynthConfig,
    report: Progress,
) -> WorldContext:
    from kuzet.synth.schemes import PLANTERS

    ids = {name: writer.rows.get(name, 0) + 1 for name, t in TABLES.items()
           if len(t.key) == 1 and t.column(t.key[0]).type == pa.int64()}  # fmt: skip
    ids.update({k: v for k, v in next_id.items()})
    ctx = WorldContext(world, ids, fx)
    families = sorted(PLANTERS) if config.families is None else sorted(config.families)
    for i, family in enumerate(families):
        report("planting", i, len(families))
        ctx.rng = stage_rng(config.seed, "plant", family)
        try:
            PLANTERS[family](ctx)
        except Exception as e:
            raise RuntimeError(f"scheme planter {family} failed: {e}") from e
    report("planting", len(families), len(families))
    return ctx


def _static_tables(world: World) -> dict[str, pa.Table]:
    pop, fi, bank, sec = world.pop, world.firms, world.bank, world.sectors
    return {
        "persons": pop.persons,
        "addresses": pa.concat_tables([pop.addresses, fi.addresses]),
        "relations": _relations(world),
        "legal_entities": fi.table,
        "banks": bank.banks,
        "accounts": banking.account_table(bank.accounts),
        "cards": bank.cards,
        "devices": bank.devices,
        "merchants": bank.merchants,
        "crypto_platforms": bank.platforms,
        "loans": sec.loans.table,
        "trade_contracts": sec.trade_contracts,
        "customs_declarations": sec.customs,
    }


def _relations(world: World) -> pa.Table:
    pop, fi = world.pop, world.firms
    k = len(pop.kin_src)
    rel = fi.relations
    m = len(rel["src"])
    detail = vec.take(("spouse", "parent"), pop.kin_detail)
    firm_detail = pa.array([{"employee": "штатный сотрудник", "director": "директор"}.get(x)
                            for x in rel["kind"].tolist()], pa.string())  # fmt: skip
    start_day = vec.day_number(world.start)
    return pa.table(
        {
            "relation_id": vec.id_array(np.arange(1, k + m + 1)),
            "src_type": pa.concat_arrays(
                [pa.array(["person"] * k), vec.take(("person", "entity"), rel["src_type"])]
            ),
            "src_id": vec.id_array(np.r_[pop.kin_src, rel["src"]] + 1),
            "dst_type": pa.array(["person"] * k + ["entity"] * m),
            "dst_id": vec.id_array(np.r_[pop.kin_dst, rel["dst"]] + 1),
            "kind": pa.array(["relative"] * k + rel["kind"].tolist()),
            "share": pa.array(np.r_[np.full(k, np.nan), rel["share"]], from_pandas=True),
            "detail": pa.concat_arrays([detail, firm_detail]),
            "valid_from": vec.date_array(
                np.r_[np.zeros(k, np.int64), np.minimum(rel["since"], start_day - 1)],
                np.r_[np.zeros(k, bool), np.ones(m, bool)],
            ),
        }
    )


def _trade_tables(world: World, first_id: int) -> dict[str, pa.Table]:
    """Transactions and payment-message parties of foreign-trade contracts."""
    t = world.sectors.trade_txns
    acc = world.bank.accounts
    ts = np.asarray(t["ts"], dtype=np.int64)
    order = np.argsort(ts, kind="stable")
    k = len(ts)
    new_id = np.empty(k, dtype=np.int64)
    new_id[order] = first_id + np.arange(k)

    def s(name: str) -> pa.Array:
        return pa.array(np.asarray(t[name])[order].tolist(), pa.string())

    amount = np.asarray(t["amount"], dtype=np.float64)[order]
    from kuzet.model.money import to_money

    fx = FxRates.load()
    amt = to_money(amount)
    src = np.asarray(t["src_account_id"])[order]
    dst = np.asarray(t["dst_account_id"])[order]
    txns = pa.table(
        {
            "txn_id": vec.id_array(first_id + np.arange(k)),
            "ts": vec.ts_array(ts[order]),
            "type": s("type"),
            "channel": s("channel"),
            "src_account_id": vec.id_array(src + 1, 1),
            "dst_account_id": vec.id_array(dst + 1, 1),
            "cp_name": s("cp_name"),
            "cp_iban": s("cp_iban"),
            "cp_bic": s("cp_bic"),
            "cp_country": s("cp_country"),
            "amount": amt,
            "currency": s("currency"),
            "amount_kzt": fx.to_kzt(amt, s("currency"), vec.ts_array(ts[order])),
            "knp": s("knp"),
            "kod": s("kod"),
            "kbe": s("kbe"),
            "narrative": s("narrative"),
            "status": pa.array(["completed"] * k),
            "contract_id": vec.id_array(np.asarray(t["contract_id"])[order]),
            "ref": pa.array([f"UETR-{i:012d}" for i in (first_id + np.arange(k)).tolist()]),
        }
    )
    parties = world.sectors.trade_parties
    assert parties is not None
    if parties.num_rows:
        old = np.asarray(parties.column("txn_id").to_numpy())
        parties = parties.set_column(0, "txn_id", pa.array(new_id[old - 1]))
    del acc
    return {"transactions": txns, "payment_parties": parties}


def chunk_count(persons: int, chunk: int) -> int:
    return math.ceil(persons / max(chunk, 1))


def families_arg(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(v.strip().upper() for v in value.split(",") if v.strip())


__all__: Sequence[str] = ("SynthConfig", "SynthSummary", "generate", "stage_rng")
