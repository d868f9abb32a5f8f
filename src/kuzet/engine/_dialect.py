"""Every difference between the engines, held by name in one place.

Packs are written in DuckDB's dialect. A ``Dialect`` knows how to turn that SQL into its
engine's SQL (sqlglot transpilation plus the rewrites sqlglot does not do by itself), how to
register a folder of Parquet files as a view, how to make an empty view with a canonical
schema, how to materialise a named table and how its session must be set up (UTC). Nothing
outside ``kuzet.engine`` asks which engine runs: it asks the dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

import pyarrow as pa
import sqlglot
from sqlglot import exp

SOURCE_DIALECT = "duckdb"
"""The dialect packs are written in; every other dialect is reached by transpilation."""

Transform = Callable[[exp.Expr], exp.Expr]


@lru_cache(maxsize=2048)
def _parsed(sql: str) -> exp.Expr:
    return sqlglot.parse_one(sql, read=SOURCE_DIALECT)


def parse(sql: str) -> exp.Expr:
    """Parse one statement of pack SQL (DuckDB's dialect); a fresh tree the caller may change.

    Runs parse the same pack texts again and again (validation, ordering, compiling every
    feature and indicator); a parsed tree is kept per text and handed out as a copy, which
    costs a fraction of a parse.
    """
    return _parsed(sql).copy()


def parse_shared(sql: str) -> exp.Expr:
    """The kept tree of ``sql`` itself, for reading only (walking, finding tables): no copy."""
    return _parsed(sql)


_SCALAR_TYPES: tuple[tuple[Callable[[pa.DataType], bool], str], ...] = (
    (pa.types.is_int64, "BIGINT"),
    (pa.types.is_int32, "INTEGER"),
    (pa.types.is_int16, "SMALLINT"),
    (pa.types.is_int8, "SMALLINT"),
    (pa.types.is_floating, "DOUBLE"),
    (pa.types.is_boolean, "BOOLEAN"),
    (pa.types.is_string, "VARCHAR"),
    (pa.types.is_large_string, "VARCHAR"),
    (pa.types.is_date, "DATE"),
)


def arrow_to_sql_type(t: pa.DataType) -> str:
    """The DuckDB type of an Arrow type, for empty typed views and casts."""
    for test, name in _SCALAR_TYPES:
        if test(t):
            return name
    if pa.types.is_decimal(t):
        return f"DECIMAL({t.precision},{t.scale})"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return f"{arrow_to_sql_type(t.value_type)}[]"
    raise TypeError(f"no SQL type for Arrow type {t}")


def _rewrite_distinct_windows(tree: exp.Expr) -> exp.Expr:
    """``count(DISTINCT x) OVER w`` → ``size(collect_set(x) OVER w)``.

    Spark rejects distinct window aggregates (``DISTINCT_WINDOW_FUNCTION_UNSUPPORTED``).
    ``collect_set`` skips NULLs exactly as ``count(DISTINCT …)`` does. The ``OVER`` must bind
    to ``collect_set``, not to ``size``: Spark treats ``size(…) OVER`` as an aggregate outside
    a window and fails with ``MISSING_GROUP_BY``.
    """

    def rewrite(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Window):
            return node
        count = node.this
        if not isinstance(count, exp.Count) or not isinstance(count.this, exp.Distinct):
            return node
        args = count.this.expressions
        if len(args) != 1:
            raise ValueError("count(DISTINCT …) OVER … takes exactly one argument")
        window = node.copy()
        window.set("this", exp.Anonymous(this="COLLECT_SET", expressions=[args[0].copy()]))
        return exp.ArraySize(this=window)

    return tree.transform(rewrite, copy=False)


def _literal_intervals(tree: exp.Expr) -> exp.Expr:
    """Intervals as Spark parses them: ``INTERVAL (21) YEAR`` → ``INTERVAL '21' YEAR``.

    A bound parameter lands in an interval as a parenthesised number. DuckDB takes any
    expression there; Spark's parser takes only a literal, so a number becomes one and any
    other expression multiplies a one-unit interval (Spark multiplies ANSI intervals).
    """

    def rewrite(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Interval):
            return node
        value = node.this
        while isinstance(value, exp.Paren):
            value = value.this
        if isinstance(value, exp.Literal):
            return exp.Interval(this=exp.Literal.string(value.name), unit=node.args.get("unit"))
        if isinstance(value, exp.Neg) and isinstance(value.this, exp.Literal):
            text = f"-{value.this.name}"
            return exp.Interval(this=exp.Literal.string(text), unit=node.args.get("unit"))
        if value is None:
            return node
        one = exp.Interval(this=exp.Literal.string("1"), unit=node.args.get("unit"))
        return exp.Mul(this=exp.Paren(this=value.copy()), expression=one)

    return tree.transform(rewrite, copy=False)


class Dialect:
    """One engine's SQL and session conventions. Instances are stateless singletons."""

    name: ClassVar[str]
    sqlglot_name: ClassVar[str]
    transforms: ClassVar[tuple[Transform, ...]] = ()
    session_sql: ClassVar[tuple[str, ...]] = ()
    """Statements run once when a session opens (time zone: everything is UTC)."""

    # ── SQL text ───────────────────────────────────────────────────────────────────────
    def quote(self, name: str) -> str:
        return exp.to_identifier(name, quoted=True).sql(self.sqlglot_name)

    def literal(self, value: str) -> str:
        return exp.Literal.string(value).sql(self.sqlglot_name)

    def translate(self, tree: exp.Expr) -> exp.Expr:
        """The tree with this engine's rewrites applied (the input is not modified)."""
        return self._rewrite(tree.copy())

    def _rewrite(self, tree: exp.Expr) -> exp.Expr:
        """This engine's rewrites applied to ``tree`` in place (transforms do not copy)."""
        for t in self.transforms:
            tree = t(tree)
        return tree

    def transpile(self, sql: str | exp.Expr, *, pretty: bool = False) -> str:
        """DuckDB SQL (text or tree) as this engine's SQL; a given tree is not modified."""
        tree = self._rewrite(parse(sql)) if isinstance(sql, str) else self.translate(sql)
        return tree.sql(self.sqlglot_name, pretty=pretty)

    def transpile_owned(self, tree: exp.Expr, *, pretty: bool = False) -> str:
        """As ``transpile``, for a tree the caller gives away (it may be rewritten in place,
        so the generator need not copy it first)."""
        return self._rewrite(tree).sql(self.sqlglot_name, pretty=pretty, copy=False)

    def sql_type(self, t: pa.DataType) -> str:
        duck = arrow_to_sql_type(t)
        return exp.DataType.build(duck, dialect=SOURCE_DIALECT).sql(self.sqlglot_name)

    # ── views and tables ───────────────────────────────────────────────────────────────
    def empty_view_sql(self, name: str, schema: pa.Schema) -> str:
        """A view with ``schema``'s columns and no rows: a table that has no files yet."""
        cols = ", ".join(
            f"CAST(NULL AS {self.sql_type(f.type)}) AS {self.quote(f.name)}" for f in schema
        )
        return f"CREATE OR REPLACE TEMPORARY VIEW {self.quote(name)} AS SELECT {cols} WHERE 1 = 0"

    def parquet_view_sql(self, name: str, directory: Path) -> str:
        """A view over every ``*.parquet`` file below ``directory``."""
        raise NotImplementedError

    def materialise_sql(self, name: str, select_sql: str) -> list[str]:
        """Statements that compute ``select_sql`` once and keep it under ``name``."""
        raise NotImplementedError

    def drop_sql(self, name: str) -> list[str]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"Dialect({self.name!r})"


class DuckDBDialect(Dialect):
    name = "duckdb"
    sqlglot_name = "duckdb"
    session_sql = ("SET TimeZone = 'UTC'",)

    def parquet_view_sql(self, name: str, directory: Path) -> str:
        glob = self.literal(str(directory / "**" / "*.parquet"))
        return (
            f"CREATE OR REPLACE TEMPORARY VIEW {self.quote(name)} AS "
            f"SELECT * FROM read_parquet({glob}, union_by_name = true)"
        )

    def materialise_sql(self, name: str, select_sql: str) -> list[str]:
        return [f"CREATE OR REPLACE TEMPORARY TABLE {self.quote(name)} AS {select_sql}"]

    def drop_sql(self, name: str) -> list[str]:
        q = self.quote(name)
        return [f"DROP TABLE IF EXISTS {q}", f"DROP VIEW IF EXISTS {q}"]


class SparkDialect(Dialect):
    name = "spark"
    sqlglot_name = "spark"
    transforms = (_rewrite_distinct_windows, _literal_intervals)
    session_sql = ("SET TIME ZONE 'UTC'",)

    def parquet_view_sql(self, name: str, directory: Path) -> str:
        # Spark's path globs have no ``**``; recursiveFileLookup reads every file below.
        return (
            f"CREATE OR REPLACE TEMPORARY VIEW {self.quote(name)} USING parquet "
            f"OPTIONS (path {self.literal(str(directory))}, recursiveFileLookup 'true')"
        )

    def materialise_sql(self, name: str, select_sql: str) -> list[str]:
        # CACHE TABLE … AS computes eagerly and registers a temporary view.
        return [*self.drop_sql(name), f"CACHE TABLE {self.quote(name)} AS {select_sql}"]

    def drop_sql(self, name: str) -> list[str]:
        q = self.quote(name)
        return [f"UNCACHE TABLE IF EXISTS {q}", f"DROP VIEW IF EXISTS {q}"]


DUCKDB = DuckDBDialect()
SPARK = SparkDialect()
DIALECTS: dict[str, Dialect] = {d.name: d for d in (DUCKDB, SPARK)}
ENGINES: Sequence[str] = tuple(DIALECTS)


def dialect(name: str) -> Dialect:
    """The dialect of an engine by name, or a clear error naming the known ones."""
    try:
        return DIALECTS[name]
    except KeyError:
        raise ValueError(f"unknown engine {name!r}; engines are: {', '.join(ENGINES)}") from None
