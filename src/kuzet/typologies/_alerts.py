"""The two tables a monitoring run writes, and how it writes them.

``indicator_hits`` holds every row an indicator returned; ``alerts`` holds each subject whose
combined score passed a typology's threshold, naming every indicator that fired (with its
parameter values and measured metrics) and every operation behind it. Both are declared
here, not in ``kuzet.model.schemas``: they are outputs of this room, not canonical input.

Their text columns are written here too, column-wise: ids (sha256 over the parts that
identify a hit or an alert) and the JSON of parameters and metrics. A run makes tens of
thousands of them, so whole Arrow columns are converted at once, to exactly the text the
per-value definitions (``stable_id``, ``to_json``) give.

One run over one window of one pack writes one file per table, named
``<pack id>__<window>.parquet``; re-running that window replaces both files (stage, then
rename over), so alerts are never duplicated and a reader never sees a half-written run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from kuzet.workspace import PARQUET_OPTIONS, Workspace

ALERTS_TABLE = "alerts"
HITS_TABLE = "indicator_hits"

_TS = pa.timestamp("us", tz="UTC")

Arr: TypeAlias = "pa.Array[Any]"
Column: TypeAlias = "pa.Array[Any] | pa.ChunkedArray[Any]"

_JSON_OPTIONS: dict[str, Any] = {"sort_keys": True, "ensure_ascii": False}
_encode_str: Callable[[str], str] = json.encoder.encode_basestring  # what json.dumps uses


def _f(name: str, type_: pa.DataType, nullable: bool = True) -> pa.Field[Any]:
    return pa.field(name, type_, nullable=nullable)


HITS_SCHEMA = pa.schema(
    [
        _f("hit_id", pa.string(), False),
        _f("pack_id", pa.string(), False),
        _f("pack_version", pa.string(), False),
        _f("pack_digest", pa.string(), False),
        _f("indicator_id", pa.string(), False),
        _f("subject_type", pa.string(), False),
        _f("subject_id", pa.string(), False),
        _f("window_start", _TS),
        _f("window_end", _TS),
        _f("score", pa.float64(), False),
        _f("params", pa.string(), False),  # JSON object: name → value
        _f("metrics", pa.string(), False),  # JSON object: what was measured
        _f("evidence_table", pa.string(), False),
        _f("evidence", pa.list_(pa.int64()), False),
        _f("run_from", _TS, False),
        _f("run_to", _TS, False),
    ]
)
"""One row per indicator hit. ``subject_id`` is text: surrogate keys in decimal, or an
address for wallets."""

FIRED = pa.struct(
    [
        pa.field("indicator_id", pa.string()),
        pa.field("score", pa.float64()),
        pa.field("weight", pa.float64()),
        pa.field("hits", pa.int32()),
        pa.field("sign_code", pa.string()),
        pa.field("params", pa.string()),
        pa.field("metrics", pa.string()),
    ]
)
EVIDENCE = pa.struct([pa.field("table", pa.string()), pa.field("id", pa.int64())])

ALERTS_SCHEMA = pa.schema(
    [
        _f("alert_id", pa.string(), False),
        _f("pack_id", pa.string(), False),
        _f("pack_version", pa.string(), False),
        _f("pack_digest", pa.string(), False),
        _f("typology_id", pa.string(), False),
        _f("family", pa.string(), False),
        _f("subject_type", pa.string(), False),
        _f("subject_id", pa.string(), False),
        _f("window_start", _TS),
        _f("window_end", _TS),
        _f("score", pa.float64(), False),
        _f("threshold", pa.float64(), False),
        _f("indicators", pa.list_(FIRED), False),
        _f("evidence", pa.list_(EVIDENCE), False),
        _f("run_from", _TS, False),
        _f("run_to", _TS, False),
    ]
)
"""One row per alert: a subject whose combined score reached a typology's threshold."""


def texts_of(values: Any) -> list[str]:
    """The values of a string array (or a compute result the stubs cannot type) as str."""
    return values.to_pylist()  # type: ignore[no-any-return]


# ── ids ─────────────────────────────────────────────────────────────────────────────────
def stable_id(*parts: object) -> str:
    """32 hex digits of sha256 over the parts: the same inputs give the same id on any engine."""
    text = "\x1f".join(["" if p is None else str(p) for p in parts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def stable_ids(prefix: Sequence[object], *columns: Sequence[str]) -> list[str]:
    """``stable_id(*prefix, *row)`` for every row of ``columns``, in one pass.

    A run makes an id per hit and per alert (tens of thousands); the parts shared by every
    row (pack, version, indicator or typology) are joined once, and the row parts must
    already be the text ``stable_id`` would make of them (``str(value)``, ``""`` for None).
    """
    head = "".join([("" if p is None else str(p)) + "\x1f" for p in prefix])
    sha = hashlib.sha256
    return [
        sha((head + "\x1f".join(row)).encode("utf-8")).hexdigest()[:32]
        for row in zip(*columns, strict=True)
    ]


def timestamp_texts(values: Arr) -> list[str]:
    """``str()`` of each UTC timestamp as ``stable_id`` writes it (``""`` for NULL):
    ``2024-06-05 12:00:00+00:00``, microseconds shown only when there are some.

    Arrow writes a naive timestamp as ``2024-06-05 12:00:00.000000`` (ten times faster
    than a zoned one); a zero fraction is dropped and the UTC offset added.
    """
    naive: Any = values.cast(pa.timestamp("us")).cast(pa.string())
    text = pc.replace_substring_regex(naive, r"(\.000000)?$", "+00:00", max_replacements=1)
    return texts_of(pc.fill_null(text, ""))


# ── JSON: one value, as the per-row definition writes it ────────────────────────────────
def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _dumps(value: Any) -> str:
    return json.dumps(value, **_JSON_OPTIONS, default=_json_value, separators=(",", ":"))


def _rounded(value: Any) -> Any:
    """A float at the top level of metrics is kept to 9 decimals; nothing else changes."""
    return round(value, 9) if isinstance(value, float) and math.isfinite(value) else value


def to_json(value: Any) -> str:
    """Compact, key-sorted JSON: equal values give equal text on every engine."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and all(isinstance(i, tuple) and len(i) == 2 for i in value):
        value = dict(value)  # an Arrow MAP arrives as a list of (key, value) pairs
    if isinstance(value, float):
        value = round(value, 9)
    if isinstance(value, dict):
        value = {str(k): _rounded(v) for k, v in value.items()}
    return _dumps(value or {})


# ── JSON: a whole struct column of metrics ──────────────────────────────────────────────
def _float_text(value: float) -> str:
    """``json.dumps`` of a top-level metric float: rounded to 9 decimals, NaN/Infinity kept."""
    if math.isfinite(value):
        return float.__repr__(round(value, 9))
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def _encoder(t: pa.DataType) -> Callable[[Any], str]:
    """How to write one non-NULL value of Arrow type ``t`` as ``to_json`` would."""
    if pa.types.is_boolean(t):
        return lambda v: "true" if v else "false"
    if pa.types.is_float32(t) or pa.types.is_float64(t):
        return _float_text
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return _encode_str
    if pa.types.is_date(t):
        return lambda v: f'"{v.isoformat()}"'
    if pa.types.is_decimal(t):  # given the decimal's text: float(Decimal) is float(str(d))
        return lambda text: float.__repr__(float(text))
    return lambda v: _dumps(_rounded(v))  # lists, nested structs, timestamps…


def _fragments(values: Arr) -> list[str]:
    """Each value of one metrics field as the JSON text ``to_json`` writes for it.

    Common scalar types are written by a per-type function without building a dict per
    row; any other type goes through the per-value definition, so the text is the same.
    """
    t = values.type
    if pa.types.is_integer(t):
        digits: Any = values.cast(pa.string())
        return texts_of(pc.fill_null(digits, "null"))
    items = (values.cast(pa.string()) if pa.types.is_decimal(t) else values).to_pylist()
    if pa.types.is_float32(t) or pa.types.is_float64(t):  # the commonest: no call per value
        finite = math.isfinite
        return [
            "null" if v is None else repr(round(v, 9)) if finite(v) else _float_text(v)
            for v in items
        ]
    encode = _encoder(t)
    return ["null" if v is None else encode(v) for v in items]


def metrics_json(metrics: Column) -> list[str]:
    """``to_json`` of every value of a metrics column, a struct column built field by field."""
    arr = metrics.combine_chunks() if isinstance(metrics, pa.ChunkedArray) else metrics
    t = arr.type
    names = [f.name for f in t] if pa.types.is_struct(t) else []
    if not names or len(set(names)) != len(names):
        return [to_json(v) for v in arr.to_pylist()]
    children: list[Arr] = arr.flatten()  # type: ignore[attr-defined]  # a StructArray
    parts = []
    for k, i in enumerate(sorted(range(len(names)), key=names.__getitem__)):
        key = ("{" if k == 0 else ",") + _encode_str(names[i]) + ":"
        parts.append([key + text for text in _fragments(children[i])])
    texts = ["".join(row) + "}" for row in zip(*parts, strict=True)]
    if arr.null_count:
        valid = arr.is_valid().to_pylist()
        texts = [text if ok else "{}" for text, ok in zip(texts, valid, strict=True)]
    return texts


# ── files ───────────────────────────────────────────────────────────────────────────────
def run_file_name(pack_id: str, window_key: str) -> str:
    return f"{pack_id}__{window_key}.parquet"


def write_run(
    workspace: Workspace, pack_id: str, window_key: str, alerts: pa.Table, hits: pa.Table
) -> tuple[Path, Path]:
    """Write (or replace) this pack's alerts and hits for this window; return their paths.

    Both files are fully written under ``_kuzet/tmp`` before either is renamed into place.
    An empty result is written too: it must replace an earlier run's alerts for the window.
    """
    name = run_file_name(pack_id, window_key)
    staged: list[tuple[Path, Path]] = []
    try:
        for table, data, schema in (
            (ALERTS_TABLE, alerts, ALERTS_SCHEMA),
            (HITS_TABLE, hits, HITS_SCHEMA),
        ):
            dest_dir = workspace.table_dir(table)
            dest_dir.mkdir(parents=True, exist_ok=True)
            tmp = workspace.staged_path()
            staged.append((tmp, dest_dir / name))
            pq.write_table(data.cast(schema), tmp, **PARQUET_OPTIONS)
        for tmp, dest in staged:
            os.replace(tmp, dest)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
    return staged[0][1], staged[1][1]
