"""Apache Spark: the same packs on a cluster. pyspark is imported only when a session opens.

``import kuzet`` must never need Java, so nothing at module level touches pyspark. Locally
(``local[2]``, the default) it is a slow way to run a pack on one machine (DESIGN.md,
"Measured facts"); its point is a ``--spark-master`` that reaches a cluster.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from kuzet.engine._backend import Backend
from kuzet.engine._dialect import SPARK

DEFAULT_MASTER = "local[2]"


def spark_session(
    master: str = DEFAULT_MASTER,
    *,
    app_name: str = "kuzet",
    driver_memory: str = "2g",
    shuffle_partitions: int = 4,
    extra_config: dict[str, str] | None = None,
) -> Any:
    """A SparkSession set up the way Kuzet needs it: UTC, UI off, few shuffle partitions.

    ``getOrCreate`` returns an already running session unchanged (driver memory and master
    are fixed when the JVM starts), which is what tests want: one session for the whole run.
    """
    try:
        from pyspark.sql import SparkSession  # noqa: PLC0415 - optional engine, loaded lazily
    except ImportError as e:
        raise RuntimeError(
            "the Spark engine needs pyspark: pip install 'kuzet[spark]' (and a Java runtime)"
        ) from e
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
    )
    for key, value in (extra_config or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkBackend(Backend):
    """A Spark session: local by default, a cluster when given its master URL.

    Pass ``session`` to share one SparkSession between backends (tests do); otherwise one is
    started (or the running one reused) from ``master``.
    """

    def __init__(self, *, master: str = DEFAULT_MASTER, session: Any = None) -> None:
        super().__init__(SPARK)
        self.spark = session if session is not None else spark_session(master)
        self._views: set[str] = set()
        self._open_session()

    def _run(self, sql: str) -> None:
        self.spark.sql(sql).collect()

    def _fetch(self, sql: str) -> pa.Table:
        table: pa.Table = self.spark.sql(sql).toArrow()
        return table

    def _register_arrow(self, name: str, data: pa.Table) -> None:
        self.spark.createDataFrame(data).createOrReplaceTempView(name)

    def _materialised(self, name: str) -> None:
        # CACHE TABLE keeps the query's plan under the name: every later query expands the
        # whole chain of tables built on tables before the cache is substituted, so planning
        # grows with each layer (seconds per query once features read features). Keep the
        # computed rows under the same name with their lineage cut, and free the cache.
        rows = self.spark.table(name).localCheckpoint(eager=True)
        self.spark.catalog.uncacheTable(name)
        rows.createOrReplaceTempView(name)

    def _close(self) -> None:
        # The session may be shared (tests, notebooks); stopping it is its owner's call.
        # Cached feature tables are released so a long-lived session does not fill up.
        self.spark.catalog.clearCache()
