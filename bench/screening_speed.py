"""One query against a list of N synthetic entries: index build time and p50/p95 latency.

Latency is wall-clock per ``Matcher.match`` call; CPU time per call is printed beside it,
since on a shared machine the wall-clock tail is mostly waiting for a core. ``found``
checks the pre-filter and candidate caps lose nothing: a query counts as found when its own
entry is among the hits, or when ``limit`` hits all score at least as high (namesakes).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from kuzet.screening import Alias, ListEntry, Matcher, Query
from kuzet.screening.names.compare import compare
from kuzet.screening.names.structure import parse
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
    picks = [int(i) for i in rng.integers(0, n, queries)]
    qs = [variants(names[i])[-1].text for i in picks]
    lat, cpu = [], []
    for q in qs:
        t, c = time.perf_counter(), time.process_time()
        m.match(Query(q))
        lat.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    ms, cms = np.array(lat) * 1000, np.array(cpu) * 1000
    compared = m.comparisons / queries
    found = total = 0
    for i in picks[:100]:
        listed = entries[i].names[0].name
        for v in variants(names[i])[1:]:
            expected = compare(parse(v.text), parse(listed)).score
            if expected < 0.85:
                continue
            total += 1
            hits = m.match(Query(v.text))
            found += any(h.entry.entry_id == str(i) for h in hits) or (
                len(hits) == 10 and hits[-1].score >= expected
            )
    print(
        f"list {n:,} entries: index built in {build:.1f} s; {queries} queries: "
        f"p50 {np.percentile(ms, 50):.2f} ms, p95 {np.percentile(ms, 95):.2f} ms "
        f"(CPU p50 {np.percentile(cms, 50):.2f} ms, p95 {np.percentile(cms, 95):.2f} ms); "
        f"{compared:.1f} full comparisons a query; found {found}/{total} variants"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:]))
