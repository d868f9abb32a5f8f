"""Beneficial owners on a world worked out by hand (see conftest)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow.compute as pc
import pytest

from kuzet.entities import OWNERS_TABLE, RISK_TABLE, build_profiles, entity_profile, load_config
from kuzet.workspace import Workspace


def _owners(ws: Workspace, eid: int) -> dict[tuple[str, int, str], dict[str, object]]:
    t = ws.read(OWNERS_TABLE)
    rows = t.filter(pc.equal(t.column("entity_id"), eid)).to_pylist()
    return {(r["holder_type"], r["holder_id"], r["basis"]): r for r in rows}


def test_effective_shares_are_products_along_paths_summed_across_paths(world: Workspace) -> None:
    build_profiles(world)
    o = _owners(world, 1)
    p1, p2 = o[("person", 1, "ownership")], o[("person", 2, "ownership")]
    assert p1["effective_share"] == pytest.approx(0.8)
    assert p1["n_paths"] == 2 and p1["beneficial_owner"]
    assert "person:1 50.0% > entity:2 40.0% > entity:1" in p1["paths"]
    assert p2["effective_share"] == pytest.approx(0.2) and not p2["beneficial_owner"]


def test_cycles_end_without_looping_and_are_flagged(world: Workspace) -> None:
    build_profiles(world)
    assert _owners(world, 3)[("person", 3, "ownership")]["effective_share"] == pytest.approx(0.75)
    risk = world.read(RISK_TABLE).to_pylist()
    by_id = {r["entity_id"]: r for r in risk}
    assert by_id[3]["circular_ownership"] and not by_id[1]["circular_ownership"]


def test_control_without_ownership_and_no_natural_person(world: Workspace) -> None:
    build_profiles(world)
    via_trust = _owners(world, 5)
    assert via_trust[("entity", 6, "ownership")]["role"] == "top_entity"
    assert via_trust[("person", 4, "control")]["role"] == "settlor of holder"
    p5 = entity_profile(world, "5")
    assert p5.bo_status == "control_only"
    assert "no natural person identifiable by ownership" in p5.bo_statement
    assert entity_profile(world, "7").bo_status == "control_only"
    p8 = entity_profile(world, "8")
    assert p8.bo_status == "none_identifiable" and "no natural person" in p8.bo_statement


def test_threshold_comes_from_configuration(world: Workspace, tmp_path: Path) -> None:
    text = (Path(__file__).parents[2] / "src/kuzet/entities/risk_model.yaml").read_text()
    lower = tmp_path / "risk.yaml"
    lower.write_text(
        text.replace("threshold: 0.25", "threshold: 0.10").replace(
            'comparison: ">"', 'comparison: ">="'
        )
    )
    cfg = load_config(risk_model=lower)
    run = build_profiles(world, cfg)
    assert run.config_version == cfg.version != load_config().version
    assert _owners(world, 1)[("person", 2, "ownership")]["beneficial_owner"]
    assert entity_profile(world, "7").bo_status == "ownership"  # ten owners at exactly 10%


def test_profile_records_data_and_config_versions_and_is_reproducible(world: Workspace) -> None:
    first = build_profiles(world)
    a = world.read(RISK_TABLE).drop_columns(["contributions"]).to_pylist()
    second = build_profiles(world)
    assert dataclasses.astuple(first) == dataclasses.astuple(second)
    assert world.read(RISK_TABLE).drop_columns(["contributions"]).to_pylist() == a
    assert len(world.files(RISK_TABLE)) == 1  # the earlier run was replaced, not appended
    assert {r["data_version"] for r in a} == {first.data_version}
