"""Multi-step SQL as data: steps that name their output, ordered and stitched by pure functions.

A ``Step`` is ``{"sql", "output_table_name"}`` (splink's shape). Functions here build and
order steps; they never run them. ``Backend.run_pipeline`` runs them. Keeping the two apart
means a pipeline can be printed, snapshotted in a golden file, or stitched into one
``WITH`` statement without an engine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlglot import exp

from kuzet.engine._dialect import parse, parse_shared


@dataclass(frozen=True, slots=True)
class Step:
    """One SELECT whose result is kept under ``output_table_name``."""

    sql: str
    output_table_name: str
    name: str = ""
    """What to call the step in logs and errors (a feature id…); the output name if empty."""

    @property
    def label(self) -> str:
        return self.name or self.output_table_name

    def as_dict(self) -> dict[str, str]:
        return {"sql": self.sql, "output_table_name": self.output_table_name}


def tables_read(sql: str) -> set[str]:
    """Names of the tables a DuckDB SELECT reads, without the CTEs it defines itself."""
    tree = parse_shared(sql)  # read only
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    return {t.name.lower() for t in tree.find_all(exp.Table) if t.name} - ctes


def ordered(steps: Iterable[Step]) -> list[Step]:
    """Steps sorted so each runs after the steps whose outputs it reads.

    Ties keep the given order, so the result is deterministic. A cycle raises ``ValueError``
    naming the steps caught in it.
    """
    pending = list(steps)
    outputs = {s.output_table_name.lower() for s in pending}
    needs = {s.output_table_name.lower(): tables_read(s.sql) & outputs for s in pending}
    done: set[str] = set()
    result: list[Step] = []
    while pending:
        ready = [s for s in pending if needs[s.output_table_name.lower()] <= done]
        if not ready:
            names = ", ".join(s.label for s in pending)
            raise ValueError(f"steps depend on each other in a cycle: {names}")
        for s in ready:
            result.append(s)
            done.add(s.output_table_name.lower())
        pending = [s for s in pending if s not in ready]
    return result


def as_cte_query(steps: Sequence[Step], final_sql: str, dialect_name: str = "duckdb") -> str:
    """One statement: every step as a CTE, then ``final_sql`` (all DuckDB SQL).

    Useful where materialising is not worth it (a single indicator in a console) and to
    show an investigator the whole computation behind a hit in one piece.
    """
    query = parse(final_sql)
    if not isinstance(query, exp.Query):
        raise ValueError("the final statement of a pipeline must be a query")
    ctes: list[exp.Expr] = []
    for step in ordered(steps):
        sub = parse(step.sql)
        if not isinstance(sub, exp.Query):
            raise ValueError(f"step {step.label!r} is not a query")
        alias = exp.TableAlias(this=exp.to_identifier(step.output_table_name))
        ctes.append(exp.CTE(this=sub, alias=alias))
    existing = query.args.get("with_")
    if isinstance(existing, exp.With):
        ctes.extend(existing.expressions)
    query.set("with_", exp.With(expressions=ctes))
    return query.sql(dialect_name)
