"""SQL checks with sqlglot, before anything runs: what a pack's SELECTs may and may not do.

Each feature and indicator must be exactly one read-only query over the canonical tables,
the pack's feature tables and its own CTEs; call only allow-listed functions; use only
declared ``$name`` parameters (and use every one it declares); an indicator must return the
hit columns. The first problem raises one ``PackError`` with the file, the line inside the
pack and the feature or indicator.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError
from sqlglot.tokenizer_core import TokenType

from kuzet.engine import SOURCE_DIALECT, Step, ordered
from kuzet.model.schemas import REFERENCE_TABLES, TABLES
from kuzet.typologies._functions import allowed, function_name, is_call
from kuzet.typologies._model import HIT_COLUMNS, RUN_PARAMETERS, Pack, PackError

_FORBIDDEN: tuple[type[exp.Expr], ...] = (
    exp.DDL,
    exp.DML,
    exp.Command,
    exp.Into,
    exp.Pragma,
    exp.Copy,
    exp.Attach,
    exp.Detach,
    exp.Install,
    exp.Use,
    exp.Set,
    exp.Describe,
)


class SQLProblemError(Exception):
    """One problem in one SELECT, with the line inside the SQL text when known."""

    def __init__(self, problem: str, line: int | None = None, node: exp.Expr | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.node = node

    def locate(self, sql: str) -> SQLProblemError:
        """Set the line from the node's place in ``sql``, when the problem came with a node."""
        if self.line is None:
            self.line = _line_of(self.node, sql)
        return self


def _line_of(node: exp.Expr | None, sql: str) -> int | None:
    """The line of ``sql`` a node came from.

    Counted from the character offset sqlglot keeps on nodes made from tokens, not from its
    own line number, which drifts after a ``$name`` parameter (sqlglot 30 scans it as the
    start of a dollar-quoted string and miscounts the lines it passed over).
    """
    if node is None:
        return None
    for n in node.walk():
        start = n.meta.get("start") if n.meta else None
        if isinstance(start, int):
            return sql.count("\n", 0, start) + 1
    return None


@dataclass(frozen=True, slots=True)
class Checked:
    """What validation learnt about a SELECT: the tables and parameters it uses."""

    tree: exp.Query
    tables: frozenset[str]
    params: frozenset[str]


def _parse_one(sql: str) -> exp.Query:
    try:
        statements = [s for s in sqlglot.parse(sql, read=SOURCE_DIALECT) if s is not None]
    except ParseError as e:
        err = e.errors[0] if e.errors else {}
        problem = str(err.get("description") or e).splitlines()[0]
        raise SQLProblemError(f"SQL does not parse: {problem}", err.get("line")) from None
    except TokenError as e:
        raise SQLProblemError(f"SQL does not parse: {e}") from None
    if len(statements) != 1:
        raise SQLProblemError(f"must be exactly one statement, found {len(statements)}")
    tree = statements[0]
    if not isinstance(tree, exp.Query):
        raise SQLProblemError(f"must be a SELECT, found {type(tree).__name__.upper()}")
    return tree


def _dollar_names(sql: str) -> list[str]:
    """Names written as ``$name`` (tokens: PARAMETER then a name)."""
    tokens = sqlglot.tokenize(sql, read=SOURCE_DIALECT)
    return [
        b.text
        for a, b in itertools.pairwise(tokens)
        if a.token_type == TokenType.PARAMETER and b.start == a.end + 1
    ]


def _check_params(sql: str, tree: exp.Expr, declared: Iterable[str]) -> frozenset[str]:
    used: list[str] = []
    for ph in tree.find_all(exp.Placeholder):
        name = ph.name
        if not name or not name.isidentifier():
            raise SQLProblemError(
                "positional parameters (? or $1) are not allowed; use $name", node=ph
            )
        used.append(name)
    dollars = _dollar_names(sql)
    for name in set(used):
        if used.count(name) > dollars.count(name):
            raise SQLProblemError(f"write parameters as ${name}, not :{name}")
    known = set(declared) | set(RUN_PARAMETERS)
    for name in used:
        if name not in known:
            raise SQLProblemError(f"parameter ${name} is not declared under params")
    for name in declared:
        if name not in used:
            raise SQLProblemError(f"parameter {name} is declared but the SQL never uses ${name}")
    return frozenset(used)


def _check_tables(tree: exp.Expr, visible: frozenset[str]) -> frozenset[str]:
    ctes = {c.alias_or_name.lower() for c in tree.find_all(exp.CTE)}
    read: set[str] = set()
    for t in tree.find_all(exp.Table):
        if not isinstance(t.this, exp.Identifier):
            raise SQLProblemError(
                f"table function {function_name(t.this)}() is not allowed: "
                "read only canonical and feature tables",
                node=t,
            )
        if t.args.get("db") or t.args.get("catalog"):
            raise SQLProblemError(
                f"qualified table name {t.sql(SOURCE_DIALECT)} is not allowed", node=t
            )
        name = t.name.lower()
        if name in ctes:
            continue
        if name not in visible:
            raise SQLProblemError(
                f"unknown table {t.name!r}: use canonical, reference or feature tables",
                node=t,
            )
        read.add(name)
    return frozenset(read)


def check_sql(
    sql: str,
    *,
    visible_tables: Iterable[str],
    declared_params: Iterable[str] = (),
    hit_columns: bool = False,
) -> Checked:
    """Check one SELECT; raise ``SQLProblemError`` naming the first thing wrong with it."""
    try:
        return _check_sql(sql, visible_tables, declared_params, hit_columns)
    except SQLProblemError as e:
        raise e.locate(sql) from None


def _check_sql(
    sql: str, visible_tables: Iterable[str], declared_params: Iterable[str], hit_columns: bool
) -> Checked:
    tree = _parse_one(sql)
    for node in tree.find_all(*_FORBIDDEN):
        raise SQLProblemError(
            f"{type(node).__name__.upper()} is not allowed: SELECT only", node=node
        )
    tables = _check_tables(tree, frozenset(t.lower() for t in visible_tables))
    for node in tree.walk():
        if is_call(node) and not allowed(node):
            raise SQLProblemError(
                f"function {function_name(node)}() is not on the allow-list "
                "(docs/packs.md, 'Functions')",
                node=node,
            )
    params = _check_params(sql, tree, list(declared_params))
    if hit_columns:
        names = [n.lower() for n in tree.named_selects]
        if "*" in names or len(names) != len(tree.selects):
            raise SQLProblemError(f"name every output column: {', '.join(HIT_COLUMNS)}")
        missing = [c for c in HIT_COLUMNS if c not in names]
        extra = [c for c in names if c not in HIT_COLUMNS]
        if missing or extra or len(set(names)) != len(names):
            problem = f"must return exactly {', '.join(HIT_COLUMNS)}"
            detail = [f"missing {', '.join(missing)}"] if missing else []
            detail += [f"unexpected {', '.join(extra)}"] if extra else []
            raise SQLProblemError(f"{problem} ({'; '.join(detail) or 'duplicated columns'})")
        _check_metric_order(tree)
    return Checked(tree, tables, params)


_ORDERED_BY: tuple[type[exp.Expr], ...] = (exp.ArraySort,)


def _branches(query: exp.Expr) -> list[exp.Select]:
    """The SELECTs whose rows a query returns: itself, or each branch of a set operation."""
    if isinstance(query, exp.Subquery):
        return _branches(query.this)
    if isinstance(query, exp.SetOperation):
        return _branches(query.this) + _branches(query.expression)
    return [query] if isinstance(query, exp.Select) else []


def _check_metric_order(tree: exp.Query) -> None:
    """A list aggregated into ``metrics`` must have a fixed order.

    ``list(x)`` gives its elements in whatever order the engine's threads met the rows, so
    two runs over the same data would store different metrics for the same hit (and a
    re-run would not reproduce its alerts). Sorting the list, or aggregating it in an
    order, fixes that; evidence lists need nothing, they are sorted after the query.
    """
    names = [n.lower() for n in tree.named_selects]
    if "metrics" not in names:
        return
    at = names.index("metrics")
    # every branch of a UNION gives metrics in that position, named or not
    columns = [b.expressions[at] for b in _branches(tree) if len(b.expressions) > at]
    for column in columns:
        for agg in column.find_all(exp.ArrayAgg, exp.GroupConcat):
            if isinstance(agg.this, exp.Order):
                continue
            node: exp.Expr | None = agg.parent
            while node is not None and node is not column and not isinstance(node, _ORDERED_BY):
                node = node.parent
            if not isinstance(node, _ORDERED_BY):
                raise SQLProblemError(
                    f"metrics: {agg.sql(SOURCE_DIALECT)} has no fixed order (its elements come "
                    "in the order the engine met the rows); wrap it in array_sort(...) or "
                    "aggregate it with ORDER BY",
                    node=agg,
                )


def _line(base: int | None, inner: int | None) -> int | None:
    if base is None:
        return None
    return base + (inner - 1 if inner else 0)


_VALIDATED: dict[tuple[object, ...], Mapping[str, Checked]] = {}
"""Packs already validated, by their SQL and parameters: a run validates its pack again."""


def _content_key(pack: Pack) -> tuple[object, ...]:
    return (
        str(pack.path),
        pack.digest,
        tuple((f.id, f.sql) for f in pack.features.values()),
        tuple((i.id, i.sql, tuple(i.params)) for i in pack.indicators.values()),
    )


def validate_pack(pack: Pack) -> Mapping[str, Checked]:
    """Check every feature's and indicator's SQL; return what each reads, by id.

    Features may read canonical tables and other features (cycles are an error); indicators
    may read canonical tables and every feature. A pack whose SQL and parameters were
    already found valid is not checked again.
    """
    key = _content_key(pack)
    known = _VALIDATED.get(key)
    if known is not None:
        return known
    checked = _validate(pack)
    if len(_VALIDATED) >= 32:
        _VALIDATED.clear()
    _VALIDATED[key] = checked
    return checked


def _validate(pack: Pack) -> Mapping[str, Checked]:
    canonical = frozenset(TABLES) | frozenset(REFERENCE_TABLES)
    features = frozenset(f.lower() for f in pack.features)
    out: dict[str, Checked] = {}
    for f in pack.features.values():
        try:
            out[f.id] = check_sql(f.sql, visible_tables=canonical | (features - {f.id}))
        except SQLProblemError as e:
            where = f"feature {f.id}"
            raise PackError(pack.path, where, e.problem, _line(f.sql_line, e.line)) from None
    try:
        ordered(Step(f.sql, f.id) for f in pack.features.values())
    except ValueError as e:
        raise PackError(pack.path, "features", str(e)) from None
    for ind in pack.indicators.values():
        try:
            out[ind.id] = check_sql(
                ind.sql,
                visible_tables=canonical | features,
                declared_params=ind.params,
                hit_columns=True,
            )
        except SQLProblemError as e:
            where = f"indicator {ind.id}"
            raise PackError(pack.path, where, e.problem, _line(ind.sql_line, e.line)) from None
    return out
