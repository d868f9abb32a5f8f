"""Risk factors are measured, explained and summed; FtM export carries the graph."""

from __future__ import annotations

import json
from pathlib import Path

from kuzet.entities import build_profiles, entity_profile, export_ftm, riskiest
from kuzet.workspace import Workspace


def test_every_contribution_explains_itself_and_the_score_is_their_sum(world: Workspace) -> None:
    build_profiles(world)
    for p in riskiest(world, 8):
        assert p.score == min(100.0, round(sum(c["points"] for c in p.contributions), 2))
        assert all(c["reason"] and c["points"] > 0 for c in p.contributions)
    p5 = entity_profile(world, "5")
    factors = {c["factor"]: c for c in p5.contributions}
    assert {"young_entity", "structure_in_chain", "offshore_in_chain", "nominee_relation"} <= set(
        factors
    )
    assert "GG" in factors["offshore_in_chain"]["reason"]
    assert "pep_link" in {c["factor"] for c in entity_profile(world, "1").contributions}


def test_riskiest_names_owners_and_paths(world: Workspace) -> None:
    top = riskiest(world, 3)
    assert top[0].score >= top[1].score >= top[2].score
    one = entity_profile(world, "150140000001")
    assert one.bo_status == "ownership"
    owner = next(h for h in one.owners if h.holder_id == 1)
    assert owner.name.startswith("P1") and any("E2" in path for path in owner.paths)


def test_ftm_export_writes_companies_people_ownership_and_directorships(
    world: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "world.ftm.jsonl"
    result = export_ftm(world, out)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert result.counts["Ownership"] == 19 and result.counts["Directorship"] == 4
    own = next(r for r in rows if r["id"] == "kz-kuzet-rel-2")
    assert own["schema"] == "Ownership" and own["properties"]["percentage"] == ["40"]
    assert own["properties"]["owner"] == ["kz-kuzet-entity-2"]
    trust = next(r for r in rows if r["id"] == "kz-kuzet-entity-6")
    assert trust["schema"] == "LegalEntity" and trust["properties"]["jurisdiction"] == ["gg"]
