"""A bank's AFM sign-code mapping beside a pack: read, checked, applied, shown in alerts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tiny_world import EXAMPLE_PACK, JUNE

from kuzet.engine import open_backend
from kuzet.typologies import (
    PackError,
    RunWindow,
    read_pack,
    read_sign_codes,
    run_pack,
    sign_code_table,
    with_sign_codes,
)
from kuzet.workspace import Workspace


def _mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sign_codes.yaml"
    path.write_text(text, "utf-8")
    return path


def test_codes_are_read_effective_dated(tmp_path: Path) -> None:
    path = _mapping(
        tmp_path,
        'TEST-01:\n  - {code: "1035", to: 2026-03-31}\n  - {code: "2101", from: 2026-04-01}\n'
        'TEST-02: "7"\nTEST-03: null\n',
    )
    codes = read_sign_codes(path)
    pack = with_sign_codes(read_pack(EXAMPLE_PACK), codes, path)
    one = pack.indicators["TEST-01"]
    assert one.sign_code(dt.date(2026, 3, 31)) == "1035"
    assert one.sign_code(dt.date(2026, 4, 1)) == "2101"
    assert pack.indicators["TEST-02"].sign_code(dt.date(2030, 1, 1)) == "7"
    assert pack.indicators["TEST-03"].sign_codes == ()
    assert {r["indicator"] for r in sign_code_table(pack)} >= {"TEST-01", "TEST-02"}
    # the pack's identity and SQL are untouched: a mapping changes reports, not findings
    original = read_pack(EXAMPLE_PACK)
    assert pack.digest == original.digest
    assert pack.indicators["TEST-01"].sql == original.indicators["TEST-01"].sql


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('NOPE-01: "1"\n', "has no such indicator"),
        ('TEST-01: [{code: "1", from: 2026-05-01, to: 2026-01-01}]\n', "is after"),
        ("TEST-01: [{from: 2026-05-01}]\n", "code is required"),
        ("- TEST-01\n", "expected a mapping"),
    ],
)
def test_a_bad_mapping_names_the_file_and_the_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = _mapping(tmp_path, text)
    with pytest.raises(PackError, match=problem) as err:
        with_sign_codes(read_pack(EXAMPLE_PACK), read_sign_codes(path), path)
    assert str(path) in str(err.value)


def test_alerts_report_the_mapped_codes(world: Workspace, tmp_path: Path) -> None:
    path = _mapping(tmp_path, 'TEST-01: null\nTEST-02: [{code: "4242", from: 2024-06-01}]\n')
    pack = with_sign_codes(read_pack(EXAMPLE_PACK), read_sign_codes(path), path)
    with open_backend("duckdb", threads=1) as b:
        result = run_pack(b, world, pack, window=RunWindow(*JUNE), write=False)
    mule = next(a for a in result.alerts.to_pylist() if a["typology_id"] == "TEST_MULE")
    fired = {i["indicator_id"]: i["sign_code"] for i in mule["indicators"]}
    assert fired == {"TEST-01": None, "TEST-02": "4242"}
