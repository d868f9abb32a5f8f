"""``kuzet synth``: options, summary, refusal to overwrite."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kuzet.cli import app

runner = CliRunner()


def test_synth_writes_a_workspace_and_a_json_summary(tmp_path: Path) -> None:
    out = tmp_path / "w"
    args = ["synth", "--persons", "600", "--days", "5", "--seed", "4", "--out", str(out)]
    result = runner.invoke(app, [*args, "--json", "--families", "MULE,CASH"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["persons"] == 600 and summary["rows"]["transactions"] > 0
    assert summary["tx_per_second"] > 0 and (out / "data" / "transactions").is_dir()
    again = runner.invoke(app, [*args, "--quiet"])
    assert again.exit_code == 2 and "--overwrite" in again.output
    assert runner.invoke(app, [*args, "--quiet", "--overwrite"]).exit_code == 0


def test_synth_rejects_bad_arguments(tmp_path: Path) -> None:
    base = ["synth", "--days", "5", "--seed", "4", "--out", str(tmp_path / "x")]
    assert runner.invoke(app, [*base, "--persons", "10"]).exit_code != 0
    bad_start = runner.invoke(app, [*base, "--persons", "600", "--start", "2026-13-01"])
    assert bad_start.exit_code == 2 and "YYYY-MM-DD" in bad_start.output
    bad_family = runner.invoke(app, [*base, "--persons", "600", "--families", "XYZ"])
    assert bad_family.exit_code == 2 and "unknown families" in bad_family.output
