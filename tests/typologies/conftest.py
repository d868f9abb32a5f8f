"""Shared fixtures: the example pack, the tiny world, a Spark session where it can run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))

from tiny_world import EXAMPLE_PACK, build_world

from kuzet.workspace import Workspace


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_PACK.read_text("utf-8")


@pytest.fixture
def world(tmp_path: Path) -> Workspace:
    return build_world(tmp_path / "ws")
