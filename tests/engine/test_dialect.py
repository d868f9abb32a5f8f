"""Dialect rewrites: pure SQL surgery, no engine needed."""

from __future__ import annotations

import subprocess
import sys

import pyarrow as pa
import pytest
import sqlglot
from sqlglot import exp

from kuzet.engine import DUCKDB, SPARK, arrow_to_sql_type, dialect


def test_distinct_window_count_becomes_collect_set_inside_the_window() -> None:
    sql = (
        "SELECT count(DISTINCT s) OVER (PARTITION BY a ORDER BY ts "
        "RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW) AS n FROM t"
    )
    out = SPARK.transpile(sql)
    assert "COUNT(DISTINCT" not in out.upper()
    tree = sqlglot.parse_one(out, read="spark")
    size = tree.find(exp.ArraySize)
    assert size is not None
    assert isinstance(size.this, exp.Window)  # OVER binds to collect_set, not to size
    assert size.this.sql("spark").startswith("COLLECT_SET(s) OVER")


def test_duckdb_keeps_distinct_window_count() -> None:
    sql = "SELECT count(DISTINCT s) OVER (PARTITION BY a) AS n FROM t"
    assert "COUNT(DISTINCT s)" in DUCKDB.transpile(sql)


def test_bound_interval_numbers_become_literals_for_spark() -> None:
    out = SPARK.transpile("SELECT d - INTERVAL (21) YEAR, d + INTERVAL (n) DAY FROM t")
    assert "INTERVAL '21' YEAR" in out
    assert "(n) * INTERVAL '1' DAY" in out


def test_transpile_does_not_modify_the_given_tree() -> None:
    tree = sqlglot.parse_one("SELECT count(DISTINCT s) OVER () FROM t", read="duckdb")
    before = tree.sql("duckdb")
    SPARK.transpile(tree)
    assert tree.sql("duckdb") == before


@pytest.mark.parametrize(
    ("arrow", "duck", "spark"),
    [
        (pa.int64(), "BIGINT", "BIGINT"),
        (pa.string(), "TEXT", "STRING"),
        (pa.decimal128(18, 2), "DECIMAL(18, 2)", "DECIMAL(18, 2)"),
        (pa.timestamp("us", tz="UTC"), "TIMESTAMPTZ", "TIMESTAMP"),
        (pa.date32(), "DATE", "DATE"),
        (pa.bool_(), "BOOLEAN", "BOOLEAN"),
    ],
)
def test_types_per_dialect(arrow: pa.DataType, duck: str, spark: str) -> None:
    assert DUCKDB.sql_type(arrow) == duck
    assert SPARK.sql_type(arrow) == spark


def test_unknown_arrow_type_is_refused() -> None:
    with pytest.raises(TypeError):
        arrow_to_sql_type(pa.binary())


def test_unknown_engine_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="duckdb, spark"):
        dialect("oracle")


def test_identifiers_are_quoted_per_dialect() -> None:
    assert DUCKDB.quote("day") == '"day"'
    assert SPARK.quote("day") == "`day`"


def test_importing_kuzet_never_needs_java() -> None:
    code = (
        "import sys, kuzet, kuzet.engine, kuzet.typologies, kuzet.cli; "
        "assert 'pyspark' not in sys.modules and 'py4j' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
