"""The pack, monitor and evaluate commands, end to end on the tiny world."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))

from tiny_world import EXAMPLE_PACK, build_world

from kuzet.cli import app
from kuzet.model import TABLES

runner = CliRunner()


@pytest.fixture
def signed(tmp_path: Path) -> tuple[Path, Path]:
    keys = tmp_path / "keys"
    assert runner.invoke(app, ["pack", "keygen", "--out", str(keys)]).exit_code == 0
    pack = tmp_path / "pack.yaml"
    shutil.copy(EXAMPLE_PACK, pack)
    key = next(keys.glob("*.key"))
    result = runner.invoke(app, ["pack", "sign", str(pack), "--key", str(key)])
    assert result.exit_code == 0, result.output
    return pack, keys


def test_validate_and_show(tmp_path: Path) -> None:
    result = runner.invoke(app, ["pack", "validate", str(EXAMPLE_PACK), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "kuzet-example"
    shown = json.loads(runner.invoke(app, ["pack", "show", str(EXAMPLE_PACK), "--json"]).stdout)
    assert shown["typologies"]["TEST_MULE"]["combine"] == "noisy_or"
    sql = runner.invoke(
        app, ["pack", "show", str(EXAMPLE_PACK), "--sql", "TEST-02", "--engine", "spark"]
    )
    assert "-- feature account_day" in sql.stdout and "COLLECT_LIST" in sql.stdout


def test_validate_reports_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE_PACK.read_text().replace("FROM trade_contracts c", "FROM read_csv('x') c")
    )
    result = runner.invoke(app, ["pack", "validate", str(bad)])
    assert result.exit_code == 2
    assert (
        "bad.yaml" in result.output and "TEST-05" in result.output and "read_csv" in result.output
    )


def test_verify(signed: tuple[Path, Path], tmp_path: Path) -> None:
    pack, keys = signed
    ok = runner.invoke(app, ["pack", "verify", str(pack), "--trusted-keys", str(keys)])
    assert ok.exit_code == 0 and "signed by trusted key" in ok.output
    pack.write_text(pack.read_text() + "\n# changed\n")
    bad = runner.invoke(app, ["pack", "verify", str(pack), "--trusted-keys", str(keys)])
    assert bad.exit_code == 2 and "tampered" in bad.output


def test_monitor_then_evaluate(signed: tuple[Path, Path], tmp_path: Path) -> None:
    pack, keys = signed
    ws = build_world(tmp_path / "ws")
    args = [
        "monitor",
        "-w",
        str(ws.root),
        "--pack",
        str(pack),
        "--from",
        "2024-06-01",
        "--to",
        "2024-06-30",
    ]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "trust" in refused.output
    trusted = ws.meta_dir / "trusted_keys"
    trusted.mkdir(parents=True)
    for pub in keys.glob("*.pub"):
        shutil.copy(pub, trusted)
    result = runner.invoke(app, [*args, "--json", "--set", "TEST-01.min_senders=5"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["pack"]["signed_by"] == next(keys.glob("*.pub")).stem
    assert {t["typology"]: t["alerts"] for t in report["typologies"]} == {
        "TEST_MULE": 1,
        "TEST_YOUNG": 1,
        "TEST_GAM": 1,
        "TEST_TBML": 1,
    }
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "TEST_MULE" in again.output
    assert ws.read("alerts").num_rows == 4

    evaluation = runner.invoke(app, ["evaluate", "-w", str(ws.root), "--pack", str(pack), "--json"])
    assert evaluation.exit_code == 0, evaluation.output
    scores = json.loads(evaluation.stdout)
    assert scores["families"]["MULE"] == {**scores["families"]["MULE"], "tp": 2, "fp": 0, "fn": 2}
    assert scores["families"]["GAM"]["fp_decoys"] == 1
    assert scores["overall"]["precision"] == 0.75
    # each typology set against its indicators alone, from the run's hits
    mule = scores["indicators"]["TEST_MULE"]
    assert set(mule["members"]) == {"TEST-01", "TEST-02", "TEST-04"}
    assert mule["best_indicator"] in mule["members"]
    assert mule["lift"] == round(mule["f1"] - mule["best_indicator_f1"], 4)
    table = runner.invoke(app, ["evaluate", "-w", str(ws.root)])
    assert table.exit_code == 0 and "MULE" in table.output
    with_pack = runner.invoke(app, ["evaluate", "-w", str(ws.root), "--pack", str(pack)])
    assert with_pack.exit_code == 0 and "lift" in with_pack.output
    assert mule["best_indicator"] in with_pack.output  # the best member named in the table


def test_monitor_allows_unsigned_only_when_asked(tmp_path: Path) -> None:
    ws = build_world(tmp_path / "ws")
    args = [
        "monitor",
        "-w",
        str(ws.root),
        "--pack",
        str(EXAMPLE_PACK),
        "--trusted-keys",
        str(tmp_path),
    ]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "unsigned" in refused.output
    allowed = runner.invoke(app, [*args, "--allow-unsigned", "-q"])
    assert allowed.exit_code == 0, allowed.output
    assert [f.name for f in ws.files("alerts")] == ["kuzet-example__all.parquet"]


def test_monitor_notes_unsorted_transactions_until_compacted(tmp_path: Path) -> None:
    ws = build_world(tmp_path / "ws")
    args = ["monitor", "-w", str(ws.root), "--pack", str(EXAMPLE_PACK), "--allow-unsigned"]
    clustered = runner.invoke(app, args)
    assert clustered.exit_code == 0, clustered.output
    assert "compact" not in clustered.output  # written by Workspace.write_table: clustered
    # a file as an older writer left it: arrival order, no statistics on the type
    (f,) = ws.files("transactions")
    rows = pq.read_table(f)
    f.unlink()
    pq.write_table(rows, f, write_statistics=["txn_id", "ts"])
    loose = runner.invoke(app, args)
    assert loose.exit_code == 0, loose.output
    assert "1 of 1 transaction files are not sorted" in " ".join(loose.output.split())
    assert runner.invoke(app, ["workspace", "compact", "-w", str(ws.root)]).exit_code == 0
    assert "compact" not in runner.invoke(app, args).output


SCREENING_PACK = """
id: kuzet-screening-note-test
issuer: "Kuzet tests (not an FMA pack)"
version: "0.1"
effective_from: 2024-01-01
effective_to: null
description: One indicator over the list matches kuzet screen writes.
indicators:
  - id: LIST-01
    title: {kk: "Тізімдегі тұлға", ru: "Лицо из перечня", en: "Listed customer"}
    subject: person
    params:
      min_score: {default: 0.9, min: 0.5, max: 1.0, tunable: true, description: match strength}
    sql: |
      SELECT 'person' AS subject_type, CAST(party_id AS VARCHAR) AS subject_id,
             CAST(NULL AS TIMESTAMP) AS window_start, CAST(NULL AS TIMESTAMP) AS window_end,
             max(score) AS score, {'lists': array_sort(list(DISTINCT list_id))} AS metrics,
             [party_id] AS evidence
      FROM screening_hits WHERE party_type = 'person' AND score >= $min_score
      GROUP BY party_id
typologies:
  - id: LISTED
    family: PF
    title: {kk: "Тізім", ru: "Перечень", en: "Listed"}
    combine: max
    threshold: 0.5
    indicators:
      - {id: LIST-01}
"""


def test_monitor_notes_list_matches_not_screened_yet(tmp_path: Path) -> None:
    ws = build_world(tmp_path / "ws")
    pack = tmp_path / "screening.yaml"
    pack.write_text(SCREENING_PACK, "utf-8")
    args = ["monitor", "-w", str(ws.root), "--pack", str(pack), "--allow-unsigned"]
    before = runner.invoke(app, args)
    assert before.exit_code == 0, before.output
    said = " ".join(before.output.split())
    assert "LIST-01 reads screening_hits, which has no rows here" in said
    assert "run `kuzet screen parties` before monitoring" in said
    person = ws.read("persons", ["person_id"]).column("person_id")[0].as_py()
    row = {
        "party_type": "person",
        "party_id": person,
        "party_name": "Test Person",
        "role": "customer",
        "list_id": "un",
        "entry_id": "X-1",
        "list_name": "TEST PERSON",
        "score": 1.0,
    }
    ws.write_table(
        "screening_hits", pa.Table.from_pylist([row], schema=TABLES["screening_hits"].schema)
    )
    after = runner.invoke(app, args)
    assert after.exit_code == 0, after.output
    assert "has no rows here" not in after.output
    alerts = pq.read_table(ws.table_dir("alerts")).to_pylist()
    assert [a["subject_id"] for a in alerts] == [str(person)]
