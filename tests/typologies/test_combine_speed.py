"""Hits and alerts built column-wise give exactly what the per-row definition gave.

``_combine`` builds hits and alerts from whole Arrow columns (for speed); the per-row
implementation it replaced is kept below, verbatim, as the oracle: every case here runs
both and demands equal tables (schema, order, ids, scores, JSON text, timestamps). Hand-made
expectations pin the rules themselves (combine rules, required members, thresholds, best
hit, evidence, sign codes, JSON text) so that oracle and implementation cannot both drift.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pytest

from kuzet.typologies import (
    ALERTS_SCHEMA,
    HITS_SCHEMA,
    Indicator,
    Member,
    Pack,
    RunWindow,
    SignCode,
    Typology,
    builtin_packs,
    compile_indicator,
    read_pack,
    stable_id,
    validate_pack,
)
from kuzet.typologies._alerts import metrics_json, stable_ids, timestamp_texts, to_json
from kuzet.typologies._combine import _rule, combine, combined_score, hits_from_rows, hits_table
from kuzet.typologies._compile import _COMPILED
from kuzet.typologies._model import ParamValue

DIGITS = 6
UTC = dt.UTC


# ── the oracle: the per-row implementation before the column-wise one (e4601fc) ─────────
def old_json_value(value: Any) -> Any:
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


def old_to_json(value: Any) -> str:
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
        value = {
            str(k): round(v, 9) if isinstance(v, float) and math.isfinite(v) else v
            for k, v in value.items()
        }
    return json.dumps(
        value or {},
        sort_keys=True,
        ensure_ascii=False,
        default=old_json_value,
        separators=(",", ":"),
    )


def old_utc(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    raise ValueError(f"window bound {value!r} is not a date or timestamp")


def old_subject_id(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(f"subject_id {value!r} is not an id")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def old_naive_utc(rows: pa.Table) -> pa.Table:
    for name in ("window_start", "window_end"):
        if name not in rows.column_names:
            continue
        col = rows.column(name)
        if pa.types.is_timestamp(col.type) and col.type.tz is not None:
            naive = col.cast(pa.timestamp(col.type.unit))
            rows = rows.set_column(rows.schema.get_field_index(name), name, naive)
    return rows


def old_hits_from_rows(
    rows: pa.Table,
    pack: Pack,
    indicator: Indicator,
    params: Mapping[str, ParamValue],
    window: RunWindow,
) -> list[dict[str, Any]]:
    params_json = old_to_json(dict(params))
    hits = []
    for row in old_naive_utc(rows).to_pylist():
        score = row["score"]
        if row["subject_id"] is None or score is None:
            continue
        score = round(min(1.0, float(score)), DIGITS)
        if not score > 0:
            continue
        subject_type = row["subject_type"] or indicator.subject
        if subject_type != indicator.subject:
            raise ValueError(
                f"returned subject_type {subject_type!r}; the indicator declares "
                f"{indicator.subject!r}"
            )
        subject_id = old_subject_id(row["subject_id"])
        start, end = old_utc(row["window_start"]), old_utc(row["window_end"])
        evidence = sorted({int(e) for e in row["evidence"] or () if e is not None})
        hits.append(
            {
                "hit_id": stable_id(
                    pack.id, pack.version, indicator.id, subject_type, subject_id, start, end
                ),
                "pack_id": pack.id,
                "pack_version": pack.version,
                "pack_digest": pack.digest,
                "indicator_id": indicator.id,
                "subject_type": subject_type,
                "subject_id": subject_id,
                "window_start": start,
                "window_end": end,
                "score": score,
                "params": params_json,
                "metrics": old_to_json(row["metrics"]),
                "evidence_table": indicator.evidence,
                "evidence": evidence,
                "run_from": window.run_from,
                "run_to": window.run_to,
            }
        )
    return hits


def old_combined_score(rule: str, weighted: Sequence[float]) -> float:
    if rule == "max":
        value = max(weighted, default=0.0)
    elif rule == "noisy_or":
        value = 1.0 - math.prod(1.0 - w for w in weighted)
    else:
        value = min(1.0, sum(weighted))
    return round(value, DIGITS)


def old_best(hits: list[dict[str, Any]]) -> dict[str, Any]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return min(hits, key=lambda h: (-h["score"], h["window_start"] or far, h["hit_id"]))


def old_alert(
    pack: Pack,
    typology: Typology,
    subject: tuple[str, str],
    fired: dict[str, list[dict[str, Any]]],
    window: RunWindow,
) -> dict[str, Any] | None:
    if any(m.required and m.indicator not in fired for m in typology.members):
        return None
    members = [m for m in typology.members if m.indicator in fired]
    best = {m.indicator: old_best(fired[m.indicator]) for m in members}
    score = old_combined_score(
        typology.combine, [m.weight * best[m.indicator]["score"] for m in members]
    )
    if score < typology.threshold:
        return None
    every = [h for m in members for h in fired[m.indicator]]
    starts = [h["window_start"] for h in every if h["window_start"] is not None]
    ends = [h["window_end"] for h in every if h["window_end"] is not None]
    start, end = min(starts, default=None), max(ends, default=None)
    evidence = sorted({(h["evidence_table"], e) for h in every for e in h["evidence"]})
    sign_day = (end or window.run_to).date()
    return {
        "alert_id": stable_id(pack.id, pack.version, typology.id, *subject, start, end),
        "pack_id": pack.id,
        "pack_version": pack.version,
        "pack_digest": pack.digest,
        "typology_id": typology.id,
        "family": typology.family,
        "subject_type": subject[0],
        "subject_id": subject[1],
        "window_start": start,
        "window_end": end,
        "score": score,
        "threshold": typology.threshold,
        "indicators": [
            {
                "indicator_id": m.indicator,
                "score": best[m.indicator]["score"],
                "weight": m.weight,
                "hits": len(fired[m.indicator]),
                "sign_code": pack.indicators[m.indicator].sign_code(sign_day),
                "params": best[m.indicator]["params"],
                "metrics": best[m.indicator]["metrics"],
            }
            for m in members
        ],
        "evidence": [{"table": t, "id": i} for t, i in evidence],
        "run_from": window.run_from,
        "run_to": window.run_to,
    }


def old_combine(
    pack: Pack, hits: Iterable[dict[str, Any]], window: RunWindow
) -> list[dict[str, Any]]:
    by_subject: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for h in hits:
        key = (h["subject_type"], h["subject_id"])
        by_subject[key].setdefault(h["indicator_id"], []).append(h)
    alerts = []
    for typology in pack.typologies.values():
        members = {m.indicator for m in typology.members}
        for subject, by_indicator in by_subject.items():
            if subject[0] != typology.subject:
                continue
            fired = {i: hs for i, hs in by_indicator.items() if i in members}
            if fired:
                alert = old_alert(pack, typology, subject, fired, window)
                if alert:
                    alerts.append(alert)
    alerts.sort(key=lambda a: (a["typology_id"], -a["score"], a["alert_id"]))
    return alerts


def old_hits_table(hits: list[dict[str, Any]]) -> pa.Table:
    hits = sorted(hits, key=lambda h: (h["indicator_id"], h["hit_id"]))
    return pa.Table.from_pylist(hits, schema=HITS_SCHEMA)


def old_alerts_table(alerts: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(alerts, schema=ALERTS_SCHEMA)


# ── building packs and rows ───────────────────────────────────────────────────────────────
WINDOW = RunWindow(dt.date(2024, 6, 1), dt.date(2024, 6, 30))
TS = pa.timestamp("us", tz="UTC")
EXAMPLE_PACK = Path(__file__).parents[1] / "fixtures" / "packs" / "example.yaml"


def _indicator(
    iid: str,
    subject: str = "account",
    evidence: str = "transactions",
    codes: Sequence[SignCode] = (),
) -> Indicator:
    return Indicator(
        id=iid,
        titles={"en": iid},
        subject=subject,
        sql="SELECT 1",
        sign_codes=tuple(codes),
        evidence=evidence,
    )


def _typology(
    tid: str, rule: str, threshold: float, members: Sequence[Member], subject: str = "account"
) -> Typology:
    return Typology(
        id=tid,
        family="TEST",
        titles={"en": tid},
        combine=rule,
        threshold=threshold,
        members=tuple(members),
        subject=subject,
    )


def _pack(indicators: Sequence[Indicator], typologies: Sequence[Typology] = ()) -> Pack:
    return Pack(
        id="test-pack",
        issuer="test",
        version="2024.1",
        effective_from=dt.date(2024, 1, 1),
        effective_to=None,
        features={},
        indicators={i.id: i for i in indicators},
        typologies={t.id: t for t in typologies},
        path=Path("test.yaml"),
        digest="ab" * 32,
    )


def _day(d: int, hour: int = 0) -> dt.datetime:
    return dt.datetime(2024, 6, d, hour, tzinfo=UTC)


def _rows(n: int, **columns: pa.Array | list[Any]) -> pa.Table:
    """An indicator's result: the given columns, the others as in a plain account hit."""
    default: dict[str, Any] = {
        "subject_type": pa.array(["account"] * n, pa.string()),
        "subject_id": pa.array(list(range(1, n + 1)), pa.int64()),
        "window_start": pa.array([_day(1)] * n, TS),
        "window_end": pa.array([_day(2)] * n, TS),
        "score": pa.array([0.5] * n, pa.float64()),
        "metrics": pa.array([{"n": i} for i in range(n)], pa.struct([("n", pa.int64())])),
        "evidence": pa.array([[i] for i in range(n)], pa.list_(pa.int64())),
    }
    default.update(columns)
    return pa.table(default)


def _both_hits(
    rows: pa.Table, pack: Pack, ind: Indicator, params: Mapping[str, ParamValue] | None = None
) -> tuple[pa.Table, pa.Table]:
    params = params or {}
    new = hits_table([hits_from_rows(rows, pack, ind, params, WINDOW)])
    old = old_hits_table(old_hits_from_rows(rows, pack, ind, params, WINDOW))
    return new, old


def _assert_same(new: pa.Table, old: pa.Table) -> None:
    assert new.schema == old.schema
    assert new.to_pylist() == old.to_pylist()
    assert new.equals(old)


# ── hits ──────────────────────────────────────────────────────────────────────────────────
MIXED_METRICS = pa.struct(
    [
        ("z_flag", pa.bool_()),
        ("count", pa.int32()),
        ("share", pa.float64()),
        ("kzt", pa.decimal128(38, 2)),
        ("opened", pa.date32()),
        ("role", pa.string()),
        ("names", pa.list_(pa.string())),
        ("seen", TS),
        ("inner", pa.struct([("b", pa.float64()), ("a", pa.int64())])),
    ]
)

CASES: dict[str, pa.Table] = {
    "decimal scores, zoned windows, messy evidence, every metric type": _rows(
        7,
        subject_id=pa.array([1, 2, None, 4, 5, 6, 7], pa.int64()),
        score=pa.array(
            [
                Decimal("1.50"),
                Decimal("0"),
                Decimal("0.90"),
                Decimal("-1"),
                None,
                Decimal("0.33"),
                Decimal("0.000001"),
            ],
            pa.decimal128(12, 6),
        ),
        window_start=pa.array(
            [_day(1, 3), None, _day(2), _day(3), _day(4), _day(5, 23), _day(6)],
            pa.timestamp("us", tz="Asia/Almaty"),
        ),
        evidence=pa.array(
            [[5, 3, 5, None, 1], None, [2], [], [9, 8], [7, 7, 7], None], pa.list_(pa.int64())
        ),
        metrics=pa.array(
            [
                {
                    "z_flag": True,
                    "count": 3,
                    "share": 1 / 3,
                    "kzt": Decimal("331522491.07"),
                    "opened": dt.date(2023, 1, 31),
                    "role": 'first-tier "company"\n\u049b',
                    "names": ["a", "b"],
                    "seen": _day(1, 12),
                    "inner": {"b": 1 / 7, "a": 2},
                },
                None,
                {
                    "z_flag": None,
                    "count": None,
                    "share": math.nan,
                    "kzt": None,
                    "opened": None,
                    "role": None,
                    "names": None,
                    "seen": None,
                    "inner": None,
                },
                {
                    "z_flag": False,
                    "count": -1,
                    "share": math.inf,
                    "kzt": Decimal("-0.10"),
                    "opened": dt.date(999, 1, 1),
                    "role": "",
                    "names": [],
                    "seen": None,
                    "inner": {"b": None, "a": None},
                },
                {
                    "z_flag": False,
                    "count": 0,
                    "share": -math.inf,
                    "kzt": Decimal("1E+3"),
                    "opened": None,
                    "role": "x",
                    "names": None,
                    "seen": None,
                    "inner": None,
                },
                {
                    "z_flag": True,
                    "count": 2**31 - 1,
                    "share": 2.0,
                    "kzt": Decimal("0.00"),
                    "opened": None,
                    "role": "y",
                    "names": None,
                    "seen": None,
                    "inner": None,
                },
                {
                    "z_flag": True,
                    "count": 1,
                    "share": -0.0,
                    "kzt": Decimal("12.34"),
                    "opened": None,
                    "role": "z",
                    "names": ["\u00e4"],
                    "seen": None,
                    "inner": None,
                },
            ],
            MIXED_METRICS,
        ),
    ),
    "text subjects, float scores, dates and naive timestamps, JSON text metrics": _rows(
        6,
        subject_type=pa.array(["account", None, "", "account", "account", "account"]),
        subject_id=pa.array(["acc-1", "\u00c4", "", None, "acc-1", "acc-2"], pa.string()),
        score=pa.array([math.nan, 2.5, 1e-7, 0.7, 0.4999995, 0.123456789], pa.float64()),
        window_start=pa.array(
            [dt.date(2024, 6, 1), None, dt.date(2024, 6, 3), None, dt.date(2024, 6, 1), None],
            pa.date32(),
        ),
        window_end=pa.array(
            [
                dt.datetime(2024, 6, 2, 1, 2, 3, 45),
                None,
                dt.datetime(2024, 6, 4),
                None,
                dt.datetime(2024, 6, 2, 1, 2, 3, 45),
                dt.datetime(2024, 6, 9, 0, 0, 1),
            ],
            pa.timestamp("us"),
        ),
        evidence=pa.array([[3, 1], [2], None, [4], [1], [5, None]], pa.list_(pa.int32())),
        metrics=pa.array(
            [
                '{"b":1.23456789012,"a":[1,2]}',
                "not json",
                None,
                "[]",
                "3.14159265358979",
                '{"k": {"z": 1, "y": 2}}',
            ]
        ),
    ),
    "float and decimal subject ids, NULL windows, map metrics, text evidence": _rows(
        4,
        subject_id=pa.array([3.0, 2.5, 7.0, 1e20], pa.float64()),
        window_start=pa.nulls(4),
        window_end=pa.nulls(4, pa.string()),
        evidence=pa.array([["3", "1"], None, ["2", "2"], []], pa.list_(pa.string())),
        metrics=pa.array(
            [[("b", 2.123456789123), ("a", 1.0)], None, [], [("x", None)]],
            pa.map_(pa.string(), pa.float64()),
        ),
    ),
    "decimal subject ids, NULL evidence and metrics columns": _rows(
        3,
        subject_id=pa.array([Decimal("7.0"), Decimal("7.5"), Decimal("12")], pa.decimal128(10, 1)),
        evidence=pa.nulls(3),
        metrics=pa.nulls(3),
    ),
    "one subject twice over the same window (the same hit id)": _rows(
        3,
        subject_id=pa.array([9, 9, 9], pa.int64()),
        metrics=pa.array([{"n": 1}, {"n": 2}, {"n": 3}], pa.struct([("n", pa.int64())])),
    ),
    "no rows": _rows(0),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hits_are_those_of_the_per_row_definition(case: str) -> None:
    ind = _indicator("IND-1")
    pack = _pack([ind])
    new, old = _both_hits(
        CASES[case], pack, ind, {"min": 3, "codes": ("a", "b"), "on": dt.date(2024, 1, 2)}
    )
    _assert_same(new, old)


def test_a_hit_written_out() -> None:
    ind = _indicator("IND-1")
    pack = _pack([ind])
    rows = CASES["decimal scores, zoned windows, messy evidence, every metric type"]
    hits = hits_from_rows(rows, pack, ind, {"min": 3, "share": 0.1234567891234}, WINDOW)
    assert hits.schema == HITS_SCHEMA
    first = hits.to_pylist()[0]  # rows keep their order; no score ≤ 0, NULL score or subject
    assert hits.column("subject_id").to_pylist() == ["1", "6", "7"]
    assert hits.column("score").to_pylist() == [1.0, 0.33, 1e-06]
    assert first["hit_id"] == stable_id(
        "test-pack", "2024.1", "IND-1", "account", "1", _day(1, 3), _day(2)
    )
    assert first["window_start"] == _day(1, 3)  # the same instant, in UTC
    assert first["evidence"] == [1, 3, 5]
    assert first["params"] == '{"min":3,"share":0.123456789}'
    assert first["metrics"] == (
        '{"count":3,"inner":{"a":2,"b":0.14285714285714285},"kzt":331522491.07,'
        '"names":["a","b"],"opened":"2023-01-31","role":"first-tier \\"company\\"\\n\u049b",'
        '"seen":"2024-06-01T12:00:00+00:00","share":0.333333333,"z_flag":true}'
    )
    assert json.loads(first["metrics"])["share"] == 0.333333333


def test_metrics_of_odd_values_and_missing_structs() -> None:
    rows = CASES["decimal scores, zoned windows, messy evidence, every metric type"]
    texts = metrics_json(rows.column("metrics"))
    assert texts[1] == "{}"  # a NULL struct
    assert '"share":NaN' in texts[2] and '"count":null' in texts[2]
    assert '"share":Infinity' in texts[3] and '"opened":"0999-01-01"' in texts[3]
    assert '"kzt":1000.0' in texts[4] and '"share":-Infinity' in texts[4]
    assert '"share":-0.0' in texts[6]
    assert texts == [to_json(v) for v in rows.column("metrics").to_pylist()]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("subject_type", pa.array(["account", "person"]), "returned subject_type 'person'"),
        ("subject_id", pa.array([True, False]), "subject_id True is not an id"),
        ("window_start", pa.array(["2024-06-01", None]), "window bound '2024-06-01' is not"),
    ],
)
def test_a_bad_row_is_an_error_in_the_pack(column: str, value: pa.Array, message: str) -> None:
    ind = _indicator("IND-1")
    rows = _rows(2, **{column: value})
    with pytest.raises(ValueError, match=message):
        hits_from_rows(rows, _pack([ind]), ind, {}, WINDOW)
    with pytest.raises(ValueError, match=message):
        old_hits_from_rows(rows, _pack([ind]), ind, {}, WINDOW)


@pytest.mark.parametrize(
    "columns",
    [
        {"subject_type": pa.array([{"x": 1}, None])},
        {"window_start": pa.array([{"x": 1}, None])},
        {"window_end": pa.nulls(2, pa.struct([("x", pa.int64())]))},
        {"evidence": pa.array([{"x": 1}, None])},
        {"subject_type": pa.nulls(2), "evidence": pa.nulls(2, pa.list_(pa.string()))},
    ],
)
def test_odd_column_types_as_in_the_per_row_definition(columns: dict[str, pa.Array]) -> None:
    ind = _indicator("IND-1")
    pack = _pack([ind])
    rows = _rows(2, **columns)
    try:
        old = old_hits_table(old_hits_from_rows(rows, pack, ind, {}, WINDOW))
    except ValueError as e:
        with pytest.raises(ValueError, match=str(e)[:20]):
            hits_from_rows(rows, pack, ind, {}, WINDOW)
        return
    _assert_same(hits_table([hits_from_rows(rows, pack, ind, {}, WINDOW)]), old)


def test_ids_and_timestamp_texts_are_those_of_stable_id() -> None:
    stamps = [
        _day(5, 12),
        _day(5).replace(microsecond=5),
        None,
        dt.datetime(1, 1, 1, tzinfo=UTC),
        dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC),
    ]
    texts = timestamp_texts(pa.array(stamps, TS))
    assert texts == ["" if s is None else str(s) for s in stamps]
    ids = stable_ids(("p", None, 3), ["a", "b", ""], texts[:3])
    assert ids == [
        stable_id("p", None, 3, s, t) for s, t in zip(["a", "b", None], stamps[:3], strict=True)
    ]


# ── alerts ────────────────────────────────────────────────────────────────────────────────
CODES_A = (
    SignCode("A-OLD", valid_to=dt.date(2024, 6, 10)),
    SignCode("A-NEW", valid_from=dt.date(2024, 6, 11)),
)
CODES_P = (
    SignCode("P-JUNE", valid_to=dt.date(2024, 6, 30)),
    SignCode("P-JULY", valid_from=dt.date(2024, 7, 1)),
)
INDICATORS = [
    _indicator("A", codes=CODES_A),
    _indicator("B", evidence="card_payments"),
    _indicator("C"),
    _indicator("P", subject="person", codes=CODES_P),
]
TYPOLOGIES = [
    _typology("SUM", "weighted_sum", 0.5, [Member("A", 0.5), Member("B", 0.5)]),
    _typology("MAX", "max", 0.3, [Member("A", 1.0), Member("C", 0.6)]),
    _typology("NOR", "noisy_or", 0.5, [Member("A", 0.8, required=True), Member("B", 1.0)]),
    _typology("PER", "max", 0.1, [Member("P", 1.0)], subject="person"),
]
N = pa.struct([("n", pa.int64())])


def _hand_hits() -> dict[str, pa.Table]:
    """A: account 1 twice at 0.5 (one hit without a window start), account 2 at 0.9;
    B: account 1 at 0.3, account 3 at 1.0; C: account 2 at 0.5; P: person 8, no window."""
    return {
        "A": _rows(
            3,
            subject_id=pa.array([1, 1, 2], pa.int64()),
            score=pa.array([0.5, 0.5, 0.9]),
            window_start=pa.array([None, _day(5), _day(12)], TS),
            window_end=pa.array([_day(9), _day(8), _day(15)], TS),
            evidence=pa.array([[2], [3, 1], [4]], pa.list_(pa.int64())),
            metrics=pa.array([{"n": 2}, {"n": 1}, {"n": 3}], N),
        ),
        "B": _rows(
            2,
            subject_id=pa.array([1, 3], pa.int64()),
            score=pa.array([0.3, 1.0]),
            window_start=pa.nulls(2, TS),
            window_end=pa.nulls(2, TS),
            evidence=pa.array([[9, 1], [6]], pa.list_(pa.int64())),
        ),
        "C": _rows(1, subject_id=pa.array([2], pa.int64())),
        "P": _rows(
            1,
            subject_type=pa.array(["person"]),
            subject_id=pa.array([8], pa.int64()),
            score=pa.array([0.2]),
            window_start=pa.nulls(1, TS),
            window_end=pa.nulls(1, TS),
        ),
    }


def _both_alerts(pack: Pack, rows: Mapping[str, pa.Table]) -> tuple[pa.Table, pa.Table]:
    tables, dicts = [], []
    for iid, table in rows.items():
        ind = pack.indicators[iid]
        tables.append(hits_from_rows(table, pack, ind, {}, WINDOW))
        dicts.extend(old_hits_from_rows(table, pack, ind, {}, WINDOW))
    hits = hits_table(tables)
    _assert_same(hits, old_hits_table(dicts))
    return combine(pack, hits, WINDOW), old_alerts_table(old_combine(pack, dicts, WINDOW))


def test_alerts_by_rule_required_member_and_threshold() -> None:
    new, old = _both_alerts(_pack(INDICATORS, TYPOLOGIES), _hand_hits())
    _assert_same(new, old)
    assert new.schema == ALERTS_SCHEMA
    found = [(a["typology_id"], a["subject_id"], a["score"]) for a in new.to_pylist()]
    assert found == [
        ("MAX", "2", 0.9),  # max(0.9, 0.6 × 0.5)
        ("MAX", "1", 0.5),
        ("NOR", "2", 0.72),  # 1 − (1 − 0.8 × 0.9)
        ("NOR", "1", 0.58),  # 1 − (1 − 0.8 × 0.5)(1 − 0.3); account 3 lacks required A
        ("PER", "8", 0.2),
        ("SUM", "3", 0.5),  # 0.5 × 1.0 reaches 0.5; account 1 (0.25 + 0.15) does not
    ]


def test_an_alert_names_its_best_hits_evidence_window_and_sign_codes() -> None:
    new, _ = _both_alerts(_pack(INDICATORS, TYPOLOGIES), _hand_hits())
    by_key = {(a["typology_id"], a["subject_id"]): a for a in new.to_pylist()}
    nor = by_key[("NOR", "1")]
    a, b = nor["indicators"]
    assert (a["indicator_id"], a["score"], a["weight"], a["hits"]) == ("A", 0.5, 0.8, 2)
    assert json.loads(a["metrics"]) == {"n": 1}  # of equal scores, the hit with a window start
    assert (b["indicator_id"], b["hits"], b["sign_code"]) == ("B", 1, None)
    assert (nor["window_start"], nor["window_end"]) == (_day(5), _day(9))
    assert a["sign_code"] == "A-OLD"  # the alert ends on 9 June
    assert by_key[("NOR", "2")]["indicators"][0]["sign_code"] == "A-NEW"  # ends 15 June
    assert by_key[("PER", "8")]["indicators"][0]["sign_code"] == "P-JULY"  # no end: run_to
    assert by_key[("PER", "8")]["window_end"] is None
    assert [(e["table"], e["id"]) for e in nor["evidence"]] == [
        ("card_payments", 1),
        ("card_payments", 9),
        ("transactions", 1),
        ("transactions", 2),
        ("transactions", 3),
    ]
    assert nor["alert_id"] == stable_id(
        "test-pack", "2024.1", "NOR", "account", "1", _day(5), _day(9)
    )


def test_no_hits_no_alerts() -> None:
    pack = _pack(INDICATORS, TYPOLOGIES)
    empty = hits_table([])
    assert empty.schema == HITS_SCHEMA and empty.num_rows == 0
    alerts = combine(pack, empty, WINDOW)
    assert alerts.schema == ALERTS_SCHEMA and alerts.num_rows == 0
    only_c = hits_table(
        [
            hits_from_rows(
                _rows(2, score=pa.array([0.1, 0.2])), pack, pack.indicators["C"], {}, WINDOW
            )
        ]
    )
    _assert_same(combine(pack, only_c, WINDOW), old_alerts_table(old_combine(pack, [], WINDOW)))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_runs_match_the_per_row_definition(seed: int) -> None:
    """Many subjects, ties in score and window, NULL bounds, shared and repeated evidence."""
    rng = random.Random(seed)
    pack = _pack(INDICATORS, TYPOLOGIES)
    days = [None, _day(3), _day(3, 12), _day(17)]
    rows = {}
    for iid, ind in pack.indicators.items():
        n = rng.randint(0, 120)
        starts = [rng.choice(days) for _ in range(n)]
        rows[iid] = _rows(
            n,
            subject_type=pa.array([ind.subject] * n),
            subject_id=pa.array([rng.randint(1, 25) for _ in range(n)], pa.int64()),
            score=pa.array([rng.choice([0.0, 0.25, 0.5, 0.5, 0.75, 1.0, 1.2]) for _ in range(n)]),
            window_start=pa.array(starts, TS),
            window_end=pa.array(
                [s and s + dt.timedelta(days=rng.randint(0, 20)) for s in starts], TS
            ),
            evidence=pa.array(
                [rng.sample(range(30), rng.randint(0, 4)) for _ in range(n)], pa.list_(pa.int64())
            ),
            metrics=pa.array([{"n": rng.randint(0, 3)} for _ in range(n)], N),
        )
    new, old = _both_alerts(pack, rows)
    _assert_same(new, old)


@pytest.mark.parametrize("rule", ["weighted_sum", "max", "noisy_or"])
def test_the_rule_per_column_is_the_rule_per_subject(rule: str) -> None:
    rng = np.random.default_rng(7)
    weighted = rng.choice([0.0, 0.1, 0.15, 0.3, 1 / 3, 0.45, 0.7, 0.85, 1.0], size=(500, 5))
    fired = rng.random((500, 5)) < 0.6
    fired[:, 0] |= ~fired.any(axis=1)  # every subject has a member that fired
    per_column = [round(v, DIGITS) for v in _rule(rule, weighted, fired).tolist()]
    per_subject = [
        combined_score(rule, [w for w, f in zip(ws, fs, strict=True) if f])
        for ws, fs in zip(weighted.tolist(), fired.tolist(), strict=True)
    ]
    assert per_column == per_subject
    assert per_subject == [
        old_combined_score(rule, [w for w, f in zip(ws, fs, strict=True) if f])
        for ws, fs in zip(weighted.tolist(), fired.tolist(), strict=True)
    ]


# ── compiled SQL ──────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_compiling_from_validations_tree_writes_the_same_sql(engine: str) -> None:
    pack = read_pack(builtin_packs()[0])
    checked = validate_pack(pack)
    for ind in pack.indicators.values():
        _COMPILED.clear()
        from_text = compile_indicator(ind, engine, window=WINDOW)
        _COMPILED.clear()
        assert (
            compile_indicator(ind, engine, window=WINDOW, parsed=checked[ind.id].tree) == from_text
        )


def test_kept_sql_follows_the_values_bound() -> None:
    pack = read_pack(EXAMPLE_PACK)
    ind = pack.indicators["TEST-01"]
    june, july = WINDOW, RunWindow(dt.date(2024, 7, 1), dt.date(2024, 7, 31))
    default = compile_indicator(ind, "duckdb", window=june)
    seven = compile_indicator(ind, "duckdb", {"min_senders": "7"}, window=june)
    assert seven != default and ">= 7" in seven
    assert compile_indicator(ind, "duckdb", window=june) == default
    assert "2024-08-01" in compile_indicator(ind, "duckdb", window=july)  # july's run_to
    assert "2024-08-01" not in compile_indicator(ind, "duckdb", window=june)
