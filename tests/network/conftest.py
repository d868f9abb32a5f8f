"""Fixtures: a hand-made workspace whose graph features are known, and a small synthetic world."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kuzet.engine import Backend, open_backend
from kuzet.model.schemas import TABLES
from kuzet.synth.world import SynthConfig, generate
from kuzet.workspace import Workspace

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


def account(
    account_id: int, holder_id: int, opened: dt.date = dt.date(2020, 1, 1)
) -> dict[str, Any]:
    return {
        "account_id": account_id,
        "iban": f"KZ00TEST{account_id:012d}",
        "bank_id": 1,
        "holder_type": "person",
        "holder_id": holder_id,
        "product": "current",
        "currency": "KZT",
        "opened": opened,
    }


def payment(
    txn_id: int,
    src: int | None,
    dst: int | None,
    when: dt.datetime,
    amount: float,
    *,
    type_: str = "transfer",
    device: str | None = None,
) -> dict[str, Any]:
    return {
        "txn_id": txn_id,
        "ts": when,
        "type": type_,
        "channel": "mobile",
        "src_account_id": src,
        "dst_account_id": dst,
        "amount": Decimal(f"{amount:.2f}"),
        "currency": "KZT",
        "amount_kzt": Decimal(f"{amount:.2f}"),
        "status": "completed",
        "device_id": device,
    }


def write(ws: Workspace, table: str, rows: list[dict[str, Any]]) -> None:
    import pyarrow as pa  # noqa: PLC0415 - only the fixture builder needs it

    ws.write_table(table, pa.Table.from_pylist(rows, schema=TABLES[table].schema))


def hand_world(root: Path) -> Workspace:
    """Accounts 1-3 pass money round a cycle; 10-19 each pay 20; 20 relays it all to 30;
    30 withdraws cash; 40 and 41 (different people) share a device; 50-51 pay each other."""
    ws = Workspace(root).create()
    accounts = [account(a, a) for a in (1, 2, 3, 20, 30, 40, 41, 50, 51)]
    accounts += [account(a, a) for a in range(10, 20)]
    write(ws, "accounts", accounts)
    h = dt.timedelta(hours=1)
    pays = [
        payment(1, 1, 2, T0, 1_000_000),
        payment(2, 2, 3, T0 + 2 * h, 980_000),
        payment(3, 3, 1, T0 + 5 * h, 960_000),
    ]
    pays += [payment(100 + i, 10 + i, 20, T0 + i * h, 50_000) for i in range(10)]
    pays.append(payment(200, 20, 30, T0 + 12 * h, 490_000))
    pays.append(payment(201, 30, None, T0 + 20 * h, 480_000, type_="cash_withdrawal"))
    pays.append(payment(300, 40, 50, T0, 10_000, device="DEV-A"))
    pays.append(payment(301, 41, 51, T0, 10_000, device="DEV-A"))
    pays.append(payment(302, 50, 51, T0 + 40 * 24 * h, 5_000))
    write(ws, "transactions", pays)
    return ws


@pytest.fixture
def hand_ws(tmp_path: Path) -> Workspace:
    return hand_world(tmp_path / "hand")


@pytest.fixture
def backend_for() -> Iterator[Callable[[Workspace], Backend]]:
    opened: list[Backend] = []

    def make(ws: Workspace) -> Backend:
        be = open_backend("duckdb", threads=1)
        be.register_workspace(ws)
        opened.append(be)
        return be

    yield make
    for be in opened:
        be.close()


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """A 600-person, 28-day world with drop and layering schemes planted."""
    out = tmp_path_factory.mktemp("networld") / "ws"
    generate(SynthConfig(600, 28, 880011, families=("MULE", "LAYER")), out)
    return Workspace(out)


def ring_world(root: Path) -> Workspace:
    """A drop ring: 20 and 21 (young accounts) each gather from five strangers and pass the
    money on within hours to collector 30, who sends most of it on to 31; 40 (another
    person) uses 20's device. Apart from it, 60 gets a salary from 61 and pays rent to 62."""
    ws = Workspace(root).create()
    young = T0.date() - dt.timedelta(days=20)
    accounts = [account(20, 20, young), account(21, 21, young), account(30, 30), account(31, 31)]
    accounts += [account(40, 40), account(60, 60), account(61, 61), account(62, 62)]
    accounts += [account(a, a) for a in range(100, 110)]
    write(ws, "accounts", accounts)
    h = dt.timedelta(hours=1)
    pays = [payment(i, 100 + i, 20 if i < 5 else 21, T0 + i * h, 40_000) for i in range(10)]
    pays.append(payment(20, 20, 30, T0 + 6 * h, 190_000))
    pays.append(payment(21, 21, 30, T0 + 12 * h, 185_000))
    pays.append(payment(22, 30, 31, T0 + 20 * h, 360_000))
    pays.append(payment(30, 61, 60, T0, 400_000, type_="salary"))
    pays.append(payment(31, 60, 62, T0 + 30 * h, 300_000))
    write(ws, "transactions", pays)
    devices = [
        {"device_id": "PH-1", "party_type": "person", "party_id": 20, "account_id": 20},
        {"device_id": "PH-1", "party_type": "person", "party_id": 40, "account_id": 40},
    ]
    write(ws, "devices", devices)
    return ws


@pytest.fixture
def ring_ws(tmp_path: Path) -> Workspace:
    return ring_world(tmp_path / "ring")
