"""Did a change to a pack's SQL keep its results? Dump a run's alerts and hits, compare two dumps.

A rewrite meant to make pack SQL faster must leave every alert (typology, subject, window,
score, threshold, the indicators that fired, the evidence) and every hit (indicator, subject,
window, score, params, metrics, evidence) as they were. Dump a baseline before the change, a
second dump after it, and compare:

    python bench/pack_equality.py dump --world /work/worlds/s101 --out before-s101.json
    python bench/pack_equality.py dump --world /work/worlds/s101 --out after-s101.json
    python bench/pack_equality.py compare before-s101.json after-s101.json --digits 12
    python bench/pack_equality.py ab --world W old.yaml src/kuzet/typologies/packs/afm-2026.1.yaml

The run never writes into the workspace (``run_pack(..., write=False)``), so a shared, read-only
world is fine. What a pack's text changes by itself (its digest, hence nothing that depends on
it) is left out of the dump; hit and alert ids hang on pack id and version only and are kept.
The dump also keeps each step's wall and CPU seconds, which ``compare`` prints side by side.

For a change to the Python that turns rows into hits and alerts (no SQL changed), use
``bench/combine_equality.py``: it records the engine's results once and replays them through
old and new code, so the comparison can be exact and the timing is the Python part alone.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from kuzet.engine import open_backend
from kuzet.typologies import builtin_packs, load_pack, run_pack
from kuzet.typologies._combine import to_json
from kuzet.workspace import Workspace

LEFT_OUT = frozenset({"pack_digest"})
"""Columns a pure SQL rewrite changes by design: the digest of the pack's text."""


def _row(row: dict[str, Any]) -> str:
    """One alert or hit as canonical JSON text, without the columns in ``LEFT_OUT``."""
    kept = {k: v for k, v in row.items() if k not in LEFT_OUT}
    return to_json(kept)


def dump(world: Path, pack_path: Path, out: Path, threads: int) -> None:
    """Run the pack over ``world`` (no writing) and keep sorted alerts, hits and timings."""
    pack = load_pack(pack_path, allow_unsigned=True)
    backend = open_backend("duckdb", threads=threads)
    try:
        load_before = os.getloadavg()
        t0, c0 = time.perf_counter(), time.process_time()
        result = run_pack(backend, Workspace(world), pack, write=False)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        backend.close()
    if result.failures:
        for f in result.failures:
            print(f"FAILED {f}", file=sys.stderr)
        raise SystemExit(1)
    steps: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for t in result.timings:
        steps[t.step][0] += t.seconds
        steps[t.step][1] += t.cpu_seconds or 0.0
    doc = {
        "world": str(world),
        "pack": str(pack_path),
        "wall_s": wall,
        "cpu_s": cpu,
        "load": [load_before, os.getloadavg()],
        "steps": steps,
        "alerts": sorted(_row(a) for a in result.alerts.to_pylist()),
        "hits": sorted(_row(h) for h in result.hits.to_pylist()),
    }
    out.write_text(json.dumps(doc, indent=0))
    print(
        f"{world}: {len(doc['alerts']):,} alerts, {len(doc['hits']):,} hits; "
        f"pack {wall:.2f} s wall, {cpu:.2f} CPU-s -> {out}"
    )


def _rounded(value: Any, digits: int) -> Any:
    """``value`` with every float (also inside JSON text such as metrics) to ``digits``
    significant digits: sums of doubles differ in the last bits with the order of addition,
    which a parallel engine does not fix from one run to the next."""
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


def _canonical(rows: list[str], digits: int) -> list[str]:
    if not digits:
        return rows
    return sorted(to_json(_rounded(json.loads(r), digits)) for r in rows)


def _diff(kind: str, a: list[str], b: list[str], show: int) -> int:
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


def compare(first: Path, second: Path, show: int, steps: int, digits: int = 0) -> int:
    """Print every difference in alerts and hits; 0 when there is none.

    ``digits``: compare floats to that many significant digits (0: exactly)."""
    a, b = json.loads(first.read_text()), json.loads(second.read_text())
    diffs = _diff(
        "alert", _canonical(a["alerts"], digits), _canonical(b["alerts"], digits), show
    ) + _diff("hit", _canonical(a["hits"], digits), _canonical(b["hits"], digits), show)
    print(
        f"{first.name}: {len(a['alerts']):,} alerts {len(a['hits']):,} hits, "
        f"{a['wall_s']:.2f} s / {a['cpu_s']:.2f} CPU-s | "
        f"{second.name}: {len(b['alerts']):,} alerts {len(b['hits']):,} hits, "
        f"{b['wall_s']:.2f} s / {b['cpu_s']:.2f} CPU-s"
    )
    if steps:
        names = sorted(
            set(a["steps"]) | set(b["steps"]), key=lambda s: -a["steps"].get(s, [0, 0])[1]
        )
        print("  CPU-s before  after  step")
        for s in names[:steps]:
            x, y = a["steps"].get(s, [0.0, 0.0]), b["steps"].get(s, [0.0, 0.0])
            print(f"     {x[1]:7.2f} {y[1]:7.2f}  {s}")
    how = f"to {digits} significant digits" if digits else "exactly"
    print(f"IDENTICAL ({how})" if diffs == 0 else f"DIFFERENT ({how}): {diffs} rows")
    return 0 if diffs == 0 else 1


def ab(world: Path, packs: list[Path], rounds: int, threads: int, steps: int) -> None:
    """Run each pack file in turn, ``rounds`` times, and print each step's least CPU time.

    On a shared machine one run of each is not a comparison: the load moves CPU seconds by
    10-20 %. Interleaving the variants and keeping each step's minimum over the rounds is."""
    best: list[dict[str, float]] = [defaultdict(lambda: float("inf")) for _ in packs]
    for r in range(rounds):
        for i, path in enumerate(packs):
            pack = load_pack(path, allow_unsigned=True)
            backend = open_backend("duckdb", threads=threads)
            try:
                load = os.getloadavg()[0]
                t0, c0 = time.perf_counter(), time.process_time()
                result = run_pack(backend, Workspace(world), pack, write=False)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            finally:
                backend.close()
            per_step: dict[str, float] = defaultdict(float)
            for t in result.timings:
                per_step[t.step] += t.cpu_seconds or 0.0
            for step, seconds in per_step.items():
                best[i][step] = min(best[i][step], seconds)
            features = sum(v for k, v in per_step.items() if k.startswith("feature "))
            print(
                f"round {r} #{i} {path.name}: {wall:.1f} s wall, {cpu:.1f} CPU-s "
                f"(features {features:.1f}), load {load:.1f}, "
                f"{result.alerts.num_rows:,} alerts, {result.hits.num_rows:,} hits",
                flush=True,
            )
    order = sorted(best[0], key=lambda k: -best[0][k])
    print("least CPU-s per step over the rounds: " + "  ".join(f"#{i}" for i in range(len(packs))))
    for step in order[:steps]:
        print("  " + "  ".join(f"{b.get(step, 0.0):6.2f}" for b in best) + f"  {step}")
    for i, b in enumerate(best):
        features = sum(v for k, v in b.items() if k.startswith("feature "))
        print(f"#{i} {packs[i]}: features {features:.2f}, all steps {sum(b.values()):.2f} CPU-s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="mode", required=True)
    d = sub.add_parser("dump", help="run the pack (write=False) and dump alerts and hits")
    d.add_argument("--world", type=Path, required=True)
    d.add_argument("--pack", type=Path, default=None, help="default: the first shipped pack")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--threads", type=int, default=2)
    c = sub.add_parser("compare", help="print the differences between two dumps")
    c.add_argument("first", type=Path)
    c.add_argument("second", type=Path)
    c.add_argument("--show", type=int, default=10, help="rows shown per kind of difference")
    c.add_argument("--steps", type=int, default=0, help="also print the N costliest steps")
    c.add_argument(
        "--digits", type=int, default=0, help="compare floats to N significant digits (0: exactly)"
    )
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
        dump(args.world, args.pack or builtin_packs()[0], args.out, args.threads)
    else:
        raise SystemExit(compare(args.first, args.second, args.show, args.steps, args.digits))


if __name__ == "__main__":
    main()
