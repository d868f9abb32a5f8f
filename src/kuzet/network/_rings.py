"""Drop rings: accounts tied by relayed money, money cycles and shared devices.

A ring is a connected component (rustworkx) of the link graph. Its links are:
- payments out of a drop-like relaying account (one that passed on 65-102% of three days of
  credits and shows two of: young, gathers from many senders, shares a device:
  ``_ring_sql.droplike_sql``) to another, or to an account that takes at least 30% of its
  credits from them (a collector, organiser or recruiter);
- the payments of relay cycles: forward in time, each payment 65-102% of the one before;
- devices or phones shared by accounts of different holders (IP addresses are too often
  shared by strangers behind one carrier to tie people).
Hubs (payroll, billers, shops) are left out, so they cannot glue unrelated people together.
A component counts as a ring when it has at least ``MIN_RING`` accounts and either
``MIN_RELAYERS`` relaying accounts or a cycle: people who only share a phone are a family,
and one person passing on a salary is not a ring. Accounts outside the data (a foreign IBAN
on a cycle) may link members but are not members.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import rustworkx as rx

MIN_RING = 3
MIN_RELAYERS = 2
MAX_RING = 40
"""A component larger than this is cut at its busiest non-relaying accounts (``_split``)."""
RING_SHARED_KINDS = frozenset({"device", "phone"})


@dataclass
class RingLinks:
    """The links between accounts that rings are made of, by kind."""

    money: set[tuple[int, int]] = field(default_factory=set)
    """Directed (payer, payee) pairs out of relaying accounts, and cycle pairs."""
    cycle: set[tuple[int, int]] = field(default_factory=set)
    shared: dict[tuple[int, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    """Undirected account pairs (smaller first) and what they share: device, phone."""
    relayers: set[int] = field(default_factory=set)

    @classmethod
    def build(
        cls,
        money: Iterable[tuple[int, int]],
        cycles: Iterable[tuple[int, ...]],
        shared: Iterable[tuple[str, int, int]],
        *,
        relayers: set[int],
        exclude: set[int],
    ) -> RingLinks:
        out = cls(relayers=relayers - exclude)
        for s, d in money:
            if s not in exclude and d not in exclude and s != d:
                out.money.add((s, d))
        for cyc in cycles:
            for i, s in enumerate(cyc):
                d = cyc[(i + 1) % len(cyc)]
                out.cycle.add((s, d))
                out.money.add((s, d))
        for kind, a, b in shared:
            if kind in RING_SHARED_KINDS and a not in exclude and b not in exclude and a != b:
                out.shared[(min(a, b), max(a, b))].add(kind)
        return out


def _parts(adj: dict[int, set[int]], nodes: set[int]) -> list[set[int]]:
    """Connected parts of ``nodes`` (breadth-first over ``adj`` restricted to them)."""
    out, seen = [], set()
    for v in sorted(nodes):
        if v in seen:
            continue
        part, todo = {v}, [v]
        while todo:
            for w in adj[todo.pop()] & nodes:
                if w not in part:
                    part.add(w)
                    todo.append(w)
        seen |= part
        out.append(part)
    return out


def _split(adj: dict[int, set[int]], comp: set[int], keep: set[int]) -> list[set[int]]:
    """Cut a component too large to be one ring at its busiest accounts outside ``keep``
    (venues and collectors shared by several rings), a twentieth at a time, until every part
    has at most ``MAX_RING`` accounts or only relaying accounts (never cut) are left."""
    out, todo = [], [comp]
    while todo:
        part = todo.pop()
        if len(part) <= MAX_RING:
            out.append(part)
            continue
        cut = sorted((v for v in part if v not in keep), key=lambda v: (-len(adj[v] & part), v))
        if not cut:  # only relaying accounts left: one large ring, its score says how bad
            out.append(part)
            continue
        gone = set(cut[: max(1, len(part) // 20)])
        todo += _parts(adj, part - gone)
    return out


def find_components(links: RingLinks) -> list[list[int]]:
    """Rings as sorted member lists (accounts of the data only), largest first."""
    g: rx.PyGraph[int, None] = rx.PyGraph()
    index: dict[int, int] = {}

    def node(v: int) -> int:
        if v not in index:
            index[v] = g.add_node(v)
        return index[v]

    for s, d in links.money:
        g.add_edge(node(s), node(d), None)
    for a, b in links.shared:
        g.add_edge(node(a), node(b), None)
    on_cycle = {v for pair in links.cycle for v in pair}
    adj: dict[int, set[int]] = defaultdict(set)
    for a, b in [*links.money, *links.shared]:
        adj[a].add(b)
        adj[b].add(a)
    rings = []
    for comp in rx.connected_components(g):
        for part in _split(adj, {g[i] for i in comp}, links.relayers | on_cycle):
            members = sorted(v for v in part if v > 0)
            if len(members) < MIN_RING:
                continue
            relaying = sum(1 for v in members if v in links.relayers)
            if relaying >= MIN_RELAYERS or any(v in on_cycle for v in members):
                rings.append(members)
    rings.sort(key=lambda m: (-len(m), m[0]))
    return rings
