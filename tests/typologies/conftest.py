"""Shared fixtures: the example pack, the tiny world, a Spark session where it can run."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))

from tiny_world import EXAMPLE_PACK, build_world

from kuzet.engine import spark_session
from kuzet.workspace import Workspace


@pytest.fixture
def example_text() -> str:
    return EXAMPLE_PACK.read_text("utf-8")


@pytest.fixture
def world(tmp_path: Path) -> Workspace:
    return build_world(tmp_path / "ws")


@pytest.fixture(scope="session")
def spark() -> Any:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime")
    return spark_session("local[2]", driver_memory="2g", shuffle_partitions=2)
