"""LOAN-08 of the FMA pack tells an owner's own loan to their company from a link that runs
through companies: a founder financing their firm directly is ordinary (a weak link, 0.3);
two firms with one owner, or a firm controlled by the lender's relative, are the loan-back
structures the indicator is for (0.8)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from tiny_world import firm, indicator_hits, write

from kuzet.typologies import RunWindow, load_pack
from kuzet.typologies._loader import BUILTIN_PACKS
from kuzet.workspace import Workspace

PACK = load_pack(BUILTIN_PACKS / "afm-2026.1.yaml", allow_unsigned=True)
ISSUED = dt.date(2026, 1, 10)
WINDOW = RunWindow(dt.date(2026, 1, 1), dt.date(2026, 2, 1))

FOUNDER, STRANGER, OWNER, KIN = 1, 2, 3, 4
Hits = dict[int, tuple[float, dict[str, Any]]]
OWN_FIRM, SISTER_A, SISTER_B, KIN_FIRM = 11, 12, 13, 14


def _person(pid: int) -> dict[str, Any]:
    return {
        "person_id": pid,
        "iin": f"{pid:012d}",
        "last_name": "Test",
        "first_name": "P",
        "birth_date": dt.date(1980, 1, 1),
        "declared_income_kzt": 500_000,
    }


def _loan(lid: int, lender_type: str, lender_id: int, borrower_id: int) -> dict[str, Any]:
    return {
        "loan_id": lid,
        "lender_type": lender_type,
        "lender_party_type": lender_type,
        "lender_id": lender_id,
        "borrower_type": "entity",
        "borrower_id": borrower_id,
        "amount": 5_000_000,
        "currency": "KZT",
        "amount_kzt": 5_000_000,
        "rate": 0.0,
        "issued": ISSUED,
        "status": "active",
    }


def _relation(
    rid: int, src_type: str, src: int, dst_type: str, dst: int, kind: str
) -> dict[str, Any]:
    return {
        "relation_id": rid,
        "src_type": src_type,
        "src_id": src,
        "dst_type": dst_type,
        "dst_id": dst,
        "kind": kind,
    }


@pytest.fixture(scope="module")
def loan08(tmp_path_factory: pytest.TempPathFactory) -> Hits:
    ws = Workspace(tmp_path_factory.mktemp("loans") / "ws")
    write(ws, "persons", [_person(p) for p in (FOUNDER, STRANGER, OWNER, KIN)])
    write(ws, "legal_entities", [firm(e) for e in (OWN_FIRM, SISTER_A, SISTER_B, KIN_FIRM)])
    write(
        ws,
        "relations",
        [
            _relation(1, "person", FOUNDER, "entity", OWN_FIRM, "founder"),
            _relation(2, "person", OWNER, "entity", SISTER_A, "owner"),
            _relation(3, "person", OWNER, "entity", SISTER_B, "owner"),
            _relation(4, "person", KIN, "entity", KIN_FIRM, "owner"),
            _relation(5, "person", FOUNDER, "person", KIN, "relative"),
        ],
    )
    write(
        ws,
        "loans",
        [
            _loan(101, "person", FOUNDER, OWN_FIRM),  # the founder's own firm
            _loan(102, "entity", SISTER_A, SISTER_B),  # two firms, one owner
            _loan(103, "person", FOUNDER, KIN_FIRM),  # a firm the lender's relative owns
            _loan(104, "person", STRANGER, OWN_FIRM),  # no link
        ],
    )
    return indicator_hits(ws, PACK, WINDOW, "LOAN-08")


def test_a_founder_financing_their_own_firm_is_a_weak_link(loan08: Hits) -> None:
    score, metrics = loan08[101]
    assert score == pytest.approx(0.3)
    assert metrics["linked_parties"] is True
    assert metrics["link_through_company"] is False


@pytest.mark.parametrize("loan", [102, 103])
def test_links_through_companies_are_strong(loan08: Hits, loan: int) -> None:
    score, metrics = loan08[loan]
    assert score == pytest.approx(0.8)
    assert metrics["link_through_company"] is True


def test_unrelated_parties_are_not_linked(loan08: Hits) -> None:
    assert 104 not in loan08


@pytest.fixture(scope="module")
def terms(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Hits]:
    """LOAN-01, -02 and -04 on two loans alike but for the lender: the borrowing firm's
    founder, and a stranger."""
    ws = Workspace(tmp_path_factory.mktemp("terms") / "ws")
    write(ws, "persons", [_person(p) for p in (FOUNDER, STRANGER)])
    write(ws, "legal_entities", [firm(OWN_FIRM)])
    write(ws, "relations", [_relation(1, "person", FOUNDER, "entity", OWN_FIRM, "founder")])
    write(
        ws,
        "loans",
        [_loan(101, "person", FOUNDER, OWN_FIRM), _loan(104, "person", STRANGER, OWN_FIRM)],
    )
    return {i: indicator_hits(ws, PACK, WINDOW, i) for i in ("LOAN-01", "LOAN-02", "LOAN-04")}


@pytest.mark.parametrize(
    ("indicator", "full"), [("LOAN-01", 1.0), ("LOAN-02", 0.4), ("LOAN-04", 1.0)]
)
def test_a_founders_own_firm_loan_on_routine_terms_weighs_half(
    terms: dict[str, Hits], indicator: str, full: float
) -> None:
    # no schedule, no interest, no collateral: the usual terms of a founder's financial
    # assistance to their company; the same terms from a stranger keep their full score
    founder_score, founder_metrics = terms[indicator][101]
    stranger_score, stranger_metrics = terms[indicator][104]
    assert stranger_score == pytest.approx(full)
    assert founder_score == pytest.approx(full * 0.5)  # founder_factor
    assert founder_metrics["lender_owns_borrower"] is True
    assert stranger_metrics["lender_owns_borrower"] is False
