"""Ring tables: members with roles and reasons, and a picture-ready edge list per ring.

Roles are read from the direction and timing of the money between members:
- ``mule``: money comes in (from outside or from members) and goes on to members or out;
- ``cash_out``: members pay it, it pays members back little (under a fifth), and it takes at
  least half of what it receives out as cash or abroad: where the ring's money leaves;
- ``organiser``: members pay it and it keeps the money (neither on to members nor out as
  cash): a collector, organiser or recruiter; or it only pays members and is not a relay
  itself: where the ring's money starts;
- ``linked``: tied to members by a shared device or phone only, and no relay itself (a
  relaying account tied only by a device is a ``mule`` whose money left as cash); or a
  minor payee of one member.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pyarrow as pa

from kuzet.engine import Backend
from kuzet.model.schemas import TABLES
from kuzet.network import _ring_sql as q
from kuzet.network._features import GraphState

MEMBERS = "network_rings"
EDGES = "network_ring_edges"
KEEP_SHARE = 0.2
"""A member that passes on less than this share of what members paid it is where money ends."""
CASH_SHARE = 0.5
MINOR_SHARE = 0.1
"""A member paid by one member, less than this share of what the ring's main receiver got,
is a payee (``linked``), not where the ring's money ends."""
YOUNG_DAYS = 180
FAN_IN = 5
CORE_ROLES = frozenset({"mule", "organiser"})
CORE_SHARE = 0.5
"""A ring whose money-tied members (roles in ``CORE_ROLES``) are fewer than this share of it
is mostly context (devices, payees, cash-out points): its score is scaled down in proportion
(set on tuning seeds 5151, 4343, 101: no scheme lost there)."""


def _kzt(x: float) -> str:
    return f"{x:,.0f} KZT".replace(",", " ")


def _role(
    in_ring: float,
    out_ring: float,
    st: dict[str, Any],
    relayer: bool,
    senders: int,
    ring_top: float,
) -> tuple[str, str]:
    total_in = float(st.get("in_total") or 0.0)
    total_out = float(st.get("out_total") or 0.0)
    cash = float(st.get("out_cash_abroad") or 0.0)
    if in_ring == 0 and out_ring == 0:
        if relayer:
            return "mule", (
                f"passed on most of {_kzt(total_in)} received within 3 days ({_kzt(cash)} as"
                " cash or abroad); tied to members by a shared device or phone"
            )
        return "linked", "shares a device or phone with members; no money between them"
    if in_ring > 0 and out_ring < KEEP_SHARE * in_ring:
        return _sink_role(in_ring, out_ring, total_in, cash, senders, ring_top)
    if in_ring == 0 and not relayer:
        return "organiser", f"paid {_kzt(out_ring)} to members and received nothing from them"
    outside = max(total_in - in_ring, 0.0)
    return "mule", (
        f"received {_kzt(total_in)} ({_kzt(outside)} from outside the ring) and paid out"
        f" {_kzt(total_out)} ({_kzt(out_ring)} to members, {_kzt(cash)} as cash or abroad)"
    )


def _sink_role(
    in_ring: float, out_ring: float, total_in: float, cash: float, senders: int, ring_top: float
) -> tuple[str, str]:
    """A member where the ring's money stops: cashed out, kept, or a minor payee."""
    if total_in > 0 and cash >= CASH_SHARE * total_in:
        return "cash_out", (
            f"received {_kzt(in_ring)} from {senders} member(s) and took {_kzt(cash)}"
            " out as cash or abroad"
        )
    if senders < 2 and in_ring < MINOR_SHARE * ring_top:
        return "linked", f"received {_kzt(in_ring)} from one member and kept it (a payee)"
    return "organiser", (
        f"received {_kzt(in_ring)} from {senders} member(s) and kept it"
        f" (passed {_kzt(out_ring)} on)"
    )


def _score(signals: dict[str, float]) -> float:
    weights = {"relays": 0.35, "cycle": 0.3, "shared": 0.3, "young": 0.25, "fan_in": 0.2}
    weights["cash"] = 0.2
    miss = 1.0
    for k, w in weights.items():
        miss *= 1 - w * min(1.0, signals.get(k, 0.0))
    return round(1 - miss, 4)


def _summary(
    members: list[int],
    state: GraphState,
    roles: dict[int, tuple[str, str]],
    feats: dict[int, dict[str, Any]],
) -> tuple[float, str]:
    """The ring's score (0-1) and its reasons in words."""
    inside, n = set(members), len(members)
    shared = sum(1 for (a, b) in state.links.shared if a in inside and b in inside)
    cyc = [c for c in state.cycles.relay_cycles if inside.issuperset(v for v in c if v > 0)]
    relayers = sum(1 for a in members if a in state.links.relayers)
    young = sum(1 for a in members if 0 < feats[a]["age"] < YOUNG_DAYS)
    fan = sum(1 for a in members if feats[a]["fan_in"] >= FAN_IN)
    cash = sum(1 for a in members if roles[a][0] == "cash_out")
    core = sum(1 for a in members if roles[a][0] in CORE_ROLES)
    signals = {
        "relays": relayers / 3,
        "cycle": float(bool(cyc)),
        "shared": shared / 2,
        "young": young / n,
        "fan_in": fan / n,
        "cash": float(cash > 0),
    }
    reasons = [f"{relayers} of {n} accounts passed on most of what they received within 3 days"]
    if cyc:
        reasons.append(f"money went round {len(cyc)} cycle(s), each hop keeping a fee")
    if shared:
        reasons.append(f"{shared} pairs of members of different holders share a device or phone")
    if young:
        reasons.append(f"{young} accounts opened under {YOUNG_DAYS} days before")
    if fan:
        reasons.append(f"{fan} accounts gathered from {FAN_IN}+ senders in one short window")
    if cash:
        reasons.append(f"{cash} cash-out point(s)")
    damp = min(1.0, core / n / CORE_SHARE)
    if damp < 1.0:
        reasons.append(f"only {core} of {n} members are tied by money passing through the ring")
    return round(_score(signals) * damp, 4), "; ".join(reasons)


def _edges(
    flows: list[dict[str, Any]], state: GraphState, ring_of: dict[int, int], rid: list[str]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for f in flows:
        s, d = f["src"], f["dst"]
        rows.append(
            {
                "ring_id": rid[ring_of[s]],
                "src_account_id": s,
                "dst_account_id": d,
                "kind": "money",
                "payments": f["payments"],
                "amount_kzt": Decimal(f"{float(f['amount']):.2f}"),
                "first_ts": _ts(f["first_sec"]),
                "last_ts": _ts(f["last_sec"]),
                "in_cycle": (s, d) in state.links.cycle,
            }
        )
    for (a, b), kinds in sorted(state.links.shared.items()):
        if a in ring_of and ring_of[a] == ring_of.get(b):
            rows += [
                {
                    "ring_id": rid[ring_of[a]],
                    "src_account_id": a,
                    "dst_account_id": b,
                    "kind": kind,
                    "payments": 0,
                    "amount_kzt": Decimal("0.00"),
                    "in_cycle": False,
                }
                for kind in sorted(kinds)
            ]
    return rows


def _member_features(features: pa.Table, ring_of: dict[int, int]) -> dict[int, dict[str, Any]]:
    """Account age and the fan-in of the shortest window, for members."""
    windows = sorted(
        int(c[len("in_distinct_") : -1])
        for c in features.column_names
        if c.startswith("in_distinct_")
    )
    fan_col = f"in_distinct_{windows[0]}d"
    rows = features.select(["account_id", "account_age_days", fan_col]).to_pylist()
    out = {r["account_id"]: {"age": r["account_age_days"], "fan_in": r[fan_col]} for r in rows}
    return {a: out.get(a, {"age": 0, "fan_in": 0}) for a in ring_of}


def build_ring_tables(
    be: Backend, state: GraphState, features: pa.Table
) -> tuple[pa.Table, pa.Table]:
    """The members and edges tables of the rings in ``state`` (schemas in ``kuzet.model``)."""
    ring_of = {a: i for i, members in enumerate(state.components) for a in members}
    rid = [f"R{members[0]}" for members in state.components]
    be.register_arrow(
        "net_ring_members", pa.table({"account_id": pa.array(sorted(ring_of), pa.int64())})
    )
    sql = be.dialect.transpile(q.member_stats_sql("net_ring_members"))
    stats = {r["account_id"]: r for r in be.query(sql, step="network:members").to_pylist()}
    feats = _member_features(features, ring_of)
    money = sorted(
        (s, d) for s, d in state.links.money if s in ring_of and ring_of[s] == ring_of.get(d)
    )
    pairs = pa.table(
        {
            "src": pa.array([s for s, _ in money], pa.int64()),
            "dst": pa.array([d for _, d in money], pa.int64()),
        }
    )
    be.register_arrow("net_ring_pairs", pairs)
    sql = be.dialect.transpile(q.pair_flows_sql("net_ring_pairs"))
    flows = be.query(sql, step="network:ring_flows").to_pylist()
    in_ring: dict[int, float] = defaultdict(float)
    out_ring: dict[int, float] = defaultdict(float)
    payers: dict[int, set[int]] = defaultdict(set)
    first: dict[int, int] = {}
    for f in flows:
        s, d, amt = f["src"], f["dst"], float(f["amount"])
        in_ring[d] += amt
        out_ring[s] += amt
        payers[d].add(s)
        for v in (s, d):
            first[v] = min(first.get(v, f["first_sec"]), f["first_sec"])
    member_rows: list[dict[str, Any]] = []
    for i, members in enumerate(state.components):
        top = max(in_ring[a] for a in members)
        roles = {
            a: _role(
                in_ring[a],
                out_ring[a],
                stats.get(a, {}),
                a in state.links.relayers,
                len(payers[a]),
                top,
            )
            for a in members
        }
        score, reasons = _summary(members, state, roles, feats)
        for a in members:
            st = stats.get(a, {})
            member_rows.append(
                {
                    "ring_id": rid[i],
                    "ring_size": len(members),
                    "ring_score": score,
                    "ring_reasons": reasons,
                    "account_id": a,
                    "holder_type": st.get("holder_type"),
                    "holder_id": st.get("holder_id"),
                    "role": roles[a][0],
                    "role_reason": roles[a][1],
                    "in_ring_in_kzt": Decimal(f"{in_ring[a]:.2f}"),
                    "in_ring_out_kzt": Decimal(f"{out_ring[a]:.2f}"),
                    "first_ts": _ts(first.get(a)),
                }
            )
    member_rows.sort(
        key=lambda r: (-r["ring_score"], -r["ring_size"], r["ring_id"], r["account_id"])
    )
    members_t = pa.Table.from_pylist(member_rows, schema=TABLES[MEMBERS].schema)
    edges_t = pa.Table.from_pylist(_edges(flows, state, ring_of, rid), schema=TABLES[EDGES].schema)
    return members_t, edges_t


def _ts(sec: int | None) -> dt.datetime | None:
    return None if sec is None else dt.datetime.fromtimestamp(sec, tz=dt.UTC)
