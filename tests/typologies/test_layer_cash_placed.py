"""LAYER-15 (cash placed and wired on) of the shipped pack on a hand-made world.

Two depositors each pay in 2,000,000 KZT in cash and within a day pay it on, whole, to
first-time payees; both reach one collector (a bipartite block of placement accounts). A
third pays in 6,000,000 and fans it out over six new payees. Look-alikes that are not hit:
a buyer who pays in cash and pays one seller (the depositor scores only 0.6, the seller not
at all), a deposit paid on a week later, and one paid on to a counterparty paid before.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tiny_world import indicator_hits, operation, write, write_holders

from kuzet.typologies import RunWindow, read_pack
from kuzet.typologies._loader import BUILTIN_PACKS
from kuzet.workspace import Workspace

PACK = read_pack(BUILTIN_PACKS / "afm-2026.1.yaml")
WINDOW = RunWindow(dt.date(2024, 6, 1), dt.date(2024, 6, 30))
DEPOSITORS, COLLECTOR, OTHER_PAYEES = (11, 12), 21, (22, 23)
FANNER, FAN = 31, tuple(range(41, 47))
BUYER, SELLER = 51, 52
SLOW, SLOW_PAYEE = 61, 62
KNOWN, KNOWN_PAYEE = 71, 72
Hits = dict[int, tuple[float, dict[str, Any]]]


def _ts(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2024, 6, day, hour, tzinfo=dt.UTC)


def _world(root: Path) -> Workspace:
    ws = Workspace(root).create()
    write_holders(
        ws,
        {*DEPOSITORS, COLLECTOR, *OTHER_PAYEES, FANNER, *FAN, BUYER, SELLER, SLOW, SLOW_PAYEE}
        | {KNOWN, KNOWN_PAYEE},
    )
    txns: list[dict[str, Any]] = []

    def add(t: dt.datetime, kind: str, src: int | None, dst: int | None, amount: float) -> None:
        txns.append(operation(len(txns) + 1, t, kind, src, dst, amount))

    for i, (dep, other) in enumerate(zip(DEPOSITORS, OTHER_PAYEES, strict=True)):
        add(_ts(10 + i, 9), "cash_deposit", None, dep, 2_000_000)
        add(_ts(10 + i, 15), "transfer", dep, COLLECTOR, 1_200_000)
        add(_ts(11 + i, 8), "transfer", dep, other, 790_000)
    add(_ts(12, 9), "cash_deposit", None, FANNER, 6_000_000)
    for k, payee in enumerate(FAN):
        add(_ts(12, 11 + k), "transfer", FANNER, payee, 990_000)
    add(_ts(14, 9), "cash_deposit", None, BUYER, 5_000_000)
    add(_ts(14, 12), "transfer", BUYER, SELLER, 5_000_000)
    add(_ts(15, 9), "cash_deposit", None, SLOW, 3_000_000)
    add(_ts(22, 9), "transfer", SLOW, SLOW_PAYEE, 3_000_000)
    add(_ts(2, 9), "transfer", KNOWN, KNOWN_PAYEE, 300_000)
    add(_ts(16, 9), "cash_deposit", None, KNOWN, 3_000_000)
    add(_ts(16, 12), "transfer", KNOWN, KNOWN_PAYEE, 3_000_000)
    write(ws, "transactions", txns)
    return ws


def _layer15(ws: Workspace) -> Hits:
    return indicator_hits(ws, PACK, WINDOW, "LAYER-15")


def test_placed_cash_and_its_collector_and_fan_are_found(tmp_path: Path) -> None:
    hits = _layer15(_world(tmp_path / "ws"))
    for dep in DEPOSITORS:
        score, metrics = hits[dep]
        assert score == 1.0
        assert metrics == {"role": "depositor", "payees": 2, "cash_kzt": 2_000_000.0}
    assert hits[COLLECTOR][1]["role"] == "payee"
    assert not set(OTHER_PAYEES) & set(hits)  # each was paid by one depositor only
    assert hits[FANNER][1]["payees"] == len(FAN)
    assert set(FAN) <= set(hits)


def test_look_alikes_are_weak_or_not_hit(tmp_path: Path) -> None:
    hits = _layer15(_world(tmp_path / "ws"))
    assert hits[BUYER][0] == 0.6  # one payee: corroboration needed (0.54 in the typology)
    assert SELLER not in hits
    assert not {SLOW, SLOW_PAYEE, KNOWN, KNOWN_PAYEE} & set(hits)
