"""Proof that a change to hit/alert post-processing changes no result, and what it costs.

A monitoring run is SQL (the engine's) plus Python post-processing (rows -> hits -> alerts
-> Arrow tables, and compiling the indicator SQL). This script runs the first built-in pack
over a world with ``write=False``, dumps the run's ``alerts`` and ``hits`` tables to Parquet
and reports the Python part: the run's wall and CPU time minus every engine step's (the
backend times each statement it runs).

    python bench/combine_equality.py dump /work/worlds/s101 /tmp/before-s101 --rows /tmp/rows
    python bench/combine_equality.py dump /work/worlds/s101 /tmp/after-s101
    python bench/combine_equality.py compare /tmp/before-s101 /tmp/after-s101

``compare`` demands the same schema, the same rows in the same order and the same values
(alert ids, scores, JSON reason text, timestamps); it exits 1 and names the first
difference otherwise. ``--profile N`` prints the N costliest functions of the run
(cProfile, cumulative time).

DuckDB's parallel float sums may differ in the last bit between two runs of the same SQL
(a metric such as ``313748207.2986787`` against ``313748207.29867876`` on big20m), so two
real runs can differ where the post-processing is identical. ``--rows DIR`` keeps every
SELECT's result as the engine returned it; ``replay DIR OUT`` runs the pack again on
those very rows (no SQL runs: a backend that answers from DIR), so old and new code can be
compared on identical input, and its time is the Python part alone:

    PYTHONPATH=<old checkout>/src python bench/combine_equality.py replay /tmp/rows /tmp/old
    PYTHONPATH=src python bench/combine_equality.py replay /tmp/rows /tmp/new
    python bench/combine_equality.py compare /tmp/old /tmp/new

For a change to a pack's SQL (where the engine's results themselves change, and DuckDB's float
sums differ in the last digits from run to run) use ``bench/pack_equality.py`` instead: it
compares to N significant digits and times two pack files in turn.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.engine import Backend, dialect, open_backend
from kuzet.typologies import builtin_packs, load_pack, run_pack
from kuzet.workspace import Workspace

TABLES = ("alerts", "hits")


def load() -> str:
    """The 1-, 5- and 15-minute load averages (the machine is shared)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Recording(Backend):
    """Runs on ``inner`` and keeps every SELECT's result by its SQL text."""

    def __init__(self, inner: Backend) -> None:
        super().__init__(inner.dialect)
        self.inner = inner
        self.results: dict[str, pa.Table] = {}

    def _run(self, sql: str) -> None:
        self.inner._run(sql)

    def _fetch(self, sql: str) -> pa.Table:
        self.results[sql] = table = self.inner._fetch(sql)
        return table

    def _register_arrow(self, name: str, data: pa.Table) -> None:
        self.inner._register_arrow(name, data)

    def _materialised(self, name: str) -> None:
        self.inner._materialised(name)

    def _close(self) -> None:
        self.inner._close()

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        index = {}
        for i, (sql, table) in enumerate(self.results.items()):
            index[sql] = name = f"{i:04d}.parquet"
            pq.write_table(table, directory / name)
        (directory / "index.json").write_text(json.dumps(index, indent=1) + "\n")


class Replaying(Backend):
    """Answers each SELECT with the result a ``Recording`` kept for that SQL; runs nothing."""

    def __init__(self, directory: Path) -> None:
        super().__init__(dialect("duckdb"))
        index = json.loads((directory / "index.json").read_text())
        self.results = {sql: pq.read_table(directory / name) for sql, name in index.items()}

    def _run(self, sql: str) -> None:
        pass

    def _fetch(self, sql: str) -> pa.Table:
        return self.results[sql]

    def _register_arrow(self, name: str, data: pa.Table) -> None:
        pass


def dump(
    world: Path | None,
    out: Path,
    threads: int = 2,
    profile: int = 0,
    rows: Path | None = None,
    replay: Path | None = None,
) -> dict[str, float | str]:
    """Run the pack over ``world`` (or the rows kept in ``replay``), write alerts/hits
    Parquet and timing.json into ``out``; keep the engine's results in ``rows`` if given."""
    pack = load_pack(builtin_packs()[0], allow_unsigned=True)
    ws = Workspace(world or out / "no-world")
    backend: Backend = Replaying(replay) if replay else open_backend("duckdb", threads=threads)
    if rows:
        backend = Recording(backend)
    profiler = cProfile.Profile() if profile else None
    load_before = load()
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    result = run_pack(backend, ws, pack, write=False)
    if profiler:
        profiler.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    backend.close()
    if rows and isinstance(backend, Recording):
        backend.save(rows)
    engine_wall = sum(t.seconds for t in result.timings)
    engine_cpu = sum(t.cpu_seconds or 0.0 for t in result.timings)
    out.mkdir(parents=True, exist_ok=True)
    pq.write_table(result.alerts, out / "alerts.parquet")
    pq.write_table(result.hits, out / "hits.parquet")
    figures: dict[str, float | str] = {
        "world": str(world or replay),
        "alerts": result.alerts.num_rows,
        "hits": result.hits.num_rows,
        "failures": len(result.failures),
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "engine_wall_s": round(engine_wall, 3),
        "engine_cpu_s": round(engine_cpu, 3),
        "python_wall_s": round(wall - engine_wall, 3),
        "python_cpu_s": round(cpu - engine_cpu, 3),
        "load_before": load_before,
        "load_after": load(),
    }
    (out / "timing.json").write_text(json.dumps(figures, indent=1) + "\n")
    for f in result.failures:
        print(f"failure: {f.step}: {f.error}", file=sys.stderr)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    return figures


def first_difference(a: pa.Table, b: pa.Table) -> str | None:
    """None when the tables are equal (schema, order, values); else what differs first."""
    if a.schema != b.schema:
        return f"schema differs:\n{a.schema}\n---\n{b.schema}"
    if a.num_rows != b.num_rows:
        return f"{a.num_rows} rows against {b.num_rows}"
    if a.combine_chunks().equals(b.combine_chunks()):
        return None
    for name in a.column_names:
        left, right = a.column(name).to_pylist(), b.column(name).to_pylist()
        for i, (x, y) in enumerate(zip(left, right, strict=True)):
            if x != y or type(x) is not type(y):
                return f"column {name}, row {i}: {x!r} against {y!r}"
    return "tables differ (nulls or types) though every value compares equal"


def differing_rows(a: pa.Table, b: pa.Table) -> dict[str, int]:
    """Per column, how many rows differ (tables of equal schema and length)."""
    out = {}
    for name in a.column_names:
        left, right = a.column(name).to_pylist(), b.column(name).to_pylist()
        n = sum(x != y for x, y in zip(left, right, strict=True))
        if n:
            out[name] = n
    return out


def compare(before: Path, after: Path) -> bool:
    same = True
    for name in TABLES:
        a = pq.read_table(before / f"{name}.parquet")
        b = pq.read_table(after / f"{name}.parquet")
        problem = first_difference(a, b)
        print(f"{name}: {a.num_rows} rows: {'EQUAL' if problem is None else 'DIFFERENT'}")
        if problem:
            print(f"  {problem}")
            if a.schema == b.schema and a.num_rows == b.num_rows:
                print(f"  rows differing, by column: {differing_rows(a, b)}")
            same = False
    return same


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="run the pack (write=False), dump alerts and hits")
    d.add_argument("world", type=Path)
    d.add_argument("out", type=Path)
    d.add_argument("--threads", type=int, default=2)
    d.add_argument("--profile", type=int, default=0, metavar="N")
    d.add_argument("--rows", type=Path, help="keep every SELECT's result here, for replay")
    r = sub.add_parser("replay", help="run the pack on rows kept by dump --rows (no SQL)")
    r.add_argument("rows", type=Path)
    r.add_argument("out", type=Path)
    r.add_argument("--profile", type=int, default=0, metavar="N")
    c = sub.add_parser("compare", help="compare two dumps table for table")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = p.parse_args()
    if args.cmd == "dump":
        figures = dump(args.world, args.out, args.threads, args.profile, rows=args.rows)
        print(json.dumps(figures, indent=1))
        return 0
    if args.cmd == "replay":
        figures = dump(None, args.out, profile=args.profile, replay=args.rows)
        print(json.dumps(figures, indent=1))
        return 0
    return 0 if compare(args.before, args.after) else 1


if __name__ == "__main__":
    sys.exit(main())
