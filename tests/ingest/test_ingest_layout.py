"""Stored transactions clustered by type and time, with statistics a reader skips on.

Ingest keeps the input order; ``compact`` rewrites the files sorted by ``Table.cluster_by``
(atomically, rows checked, files in order left alone); the synthetic world and
``Workspace.write_table`` write clustered from the start. Min/max of the clustering columns
per row group let a rule reading one kind of operation decode only the groups that hold it.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kuzet.ingest import compact, ingest_files
from kuzet.model.schemas import TABLES
from kuzet.workspace import Workspace, WorkspaceError, clustered

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))

from layout import assert_clustered

Write = Callable[[str, str], Path]
TYPES = ("transfer", "card_payment", "cash_withdrawal", "salary", "fee")


def _csv(write: Write, rows: int = 2000, seed: int = 7) -> Path:
    rng = random.Random(seed)
    start = dt.datetime(2026, 1, 1, 9, 0)
    lines = ["txn_id,ts,type,channel,amount,currency,amount_kzt,status"]
    for i in range(1, rows + 1):
        ts = (start + dt.timedelta(minutes=rng.randrange(60 * 24 * 30))).isoformat()
        lines.append(f"{i},{ts},{rng.choice(TYPES)},mobile,{i},KZT,{i},completed")
    return write(f"t{seed}.csv", "\n".join(lines) + "\n")


def _rows(ws: Workspace) -> list[tuple[object, ...]]:
    data = ws.read("transactions", ["txn_id", "ts", "type", "amount_kzt"])
    return sorted(zip(*(data[c].to_pylist() for c in data.column_names), strict=True))


def test_compact_sorts_ingested_files_and_keeps_every_row(ws: Workspace, write: Write) -> None:
    ingest_files(ws, "transactions", [_csv(write, seed=7)])
    ingest_files(ws, "transactions", [_csv(write, seed=8)])
    names = sorted(f.name for f in ws.files("transactions"))
    before = _rows(ws)
    report = compact(ws)
    assert report.files == len(names) and sorted(report.rewritten) == names
    assert report.rows == 4000
    assert sorted(f.name for f in ws.files("transactions")) == names  # replaced in place
    for f in ws.files("transactions"):
        assert_clustered(f)
    assert _rows(ws) == before
    assert not list(ws.tmp_dir.glob("*"))  # nothing staged left behind
    again = compact(ws)
    assert (again.files, again.rewritten, again.rows) == (len(names), [], 0)


def test_compact_refuses_a_table_without_clustering_columns(ws: Workspace) -> None:
    with pytest.raises(WorkspaceError, match="no clustering columns"):
        compact(ws, "persons")
    with pytest.raises(WorkspaceError, match="unknown table"):
        compact(ws, "nope")


def test_a_type_filter_needs_only_the_row_groups_of_that_type(tmp_path: Path) -> None:
    n = 40_000
    rows = pa.table(
        {
            "txn_id": pa.array(range(n), pa.int64()),
            "type": pa.array([TYPES[i % len(TYPES)] for i in range(n)]),
            "ts": pa.array([i * 1_000_000 for i in range(n)], pa.timestamp("us", tz="UTC")),
        }
    )

    def groups_with_fees(data: pa.Table, name: str) -> tuple[int, int]:
        """Row groups whose min/max of type admit 'fee': those a reader must decode."""
        path = tmp_path / name
        pq.write_table(data, path, row_group_size=4_000, write_statistics=["type"])
        meta = pq.ParquetFile(path).metadata
        at = [meta.schema.column(i).name for i in range(meta.num_columns)].index("type")
        stats = [meta.row_group(g).column(at).statistics for g in range(meta.num_row_groups)]
        return sum(s.min <= "fee" <= s.max for s in stats if s is not None), len(stats)

    assert groups_with_fees(rows, "unsorted.parquet") == (10, 10)
    assert groups_with_fees(clustered("transactions", rows), "clustered.parquet") == (2, 10)
    # and the engine agrees on the rows it finds either way
    con = duckdb.connect()
    for name in ("unsorted.parquet", "clustered.parquet"):
        sql = f"SELECT count(*) FROM read_parquet('{tmp_path / name}') WHERE type = 'fee'"
        assert con.execute(sql).fetchone() == (n // len(TYPES),)


def test_tables_without_clustering_columns_keep_their_order() -> None:
    data = pa.table({"person_id": [3, 1, 2]})
    assert clustered("persons", data).equals(data)
    assert not TABLES["persons"].cluster_by
