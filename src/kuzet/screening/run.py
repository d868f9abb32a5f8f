"""One screening run over a workspace: hits, wallet exposure and platform payments.

Each output replaces the previous run's table as a whole (written under ``_kuzet/tmp``,
then swapped in by rename), so the typology engine never reads a half-written result.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.engine import open_backend
from kuzet.screening.crypto.registry import Registry
from kuzet.screening.exposure import (
    PLATFORM_PAYMENTS,
    WALLET_EXPOSURE,
    compute_exposure,
    compute_platform_payments,
)
from kuzet.screening.lists.store import ListStore
from kuzet.screening.matcher import DEFAULT_THRESHOLD, Matcher
from kuzet.screening.parties import SCREENING_HITS, screen_parties
from kuzet.workspace import PARQUET_OPTIONS, Workspace


def lists_dir(ws: Workspace) -> Path:
    return ws.meta_dir / "lists"


def registry_dir(ws: Workspace) -> Path:
    return ws.meta_dir / "registry"


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
) -> dict[str, int]:
    """Screen the workspace against the lists in force and the registries; rows per table."""
    store = store or ListStore(lists_dir(ws))
    registry = registry or Registry(registry_dir(ws))
    matcher = Matcher(store.all_current())
    with open_backend("duckdb") as backend:
        tables = backend.register_workspace(ws)
        hits = screen_parties(backend, matcher, threshold)
        exposure = compute_exposure(backend, tables, registry.wallets())
        payments = compute_platform_payments(backend, tables, registry.platforms())
    out = {SCREENING_HITS: hits}
    if exposure.num_columns:
        out[WALLET_EXPOSURE] = exposure
    if payments.num_columns:
        out[PLATFORM_PAYMENTS] = payments
    for name, table in out.items():
        replace_table(ws, name, table)
    return {name: t.num_rows for name, t in out.items()}
