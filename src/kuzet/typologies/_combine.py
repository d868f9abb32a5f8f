"""From raw indicator rows to hits, and from hits to alerts: pure functions, no engine.

Everything here runs in Python on the hit set, identically whichever engine produced it,
so the parity between DuckDB and Spark rests on the indicator SQL alone.

Per typology and subject: each member indicator that fired contributes its best score
(the highest over its hits for that subject); the rule combines the weighted scores:
- ``weighted_sum``: ``min(1, Σ wᵢ·sᵢ)``;
- ``max``: ``max(wᵢ·sᵢ)``;
- ``noisy_or``: ``1 − Π(1 − wᵢ·sᵢ)`` (independent pieces of evidence).
A subject becomes an alert when every ``required`` member fired and the combined score is
at least the threshold. Scores are rounded to 6 decimals so that last-bit differences
between engines cannot move a subject across the threshold.

Why column-wise: a run over ~20M transactions yields tens of thousands of hits; building a
Python dict (zoned datetimes, a ``json.dumps`` call, a hash) per hit and grouping them in
dicts cost seconds. Here whole Arrow columns are converted at once: ids, window bounds,
evidence lists and metric JSON are built per column, and alerts come from one sort of a
typology's hits (subject, member, best first) whose group boundaries numpy finds; only
the rule itself (``combined_score``) and the sign-code lookup run per subject in Python.
The results are those of the per-row definitions (``_alerts.stable_id`` and ``to_json``,
``_subject_id``, ``combined_score``) to the byte: the same ids, scores, JSON text and
timestamps; ``tests/typologies/test_combine_speed.py`` pins this against the per-row
implementation this one replaced. One difference only: when a result has several kinds of
bad row, the error reported (the indicator fails either way) is the first kind checked
(subject type, subject id, window bounds), not the first bad row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.typologies._alerts import (
    ALERTS_SCHEMA,
    EVIDENCE,
    FIRED,
    HITS_SCHEMA,
    Arr,
    Column,
    metrics_json,
    stable_ids,
    timestamp_texts,
    to_json,
)
from kuzet.typologies._compile import RunWindow
from kuzet.typologies._model import Indicator, Pack, ParamValue, Typology

DIGITS = 6

IntArray: TypeAlias = npt.NDArray[Any]
FloatArray: TypeAlias = npt.NDArray[np.float64]
BoolArray: TypeAlias = npt.NDArray[np.bool_]
SortOrder = Literal["ascending", "descending"]

_TS = pa.timestamp("us", tz="UTC")


# ── hits ────────────────────────────────────────────────────────────────────────────────
def _subject_id(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(f"subject_id {value!r} is not an id")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _subject_ids(values: Column) -> Arr:
    """Subject ids as text: integers in decimal, text as is, others as ``_subject_id``."""
    t = values.type
    if pa.types.is_integer(t) or pa.types.is_string(t) or pa.types.is_large_string(t):
        return _one(values).cast(pa.string())
    return pa.array([_subject_id(v) for v in values.to_pylist()], pa.string())


def _window_bound(values: Column) -> Arr:
    """A window column as UTC timestamps: a naive timestamp is UTC, a date is its midnight."""
    arr = _one(values)
    t = arr.type
    if arr.null_count == len(arr):  # of whatever type: no bounds
        return pa.nulls(len(arr), _TS)
    if pa.types.is_timestamp(t) or pa.types.is_date(t):
        return arr.cast(_TS)
    first = next(v for v in arr.to_pylist() if v is not None)
    raise ValueError(f"window bound {first!r} is not a date or timestamp")


def _evidence(values: Column) -> Arr:
    """Each row's evidence keys, sorted and unique, NULLs dropped (``list<int64>``)."""
    arr = _one(values)
    t = arr.type
    is_list = pa.types.is_list(t) or pa.types.is_large_list(t)
    if not is_list or not pa.types.is_integer(t.value_type):
        rows = [sorted({int(e) for e in v or () if e is not None}) for v in arr.to_pylist()]
        return pa.array(rows, pa.list_(pa.int64()))
    flat: Arr = pc.list_flatten(arr)
    parents: Arr = pc.list_parent_indices(arr)
    present = flat.is_valid()
    rows_of, keys = _distinct(
        parents.filter(present).to_numpy(), flat.filter(present).cast(pa.int64()).to_numpy()
    )
    return _lists(rows_of, len(arr), pa.array(keys, pa.int64()))


def _distinct(*columns: IntArray) -> list[IntArray]:
    """The distinct rows of ``columns``, sorted by the first column, then the next…"""
    order = np.lexsort(columns[::-1])  # lexsort sorts by its last key first
    cols = [c[order] for c in columns]
    if len(order) > 1:
        new = np.ones(len(order), dtype=bool)
        new[1:] = np.logical_or.reduce([c[1:] != c[:-1] for c in cols])
        cols = [c[new] for c in cols]
    return cols


def _lists(owner: IntArray, n: int, values: Arr) -> Arr:
    """``n`` lists whose values (in order) belong to lists ``owner`` (ascending)."""
    return pa.ListArray.from_arrays(_offsets(owner, n), values)  # type: ignore[call-overload, no-any-return]


def _structs(values: Sequence[Arr], fields: pa.StructType) -> Arr:
    return pa.StructArray.from_arrays(list(values), fields=list(fields))


def _offsets(owner: IntArray, n: int) -> Arr:
    """List offsets for ``n`` lists whose values belong, in order, to rows ``owner``."""
    counts = np.bincount(owner, minlength=n) if len(owner) else np.zeros(n, dtype=np.int64)
    return pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int32())


def _repeat(value: Any, type_: pa.DataType, n: int) -> Arr:
    return pa.repeat(pa.scalar(value, type_), n)  # type: ignore[call-overload, no-any-return]


def _one(values: Column) -> Arr:
    """One contiguous array of a column (Arrow tables hold chunks)."""
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _texts(values: Column) -> list[str]:
    return values.to_pylist()  # type: ignore[return-value]


def hits_from_rows(
    rows: pa.Table,
    pack: Pack,
    indicator: Indicator,
    params: Mapping[str, ParamValue],
    window: RunWindow,
) -> pa.Table:
    """An indicator's result rows as hits (``HITS_SCHEMA``, in row order): typed, JSON
    metrics, sorted unique evidence.

    Rows with a NULL subject or a score that is NULL or ≤ 0 are not hits and are dropped;
    scores above 1 count as 1. A row naming another subject type than the indicator
    declares is an error in the pack (``ValueError``).
    """
    subject = indicator.subject
    score_col = rows.column("score")
    if pa.types.is_decimal(score_col.type):  # float(Decimal) is float of its text
        score_col = score_col.cast(pa.string())
    raw = score_col.to_pylist()
    scores = [None if v is None else round(min(1.0, float(v)), DIGITS) for v in raw]
    has_subject = rows.column("subject_id").is_valid().to_pylist()
    keep = [i for i, s in enumerate(scores) if s is not None and s > 0 and has_subject[i]]
    rows = rows.take(pa.array(keep, pa.int64()))
    kinds = rows.column("subject_type")
    if pa.types.is_string(kinds.type):  # else (NULLs, odd types) row by row
        kinds = pc.unique(kinds)
    for kind in kinds.to_pylist():
        if (kind or subject) != subject:
            raise ValueError(f"returned subject_type {kind!r}; the indicator declares {subject!r}")
    n = len(keep)
    subject_ids = _subject_ids(rows.column("subject_id"))
    start = _window_bound(rows.column("window_start"))
    end = _window_bound(rows.column("window_end"))
    evidence = _evidence(rows.column("evidence"))
    hit_ids = stable_ids(
        (pack.id, pack.version, indicator.id, subject),
        _texts(subject_ids),
        timestamp_texts(start),
        timestamp_texts(end),
    )
    columns = {
        "hit_id": pa.array(hit_ids, pa.string()),
        "pack_id": _repeat(pack.id, pa.string(), n),
        "pack_version": _repeat(pack.version, pa.string(), n),
        "pack_digest": _repeat(pack.digest, pa.string(), n),
        "indicator_id": _repeat(indicator.id, pa.string(), n),
        "subject_type": _repeat(subject, pa.string(), n),
        "subject_id": subject_ids,
        "window_start": start,
        "window_end": end,
        "score": pa.array([scores[i] for i in keep], pa.float64()),
        "params": _repeat(to_json(dict(params)), pa.string(), n),
        "metrics": pa.array(metrics_json(rows.column("metrics")), pa.string()),
        "evidence_table": _repeat(indicator.evidence, pa.string(), n),
        "evidence": evidence,
        "run_from": _repeat(window.run_from, _TS, n),
        "run_to": _repeat(window.run_to, _TS, n),
    }
    return pa.Table.from_arrays([columns[f.name] for f in HITS_SCHEMA], schema=HITS_SCHEMA)


def hits_table(hits: Sequence[pa.Table]) -> pa.Table:
    """Every indicator's hits in one table, sorted by indicator, then hit id (stable)."""
    if not hits:
        return HITS_SCHEMA.empty_table()
    table = pa.concat_tables(hits)
    return table.take(
        pc.sort_indices(table, [("indicator_id", "ascending"), ("hit_id", "ascending")])
    )


# ── alerts ──────────────────────────────────────────────────────────────────────────────
def combined_score(rule: str, weighted: Sequence[float]) -> float:
    """Combine weighted indicator scores ``wᵢ·sᵢ`` by the typology's rule (one subject).

    The rule is written once, for many subjects, in ``_rule``; this is its one-row case.
    Sums and products run left to right in member order (as Python 3.11's ``sum`` and
    ``math.prod`` do), the same floats on any Python version.
    """
    if not weighted:
        return 0.0
    row = np.array([weighted], dtype=np.float64)
    return round(float(_rule(rule, row, np.ones(row.shape, dtype=bool))[0]), DIGITS)


def _rule(rule: str, weighted: FloatArray, fired: BoolArray) -> FloatArray:
    """``combined_score`` before rounding for every subject (row) at once.

    ``weighted[s, j]`` is member j's weight times its best score for subject s, where
    ``fired[s, j]``; every subject has at least one member that fired. Members are taken
    one after the other in typology order, the same float operations as ``combined_score``.
    """
    if rule == "max":
        return np.where(fired, weighted, -np.inf).max(axis=1)  # type: ignore[no-any-return]
    n = len(weighted)
    if rule == "noisy_or":
        rest = np.ones(n)
        for j in range(weighted.shape[1]):
            rest = np.where(fired[:, j], rest * (1.0 - weighted[:, j]), rest)
        return 1.0 - rest
    total = np.zeros(n)
    for j in range(weighted.shape[1]):
        total = np.where(fired[:, j], total + weighted[:, j], total)
    return np.minimum(1.0, total)


def _changes(values: Arr) -> IntArray:
    """``out[i]``: row i differs from row i - 1 (row 0 always)."""
    out = np.ones(len(values), dtype=bool)
    if len(values) > 1:
        differ = pc.not_equal(values.slice(1), values.slice(0, len(values) - 1))
        out[1:] = differ.to_numpy(zero_copy_only=False)
    return out


def _reduce_bound(values: Arr, starts: IntArray, lowest: bool) -> Arr:
    """Per group of rows (starting at ``starts``): the earliest (or latest) non-NULL bound."""
    info = np.iinfo(np.int64)
    fill = info.max if lowest else info.min
    micros: Any = values.cast(pa.int64())
    micros = pc.fill_null(micros, fill).to_numpy()
    reduce = np.minimum.reduceat if lowest else np.maximum.reduceat
    out = reduce(micros, starts) if len(starts) else micros[:0]
    return pa.array(out, _TS, mask=out == fill)


_BEST_FIRST: list[tuple[str, SortOrder]] = [
    ("subject_id", "ascending"),
    ("member", "ascending"),
    ("score", "descending"),
    ("window_start", "ascending"),  # NULL sorts last: a bound beats none
    ("hit_id", "ascending"),
]


@dataclass(frozen=True, slots=True)
class _Groups:
    """One typology's hits sorted best first within (subject, member), as positions.

    ``order[k]`` is the hit (row of the typology's hits) in sorted place k. Subjects and
    (subject, member) groups are runs of sorted places: ``subject_start``/``group_start``
    are where each begins; a group's first hit is its best (highest score, earliest
    window start, lowest hit id), and a subject's groups come in member order, the order
    in which the rule combines them.
    """

    order: IntArray
    member: IntArray  # per sorted place
    subject_of: IntArray  # per sorted place: the subject's number
    subject_start: IntArray
    group_start: IntArray
    group_subject: IntArray

    @classmethod
    def of(cls, hits: pa.Table) -> _Groups:
        order = pc.sort_indices(hits, _BEST_FIRST)
        member = hits.column("member").take(order).to_numpy()
        new_subject = _changes(_one(hits.column("subject_id")).take(order))
        new_group = new_subject.copy()
        new_group[1:] |= member[1:] != member[:-1]
        subject_of = np.cumsum(new_subject) - 1
        group_start = np.flatnonzero(new_group)
        return cls(
            order=order.to_numpy(),
            member=member,
            subject_of=subject_of,
            subject_start=np.flatnonzero(new_subject),
            group_start=group_start,
            group_subject=subject_of[group_start],
        )

    def group_sizes(self) -> IntArray:
        return np.diff(np.append(self.group_start, len(self.order)))


def _passing(
    typology: Typology, groups: _Groups, best_score: FloatArray
) -> tuple[IntArray, list[float]]:
    """The subjects (numbers) that alert, with their combined scores: every required
    member fired and the rule's score, rounded as ``combined_score`` rounds, reached the
    threshold."""
    members = typology.members
    n = len(groups.subject_start)
    best_member = groups.member[groups.group_start]
    weights = np.array([m.weight for m in members], dtype=np.float64)
    weighted = np.zeros((n, len(members)))
    fired = np.zeros((n, len(members)), dtype=bool)
    weighted[groups.group_subject, best_member] = weights[best_member] * best_score
    fired[groups.group_subject, best_member] = True
    required = [j for j, m in enumerate(members) if m.required]
    value = _rule(typology.combine, weighted, fired).tolist()
    rounded = np.array([round(v, DIGITS) for v in value], dtype=np.float64)
    passing = fired[:, required].all(axis=1) & (rounded >= typology.threshold)
    chosen = np.flatnonzero(passing)
    return chosen, rounded[chosen].tolist()


def _typology_alerts(
    pack: Pack, typology: Typology, hits: pa.Table, window: RunWindow
) -> pa.Table | None:
    """One typology's alerts (unsorted), or None when no subject qualifies."""
    names = pa.array([m.indicator for m in typology.members], pa.string())
    mine = pc.and_(
        pc.is_in(hits.column("indicator_id"), value_set=names),
        pc.equal(hits.column("subject_type"), pa.scalar(typology.subject)),
    )
    h = hits.filter(mine)
    if not h.num_rows:
        return None
    h = h.append_column("member", pc.index_in(h.column("indicator_id"), value_set=names))
    groups = _Groups.of(h)
    best = groups.order[groups.group_start]  # each group's best hit
    chosen, scores = _passing(typology, groups, h.column("score").take(best).to_numpy())
    if not len(chosen):
        return None
    n = len(chosen)
    firsts = groups.order[groups.subject_start[chosen]]
    subject_ids = _one(h.column("subject_id")).take(firsts)
    in_order = h.select(["window_start", "window_end"]).take(groups.order)
    start = _reduce_bound(_one(in_order.column("window_start")), groups.subject_start, True)
    end = _reduce_bound(_one(in_order.column("window_end")), groups.subject_start, False)
    start, end = start.take(chosen), end.take(chosen)
    alert_ids = stable_ids(
        (pack.id, pack.version, typology.id, typology.subject),
        _texts(subject_ids),
        timestamp_texts(start),
        timestamp_texts(end),
    )
    days: Any = end.cast(pa.date32())
    sign_days: list[dt.date] = pc.fill_null(days, window.run_to.date()).to_pylist()
    columns = {
        "alert_id": pa.array(alert_ids, pa.string()),
        "pack_id": _repeat(pack.id, pa.string(), n),
        "pack_version": _repeat(pack.version, pa.string(), n),
        "pack_digest": _repeat(pack.digest, pa.string(), n),
        "typology_id": _repeat(typology.id, pa.string(), n),
        "family": _repeat(typology.family, pa.string(), n),
        "subject_type": _repeat(typology.subject, pa.string(), n),
        "subject_id": subject_ids,
        "window_start": start,
        "window_end": end,
        "score": pa.array(scores, pa.float64()),
        "threshold": _repeat(float(typology.threshold), pa.float64(), n),
        "indicators": _fired(pack, typology, h, groups, chosen, sign_days),
        "evidence": _alert_evidence(h, groups, chosen),
        "run_from": _repeat(window.run_from, _TS, n),
        "run_to": _repeat(window.run_to, _TS, n),
    }
    return pa.Table.from_arrays([columns[f.name] for f in ALERTS_SCHEMA], schema=ALERTS_SCHEMA)


def _alert_number(groups: _Groups, chosen: IntArray) -> IntArray:
    """Per subject number: its alert's position in ``chosen``, or -1."""
    out = np.full(len(groups.subject_start), -1, dtype=np.int64)
    out[chosen] = np.arange(len(chosen))
    return out


def _fired(
    pack: Pack,
    typology: Typology,
    h: pa.Table,
    groups: _Groups,
    chosen: IntArray,
    sign_days: list[dt.date],
) -> Arr:
    """Each alert's fired members in member order: best score and its metrics, weight,
    number of hits, and the sign code in force on the alert's last day (or the run's)."""
    alert_of = _alert_number(groups, chosen)[groups.group_subject]
    mine = np.flatnonzero(alert_of >= 0)  # groups of alerting subjects, in order
    owner = alert_of[mine]
    best = groups.order[groups.group_start[mine]]
    fired = h.select(["indicator_id", "score", "params", "metrics"]).take(best)
    indicator_ids = _texts(fired.column("indicator_id"))
    codes: dict[tuple[str, dt.date], str | None] = {}
    sign_codes = []
    for ind, a in zip(indicator_ids, owner.tolist(), strict=True):
        key = (ind, sign_days[a])
        if key not in codes:
            codes[key] = pack.indicators[ind].sign_code(key[1])
        sign_codes.append(codes[key])
    weights = np.array([m.weight for m in typology.members], dtype=np.float64)
    fields = {
        "indicator_id": _one(fired.column("indicator_id")),
        "score": _one(fired.column("score")),
        "weight": pa.array(weights[groups.member[groups.group_start[mine]]], pa.float64()),
        "hits": pa.array(groups.group_sizes()[mine], pa.int32()),
        "sign_code": pa.array(sign_codes, pa.string()),
        "params": _one(fired.column("params")),
        "metrics": _one(fired.column("metrics")),
    }
    return _lists(owner, len(chosen), _structs([fields[f.name] for f in FIRED], FIRED))


def _alert_evidence(h: pa.Table, groups: _Groups, chosen: IntArray) -> Arr:
    """Each alert's evidence: every (table, key) behind any of its hits, sorted, unique."""
    place = np.empty(len(groups.order), dtype=np.int64)
    place[groups.order] = np.arange(len(groups.order))  # hit -> sorted place
    alert_of_hit = _alert_number(groups, chosen)[groups.subject_of[place]]
    evidence = _one(h.column("evidence"))
    hit = pc.list_parent_indices(evidence).to_numpy()
    keys = pc.list_flatten(evidence).to_numpy()
    tables = sorted(str(t) for t in pc.unique(h.column("evidence_table")).to_pylist())
    table_of_hit = pc.index_in(h.column("evidence_table"), value_set=pa.array(tables)).to_numpy()
    owner = alert_of_hit[hit]
    mine = owner >= 0
    owner, table, keys = _distinct(owner[mine], table_of_hit[hit[mine]], keys[mine])
    table_names = pa.array(tables, pa.string()).take(table)
    values: list[Arr] = [table_names, pa.array(keys, pa.int64())]
    return _lists(owner, len(chosen), _structs(values, EVIDENCE))


def combine(pack: Pack, hits: pa.Table, window: RunWindow) -> pa.Table:
    """Every alert of every typology of the pack (``ALERTS_SCHEMA``), sorted by typology,
    then score (highest first), then id."""
    parts = [_typology_alerts(pack, t, hits, window) for t in pack.typologies.values()]
    found = [p for p in parts if p is not None]
    if not found:
        return ALERTS_SCHEMA.empty_table()
    alerts = pa.concat_tables(found)
    return alerts.take(pc.sort_indices(alerts, _ALERT_ORDER))


_ALERT_ORDER: list[tuple[str, SortOrder]] = [
    ("typology_id", "ascending"),
    ("score", "descending"),
    ("alert_id", "ascending"),
]
