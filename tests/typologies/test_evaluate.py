"""Evaluation arithmetic on hand-counted sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest
from tiny_world import EXAMPLE_PACK, table

from kuzet.typologies import RunWindow, evaluate, read_pack, runs_counted


def _alerts(rows: list[tuple[str, str, str, str]]) -> pa.Table:
    return pa.Table.from_pylist(
        [
            {"typology_id": t, "family": f, "subject_type": st, "subject_id": sid}
            for t, f, st, sid in rows
        ]
    )


def _labels(rows: list[tuple[str, str, int]]) -> pa.Table:
    return table(
        "labels",
        [
            {
                "scheme_id": "s",
                "family": f,
                "typology": "x",
                "object_type": ot,
                "object_id": oid,
                "role": "r",
            }
            for f, ot, oid in rows
        ],
    )


def test_family_and_typology_scores() -> None:
    alerts = _alerts(
        [
            ("FAN_IN", "MULE", "account", "1"),  # tp
            ("FAN_IN", "MULE", "account", "2"),  # tp
            ("FAN_IN", "MULE", "account", "9"),  # fp (a decoy)
            ("PASS", "MULE", "account", "1"),  # tp again: same subject, counted once per family
            ("YOUNG", "MULE", "person", "5"),  # tp
        ]
    )
    labels = _labels(
        [
            ("MULE", "account", 1),
            ("MULE", "account", 2),
            ("MULE", "account", 3),
            ("MULE", "person", 5),
            ("MULE", "person", 6),
            ("MULE", "card", 77),  # no MULE typology flags cards: not counted
            ("TBML", "contract", 40),  # family without typology: uncovered
        ]
    )
    decoys = table(
        "decoys",
        [
            {
                "decoy_id": "d",
                "kind": "k",
                "family": "MULE",
                "object_type": "account",
                "object_id": 9,
            }
        ],
    )
    report: dict[str, Any] = evaluate(alerts, labels, decoys)
    mule = report["families"]["MULE"]
    assert (mule["tp"], mule["fp"], mule["fn"], mule["fp_decoys"]) == (3, 1, 2, 1)
    assert mule["precision"] == pytest.approx(0.75)
    assert mule["recall"] == pytest.approx(0.6)
    assert mule["f1"] == pytest.approx(round(2 * 0.75 * 0.6 / 1.35, 4))
    fan_in = report["typologies"]["FAN_IN"]
    assert (fan_in["tp"], fan_in["fp"], fan_in["fn"]) == (2, 1, 1)
    young = report["typologies"]["YOUNG"]
    assert (young["tp"], young["fp"], young["fn"], young["recall"]) == (1, 0, 1, 0.5)
    tbml = report["families"]["TBML"]
    assert tbml == {
        **tbml,
        "tp": 0,
        "fp": 0,
        "fn": 1,
        "recall": 0.0,
        "precision": None,
        "covered": False,
    }
    overall = report["overall"]
    assert (overall["tp"], overall["fp"], overall["fn"]) == (3, 1, 3)


def test_typologies_without_alerts_count_through_the_pack() -> None:
    pack = read_pack(EXAMPLE_PACK)
    report = evaluate(_alerts([]), _labels([("TBML", "contract", 900)]), None, [pack])
    assert report["typologies"]["TEST_TBML"]["fn"] == 1
    assert report["families"]["TBML"]["recall"] == 0.0
    assert report["families"]["MULE"]["precision"] is None


def _run_alerts(rows: list[tuple[str, str, str | None, str | None]]) -> pa.Table:
    """(subject id, pack, first day, last day) → alerts of typology FAN_IN with run columns."""
    out = []
    for sid, pack, first, last in rows:
        w = RunWindow(
            dt.date.fromisoformat(first) if first else None,
            dt.date.fromisoformat(last) if last else None,
        )
        out.append(
            {
                "pack_id": pack,
                "typology_id": "FAN_IN",
                "family": "MULE",
                "subject_type": "account",
                "subject_id": sid,
                "run_from": w.run_from,
                "run_to": w.run_to,
            }
        )
    return pa.Table.from_pylist(out)


def test_nested_runs_are_not_pooled() -> None:
    """An all-time run and a monthly run inside it: only the all-time run counts."""
    alerts = _run_alerts(
        [
            ("1", "p", None, None),
            ("2", "p", None, None),
            ("1", "p", "2026-01-01", "2026-01-31"),  # the same subject again
            ("9", "p", "2026-01-01", "2026-01-31"),  # only the monthly run flags it
        ]
    )
    labels = _labels([("MULE", "account", 1), ("MULE", "account", 2)])
    report = evaluate(alerts, labels)
    mule = report["families"]["MULE"]
    assert (mule["tp"], mule["fp"], mule["fn"]) == (2, 0, 0)
    assert set(report) == {"families", "typologies", "overall"}
    assert runs_counted(alerts) == [{"pack": "p", "window": "all"}]
    monthly = evaluate(alerts, labels, window="2026-01-01_2026-01-31")
    assert (monthly["families"]["MULE"]["tp"], monthly["families"]["MULE"]["fp"]) == (1, 1)
    only_january = runs_counted(alerts, "2026-01-01_2026-01-31")
    assert only_january == [{"pack": "p", "window": "2026-01-01_2026-01-31"}]


def test_disjoint_runs_count_together_each_subject_once() -> None:
    alerts = _run_alerts(
        [
            ("1", "p", "2026-01-01", "2026-01-31"),
            ("1", "p", "2026-02-01", "2026-02-28"),  # alerted in both months: one tp
            ("2", "p", "2026-02-01", "2026-02-28"),
            ("3", "q", None, None),  # another pack's all-time run does not hide p's months
        ]
    )
    labels = _labels([("MULE", "account", 1), ("MULE", "account", 2), ("MULE", "account", 3)])
    report = evaluate(alerts, labels)
    mule = report["families"]["MULE"]
    assert (mule["tp"], mule["fp"], mule["fn"]) == (3, 0, 0)
    assert [r["window"] for r in runs_counted(alerts)] == [
        "2026-01-01_2026-01-31",
        "2026-02-01_2026-02-28",
        "all",
    ]


def _hits(rows: list[tuple[str, str, str]]) -> pa.Table:
    return pa.Table.from_pylist(
        [{"indicator_id": i, "subject_type": st, "subject_id": sid} for i, st, sid in rows]
    )


def test_each_typology_against_its_indicators_alone() -> None:
    """TEST_MULE (account) combines TEST-01, -02, -04: each alone is scored on its own hits."""
    pack = read_pack(EXAMPLE_PACK)
    labels = _labels([("MULE", "account", 1), ("MULE", "account", 2), ("MULE", "account", 3)])
    alerts = _alerts([("TEST_MULE", "MULE", "account", "1"), ("TEST_MULE", "MULE", "account", "2")])
    hits = _hits(
        [
            ("TEST-01", "account", "1"),
            ("TEST-01", "account", "2"),
            ("TEST-01", "account", "7"),  # fp alone; the typology did not alert on it
            ("TEST-02", "account", "1"),
            ("TEST-02", "account", "1"),  # the same subject twice counts once
            ("TEST-04", "account", "8"),
        ]
    )
    report = evaluate(alerts, labels, None, [pack], hits=hits)
    mule = report["indicators"]["TEST_MULE"]
    one, two, four = (mule["members"][i] for i in ("TEST-01", "TEST-02", "TEST-04"))
    assert (one["tp"], one["fp"], one["fn"]) == (2, 1, 1)
    assert (two["tp"], two["fp"], two["fn"]) == (1, 0, 2)
    assert (four["tp"], four["fp"], four["fn"]) == (0, 1, 3)
    assert mule["best_indicator"] == "TEST-01"
    assert mule["best_indicator_f1"] == pytest.approx(round(2 / 3, 4))
    assert mule["f1"] == pytest.approx(0.8)  # P 1.0, R 2/3
    assert mule["lift"] == pytest.approx(round(0.8 - 2 / 3, 4))
    # a typology whose indicators never fired has no best indicator and no lift
    assert report["indicators"]["TEST_TBML"]["best_indicator"] is None
    assert report["indicators"]["TEST_TBML"]["lift"] is None


def test_no_indicator_report_without_hits() -> None:
    pack = read_pack(EXAMPLE_PACK)
    report = evaluate(_alerts([]), _labels([]), None, [pack])
    assert "indicators" not in report
