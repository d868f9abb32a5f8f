"""Fixtures every test folder shares."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from kuzet.engine import spark_session


@pytest.fixture(scope="session")
def spark() -> Any:
    """One Spark ``local[2]`` session for the whole run, where pyspark and Java are present."""
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("Spark needs a Java runtime")
    return spark_session("local[2]", driver_memory="2g", shuffle_partitions=2)
