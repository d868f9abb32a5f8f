"""The two tables a monitoring run writes, and how it writes them.

``indicator_hits`` holds every row an indicator returned; ``alerts`` holds each subject whose
combined score passed a typology's threshold, naming every indicator that fired (with its
parameter values and measured metrics) and every operation behind it. Both are declared
here, not in ``kuzet.model.schemas``: they are outputs of this room, not canonical input.

One run over one window of one pack writes one file per table, named
``<pack id>__<window>.parquet``; re-running that window replaces both files (stage, then
rename over), so alerts are never duplicated and a reader never sees a half-written run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.workspace import PARQUET_OPTIONS, Workspace

ALERTS_TABLE = "alerts"
HITS_TABLE = "indicator_hits"

_TS = pa.timestamp("us", tz="UTC")


def _f(name: str, type_: pa.DataType, nullable: bool = True) -> pa.Field[Any]:
    return pa.field(name, type_, nullable=nullable)


HITS_SCHEMA = pa.schema(
    [
        _f("hit_id", pa.string(), False),
        _f("pack_id", pa.string(), False),
        _f("pack_version", pa.string(), False),
        _f("pack_digest", pa.string(), False),
        _f("indicator_id", pa.string(), False),
        _f("subject_type", pa.string(), False),
        _f("subject_id", pa.string(), False),
        _f("window_start", _TS),
        _f("window_end", _TS),
        _f("score", pa.float64(), False),
        _f("params", pa.string(), False),  # JSON object: name → value
        _f("metrics", pa.string(), False),  # JSON object: what was measured
        _f("evidence_table", pa.string(), False),
        _f("evidence", pa.list_(pa.int64()), False),
        _f("run_from", _TS, False),
        _f("run_to", _TS, False),
    ]
)
"""One row per indicator hit. ``subject_id`` is text: surrogate keys in decimal, or an
address for wallets."""

FIRED = pa.struct(
    [
        pa.field("indicator_id", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("weight", pa.float64()),
        pa.field("hits", pa.int32()),
        pa.field("sign_code", pa.string()),
        pa.field("params", pa.string()),
        pa.field("metrics", pa.string()),
    ]
)
EVIDENCE = pa.struct([pa.field("table", pa.string()), pa.field("id", pa.int64())])

ALERTS_SCHEMA = pa.schema(
    [
        _f("alert_id", pa.string(), False),
        _f("pack_id", pa.string(), False),
        _f("pack_version", pa.string(), False),
        _f("pack_digest", pa.string(), False),
        _f("typology_id", pa.string(), False),
        _f("family", pa.string(), False),
        _f("subject_type", pa.string(), False),
        _f("subject_id", pa.string(), False),
        _f("window_start", _TS),
        _f("window_end", _TS),
        _f("score", pa.float64(), False),
        _f("threshold", pa.float64(), False),
        _f("indicators", pa.list_(FIRED), False),
        _f("evidence", pa.list_(EVIDENCE), False),
        _f("run_from", _TS, False),
        _f("run_to", _TS, False),
    ]
)
"""One row per alert: a subject whose combined score reached a typology's threshold."""


def stable_id(*parts: object) -> str:
    """32 hex digits of sha256 over the parts: the same inputs give the same id on any engine."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def run_file_name(pack_id: str, window_key: str) -> str:
    return f"{pack_id}__{window_key}.parquet"


def write_run(
    workspace: Workspace, pack_id: str, window_key: str, alerts: pa.Table, hits: pa.Table
) -> tuple[Path, Path]:
    """Write (or replace) this pack's alerts and hits for this window; return their paths.

    Both files are fully written under ``_kuzet/tmp`` before either is renamed into place.
    An empty result is written too: it must replace an earlier run's alerts for the window.
    """
    name = run_file_name(pack_id, window_key)
    staged: list[tuple[Path, Path]] = []
    try:
        for table, data, schema in (
            (ALERTS_TABLE, alerts, ALERTS_SCHEMA),
            (HITS_TABLE, hits, HITS_SCHEMA),
        ):
            dest_dir = workspace.table_dir(table)
            dest_dir.mkdir(parents=True, exist_ok=True)
            tmp = workspace.staged_path()
            staged.append((tmp, dest_dir / name))
            pq.write_table(data.cast(schema), tmp, **PARQUET_OPTIONS)
        for tmp, dest in staged:
            os.replace(tmp, dest)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return staged[0][1], staged[1][1]
