"""Drop rings: members, roles, edges, and what is not a ring."""

from __future__ import annotations

from collections.abc import Callable

from kuzet.engine import Backend
from kuzet.model.schemas import TABLES
from kuzet.network._features import build_features_and_graph
from kuzet.network._ring_tables import build_ring_tables
from kuzet.network._rings import RingLinks, find_components
from kuzet.workspace import Workspace

Make = Callable[[Workspace], Backend]


def test_ring_members_roles_and_edges(ring_ws: Workspace, backend_for: Make) -> None:
    be = backend_for(ring_ws)
    features, state = build_features_and_graph(be)
    assert state.components == [[20, 21, 30, 31, 40]]
    members, edges = build_ring_tables(be, state, features)
    assert members.schema == TABLES["network_rings"].schema
    assert edges.schema == TABLES["network_ring_edges"].schema
    role = {r["account_id"]: r for r in members.to_pylist()}
    assert {a: r["role"] for a, r in role.items()} == {
        20: "mule",
        21: "mule",
        30: "mule",
        31: "organiser",
        40: "linked",
    }
    assert {r["ring_id"] for r in role.values()} == {"R20"}
    assert float(role[31]["in_ring_in_kzt"]) == 360_000.0
    assert "kept it" in role[31]["role_reason"]
    assert "share a device or phone" in role[20]["ring_reasons"]
    assert 0 < role[20]["ring_score"] <= 1
    pairs = {(e["src_account_id"], e["dst_account_id"], e["kind"]) for e in edges.to_pylist()}
    assert pairs == {(20, 30, "money"), (21, 30, "money"), (30, 31, "money"), (20, 40, "device")}
    f = {r["account_id"]: r for r in features.to_pylist()}
    assert f[20]["ring_size"] == 5 and f[60]["ring_size"] == 0


def test_salary_passed_on_is_no_ring(ring_ws: Workspace, backend_for: Make) -> None:
    _, state = build_features_and_graph(backend_for(ring_ws))
    members = {a for ring in state.components for a in ring}
    assert not members & {60, 61, 62}


def test_components_need_relays_and_size() -> None:
    family = RingLinks.build(
        [], [], [("phone", 1, 2), ("phone", 2, 3)], relayers=set(), exclude=set()
    )
    assert find_components(family) == []
    one = RingLinks.build([(1, 2), (2, 3)], [], [], relayers={1}, exclude=set())
    assert find_components(one) == []
    two = RingLinks.build([(1, 3), (2, 3)], [], [], relayers={1, 2}, exclude=set())
    assert find_components(two) == [[1, 2, 3]]
    hub = RingLinks.build([(1, 3), (2, 3)], [], [], relayers={1, 2}, exclude={3})
    assert find_components(hub) == []
    cycle = RingLinks.build([], [(5, 6, -1)], [], relayers=set(), exclude=set())
    assert find_components(cycle) == []  # two accounts of the data only
    cycle = RingLinks.build([], [(5, 6, 7)], [], relayers=set(), exclude=set())
    assert find_components(cycle) == [[5, 6, 7]]


def test_large_components_are_cut_at_shared_venues() -> None:
    """Two rings of 30 relaying drops each, both paying one venue: two rings, not one."""
    money = [(d, 1000) for d in range(1, 61)] + [(d, d + 1) for d in range(1, 30)]
    money += [(d, d + 1) for d in range(31, 60)]
    rings = find_components(
        RingLinks.build(money, [], [], relayers=set(range(1, 61)), exclude=set())
    )
    assert sorted(map(len, rings)) == [30, 30]
    assert all(1000 not in r for r in rings)
