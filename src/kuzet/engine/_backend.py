"""The ``Backend`` base: execution, logging, timing and error wrapping, once for all engines.

Adapters implement three hooks (run a statement, fetch a SELECT as Arrow, register an Arrow
table); everything a caller uses is a ``@final`` method here, so every engine logs, times and
reports failures the same way: an ``EngineError`` carrying the step name and the exact SQL.
Backends receive SQL already in their own dialect; ``backend.dialect.transpile`` turns pack
SQL (DuckDB's dialect) into it.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TypeVar, final

import pyarrow as pa

from kuzet.engine._dialect import Dialect
from kuzet.engine._errors import EngineError
from kuzet.engine._pipeline import Step, ordered
from kuzet.model.schemas import REFERENCE_TABLES, TABLES
from kuzet.workspace import Workspace

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class StepTiming:
    step: str
    seconds: float
    rows: int | None = None
    cpu_seconds: float | None = None
    """CPU time of this process over the step (every engine thread; a JVM's is not seen)."""


def step_totals(timings: Iterable[StepTiming]) -> dict[str, tuple[float, float]]:
    """Wall and CPU seconds per step name, summed over its statements (a materialised
    feature runs several), in the order steps first ran."""
    totals: dict[str, tuple[float, float]] = {}
    for t in timings:
        wall, cpu = totals.get(t.step, (0.0, 0.0))
        totals[t.step] = (wall + t.seconds, cpu + (t.cpu_seconds or 0.0))
    return totals


class Backend(ABC):
    """A SQL engine session over one workspace's canonical tables."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.timings: list[StepTiming] = []
        self.log = logging.getLogger(f"kuzet.engine.{dialect.name}")

    @property
    def name(self) -> str:
        return self.dialect.name

    # ── hooks for adapters ─────────────────────────────────────────────────────────────
    @abstractmethod
    def _run(self, sql: str) -> None:
        """Execute one statement, discarding any result."""

    @abstractmethod
    def _fetch(self, sql: str) -> pa.Table:
        """Execute one SELECT and return its rows as Arrow."""

    @abstractmethod
    def _register_arrow(self, name: str, data: pa.Table) -> None:
        """Make an in-memory Arrow table queryable as ``name``."""

    def _close(self) -> None:  # noqa: B027 - optional hook, most adapters need nothing
        """Release the session."""

    def _materialised(self, name: str) -> None:  # noqa: B027 - optional hook
        """Called once ``name`` holds its computed rows (after ``materialise_sql``)."""

    @final
    def _open_session(self) -> None:
        """Run the dialect's session set-up; adapters call it once their session exists."""
        for statement in self.dialect.session_sql:
            self.execute(statement, step="session")

    # ── the public surface ─────────────────────────────────────────────────────────────
    @final
    def _wrapped(self, step: str, sql: str, fn: Callable[[], T]) -> T:
        start = time.perf_counter()
        cpu = time.process_time()
        self.log.debug("%s: %s", step, sql)
        try:
            result = fn()
        except EngineError:
            raise
        except Exception as e:
            self.log.info("%s failed after %.3fs", step, time.perf_counter() - start)
            raise EngineError(step, sql, f"{type(e).__name__}: {e}", self.name) from e
        seconds = time.perf_counter() - start
        rows = result.num_rows if isinstance(result, pa.Table) else None
        self.timings.append(StepTiming(step, seconds, rows, time.process_time() - cpu))
        self.log.info("%s: %.3fs%s", step, seconds, f", {rows} rows" if rows is not None else "")
        return result

    @final
    def execute(self, sql: str, *, step: str) -> None:
        """Run one statement in this engine's dialect."""
        self._wrapped(step, sql, lambda: self._run(sql))

    @final
    def query(self, sql: str, *, step: str) -> pa.Table:
        """Run one SELECT in this engine's dialect and return the rows as Arrow."""
        return self._wrapped(step, sql, lambda: self._fetch(sql))

    @final
    def materialise(self, name: str, sql: str, *, step: str | None = None) -> None:
        """Compute ``sql`` once and keep the result as table ``name`` for later statements."""
        label = step or name
        for statement in self.dialect.materialise_sql(name, sql):
            self.execute(statement, step=label)
        self._wrapped(label, f"-- keep {name}", lambda: self._materialised(name))

    @final
    def run_pipeline(self, steps: Sequence[Step]) -> None:
        """Materialise every step, each after the steps whose outputs it reads."""
        for s in ordered(steps):
            self.materialise(s.output_table_name, s.sql, step=s.label)

    @final
    def drop(self, name: str) -> None:
        for statement in self.dialect.drop_sql(name):
            self.execute(statement, step=f"drop:{name}")

    @final
    def register_arrow(self, name: str, data: pa.Table) -> None:
        note = f"-- Arrow table, {data.num_rows} rows"
        self._wrapped(f"register:{name}", note, lambda: self._register_arrow(name, data))

    @final
    def register_workspace(self, workspace: Workspace) -> list[str]:
        """Make every canonical table of ``workspace`` queryable by its name.

        A table without files becomes an empty view with its canonical columns, so a pack
        whose indicators read, say, ``gambling_ops`` runs (and finds nothing) on a bank that
        has no gambling data. Kuzet's reference tables (``REFERENCE_TABLES``: ``units``) are
        registered beside them from its own reference data. Returns the canonical tables
        that have data.
        """
        with_data: list[str] = []
        for name, decl in TABLES.items():
            if workspace.files(name):
                sql = self.dialect.parquet_view_sql(name, workspace.table_dir(name))
                with_data.append(name)
            else:
                sql = self.dialect.empty_view_sql(name, decl.schema)
            self.execute(sql, step=f"register:{name}")
        for name, rows in REFERENCE_TABLES.items():
            self.register_arrow(name, rows())
        return with_data

    @final
    def close(self) -> None:
        self._close()

    def __enter__(self) -> Backend:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
