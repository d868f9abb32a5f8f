"""Detection quality of the FMA pack on fresh synthetic worlds, seed by seed.

Issue 3's target, on worlds generated with seeds the pack was never tuned on (20,000 persons,
60 days): recall ≥ 0.9 and precision ≥ 0.8 for every family, and every typology better than
its best single indicator. Each seed is run as a bank would run it: generate the world, load
the shipped fictional lists and screen every party (the pack's PF-01 reads the matches),
run the pack, evaluate the alerts against the world's labels.

    python bench/detection_quality.py 990149 990150            # two fresh seeds
    python bench/detection_quality.py 990151 --keep /tmp/worlds --json out.json

Use each seed once: a seed whose misses were read has become a tuning world. The table
prints P / R per family and seed (a failed target in **bold**), how many seeds meet every
family, and each typology that does not beat its best indicator.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path
from typing import Any

from kuzet.engine import open_backend
from kuzet.screening import ListStore
from kuzet.screening import run as screen
from kuzet.screening.fictional import load_fictional_lists
from kuzet.screening.run import lists_dir
from kuzet.synth.world import SynthConfig, generate
from kuzet.typologies import Pack, builtin_packs, evaluate, load_pack, run_pack
from kuzet.workspace import Workspace

MIN_PRECISION, MIN_RECALL = 0.8, 0.9


def num(v: float | None) -> str:
    """A score to three digits; None (nothing to measure, e.g. no alert) as a dash."""
    return "—" if v is None else f"{v:.3f}"


def below_target(v: dict[str, Any]) -> bool:
    return (v["precision"] or 0.0) < MIN_PRECISION or (v["recall"] or 0.0) < MIN_RECALL


def one_seed(root: Path, seed: int, persons: int, days: int, pack: Pack) -> dict[str, Any]:
    """Generate, screen, monitor and evaluate one world; the evaluation report."""
    t0 = time.perf_counter()
    generate(SynthConfig(persons, days, seed, workers=0), root)
    ws = Workspace(root)
    load_fictional_lists(ListStore(lists_dir(ws)))
    screen(ws, workers=1)
    with open_backend("duckdb", threads=2) as backend:
        result = run_pack(backend, ws, pack, write=True)
    for failure in result.failures:
        print(f"  seed {seed}: FAILED {failure}")
    report = evaluate(result.alerts, ws.read("labels"), ws.read("decoys"), [pack], hits=result.hits)
    report["seconds"] = round(time.perf_counter() - t0, 1)
    return report


def missed(report: dict[str, Any]) -> list[str]:
    """Families below the target, as 'FAMILY P / R (tp/fp/fn)'."""
    return [
        f"{fam} {num(v['precision'])} / {num(v['recall'])} ({v['tp']}/{v['fp']}/{v['fn']})"
        for fam, v in report["families"].items()
        if below_target(v)
    ]


def not_beating(report: dict[str, Any]) -> list[tuple[bool, str]]:
    """Typologies whose F1 is not above their best single indicator's, as (below, line):
    below where lower, a tie where equal (an indicator already perfect can only be tied)."""
    return [
        (
            v["lift"] < 0,
            f"{'below' if v['lift'] < 0 else 'tie  '} {t} {num(v['f1'])} vs "
            f"{v['best_indicator']} {num(v['best_indicator_f1'])}",
        )
        for t, v in report.get("indicators", {}).items()
        if v.get("lift") is not None and v["lift"] <= 0
    ]


def table(reports: dict[int, dict[str, Any]]) -> list[str]:
    """P / R per family (rows) and seed (columns), Markdown."""
    seeds = list(reports)
    families = sorted({f for r in reports.values() for f in r["families"]})
    lines = [
        "| family | " + " | ".join(str(s) for s in seeds) + " |",
        "|---|" + "---|" * len(seeds),
    ]
    for fam in families:
        cells = []
        for s in seeds:
            v = reports[s]["families"].get(fam)
            if v is None:
                cells.append("—")
                continue
            cell = f"{num(v['precision'])} / {num(v['recall'])}"
            cells.append(f"**{cell}**" if below_target(v) else cell)
        lines.append(f"| {fam} | " + " | ".join(cells) + " |")
    overall = [reports[s]["overall"] for s in seeds]
    prf = [f"{num(o['precision'])} / {num(o['recall'])} / {num(o['f1'])}" for o in overall]
    lines.append("| **overall** P / R / F1 | " + " | ".join(prf) + " |")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("seeds", type=int, nargs="+", help="fresh seeds, each used once")
    ap.add_argument("--persons", type=int, default=20_000)
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--pack", type=Path, help="default: the first shipped pack")
    ap.add_argument("--keep", type=Path, help="keep each world here as w<seed> (default: discard)")
    ap.add_argument("--json", type=Path, help="write every seed's evaluation report here")
    args = ap.parse_args()
    pack_path = args.pack or builtin_packs()[0]
    pack = load_pack(pack_path, allow_unsigned=True)
    print(f"pack: {pack_path.name}; {args.persons:,} persons x {args.days} days per world")
    reports: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="kuzet-detect-") as tmp:
        base = args.keep or Path(tmp)
        for seed in args.seeds:
            reports[seed] = report = one_seed(
                base / f"w{seed}", seed, args.persons, args.days, pack
            )
            bad = missed(report)
            print(
                f"seed {seed}: {'every family met' if not bad else 'missed ' + '; '.join(bad)}"
                f" ({report['seconds']} s)"
            )
    print()
    print("\n".join(table(reports)))
    met = [s for s, r in reports.items() if not missed(r)]
    print(f"\nevery family met on {len(met)} of {len(reports)} seeds: {met}")
    never_below = 0
    for seed, report in reports.items():
        below = not_beating(report)
        n = len(report.get("indicators", {}))
        lower = sum(is_below for is_below, _ in below)
        never_below += lower == 0
        print(
            f"seed {seed}: {n - len(below)} of {n} typologies beat their best indicator, "
            f"{len(below) - lower} tie it, {lower} below it"
        )
        for _, line in below:
            print(f"    {line}")
    print(f"no typology below its best indicator on {never_below} of {len(reports)} seeds")
    if args.json:
        args.json.write_text(json.dumps({str(s): r for s, r in reports.items()}, indent=1))


if __name__ == "__main__":
    main()
