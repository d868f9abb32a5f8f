"""Evaluation arithmetic on hand-counted sets."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pytest
from tiny_world import EXAMPLE_PACK, table

from kuzet.typologies import evaluate, read_pack


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
