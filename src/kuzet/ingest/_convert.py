"""Turn one input column into its canonical Arrow type, marking the rows that cannot be.

Input comes either as text (CSV, XML, a string column in Parquet) or already typed (Parquet).
Text is held to one strict grammar per type before Arrow casts it, so a value is accepted or
refused the same way whether or not its neighbours are good: the cast alone is more lenient
(it takes ``1e3`` as an amount) and fails a whole column at once. Rows that pass the grammar
but still fail the cast (``2024-02-30``) are found by splitting the column in halves.

Timestamps without an offset are local time in Kazakhstan (``Asia/Almaty``, UTC+5 since
1 March 2024 and UTC+6 before) and are converted to UTC; ambiguous local times (the hour
repeated on 29 February 2024) take the earlier instant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.ingest import _checks
from kuzet.ingest._arrow import Arr, Mask, mask, nulls
from kuzet.model.identifiers import IDENTIFIERS
from kuzet.model.schemas import Column
from kuzet.model.units import default_units

LOCAL_TZ = "Asia/Almaty"
_pc: Any = pc  # the stubs reject assume_timezone's keyword options

_INT = r"^[+-]?\d{1,19}$"
_FLOAT = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_BOOL = r"^(?i:true|false|1|0)$"
_MONEY = r"^[+-]?\d{1,16}(\.\d{1,2})?$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_TIME = r"([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)"
_ZONE = r"(Z|[+-]\d{2}(:?\d{2})?)"
_TS = rf"^\d{{4}}-\d{{2}}-\d{{2}}({_TIME}{_ZONE}?)?$"

DETAILS = {
    "required": "a value is required",
    "type": "not a value of the column's type",
    "date": "expected a calendar date as YYYY-MM-DD",
    "timestamp": (
        "expected an ISO 8601 timestamp such as 2024-03-01T10:15:00+05:00 "
        "(without an offset it is read as Asia/Almaty time)"
    ),
    "amount": (
        "expected a decimal amount with '.' as separator, at most 2 decimals "
        "and 16 integer digits, e.g. 1500.50"
    ),
    "negative_amount": "an amount must not be negative",
}


@dataclass
class Failure:
    """Rows of one batch that fail one field for one reason."""

    field: str | None
    reason: str
    rows: npt.NDArray[np.int64]
    detail: str | list[str]


@dataclass
class Converted:
    """A column in its canonical type (failed rows null) and why rows failed."""

    array: Arr
    failures: list[Failure] = field(default_factory=list)
    missing: Mask | None = None
    """Rows that were null in the input (as opposed to nulled by a failure)."""


class IncompatibleError(Exception):
    """A column's type can never become the canonical one (a file-level error)."""


def _null_where(arr: Arr, bad: Mask) -> Arr:
    if not bad.any():
        return arr
    out: Arr = pc.if_else(pa.array(bad), nulls(len(arr), arr.type), arr)
    return out


def cast_rowwise(arr: Arr, to: pa.DataType) -> tuple[Arr, Mask]:
    """Cast, nulling the rows that cannot be cast: try all, then halves of what fails."""
    try:
        return arr.cast(to), np.zeros(len(arr), dtype=np.bool_)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OverflowError):
        if len(arr) == 1:
            return nulls(1, to), np.ones(1, dtype=np.bool_)
    half = len(arr) // 2
    left, lbad = cast_rowwise(arr.slice(0, half), to)
    right, rbad = cast_rowwise(arr.slice(half), to)
    return pa.concat_arrays([left, right]), np.concatenate([lbad, rbad])


def _fail(name: str, reason: str, bad: Mask, detail: str | None = None) -> list[Failure]:
    if not bad.any():
        return []
    return [Failure(name, reason, np.flatnonzero(bad), detail or DETAILS[reason])]


_TYPE_WORDS = {
    "integer": "expected a whole number",
    "floating": "expected a number",
    "boolean": "expected true, false, 1 or 0",
}


def _shaped(arr: Arr, pattern: str) -> Mask:
    """Rows whose text fits a grammar; integers get a cheaper test equal to their regex."""
    if pattern == _INT:  # digits after an optional sign, without a regex: ids are long columns
        digits = mask(pc.ascii_is_decimal(pc.utf8_ltrim(arr, "+-")))
        return digits & mask(_pc.less_equal(_pc.utf8_length(arr), 20))
    return mask(pc.match_substring_regex(arr, pattern))


def _grammar_then_cast(
    arr: Arr, pattern: str, to: pa.DataType, name: str, reason: str
) -> Converted:
    present = mask(arr.is_valid())
    shaped = _shaped(arr, pattern)
    misfit = present & ~shaped
    out, castbad = cast_rowwise(_null_where(arr, misfit), to)
    detail = _TYPE_WORDS.get(kind(to)) if reason == "type" else None
    return Converted(out, _fail(name, reason, misfit | castbad, detail), ~present)


def _local_to_utc(naive: Arr) -> Arr:
    local = _pc.assume_timezone(naive, LOCAL_TZ, ambiguous="earliest", nonexistent="earliest")
    out: Arr = local.cast(pa.timestamp("us", tz="UTC"))
    return out


def _text_timestamp(arr: Arr, name: str) -> Converted:
    present = mask(arr.is_valid())
    shaped = mask(pc.match_substring_regex(arr, _TS))
    # an offset is a Z at the end or a sign after the date (shape already checked above)
    after_date = pc.utf8_slice_codeunits(arr, 10)
    zoned = shaped & (
        mask(pc.ends_with(arr, "Z"))
        | mask(pc.match_substring(after_date, "+"))
        | mask(pc.match_substring(after_date, "-"))
    )
    naive = shaped & ~zoned
    bad = present & ~shaped
    utc_type = pa.timestamp("us", tz="UTC")
    parts: list[Arr] = []  # each null outside its own rows
    if naive.any():
        local, nbad = cast_rowwise(_null_where(arr, ~naive), pa.timestamp("us"))
        parts.append(_local_to_utc(local))
        bad |= nbad
    if zoned.any():
        aware, zbad = cast_rowwise(_null_where(arr, ~zoned), utc_type)
        parts.append(aware)
        bad |= zbad
    if len(parts) == 2:
        out: Arr = pc.if_else(pa.array(naive), parts[0], parts[1])
    else:
        out = parts[0] if parts else nulls(len(arr), utc_type)
    return Converted(_null_where(out, bad), _fail(name, "timestamp", bad), ~present)


def _text_string(arr: Arr, col: Column) -> Converted:
    failures: list[Failure] = []
    if col.units:
        arr = default_units().canonical_array(arr)
    if col.identifier:
        arr = _checks.normalize(arr)
        bad = _checks.FAILS[col.identifier](arr)
        if bad.any():
            rows = np.flatnonzero(bad)
            ident = IDENTIFIERS[col.identifier]
            values = arr.take(rows).to_pylist()
            why = [f"{ident.title}: {ident.validate(str(v)) or 'invalid'}" for v in values]
            failures.append(Failure(col.name, "identifier", rows, why))
            arr = _null_where(arr, bad)
    if col.enum:
        bad = ~mask(pc.is_in(arr, value_set=pa.array(col.enum))) & mask(arr.is_valid())
        failures += _fail(col.name, "enum", bad, "expected one of: " + ", ".join(col.enum))
        arr = _null_where(arr, bad)
    return Converted(arr, failures)


_TEXT_GRAMMAR: dict[str, tuple[str, str]] = {
    # canonical kind → (grammar, reason when it fails)
    "integer": (_INT, "type"),
    "floating": (_FLOAT, "type"),
    "boolean": (_BOOL, "type"),
    "decimal": (_MONEY, "amount"),
    "date": (_DATE, "date"),
}


def from_text(arr: Arr, col: Column) -> Converted:
    """Convert a text column (nulls are missing values) to the column's canonical type."""
    target = kind(col.type)
    if target == "string":
        conv = _text_string(arr, col)
        conv.missing = ~mask(arr.is_valid())
        return conv
    if target == "timestamp":
        return _text_timestamp(arr, col.name)
    if target not in _TEXT_GRAMMAR:
        raise IncompatibleError(f"column {col.name}: no text reading for type {col.type}")
    grammar, reason = _TEXT_GRAMMAR[target]
    conv = _grammar_then_cast(arr, grammar, col.type, col.name, reason)
    return _non_negative(conv, col.name) if target == "decimal" else conv


def _non_negative(conv: Converted, name: str) -> Converted:
    neg = mask(pc.less(conv.array, pa.scalar(0, conv.array.type)))
    if neg.any():
        conv.failures += _fail(name, "negative_amount", neg)
        conv.array = _null_where(conv.array, neg)
    return conv


def _typed_money(arr: Arr, col: Column) -> Converted:
    t = arr.type
    if pa.types.is_floating(t):
        rounded = pc.round(arr, 2)
        off = mask(pc.greater(pc.abs(pc.subtract(arr, rounded)), pa.scalar(1e-9)))
        out, bad = cast_rowwise(_null_where(rounded, off), col.type)
        bad |= off
    else:
        out, bad = cast_rowwise(arr, col.type)
    conv = Converted(out, _fail(col.name, "amount", bad), ~mask(arr.is_valid()))
    return _non_negative(conv, col.name)


def _typed_timestamp(arr: Arr, col: Column) -> Converted:
    t = arr.type
    if pa.types.is_timestamp(t) and t.tz is None:
        out = _local_to_utc(arr.cast(pa.timestamp("us"), safe=False))
    elif pa.types.is_timestamp(t):
        out = arr.cast(col.type, safe=False)
    else:  # a date: midnight in Kazakhstan
        out = _local_to_utc(arr.cast(pa.timestamp("us")))
    return Converted(out, [], ~mask(arr.is_valid()))


def _typed_other(arr: Arr, col: Column) -> Converted:
    reason = "date" if pa.types.is_date(col.type) else "type"
    out, bad = cast_rowwise(arr, col.type)
    conv = Converted(out, _fail(col.name, reason, bad), ~mask(arr.is_valid()))
    if pa.types.is_string(col.type):
        checked = _text_string(conv.array, col)
        checked.failures = conv.failures + checked.failures
        checked.missing = conv.missing
        return checked
    return conv


ACCEPTS: dict[str, tuple[str, ...]] = {
    # canonical kind → kinds of Parquet column that can become it
    "string": ("string", "integer"),
    "integer": ("integer", "floating"),
    "floating": ("integer", "floating", "decimal"),
    "boolean": ("boolean", "integer"),
    "decimal": ("integer", "floating", "decimal"),
    "date": ("date", "timestamp"),
    "timestamp": ("timestamp", "date"),
}


def kind(t: pa.DataType) -> str:
    """A coarse family of an Arrow type, used to decide what can become what."""
    if pa.types.is_dictionary(t):
        return kind(t.value_type)
    checks = (
        ("string", pa.types.is_string(t) or pa.types.is_large_string(t)),
        ("string_view", pa.types.is_string_view(t)),
        ("integer", pa.types.is_integer(t)),
        ("floating", pa.types.is_floating(t)),
        ("boolean", pa.types.is_boolean(t)),
        ("decimal", pa.types.is_decimal(t)),
        ("date", pa.types.is_date(t)),
        ("timestamp", pa.types.is_timestamp(t)),
        ("null", pa.types.is_null(t)),
    )
    return next((k for k, hit in checks if hit), str(t))


def from_typed(arr: Arr, col: Column) -> Converted:
    """Convert a typed (Parquet) column; text columns take the text path."""
    if isinstance(arr, pa.DictionaryArray):
        arr = arr.dictionary_decode()
    source, target = kind(arr.type), kind(col.type)
    if source in ("string", "string_view"):
        return from_text(arr.cast(pa.string()), col)
    if source == "null":
        return Converted(nulls(len(arr), col.type), [], np.ones(len(arr), dtype=np.bool_))
    if source not in ACCEPTS[target]:
        raise IncompatibleError(f"column {col.name} has type {arr.type}; it must hold {col.type}")
    if target == "decimal":
        return _typed_money(arr, col)
    if target == "timestamp":
        return _typed_timestamp(arr, col)
    return _typed_other(arr, col)
