"""``kuzet lists|screen|wallets|registry`` through the CLI on fixtures and a synthetic world."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kuzet.cli import app
from kuzet.synth.world import SynthConfig, generate
from kuzet.workspace import Workspace

FIX = Path(__file__).parents[2] / "src" / "kuzet" / "screening" / "fixtures"
ETH = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"

runner = CliRunner()


def _ok(*args: str) -> str:
    r = runner.invoke(app, list(args))
    assert r.exit_code == 0, r.output
    return r.stdout


def _flat(text: str) -> str:
    """Rich wraps long lines; compare messages with whitespace collapsed and joined."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("screen") / "w"
    generate(SynthConfig(800, 10, 3), out)
    return out


@pytest.fixture()
def ws(world: Path, tmp_path: Path) -> Path:
    """A private copy of the world, so each test starts without lists."""
    dest = tmp_path / "w"
    shutil.copytree(world, dest)
    return dest


def _persons(ws: Path, n: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = Workspace(ws).read("persons").slice(0, n).to_pylist()
    return rows


def test_lists_load_fixtures_json_and_diff(ws: Path) -> None:
    for list_id, name in (
        ("un", "un_fictional.xml"),
        ("afm-tf", "afm_fictional.csv"),
        ("os", "ftm_fictional.ftm.json"),
    ):
        doc = json.loads(_ok("lists", "load", list_id, str(FIX / name), "-w", str(ws), "--json"))
        assert doc["list_id"] == list_id and doc["new_version"] == 1 and doc["added"]
    text = _ok("lists", "load", "afm-tf", str(FIX / "afm_fictional.csv"), "-w", str(ws))
    assert "afm-tf v1: +0 added, 0 changed, -0 removed, 2 unchanged" in text
    v2 = ws.parent / "afm_v2.csv"
    v2.write_text(
        "id,kind,name,birth_dates\nAFM-T-001,person,Вымыслов Тестжан,1985-07-15\n"
        "AFM-T-009,person,Ойдан Болат,1990\n",
        "utf-8",
    )
    text = _ok("lists", "load", "afm-tf", str(v2), "-w", str(ws))
    assert "afm-tf v2: +1 added, 1 changed, -1 removed, 0 unchanged" in text
    doc = json.loads(_ok("lists", "diff", "afm-tf", "1", "2", "-w", str(ws)))
    assert doc["added"] == ["AFM-T-009"] and doc["changed"] == ["AFM-T-001"]
    assert doc["removed"] == ["AFM-T-002"]
    r = runner.invoke(app, ["lists", "diff", "afm-tf", "1", "7", "-w", str(ws)])
    assert r.exit_code == 2 and "no such list version" in r.output


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad.csv", "id,kind,name,birth_dates\nX1,person,Ойдан,31-31-1990\n", "line2"),
        ("bad.csv", "id,kind,name\nX1,robot,Ойдан Болат\n", "line2"),
        ("bad.json", '[{"id": "X1", "name": "Ойдан Болат"}, {"id": "X2"}]', "element1"),
        ("bad.xml", "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL>", "line2"),
        (
            "bad.xml",
            "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>7</DATAID>"
            "<FIRST_NAME>A</FIRST_NAME><LISTED_ON>soon</LISTED_ON>"
            "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
            "INDIVIDUALDATAID=7",
        ),
    ],
)
def test_malformed_list_names_file_and_place_and_keeps_previous(
    ws: Path, name: str, text: str, where: str
) -> None:
    _ok("lists", "load", "afm-tf", str(FIX / "afm_fictional.csv"), "-w", str(ws))
    bad = ws.parent / name
    bad.write_text(text, "utf-8")
    r = runner.invoke(app, ["lists", "load", "afm-tf", str(bad), "-w", str(ws)])
    assert r.exit_code == 2
    msg = _flat(r.stderr)
    assert _flat(str(bad)) in msg and where in msg and "previousversionstaysinforce" in msg
    assert (ws / "_kuzet" / "lists" / "afm-tf" / "CURRENT").read_text() == "1"
    assert not (ws / "_kuzet" / "lists" / "afm-tf" / "v0002.json").exists()
    hits = json.loads(_ok("screen", "name", "Vymyslov Testzhan", "-w", str(ws), "--json"))
    assert hits and hits[0]["entry_id"] == "AFM-T-001"


def test_missing_list_file_is_a_clear_error(ws: Path) -> None:
    r = runner.invoke(app, ["lists", "load", "un", str(ws / "nope.xml"), "-w", str(ws)])
    assert r.exit_code == 2 and "nope.xml" in _flat(r.stderr)


def test_screen_name_explains_and_json(ws: Path) -> None:
    _ok("lists", "load", "un", str(FIX / "un_fictional.xml"), "-w", str(ws))
    _ok("lists", "load", "afm-tf", str(FIX / "afm_fictional.csv"), "-w", str(ws))
    text = _ok("screen", "name", "Syntheticov Testbek", "--birth-date", "1980-02-29", "-w", str(ws))
    assert "9990001" in text and "met list name" in text and "feature birth_date" in text
    doc = json.loads(
        _ok("screen", "name", "Жанболат Ертегиев", "--kind", "person", "-w", str(ws), "--json")
    )
    assert doc[0]["entry_id"] == "9990003" and doc[0]["words"] and doc[0]["score"] >= 0.85
    doc = json.loads(_ok("screen", "name", 'ТОО "Ойдан Капитал"', "-w", str(ws), "--json"))
    assert doc[0]["entry_id"] == "AFM-T-002" and doc[0]["kind"] == "entity"
    assert json.loads(_ok("screen", "name", "Иванов Пётр", "-w", str(ws), "--json")) == []
    assert "no match at threshold" in _ok("screen", "name", "Иванов Пётр", "-w", str(ws))


def test_screen_parties_on_synthetic_world(ws: Path) -> None:
    people = _persons(ws, 40)
    target = next(p for p in people if p["name_ru"] and p["name_lat"])
    custom = ws.parent / "custom.csv"
    custom.write_text(
        "id,kind,name,birth_dates\n"
        f"C-1,person,{target['name_lat']},{target['birth_date']}\n"
        "C-2,person,Вымышленный Никтоев,1901\n",
        "utf-8",
    )
    _ok("lists", "load", "custom", str(custom), "-w", str(ws))
    _ok("lists", "load", "un", str(FIX / "un_fictional.xml"), "-w", str(ws))
    text = _ok("screen", "parties", "-w", str(ws))
    assert "screening_hits:" in text
    hits = Workspace(ws).read("screening_hits").to_pylist()
    mine = [h for h in hits if h["entry_id"] == "C-1" and h["party_type"] == "person"]
    assert target["person_id"] in {h["party_id"] for h in mine}
    assert all(json.loads(h["explanation"])["words"] for h in hits)
    assert not [h for h in hits if h["entry_id"] == "C-2"]
    assert _ok("screen", "parties", "-w", str(ws), "-q") == ""
    custom.write_text(
        f"id,kind,name,birth_dates\nC-1,person,{target['name_lat']},{target['birth_date']}\n"
        "C-3,person,Вымышленный Никтоев,1902\n",
        "utf-8",
    )
    doc = json.loads(_ok("lists", "load", "custom", str(custom), "-w", str(ws), "--json"))
    assert doc["added"] == ["C-3"] and doc["removed"] == ["C-2"]
    assert doc["rescreen"]["incremental"] and doc["rescreen"]["entries_screened"] == 1
    assert doc["rescreen"]["kept"] == len(hits) - sum(h["role"] == "owned_by_listed" for h in hits)
    after = Workspace(ws).read("screening_hits").to_pylist()
    assert sorted(map(str, after)) == sorted(map(str, hits))
    custom.write_text("id,kind,name\nC-3,person,Вымышленный Никтоев\n", "utf-8")
    text = _flat(_ok("lists", "load", "custom", str(custom), "-w", str(ws)))
    assert "re-screened:1entriesagainstallparties" in text and f"{len(mine)}withdrawn" in text
    r = runner.invoke(app, ["screen", "parties", "-w", str(ws.parent / "nowhere")])
    assert r.exit_code == 2 and "not a workspace" in r.output


def test_wallets_check(ws: Path) -> None:
    assert "valid ethereum address" in _ok("wallets", "check", ETH, "-w", str(ws))
    r = runner.invoke(app, ["wallets", "check", ETH[:-1] + "D", "-w", str(ws)])
    assert r.exit_code == 1 and "EIP-55" in r.output
    r = runner.invoke(app, ["wallets", "check", "TNotAnAddress", "--chain", "tron"])
    assert r.exit_code == 1 and "invalid tron" in r.output
    _ok("registry", "import", "wallets", str(FIX / "wallets_fictional.yaml"), "-w", str(ws))
    text = _ok("wallets", "check", ETH.lower(), "-w", str(ws))
    assert "LISTED: mixer" in text
    btc = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    assert "LISTED: darknet" in _ok("wallets", "check", btc, "--chain", "bitcoin", "-w", str(ws))


def test_registry_import_export_round_trip(ws: Path, tmp_path: Path) -> None:
    for kind, name in (
        ("wallets", "wallets_fictional.yaml"),
        ("platforms", "platforms_fictional.csv"),
    ):
        text = _ok("registry", "import", kind, str(FIX / name), "-w", str(ws))
        assert f"{kind} v1: +2" in text
    for kind, suffix in (("wallets", "csv"), ("platforms", "yaml")):
        out = tmp_path / f"{kind}.{suffix}"
        _ok("registry", "export", kind, str(out), "-w", str(ws))
        assert out.stat().st_size > 0
        fresh = tmp_path / f"fresh-{kind}"
        text = _ok("registry", "import", kind, str(out), "-w", str(fresh))
        assert f"{kind} v1: +2" in text
    bad = tmp_path / "bad.csv"
    bad.write_text("chain,address,category\ntron,TNotAnAddress,fraud\n", "utf-8")
    r = runner.invoke(app, ["registry", "import", "wallets", str(bad), "-w", str(ws)])
    assert r.exit_code == 2
    msg = _flat(r.stderr)
    assert _flat(str(bad)) in msg and "line2" in msg and "address" in msg
    assert "previousversionstaysinforce" in msg
    assert "LISTED: mixer" in _ok("wallets", "check", ETH, "-w", str(ws))
    r = runner.invoke(app, ["registry", "export", "banks", str(tmp_path / "x.csv"), "-w", str(ws)])
    assert r.exit_code == 2 and "wallets or platforms" in r.output
