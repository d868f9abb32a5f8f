"""DuckDB, embedded: the default engine. Only a connection and three hooks."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from kuzet.engine._backend import Backend
from kuzet.engine._dialect import DUCKDB


class DuckDBBackend(Backend):
    """An in-memory DuckDB session reading the workspace's Parquet files in place.

    ``threads`` and ``memory_limit`` (``"4GB"``) bound what one run may take on a shared
    machine; DuckDB spills to its temporary directory beyond the limit.
    """

    def __init__(
        self,
        *,
        threads: int | None = None,
        memory_limit: str | None = None,
        database: str = ":memory:",
    ) -> None:
        super().__init__(DUCKDB)
        config: dict[str, Any] = {}
        if threads:
            config["threads"] = threads
        if memory_limit:
            config["memory_limit"] = memory_limit
        self.con = duckdb.connect(database, config=config)
        self._open_session()

    def _run(self, sql: str) -> None:
        self.con.execute(sql)

    def _fetch(self, sql: str) -> pa.Table:
        table: pa.Table = self.con.sql(sql).to_arrow_table()
        return table

    def _register_arrow(self, name: str, data: pa.Table) -> None:
        self.con.register(name, data)

    def _close(self) -> None:
        self.con.close()
