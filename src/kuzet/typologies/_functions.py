"""The functions pack SQL may call, named as sqlglot's expression classes.

Checking sqlglot's parsed class (not the text) means ``list(x)``, ``array_agg(x)`` and
``ARRAY_AGG(x)`` are one function, and that every allowed function is one sqlglot knows how to
write for Spark. Left out on purpose:
- anything that reads or writes outside the canonical tables (``read_csv``, ``glob``,
  ``getenv``…): sqlglot parses those as anonymous functions, which are never allowed;
- anything whose result changes between two runs over the same data (``now()``,
  ``current_date``, ``random()``, ``uuid()``): re-running a window must give the same alerts;
- functions whose meaning differs between DuckDB and Spark in ways sqlglot does not bridge.
Add a function only with a parity test (tests/engine) showing both engines agree on it.
"""

from __future__ import annotations

from sqlglot import exp

_NAMES = """
    Count CountIf Sum Avg Min Max ArrayAgg Stddev StddevPop StddevSamp Variance VariancePop
    Median PercentileCont PercentileDisc ApproxDistinct LogicalOr LogicalAnd AnyValue ArgMax
    ArgMin
    RowNumber Rank DenseRank PercentRank CumeDist Ntile Lag Lead FirstValue LastValue NthValue
    Case If Coalesce Nullif Greatest Least Cast TryCast Exists
    Abs Round Floor Ceil Ln Log Exp Pow Sqrt Sign
    Lower Upper Trim Length Substring Concat ConcatWs StartsWith RegexpLike RegexpExtract
    Replace Split Left Right StrPosition Contains
    TimestampTrunc DateTrunc DateDiff TimestampDiff DateAdd DateSub TimestampAdd TimestampSub
    Extract Year Month Day Hour Minute DayOfWeek DayOfWeekIso DayOfMonth Quarter Week
    TimeToUnix UnixToTime TsOrDsToDate DateFromParts LastDay
    Struct StructExtract Array ArrayContains ArraySize ArrayDistinct ArrayFilter ArraySort
    Explode Unnest Bracket
"""

ALLOWED: frozenset[type[exp.Expr]] = frozenset(
    getattr(exp, name) for name in _NAMES.split() if hasattr(exp, name)
)
"""Function classes pack SQL may use."""

_NOT_FUNCTIONS: tuple[type[exp.Expr], ...] = (exp.Connector, exp.Binary, exp.Unary)
"""sqlglot models ``AND``/``OR`` and some operators as functions; they are syntax here."""


def function_name(node: exp.Expr) -> str:
    """The name a pack author would recognise for a function node."""
    if isinstance(node, exp.Anonymous):
        return str(node.name).lower()
    if isinstance(node, exp.Func):
        return node.sql_name().lower()
    return type(node).__name__.lower()


def is_call(node: exp.Expr) -> bool:
    """Whether ``node`` is a function call that the allow-list governs."""
    return isinstance(node, exp.Func) and not isinstance(node, _NOT_FUNCTIONS)


def allowed(node: exp.Expr) -> bool:
    return type(node) in ALLOWED


def allowed_names() -> list[str]:
    """The allow-list as sqlglot's SQL names, sorted, for documentation and messages."""
    return sorted({cls.sql_name().lower() for cls in ALLOWED if issubclass(cls, exp.Func)})
