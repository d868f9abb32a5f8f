"""Compaction: rewrite a table's files sorted by its clustering columns, one file at a time.

Ingest keeps rows in the order they arrive, since sorting them there costs about 1.2 CPU
seconds per million transactions, on the path a bank waits for. A monitoring run, though,
reads one kind of operation at a time (transfers, cash, card payments) over a date range;
from files sorted by ``Table.cluster_by`` (type, then time) with min/max statistics per row
group, the engine decodes only the row groups that hold it (``kuzet.workspace.clustered``).
``compact`` gives a workspace that layout after the fact, as lakehouse tables are optimised
off the ingest path; a synthetic world is written clustered from the start.

Each file is rewritten into a staged file and then renamed over the original (atomic on
POSIX), after its row count and key sum are checked against the original: a reader sees the
old file or the new one, and an interrupted run leaves every file whole, some compacted and
some not, never rows twice or missing. A file already in order is left untouched, so
running it again costs a read of two columns per file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kuzet.model.schemas import TABLES
from kuzet.workspace import (
    ROW_GROUP_ROWS,
    Workspace,
    WorkspaceError,
    clustered,
    decoded,
    layout_options,
)

CLUSTER_ROWS = 1 << 21
"""Rows sorted together: a file is rewritten in runs of this many rows, each sorted by the
clustering columns (memory stays bounded on files of any size); a run holds sixteen or more
row groups of ``ROW_GROUP_ROWS``, so a reader of one type still skips most of them."""


@dataclass(slots=True)
class CompactReport:
    table: str
    cluster_by: tuple[str, ...]
    files: int = 0
    rewritten: list[str] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "cluster_by": list(self.cluster_by),
            "files": self.files,
            "rewritten": self.rewritten,
            "already_clustered": self.files - len(self.rewritten),
            "rows_rewritten": self.rows,
            "seconds": round(self.seconds, 3),
        }


def _has_statistics(pf: pq.ParquetFile, keys: list[str]) -> bool:
    meta = pf.metadata
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    for g in range(meta.num_row_groups):
        for k in keys:
            stats = meta.row_group(g).column(names.index(k)).statistics
            if stats is None or not stats.has_min_max:
                return False
    return True


def unclustered_files(ws: Workspace, table: str = "transactions") -> list[Path]:
    """Files of ``table`` written without its clustering layout, from their footers alone.

    A file without min/max of the clustering columns in every row group was not written
    clustered (ingest's files, an older world's): ``compact`` would rewrite it. Cheap enough
    to ask before every run; a file with statistics is taken at its word here."""
    decl = TABLES.get(table)
    if decl is None or not decl.cluster_by:
        return []
    keys = list(decl.cluster_by)
    return [f for f in ws.files(table) if not _has_statistics(pq.ParquetFile(f), keys)]


def _in_order(pf: pq.ParquetFile, keys: list[str]) -> bool:
    """Whether every row of ``pf`` is sorted by ``keys``, each row group with statistics."""
    if not _has_statistics(pf, keys):
        return False
    data = pf.read(columns=keys)
    if data.num_rows < 2:
        return True
    # lexicographic order of adjacent rows: a later key decides only where earlier ones tie
    tied = pa.array([True] * (data.num_rows - 1))
    for k in keys:
        col = decoded(data.column(k))
        a, b = col.slice(0, data.num_rows - 1), col.slice(1)
        if pc.any(pc.and_(tied, pc.greater(a, b))).as_py():
            return False
        tied = pc.and_(tied, pc.equal(a, b))
    return True


def _runs(pf: pq.ParquetFile) -> Iterator[pa.Table]:
    held: list[pa.RecordBatch] = []
    rows = 0
    for batch in pf.iter_batches(batch_size=ROW_GROUP_ROWS):
        held.append(batch)
        rows += batch.num_rows
        if rows >= CLUSTER_ROWS:
            yield pa.Table.from_batches(held)
            held, rows = [], 0
    if held:
        yield pa.Table.from_batches(held)


def _key_sum(table: pa.Table | pq.ParquetFile, key: str) -> int:
    data = table.read(columns=[key]) if isinstance(table, pq.ParquetFile) else table
    total = pc.sum(data.column(key)).as_py()
    return int(total or 0)


def _rewrite(ws: Workspace, table: str, path: Path) -> int:
    """Rewrite one file clustered, atomically; returns its rows (0: it was in order)."""
    decl = TABLES[table]
    source = pq.ParquetFile(path)
    if _in_order(source, list(decl.cluster_by)):
        return 0
    schema = source.schema_arrow
    staged = ws.staged_path()
    try:
        with pq.ParquetWriter(staged, schema, **layout_options(table, schema)) as writer:
            for run in _runs(source):
                writer.write_table(clustered(table, run), row_group_size=ROW_GROUP_ROWS)
        rows = source.metadata.num_rows
        written = pq.ParquetFile(staged)
        key = decl.key[0]
        same = written.metadata.num_rows == rows and _key_sum(written, key) == _key_sum(source, key)
        if not same:
            raise WorkspaceError(f"{path}: the rewritten file does not hold the same rows")
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)
    return rows


def compact(ws: Workspace, table: str = "transactions", *, threads: int = 2) -> CompactReport:
    """Rewrite every file of ``table`` that is not sorted by its clustering columns.

    Files are rewritten ``threads`` at a time (Arrow sorts, encodes and compresses outside
    Python's lock); each holds at most ``CLUSTER_ROWS`` rows of one file in memory."""
    decl = TABLES.get(table)
    if decl is None:
        raise WorkspaceError(f"unknown table {table!r}")
    if not decl.cluster_by:
        raise WorkspaceError(f"table {table} has no clustering columns: nothing to compact")
    start = time.perf_counter()
    report = CompactReport(table, decl.cluster_by)
    files = ws.files(table)
    with ThreadPoolExecutor(
        max_workers=max(1, threads), thread_name_prefix="kuzet-compact"
    ) as pool:
        rows = list(pool.map(lambda p: _rewrite(ws, table, p), files))
    report.files = len(files)
    report.rewritten = [p.name for p, n in zip(files, rows, strict=True) if n]
    report.rows = sum(rows)
    report.seconds = time.perf_counter() - start
    return report
