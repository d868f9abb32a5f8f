"""Small synthetic worlds shared by the world tests: built once per session, a few seconds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kuzet.synth.world import SynthConfig, SynthSummary, generate
from kuzet.workspace import Workspace

SMALL = {"persons": 3000, "days": 14}


def _build(root: Path, seed: int, workers: int = 1) -> tuple[Workspace, SynthSummary]:
    config = SynthConfig(SMALL["persons"], SMALL["days"], seed, workers=workers)
    summary = generate(config, root)
    return Workspace(root), summary


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, SynthSummary]:
    """A world of 3,000 persons over 14 days, seed 11, every scheme family planted."""
    return _build(tmp_path_factory.mktemp("world-a"), 11)


@pytest.fixture(scope="session")
def same_seed_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, SynthSummary]:
    """The same arguments again, built with two worker processes."""
    return _build(tmp_path_factory.mktemp("world-b"), 11, workers=2)


@pytest.fixture(scope="session")
def other_seed_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, SynthSummary]:
    return _build(tmp_path_factory.mktemp("world-c"), 12)
