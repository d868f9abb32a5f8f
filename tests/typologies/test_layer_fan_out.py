"""LAYER-14 (fan-out through new counterparties) of the shipped pack on a hand-made world.

A hub receives 10,000,000 KZT from a counterparty it never dealt with and within a day
splits it over six first-time payees in pieces of like size; in the same hours it also pays
one ordinary 150,000 KZT bill to a new payee, which is not a piece of the sum and must not
hide the split. A look-alike is not hit: a firm that pays the same sum to six new suppliers
whose bills differ by far more than twice.
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
FUNDER, HUB, PIECES, BILL = 1, 2, (11, 12, 13, 14, 15, 16), 17
FIRM_FUNDER, FIRM, SUPPLIERS = 21, 22, (31, 32, 33, 34, 35, 36)


def _ts(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2024, 6, day, hour, tzinfo=dt.UTC)


def _world(root: Path) -> Workspace:
    ws = Workspace(root).create()
    write_holders(ws, {FUNDER, HUB, *PIECES, BILL, FIRM_FUNDER, FIRM, *SUPPLIERS})
    txns: list[dict[str, Any]] = []

    def pay(t: dt.datetime, src: int, dst: int, amount: float) -> None:
        txns.append(operation(len(txns) + 1, t, "transfer", src, dst, amount))

    pay(_ts(10, 9), FUNDER, HUB, 10_000_000)
    for k, (payee, amount) in enumerate(zip(PIECES, (1.4, 1.9, 1.6, 1.5, 1.7, 1.8), strict=True)):
        pay(_ts(10, 11 + k), HUB, payee, amount * 1_000_000)
    pay(_ts(10, 12), HUB, BILL, 150_000)
    pay(_ts(12, 9), FIRM_FUNDER, FIRM, 10_000_000)
    for k, (payee, amount) in enumerate(
        zip(SUPPLIERS, (0.5, 4.0, 1.0, 2.5, 0.6, 1.3), strict=True)
    ):
        pay(_ts(12, 11 + k), FIRM, payee, amount * 1_000_000)
    write(ws, "transactions", txns)
    return ws


def test_a_split_is_found_beside_a_small_bill_and_bills_of_any_size_are_not(
    tmp_path: Path,
) -> None:
    hits = indicator_hits(_world(tmp_path / "ws"), PACK, WINDOW, "LAYER-14")
    assert set(hits) == {HUB, *PIECES}
    assert hits[HUB][1] == {"role": "hub", "payees": 6, "split_kzt": 10_000_000.0}
