"""``workspace_info``: rows, files, date ranges and quarantine counts per table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import _pacs008_sample as sample

from kuzet.ingest import ingest_files, workspace_info
from kuzet.model.identifiers import IBAN
from kuzet.workspace import Workspace

HEADER = "txn_id,ts,type,channel,amount,currency,amount_kzt,status"


def test_info_counts_ranges_and_quarantine(
    ws: Workspace, write: Callable[[str, str], Path]
) -> None:
    text = (
        f"{HEADER}\n"
        "1,2024-05-02T09:00:00+05:00,transfer,mobile,1,KZT,1,completed\n"
        "2,2024-06-30T23:00:00Z,transfer,mobile,1,KZT,1,completed\n"
        "3,2024-06-30T23:00:00Z,transfer,mobile,1,KZT,1,unknown\n"
    )
    ingest_files(ws, "transactions", [write("t.csv", text)])
    ingest_files(ws, None, [sample.SAMPLE])
    info = workspace_info(ws)
    tx = info["tables"]["transactions"]
    assert (tx["rows"], tx["files"], tx["time_column"]) == (5, 2, "ts")
    assert tx["from"] == "2024-05-02T04:00:00+00:00"
    assert tx["to"] == "2024-06-30T23:00:00+00:00"
    parties = info["tables"]["payment_parties"]
    assert parties["rows"] == 18 and parties["from"] is None
    assert "quarantine" not in info["tables"]
    assert info["quarantine"] == {
        "rows": 2,
        "by_table": {"transactions": {"amount": 1, "enum": 1}},
    }
    assert info["ingested_files"] == 2


def test_info_of_an_empty_workspace(ws: Workspace) -> None:
    info = workspace_info(ws.create())
    assert info["tables"] == {}
    assert info["quarantine"] == {"rows": 0, "by_table": {}}


def test_info_date_range_of_a_date_column(ws: Workspace, write: Callable[[str, str], Path]) -> None:
    text = "account_id,iban,bank_id,holder_type,holder_id,product,currency,opened\n" + "".join(
        f"{i},{IBAN.make('901', f'KZT{i:010d}')},1,person,{i},current,KZT,2021-0{i}-15\n"
        for i in range(1, 4)
    )
    ingest_files(ws, "accounts", [write("acc.csv", text)])
    acc = workspace_info(ws)["tables"]["accounts"]
    assert (acc["time_column"], acc["from"], acc["to"]) == ("opened", "2021-01-15", "2021-03-15")
