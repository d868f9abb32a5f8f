"""Did a change keep a pack run's results? Dump a run's alerts and hits, compare two dumps.

A change made for speed must leave every alert (typology, subject, window, score, the
indicators that fired, the evidence) and every hit (indicator, subject, window, score,
params, metrics, evidence) as they were. Dump a baseline before the change, a second dump
after it, and compare. The run never writes into the workspace (``run_pack(...,
write=False)``), so a shared, read-only world is fine. A dump is a folder: ``alerts.parquet``
and ``hits.parquet`` as the run returned them, and ``run.json`` (wall and CPU seconds, the
engine's and the Python part's, each step's, the load).

A change to a pack's SQL (or to the storage a run reads): the engine's results themselves may
change order, and DuckDB's parallel double sums differ in the last bits from run to run
(``313748207.2986787`` against ``313748207.29867876``), so compare rows as sets, floats to N
significant digits, without the pack digest (which a pack's text changes by design)::

    python bench/pack_equality.py dump --world W --out /tmp/before
    python bench/pack_equality.py dump --world W --out /tmp/after
    python bench/pack_equality.py compare /tmp/before /tmp/after --digits 12 --steps 20
    python bench/pack_equality.py ab --world W old.yaml src/kuzet/typologies/packs/afm-2026.1.yaml

``ab`` times pack files in turn, several rounds, and prints each step's least CPU time: on a
shared machine one run of each is not a comparison.

A change to the Python that turns rows into hits and alerts (no SQL changed): ``--rows DIR``
keeps every SELECT's result as the engine returned it; ``replay`` runs the pack again on those
very rows (a backend that answers from DIR; no SQL runs), so old and new code see identical
input, its time is the Python part alone, and ``compare`` without ``--digits`` demands the
same tables exactly (schema, row order, every value)::

    python bench/pack_equality.py dump --world W --out /tmp/run --rows /tmp/rows
    PYTHONPATH=<old checkout>/src python bench/pack_equality.py replay /tmp/rows --out /tmp/old
    PYTHONPATH=src python bench/pack_equality.py replay /tmp/rows --out /tmp/new
    python bench/pack_equality.py compare /tmp/old /tmp/new

``--profile N`` prints the N costliest functions of the run (cProfile, cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.engine import Backend, dialect, open_backend, step_totals
from kuzet.typologies import builtin_packs, load_pack, run_pack
from kuzet.typologies._combine import to_json
from kuzet.workspace import Workspace

TABLES = ("alerts", "hits")
LEFT_OUT = frozenset({"pack_digest"})
"""Columns a pure SQL rewrite changes by design: the digest of the pack's text."""


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


def _run(backend: Backend, ws: Workspace, pack_path: Path, profile: int) -> dict[str, Any]:
    """One run of the pack, timed, with its engine and Python parts; dumps nothing."""
    pack = load_pack(pack_path, allow_unsigned=True)
    profiler = cProfile.Profile() if profile else None
    load_before = load()
    wall, cpu = time.perf_counter(), time.process_time()
    if profiler:
        profiler.enable()
    try:
        result = run_pack(backend, ws, pack, write=False)
    finally:
        if profiler:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        backend.close()
    for f in result.failures:
        print(f"failure: {f.step}: {f.error}", file=sys.stderr)
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)
    steps = step_totals(result.timings)
    engine_wall = sum(s[0] for s in steps.values())
    engine_cpu = sum(s[1] for s in steps.values())
    return {
        "result": result,
        "figures": {
            "pack": str(pack_path),
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
            "steps": steps,
        },
    }


def dump(
    out: Path,
    *,
    world: Path | None = None,
    replay: Path | None = None,
    pack: Path | None = None,
    threads: int = 2,
    rows: Path | None = None,
    profile: int = 0,
) -> dict[str, Any]:
    """Run the pack over ``world`` (or the rows kept in ``replay``) into the dump ``out``."""
    backend: Backend = Replaying(replay) if replay else open_backend("duckdb", threads=threads)
    if rows:
        backend = Recording(backend)
    ws = Workspace(world or out / "no-world")
    run = _run(backend, ws, pack or builtin_packs()[0], profile)
    if rows and isinstance(backend, Recording):
        backend.save(rows)
    result, figures = run["result"], run["figures"]
    figures["world"] = str(world or replay)
    out.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        pq.write_table(getattr(result, name), out / f"{name}.parquet")
    (out / "run.json").write_text(json.dumps(figures, indent=1) + "\n")
    print(
        f"{figures['world']}: {figures['alerts']:,} alerts, {figures['hits']:,} hits; pack "
        f"{figures['wall_s']:.2f} s wall, {figures['cpu_s']:.2f} CPU-s (Python part "
        f"{figures['python_cpu_s']:.2f}) -> {out}"
    )
    return figures


def _rounded(value: Any, digits: int) -> Any:
    """``value`` with every float (also inside JSON text such as metrics) to ``digits``
    significant digits."""
    if isinstance(value, float):
        return float(f"{value:.{digits}g}")
    if isinstance(value, dict):
        return {k: _rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v, digits) for v in value]
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return to_json(_rounded(json.loads(value), digits))
        except ValueError:
            return value
    return value


def _canonical(table: pa.Table, digits: int) -> list[str]:
    """Each row as sorted canonical JSON text, without ``LEFT_OUT``, floats rounded."""
    rows = ({k: v for k, v in r.items() if k not in LEFT_OUT} for r in table.to_pylist())
    return sorted(to_json(_rounded(r, digits)) for r in rows)


def _set_diff(kind: str, a: list[str], b: list[str], show: int) -> int:
    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    dup = len(a) - len(set(a)) != len(b) - len(set(b))
    for label, rows in (("only in first", only_a), ("only in second", only_b)):
        for r in rows[:show]:
            print(f"  {kind} {label}: {r[:400]}")
        if len(rows) > show:
            print(f"  ... {len(rows) - show} more {kind} {label}")
    if dup:
        print(f"  {kind}: duplicate rows differ")
    return len(only_a) + len(only_b) + int(dup)


def _exact_diff(kind: str, a: pa.Table, b: pa.Table) -> int:
    """0 when the tables are equal (schema, row order, values); else prints what differs."""
    if a.schema != b.schema:
        print(f"  {kind}: schema differs:\n{a.schema}\n---\n{b.schema}")
        return 1
    if a.num_rows != b.num_rows:
        print(f"  {kind}: {a.num_rows} rows against {b.num_rows}")
        return abs(a.num_rows - b.num_rows)
    if a.combine_chunks().equals(b.combine_chunks()):
        return 0
    rows: set[int] = set()
    for name in a.column_names:
        left, right = a.column(name).to_pylist(), b.column(name).to_pylist()
        diff = [i for i, (x, y) in enumerate(zip(left, right, strict=True)) if x != y]
        if diff:
            i = diff[0]
            print(f"  {kind} {name}: {len(diff)} rows, first row {i}: {left[i]!r} / {right[i]!r}")
            rows.update(diff)
    return len(rows) or 1  # nulls or types differ though every value compares equal


def compare(first: Path, second: Path, show: int = 10, steps: int = 0, digits: int = 0) -> int:
    """Print every difference in alerts and hits; 0 when there is none.

    ``digits`` 0: the tables exactly as dumped; N: rows as sets, floats to N digits."""
    diffs = 0
    for name in TABLES:
        a, b = pq.read_table(first / f"{name}.parquet"), pq.read_table(second / f"{name}.parquet")
        if digits:
            diffs += _set_diff(name, _canonical(a, digits), _canonical(b, digits), show)
        else:
            diffs += _exact_diff(name, a, b)
    fa, fb = (json.loads((d / "run.json").read_text()) for d in (first, second))
    print(
        " | ".join(
            f"{d.name}: {f['alerts']:,} alerts {f['hits']:,} hits, {f['wall_s']:.2f} s / "
            f"{f['cpu_s']:.2f} CPU-s (Python {f['python_cpu_s']:.2f})"
            for d, f in ((first, fa), (second, fb))
        )
    )
    if steps:
        sa, sb = fa["steps"], fb["steps"]
        print("  CPU-s before  after  step")
        for s in sorted(set(sa) | set(sb), key=lambda s: -sa.get(s, [0, 0])[1])[:steps]:
            print(f"     {sa.get(s, [0, 0])[1]:7.2f} {sb.get(s, [0, 0])[1]:7.2f}  {s}")
    how = f"to {digits} significant digits" if digits else "exactly"
    print(f"IDENTICAL ({how})" if diffs == 0 else f"DIFFERENT ({how}): {diffs} rows")
    return 0 if diffs == 0 else 1


def ab(world: Path, packs: list[Path], rounds: int, threads: int, steps: int) -> None:
    """Run each pack file in turn, ``rounds`` times, and print each step's least CPU time.

    The load moves CPU seconds by 10-20 % on a shared machine; interleaving the variants and
    keeping each step's minimum over the rounds is a comparison."""
    best: list[dict[str, float]] = [defaultdict(lambda: float("inf")) for _ in packs]
    for r in range(rounds):
        for i, path in enumerate(packs):
            f = _run(open_backend("duckdb", threads=threads), Workspace(world), path, 0)["figures"]
            for step, (_, cpu) in f["steps"].items():
                best[i][step] = min(best[i][step], cpu)
            features = sum(v[1] for k, v in f["steps"].items() if k.startswith("feature "))
            print(
                f"round {r} #{i} {path.name}: {f['wall_s']:.1f} s wall, {f['cpu_s']:.1f} CPU-s "
                f"(features {features:.1f}), load {f['load_before']}, "
                f"{f['alerts']:,} alerts, {f['hits']:,} hits",
                flush=True,
            )
    order = sorted(best[0], key=lambda k: -best[0][k])
    print("least CPU-s per step over the rounds: " + "  ".join(f"#{i}" for i in range(len(packs))))
    for step in order[:steps]:
        print("  " + "  ".join(f"{b.get(step, 0.0):6.2f}" for b in best) + f"  {step}")
    for i, b in enumerate(best):
        features = sum(v for k, v in b.items() if k.startswith("feature "))
        print(f"#{i} {packs[i]}: features {features:.2f}, all steps {sum(b.values()):.2f} CPU-s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    d = sub.add_parser("dump", help="run the pack (write=False) and dump alerts and hits")
    d.add_argument("--world", type=Path, required=True)
    d.add_argument("--out", type=Path, required=True, help="the dump's folder")
    d.add_argument("--pack", type=Path, default=None, help="default: the first shipped pack")
    d.add_argument("--threads", type=int, default=2)
    d.add_argument("--rows", type=Path, help="keep every SELECT's result here, for replay")
    d.add_argument("--profile", type=int, default=0, metavar="N")
    r = sub.add_parser("replay", help="run the pack on rows kept by dump --rows (no SQL)")
    r.add_argument("rows", type=Path)
    r.add_argument("--out", type=Path, required=True)
    r.add_argument("--pack", type=Path, default=None)
    r.add_argument("--profile", type=int, default=0, metavar="N")
    c = sub.add_parser("compare", help="print the differences between two dumps")
    c.add_argument("first", type=Path)
    c.add_argument("second", type=Path)
    c.add_argument("--show", type=int, default=10, help="rows shown per kind of difference")
    c.add_argument("--steps", type=int, default=0, help="also print the N costliest steps")
    c.add_argument("--digits", type=int, default=0, help="rows as sets, floats to N digits")
    t = sub.add_parser("ab", help="time pack files alternately: least CPU-s per step")
    t.add_argument("--world", type=Path, required=True)
    t.add_argument("packs", type=Path, nargs="+", help="pack files (e.g. a copy of the old one)")
    t.add_argument("--rounds", type=int, default=2)
    t.add_argument("--threads", type=int, default=2)
    t.add_argument("--steps", type=int, default=20)
    args = ap.parse_args()
    if args.mode == "ab":
        ab(args.world, args.packs, args.rounds, args.threads, args.steps)
    elif args.mode == "dump":
        f = dump(
            args.out,
            world=args.world,
            pack=args.pack,
            threads=args.threads,
            rows=args.rows,
            profile=args.profile,
        )
        return 1 if f["failures"] else 0
    elif args.mode == "replay":
        dump(args.out, replay=args.rows, pack=args.pack, profile=args.profile)
    else:
        return compare(args.first, args.second, args.show, args.steps, args.digits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
