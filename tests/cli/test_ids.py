"""``kuzet id check`` and ``kuzet id describe`` through Typer's test runner."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import typer
from typer.testing import CliRunner

from kuzet.cli import ids
from kuzet.model.identifiers import BIN

BRIEF_IIN = "791028302728"
BRIEF_IBAN = "KZ86125KZT5004100100"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    ids.register(app)

    @app.callback()
    def main() -> None:
        """Keep ``id`` a sub-command even when it is the only group."""

    return app


def run(app: typer.Typer, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["id", *args])
    return result.exit_code, result.output


def test_check_valid_iin(app: typer.Typer) -> None:
    code, out = run(app, "check", BRIEF_IIN)
    assert code == 0
    assert "valid IIN" in out


def test_check_invalid_gives_reasons_and_exit_1(app: typer.Typer) -> None:
    code, out = run(app, "check", "791028302729")
    assert code == 1
    assert "invalid" in out
    assert "check digit is 9, expected 8" in out


def test_check_json(app: typer.Typer) -> None:
    code, out = run(app, "check", "kz86 125k zt50 0410 0100", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["normalized"] == BRIEF_IBAN
    assert doc["valid"] is True
    assert doc["types"] == ["iban"]
    code, out = run(app, "check", "KZ87125KZT5004100100", "--json")
    assert code == 1
    doc = json.loads(out)
    assert doc["valid"] is False
    assert doc["checks"] == [{"type": "iban", "valid": False, "reason": "mod-97 check fails"}]


def test_check_with_type(app: typer.Typer) -> None:
    code, out = run(app, "check", BRIEF_IIN, "--type", "bin")
    assert code == 1
    assert "digit 5 (entity type)" in out
    code, _ = run(app, "check", "HSBKKZKX", "--type", "bic")
    assert code == 0
    code, _ = run(app, "check", BRIEF_IIN, "--type", "passport")
    assert code == 2


def test_twelve_digits_are_tried_as_iin_and_bin(app: typer.Typer) -> None:
    """A BIN's digits 5–6 (type 4–6, division 0–3) are never a day: one valid type at most."""
    value = BIN.make(dt.date(2015, 4, 1), 4, 1, 777)
    assert value is not None
    code, out = run(app, "check", value, "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["types"] == ["bin"]
    assert [c["type"] for c in doc["checks"]] == ["iin", "bin"]
    assert doc["checks"][0]["valid"] is False


def test_describe(app: typer.Typer) -> None:
    code, out = run(app, "describe", BRIEF_IIN, "--json")
    assert code == 0
    assert json.loads(out)["described"] == {
        "iin": {
            "iin": BRIEF_IIN,
            "birth_date": "1979-10-28",
            "sex": "M",
            "century": 20,
            "serial": "0272",
        }
    }
    code, out = run(app, "describe", BRIEF_IBAN)
    assert code == 0
    assert "bank_code: 125" in out
    code, out = run(app, "describe", "HSBKKZKX")
    assert "branch: XXX" in out


def test_describe_invalid_fails_with_exit_1(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["id", "describe", "not-an-id"])
    assert result.exit_code == 1
    assert "not a valid identifier" in result.output + (result.stderr or "")


def test_empty_value_is_invalid(app: typer.Typer) -> None:
    code, out = run(app, "check", " ")
    assert code == 1
    assert "empty value" in out
