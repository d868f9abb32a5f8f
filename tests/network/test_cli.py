"""``kuzet network features|rings`` on a hand-made workspace."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kuzet.cli import app
from kuzet.model.schemas import TABLES
from kuzet.workspace import Workspace

runner = CliRunner()


def test_features_command_writes_the_declared_table(hand_ws: Workspace) -> None:
    r = runner.invoke(app, ["network", "features", "-w", str(hand_ws.root), "--to", "2026-03-09"])
    assert r.exit_code == 0, r.output
    assert "account_graph_features" in r.stdout
    t = hand_ws.read("account_graph_features")
    assert t.schema == TABLES["account_graph_features"].schema
    assert t.num_rows == 19
    f = {r["account_id"]: r for r in t.to_pylist()}
    assert f[51]["in_count_30d"] == 1  # --to is inclusive; 50's payment of April is outside
    assert f[1]["cycle_count"] == 1
    again = runner.invoke(app, ["network", "features", "-w", str(hand_ws.root)])
    assert again.exit_code == 0, again.output
    assert len(hand_ws.files("account_graph_features")) == 1  # replaced, not appended


def test_rings_command_prints_and_writes_rings(ring_ws: Workspace) -> None:
    r = runner.invoke(app, ["network", "rings", "-w", str(ring_ws.root), "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["rings"] == 1 and out["ring_members"] == 5
    top = out["top"][0]
    assert top["ring_id"] == "R20"
    assert {m["account_id"]: m["role"] for m in top["members"]}[31] == "organiser"
    assert ring_ws.read("network_rings").num_rows == 5
    assert ring_ws.read("network_ring_edges").num_rows == 4
    text = runner.invoke(app, ["network", "rings", "-w", str(ring_ws.root)])
    assert text.exit_code == 0 and "R20" in text.stdout and "organiser" in text.stdout


def test_bad_date_fails_clearly(ring_ws: Workspace) -> None:
    r = runner.invoke(app, ["network", "features", "-w", str(ring_ws.root), "--from", "March"])
    assert r.exit_code == 2
    assert "--from must be a date" in r.output
