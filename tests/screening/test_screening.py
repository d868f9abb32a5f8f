"""Name matching, list loading and versioning, addresses, registries, exposure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

from kuzet.model.schemas import TABLES
from kuzet.screening import (
    Alias,
    ListEntry,
    ListFormatError,
    ListStore,
    Matcher,
    Query,
    check,
    run,
)
from kuzet.screening.crypto import EthereumAddress, Registry, keccak256
from kuzet.screening.lists import load_file
from kuzet.screening.matcher import MAX_SCORED
from kuzet.screening.names.compare import compare
from kuzet.screening.names.normalize import key, words
from kuzet.screening.names.structure import parse
from kuzet.workspace import Workspace

FIX = Path(__file__).parents[2] / "src" / "kuzet" / "screening" / "fixtures"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Жанбұлатов", "Dzhanbulatov"),
        ("Джанбулатов", "Janbulatov"),
        ("Нұрсұлтан", "Noursoultan"),
        ("Асайын", "Асаин"),
        ("Aхметов", "Ахметов"),  # Latin A typed inside a Cyrillic word
        ("Хасен", "Hasen"),
        ("Юлия", "Iuliia"),
    ],
)
def test_spellings_share_a_key(a: str, b: str) -> None:
    assert [key(w) for w in words(a)] == [key(w) for w in words(b)]


def test_gender_forms_are_kept_apart() -> None:
    c = compare(parse("Ахметов Ерлан"), parse("Ахметова Ерлан"))
    assert c.score <= 0.5 and "gender_conflict" in c.rules


def test_suffix_patronymic_and_order_rules_explain_themselves() -> None:
    c = compare(parse("Жанбулатов Ерлан Серикович"), parse("Erlan Zhanbulat"))
    assert c.score >= 0.85
    assert {p.rule for p in c.pairs} >= {"suffix_dropped", "transliteration"}
    assert compare(parse("Серікұлы"), parse("Серикович")).pairs[0].rule == "patronymic_form"


def test_same_surname_other_person_is_not_a_match() -> None:
    assert compare(parse("Ахметов Ерлан"), parse("Ахметов Нурлан")).score < 0.85


def test_matcher_uses_lists_and_features() -> None:
    entries = load_file(FIX / "un_fictional.xml", "un")
    entries += load_file(FIX / "afm_fictional.csv", "afm-tf")
    m = Matcher(entries)
    hits = m.match(Query("Syntheticov Testbek", birth_date=dt.date(1980, 2, 29)))
    assert hits[0].entry.entry_id == "9990001"
    assert any(f.name == "birth_date" and f.weight > 0 for f in hits[0].features)
    assert "met list name" in hits[0].explain()
    assert m.match(Query('ТОО "Ойдан Капитал"'))[0].entry.entry_id == "AFM-T-002"
    assert not m.match(Query("Иванов Пётр"))


@pytest.mark.parametrize(
    ("query", "entry_id"),
    [
        ("Пак Чен Хёк", "9990004"),  # Jong / Чен, Hyok / Хёк (fictional names)
        ("Ли Чхоль Рён", "9990004"),  # Ri / Ли, Chol / Чхоль, Ryong / Рён
        ("Pak Jong Hyok", "9990004"),
    ],
)
def test_korean_names_in_russian_transcription_meet_their_latin_list_names(
    query: str, entry_id: str
) -> None:
    m = Matcher(load_file(FIX / "un_fictional.xml", "un"))
    hits = m.match(Query(query, "person"))
    assert [h.entry.entry_id for h in hits] == [entry_id]
    if not query.isascii():
        assert "syllable_transcription" in hits[0].name.rules
    assert not m.match(Query("Пак Чен Хва", "person"))  # another given name: no match


def test_syllable_rule_needs_two_scripts_and_short_words() -> None:
    assert "syllable_transcription" in compare(parse("Pak Un"), parse("Пак Ын")).rules
    assert "syllable_transcription" not in compare(parse("Пак Ун"), parse("Пак Ын")).rules
    longer = compare(parse("Ahmetov Jongar"), parse("Ахметов Ченар"))
    assert "syllable_transcription" not in longer.rules and longer.score < 0.85


def test_un_xml_reads_aliases_dates_documents() -> None:
    e = {x.entry_id: x for x in load_file(FIX / "un_fictional.xml", "un")}
    p = e["9990001"]
    assert p.kind == "person" and len(p.names) == 3 and p.names[2].quality == "low"
    assert len(p.birth_dates) == 2 and ("passport", "N0000000") in p.identifiers
    assert e["9990002"].kind == "entity"


def test_ftm_lines_load() -> None:
    e = load_file(FIX / "ftm_fictional.ftm.json", "os")
    assert {x.kind for x in e} == {"person", "entity"}


def test_versions_diff_and_malformed_file_keeps_previous(tmp_path: Path) -> None:
    store = ListStore(tmp_path / "lists")
    d1 = store.load("afm-tf", FIX / "afm_fictional.csv")
    assert len(d1.added) == 2
    v2 = tmp_path / "v2.csv"
    v2.write_text(
        "id,kind,name,birth_dates\nAFM-T-001,person,Вымыслов Тестжан,1985-07-15\n"
        "AFM-T-009,person,Ойдан Болат,1990\n",
        "utf-8",
    )
    d2 = store.load("afm-tf", v2)
    assert d2.added == ("AFM-T-009",) and d2.changed == ("AFM-T-001",)
    assert d2.removed == ("AFM-T-002",)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind,name,birth_dates\nX1,person,Ойдан,31-31-1990\n", "utf-8")
    with pytest.raises(ListFormatError) as err:
        store.load("afm-tf", bad)
    assert "line 2" in str(err.value) and "birth_dates" in str(err.value)
    assert store.current_version("afm-tf") == 2


def test_addresses() -> None:
    assert keccak256(b"").hex().startswith("c5d2460186f7233c")
    good = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
    assert EthereumAddress.checksum(good.lower()) == good
    assert check(good) == ("ethereum", None)
    assert "EIP-55" in (check(good[:-1] + "D")[1] or "")
    assert check("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") == ("bitcoin", None)
    assert "checksum" in (check("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5")[1] or "")
    assert check("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") == ("bitcoin", None)


def test_registry_rejects_bad_address_with_line(tmp_path: Path) -> None:
    reg = Registry(tmp_path)
    reg.import_file("wallets", FIX / "wallets_fictional.yaml")
    bad = tmp_path / "w.csv"
    bad.write_text("chain,address,category\ntron,TNotAnAddress,fraud\n", "utf-8")
    with pytest.raises(ListFormatError, match=r"line 2.*address"):
        reg.import_file("wallets", bad)
    assert len(reg.wallets()) == 2


def _canon(name: str, cols: dict[str, list[object]]) -> pa.Table:
    """A table with the canonical schema: given columns filled, the rest null."""
    schema = pa.schema([f.with_nullable(True) for f in TABLES[name].schema])
    n = len(next(iter(cols.values())))
    arrays = [pa.array(cols.get(f.name, [None] * n), f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def test_run_writes_hits_exposure_and_platform_payments(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "ws").create()
    names = {"name_ru": ["Вымыслов Тестжан", "Иванов Пётр"], "name_lat": ["VYMYSLOV T", None]}
    ws.write_table("persons", _canon("persons", {"person_id": [1, 2], **names}))
    eth = "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"
    mid = "0x" + "11" * 20
    ws.write_table("crypto_transfers", _canon("crypto_transfers", {
        "transfer_id": [10, 11, 12], "person_id": [1, 2, None],
        "chain": ["ethereum"] * 3, "from_address": ["0x" + "aa" * 20, "0x" + "bb" * 20, mid],
        "to_address": [eth, mid, eth]}))  # fmt: skip
    ws.write_table("transactions", _canon("transactions", {"txn_id": [100, 101],
                   "merchant_id": ["MRC-FICTEX-1", "MRC-LIC-1"]}))  # fmt: skip
    ListStore(tmp_path / "ws" / "_kuzet" / "lists").load("afm-tf", FIX / "afm_fictional.csv")
    reg = Registry(tmp_path / "ws" / "_kuzet" / "registry")
    reg.import_file("wallets", FIX / "wallets_fictional.yaml")
    reg.import_file("platforms", FIX / "platforms_fictional.csv")
    counts = run(ws)
    hits = ws.read("screening_hits").to_pylist()
    assert [(h["party_id"], h["entry_id"]) for h in hits] == [(1, "AFM-T-001")]
    exp = ws.read("wallet_exposure").to_pylist()
    assert {(r["person_id"], r["hops"]) for r in exp} == {(1, 1), (2, 2)}
    pay = ws.read("platform_payments").to_pylist()
    assert [(r["txn_id"], r["platform"]) for r in pay] == [(100, "Fictex Exchange")]
    assert counts["screening_hits"] == 1


def test_prefilter_scores_few_and_keeps_given_name_apart_from_patronymic() -> None:
    given = ["Озод", "Азиз", "Акмал", "Нодир", "Рустам", "Илхом", "Бахтиёр", "Равшан"]
    entries = [
        ListEntry("t", f"S{i}-{j}", "person", (Alias(f"Холматов {g} Фарходович"),))
        for i in range(8)
        for j, g in enumerate(given)
    ]
    entries += [
        ListEntry("t", f"F{j}", "person", (Alias(f"Холматов Фарход {g}ович"),))
        for j, g in enumerate(given[:3])
    ]
    m = Matcher(entries)
    hits = m.match(Query("Kholmat Farkhod"))
    assert {h.entry.entry_id for h in hits} == {"F0", "F1", "F2"}
    assert m.comparisons <= MAX_SCORED
