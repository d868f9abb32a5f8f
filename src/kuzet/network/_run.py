"""Workspace-level runs: compute the feature and ring tables and write them into the workspace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from kuzet.engine import open_backend
from kuzet.network._features import build_features_and_graph, release
from kuzet.network._ring_tables import EDGES, MEMBERS, build_ring_tables
from kuzet.network._spec import DEFAULT_WINDOWS
from kuzet.workspace import Workspace, WorkspaceError

FEATURES_TABLE = "account_graph_features"


@dataclass
class NetworkRun:
    """What one run computed and wrote."""

    accounts: int
    rings: int = 0
    ring_members: int = 0
    tables: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def run_network(
    ws: Workspace,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    rings: bool = True,
    threads: int | None = None,
    memory_limit: str | None = None,
) -> NetworkRun:
    """Compute ``account_graph_features`` (and, with ``rings``, ``network_rings`` and
    ``network_ring_edges``) over the workspace and write them, replacing earlier runs."""
    if not ws.files("transactions"):
        raise WorkspaceError(f"{ws.root} has no transactions")
    windows: Sequence[int] = DEFAULT_WINDOWS  # the declared table has these windows' columns
    with open_backend("duckdb", threads=threads, memory_limit=memory_limit) as be:
        be.register_workspace(ws)
        features, state = build_features_and_graph(be, start=start, end=end, windows_days=windows)
        out: dict[str, pa.Table] = {FEATURES_TABLE: features}
        if rings:
            members, edges = build_ring_tables(be, state, features)
            out[MEMBERS], out[EDGES] = members, edges
        release(be)
        seconds: dict[str, float] = {}
        for t in be.timings:
            seconds[t.step] = seconds.get(t.step, 0.0) + t.seconds
    ws.replace_tables(out, "network")
    run = NetworkRun(features.num_rows, tables=sorted(out), seconds=seconds)
    if rings:
        run.rings, run.ring_members = len(state.components), out[MEMBERS].num_rows
    return run


def top_rings(ws: Workspace, n: int = 5) -> list[dict[str, Any]]:
    """The ``n`` highest-scoring rings of the workspace, each with members and edges."""
    if not ws.files(MEMBERS):
        return []
    members = ws.read(MEMBERS).to_pylist()
    edges = ws.read(EDGES).to_pylist() if ws.files(EDGES) else []
    rings: dict[str, dict[str, Any]] = {}
    for m in members:
        r = rings.setdefault(
            m["ring_id"],
            {
                "ring_id": m["ring_id"],
                "size": m["ring_size"],
                "score": m["ring_score"],
                "reasons": m["ring_reasons"],
                "members": [],
                "edges": [],
            },
        )
        r["members"].append(
            {k: m[k] for k in ("account_id", "holder_type", "holder_id", "role", "role_reason")}
        )
    for e in edges:
        if e["ring_id"] in rings:
            rings[e["ring_id"]]["edges"].append(e)
    ranked = sorted(rings.values(), key=lambda r: (-r["score"], -r["size"], r["ring_id"]))
    return ranked[:n]
