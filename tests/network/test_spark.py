"""The feature SQL runs on Spark too, with the same figures as DuckDB (the SQL parts are
transpiled by the engine; the graph searches are the same Python on both)."""

from __future__ import annotations

from typing import Any

import pytest

from kuzet.engine import open_backend
from kuzet.network import build_features
from kuzet.workspace import Workspace


@pytest.mark.slow
def test_spark_gives_the_duckdb_features(ring_ws: Workspace, spark: Any) -> None:
    tables = {}
    for engine in ("duckdb", "spark"):
        be = open_backend(engine, spark_session=spark if engine == "spark" else None)
        try:
            be.register_workspace(ring_ws)
            tables[engine] = build_features(be)
        finally:
            be.close()  # a Spark backend leaves the shared session running
    duck, spk = tables["duckdb"], tables["spark"]
    assert spk.schema == duck.schema
    assert spk.column("account_id").to_pylist() == duck.column("account_id").to_pylist()
    for name in duck.column_names:
        got, want = spk.column(name).to_pylist(), duck.column(name).to_pylist()
        assert got == pytest.approx(want, rel=1e-9), name
    assert max(duck.column("ring_size").to_pylist()) == 5
