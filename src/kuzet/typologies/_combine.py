"""From raw indicator rows to hits, and from hits to alerts: pure functions, no engine.

Everything here runs in Python on the (small) hit set, identically whichever engine
produced it, so the parity between DuckDB and Spark rests on the indicator SQL alone.

Per typology and subject: each member indicator that fired contributes its best score
(the highest over its hits for that subject); the rule combines the weighted scores:
- ``weighted_sum``: ``min(1, Σ wᵢ·sᵢ)``;
- ``max``: ``max(wᵢ·sᵢ)``;
- ``noisy_or``: ``1 − Π(1 − wᵢ·sᵢ)`` (independent pieces of evidence).
A subject becomes an alert when every ``required`` member fired and the combined score is
at least the threshold. Scores are rounded to 6 decimals so that last-bit differences
between engines cannot move a subject across the threshold.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa

from kuzet.typologies._alerts import ALERTS_SCHEMA, HITS_SCHEMA, stable_id
from kuzet.typologies._compile import RunWindow
from kuzet.typologies._model import Indicator, Pack, ParamValue, Typology

DIGITS = 6


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
        value = {
            str(k): round(v, 9) if isinstance(v, float) and math.isfinite(v) else v
            for k, v in value.items()
        }
    return json.dumps(
        value or {}, sort_keys=True, ensure_ascii=False, default=_json_value, separators=(",", ":")
    )


def _utc(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    raise ValueError(f"window bound {value!r} is not a date or timestamp")


def _subject_id(value: Any) -> str:
    if isinstance(value, bool):
        raise ValueError(f"subject_id {value!r} is not an id")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return str(int(value))
    return str(value)


def _naive_utc(rows: pa.Table) -> pa.Table:
    """Zoned window timestamps as naive UTC ones: same instants, and Python builds naive
    datetimes several times faster than zoned ones (``_utc`` puts UTC back)."""
    for name in ("window_start", "window_end"):
        if name not in rows.column_names:
            continue
        col = rows.column(name)
        if pa.types.is_timestamp(col.type) and col.type.tz is not None:
            naive = col.cast(pa.timestamp(col.type.unit))
            rows = rows.set_column(rows.schema.get_field_index(name), name, naive)
    return rows


def hits_from_rows(
    rows: pa.Table,
    pack: Pack,
    indicator: Indicator,
    params: Mapping[str, ParamValue],
    window: RunWindow,
) -> list[dict[str, Any]]:
    """An indicator's result rows as hits: typed, JSON metrics, sorted unique evidence.

    Rows with a NULL subject or a score that is NULL or ≤ 0 are not hits and are dropped;
    scores above 1 count as 1. A row naming another subject type than the indicator
    declares is an error in the pack (``ValueError``).
    """
    params_json = to_json(dict(params))
    hits = []
    for row in _naive_utc(rows).to_pylist():
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
        subject_id = _subject_id(row["subject_id"])
        start, end = _utc(row["window_start"]), _utc(row["window_end"])
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
                "metrics": to_json(row["metrics"]),
                "evidence_table": indicator.evidence,
                "evidence": evidence,
                "run_from": window.run_from,
                "run_to": window.run_to,
            }
        )
    return hits


def combined_score(rule: str, weighted: Sequence[float]) -> float:
    """Combine weighted indicator scores ``wᵢ·sᵢ`` by the typology's rule."""
    if rule == "max":
        value = max(weighted, default=0.0)
    elif rule == "noisy_or":
        value = 1.0 - math.prod(1.0 - w for w in weighted)
    else:
        value = min(1.0, sum(weighted))
    return round(value, DIGITS)


def _best(hits: list[dict[str, Any]]) -> dict[str, Any]:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return min(hits, key=lambda h: (-h["score"], h["window_start"] or far, h["hit_id"]))


def _alert(
    pack: Pack,
    typology: Typology,
    subject: tuple[str, str],
    fired: dict[str, list[dict[str, Any]]],
    window: RunWindow,
) -> dict[str, Any] | None:
    if any(m.required and m.indicator not in fired for m in typology.members):
        return None
    members = [m for m in typology.members if m.indicator in fired]
    best = {m.indicator: _best(fired[m.indicator]) for m in members}
    score = combined_score(
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


def combine(pack: Pack, hits: Iterable[dict[str, Any]], window: RunWindow) -> list[dict[str, Any]]:
    """Every alert of every typology of the pack, sorted by typology, then score, then id."""
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
                alert = _alert(pack, typology, subject, fired, window)
                if alert:
                    alerts.append(alert)
    alerts.sort(key=lambda a: (a["typology_id"], -a["score"], a["alert_id"]))
    return alerts


def hits_table(hits: list[dict[str, Any]]) -> pa.Table:
    hits = sorted(hits, key=lambda h: (h["indicator_id"], h["hit_id"]))
    return pa.Table.from_pylist(hits, schema=HITS_SCHEMA)


def alerts_table(alerts: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(alerts, schema=ALERTS_SCHEMA)
