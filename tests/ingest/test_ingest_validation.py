"""Each validation rule quarantines the right file, line, field and reason; good rows land."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kuzet.ingest import ingest_files
from kuzet.model.identifiers import BIN, IBAN, IIN
from kuzet.model.money import FxRates
from kuzet.model.schemas import TABLES
from kuzet.workspace import Workspace

Write = Callable[[str, str], Path]
UTC = dt.UTC
HEADER = "txn_id,ts,type,channel,amount,currency,amount_kzt,status"


def quarantine(ws: Workspace) -> list[dict[str, Any]]:
    return ws.read("quarantine").to_pylist() if ws.files("quarantine") else []


def failures(ws: Workspace) -> list[tuple[int | None, str | None, str]]:
    """(line, field, reason) of every quarantine row, in line order."""
    return [(q["line"], q["field"], q["reason"]) for q in quarantine(ws)]


def good_ids(ws: Workspace, table: str = "transactions", key: str = "txn_id") -> list[int]:
    return sorted(ws.read(table, [key])[key].to_pylist()) if ws.files(table) else []


def test_good_rows_land_in_the_canonical_schema(ws: Workspace, write: Write) -> None:
    path = write(
        "t.csv",
        f"{HEADER},knp,narrative\n"
        "1,2024-05-02T09:00:00+05:00,transfer,mobile,1500.50,KZT,1500.50,completed,119,зарплата\n"
        "2,2024-05-02 10:00,card_payment,pos,20,KZT,20.00,attempted,,\n",
    )
    report = ingest_files(ws, "transactions", [path])
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (2, 2, 0)
    data = ws.read("transactions")
    assert data.schema == TABLES["transactions"].schema
    rows = data.sort_by("txn_id").to_pylist()
    assert rows[0]["amount"] == Decimal("1500.50")
    assert rows[0]["narrative"] == "зарплата"
    assert rows[0]["knp"] == "119"
    assert rows[1]["knp"] is None  # an empty field is a missing value
    assert not ws.files("quarantine")


def test_each_rule_quarantines_its_field_line_and_reason(ws: Workspace, write: Write) -> None:
    lines = [
        HEADER,  # line 1
        "1,2024-05-02T09:00:00,transfer,mobile,10.00,KZT,10.00,completed",  # good
        "2,,transfer,mobile,10.00,KZT,10.00,completed",  # required ts
        "3,2024-05-02T09:00:00,wire,mobile,10.00,KZT,10.00,completed",  # enum type
        "x4,2024-05-02T09:00:00,transfer,mobile,10.00,KZT,10.00,completed",  # integer
        "5,02.05.2024 09:00,transfer,mobile,10.00,KZT,10.00,completed",  # timestamp
        "6,2024-02-30T09:00:00,transfer,mobile,10.00,KZT,10.00,completed",  # not a day
        '7,2024-05-02T09:00:00,transfer,mobile,"1 000,50",KZT,10.00,completed',  # amount
        "8,2024-05-02T09:00:00,transfer,mobile,10.005,KZT,10.00,completed",  # 3 decimals
        "9,2024-05-02T09:00:00,transfer,mobile,-10.00,KZT,10.00,completed",  # negative
        "10,2024-05-02T09:00:00,transfer,mobile,12345678901234567.00,KZT,1,completed",  # big
        "11,2024-05-02T09:00:00,transfer,mobile,10.00,KZT,10.00,done",  # enum status
        "12,2024-05-02T09:00:00,transfer,mobile,10.00,KZT,10.00",  # too few fields
        "13,2024-05-02T09:00:00,transfer,mobile,10.00,XYZ,,completed",  # no rate for XYZ
        "14,2023-06-01T09:00:00,transfer,mobile,10.00,USD,,completed",  # before the rates
    ]
    path = write("rules.csv", "\n".join(lines) + "\n")
    report = ingest_files(ws, "transactions", [path])
    assert failures(ws) == [
        (3, "ts", "required"),
        (4, "type", "enum"),
        (5, "txn_id", "type"),
        (6, "ts", "timestamp"),
        (7, "ts", "timestamp"),
        (8, "amount", "amount"),
        (9, "amount", "amount"),
        (10, "amount", "negative_amount"),
        (11, "amount", "amount"),
        (12, "status", "enum"),
        (13, None, "row_shape"),
        (14, "amount_kzt", "fx"),
        (15, "amount_kzt", "fx"),
    ]
    assert good_ids(ws) == [1]
    assert (report.rows_read, report.rows_loaded, report.rows_quarantined) == (14, 1, 13)
    assert report.reasons["timestamp"] == 2
    q = {row["line"]: row for row in quarantine(ws)}
    assert q[8]["value"] == "1 000,50"
    assert q[13]["value"].startswith("12,2024-05-02")
    assert "2024-01-01" in q[15]["detail"]  # says when the rates start
    assert "XYZ" in q[14]["detail"]
    assert {row["file"] for row in q.values()} == {str(path)}
    assert {row["table"] for row in q.values()} == {"transactions"}
    assert {row["file_sha256"] for row in q.values()} == {report.files[0].sha256}


def test_one_row_failing_several_fields_gives_one_row_each(ws: Workspace, write: Write) -> None:
    path = write("two.csv", f"{HEADER}\n1,yesterday,wire,mobile,10.00,KZT,10.00,completed\n")
    report = ingest_files(ws, "transactions", [path])
    assert failures(ws) == [(2, "ts", "timestamp"), (2, "type", "enum")]
    assert report.rows_quarantined == 1


def test_csv_lines_are_physical_lines(ws: Workspace, write: Write) -> None:
    text = (
        f"{HEADER},narrative\n"
        '1,2024-05-02T09:00:00,transfer,mobile,1.00,KZT,1.00,completed,"two\nlines"\n'
        "\n"
        '2,2024-05-02T09:00:00,transfer,mobile,1.00,KZT,1.00,completed,"say ""hi"""\n'
        "only,three,fields\n"
        "3,2024-05-02T09:00:00,transfer,bike,1.00,KZT,1.00,completed,\n"
    )
    ingest_files(ws, "transactions", [write("lines.csv", text)])
    assert failures(ws) == [(6, None, "row_shape"), (7, "channel", "enum")]
    assert good_ids(ws) == [1, 2]
    narratives = ws.read("transactions").sort_by("txn_id")["narrative"].to_pylist()
    assert narratives == ["two\nlines", 'say "hi"']


def test_crlf_bom_and_semicolons(ws: Workspace, write: Write) -> None:
    text = "\ufefftxn_id;ts;type;channel;amount;currency;amount_kzt;status\r\n"
    text += "1;2024-05-02T09:00:00;transfer;mobile;5.00;KZT;5.00;completed\r\n"
    text += "2;2024-05-02T09:00:00;transfer;mobile;5.00;KZT;5.00;lost\r\n"
    ingest_files(ws, "transactions", [write("semi.csv", text)], delimiter=";")
    assert good_ids(ws) == [1]
    assert failures(ws) == [(3, "status", "enum")]


def test_naive_times_are_almaty_and_stored_in_utc(ws: Workspace, write: Write) -> None:
    text = (
        f"{HEADER}\n"
        "1,2024-05-02T09:00:00,transfer,mobile,1,KZT,1,completed\n"  # UTC+5 since March 2024
        "2,2024-01-15T09:00:00,transfer,mobile,1,KZT,1,completed\n"  # UTC+6 before
        "3,2024-05-02T09:00:00Z,transfer,mobile,1,KZT,1,completed\n"
        "4,2024-05-02T09:00:00.250+03:00,transfer,mobile,1,KZT,1,completed\n"
        "5,2024-05-02,transfer,mobile,1,KZT,1,completed\n"  # a date: local midnight
    )
    ingest_files(ws, "transactions", [write("tz.csv", text)])
    ts = ws.read("transactions").sort_by("txn_id")["ts"].to_pylist()
    assert ts == [
        dt.datetime(2024, 5, 2, 4, 0, tzinfo=UTC),
        dt.datetime(2024, 1, 15, 3, 0, tzinfo=UTC),
        dt.datetime(2024, 5, 2, 9, 0, tzinfo=UTC),
        dt.datetime(2024, 5, 2, 6, 0, 0, 250000, tzinfo=UTC),
        dt.datetime(2024, 5, 1, 19, 0, tzinfo=UTC),
    ]


def test_missing_amount_kzt_is_computed_from_fx(ws: Workspace, write: Write) -> None:
    text = (
        "txn_id,ts,type,channel,amount,currency,status\n"  # no amount_kzt column at all
        "1,2024-05-02T09:00:00,transfer,swift,100.00,USD,completed\n"
        "2,2024-05-02T23:30:00,transfer,swift,100.00,EUR,completed\n"
        "3,2024-05-02T09:00:00,transfer,mobile,100.00,KZT,completed\n"
    )
    ingest_files(ws, "transactions", [write("fx.csv", text)])
    rows = ws.read("transactions").sort_by("txn_id").to_pylist()
    rates = FxRates.load()
    assert rows[0]["amount_kzt"] == Decimal("100") * rates.rate("USD", dt.date(2024, 5, 2))
    assert rows[1]["amount_kzt"] == Decimal("100") * rates.rate("EUR", dt.date(2024, 5, 2))
    assert rows[2]["amount_kzt"] == Decimal("100.00")


def test_null_amount_kzt_is_filled_and_given_one_kept(ws: Workspace, write: Write) -> None:
    text = (
        f"{HEADER}\n"
        "1,2024-05-02T09:00:00,transfer,swift,10.00,USD,,completed\n"
        "2,2024-05-02T09:00:00,transfer,swift,10.00,USD,4000.00,completed\n"
    )
    ingest_files(ws, "transactions", [write("fx2.csv", text)])
    kzt = ws.read("transactions").sort_by("txn_id")["amount_kzt"].to_pylist()
    assert kzt[0] == Decimal("10") * FxRates.load().rate("USD", dt.date(2024, 5, 2))
    assert kzt[1] == Decimal("4000.00")


def test_unknown_columns_are_ignored_with_a_warning(ws: Workspace, write: Write) -> None:
    text = f"{HEADER},branch_code\n1,2024-05-02T09:00:00,transfer,mobile,1,KZT,1,completed,7\n"
    report = ingest_files(ws, "transactions", [write("extra.csv", text)])
    assert report.files[0].warnings == ["ignored columns unknown to transactions: branch_code"]
    assert good_ids(ws) == [1]


@pytest.mark.parametrize(
    ("table", "column", "good", "bad"),
    [
        ("persons", "iin", IIN.make(dt.date(1990, 1, 2), "F", 17), "900102400175"),
        ("legal_entities", "bin", BIN.make(dt.date(2015, 3, 1), 4, 0, 5), "151340000058"),
        ("accounts", "iban", IBAN.make("901", "KZT0000000001"), "KZ00901KZT0000000001"),
        ("banks", "bic", "DALAKZKA", "DALA-KZ"),
    ],
)
def test_identifier_check_digits(
    ws: Workspace, write: Write, table: str, column: str, good: str, bad: str
) -> None:
    base = {
        "persons": (
            "person_id,iin,last_name,first_name,birth_date\n{id},{v},Ахметова,Айгерим,1990-01-02"
        ),
        "legal_entities": (
            "entity_id,bin,name,kind,registered,country,status\n"
            "{id},{v},ТОО Дала,company,2015-03-01,KZ,active"
        ),
        "accounts": (
            "account_id,iban,bank_id,holder_type,holder_id,product,currency,opened\n"
            "{id},{v},1,person,1,current,KZT,2020-01-01"
        ),
        "banks": "bank_id,bic,name,country\n{id},{v},Dala Bank,KZ",
    }[table]
    header, row = base.split("\n")
    text = "\n".join([header, row.format(id=1, v=good), row.format(id=2, v=bad)]) + "\n"
    ingest_files(ws, table, [write(f"{table}.csv", text)])
    key = TABLES[table].key[0]
    assert good_ids(ws, table, key) == [1]
    assert failures(ws) == [(3, column, "identifier")]
    detail = quarantine(ws)[0]["detail"]
    assert detail.startswith(("IIN", "BIN", "IBAN", "BIC"))


def test_identifiers_are_normalised(ws: Workspace, write: Write) -> None:
    iban = IBAN.make("901", "KZT0000000001")
    spaced = " ".join(iban[i : i + 4] for i in range(0, 20, 4)).lower()
    text = (
        "account_id,iban,bank_id,holder_type,holder_id,product,currency,opened\n"
        f'1,"{spaced}",1,person,1,current,KZT,2020-01-01\n'
    )
    ingest_files(ws, "accounts", [write("acc.csv", text)])
    assert ws.read("accounts")["iban"].to_pylist() == [iban]


def test_units_are_written_in_their_canonical_spelling(ws: Workspace, write: Write) -> None:
    # a customs list in English codes, a contract in Russian: both per "шт" once loaded
    text = (
        "hs_code,unit,price,currency,price_kzt,valid_from,source\n"
        "847130,PCS,500,USD,230000,2026-01-01,customs\n"
        "080390,Кг.,1,USD,460,2026-01-01,market\n"
        "030617,796,9,USD,4140,2026-01-01,customs\n"
        '271121," тыс. куб. м ",90,USD,41400,2026-01-01,exchange\n'
        "999999,боб. ,1,USD,460,2026-01-01,market\n"
    )
    report = ingest_files(ws, "reference_prices", [write("prices.csv", text)])
    assert report.rows_quarantined == 0
    units = ws.read("reference_prices").sort_by("hs_code")["unit"].to_pylist()
    # an unlisted spelling is kept, trimmed: it matches only itself
    assert units == ["шт", "кг", "тыс. м3", "шт", "боб."]


def test_dates_booleans_and_floats(ws: Workspace, write: Write) -> None:
    iin = IIN.make(dt.date(1990, 1, 2), "F", 17)
    text = (
        "person_id,iin,last_name,first_name,birth_date,resident,pep\n"
        f"1,{iin},А,Б,1990-01-02,true,0\n"
        f"2,{iin},А,Б,02.01.1990,true,0\n"
        f"3,{iin},А,Б,1990-02-30,true,0\n"
        f"4,{iin},А,Б,1990-01-02,da,0\n"
    )
    ingest_files(ws, "persons", [write("p.csv", text)])
    assert good_ids(ws, "persons", "person_id") == [1]
    assert failures(ws) == [
        (3, "birth_date", "date"),
        (4, "birth_date", "date"),
        (5, "resident", "type"),
    ]
    assert ws.read("persons")["resident"].to_pylist() == [True]


def test_parquet_types_are_cast_and_rows_numbered(ws: Workspace, tmp_path: Path) -> None:
    data = pa.table(
        {
            "txn_id": pa.array([1, 2, 3, 4], pa.int32()),
            "ts": pa.array(
                [dt.datetime(2024, 5, 2, 9, 0)] * 4, pa.timestamp("ns")
            ),  # naive: Almaty
            "type": pa.array(["transfer", "transfer", "wire", "transfer"]).dictionary_encode(),
            "channel": ["mobile"] * 4,
            "amount": pa.array([10.5, 0.1 + 0.2, 1.0, 1.005], pa.float64()),
            "currency": ["KZT"] * 4,
            "amount_kzt": pa.array([10.5, 0.3, 1.0, 1.0], pa.float64()),
            "status": ["completed"] * 4,
            "loan_id": pa.array([None, 7, None, None], pa.int64()),
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(data, path)
    report = ingest_files(ws, "transactions", [path])
    assert report.files[0].format == "parquet"
    assert failures(ws) == [(3, "type", "enum"), (4, "amount", "amount")]
    rows = ws.read("transactions").sort_by("txn_id").to_pylist()
    assert [r["txn_id"] for r in rows] == [1, 2]
    assert rows[0]["ts"] == dt.datetime(2024, 5, 2, 4, 0, tzinfo=UTC)
    assert rows[1]["amount"] == Decimal("0.30")
    assert rows[1]["loan_id"] == 7


def test_parquet_text_columns_get_the_csv_rules(ws: Workspace, tmp_path: Path) -> None:
    data = pa.table(
        {
            "txn_id": ["1", "2"],
            "ts": ["2024-05-02T09:00:00+05:00", "soon"],
            "type": ["transfer"] * 2,
            "channel": ["mobile"] * 2,
            "amount": ["1.00", "2.00"],
            "currency": ["KZT"] * 2,
            "amount_kzt": ["1.00", "2.00"],
            "status": ["completed"] * 2,
        }
    )
    path = tmp_path / "text.parquet"
    pq.write_table(data, path)
    ingest_files(ws, "transactions", [path])
    assert failures(ws) == [(2, "ts", "timestamp")]
    assert good_ids(ws) == [1]


def test_missing_inputs_of_amount_kzt_are_reported_once(ws: Workspace, write: Write) -> None:
    text = f"{HEADER}\n1,2024-05-02T09:00:00,transfer,mobile,10.00,,,completed\n"
    ingest_files(ws, "transactions", [write("cur.csv", text)])
    assert failures(ws) == [(2, "currency", "required")]


def test_many_batches_keep_rows_lines_and_ids(
    ws: Workspace, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small blocks force many batches through the reading and writing threads."""
    monkeypatch.setattr("kuzet.ingest._csv.BLOCK_SIZE", 4096)
    rows = [HEADER]
    for i in range(1, 3001):
        status = "lost" if i % 500 == 0 else "completed"
        note = '"two\nlines"' if i == 1234 else ""
        rows.append(f"{i},2024-05-02T09:00:00,transfer,mobile,1.00,KZT,1.00,{status}{',' + note}")
    rows[0] += ",narrative"
    ingest_files(ws, "transactions", [write("big.csv", "\n".join(rows) + "\n")])
    assert ws.row_count("transactions") == 2994
    assert len(ws.files("transactions")) == 2  # one per writer thread, batches as row groups
    # record i sits on line i + 1, one more after the two-line record 1234
    expected = [(i + 1 + (i > 1234), "status", "enum") for i in range(500, 3001, 500)]
    assert failures(ws) == expected
    ids = ws.read("transactions")["txn_id"].to_pylist()
    assert len(set(ids)) == 2994 and 1234 in ids
