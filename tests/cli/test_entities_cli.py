"""``kuzet entities profile|show`` and ``kuzet export ftm`` on a synthetic world."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kuzet.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def synth_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ent") / "w"
    r = runner.invoke(
        app,
        [
            "synth",
            "--persons",
            "1500",
            "--days",
            "30",
            "--seed",
            "11",
            "--out",
            str(out),
            "--workers",
            "1",
            "-q",
        ],
    )
    assert r.exit_code == 0, r.output
    return out


def test_profile_show_and_export(synth_world: Path, tmp_path: Path) -> None:
    r = runner.invoke(app, ["entities", "profile", "-w", str(synth_world), "--top", "5", "--json"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["entities"] > 0 and doc["config_version"] and doc["data_version"]
    top = doc["riskiest"][0]
    assert top["contributions"] and top["bo_statement"]
    key = top["bin"] or str(top["entity_id"])
    r = runner.invoke(app, ["entities", "show", key, "-w", str(synth_world)])
    assert r.exit_code == 0, r.output
    assert "risk factors" in r.output and top["name"][:10] in r.output
    out = tmp_path / "x.jsonl"
    r = runner.invoke(app, ["export", "ftm", "-w", str(synth_world), "-o", str(out), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["counts"]["Company"] > 0 and out.stat().st_size > 0


def test_unknown_bin_fails_with_one_clear_message(synth_world: Path) -> None:
    r = runner.invoke(app, ["entities", "show", "999999999999", "-w", str(synth_world)])
    assert r.exit_code == 2 and "no legal entity" in r.output
