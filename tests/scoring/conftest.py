"""A small synthetic world, its accounts and one trained model, shared by the scoring tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuzet.engine import open_backend
from kuzet.scoring import Params, StoredModel, Window, load_model, train_workspace
from kuzet.scoring._data import AccountData, Describes, load_accounts
from kuzet.synth.world import SynthConfig, generate
from kuzet.workspace import Workspace

FAST = Params(rounds=25, folds=3, num_leaves=15)


@pytest.fixture(scope="session")
def fast_params() -> Params:
    """Few rounds and folds: enough to learn the small world, quick to train."""
    return FAST


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    out = tmp_path_factory.mktemp("scoring") / "ws"
    generate(SynthConfig(1000, 30, 23), out)
    return Workspace(out)


@pytest.fixture(scope="session")
def accounts(world: Workspace) -> tuple[AccountData, dict[str, Describes]]:
    with open_backend("duckdb", threads=2) as be:
        be.register_workspace(world)
        return load_accounts(be)


@pytest.fixture(scope="session")
def trained(world: Workspace) -> StoredModel:
    stored = train_workspace(world, window=Window(), params=FAST)
    return load_model(world, stored.model_id)


@pytest.fixture
def unlabelled(tmp_path: Path, world: Workspace) -> Workspace:
    """A copy of the world's transactions and accounts, without labels."""
    ws = Workspace(tmp_path / "nolabels").create()
    for table in ("transactions", "accounts"):
        ws.write_table(table, world.read(table))
    return ws
