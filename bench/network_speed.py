"""Graph features and drop rings over a large world on 2 cores, with time and memory figures.

Issue 6's target: graph features for ~20M transactions over 60-90 days on 2 cores in minutes,
memory bounded. The run uses DuckDB with 2 threads and a memory limit (it spills beyond it);
the graph searches (cycles, stacks, rings) run in Python over the pruned graph. Beside the
total, the bench prints a grouped scan of the same transactions (by account and day) as the
reference, the time of every step, and the peak resident memory of the process.

    python bench/network_speed.py --world /work/worlds/big20m
    python bench/network_speed.py --persons 20000 --days 30     # generates a world first
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from kuzet.engine import open_backend
from kuzet.network._features import build_features_and_graph
from kuzet.network._ring_tables import build_ring_tables
from kuzet.synth.world import SynthConfig, generate
from kuzet.workspace import Workspace

GROUPED_SCAN = """
SELECT count(*) AS groups FROM (
  SELECT src_account_id, CAST(ts AS DATE) AS day, count(*) AS n, sum(amount_kzt) AS total
  FROM transactions GROUP BY 1, 2) g"""


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def run(ws: Workspace, threads: int, memory_limit: str) -> None:
    with open_backend("duckdb", threads=threads, memory_limit=memory_limit) as be:
        be.register_workspace(ws)
        tx = be.query("SELECT count(*) AS n FROM transactions", step="count")["n"][0].as_py()
        t0 = time.perf_counter()
        be.query(GROUPED_SCAN, step="grouped scan")
        scan = time.perf_counter() - t0
        t0 = time.perf_counter()
        features, state = build_features_and_graph(be)
        feat_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        members, edges = build_ring_tables(be, state, features)
        ring_s = time.perf_counter() - t0
        steps: dict[str, float] = {}
        for t in be.timings:
            if t.step.startswith("network:"):
                steps[t.step] = steps.get(t.step, 0.0) + t.seconds
    sql_s = sum(steps.values())
    print(f"transactions           {tx:,}")
    print(f"accounts with features {features.num_rows:,} ({features.num_columns - 1} features)")
    print(f"grouped scan (ref)     {scan:.1f} s")
    print(f"features total         {feat_s:.1f} s ({feat_s / scan:.1f}x the grouped scan)")
    print(f"  of which engine      {sql_s:.1f} s; graph searches in Python {feat_s - sql_s:.1f} s")
    print(
        f"rings                  {ring_s:.1f} s: {len(state.components)} rings,"
        f" {members.num_rows} members, {edges.num_rows} edges"
    )
    print(
        f"cycles                 {len(state.cycles.cycles):,} temporal,"
        f" {len(state.cycles.relay_cycles):,} relay; {state.cycles.steps:,} walk steps,"
        f" {state.cycles.truncated_starts} starts cut at the budget"
    )
    print(f"throughput             {tx / (feat_s + ring_s):,.0f} transactions/s end to end")
    print(f"peak RSS               {peak_rss_gib():.2f} GiB (DuckDB limit {memory_limit})")
    for step, s in sorted(steps.items(), key=lambda kv: -kv[1])[:12]:
        print(f"  {step:36s} {s:7.1f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--world", type=Path, help="an existing workspace (else one is generated)")
    ap.add_argument("--persons", type=int, default=20_000)
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=4242)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--memory-limit", default="8GB")
    a = ap.parse_args()
    if a.world is not None:
        run(Workspace(a.world), a.threads, a.memory_limit)
        return
    with tempfile.TemporaryDirectory() as tmp:
        generate(SynthConfig(a.persons, a.days, a.seed), Path(tmp) / "ws")
        run(Workspace(Path(tmp) / "ws"), a.threads, a.memory_limit)


if __name__ == "__main__":
    main()
