"""The only room that runs SQL: backends (DuckDB, Spark), their dialects, SQL pipelines.

Other rooms build SQL in DuckDB's dialect, ask a ``Dialect`` to translate it and a
``Backend`` to run it. Nothing outside this package imports duckdb or pyspark.
"""

from __future__ import annotations

from typing import Any

from kuzet.engine._backend import Backend, StepTiming, step_totals
from kuzet.engine._dialect import (
    DUCKDB,
    ENGINES,
    SOURCE_DIALECT,
    SPARK,
    Dialect,
    arrow_to_sql_type,
    dialect,
    parse,
)
from kuzet.engine._errors import EngineError
from kuzet.engine._pipeline import Step, as_cte_query, ordered, tables_read
from kuzet.engine._spark import spark_session  # imports pyspark only when called


def open_backend(
    engine: str = "duckdb",
    *,
    threads: int | None = None,
    memory_limit: str | None = None,
    spark_master: str | None = None,
    spark_session: Any = None,
) -> Backend:
    """A backend by engine name. pyspark is imported only when ``engine == "spark"``."""
    dialect(engine)  # a clear error for an unknown name
    if engine == "spark":
        from kuzet.engine._spark import DEFAULT_MASTER, SparkBackend  # noqa: PLC0415 - lazy

        return SparkBackend(master=spark_master or DEFAULT_MASTER, session=spark_session)
    from kuzet.engine._duckdb import DuckDBBackend  # noqa: PLC0415 - keeps import light

    return DuckDBBackend(threads=threads, memory_limit=memory_limit)


__all__ = [
    "DUCKDB",
    "ENGINES",
    "SOURCE_DIALECT",
    "SPARK",
    "Backend",
    "Dialect",
    "EngineError",
    "Step",
    "StepTiming",
    "arrow_to_sql_type",
    "as_cte_query",
    "dialect",
    "open_backend",
    "ordered",
    "parse",
    "spark_session",
    "step_totals",
    "tables_read",
]
