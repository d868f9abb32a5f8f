"""PF-01 of the FMA pack reads what ``kuzet screen`` wrote: a synthetic world whose importers
deal with firms named almost like entries of the PF list is screened for real (fuzzy names,
fixture lists), then monitored; the contracts with those firms are hit, with the list named,
and nothing else is."""

from __future__ import annotations

import json

import pyarrow.compute as pc
import pytest

from kuzet.cli.monitor import missing_inputs
from kuzet.engine import open_backend
from kuzet.screening import ListStore
from kuzet.screening import run as screen
from kuzet.screening.fictional import load_fictional_lists
from kuzet.screening.run import lists_dir
from kuzet.synth.world import SynthConfig, generate
from kuzet.typologies import load_pack, run_pack
from kuzet.typologies._loader import BUILTIN_PACKS
from kuzet.workspace import Workspace

PACK = load_pack(BUILTIN_PACKS / "afm-2026.1.yaml", allow_unsigned=True)


@pytest.fixture(scope="module")
def pf_world(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    out = tmp_path_factory.mktemp("pf") / "ws"
    generate(SynthConfig(1000, 20, 7, families=("PF",)), out)
    return Workspace(out)


def _contracts(ws: Workspace, typology: str) -> set[str]:
    labels = ws.read("labels")
    keep = pc.and_(
        pc.equal(labels["object_type"], "contract"), pc.equal(labels["typology"], typology)
    )
    return {str(i) for i in labels.filter(keep)["object_id"].to_pylist()}


def test_pf01_finds_the_contracts_with_listed_lookalikes(pf_world: Workspace) -> None:
    listed = _contracts(pf_world, "listed_lookalike")
    assert listed, "the world should plant at least one lookalike of a listed firm"

    notes = missing_inputs(PACK, pf_world)
    assert any("PF-01" in n and "kuzet screen parties" in n for n in notes)

    load_fictional_lists(ListStore(lists_dir(pf_world)))
    screen(pf_world)
    assert missing_inputs(PACK, pf_world) == []

    with open_backend("duckdb", threads=1) as be:
        result = run_pack(be, pf_world, PACK, write=False)
    assert not result.failures
    hits = [h for h in result.hits.to_pylist() if h["indicator_id"] == "PF-01"]
    assert {h["subject_id"] for h in hits} == listed  # every one, and no other contract
    for h in hits:
        metrics = json.loads(h["metrics"])
        assert metrics["lists"] == ["afm-pf"]
        assert metrics["listed_names"]  # the entry the party's name met
    alerted = {
        a["subject_id"]
        for a in result.alerts.to_pylist()
        if a["typology_id"] == "PF_DUAL_USE_DIVERSION"
    }
    assert listed <= alerted
