"""Drop rings: accounts tied by relayed money, money cycles and shared devices.

A ring is a connected component (rustworkx) of the link graph whose links are: money edges
that carried relayed money (a debit that passed on 80-102% of 3 days of credits), the
edges of forward-in-time cycles, and shared devices, IPs or phones between accounts of
different holders. Hubs (payroll, billers, shops) are left out, so they cannot glue unrelated
people together. A component counts as a ring when it has at least ``MIN_RING`` accounts and
at least ``MIN_MONEY_LINKS`` money links: people who only share a phone are a family, not a
ring.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import rustworkx as rx

MIN_RING = 3
MIN_MONEY_LINKS = 2


@dataclass
class RingLinks:
    """The links between accounts that rings are made of, by kind."""

    money: set[tuple[int, int]] = field(default_factory=set)
    """Directed (payer, payee) pairs that carried relayed or cycling money."""
    cycle: set[tuple[int, int]] = field(default_factory=set)
    shared: dict[tuple[int, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    """Undirected account pairs (smaller first) and what they share: device, ip, phone."""

    @classmethod
    def build(
        cls,
        relay_pairs: Iterable[tuple[int, int]],
        cycles: Iterable[tuple[int, ...]],
        shared: Iterable[tuple[str, int, int]],
        *,
        exclude: set[int],
    ) -> RingLinks:
        out = cls()
        for s, d in relay_pairs:
            if s not in exclude and d not in exclude and s != d:
                out.money.add((s, d))
        for cyc in cycles:
            for i, s in enumerate(cyc):
                d = cyc[(i + 1) % len(cyc)]
                out.cycle.add((s, d))
                out.money.add((s, d))
        for kind, a, b in shared:
            if a not in exclude and b not in exclude and a != b:
                out.shared[(min(a, b), max(a, b))].add(kind)
        return out


def find_components(links: RingLinks) -> list[list[int]]:
    """Rings: components with enough accounts and money links, largest first."""
    g: rx.PyGraph[int, str] = rx.PyGraph()
    index: dict[int, int] = {}

    def node(v: int) -> int:
        if v not in index:
            index[v] = g.add_node(v)
        return index[v]

    for s, d in links.money:
        g.add_edge(node(s), node(d), "money")
    for a, b in links.shared:
        g.add_edge(node(a), node(b), "shared")
    rings = []
    for comp in rx.connected_components(g):
        if len(comp) < MIN_RING:
            continue
        members = sorted(g[i] for i in comp)
        inside = set(members)
        money = (
            sum(1 for s, d in links.money if s in inside and d in inside)
            if len(members) < 1000
            else MIN_MONEY_LINKS
        )
        if money >= MIN_MONEY_LINKS:
            rings.append(members)
    rings.sort(key=lambda m: (-len(m), m[0]))
    return rings
