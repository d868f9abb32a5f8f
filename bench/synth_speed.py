"""Benchmark: generate a synthetic Kazakhstan and report its speed.

Default: 1,000,000 persons over 90 days, the size the generator is specified for (at least
500,000 transactions per second on 2 cores). Scale it down with ``--persons``/``--days``.
Prints persons, days, transactions, seconds, transactions per second and peak memory
(resident set of the main process and of the largest worker), then the time of each stage.

    python bench/synth_speed.py                       # the full benchmark
    python bench/synth_speed.py --persons 100000 --days 30
    python bench/synth_speed.py --families ''        # ordinary life only, no schemes
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
from pathlib import Path

from kuzet.synth.world import SynthConfig, generate


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--persons", type=int, default=1_000_000)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=0, help="0: one per core")
    ap.add_argument(
        "--families",
        help="plant only these families, comma-separated ('' for none: ordinary life alone)",
    )
    ap.add_argument("--out", type=Path, help="keep the world here instead of a temp dir")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    families = None
    if args.families is not None:
        families = tuple(f.strip().upper() for f in args.families.split(",") if f.strip())
    config = SynthConfig(
        args.persons, args.days, args.seed, workers=args.workers, families=families
    )
    with tempfile.TemporaryDirectory(prefix="kuzet-synth-bench-") as tmp:
        out = args.out or Path(tmp) / "world"
        summary = generate(config, out)
        disk = sum(f.stat().st_size for f in Path(out).rglob("*.parquet"))
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB → MiB (Linux)
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "persons": summary.persons,
        "days": summary.days,
        "transactions": summary.transactions,
        "rows_all_tables": sum(summary.rows.values()),
        "seconds": round(summary.seconds, 1),
        "tx_per_second": round(summary.tx_per_second),
        "peak_rss_mib_main": round(main_rss),
        "peak_rss_mib_worker": round(child_rss),
        "parquet_mib": round(disk / 2**20),
        "stages_seconds": {k: round(v, 1) for k, v in summary.stages.items()},
    }
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
