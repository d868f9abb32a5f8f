"""Searches over the pruned money graph: temporal cycles and stacks (rustworkx, not SQL).

Why a graph library here: a bounded cycle search is a depth-first walk that must remember
the path it is on, and a stack is a longest path; as SQL both become self-joins whose size
grows with every hop, and once a month of payments forms one giant strongly connected
component only the walk with a budget finishes. ``_sql`` prunes first (hubs out, only
payments whose receiver passed money on), rustworkx splits what is left into strongly
connected components, and the walk runs inside each non-trivial component only.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import rustworkx as rx

MIN_HOPS = 3
"""Two-account loops (a loan paid back) are everyday life; cycles start at three hops."""
MAX_HOPS = 6
CYCLE_SECONDS = 30 * 86_400
"""A cycle's payments all fall within 30 days, each after the previous one."""
HOP_SECONDS = 3 * 86_400
"""... and each within 3 days of the one before (money passed on, not a later payment)."""
START_BUDGET = 20_000
"""Payments looked at from one start account (the search is cut there, and says so)."""
TOTAL_BUDGET = 10_000_000
"""Payments looked at in total (about a minute of Python)."""
MAX_TIMES = 16
"""Payment times tried as a cycle's first payment on one account pair."""
HOP_MIN, HOP_MAX = 0.65, 1.02
"""On a relay cycle each payment is 65-102% of the one before."""

Pay = tuple[int, float]


@dataclass
class CycleResult:
    """Temporal cycles found: per account how many and the longest, and the cycles."""

    count: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    max_hops: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    cycles: list[tuple[int, ...]] = field(default_factory=list)
    relay_cycles: list[tuple[int, ...]] = field(default_factory=list)
    """Cycles that can also be paid with every amount 65-102% of the previous one (each hop
    keeps a fee, as layering does); plain cycles include friends paying each other back."""
    truncated_starts: int = 0
    steps: int = 0


def _relay_feasible(times: list[list[Pay]]) -> bool:
    """Whether some rotation of the cycle can be paid forward in time within the window with
    each payment 65-102% of the previous one (a short search: a cycle's pairs carry few
    payments)."""
    k = len(times)

    def extend(j: int, r: int, first: int, t: int, amt: float) -> bool:
        if j == k:
            return True
        ts = times[(r + j) % k]
        for t2, a2 in ts[bisect_left(ts, (t, float("-inf"))) :][:MAX_TIMES]:
            if t2 - first > CYCLE_SECONDS:
                break
            if HOP_MIN * amt <= a2 <= HOP_MAX * amt and extend(j + 1, r, first, t2, a2):
                return True
        return False

    return any(extend(1, r, t0, t0, a0) for r in range(k) for t0, a0 in times[r][:MAX_TIMES])


def temporal_cycles(
    edges: Iterable[tuple[int, int, int, float]], max_hops: int = MAX_HOPS
) -> CycleResult:
    """Simple cycles of ``MIN_HOPS``..``max_hops`` accounts whose payments run forward in time.

    ``edges`` are ``(src, dst, seconds, amount)`` payments. rustworkx splits the graph into
    strongly connected components; inside each (smallest first, so that a giant component
    of everyday payments cannot spend the budget before the small ones are searched) a walk
    from every account follows only later payments within the window (``_walk``). A cycle
    found from several of its accounts or loops is counted once per account.
    """
    times: dict[tuple[int, int], list[Pay]] = defaultdict(list)
    for s, d, t, a in edges:
        times[(s, d)].append((t, a))
    for ts in times.values():
        ts.sort()
    g: rx.PyDiGraph[int, None] = rx.PyDiGraph()
    index: dict[int, int] = {}
    for s, d in times:
        for v in (s, d):
            if v not in index:
                index[v] = g.add_node(v)
        g.add_edge(index[s], index[d], None)
    out = CycleResult()
    seen: set[tuple[int, ...]] = set()
    for comp in sorted(rx.strongly_connected_components(g), key=len):
        if len(comp) < MIN_HOPS:
            continue
        members = sorted(g[i] for i in comp)
        inside = set(members)
        adj: dict[int, list[tuple[int, int]]] = {}  # payments out, by time: (time, payee)
        for v in members:
            pays = [
                (t, w)
                for w in (g[j] for j in g.successor_indices(index[v]))
                if w in inside
                for t, _ in times[(v, w)]
            ]
            adj[v] = sorted(pays)
        for s in members:
            if out.steps >= TOTAL_BUDGET:
                out.truncated_starts += 1
                continue
            _walk(s, adj, times, max_hops, out, seen)
    return out


def _walk(
    start: int,
    adj: dict[int, list[tuple[int, int]]],
    times: dict[tuple[int, int], list[Pay]],
    max_hops: int,
    out: CycleResult,
    seen: set[tuple[int, ...]],
) -> None:
    """Depth-first from ``start`` along payments made within ``HOP_SECONDS`` after the one
    before and within ``CYCLE_SECONDS`` of the first; at each pair the earliest usable
    payment is taken (a greedy choice: a later one could only open later hops)."""
    steps = 0
    path = [start]

    def record() -> None:
        k = path.index(min(path))
        cyc = tuple(path[k:] + path[:k])
        if cyc in seen:
            return
        seen.add(cyc)
        pair_times = [times[(cyc[i], cyc[(i + 1) % len(cyc)])] for i in range(len(cyc))]
        out.cycles.append(cyc)
        if _relay_feasible(pair_times):
            out.relay_cycles.append(cyc)
        for v in cyc:
            out.count[v] += 1
            out.max_hops[v] = max(out.max_hops[v], len(cyc))

    def step(v: int, t: int, deadline: int) -> None:
        nonlocal steps
        pays, tried = adj[v], set()
        limit = min(deadline, t + HOP_SECONDS)
        for j in range(bisect_left(pays, (t, -1)), len(pays)):
            t2, w = pays[j]
            if t2 > limit or steps >= START_BUDGET:
                return
            steps += 1
            if w in tried:  # the earliest payment to w was taken already
                continue
            tried.add(w)
            if w == start:
                if len(path) >= MIN_HOPS:
                    record()
            elif w not in path and len(path) < max_hops:
                path.append(w)
                step(w, t2, deadline)
                path.pop()

    firsts: dict[int, int] = {}
    for t0, first in adj[start]:
        if steps >= START_BUDGET:
            break
        if firsts.get(first, 0) >= MAX_TIMES:
            continue
        firsts[first] = firsts.get(first, 0) + 1
        steps += 1
        path.append(first)
        step(first, t0, t0 + CYCLE_SECONDS)
        path.pop()
    if steps >= START_BUDGET:
        out.truncated_starts += 1
    out.steps += steps


def stack_depths(hops: Iterable[tuple[int, int, int, int, int]]) -> dict[int, int]:
    """Accounts on the longest forward-in-time chain of relays through each account.

    ``hops`` are relays ``(a, m, c, t1, t2)``: ``a`` paid ``m`` at ``t1`` and ``m`` passed it
    on to ``c`` at ``t2``. Two hops chain when the second's first payment is the first's
    second payment. A payment is ``(payer, payee, time)``; chains are counted in payments
    from both ends by dynamic programming over the hops in time order (a stack of ``k``
    accounts is ``k - 1`` payments). Every account of a hop gets the longest chain through it.
    """
    rows = sorted(hops, key=lambda h: (h[4], h[3]))
    ends: dict[tuple[int, int, int], int] = {}  # payment -> longest chain ending with it
    for a, m, c, t1, t2 in rows:
        first, second = (a, m, t1), (m, c, t2)
        ends[second] = max(ends.get(second, 1), ends.get(first, 1) + 1)
    starts: dict[tuple[int, int, int], int] = {}  # payment -> longest chain starting with it
    for a, m, c, t1, t2 in reversed(rows):
        first, second = (a, m, t1), (m, c, t2)
        starts[first] = max(starts.get(first, 1), starts.get(second, 1) + 1)
    out: dict[int, int] = {}
    for a, m, c, t1, t2 in rows:
        accounts = ends.get((a, m, t1), 1) + starts.get((m, c, t2), 1) + 1
        for v in (a, m, c):
            out[v] = max(out.get(v, 1), accounts)
    return out
