"""One behavioural suite, run on DuckDB and on Spark (``backend`` is parametrised)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kuzet.engine import Backend, EngineError, Step, as_cte_query
from kuzet.model.schemas import TABLES
from kuzet.workspace import Workspace


def _workspace(root: Path) -> Workspace:
    ws = Workspace(root).create()
    rows = [
        (1, dt.datetime(2024, 6, 1, 23, 30, tzinfo=dt.UTC), 10, 100, "1.50"),
        (2, dt.datetime(2024, 6, 2, 0, 30, tzinfo=dt.UTC), 11, 100, "2.25"),
        (3, dt.datetime(2024, 6, 3, 12, 0, tzinfo=dt.UTC), 10, 100, "4.00"),
        (4, dt.datetime(2024, 6, 20, 12, 0, tzinfo=dt.UTC), 12, 100, "8.00"),
    ]
    schema = TABLES["transactions"].schema
    data = {f.name: [None] * len(rows) for f in schema}
    for i, (tid, ts, src, dst, amount) in enumerate(rows):
        data["txn_id"][i], data["ts"][i] = tid, ts
        data["src_account_id"][i], data["dst_account_id"][i] = src, dst
        data["amount"][i] = data["amount_kzt"][i] = Decimal(amount)
        data["type"][i], data["channel"][i], data["currency"][i] = "transfer", "mobile", "KZT"
        data["status"][i] = "completed"
    # two files, one in a subfolder: the view must read every file below the table's folder
    table = pa.Table.from_pydict(data, schema=schema)
    ws.write_table("transactions", table.slice(0, 2))
    sub = ws.table_dir("transactions") / "2024"
    sub.mkdir()
    pq.write_table(table.slice(2), sub / "part-b.parquet")
    return ws


def test_registers_every_canonical_table(backend: Backend, tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    with_data = backend.register_workspace(ws)
    assert with_data == ["transactions"]
    assert backend.query("SELECT count(*) AS n FROM transactions", step="t").to_pylist() == [
        {"n": 4}
    ]
    empty = backend.query("SELECT * FROM persons", step="t")
    assert empty.num_rows == 0
    assert empty.column_names == [c.name for c in TABLES["persons"].columns]


def test_days_are_utc_days(backend: Backend, tmp_path: Path) -> None:
    backend.register_workspace(_workspace(tmp_path))
    sql = backend.dialect.transpile(
        "SELECT CAST(ts AS DATE) AS day, count(*) AS n FROM transactions GROUP BY 1 ORDER BY 1"
    )
    rows = backend.query(sql, step="days").to_pylist()
    assert rows[0] == {"day": dt.date(2024, 6, 1), "n": 1}
    assert rows[1] == {"day": dt.date(2024, 6, 2), "n": 1}


def test_distinct_count_over_a_time_range_agrees(backend: Backend, tmp_path: Path) -> None:
    backend.register_workspace(_workspace(tmp_path))
    sql = backend.dialect.transpile(
        "SELECT txn_id, count(DISTINCT src_account_id) OVER (PARTITION BY dst_account_id "
        "ORDER BY ts RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS senders "
        "FROM transactions ORDER BY txn_id"
    )
    rows = backend.query(sql, step="window").to_pylist()
    assert [r["senders"] for r in rows] == [1, 2, 2, 1]


def test_materialised_steps_run_in_dependency_order(backend: Backend, tmp_path: Path) -> None:
    backend.register_workspace(_workspace(tmp_path))
    steps = [
        Step("SELECT dst_account_id, sum(n) AS n FROM per_day GROUP BY 1", "per_account"),
        Step(
            "SELECT dst_account_id, CAST(ts AS DATE) AS day, count(*) AS n "
            "FROM transactions GROUP BY 1, 2",
            "per_day",
        ),
    ]
    backend.run_pipeline(
        [Step(backend.dialect.transpile(s.sql), s.output_table_name) for s in steps]
    )
    assert backend.query("SELECT * FROM per_account", step="t").to_pylist() == [
        {"dst_account_id": 100, "n": 4}
    ]
    labels = [t.step for t in backend.timings]
    assert labels.index("per_day") < labels.index("per_account")
    backend.drop("per_account")
    with pytest.raises(EngineError):
        backend.query("SELECT * FROM per_account", step="gone")


def test_failure_carries_step_and_sql(backend: Backend) -> None:
    sql = "SELECT no_such_column FROM no_such_table"
    with pytest.raises(EngineError) as info:
        backend.query(sql, step="MULE-99")
    err = info.value
    assert err.step == "MULE-99"
    assert err.sql == sql
    assert err.engine == backend.name
    assert sql in str(err)


def test_arrow_tables_can_be_registered(backend: Backend) -> None:
    backend.register_arrow("small", pa.table({"x": [1, 2, 3]}))
    assert backend.query("SELECT sum(x) AS s FROM small", step="t").to_pylist() == [{"s": 6}]


def test_steps_stitch_into_one_statement(backend: Backend, tmp_path: Path) -> None:
    backend.register_workspace(_workspace(tmp_path))
    sql = as_cte_query(
        [
            Step("SELECT src_account_id AS a FROM transactions", "senders"),
            Step("SELECT DISTINCT a FROM senders", "distinct_senders"),
        ],
        "SELECT count(*) AS n FROM distinct_senders",
    )
    rows = backend.query(backend.dialect.transpile(sql), step="cte").to_pylist()
    assert rows == [{"n": 3}]
