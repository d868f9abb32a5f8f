"""TBML-04 of the FMA pack prices a contract against the published reference price
(``reference_prices``: customs value-risk profile, market quotation) when there is one, and
against the prices of the other contracts and declarations of its heading when there is not."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tiny_world import firm, indicator_hits, write

from kuzet.cli.monitor import missing_inputs
from kuzet.ingest import ingest_files
from kuzet.typologies import RunWindow, load_pack
from kuzet.typologies._loader import BUILTIN_PACKS
from kuzet.workspace import Workspace

PACK = load_pack(BUILTIN_PACKS / "afm-2026.1.yaml", allow_unsigned=True)
SIGNED = dt.date(2026, 1, 10)
WINDOW = RunWindow(dt.date(2026, 1, 1), dt.date(2026, 2, 1))
LAPTOP_KZT = 230_000.0  # the published price of one laptop (heading 847130)
PHONE_KZT = 100_000.0  # a phone's typical price (heading 851713), usual range 1/2 to 3 times
Hits = dict[int, tuple[float, dict[str, Any]]]

# contract id → (HS code, unit, unit price in tenge)
CONTRACTS = {
    1: ("8471300000", "шт", LAPTOP_KZT * 1.1),  # near the published price
    2: ("8471300000", "шт", LAPTOP_KZT * 1.8),  # over-invoiced against it
    3: ("8471300000", "шт", LAPTOP_KZT / 4.0),  # under-invoiced against it
    4: ("8471300000", "кг", LAPTOP_KZT * 2.5),  # another unit: no published price
    5: ("8471410000", "шт", LAPTOP_KZT * 2.5),  # another heading, listed at 10 digits
    6: ("9403600000", "шт", 500_000.0),  # not on the list, no other contract: no reference
    7: ("8517130000", "шт", PHONE_KZT * 2.5),  # a dear phone, inside the published range
    8: ("8517130000", "шт", PHONE_KZT * 5.0),  # 5/3 times the range's top
}


def _contract(cid: int, hs: str, unit: str, unit_kzt: float) -> dict[str, Any]:
    qty = 100.0
    amount = Decimal(str(round(unit_kzt * qty, 2)))
    return {
        "contract_id": cid,
        "contract_no": f"CN-{cid}",
        "entity_id": 10,
        "direction": "import",
        "cp_name": "Example Trading Ltd",
        "cp_country": "CN",
        "hs_code": hs,
        "quantity": qty,
        "unit": unit,
        "amount": amount,
        "currency": "KZT",
        "amount_kzt": amount,
        "prepay_pct": 0.0,
        "signed": SIGNED,
        "delivery_due": SIGNED + dt.timedelta(days=30),
    }


def _price(
    hs: str,
    unit: str,
    kzt: float,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    usual: tuple[float, float] | None = None,
) -> dict[str, Any]:
    low, high = (None, None) if usual is None else (Decimal(str(v)) for v in usual)
    return {
        "hs_code": hs,
        "unit": unit,
        "price": Decimal(str(kzt)),
        "price_min": low,
        "price_max": high,
        "currency": "KZT",
        "price_kzt": Decimal(str(kzt)),
        "price_min_kzt": low,
        "price_max_kzt": high,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "source": "customs",
    }


@pytest.fixture(scope="module")
def tbml04(tmp_path_factory: pytest.TempPathFactory) -> Hits:
    ws = Workspace(tmp_path_factory.mktemp("prices") / "ws")
    write(ws, "legal_entities", [firm(10, oked="46510")])
    write(ws, "trade_contracts", [_contract(c, *spec) for c, spec in CONTRACTS.items()])
    write(
        ws,
        "reference_prices",
        [
            # an old price, replaced before the contracts were signed
            _price("847130", "шт", LAPTOP_KZT * 3, dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
            _price("847130", "шт", LAPTOP_KZT, dt.date(2026, 1, 1)),
            # a 10-digit code is more specific than its heading
            _price("8471410000", "шт", LAPTOP_KZT * 2.4, dt.date(2026, 1, 1)),
            _price("847141", "шт", LAPTOP_KZT, dt.date(2026, 1, 1)),
            _price(
                "851713",
                "шт",
                PHONE_KZT,
                dt.date(2026, 1, 1),
                usual=(PHONE_KZT / 2, PHONE_KZT * 3),
            ),
        ],
    )
    return indicator_hits(ws, PACK, WINDOW, "TBML-04")


def test_prices_far_from_the_published_reference_are_flagged(tbml04: Hits) -> None:
    score, metrics = tbml04[2]
    assert metrics["reference"] == "published"
    assert metrics["reference_hs"] == "847130"
    assert metrics["ratio_to_reference"] == pytest.approx(1.8)
    # no range published: the typical price is the range; 0.85 at `published_ratio` (1.5),
    # the full score at its square, in between by the log distance
    assert score == pytest.approx(0.85 + 0.15 * (math.log(1.8) / math.log(1.5) - 1.0))
    _, under = tbml04[3]
    assert under["ratio_to_reference"] == pytest.approx(0.25)


def test_a_price_near_the_reference_or_without_one_is_not(tbml04: Hits) -> None:
    assert 1 not in tbml04  # 1.1 times the published price
    assert 4 not in tbml04  # priced per kilogram: the list has laptops per piece only
    assert 6 not in tbml04  # no published price and no other contract of the heading


def test_the_most_specific_code_in_force_is_the_reference(tbml04: Hits) -> None:
    # 8471410000 is listed at 2.4 times the heading's price: 2.5 times the heading's price
    # is ordinary for it; the expired price (3 times) is not used for contract 2 either.
    assert 5 not in tbml04
    assert tbml04[2][1]["ratio_to_reference"] == pytest.approx(1.8)


def test_a_published_range_is_the_usual_price(tbml04: Hits) -> None:
    assert 7 not in tbml04  # 2.5 times the typical phone, under the range's top (3 times)
    _, metrics = tbml04[8]
    assert metrics["ratio_to_reference"] == pytest.approx(5.0)
    assert metrics["outside_published_range"] == pytest.approx(5.0 / 3.0)


def test_monitor_notes_a_missing_price_list(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws").create()
    write(ws, "trade_contracts", [_contract(1, *CONTRACTS[1])])
    notes = [n for n in missing_inputs(PACK, ws) if "reference_prices" in n]
    assert len(notes) == 1
    assert "TBML-04 reads reference_prices, which has no rows here" in notes[0]
    assert "kuzet ingest -t reference_prices FILE" in notes[0]
    write(ws, "reference_prices", [_price("847130", "шт", LAPTOP_KZT, dt.date(2026, 1, 1))])
    assert not [n for n in missing_inputs(PACK, ws) if "reference_prices" in n]


def test_a_list_in_other_spellings_of_the_unit_is_used(tmp_path: Path) -> None:
    # the customs list says "PCS" and "796"; ingest spells both "шт", as the contracts are
    ws = Workspace(tmp_path / "ws").create()
    write(ws, "legal_entities", [firm(10, oked="46510")])
    write(ws, "trade_contracts", [_contract(c, *CONTRACTS[c]) for c in (1, 2, 8)])
    listed = tmp_path / "prices.csv"
    listed.write_text(
        "hs_code,unit,price,price_min,price_max,currency,price_kzt,price_min_kzt,"
        "price_max_kzt,valid_from,source\n"
        f"8471.30,PCS,{LAPTOP_KZT},,,KZT,{LAPTOP_KZT},,,2026-01-01,customs\n"
        f"851713,796,{PHONE_KZT},{PHONE_KZT / 2},{PHONE_KZT * 3},KZT,{PHONE_KZT},"
        f"{PHONE_KZT / 2},{PHONE_KZT * 3},2026-01-01,customs\n",
        encoding="utf-8",
    )
    report = ingest_files(ws, "reference_prices", [listed])
    assert report.rows_loaded == 2
    hits = indicator_hits(ws, PACK, WINDOW, "TBML-04")
    assert set(hits) == {2, 8}
    assert {hits[c][1]["reference"] for c in hits} == {"published"}


def test_a_price_per_another_unit_of_the_same_kind_is_scaled(tmp_path: Path) -> None:
    # bananas listed per kilogram; the contracts are per tonne (and one per piece)
    per_kg = 460.0
    ws = Workspace(tmp_path / "ws").create()
    write(ws, "legal_entities", [firm(10, oked="46510")])
    contracts = {
        1: ("0803900000", "т", per_kg * 1000 * 1.2),  # near the list's price, per tonne
        2: ("0803900000", "т", per_kg * 1000 * 4.0),  # four times it
        3: ("0803900000", "шт", per_kg * 4.0),  # per piece: no price of that kind listed
    }
    write(ws, "trade_contracts", [_contract(c, *spec) for c, spec in contracts.items()])
    write(ws, "reference_prices", [_price("080390", "кг", per_kg, dt.date(2026, 1, 1))])
    hits = indicator_hits(ws, PACK, WINDOW, "TBML-04")
    assert set(hits) == {2}
    _, metrics = hits[2]
    assert metrics["reference"] == "published"
    assert metrics["reference_unit"] == "кг"
    assert metrics["ratio_to_reference"] == pytest.approx(4.0)
