"""Ring evaluation: schemes found, ring and account precision, rules beside rings."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from kuzet.network import evaluate_rings


def _labels(rows: list[tuple[str, str, int]]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"scheme_id": s, "family": f, "object_type": "account", "object_id": a}
            for s, f, a in rows
        ]
    )


def _rings(rows: list[tuple[str, int, float]]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"ring_id": r, "account_id": a, "ring_score": sc} for r, a, sc in rows]
    )


def test_counts() -> None:
    labels = _labels(
        [("M1", "MULE", a) for a in (1, 2, 3, 4)]
        + [("M2", "MULE", a) for a in (10, 11)]
        + [("L1", "LAYER", a) for a in (20, 21, 22)]
        + [("C1", "CASH", 30)]
    )
    rings = _rings(
        [("R1", a, 0.9) for a in (1, 2, 99)]  # half of M1, a majority of labelled members
        + [("R2", a, 0.8) for a in (10, 30, 98, 97)]  # one of two of M2: found; ring not correct
        + [("R3", a, 0.1) for a in (20, 21, 22)]  # below the score: not counted
    )
    alerts: Any = pa.Table.from_pylist(
        [
            {"family": "MULE", "subject_type": "account", "subject_id": "3"},
            {"family": "MULE", "subject_type": "person", "subject_id": "4"},
            {"family": "LAYER", "subject_type": "account", "subject_id": "20"},
        ]
    )
    r = evaluate_rings(rings, labels, alerts, min_score=0.5)
    assert r["rings"] == 2 and r["ring_members"] == 7
    assert r["ring_precision"] == 0.5  # R1 yes, R2 no (1 of 4 MULE/LAYER)
    assert r["ring_precision_any"] == 1.0  # R2: 10 and 30 are labelled, half of four
    assert r["account_precision"] == round(3 / 7, 4)
    mule, layer = r["families"]["MULE"], r["families"]["LAYER"]
    assert (mule["schemes_found"], mule["schemes"]) == (2, 2)
    assert mule["rings"]["recall"] == 0.5 and mule["rings"]["tp"] == 3
    assert mule["rules"] == {"precision": 1.0, "recall": round(1 / 6, 4), "tp": 1, "fp": 0, "fn": 5}
    assert mule["rules+rings"]["tp"] == 4
    assert layer["schemes_found"] == 0 and layer["rules"]["recall"] == round(1 / 3, 4)
    low = evaluate_rings(rings, labels, None, min_score=0.0)
    assert low["families"]["LAYER"]["schemes_found"] == 1


def test_context_roles_are_not_flagged() -> None:
    """``linked`` and ``cash_out`` members are context: neither flagged nor weighed."""
    labels = _labels([("M1", "MULE", a) for a in (1, 2, 3)] + [("C1", "CASH", 30)])
    rows = [
        ("R1", 1, "mule"),
        ("R1", 2, "organiser"),
        ("R1", 30, "cash_out"),
        ("R1", 40, "linked"),
        ("R1", 41, "linked"),
    ]
    rings = pa.Table.from_pylist(
        [{"ring_id": r, "account_id": a, "ring_score": 0.9, "role": x} for r, a, x in rows]
    )
    r = evaluate_rings(rings, labels, None, min_score=0.5)
    assert r["ring_members"] == 2 and r["context_members"] == 3
    assert r["account_precision"] == 1.0 and r["ring_precision"] == 1.0
    assert r["families"]["MULE"]["schemes_found"] == 1
    assert r["families"]["MULE"]["rings"]["fp"] == 0
    everyone = evaluate_rings(rings.drop_columns(["role"]), labels, None, min_score=0.5)
    assert everyone["ring_members"] == 5 and everyone["account_precision"] == 0.4
