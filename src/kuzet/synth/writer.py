"""Writing a synthetic world into a workspace: staged Parquet files, published together.

Every file is written under the workspace's staging area and renamed into
``data/<table>/`` only when the whole world is built, so an interrupted run leaves no half
world behind. File names are deterministic (``part-00007.parquet``, ``planted.parquet``) so
the same arguments give the same files. Columns may arrive dictionary-encoded (repeated
strings in transactions); they are written as Parquet dictionary pages and the Arrow schema is
not embedded, so every reader sees exactly the canonical types.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.model.schemas import TABLES, TS
from kuzet.workspace import ROW_GROUP_ROWS, Workspace, clustered, layout_options

_pa: Any = pa
_pq: Any = pq  # the stubs type use_dictionary as bool, Arrow takes a list of columns too


class SchemaMismatchError(ValueError):
    """A generated table does not match its canonical declaration (a generator bug)."""


def conform(table: str, data: pa.Table) -> pa.Table:
    """``data`` with the canonical column order and nullability, dictionary strings allowed.

    Raises ``SchemaMismatchError`` naming the column when a type differs or a required column has
    nulls: generated data must never need guessing.
    """
    decl = TABLES[table]
    fields = []
    columns = []
    names = set(data.column_names)
    unknown = names - {c.name for c in decl.columns}
    if unknown:
        raise SchemaMismatchError(f"{table}: unknown columns {sorted(unknown)}")
    for col in decl.columns:
        arr: Any = (
            data.column(col.name) if col.name in names else _pa.nulls(data.num_rows, col.type)
        )
        t = arr.type
        dict_ok = (
            pa.types.is_dictionary(t) and col.type == pa.string() and t.value_type == pa.string()
        )
        if not dict_ok and t != col.type:
            try:
                arr = arr.cast(col.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
                raise SchemaMismatchError(f"{table}.{col.name}: {t} is not {col.type}") from e
            t = col.type
        if col.required and arr.null_count:
            raise SchemaMismatchError(
                f"{table}.{col.name}: {arr.null_count} nulls in a required column"
            )
        fields.append(pa.field(col.name, t, nullable=not col.required))
        columns.append(arr)
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


def write_parquet(ws: Workspace, table: str, data: pa.Table) -> Path:
    """Write ``data`` (conformed, clustered) to a new staged file; returns its path.

    Rows are sorted by the table's clustering columns and written in row groups of
    ``ROW_GROUP_ROWS``; min/max statistics are kept for numeric, date and time columns and
    for the clustering columns (``statistics_columns``): they are what readers skip row
    groups with, while those of names and narratives would cost a quarter of the write time
    of a transactions file for no pruning at all.
    """
    staged = ws.staged_path()
    data = clustered(table, conform(table, data))
    decl = TABLES[table]
    # the key and the time column grow steadily (within each cluster): delta encoding halves them
    delta = {
        c: "DELTA_BINARY_PACKED"
        for c in (*decl.key[:1], decl.time_column)
        if c and data.schema.field(c).type in (pa.int64(), TS)
    }
    _pq.write_table(
        data,
        staged,
        store_schema=False,
        column_encoding=delta or None,
        row_group_size=ROW_GROUP_ROWS,
        **layout_options(table, data.schema),
    )
    return staged


class StagedWriter:
    """Collects staged files of many tables and publishes them all at once."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.staged: list[tuple[Path, str, str]] = []
        self.rows: Counter[str] = Counter()

    def write(self, table: str, data: pa.Table, name: str) -> None:
        self.add(write_parquet(self.ws, table, data), table, name, data.num_rows)

    def add(self, staged: Path, table: str, name: str, rows: int) -> None:
        """Register a file staged elsewhere (by a worker process)."""
        self.staged.append((staged, table, name))
        self.rows[table] += rows

    def ensure_all_tables(self) -> None:
        """Every canonical table gets at least one (possibly empty) file."""
        present = {t for _, t, _ in self.staged}
        for name, decl in TABLES.items():
            if name not in present and name != "quarantine":  # ingest's, not a world's
                self.write(name, decl.schema.empty_table(), "part-00000.parquet")

    def publish(self) -> None:
        with self.ws.transaction() as batch:
            batch.extend(self.staged)
        self.staged = []

    def discard(self) -> None:
        for path, _, _ in self.staged:
            path.unlink(missing_ok=True)
        self.staged = []
