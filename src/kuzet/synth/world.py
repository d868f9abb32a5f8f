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

import datetime as dt
import multiprocessing
import os
import time
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from kuzet.model.money import FxRates, to_money
from kuzet.model.schemas import FAMILIES, TABLES
from kuzet.synth import (
    banking,
    business,
    extras,
    firms,
    life,
    life_gen,
    planted_life,
    population,
    sectors,
    vec,
)
from kuzet.synth import rows as rw
from kuzet.synth.context import WorldContext
from kuzet.synth.schemes import PLANTERS
from kuzet.synth.state import World
from kuzet.synth.vec import Arr
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
    chunk_persons: int = 0
    """Persons per chunk of ordinary life (0: about 1.5 million transactions a chunk)."""
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
    rows_lookup: rw.Lookup
    seed: int
    ws: Workspace
    fx: FxRates
    blocks: dict[str, tuple[dict[str, int], dict[str, int]]]
    """Per family: first key and one-past-last key of each table."""


_SHARED: dict[str, _Shared] = {}
"""The state chunks read: set before ordinary life runs, inherited by forked workers."""

Job = tuple[str, int, Any, dict[str, int]]
"""``(kind, chunk index, plan, first ids per table)`` of one chunk of ordinary life."""
Staged = list[tuple[str, str, str, int]]


def _run_chunk(kind: str, index: int, plan: Any, first: dict[str, int]) -> Staged:
    """Generate and stage one chunk; returns ``(path, table, file name, rows)`` per file."""
    sh = _SHARED["state"]
    if kind == "plant":
        return _plant_family(sh, str(plan))
    if kind == "extra":
        return _plant_extras(sh)
    if kind == "static":
        out = []
        for table, data in _static_tables(sh.world).items():
            path = write_parquet(sh.ws, table, data)
            out.append((str(path), table, "part-00000.parquet", data.num_rows))
        return out
    rng = stage_rng(sh.seed, f"{kind}-rows", index)
    if kind == "life":
        gen: Any = life_gen.ChunkGen(sh.world, sh.habits, plan, sh.lookup, rng)
    else:
        gen = business.FirmChunkGen(sh.world, sh.firm_habits, plan, sh.lookup, rng)
    out = []
    for table, data in gen.run(sh.rows_lookup, first).items():
        if data.num_rows:
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
    fx = FxRates.load()
    try:
        s = time.perf_counter()
        world = _static_world(config, fx, report)
        stages["static world"] = time.perf_counter() - s
        s = time.perf_counter()
        jobs = _prepare_life(config, world, ws, writer, fx)
        workers = config.workers or (os.cpu_count() or 1)
        # planting needs only the static world and its key blocks, so families are jobs
        # beside the chunks of ordinary life
        with _LifeRunner(jobs, workers, report) as runner:
            for result in runner.results():
                for path, table, name, n in result:
                    writer.add(Path(path), table, name, n)
        stages["ordinary life and planting"] = time.perf_counter() - s
        writer.ensure_all_tables()
        writer.publish()
    except BaseException:
        writer.discard()
        raise
    return SynthSummary(
        str(ws.root),
        config.persons,
        config.days,
        config.seed,
        dict(writer.rows),
        time.perf_counter() - t0,
        stages,
    )


def _static_world(config: SynthConfig, fx: FxRates, report: Progress) -> World:
    """People, firms, banks, accounts, loans and trade: everything but the operations."""
    seed, day = config.seed, vec.day_number(config.start)
    report("people", 0, 1)
    pop = population.build_population(stage_rng(seed, "population"), config.persons, day)
    report("people", 1, 1)
    report("firms", 0, 1)
    fi = firms.build_firms(stage_rng(seed, "firms"), pop, day, pop.addresses.num_rows + 1)
    report("firms", 1, 1)
    report("banks, accounts, loans, trade", 0, 1)
    bank = banking.build_banking(stage_rng(seed, "banking"), pop, fi, day, config.days)
    sec = sectors.build_sectors(
        stage_rng(seed, "sectors"), pop, fi, bank, day, config.days, fx,
        stage_rng(seed, "reference-prices"),
    )  # fmt: skip
    report("banks, accounts, loans, trade", 1, 1)
    return World(config.start, config.days, pop, fi, bank, sec)


def _prepare_life(
    config: SynthConfig, world: World, ws: Workspace, writer: StagedWriter, fx: FxRates
) -> list[Job]:
    """Habits, vocabularies and the plan of every chunk (which fixes key ranges), the key
    blocks of the planting families; writes the foreign-trade payments. Returns the jobs:
    one per family to plant, then one per chunk of ordinary life."""
    seed, start_day = config.seed, vec.day_number(config.start)
    habits = life.build_habits(stage_rng(seed, "habits"), world)
    fhabits = business.build_firm_habits(stage_rng(seed, "firm-habits"), world)
    bank = world.bank
    vocab = rw.build_vocab(start_day, config.days, [str(m) for m in bank.merchant_mcc.to_pylist()])
    rows_lookup = rw.Lookup(
        vocab, bank.merchant_ids, bank.terminal_ids, bank.atm_ids, bank.device_ids,
        bank.device_ips, fx,
    )  # fmt: skip
    next_id = dict.fromkeys(STREAMED, 1)
    trade = _trade_tables(world, next_id["transactions"], fx)
    for name, data in trade.items():
        writer.write(name, data, "part-trade.parquet")
    next_id["transactions"] += trade["transactions"].num_rows
    jobs = _plan(config, world, habits, fhabits, next_id)
    families = [f for f in FAMILIES if f in PLANTERS]
    if config.families is not None:
        families = [f for f in families if f in config.families]
    # the static tables and the long planting jobs go first; chunks fill the workers around
    plants: list[Job] = [("plant", i, f, {}) for i, f in enumerate(families)]
    jobs = [("static", 0, None, {}), *plants, ("extra", 0, None, {}), *jobs]
    _SHARED["state"] = _Shared(
        world, habits, fhabits, life_gen.build_lookup(world, vocab), rows_lookup, seed, ws, fx,
        _blocks({t: _static_rows(world, t) for t in STATIC}, next_id, [*families, EXTRAS]),
    )  # fmt: skip
    return jobs


class _LifeRunner:
    """Runs the chunks of ordinary life: in forked worker processes started on entry (so
    the main process is free meanwhile), or in this process when ``results`` is iterated."""

    def __init__(self, jobs: list[Job], workers: int, report: Progress) -> None:
        self.jobs = jobs
        self.report = report
        self.totals = {"plant": 0, "life": 0}
        for kind, *_ in jobs:
            self.totals["plant" if kind in ("plant", "extra") else "life"] += 1
        self.counts = {"plant": 0, "life": 0}
        self.parallel = (
            workers > 1 and len(jobs) > 1 and "fork" in multiprocessing.get_all_start_methods()
        )
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[Staged]] = []
        self.done = 0

    def __enter__(self) -> _LifeRunner:
        self._tick(None)
        if self.parallel:
            ctx = multiprocessing.get_context("fork")
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
            for job in self.jobs:
                future = self.pool.submit(_run_chunk, *job)
                kind = "plant" if job[0] in ("plant", "extra") else "life"
                future.add_done_callback(lambda _, k=kind: self._tick(k))  # type: ignore[misc]
                self.futures.append(future)
        return self

    def _tick(self, kind: str | None) -> None:
        if kind is not None:
            self.counts[kind] += 1
        self.report("ordinary life", self.counts["life"], self.totals["life"])
        self.report("planting", self.counts["plant"], self.totals["plant"])

    def results(self) -> Iterator[Staged]:
        if self.pool is None:
            for job in self.jobs:
                yield _run_chunk(*job)
                self._tick("plant" if job[0] in ("plant", "extra") else "life")
            return
        for future in self.futures:
            yield future.result()

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
        _SHARED.clear()


def _plan(
    config: SynthConfig,
    world: World,
    habits: life.Habits,
    fhabits: business.FirmHabits,
    next_id: dict[str, int],
) -> list[Job]:
    """Chunks of persons and of firms with their plans and first ids (``next_id`` advances)."""
    jobs: list[Job] = []
    seed, n, m = config.seed, world.pop.n, world.firms.n
    step = config.chunk_persons or max(2000, int(1_500_000 / (0.85 * config.days)))
    for index, lo in enumerate(range(0, n, step)):
        plan = life.make_plan(
            stage_rng(seed, "life-plan", index), world, habits, lo, min(lo + step, n)
        )
        jobs.append(("life", index, plan, dict(next_id)))
        for table, count in plan.table_rows().items():
            next_id[table] += count
    step = max(1000, config.chunk_entities)
    for index, lo in enumerate(range(0, m, step)):
        fplan = business.make_firm_plan(
            stage_rng(seed, "firm-plan", index), world, fhabits, lo, min(lo + step, m)
        )
        jobs.append(("firm", index, fplan, dict(next_id)))
        for table, count in fplan.table_rows().items():
            next_id[table] += count
    return jobs


def _plant_family(sh: _Shared, family: str) -> Staged:
    """Plant one family in its own key block and stage its rows (``planted-<FAMILY>``)."""
    first, limit = sh.blocks[family]
    ctx = WorldContext(sh.world, first, sh.fx, block=FAMILIES.index(family), limits=limit)
    ctx.rng = stage_rng(sh.seed, "plant", family)
    try:
        PLANTERS[family](ctx)
    except Exception as e:
        raise RuntimeError(f"scheme planter {family} failed: {e}") from e
    planted_life.ordinary_life(
        ctx, sh.world, sh.habits, sh.firm_habits, sh.lookup, sh.rows_lookup,
        stage_rng(sh.seed, "plant-life", family),
    )  # fmt: skip
    out = []
    for table, data in ctx.tables().items():
        path = write_parquet(sh.ws, table, data)
        out.append((str(path), table, f"planted-{family}.parquet", data.num_rows))
    return out


EXTRAS = "ORDINARY"
"""The key block of ``extras`` (after every family's): ordinary look-alike operations."""


def _plant_extras(sh: _Shared) -> Staged:
    """Ordinary operations that resemble scheme material (``extras``), in their own block."""
    first, limit = sh.blocks[EXTRAS]
    ctx = WorldContext(sh.world, first, sh.fx, block=len(FAMILIES), limits=limit)
    ctx.rng = stage_rng(sh.seed, "ordinary-extras")
    extras.plant_ordinary(ctx)
    out = []
    for table, data in ctx.tables().items():
        path = write_parquet(sh.ws, table, data)
        out.append((str(path), table, "ordinary-extras.parquet", data.num_rows))
    return out


def _blocks(
    rows: dict[str, int], next_id: dict[str, int], families: list[str]
) -> dict[str, tuple[dict[str, int], dict[str, int]]]:
    """Key blocks of the planted rows: family number ``f`` (its place in ``FAMILIES``) plants
    table ``t`` from ``stride·(f+1)+1``, where ``stride`` is the power of ten (at least a
    million) above the ordinary keys of ``t``. Blocks keep families apart when they plant in
    parallel, and a family's keys do not depend on what the others planted."""
    firsts = {
        name: next_id.get(name, rows.get(name, 0) + 1)
        for name, t in TABLES.items()
        if len(t.key) == 1 and t.column(t.key[0]).type == pa.int64()
    }
    out = {}
    for family in families:
        f = FAMILIES.index(family) if family in FAMILIES else len(FAMILIES)
        first, limit = {}, {}
        for name, free in firsts.items():
            stride = 10 ** max(6, len(str(free - 1)))
            first[name] = stride * (f + 1) + 1
            limit[name] = stride * (f + 2) + 1
        out[family] = (first, limit)
    return out


STATIC = ("persons", "addresses", "relations", "legal_entities", "banks", "accounts", "cards",
          "devices", "merchants", "crypto_platforms", "loans", "trade_contracts",
          "customs_declarations", "reference_prices")  # fmt: skip
"""Tables of the static world (written by the first job)."""


def _static_rows(world: World, table: str) -> int:
    """Rows the static job will write to ``table`` (known before it runs)."""
    pop, fi, bank, sec = world.pop, world.firms, world.bank, world.sectors
    counts = {
        "persons": pop.n,
        "addresses": pop.addresses.num_rows + fi.addresses.num_rows,
        "relations": len(pop.kin_src) + len(fi.relations["src"]),
        "legal_entities": fi.n,
        "banks": bank.banks.num_rows,
        "accounts": bank.accounts.n,
        "cards": bank.cards.num_rows,
        "devices": bank.devices.num_rows,
        "merchants": bank.merchants.num_rows,
        "crypto_platforms": bank.platforms.num_rows,
        "loans": sec.loans.n,
        "trade_contracts": sec.trade_contracts.num_rows,
        "customs_declarations": sec.customs.num_rows,
        "reference_prices": sec.reference_prices.num_rows,
    }
    return counts[table]


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
        "reference_prices": sec.reference_prices,
    }


def _relations(world: World) -> pa.Table:
    pop, fi = world.pop, world.firms
    k = len(pop.kin_src)
    rel = fi.relations
    m = len(rel["src"])
    detail = vec.take(("spouse", "parent"), pop.kin_detail)
    firm_detail = pa.array(
        [
            {"employee": "штатный сотрудник", "director": "директор"}.get(x)
            for x in rel["kind"].tolist()
        ],
        pa.string(),
    )
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


def _trade_tables(world: World, first_id: int, fx: FxRates) -> dict[str, pa.Table]:
    """Transactions and payment-message parties of foreign-trade contracts."""
    t = world.sectors.trade_txns
    ts = np.asarray(t["ts"], dtype=np.int64)
    order = np.argsort(ts, kind="stable")
    k = len(ts)
    new_id = np.empty(k, dtype=np.int64)
    new_id[order] = first_id + np.arange(k)

    def s(name: str) -> Arr:
        return pa.array(np.asarray(t[name])[order].tolist(), pa.string())

    amount = np.asarray(t["amount"], dtype=np.float64)[order]
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
    return {"transactions": txns, "payment_parties": parties}


__all__ = ("SynthConfig", "SynthSummary", "generate", "stage_rng")
