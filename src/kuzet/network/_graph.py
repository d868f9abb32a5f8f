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
START_BUDGET = 20_000
"""Walk steps allowed from one start account (the search is cut there, and says so)."""
TOTAL_BUDGET = 5_000_000
"""Walk steps allowed in total."""
MAX_TIMES = 16
"""Payment times tried as a cycle's first payment on one account pair."""


@dataclass
class CycleResult:
    """Temporal cycles found: per account how many and the longest, and the cycles."""

    count: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    max_hops: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    cycles: list[tuple[int, ...]] = field(default_factory=list)
    truncated_starts: int = 0
    steps: int = 0


def _feasible(times: list[list[int]]) -> bool:
    """Whether some rotation of the cycle can be paid forward in time within the window.

    ``times[i]`` are the sorted payment times on the cycle's i-th pair. For a fixed first
    payment, taking the earliest possible payment at every later hop is optimal.
    """
    k = len(times)
    for r in range(k):
        for first in times[r][:MAX_TIMES]:
            t, ok = first, True
            for j in range(1, k):
                ts = times[(r + j) % k]
                i = bisect_left(ts, t)
                if i == len(ts) or ts[i] - first > CYCLE_SECONDS:
                    ok = False
                    break
                t = ts[i]
            if ok:
                return True
    return False


def temporal_cycles(edges: Iterable[tuple[int, int, int]], max_hops: int = MAX_HOPS) -> CycleResult:
    """Simple cycles of ``MIN_HOPS``..``max_hops`` accounts whose payments run forward in time.

    ``edges`` are ``(src, dst, seconds)`` payments. Each cycle is enumerated once, from its
    smallest account, visiting only larger accounts; the time check runs when it closes.
    """
    times: dict[tuple[int, int], list[int]] = defaultdict(list)
    for s, d, t in edges:
        times[(s, d)].append(t)
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
    for comp in rx.strongly_connected_components(g):
        if len(comp) < 2 or out.steps >= TOTAL_BUDGET:
            continue
        members = sorted(g[i] for i in comp)
        inside = set(members)
        adj = {
            v: sorted(g[j] for j in g.successor_indices(index[v]) if g[j] in inside)
            for v in members
        }
        for s in members:
            if out.steps >= TOTAL_BUDGET:
                break
            _walk(s, adj, times, max_hops, out)
    return out


def _walk(
    start: int,
    adj: dict[int, list[int]],
    times: dict[tuple[int, int], list[int]],
    max_hops: int,
    out: CycleResult,
) -> None:
    """Depth-first from ``start`` over larger accounts, at most ``max_hops`` payments."""
    path = [start]
    on_path = {start}
    stack = [iter(adj[start])]
    steps = 0
    # loose window check while walking: earliest last-payment and latest first-payment so far
    lo_stack = [-(2**62)]
    hi_stack = [2**62]
    while stack:
        if steps >= START_BUDGET:
            out.truncated_starts += 1
            break
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            on_path.discard(path.pop())
            lo_stack.pop()
            hi_stack.pop()
            continue
        steps += 1
        ts = times[(path[-1], nxt)]
        lo, hi = max(lo_stack[-1], ts[0]), min(hi_stack[-1], ts[-1])
        if lo - hi > CYCLE_SECONDS:
            continue
        if nxt == start:
            if len(path) >= MIN_HOPS:
                cyc = tuple(path)
                pair_times = [times[(cyc[i], cyc[(i + 1) % len(cyc)])] for i in range(len(cyc))]
                if _feasible(pair_times):
                    out.cycles.append(cyc)
                    for v in cyc:
                        out.count[v] += 1
                        out.max_hops[v] = max(out.max_hops[v], len(cyc))
            continue
        if nxt < start or nxt in on_path or len(path) >= max_hops:
            continue
        path.append(nxt)
        on_path.add(nxt)
        stack.append(iter(adj[nxt]))
        lo_stack.append(lo)
        hi_stack.append(hi)
    out.steps += steps


def chain_depth(edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Accounts on the longest chain of relay edges through each account (a stack's depth).

    Strongly connected parts (relays that loop) count as one step of their size; the rest
    is a longest path in the condensed DAG, computed forward and backward.
    """
    g: rx.PyDiGraph[int, None] = rx.PyDiGraph()
    index: dict[int, int] = {}
    pairs = set()
    for s, d in edges:
        if s == d:
            continue
        for v in (s, d):
            if v not in index:
                index[v] = g.add_node(v)
        pairs.add((index[s], index[d]))
    g.add_edges_from_no_data(list(pairs))
    comp_of: dict[int, int] = {}
    sizes: list[int] = []
    for c, comp in enumerate(rx.strongly_connected_components(g)):
        sizes.append(len(comp))
        for i in comp:
            comp_of[i] = c
    dag: rx.PyDiGraph[int, None] = rx.PyDiGraph()
    dag.add_nodes_from(list(range(len(sizes))))
    dag.add_edges_from_no_data(
        list({(comp_of[s], comp_of[d]) for s, d in pairs if comp_of[s] != comp_of[d]})
    )
    order = list(rx.topological_sort(dag))
    down = list(sizes)  # longest chain ending at the component, its own size included
    for c in order:
        for p in dag.predecessor_indices(c):
            down[c] = max(down[c], down[p] + sizes[c])
    up = list(sizes)  # longest chain starting at the component
    for c in reversed(order):
        for n in dag.successor_indices(c):
            up[c] = max(up[c], up[n] + sizes[c])
    return {g[i]: down[c] + up[c] - sizes[c] for i, c in comp_of.items()}
