"""One query against a list of N synthetic entries: index build time and p50/p95 latency."""

from __future__ import annotations

import sys
import time

import numpy as np

from kuzet.screening import Alias, ListEntry, Matcher, Query
from kuzet.synth.names import draw_name, full, variants


def main(n: int = 1_000_000, queries: int = 500) -> None:
    rng = np.random.default_rng(11)
    names = [
        draw_name(rng, int(rng.integers(0, 7)), bool(rng.random() < 0.5), 1970) for _ in range(n)
    ]
    entries = [
        ListEntry("bench", str(i), "person", (Alias(full(nm.ru())),)) for i, nm in enumerate(names)
    ]
    t0 = time.perf_counter()
    m = Matcher(entries)
    build = time.perf_counter() - t0
    qs = [variants(names[int(i)])[-1].text for i in rng.integers(0, n, queries)]
    lat = []
    for q in qs:
        t = time.perf_counter()
        m.match(Query(q))
        lat.append(time.perf_counter() - t)
    ms = np.array(lat) * 1000
    print(
        f"list {n:,} entries: index built in {build:.1f} s; {queries} queries: "
        f"p50 {np.percentile(ms, 50):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
