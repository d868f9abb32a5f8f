"""Screening every party of a synthetic world against a 100,000-entry fictional list.

Generates a world (``--persons`` × ``--days``), loads a fictional list (synthetic names
drawn from the same pools, never real people, plus a few hundred of the world's own persons
under their Latin passport names so there are hits to find) through ``ListStore`` as a
workspace would, then times ``kuzet.screening.run`` (persons under all their names, firms,
counterparty names, owners, wallet exposure). Prints parties/s, total seconds, the CPU
seconds of this process and its workers, and the load before and after.

    .venv/bin/python bench/screening_parties.py [persons] [days] [list_entries] [dir]
        [--world PATH] [--workers N]

``--world PATH`` screens an existing world instead of generating one, read-only: its tables
are linked into a workspace under ``dir`` (lists and results are written there only).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from kuzet.engine import open_backend
from kuzet.screening import ListStore, run
from kuzet.screening.run import lists_dir
from kuzet.synth.names import draw_name, full
from kuzet.synth.world import SynthConfig, generate
from kuzet.workspace import Workspace

PLANTED = 300


def _list_csv(path: Path, ws: Workspace, n: int, rng: np.random.Generator) -> int:
    persons = ws.read("persons", ["name_lat", "birth_date"]).to_pylist()
    picks = rng.choice(len(persons), min(PLANTED, len(persons)), replace=False)
    with path.open("w", encoding="utf-8") as f:
        f.write("id,kind,name,birth_dates\n")
        for i in range(n - len(picks)):
            year = int(rng.integers(1950, 2000))
            nm = draw_name(rng, int(rng.integers(0, 7)), bool(rng.random() < 0.5), year)
            f.write(f"F-{i},person,{full(nm.ru())},{year}\n")
        for j in picks:
            p = persons[int(j)]
            f.write(f"P-{j},person,{p['name_lat']},{p['birth_date']}\n")
    return len(picks)


def _linked(world: Path, dest: Path) -> Workspace:
    """A workspace at ``dest`` whose tables are symlinks to ``world``'s (nothing written there)."""
    (dest / "data").mkdir(parents=True, exist_ok=True)
    for table in (world / "data").iterdir():
        link = dest / "data" / table.name
        outputs = ("screening_hits", "wallet_exposure", "platform_payments")
        if table.name not in outputs and not link.exists():
            link.symlink_to(table.resolve(), target_is_directory=True)
    return Workspace(dest)


def _cpu() -> float:
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(
    persons: int = 100_000,
    days: int = 30,
    entries: int = 100_000,
    out: str = "",
    world: str = "",
    workers: int = 0,
) -> None:
    root = Path(out or tempfile.mkdtemp(prefix="kuzet-screen-bench-"))
    t0 = time.perf_counter()
    if world:
        ws = _linked(Path(world), root / "linked-world")
        ws_dir = Path(world)
    else:
        ws_dir = root / f"world-{persons}x{days}"
        if not Workspace(ws_dir).tables():
            generate(SynthConfig(persons, days, seed=5, workers=1), ws_dir)
        ws = Workspace(ws_dir)
    t_gen = time.perf_counter() - t0
    rng = np.random.default_rng(23)
    t0 = time.perf_counter()
    planted = _list_csv(root / "fictional.csv", ws, entries, rng)
    ListStore(lists_dir(ws)).load("fictional", root / "fictional.csv")
    t_list = time.perf_counter() - t0
    with open_backend("duckdb") as backend:
        backend.register_workspace(ws)
        n = backend.query(
            "SELECT (SELECT count(*) FROM persons) AS persons, (SELECT count(*) FROM "
            "legal_entities) AS firms, (SELECT count(DISTINCT name) FROM (SELECT cp_name AS name"
            " FROM transactions UNION ALL SELECT name FROM payment_parties) WHERE name IS NOT "
            "NULL) AS cps, (SELECT count(*) FROM transactions) AS txns",
            step="bench.parties",
        ).to_pylist()[0]
    parties = n["persons"] + n["firms"] + n["cps"]
    load0 = os.getloadavg()
    t0, c0 = time.perf_counter(), _cpu()
    counts = run(ws, workers=workers or None)
    total, cpu = time.perf_counter() - t0, _cpu() - c0
    load1 = os.getloadavg()
    hits = ws.read("screening_hits", ["entry_id", "role"]).to_pylist()
    found = len({h["entry_id"] for h in hits if h["entry_id"].startswith("P-")})
    print(
        f"world {ws_dir} ({n['persons']:,} persons, {n['firms']:,} firms, {n['cps']:,} "
        f"counterparty names, {n['txns']:,} transactions; ready in {t_gen:.1f} s); list "
        f"{entries:,} entries (written and loaded in {t_list:.1f} s)\n"
        f"screened {parties:,} parties in {total:.1f} s: {parties / total:,.0f} parties/s "
        f"(workers {workers or 'default'}; CPU {cpu:.1f} s = {parties / cpu:,.0f} parties per "
        f"CPU-s); load {load0[0]:.2f} -> {load1[0]:.2f}; {counts}; planted entries hit "
        f"{found}/{planted}"
    )


if __name__ == "__main__":
    a = [x for x in sys.argv[1:] if not x.startswith("--")]
    opts = dict(x[2:].split("=", 1) for x in sys.argv[1:] if x.startswith("--"))
    main(
        *(int(x) for x in a[:3]),
        *a[3:4],
        world=opts.get("world", ""),
        workers=int(opts.get("workers", "0")),
    )
