"""Triangles, clustering and three-cycles of the money graph, checked by hand on a tiny graph."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pyarrow as pa

from kuzet.engine import open_backend
from kuzet.model.schemas import TABLES
from kuzet.scoring._data import AccountData, Describes
from kuzet.scoring._structure import STRUCTURE_FEATURES, structure_features
from kuzet.workspace import Workspace

# 1 → 2 → 3 → 1 is a directed three-cycle (and triangle {1, 2, 3}); 3 → 4 and 4 → 1 close
# triangle {1, 3, 4}, which is no directed cycle (3 → 4 → 1 → 3 would need 1 → 3). 5 pays 1
# twice: no triangle. 6 pays itself and 7, 8 only failed payments: all ignored.
PAYMENTS = [
    (1, 2, "completed"),
    (2, 3, "completed"),
    (3, 1, "completed"),
    (3, 4, "completed"),
    (4, 1, "completed"),
    (5, 1, "completed"),
    (5, 1, "completed"),
    (6, 6, "completed"),
    (7, 8, "failed"),
    (8, 5, "failed"),
    (7, 5, "failed"),
]


def _workspace(root: Path) -> Workspace:
    ws = Workspace(root).create()
    schema = TABLES["transactions"].schema
    data: dict[str, list[object]] = {f.name: [None] * len(PAYMENTS) for f in schema}
    start = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
    for i, (src, dst, status) in enumerate(PAYMENTS):
        data["txn_id"][i], data["ts"][i] = i + 1, start + dt.timedelta(days=i)
        data["src_account_id"][i], data["dst_account_id"][i] = src, dst
        data["amount"][i] = data["amount_kzt"][i] = Decimal("100.00")
        data["type"][i], data["channel"][i], data["currency"][i] = "transfer", "mobile", "KZT"
        data["status"][i] = status
    ws.write_table("transactions", pa.Table.from_pydict(data, schema=schema))
    return ws


def test_structure_features_by_hand(tmp_path: Path) -> None:
    ws = _workspace(tmp_path / "ws")
    with open_backend("duckdb", threads=1) as be:
        be.register_workspace(ws)
        got = structure_features(be, None, None).sort_by("account_id").to_pylist()
    rows = {r["account_id"]: r for r in got}
    assert sorted(rows) == [1, 2, 3, 4, 5]  # 6 paid only itself, 7 and 8 only failed
    # account 1: counterparties 2, 3, 4, 5; linked pairs among them: (2, 3), (3, 4)
    assert rows[1]["triangles"] == 2
    assert rows[1]["clustering"] == 2 / 6
    assert rows[1]["cycles3"] == 1
    assert (rows[3]["triangles"], rows[3]["cycles3"]) == (2, 1)
    assert (rows[2]["triangles"], rows[2]["clustering"], rows[2]["cycles3"]) == (1, 1.0, 1)
    assert (rows[4]["triangles"], rows[4]["clustering"], rows[4]["cycles3"]) == (1, 1.0, 0)
    assert (rows[5]["triangles"], rows[5]["clustering"], rows[5]["cycles3"]) == (0, 0.0, 0)


def test_structure_features_reach_the_model(
    accounts: tuple[AccountData, dict[str, Describes]],
) -> None:
    data, specs = accounts
    for name in STRUCTURE_FEATURES:
        assert name in data.columns and name in specs
        assert not specs[name].uses_amounts
    tri = data.x[:, data.columns.index("triangles")]
    cc = data.x[:, data.columns.index("clustering")]
    assert (tri >= 0).all() and ((cc >= 0) & (cc <= 1)).all()
    assert ((tri > 0) == (cc > 0)).all()
