"""The demo tells the whole story on a small world: every broken row quarantined, nothing else
lost, a signed pack verified and run, alerts scored against the ground truth."""

from __future__ import annotations

from pathlib import Path

import pyarrow.compute as pc

from kuzet.demo import DemoConfig, run_demo
from kuzet.typologies import builtin_packs
from kuzet.workspace import Workspace


def test_demo_end_to_end(tmp_path: Path) -> None:
    root = tmp_path / "demo"
    result = run_demo(DemoConfig(root=root, persons=800, days=12, seed=5))
    ws = Workspace(root)

    # every deliberately corrupted row is quarantined with its line and field…
    quarantined = {(q["line"], q["field"]) for q in result.quarantine}
    assert {(c.line, c.field) for c in result.corruptions} <= quarantined
    assert result.csv.rows_quarantined == len(result.corruptions)
    # …and every other row landed: the workspace holds all transactions of the world but those
    source_tx = Workspace(root / "core-banking-export").row_count("transactions")
    assert ws.row_count("transactions") == source_tx - len(result.corruptions)
    assert ws.row_count("persons") == Workspace(root / "core-banking-export").row_count("persons")

    # ingest kept arrival order; compaction then sorted every transactions file by type, time
    packed = result.compaction
    assert packed.rows == ws.row_count("transactions")
    assert len(packed.rewritten) == packed.files == len(ws.files("transactions"))

    # the shipped packs were signed, verified and run; alerts name their pack and digest
    assert len(result.monitoring) == len(builtin_packs()) >= 1
    for m in result.monitoring:
        assert m.signature.exists()
        assert m.run.pack.signed_by == m.key_id
        assert not m.run.failures
    assert set(result.evaluation) == {"families", "typologies", "overall", "indicators"}
    # each typology is set against its member indicators used alone
    lift = result.evaluation["indicators"]
    assert set(lift) == {t for m in result.monitoring for t in m.run.pack.typologies}
    assert all(set(r["members"]) for r in lift.values())
    alerts = ws.read("alerts")
    assert alerts.num_rows > 0
    digests = set(pc.unique(alerts["pack_digest"]).to_pylist())
    assert digests == {m.run.pack.digest for m in result.monitoring}

    # the riskiest legal entities come with owners or controllers and reasons
    assert result.riskiest_entities
    # every party screened; the bank watchlist's three customers come back with reasons
    screening = result.extra["screening"]
    assert {"un", "afm-tf", "bank-watchlist"} <= set(screening["lists"])
    assert screening["hits"] and all(h["explanation"] for h in screening["hits"])
    listed = ws.read("screening_hits").to_pylist()
    assert {h["entry_id"] for h in listed if h["list_id"] == "bank-watchlist"} == {
        "W-0",
        "W-1",
        "W-2",
    }
    top = result.riskiest_entities[0]
    assert top.reasons and top.bo_statement
    scores = [e.score for e in result.riskiest_entities]
    assert scores == sorted(scores, reverse=True)
