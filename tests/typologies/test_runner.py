"""Monitoring runs over the tiny world: expected alerts, idempotency, failures, parity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from tiny_world import EXAMPLE_PACK, JUNE

from kuzet.engine import open_backend
from kuzet.typologies import (
    ALERTS_SCHEMA,
    HITS_SCHEMA,
    RunResult,
    RunWindow,
    parse_pack,
    read_pack,
    run_pack,
    validate_pack,
)
from kuzet.workspace import Workspace

WINDOW = RunWindow(*JUNE)


def _run(ws: Workspace, engine: str = "duckdb", spark: Any = None, **kw: Any) -> RunResult:
    pack = kw.pop("pack", None) or read_pack(EXAMPLE_PACK)
    with open_backend(engine, threads=1, spark_session=spark) as b:
        return run_pack(b, ws, pack, window=kw.pop("window", WINDOW), **kw)


def _alert_set(result: RunResult) -> set[tuple[str, str, str, float]]:
    return {
        (a["alert_id"], a["typology_id"], a["subject_id"], a["score"])
        for a in result.alerts.to_pylist()
    }


def test_the_expected_alerts(world: Workspace) -> None:
    result = _run(world)
    assert not result.failures
    found = {
        (a["typology_id"], a["subject_type"], a["subject_id"]) for a in result.alerts.to_pylist()
    }
    assert found == {
        ("TEST_MULE", "account", "100"),
        ("TEST_YOUNG", "person", "1"),
        ("TEST_GAM", "account", "102"),
        ("TEST_TBML", "contract", "900"),
    }
    mule = next(a for a in result.alerts.to_pylist() if a["typology_id"] == "TEST_MULE")
    # noisy-or of 0.7 × 0.75 (6 senders / 8) and 0.6 × 0.95 (95% passed on)
    assert mule["score"] == pytest.approx(1 - (1 - 0.525) * (1 - 0.57))
    fired = {i["indicator_id"]: i for i in mule["indicators"]}
    assert set(fired) == {"TEST-01", "TEST-02"}
    assert json.loads(fired["TEST-01"]["params"]) == {"min_senders": 4}
    assert json.loads(fired["TEST-01"]["metrics"]) == {"senders": 6}
    assert fired["TEST-01"]["sign_code"] == "T100"
    assert {e["id"] for e in mule["evidence"]} == {1, 2, 3, 4, 5, 6, 7}
    assert mule["pack_digest"] == read_pack(EXAMPLE_PACK).digest


def test_required_indicator_gates_the_typology(world: Workspace) -> None:
    # account 102 hits TEST-04 (a TEST_MULE member) but not the required TEST-01
    result = _run(world)
    hits = {(h["indicator_id"], h["subject_id"]) for h in result.hits.to_pylist()}
    assert ("TEST-04", "102") in hits
    assert not [
        a
        for a in result.alerts.to_pylist()
        if a["typology_id"] == "TEST_MULE" and a["subject_id"] == "102"
    ]


def test_overrides_change_what_fires(world: Workspace) -> None:
    result = _run(world, overrides={"TEST-01": {"min_senders": "7"}})
    assert "TEST_MULE" not in {a["typology_id"] for a in result.alerts.to_pylist()}


def test_rerunning_a_window_replaces_its_alerts(world: Workspace) -> None:
    first = _run(world)
    second = _run(world)
    files = world.files("alerts")
    assert [f.name for f in files] == ["kuzet-example__2024-06-01_2024-06-30.parquet"]
    assert world.read("alerts").num_rows == first.alerts.num_rows
    assert _alert_set(first) == _alert_set(second)
    assert world.read("alerts").schema.equals(ALERTS_SCHEMA)
    assert world.read("indicator_hits").schema.equals(HITS_SCHEMA)
    assert not list(world.tmp_dir.iterdir())


def test_an_empty_rerun_clears_the_window(world: Workspace) -> None:
    _run(world)
    result = _run(
        world,
        overrides={"TEST-01": {"min_senders": "500"}, "TEST-04": {"min_payments": "100"}},
        window=WINDOW,
    )
    assert world.read("alerts").num_rows == result.alerts.num_rows == 2  # TEST_YOUNG, TEST_TBML


def test_another_window_is_another_file(world: Workspace) -> None:
    _run(world)
    _run(world, window=RunWindow(None, None))
    assert sorted(f.name for f in world.files("alerts")) == [
        "kuzet-example__2024-06-01_2024-06-30.parquet",
        "kuzet-example__all.parquet",
    ]


def test_one_failing_indicator_does_not_stop_the_others(world: Workspace, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE_PACK.read_text("utf-8"))
    ind = next(i for i in data["indicators"] if i["id"] == "TEST-04")
    # valid for sqlglot, wrong at run time: the column does not exist
    ind["sql"] = ind["sql"].replace("src_account_id AS subject_id", "no_such_column AS subject_id")
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    pack = parse_pack(path.read_bytes(), path)
    validate_pack(pack)
    result = _run(world, pack=pack)
    assert [f.step for f in result.failures] == ["TEST-04"]
    assert "no_such_column" in result.failures[0].sql
    assert {"TEST_MULE", "TEST_YOUNG", "TEST_TBML"} <= {
        a["typology_id"] for a in result.alerts.to_pylist()
    }


def test_a_failing_feature_skips_its_readers(world: Workspace, tmp_path: Path) -> None:
    data = yaml.safe_load(EXAMPLE_PACK.read_text("utf-8"))
    data["features"][0]["sql"] = data["features"][0]["sql"].replace(
        "count(*) AS legs", "count(nope) AS legs"
    )
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    pack = parse_pack(path.read_bytes(), path)
    result = _run(world, pack=pack)
    failed = {f.step: f.error for f in result.failures}
    assert set(failed) == {"feature account_day", "TEST-02", "TEST-03"}
    assert failed["TEST-02"] == "skipped: feature account_day failed"
    assert {h["indicator_id"] for h in result.hits.to_pylist()} == {"TEST-01", "TEST-04", "TEST-05"}


@pytest.mark.slow
def test_duckdb_and_spark_raise_the_same_alerts(world: Workspace, spark: Any) -> None:
    duck = _run(world, write=False)
    sparked = _run(world, "spark", spark, write=False)
    assert not duck.failures and not sparked.failures
    assert _alert_set(duck) == _alert_set(sparked)

    def hits(r: RunResult) -> set[tuple[Any, ...]]:
        return {
            (h["hit_id"], h["score"], tuple(h["evidence"]), h["metrics"])
            for h in r.hits.to_pylist()
        }

    assert hits(duck) == hits(sparked)
