"""Compiled SQL of the sector fragment of the FMA's first pack, per dialect, against a snapshot.

The first FMA pack ships in two files: ``afm-2026.1.yaml`` (money flows) and
``packs/afm-2026.1-sector.yaml`` (TBML, LOAN, VA, RE, LUX, GAM, PF). The sector file's
features and indicators are snapshotted here, as ``test_golden.py`` does for the example
pack. A reviewer sees SQL changes as diffs of
``tests/typologies/golden/afm-2026.1-sector/``. Regenerate after an intended change with
``KUZET_UPDATE_GOLDEN=1 pytest tests/typologies/test_afm_sector_golden.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from kuzet.engine import ENGINES
from kuzet.typologies import RunWindow, compile_feature, compile_indicator, read_pack
from kuzet.typologies._loader import BUILTIN_PACKS

PACK_FILE = BUILTIN_PACKS / "afm-2026.1-sector.yaml"
GOLDEN = Path(__file__).parent / "golden" / "afm-2026.1-sector"
UPDATE = os.environ.get("KUZET_UPDATE_GOLDEN") == "1"
PLACEHOLDER = re.compile(r"\$[A-Za-z_]")  # a `$name` left unbound (regexes may end in `$`)
WINDOW = RunWindow(dt.date(2026, 1, 1), dt.date(2026, 2, 28))
PACK = read_pack(PACK_FILE)
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


def test_every_golden_file_belongs_to_the_fragment() -> None:
    expected = {f"{i}.{e}.sql" for _, i, e in CASES}
    assert {p.name for p in GOLDEN.glob("*.sql")} <= expected


def test_sector_features_do_not_clash_with_the_main_pack() -> None:
    assert all(f.startswith("sec_") for f in PACK.features)


def test_no_placeholder_survives_compilation() -> None:
    for kind, item_id, engine in CASES:
        assert not PLACEHOLDER.search(_compiled(kind, item_id, engine))
