"""``kuzet ingest``, ``kuzet workspace info`` and ``compact`` through typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kuzet.cli import app

HEADER = "txn_id,ts,type,channel,amount,currency,amount_kzt,status"
TEXT = (
    f"{HEADER},extra\n"
    "1,2024-05-02T09:00:00,transfer,mobile,10.00,KZT,10.00,completed,x\n"
    "2,2024-05-02T09:00:00,transfer,mobile,-1,KZT,10.00,completed,x\n"
)
runner = CliRunner(env={"COLUMNS": "200"})  # wide enough that rich wraps nothing


def flat(text: str) -> str:
    return " ".join(text.split())


def _csv(tmp_path: Path, text: str = TEXT, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_json_then_skipped(tmp_path: Path) -> None:
    ws, path = tmp_path / "ws", _csv(tmp_path)
    args = ["ingest", "--workspace", str(ws), "--table", "transactions", str(path), "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert (data["rows_loaded"], data["rows_quarantined"]) == (1, 1)
    assert data["reasons"] == {"negative_amount": 1}
    assert data["files"][0]["warnings"] == ["ignored columns unknown to transactions: extra"]
    second = json.loads(runner.invoke(app, args).stdout)
    assert second["files"][0]["skipped"] is True
    assert second["files"][0]["note"] == "already ingested"


def test_ingest_table_output_and_quiet(tmp_path: Path) -> None:
    ws, path = tmp_path / "ws", _csv(tmp_path)
    shown = runner.invoke(app, ["ingest", "-w", str(ws), "-t", "transactions", str(path)])
    assert shown.exit_code == 0, shown.output
    assert "t.csv" in shown.stdout and "negative_amount 1" in shown.stdout
    again = runner.invoke(app, ["ingest", "-w", str(ws), "-t", "transactions", str(path)])
    assert "skipped: already ingested" in again.stdout
    other = _csv(tmp_path, TEXT.replace("1,2024", "3,2024"), "u.csv")
    quiet = runner.invoke(app, ["ingest", "-w", str(ws), "-t", "transactions", "-q", str(other)])
    assert quiet.exit_code == 0 and quiet.stdout == ""


def test_ingest_failure_is_one_message_and_exit_2(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    bad = _csv(tmp_path, "txn_id,ts\n1,2024\n", "bad.csv")
    result = runner.invoke(app, ["ingest", "-w", str(ws), "-t", "transactions", str(bad)])
    assert result.exit_code == 2
    assert "bad.csv:1: missing required columns" in flat(result.stderr)
    assert "Traceback" not in result.output
    assert not ws.exists()
    unknown = runner.invoke(app, ["ingest", "-w", str(ws), "-t", "nope", str(bad)])
    assert unknown.exit_code == 2 and "unknown table 'nope'" in flat(unknown.stderr)


def test_ingest_tab_delimiter(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    path = _csv(tmp_path, TEXT.replace(",", "\t"), "t.tsv")
    result = runner.invoke(
        app, ["ingest", "-w", str(ws), "-t", "transactions", "-d", "\\t", "--json", str(path)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows_loaded"] == 1


def test_workspace_info(tmp_path: Path) -> None:
    ws, path = tmp_path / "ws", _csv(tmp_path)
    runner.invoke(app, ["ingest", "-w", str(ws), "-t", "transactions", "-q", str(path)])
    data = json.loads(runner.invoke(app, ["workspace", "info", "-w", str(ws), "--json"]).stdout)
    assert data["tables"]["transactions"]["rows"] == 1
    assert data["quarantine"]["by_table"] == {"transactions": {"negative_amount": 1}}
    shown = runner.invoke(app, ["workspace", "info", "-w", str(ws)])
    assert shown.exit_code == 0, shown.output
    assert "transactions" in shown.stdout and "negative_amount" in shown.stdout
    assert "2024-05-02 09:00" in shown.stdout  # shown in Almaty time
    missing = runner.invoke(app, ["workspace", "info", "-w", str(tmp_path / "none")])
    assert missing.exit_code == 2 and "no workspace" in flat(missing.stderr)


def test_workspace_compact(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    text = TEXT.replace(
        "2,2024-05-02T09:00:00,transfer,mobile,-1", "2,2024-05-01T09:00:00,fee,batch,1"
    )
    runner.invoke(app, ["ingest", "-w", str(ws), "-t", "transactions", str(_csv(tmp_path, text))])
    first = runner.invoke(app, ["workspace", "compact", "-w", str(ws), "--json"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.stdout)
    assert (data["files"], len(data["rewritten"]), data["rows_rewritten"]) == (1, 1, 2)
    assert data["cluster_by"] == ["type", "ts"]
    second = runner.invoke(app, ["workspace", "compact", "-w", str(ws)])
    assert "0 of 1 files rewritten" in flat(second.stdout) and "1 already in order" in second.stdout
    refused = runner.invoke(app, ["workspace", "compact", "-w", str(ws), "--table", "persons"])
    assert refused.exit_code != 0 and "no clustering columns" in flat(refused.output)
