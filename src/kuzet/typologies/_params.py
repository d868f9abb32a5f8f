"""Parameter values: their types, how a YAML or ``--set`` value becomes one, their bounds.

One small function per type, chosen from a table, so adding a type is adding a line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from kuzet.typologies._model import Parameter, ParamValue

_INTEGER = re.compile(r"[+-]?\d+")

_INFERRED: tuple[tuple[type | tuple[type, ...], str], ...] = (
    (bool, "boolean"),  # before int: a bool is an int in Python
    (int, "integer"),
    (float, "number"),
    (dt.date, "date"),
    (str, "string"),
    (list, "list"),
)


def infer_type(value: Any) -> str | None:
    """The parameter type a YAML default has, when the author did not say."""
    for kind, name in _INFERRED:
        if isinstance(value, kind):
            return name
    return None


def _boolean(value: Any) -> ParamValue | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _integer(value: Any) -> ParamValue | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)
    return None


def _number(value: Any) -> ParamValue | None:
    if isinstance(value, str):
        text = value.strip()
        if _INTEGER.fullmatch(text):
            return int(text)
        try:
            value = float(text)
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value if math.isfinite(float(value)) else None
    return None


def _string(value: Any) -> ParamValue | None:
    return value if isinstance(value, str) else None


def _date(value: Any) -> ParamValue | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _list(value: Any) -> ParamValue | None:
    items = [i.strip() for i in value.split(",")] if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        return None
    if all(isinstance(i, str) for i in items):
        return tuple(items)
    if all(isinstance(i, int | float) and not isinstance(i, bool) for i in items):
        return tuple(items)
    return None


_COERCE: dict[str, Callable[[Any], ParamValue | None]] = {
    "boolean": _boolean,
    "integer": _integer,
    "number": _number,
    "string": _string,
    "date": _date,
    "list": _list,
}


def coerce(param_type: str, value: Any) -> ParamValue:
    """A YAML or command-line value as the parameter's type; ``ValueError`` if it is not one.

    Strings are accepted for every type (they come from ``--set``): ``"30"`` for an integer,
    ``"2026-01-01"`` for a date, ``"4829,6051"`` for a list of strings.
    """
    result = _COERCE[param_type](value)
    if result is None:
        raise ValueError(f"{value!r} is not a {param_type}")
    return result


def out_of_bounds(param: Parameter, value: ParamValue) -> str | None:
    """Why ``value`` lies outside the parameter's ``min``/``max``, or None if it does not."""
    lo, hi = param.min, param.max
    if lo is not None and hi is not None and lo > hi:  # type: ignore[operator]
        return f"cannot be satisfied: min {lo} > max {hi}"
    if lo is not None and value < lo:  # type: ignore[operator]
        return f"{value} is below min {lo}"
    if hi is not None and value > hi:  # type: ignore[operator]
        return f"{value} is above max {hi}"
    return None
