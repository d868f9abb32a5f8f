"""Pack SQL → one engine's SQL, with parameters bound, at the last moment.

A pack holds no dialect and no values: ``compile_indicator(indicator, dialect, overrides)``
binds the defaults (or a bank's overrides, inside their bounds) and the run window into the
DuckDB syntax tree as literals, then asks the dialect to write it. Binding literals rather
than passing driver parameters keeps the compiled SQL a complete, pasteable statement, the
same one a golden file shows and an ``EngineError`` reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlglot import exp

from kuzet.engine import Dialect, Step, dialect, ordered, parse
from kuzet.typologies._model import Feature, Indicator, Pack, PackError, ParamValue
from kuzet.typologies._params import coerce, out_of_bounds

Overrides = Mapping[str, Mapping[str, Any]]
"""``{indicator id: {parameter: value}}``; values may be strings (from ``--set``)."""


@dataclass(frozen=True, slots=True)
class RunWindow:
    """The days a run covers, both inclusive; ``None`` on either side means unbounded.

    Bound into SQL as ``$run_from`` (midnight UTC of the first day) and ``$run_to`` (midnight
    UTC after the last day, exclusive). An unbounded side uses a far date so that SQL such as
    ``$run_from - INTERVAL 30 DAY`` still works.
    """

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"window starts {self.start} after it ends {self.end}")

    @property
    def run_from(self) -> dt.datetime:
        day = self.start or dt.date(1900, 1, 1)
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    @property
    def run_to(self) -> dt.datetime:
        day = self.end + dt.timedelta(days=1) if self.end else dt.date(2200, 1, 1)
        return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)

    @property
    def key(self) -> str:
        """A file-name-safe name of the window: ``2026-01-01_2026-01-31``, ``all``…"""
        if not self.start and not self.end:
            return "all"
        return f"{self.start or 'start'}_{self.end or 'end'}"

    def bindings(self) -> dict[str, ParamValue | dt.datetime]:
        return {"run_from": self.run_from, "run_to": self.run_to}


ALL_TIME = RunWindow()


def literal(value: ParamValue | dt.datetime) -> exp.Expr:
    """A DuckDB literal for a parameter value; the dialect writes it for its engine."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, int | float):
        return exp.Literal.number(value)
    if isinstance(value, str):
        return exp.Literal.string(value)
    if isinstance(value, dt.datetime):
        text = value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        return exp.cast(exp.Literal.string(text), exp.DataType.build("TIMESTAMPTZ"))
    if isinstance(value, dt.date):
        return exp.cast(exp.Literal.string(value.isoformat()), exp.DataType.build("DATE"))
    return exp.Array(expressions=[literal(v) for v in value])


def bind(tree: exp.Expr, values: Mapping[str, ParamValue | dt.datetime]) -> exp.Expr:
    """``tree`` with every ``$name`` replaced by its value (in place); ``KeyError`` if unbound."""

    def replace(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Placeholder):
            if node.name not in values:
                raise KeyError(node.name)
            return literal(values[node.name])
        return node

    return tree.transform(replace, copy=False)


def resolve_params(
    indicator: Indicator, overrides: Mapping[str, Any] | None = None, *, path: str = "<pack>"
) -> dict[str, ParamValue]:
    """Every parameter's value: the default, or an override a bank may make.

    An override must name a declared, tunable parameter and fall within its bounds.
    """
    values: dict[str, ParamValue] = {n: p.default for n, p in indicator.params.items()}
    where = f"indicator {indicator.id}"
    for name, raw in (overrides or {}).items():
        param = indicator.params.get(name)
        if param is None:
            known = ", ".join(indicator.params) or "none"
            raise PackError(path, where, f"no parameter {name!r} to set (parameters: {known})")
        if not param.tunable:
            raise PackError(path, where, f"parameter {name} is not tunable")
        try:
            value = coerce(param.type, raw)
        except ValueError as e:
            raise PackError(path, where, f"parameter {name}: {e}") from None
        problem = out_of_bounds(param, value)
        if problem:
            raise PackError(path, where, f"parameter {name}: {problem}")
        values[name] = value
    return values


def parse_overrides(pack: Pack, items: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``["MULE-01.min_senders=30"]`` → ``{"MULE-01": {"min_senders": "30"}}``, checked."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        target, sep, value = item.partition("=")
        indicator_id, dot, name = target.strip().rpartition(".")
        if not sep or not dot or not indicator_id or not name:
            raise PackError(pack.path, "--set", f"{item!r}: write INDICATOR.param=value")
        if indicator_id not in pack.indicators:
            raise PackError(pack.path, "--set", f"{item!r}: pack has no indicator {indicator_id}")
        out.setdefault(indicator_id, {})[name] = value.strip()
    for indicator_id, values in out.items():
        resolve_params(pack.indicators[indicator_id], values, path=str(pack.path))
    return out


def _as_dialect(d: Dialect | str) -> Dialect:
    return dialect(d) if isinstance(d, str) else d


_COMPILED: dict[tuple[object, ...], str] = {}
"""Compiled SQL by (pack SQL, dialect, bound values, pretty): the same statement is asked
for again and again (every run of a pack, every window of an evaluation, golden tests), and
writing it costs a copy of the parsed tree plus sqlglot's generator, a few ms a statement.
A ``parsed`` tree must be the parse of ``sql``: the text is the key."""

_COMPILED_MAX = 2048


def _compiled(
    sql: str,
    dialect: Dialect | str,
    values: Mapping[str, ParamValue | dt.datetime],
    pretty: bool,
    parsed: exp.Expr | None = None,
) -> str:
    """``sql`` with ``values`` bound, written for ``dialect``; remembered (``_COMPILED``)."""
    target = _as_dialect(dialect)
    key: tuple[object, ...] = (sql, target, tuple(values.items()), pretty)
    try:
        text = _COMPILED.get(key)
    except TypeError:  # a value that cannot be a key (a list, say): compile, do not keep
        key, text = (), None
    if text is None:
        tree = parse(sql) if parsed is None else parsed.copy()
        text = target.transpile_owned(bind(tree, values), pretty=pretty)
        if key:
            if len(_COMPILED) >= _COMPILED_MAX:
                _COMPILED.clear()
            _COMPILED[key] = text
    return text


def compile_indicator(
    indicator: Indicator,
    dialect: Dialect | str,
    overrides: Mapping[str, Any] | None = None,
    *,
    window: RunWindow = ALL_TIME,
    pretty: bool = False,
    parsed: exp.Expr | None = None,
) -> str:
    """The indicator's SELECT for one engine, with parameters and run window bound.

    ``parsed``, if given, is ``indicator.sql`` already parsed (validation's tree: a run has
    it at hand); it is copied, not changed, and spares parsing the text a second time.
    """
    values: dict[str, ParamValue | dt.datetime] = {**resolve_params(indicator, overrides)}
    values.update(window.bindings())
    return _compiled(indicator.sql, dialect, values, pretty, parsed)


def compile_feature(
    feature: Feature,
    dialect: Dialect | str,
    *,
    window: RunWindow = ALL_TIME,
    pretty: bool = False,
    parsed: exp.Expr | None = None,
) -> str:
    """A feature's SELECT for one engine; features see only the run window parameters."""
    return _compiled(feature.sql, dialect, window.bindings(), pretty, parsed)


def feature_steps(
    pack: Pack, dialect: Dialect | str, *, window: RunWindow = ALL_TIME
) -> list[Step]:
    """The pack's features as pipeline steps, each after the features it reads."""
    steps = [
        Step(compile_feature(f, dialect, window=window), f.id, f"feature {f.id}")
        for f in pack.features.values()
    ]
    # Order by the DuckDB text: the compiled SQL may not parse back as DuckDB.
    order = [
        s.output_table_name for s in ordered(Step(f.sql, f.id) for f in pack.features.values())
    ]
    return sorted(steps, key=lambda s: order.index(s.output_table_name))
