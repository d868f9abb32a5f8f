"""One screening run over a workspace: hits, wallet exposure and platform payments.

Each output replaces the previous run's table as a whole (written under ``_kuzet/tmp``,
then swapped in by rename), so the typology engine never reads a half-written result.

``rescreen(ws, diff)`` brings ``screening_hits`` up to date after a new list version without
screening everything again: hits on removed or changed entries are withdrawn, every party is
screened against the added and changed entries only, other hits are kept as they are, and
``owned_by_listed`` rows are derived again from the direct hits. ``_kuzet/screening.json``
records the list versions the hits reflect; when they do not match the diff's old version
(no run yet, or a version skipped), ``rescreen`` screens everything instead.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kuzet.engine import open_backend
from kuzet.screening.crypto.registry import Registry
from kuzet.screening.exposure import (
    PLATFORM_PAYMENTS,
    WALLET_EXPOSURE,
    compute_exposure,
    compute_platform_payments,
)
from kuzet.screening.lists.store import Diff, ListStore
from kuzet.screening.matcher import DEFAULT_THRESHOLD, Matcher
from kuzet.screening.parties import SCREENING_HITS, direct_hits, screen_parties, with_owned
from kuzet.workspace import PARQUET_OPTIONS, Workspace


def lists_dir(ws: Workspace) -> Path:
    return ws.meta_dir / "lists"


def registry_dir(ws: Workspace) -> Path:
    return ws.meta_dir / "registry"


def _state_path(ws: Workspace) -> Path:
    return ws.meta_dir / "screening.json"


def screened_versions(ws: Workspace) -> dict[str, int]:
    """The list versions ``screening_hits`` reflects (empty before the first run)."""
    p = _state_path(ws)
    if not p.exists() or not ws.table_dir(SCREENING_HITS).exists():
        return {}
    data: dict[str, Any] = json.loads(p.read_text("utf-8"))
    return {str(k): int(v) for k, v in data.get("lists", {}).items()}


def _record_versions(
    ws: Workspace, store: ListStore, threshold: float, only: Diff | None = None
) -> None:
    """Record the versions the hits now reflect: all lists in force, or one diff's list."""
    if only is None:
        lists = {lid: v for lid in store.list_ids() if (v := store.current_version(lid))}
    else:
        lists = {**screened_versions(ws), only.list_id: only.new_version}
    p = _state_path(ws)
    staged = p.with_suffix(".tmp")
    staged.write_text(json.dumps({"lists": lists, "threshold": threshold}), "utf-8")
    os.replace(staged, p)


def replace_table(ws: Workspace, name: str, data: pa.Table) -> Path:
    """Swap ``data/<name>/`` for a folder holding ``data`` (one Parquet file)."""
    staged = ws.tmp_dir / f"{name}-{uuid.uuid4().hex[:8]}"
    staged.mkdir(parents=True)
    pq.write_table(data, staged / "part-0.parquet", **PARQUET_OPTIONS)
    dest = ws.table_dir(name)
    old = ws.tmp_dir / f"old-{name}-{uuid.uuid4().hex[:8]}"
    if dest.exists():
        os.replace(dest, old)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged, dest)
    shutil.rmtree(old, ignore_errors=True)
    return dest


def run(
    ws: Workspace,
    store: ListStore | None = None,
    registry: Registry | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
) -> dict[str, int]:
    """Screen the workspace against the lists in force and the registries; rows per table
    (``workers`` processes screen the parties; default: the cores)."""
    store = store or ListStore(lists_dir(ws))
    registry = registry or Registry(registry_dir(ws))
    matcher = Matcher(store.all_current())
    with open_backend("duckdb") as backend:
        tables = backend.register_workspace(ws)
        hits = screen_parties(backend, matcher, threshold, workers)
        exposure = compute_exposure(backend, tables, registry.wallets())
        payments = compute_platform_payments(backend, tables, registry.platforms())
    out = {SCREENING_HITS: hits}
    if exposure.num_columns:
        out[WALLET_EXPOSURE] = exposure
    if payments.num_columns:
        out[PLATFORM_PAYMENTS] = payments
    for name, table in out.items():
        replace_table(ws, name, table)
    _record_versions(ws, store, threshold)
    return {name: t.num_rows for name, t in out.items()}


@dataclass(frozen=True, slots=True)
class Rescreen:
    """What re-screening one list change did."""

    list_id: str
    incremental: bool
    """``False`` when the hits did not reflect the diff's old version and all was screened."""
    entries_screened: int
    comparisons: int
    kept: int
    withdrawn: int
    added: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "incremental": self.incremental,
            "entries_screened": self.entries_screened,
            "comparisons": self.comparisons,
            "kept": self.kept,
            "withdrawn": self.withdrawn,
            "added": self.added,
        }


def rescreen(
    ws: Workspace,
    diff: Diff,
    store: ListStore | None = None,
    threshold: float | None = None,
) -> Rescreen | None:
    """Update ``screening_hits`` for one recorded list change; ``None`` if never screened."""
    store = store or ListStore(lists_dir(ws))
    versions = screened_versions(ws)
    if not versions and not ws.table_dir(SCREENING_HITS).exists():
        return None
    state = json.loads(_state_path(ws).read_text("utf-8")) if _state_path(ws).exists() else {}
    threshold = float(state.get("threshold", DEFAULT_THRESHOLD)) if threshold is None else threshold
    if diff.new_version == diff.old_version or versions.get(diff.list_id) == diff.new_version:
        n = ws.read(SCREENING_HITS).num_rows
        return Rescreen(diff.list_id, True, 0, 0, n, 0, 0)
    if versions.get(diff.list_id) != diff.old_version:
        matcher = Matcher(store.all_current())
        with open_backend("duckdb") as backend:
            backend.register_workspace(ws)
            hits = screen_parties(backend, matcher, threshold)
        replace_table(ws, SCREENING_HITS, hits)
        _record_versions(ws, store, threshold)
        return Rescreen(diff.list_id, False, len(matcher), matcher.comparisons, 0, 0, 0)
    old = ws.read(SCREENING_HITS)
    old = old.filter(pc.not_equal(old["role"], pa.scalar("owned_by_listed")))
    gone = pa.array(sorted(set(diff.removed) | set(diff.changed)), pa.string())
    out = pc.and_kleene(
        pc.equal(old["list_id"], pa.scalar(diff.list_id)), pc.is_in(old["entry_id"], gone)
    )
    keep = pc.invert(out)
    kept = old.filter(keep, null_selection_behavior="drop")
    touched = set(diff.touched)
    entries = [e for e in store.entries(diff.list_id, diff.new_version) if e.entry_id in touched]
    matcher = Matcher(entries)
    with open_backend("duckdb") as backend:
        backend.register_workspace(ws)
        new = direct_hits(backend, matcher, threshold)
        hits = with_owned(backend, pa.concat_tables([kept.cast(new.schema), new]))
    replace_table(ws, SCREENING_HITS, hits)
    _record_versions(ws, store, threshold, only=diff)
    return Rescreen(
        diff.list_id,
        True,
        len(matcher),
        matcher.comparisons,
        kept.num_rows,
        old.num_rows - kept.num_rows,
        new.num_rows,
    )
