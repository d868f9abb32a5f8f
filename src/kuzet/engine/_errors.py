"""The one error the engine raises, so callers can report which step and which SQL failed."""

from __future__ import annotations

_MAX_CAUSE = 2000


class EngineError(Exception):
    """A statement failed on a backend.

    Carries the step name (an indicator id, a feature id, ``register:transactions``…) and the
    exact SQL that the backend received, so that a pack author can paste it into a console and
    see the same failure. Spark's messages embed whole query plans; the cause is cut to keep a
    report readable, the full chain stays on ``__cause__``.
    """

    def __init__(self, step: str, sql: str, cause: str, engine: str = "") -> None:
        self.step = step
        self.sql = sql
        self.engine = engine
        cause = cause.strip()
        self.cause = cause if len(cause) <= _MAX_CAUSE else cause[:_MAX_CAUSE] + " …"
        where = f" on {engine}" if engine else ""
        super().__init__(f"step {step!r} failed{where}: {self.cause}\n--- SQL ---\n{sql}")
