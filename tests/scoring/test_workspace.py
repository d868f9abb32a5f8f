"""Model folders, scoring into account_scores, the model pack, alert ranking, the CLI."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from kuzet.cli import app
from kuzet.engine import open_backend
from kuzet.model.schemas import TABLES
from kuzet.scoring import (
    MIN_TX_SCORE,
    PACKS,
    SCORES_TABLE,
    TX_SCORES_TABLE,
    ModelError,
    StoredModel,
    Window,
    account_labels,
    list_models,
    load_model,
    rank_alerts,
    score_workspace,
    train_workspace,
)
from kuzet.scoring._pairs import PAIR_COLUMNS
from kuzet.typologies import load_pack, run_pack
from kuzet.workspace import Workspace

runner = CliRunner()


def test_model_folder_round_trip(world: Workspace, trained: StoredModel) -> None:
    files = sorted(p.name for p in trained.path.iterdir())
    assert files == ["links.txt", "model.json", "stage1.txt", "stage2.txt"]
    meta = json.loads((trained.path / "model.json").read_text("utf-8"))
    for key in ("base_features", "neighbour_features", "training_window", "split", "metrics"):
        assert meta[key], key
    assert set(meta["metrics"]) == {"train", "validation", "test"}
    assert meta["data_version"] and meta["typical"]
    assert meta["split"]["train_until"] < meta["split"]["validate_until"]
    again = load_model(world, trained.model_id)
    assert again.model.columns == trained.model.columns
    assert again.model.threshold == trained.model.threshold
    x = np.random.default_rng(1).random((50, len(trained.model.columns)))
    assert np.array_equal(again.model.predict(x), trained.model.predict(x))
    assert again.model.links is not None and trained.model.links is not None
    px = np.random.default_rng(2).random((20, len(PAIR_COLUMNS)))
    assert np.array_equal(again.model.links.predict(px), trained.model.links.predict(px))
    assert any(m["model_id"] == trained.model_id for m in list_models(world))
    with pytest.raises(ModelError, match="no model 'nope'"):
        load_model(world, "nope")


def test_scores_are_written_explained_and_reproducible(
    world: Workspace, trained: StoredModel
) -> None:
    _, first = score_workspace(world, model_id=trained.model_id)
    _, second = score_workspace(world, model_id=trained.model_id)
    assert first.schema == TABLES[SCORES_TABLE].schema
    assert np.array_equal(first.column("score").to_numpy(), second.column("score").to_numpy())
    files = [p.name for p in world.files(SCORES_TABLE)]
    assert files.count(f"{trained.model_id}.parquet") == 1  # a re-run replaces its file
    stored = world.read(SCORES_TABLE).filter(
        np.array(world.read(SCORES_TABLE).column("model_id").to_pylist()) == trained.model_id
    )
    assert stored.num_rows == first.num_rows
    rows = first.to_pylist()
    flagged = [r for r in rows if r["flagged"]]
    assert flagged, "a model trained on planted schemes flags someone"
    for r in flagged:
        assert r["score"] >= r["threshold"]
        reasons = json.loads(r["reasons_json"])
        assert reasons and r["reasons"] == "; ".join(x["text"] for x in reasons)
        assert all("(typical: " in x["text"] for x in reasons)


def test_model_pack_turns_scores_into_alerts_and_ranks_them(
    world: Workspace, trained: StoredModel
) -> None:
    _, scores = score_workspace(world, model_id=trained.model_id)
    pack = load_pack(PACKS / "kuzet-model.yaml", allow_unsigned=True)
    with open_backend("duckdb") as be:
        result = run_pack(be, world, pack)
    expected = {r["account_id"] for r in scores.to_pylist() if r["score"] >= 0.5}
    alerts = world.read("alerts").filter(
        np.array(world.read("alerts").column("pack_id").to_pylist()) == "kuzet-model"
    )
    assert {int(s) for s in alerts.column("subject_id").to_pylist()} == expected
    assert result is not None
    ranked = rank_alerts(world, model_id=trained.model_id)
    risk = [r for r in ranked.column("model_score").to_pylist() if r is not None]
    assert risk == sorted(risk, reverse=True)
    assert ranked.num_rows == world.row_count("alerts")
    assert all(r for r in ranked.column("model_reasons").to_pylist()[: len(expected)])


def test_missing_labels_fail_clearly(unlabelled: Workspace) -> None:
    with pytest.raises(ValueError, match="has no labels table"):
        train_workspace(unlabelled, window=Window())
    res = runner.invoke(app, ["model", "train", "-w", str(unlabelled.root)])
    assert res.exit_code == 2
    assert "no labels table" in res.output


def test_cli_show_and_score(world: Workspace, trained: StoredModel) -> None:
    res = runner.invoke(app, ["model", "show", "-w", str(world.root), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["model_id"] == list_models(world)[-1]["model_id"]
    args = ["model", "score", "-w", str(world.root), "-m", trained.model_id, "--json"]
    res = runner.invoke(app, [*args, "--transactions"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["accounts"] > 0 and len(out["top"]) == 10
    assert out["transactions"]["scored"] == world.read(TX_SCORES_TABLE).num_rows > 0
    assert out["top"][0]["reasons_json"][0]["text"]
    res = runner.invoke(app, ["model", "score", "-w", str(world.root), "-m", "missing"])
    assert res.exit_code == 2 and "no model 'missing'" in res.output


def test_transfers_are_scored_by_their_link(world: Workspace, trained: StoredModel) -> None:
    _, accounts = score_workspace(world, model_id=trained.model_id, transactions=True)
    tx = world.read(TX_SCORES_TABLE)
    assert tx.schema == TABLES[TX_SCORES_TABLE].schema and tx.num_rows > 0
    ids, scores = accounts.column("account_id").to_pylist(), accounts.column("score").to_pylist()
    account_score = dict(zip(ids, scores, strict=True))
    paid = {
        r["txn_id"]: (r["src_account_id"], r["dst_account_id"])
        for r in world.read("transactions").to_pylist()
    }
    rows = tx.to_pylist()
    for r in rows:
        assert paid[r["txn_id"]] == (r["src_account_id"], r["dst_account_id"])
        assert MIN_TX_SCORE <= r["score"] <= 1 and r["flagged"] == (r["score"] >= 0.5)
        assert r["src_score"] == pytest.approx(account_score[r["src_account_id"]])
        assert f"sender account {r['src_account_id']} scores" in r["reasons"]
    labelled = set(account_labels(world).tolist())
    both = [r["score"] for r in rows if {r["src_account_id"], r["dst_account_id"]} <= labelled]
    neither = [
        r["score"] for r in rows if not {r["src_account_id"], r["dst_account_id"]} & labelled
    ]
    assert both and neither
    assert np.mean(both) > np.mean(neither) + 0.2  # laundering links stand out
