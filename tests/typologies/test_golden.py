"""Each indicator and feature of the example pack, compiled per dialect, against a snapshot.

A reviewer sees SQL changes as diffs of ``tests/typologies/golden/``. Regenerate after an
intended change with ``KUZET_UPDATE_GOLDEN=1 pytest tests/typologies/test_golden.py``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from tiny_world import EXAMPLE_PACK

from kuzet.engine import ENGINES
from kuzet.typologies import RunWindow, compile_feature, compile_indicator, read_pack

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("KUZET_UPDATE_GOLDEN") == "1"
WINDOW = RunWindow(dt.date(2024, 6, 1), dt.date(2024, 6, 30))
PACK = read_pack(EXAMPLE_PACK)
CASES = [
    (kind, i, e)
    for kind, ids in (("indicator", PACK.indicators), ("feature", PACK.features))
    for i in ids
    for e in ENGINES
]


def _compiled(kind: str, item_id: str, engine: str) -> str:
    if kind == "feature":
        return compile_feature(PACK.features[item_id], engine, window=WINDOW, pretty=True)
    return compile_indicator(PACK.indicators[item_id], engine, window=WINDOW, pretty=True)


@pytest.mark.parametrize(("kind", "item_id", "engine"), CASES)
def test_compiled_sql_matches_golden(kind: str, item_id: str, engine: str) -> None:
    path = GOLDEN / f"{item_id}.{engine}.sql"
    sql = _compiled(kind, item_id, engine) + "\n"
    if UPDATE or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(sql, "utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {path.name} was missing and has been written; rerun")
    assert sql == path.read_text("utf-8"), f"regenerate with KUZET_UPDATE_GOLDEN=1: {path.name}"


def test_overrides_reach_the_compiled_sql() -> None:
    ind = PACK.indicators["TEST-04"]
    sql = compile_indicator(ind, "spark", {"mcc_codes": "7995,7800", "min_payments": "7"})
    assert "ARRAY('7995', '7800')" in sql
    assert ">= 7" in sql


def test_no_placeholder_survives_compilation() -> None:
    for kind, item_id, engine in CASES:
        assert "$" not in _compiled(kind, item_id, engine)
