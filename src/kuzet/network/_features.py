"""``build_features``: one row of graph features per account, from SQL and the graph searches."""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from kuzet.engine import Backend
from kuzet.network import _ring_sql as rq
from kuzet.network import _sql as q
from kuzet.network._graph import CycleResult, stack_depths, temporal_cycles
from kuzet.network._rings import RingLinks, find_components
from kuzet.network._spec import DEFAULT_WINDOWS, FeatureSpec, feature_specs

BASE = "net_base"
GRAPH = "net_graph"
RINGS = "net_ring_sizes"


@dataclass
class GraphState:
    """What the graph part found, kept for ring building after the features."""

    cycles: CycleResult
    links: RingLinks
    components: list[list[int]]


_MADE: weakref.WeakKeyDictionary[Backend, set[str]] = weakref.WeakKeyDictionary()
"""The working tables each backend holds for this room (dropped by ``release``)."""


def _run(be: Backend, name: str, sql: str, step: str) -> None:
    be.materialise(name, be.dialect.transpile(sql), step=f"network:{step}")
    _MADE.setdefault(be, set()).add(name)


def release(be: Backend) -> None:
    """Drop the working tables (millions of rows at scale) once the results are out."""
    for name in sorted(_MADE.pop(be, set())):
        be.drop(name)


def _fetch(be: Backend, sql: str, step: str) -> pa.Table:
    return be.query(be.dialect.transpile(sql), step=f"network:{step}")


def _col(table: pa.Table, name: str) -> list[Any]:
    """A column as Python values (ids and times are never null in these tables)."""
    return table.column(name).to_pylist()


def prepare(
    be: Backend, start: dt.date | None, end: dt.date | None, windows_days: Sequence[int]
) -> list[str]:
    """Materialise the SQL feature tables; returns their names (each keyed by account_id)."""
    _run(be, q.TX, q.tx_sql(start, end), "payments")
    _run(be, q.EXT, q.external_ids_sql(), "external_accounts")
    _run(be, q.INTERNAL, q.internal_sql(), "money_edges")
    _run(be, q.HUBS, q.hubs_sql(), "hubs")
    parts = []
    for days in sorted(set(windows_days)):
        name = f"net_win_{days}"
        _run(be, name, q.window_sql(days), f"window_{days}d")
        parts.append(name)
    _run(be, "net_fwd", q.forwarding_sql(), "forwarding")
    _run(be, q.RELAY_DEBITS, q.relay_debits_sql(), "relay_debits")
    _run(be, q.HOP2, q.hop2_sql(), "two_hop_flows")
    _run(be, "net_flows", q.flow_counts_sql(), "relays_scatter_gather")
    _run(be, "net_profile", q.profile_sql(end), "age_income")
    _run(be, q.LINKS, q.device_links_sql(), "shared_devices")
    _run(be, "net_shared", q.shared_counts_sql(), "shared_counts")
    return [*parts, "net_fwd", "net_flows", "net_profile", "net_shared"]


def searches(be: Backend) -> tuple[pa.Table, CycleResult]:
    """Cycles and stacks (rustworkx and plain walks over the pruned graph), per account."""
    cand = _fetch(be, q.cycle_candidate_edges_sql(), "cycle_candidates")
    cycles = temporal_cycles(
        zip(*(_col(cand, c) for c in ("src", "dst", "sec", "amt")), strict=True)
    )
    hops = _fetch(be, q.relay_hops_sql(), "relay_hops")
    depth = stack_depths(zip(*(_col(hops, c) for c in ("a", "m", "c", "t1", "t2")), strict=True))
    relay_cycles: dict[int, int] = {}
    for cyc in cycles.relay_cycles:
        for v in cyc:
            relay_cycles[v] = relay_cycles.get(v, 0) + 1
    accounts = sorted(a for a in set(cycles.count) | set(depth) if a > 0)
    table = pa.table(
        {
            "account_id": pa.array(accounts, pa.int64()),
            "stack_depth": pa.array([depth.get(a, 1) for a in accounts], pa.int64()),
            "cycle_count": pa.array([cycles.count.get(a, 0) for a in accounts], pa.int64()),
            "cycle_max_hops": pa.array([cycles.max_hops.get(a, 0) for a in accounts], pa.int64()),
            "relay_cycle_count": pa.array([relay_cycles.get(a, 0) for a in accounts], pa.int64()),
        }
    )
    return table, cycles


def rings_part(
    be: Backend, cycles: CycleResult, smallest_window: int
) -> tuple[pa.Table, GraphState]:
    """Rings over drop-like relays, relay cycles and shared devices; ring size per account."""
    _run(be, rq.DROPLIKE_BASE, rq.droplike_sql(BASE, smallest_window), "droplike_relayers")
    _run(be, rq.DROPLIKE, rq.drop_relayers_sql(), "drop_relayers")
    hubs = set(_col(_fetch(be, f"SELECT account_id FROM {q.HUBS}", "hub_list"), "account_id"))
    relayers = _fetch(be, f"SELECT account_id FROM {rq.DROPLIKE}", "relayers")
    ring_edges = _fetch(be, rq.ring_edges_sql(), "ring_edges")
    links = _fetch(be, f"SELECT kind, a, b FROM {q.LINKS} WHERE a < b", "device_pairs")
    ring_links = RingLinks.build(
        zip(_col(ring_edges, "src"), _col(ring_edges, "dst"), strict=True),
        cycles.relay_cycles,
        zip(_col(links, "kind"), _col(links, "a"), _col(links, "b"), strict=True),
        relayers=set(_col(relayers, "account_id")),
        exclude=hubs,
    )
    components = find_components(ring_links)
    sizes = sorted((a, len(c)) for c in components for a in c)
    table = pa.table(
        {
            "account_id": pa.array([a for a, _ in sizes], pa.int64()),
            "ring_size": pa.array([n for _, n in sizes], pa.int64()),
        }
    )
    return table, GraphState(cycles, ring_links, components)


def _column_sql(spec: FeatureSpec, source: str) -> str:
    default = "1" if spec.column == "stack_depth" else "0"
    kind = "BIGINT" if spec.integer else "DOUBLE"
    return f"CAST(coalesce({source}.{spec.column}, {default}) AS {kind}) AS {spec.column}"


def assemble_sql(specs: dict[str, FeatureSpec], sources: dict[str, str]) -> str:
    """One row per account: every feature from the table that computes it, 0 where absent."""
    tables = sorted(set(sources.values()))
    alias = {t: f"s{i}" for i, t in enumerate(tables)}
    cols = ",\n       ".join(_column_sql(s, alias[sources[s.column]]) for s in specs.values())
    joins = "\n".join(
        f"LEFT JOIN {t} {alias[t]} ON {alias[t]}.account_id = acc.account_id" for t in tables
    )
    return f"SELECT acc.account_id,\n       {cols}\nFROM net_accounts acc\n{joins}"


def build_features(
    backend: Backend,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    windows_days: Sequence[int] = DEFAULT_WINDOWS,
) -> pa.Table:
    """Graph features per account over payments with ``start <= ts < end`` (None: unbounded).

    The backend must have the workspace registered (``backend.register_workspace``); tables
    a workspace lacks (devices, persons) read as empty and give zeros. One row per account
    known to ``accounts`` or seen in a payment; columns as in ``feature_specs(windows_days)``.
    """
    table, _ = build_features_and_graph(backend, start=start, end=end, windows_days=windows_days)
    release(backend)
    return table


def build_features_and_graph(
    backend: Backend,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    windows_days: Sequence[int] = DEFAULT_WINDOWS,
) -> tuple[pa.Table, GraphState]:
    """``build_features`` plus what the graph search found (for ring building)."""
    specs = feature_specs(windows_days)
    parts = prepare(backend, start, end, windows_days)
    graph, cycles = searches(backend)
    backend.register_arrow(GRAPH, graph)
    _run(backend, "net_accounts", q.accounts_sql([]), "accounts")
    sources: dict[str, str] = {}
    for part in [*parts, GRAPH]:
        cols = _fetch(backend, f"SELECT * FROM {part} LIMIT 0", f"columns_{part}").column_names
        sources.update((c, part) for c in cols if c in specs)
    base_specs = {k: s for k, s in specs.items() if k in sources}
    _run(backend, BASE, assemble_sql(base_specs, sources), "assemble")
    rings, state = rings_part(backend, cycles, min(windows_days))
    backend.register_arrow(RINGS, rings)
    _run(backend, "net_nbrs", q.neighbours_sql(BASE, max(windows_days)), "neighbours")
    late = {c: s for c, s in specs.items() if c.startswith("nbr_") or c == "ring_size"}
    missing = [c for c in specs if c not in base_specs and c not in late]
    if missing:
        raise RuntimeError(f"no SQL computes the features {missing}")
    late_cols = ",\n       ".join(
        _column_sql(s, "r" if c == "ring_size" else "n") for c, s in late.items()
    )
    final = f"""SELECT b.*, {late_cols}
FROM {BASE} b LEFT JOIN net_nbrs n ON n.account_id = b.account_id
LEFT JOIN {RINGS} r ON r.account_id = b.account_id
ORDER BY b.account_id"""
    out = _fetch(backend, final, "features").select(["account_id", *specs])
    schema = pa.schema(
        [pa.field("account_id", pa.int64(), nullable=False)]
        + [
            pa.field(s.column, pa.int64() if s.integer else pa.float64(), nullable=False)
            for s in specs.values()
        ]
    )
    return out.cast(schema), state
