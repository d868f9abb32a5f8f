"""Graph features: the contract (columns, types, no nulls) and values on a hand-made world."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from kuzet.engine import Backend, EngineError
from kuzet.model.schemas import TABLES
from kuzet.network import FEATURES, build_features, feature_specs
from kuzet.workspace import Workspace

Make = Callable[[Workspace], Backend]


def _rows(table: pa.Table) -> dict[int, dict[str, Any]]:
    return {r["account_id"]: r for r in table.to_pylist()}


def test_declared_table_matches_features() -> None:
    decl = TABLES["account_graph_features"]
    assert decl.schema.names == ["account_id", *FEATURES]
    for spec in FEATURES.values():
        want = pa.int64() if spec.integer else pa.float64()
        assert decl.column(spec.column).type == want, spec.column
        assert "{value" in spec.text


def test_hand_world_values(hand_ws: Workspace, backend_for: Make) -> None:
    t = build_features(backend_for(hand_ws))
    assert t.schema == TABLES["account_graph_features"].schema
    assert all(t.column(c).null_count == 0 for c in t.column_names)
    f = _rows(t)
    assert set(f) == {1, 2, 3, 20, 30, 40, 41, 50, 51, *range(10, 20)}
    # the three-hop cycle, forward in time
    assert [f[a]["cycle_count"] for a in (1, 2, 3)] == [1, 1, 1]
    assert f[1]["cycle_max_hops"] == 3 and f[20]["cycle_count"] == 0
    # fan-in of ten senders, all passed on within hours
    assert f[20]["in_distinct_7d"] == 10 and f[20]["in_count_30d"] == 10
    assert f[20]["in_amount_7d"] == 500_000.0
    assert f[20]["out_distinct_7d"] == 1
    assert abs(f[20]["pass_through_ratio_7d"] - 0.98) < 1e-9
    assert f[20]["relay_paths"] == 10  # each of the ten credits relayed at 98 %
    assert f[20]["forwarded_share_24h"] == 1.0
    assert f[30]["scatter_gather"] == 0 and f[30]["in_count_7d"] == 1
    # 20 sits in a stack: a sender, 20, then 30
    assert f[20]["stack_depth"] == 3 and f[50]["stack_depth"] == 1
    # the shared device ties 40 and 41 (different holders) and nothing else
    assert f[40]["shared_device_accounts"] == 1 and f[41]["shared_device_accounts"] == 1
    assert f[50]["shared_device_accounts"] == 0
    assert f[50]["nbr_shared_device_accounts"] == 1  # 40 paid it
    # neighbourhood: 30's only counterparty (20) received from ten senders
    assert f[30]["nbr_max_in_distinct"] == 10
    assert f[10]["nbr_cycle_accounts"] == 0 and f[2]["nbr_cycle_accounts"] == 2


def test_window_bounds(hand_ws: Workspace, backend_for: Make) -> None:
    """Only payments with start <= ts < end count; the late 50 -> 51 payment is outside."""
    f = _rows(build_features(backend_for(hand_ws), end=dt.date(2026, 3, 10)))
    assert f[51]["in_count_30d"] == 1  # 41's payment only
    assert f[1]["cycle_count"] == 1
    later = _rows(build_features(backend_for(hand_ws), start=dt.date(2026, 3, 10)))
    assert later[51]["in_count_30d"] == 1 and later[1]["cycle_count"] == 0
    assert later[20]["in_count_7d"] == 0 and later[20]["relay_paths"] == 0


def test_windows_are_configurable(hand_ws: Workspace, backend_for: Make) -> None:
    t = build_features(backend_for(hand_ws), windows_days=(1, 90))
    assert t.column_names == ["account_id", *feature_specs((1, 90))]
    assert "in_count_1d" in t.column_names and "in_count_7d" not in t.column_names


def test_accounts_and_transactions_only(
    small_world: Workspace, tmp_path: Path, backend_for: Make
) -> None:
    """A workspace without persons, devices or labels gives zeros for what it lacks."""
    bare = Workspace(tmp_path / "bare").create()
    for table in ("accounts", "transactions"):
        shutil.copytree(small_world.table_dir(table), bare.table_dir(table))
    t = build_features(backend_for(bare))
    assert t.num_rows == bare.row_count("accounts")
    assert pc.sum(t.column("turnover_to_income")).as_py() == 0.0
    assert pc.max(t.column("in_count_30d")).as_py() > 0
    assert all(t.column(c).null_count == 0 for c in t.column_names)


def test_working_tables_are_released(hand_ws: Workspace, backend_for: Make) -> None:
    """build_features leaves no working table behind (they hold millions of rows at scale)."""
    be = backend_for(hand_ws)
    build_features(be)
    with pytest.raises(EngineError):
        be.query("SELECT count(*) AS n FROM net_tx", step="check")
    assert be.query("SELECT count(*) AS n FROM transactions", step="check")["n"][0].as_py() > 0
