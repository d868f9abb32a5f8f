"""ISO 20022 pacs.008: transactions, every party block, codes, accounts and bad transactions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import _pacs008_sample as sample
import pyarrow as pa
import pytest

from kuzet.ingest import ingest_files
from kuzet.model.money import FxRates
from kuzet.workspace import Workspace

Write = Callable[[str, str], Path]
UTC = dt.UTC


def _accounts(ws: Workspace) -> None:
    """The workspace's own accounts: the sample's debtor person and company bank with us."""
    ws.create().write_table(
        "accounts",
        pa.table(
            {
                "account_id": pa.array([10, 11], pa.int64()),
                "iban": [sample.OUR_PERSON_IBAN, sample.OUR_COMPANY_IBAN],
                "bank_id": pa.array([1, 1], pa.int64()),
                "holder_type": ["person", "entity"],
                "holder_id": pa.array([1, 2], pa.int64()),
                "product": ["current", "current"],
                "currency": ["KZT", "KZT"],
                "opened": pa.array([dt.date(2020, 1, 1)] * 2, pa.date32()),
            }
        ),
    )


@pytest.fixture
def loaded(ws: Workspace) -> tuple[Workspace, list[dict[str, Any]], list[dict[str, Any]]]:
    _accounts(ws)
    ingest_files(ws, None, [sample.SAMPLE])
    txs = ws.read("transactions").sort_by("txn_id").to_pylist()
    parties = ws.read("payment_parties").sort_by([("txn_id", "ascending")]).to_pylist()
    return ws, txs, parties


def test_shipped_sample_matches_its_generator() -> None:
    assert sample.SAMPLE.read_text("utf-8") == sample.document()


def test_one_row_per_credit_transfer_and_the_bad_one_quarantined(ws: Workspace) -> None:
    _accounts(ws)
    report = ingest_files(ws, None, [sample.SAMPLE])
    f = report.files[0]
    assert (f.format, f.table) == ("pacs008", "transactions")
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (4, 3, 1)
    q = ws.read("quarantine").to_pylist()
    assert [(r["table"], r["line"], r["field"], r["reason"], r["value"]) for r in q] == [
        ("transactions", sample.bad_amount_line(), "amount", "amount", "1 250 000,00")
    ]
    assert q[0]["file"] == str(sample.SAMPLE)


def test_transaction_fields(
    loaded: tuple[Workspace, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    _, txs, _ = loaded
    domestic, cross, _ = txs
    assert [t["txn_id"] for t in txs] == [1, 2, 3]
    assert {t["type"] for t in txs} == {"transfer"}
    # AccptncDtTm, naive, is Almaty time (UTC+5 in May 2024)
    assert domestic["ts"] == dt.datetime(2024, 5, 14, 5, 15, tzinfo=UTC)
    assert cross["ts"] == dt.datetime(2024, 5, 14, 4, 30, tzinfo=UTC)  # from GrpHdr/CreDtTm
    assert domestic["ref"] == sample.UETR_1
    assert cross["ref"] == "E2E-0002"  # no UETR: the EndToEndId
    assert (domestic["knp"], domestic["kod"], domestic["kbe"]) == ("710", "19", "17")
    assert (cross["knp"], cross["kod"], cross["kbe"]) == ("720", "17", "27")
    assert domestic["narrative"] == "Оплата по договору №12 за товары"
    assert cross["narrative"] == "Prepayment, contract 7/2024 electronics"
    assert domestic["amount"] == Decimal("4850000.00")
    assert cross["currency"] == "USD"
    expected_kzt = Decimal("120000") * FxRates.load().rate("USD", dt.date(2024, 5, 14))
    assert cross["amount_kzt"] == expected_kzt


def test_accounts_resolve_and_the_other_side_is_the_counterparty(
    loaded: tuple[Workspace, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    _, txs, _ = loaded
    domestic, cross, incoming = txs
    assert (domestic["src_account_id"], domestic["dst_account_id"]) == (10, None)
    assert domestic["cp_name"] == "ТОО «Дала Трейд»"
    assert domestic["cp_iban"] == sample.EXT_COMPANY_IBAN
    assert domestic["cp_bic"] == sample.OTHER_KZ_BIC
    assert (cross["src_account_id"], cross["cp_country"]) == (11, "AE")
    assert cross["cp_bic"] == sample.AE_BIC
    assert (incoming["src_account_id"], incoming["dst_account_id"]) == (None, 10)
    assert incoming["cp_name"] == "Anna Vogel"
    assert incoming["cp_iban"] == sample.FOREIGN_PERSON_IBAN
    assert incoming["cp_country"] == "DE"


def test_every_party_block_ultimate_parties_and_agents_included(
    loaded: tuple[Workspace, list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    _, _, parties = loaded
    by = {(p["txn_id"], p["role"], p["seq"]): p for p in parties}
    assert sorted(k[1:] for k in by if k[0] == 2) == [
        ("creditor", 1),
        ("creditor_agent", 1),
        ("debtor", 1),
        ("debtor_agent", 1),
        ("initiating", 1),
        ("intermediary_agent", 1),
        ("intermediary_agent", 2),
        ("ultimate_creditor", 1),
    ]
    ult_debtor = by[(1, "ultimate_debtor", 1)]
    assert ult_debtor["name"] == "Серикбаева Айгуль Маратовна"
    assert ult_debtor["private_id"] == sample.ULTIMATE_IIN
    assert ult_debtor["birth_date"] == dt.date(1962, 11, 3)
    assert ult_debtor["birth_place"] == "Караганда, KZ"
    assert by[(1, "ultimate_creditor", 1)]["org_id"] == sample.ULTIMATE_BIN
    assert by[(1, "debtor", 1)]["iban"] == sample.OUR_PERSON_IBAN
    assert by[(1, "debtor", 1)]["address"] == "г. Астана, ул. Вымышленная, 7"
    assert by[(1, "creditor", 1)]["org_id"] == sample.COMPANY_BIN
    assert by[(2, "intermediary_agent", 1)]["bic"] == sample.DE_BIC
    assert by[(2, "intermediary_agent", 1)]["name"] == "Falkenbank AG"
    assert by[(2, "intermediary_agent", 2)]["bic"] == sample.US_BIC
    assert by[(2, "ultimate_creditor", 1)]["country"] == "SC"
    assert by[(3, "debtor", 1)]["private_id"] == "C01X00T47"
    assert by[(3, "debtor", 1)]["birth_date"] == dt.date(1979, 8, 21)
    assert not [p for p in parties if p["txn_id"] not in (1, 2, 3)]  # none of the bad one


def test_ids_continue_after_the_workspace_maximum(ws: Workspace, write: Write) -> None:
    header = "txn_id,ts,type,channel,amount,currency,amount_kzt,status"
    csv = write("t.csv", f"{header}\n41,2024-05-02T09:00:00,transfer,pos,1,KZT,1,completed\n")
    ingest_files(ws, "transactions", [csv])
    ingest_files(ws, "transactions", [sample.SAMPLE])
    ids = sorted(ws.read("transactions")["txn_id"].to_pylist())
    assert ids == [41, 42, 43, 44]
    party_ids = set(ws.read("payment_parties")["txn_id"].to_pylist())
    assert party_ids == {42, 43, 44}


def _message(body: str, ns: str = 'xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.02"') -> str:
    return (
        f'<?xml version="1.0"?>\n<Document {ns}>\n<FIToFICstmrCdtTrf>\n'
        "<GrpHdr><MsgId>M1</MsgId></GrpHdr>\n"
        f"{body}\n</FIToFICstmrCdtTrf>\n</Document>\n"
    )


TX = (
    "<CdtTrfTxInf>\n"
    "<PmtId><EndToEndId>{ref}</EndToEndId></PmtId>\n"
    '<IntrBkSttlmAmt Ccy="KZT">10.00</IntrBkSttlmAmt>\n'
    "<IntrBkSttlmDt>2024-05-14</IntrBkSttlmDt>\n"
    "<Dbtr><Nm>Alpha</Nm>{dbtr}</Dbtr>\n"
    "<Cdtr><Nm>Beta</Nm></Cdtr>\n"
    "{extra}"
    "</CdtTrfTxInf>"
)


def test_a_bad_party_sets_its_transaction_aside(ws: Workspace, write: Write) -> None:
    bad_birth = (
        "<Id><PrvtId><DtAndPlcOfBirth>\n<BirthDt>1980-02-31</BirthDt>\n"
        "</DtAndPlcOfBirth></PrvtId></Id>"
    )
    text = _message(
        TX.format(ref="A", dbtr="", extra="") + "\n" + TX.format(ref="B", dbtr=bad_birth, extra="")
    )
    path = write("party.xml", text)
    report = ingest_files(ws, "transactions", [path])
    assert (report.rows_loaded, report.rows_quarantined) == (1, 1)
    assert ws.read("transactions")["ref"].to_pylist() == ["A"]
    assert ws.read("payment_parties")["name"].to_pylist() == ["Alpha", "Beta"]
    q = ws.read("quarantine").to_pylist()
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "1980-02-31" in s)
    assert [(r["table"], r["line"], r["field"], r["reason"]) for r in q] == [
        ("payment_parties", line, "birth_date", "date")
    ]
    assert report.files[0].loaded == {"transactions": 1, "payment_parties": 2}


def test_namespace_agnostic_and_settlement_date_fallback(ws: Workspace, write: Write) -> None:
    prefixed = _message(
        TX.format(ref="P", dbtr="", extra="").replace("<", "<p:").replace("<p:/", "</p:"),
        ns='xmlns:p="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.10"',
    ).replace("<FIToFICstmrCdtTrf>", "<p:FIToFICstmrCdtTrf>")
    prefixed = prefixed.replace("</FIToFICstmrCdtTrf>", "</p:FIToFICstmrCdtTrf>")
    prefixed = prefixed.replace("<GrpHdr><MsgId>M1</MsgId></GrpHdr>", "")
    prefixed = prefixed.replace("<Document ", "<p:Document ").replace(
        "</Document>", "</p:Document>"
    )
    bare = _message(TX.format(ref="N", dbtr="", extra=""), ns="")
    ingest_files(ws, "transactions", [write("p.xml", prefixed), write("n.xml", bare)])
    rows = ws.read("transactions").sort_by("ref").to_pylist()
    assert [r["ref"] for r in rows] == ["N", "P"]
    # no AccptncDtTm and no CreDtTm: the settlement date, midnight in Almaty
    assert rows[0]["ts"] == dt.datetime(2024, 5, 13, 19, 0, tzinfo=UTC)


def test_purpose_code_gives_the_knp_and_cyrillic_labels_count(ws: Workspace, write: Write) -> None:
    extra = (
        "<Purp><Prtry>311</Prtry></Purp>\n"
        "<RgltryRptg><Dtls><Inf>КОд 19, КБе 19</Inf></Dtls></RgltryRptg>\n"
    )
    ingest_files(
        ws, "transactions", [write("k.xml", _message(TX.format(ref="K", dbtr="", extra=extra)))]
    )
    row = ws.read("transactions").to_pylist()[0]
    assert (row["knp"], row["kod"], row["kbe"]) == ("311", "19", "19")
    assert row["cp_name"] == "Beta"  # neither side is ours: the creditor is the counterparty
