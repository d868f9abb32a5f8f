"""LAYER-09 (bipartite block) of the shipped pack on a hand-made world.

Three payers each pay the same two first-time payees 200,000 KZT within two days: the five
accounts are one block. Two look-alikes are not: the same pattern where both payees are
businesses transferring with more than 30 accounts, and the same pattern between parties
that had paid each other before (the pair's second transfer is not first-time).
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
BLOCK = {11, 12, 13, 21, 22}
BUSY_PAYEES = (41, 42)
REPEAT = (51, 52, 53, 61, 62)


def _ts(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2024, 6, day, hour, tzinfo=dt.UTC)


def _world(root: Path) -> Workspace:
    ws = Workspace(root).create()
    write_holders(ws, {*BLOCK, 31, 32, 33, *BUSY_PAYEES, *REPEAT, *range(100, 140)})
    txns: list[dict[str, Any]] = []

    def pay(t: dt.datetime, src: int, dst: int, amount: float) -> None:
        txns.append(operation(len(txns) + 1, t, "transfer", src, dst, amount))

    for i, payer in enumerate((11, 12, 13)):
        pay(_ts(10, 9 + i), payer, 21, 200_000)
        pay(_ts(11, 9 + i), payer, 22, 200_000)
    # the same shape into two busy businesses: each also trades with 35 other accounts
    for i, payer in enumerate((31, 32, 33)):
        pay(_ts(10, 9 + i), payer, 41, 200_000)
        pay(_ts(11, 9 + i), payer, 42, 200_000)
    for k, other in enumerate(range(100, 135)):
        pay(_ts(1 + k % 20, 8), other, 41, 20_000)
        pay(_ts(1 + k % 20, 9), other, 42, 20_000)
    # the same shape between parties that had paid each other before
    for i, payer in enumerate((51, 52, 53)):
        for payee in (61, 62):
            pay(_ts(2, 9 + i), payer, payee, 10_000)
            pay(_ts(15, 9 + i), payer, payee, 200_000)
    write(ws, "transactions", txns)
    return ws


def _layer09(ws: Workspace) -> dict[int, dict[str, Any]]:
    return {a: m for a, (_, m) in indicator_hits(ws, PACK, WINDOW, "LAYER-09").items()}


def test_the_block_is_found_and_the_look_alikes_are_not(tmp_path: Path) -> None:
    hits = _layer09(_world(tmp_path / "ws"))
    assert set(hits) == BLOCK
    assert {a for a, m in hits.items() if m["role"] == "payer"} == {11, 12, 13}
    assert hits[21] == {"role": "payee", "payments": 3, "kzt": 600_000.0}
    assert hits[11]["payments"] == 2
