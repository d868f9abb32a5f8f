"""Backends for engine tests: DuckDB always; Spark (one local[2] session) where it can run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kuzet.engine import Backend, open_backend


@pytest.fixture(params=["duckdb", pytest.param("spark", marks=pytest.mark.slow)])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    """Each test that takes ``backend`` runs once per engine."""
    if request.param == "spark":
        b = open_backend("spark", spark_session=request.getfixturevalue("spark"))
    else:
        b = open_backend("duckdb", threads=1)
    with b:
        yield b
