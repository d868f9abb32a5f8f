"""A built world: canonical schemas, complete required columns, valid identifiers,
consistent IINs, referential integrity, unique keys, determinism and every family planted."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from kuzet.model.identifiers import BIC, BIN, IBAN, IIN, HSCode
from kuzet.model.schemas import FAMILIES, TABLES
from kuzet.synth.world import SynthConfig, SynthSummary, generate
from kuzet.workspace import Workspace

sys.path.insert(0, str(Path(__file__).parents[1] / "fixtures"))

from layout import assert_clustered

World = tuple[Workspace, SynthSummary]
WORLD_TABLES = sorted(n for n in TABLES if n != "quarantine")


def col(ws: Workspace, table: str, column: str) -> list[object]:
    return ws.read(table, [column]).column(column).to_pylist()


def ids(ws: Workspace, table: str, column: str) -> set[object]:
    return set(col(ws, table, column))


@pytest.mark.parametrize("table", WORLD_TABLES)
def test_every_table_has_the_canonical_schema(small_world: World, table: str) -> None:
    ws, _ = small_world
    assert ws.files(table), f"{table} was not written"
    assert ws.read(table).schema.remove_metadata().equals(TABLES[table].schema)


@pytest.mark.parametrize("table", WORLD_TABLES)
def test_required_columns_have_no_nulls(small_world: World, table: str) -> None:
    ws, _ = small_world
    data = ws.read(table)
    for name in TABLES[table].required:
        assert data.column(name).null_count == 0, f"{table}.{name} has nulls"


@pytest.mark.parametrize("table", WORLD_TABLES)
def test_single_column_keys_are_unique(small_world: World, table: str) -> None:
    ws, _ = small_world
    key = TABLES[table].key
    if len(key) != 1:
        return
    values = col(ws, table, key[0])
    assert len(values) == len(set(values)), f"{table}.{key[0]} repeats"


@pytest.mark.parametrize(
    ("table", "column", "kind"),
    [
        ("persons", "iin", IIN),
        ("legal_entities", "bin", BIN),
        ("accounts", "iban", IBAN),
        ("banks", "bic", BIC),
        ("crypto_platforms", "iban", IBAN),
        ("trade_contracts", "hs_code", HSCode),
        ("customs_declarations", "hs_code", HSCode),
        ("reference_prices", "hs_code", HSCode),
    ],
)
def test_identifiers_pass_their_checks(
    small_world: World, table: str, column: str, kind: type[IIN]
) -> None:
    ws, _ = small_world
    values = [v for v in col(ws, table, column) if v is not None]
    assert values
    bad = [v for v in values if not kind.is_valid(str(v))]
    assert not bad, bad[:5]


def test_external_ibans_are_valid_where_given(small_world: World) -> None:
    ws, _ = small_world
    for table, column in (("transactions", "cp_iban"), ("payment_parties", "iban")):
        values = [v for v in col(ws, table, column) if v and str(v)[:2].isalpha()]
        assert all(IBAN.is_valid(str(v)) for v in values), table


def test_iin_agrees_with_birth_date_and_sex(small_world: World) -> None:
    ws, _ = small_world
    persons = ws.read("persons", ["iin", "birth_date", "sex"]).to_pylist()
    for p in persons:
        assert IIN.birth_date(p["iin"]) == p["birth_date"], p
        assert IIN.describe(p["iin"])["sex"] == p["sex"], p


def test_bin_agrees_with_registration_month(small_world: World) -> None:
    ws, _ = small_world
    for e in ws.read("legal_entities", ["bin", "registered"]).to_pylist():
        if e["bin"]:
            assert e["bin"][:4] == f"{e['registered']:%y%m}", e


def _party_ids(ws: Workspace) -> dict[str, set[object]]:
    return {
        "person": ids(ws, "persons", "person_id"),
        "entity": ids(ws, "legal_entities", "entity_id"),
    }


def test_references_resolve(small_world: World) -> None:
    ws, _ = small_world
    parties = _party_ids(ws)
    accounts = ids(ws, "accounts", "account_id")
    for a in ws.read("accounts", ["holder_type", "holder_id", "bank_id"]).to_pylist():
        assert a["holder_id"] in parties[a["holder_type"]], a
    assert ids(ws, "accounts", "bank_id") <= ids(ws, "banks", "bank_id")
    tx = ws.read("transactions", ["src_account_id", "dst_account_id", "card_id", "loan_id"])
    for name in ("src_account_id", "dst_account_id"):
        assert set(tx.column(name).drop_null().to_pylist()) <= accounts, name
    assert set(tx.column("card_id").drop_null().to_pylist()) <= ids(ws, "cards", "card_id")
    assert set(tx.column("loan_id").drop_null().to_pylist()) <= ids(ws, "loans", "loan_id")
    cards = ws.read("cards", ["account_id", "holder_id"])
    assert set(cards.column("account_id").to_pylist()) <= accounts
    assert set(cards.column("holder_id").to_pylist()) <= parties["person"]
    for r in ws.read("relations", ["src_type", "src_id", "dst_type", "dst_id"]).to_pylist():
        assert r["src_id"] in parties[r["src_type"]], r
        assert r["dst_id"] in parties[r["dst_type"]], r
    for d in ws.read("devices", ["party_type", "party_id"]).to_pylist():
        assert d["party_id"] in parties[d["party_type"]], d
    assert set(col(ws, "loan_schedules", "loan_id")) <= ids(ws, "loans", "loan_id")
    assert set(col(ws, "payment_parties", "txn_id")) <= ids(ws, "transactions", "txn_id")
    contracts = ids(ws, "trade_contracts", "contract_id")
    assert {c for c in col(ws, "customs_declarations", "contract_id") if c} <= contracts
    assert set(col(ws, "merchants", "entity_id")) <= parties["entity"]
    assert set(col(ws, "gambling_ops", "person_id")) <= parties["person"]
    assert set(col(ws, "crypto_transfers", "platform_id")) - {None} <= ids(
        ws, "crypto_platforms", "platform_id"
    )
    addresses = ids(ws, "addresses", "address_id")
    assert set(col(ws, "persons", "address_id")) - {None} <= addresses
    assert set(col(ws, "legal_entities", "address_id")) - {None} <= addresses


def test_labels_point_at_existing_objects(small_world: World) -> None:
    ws, _ = small_world
    tables = {
        "person": ("persons", "person_id"),
        "entity": ("legal_entities", "entity_id"),
        "account": ("accounts", "account_id"),
        "transaction": ("transactions", "txn_id"),
        "loan": ("loans", "loan_id"),
        "contract": ("trade_contracts", "contract_id"),
        "deal": ("property_deals", "deal_id"),
        "card": ("cards", "card_id"),
        "gambling_op": ("gambling_ops", "op_id"),
    }
    labels = ws.read("labels", ["object_type", "object_id"]).to_pylist()
    known = {t: ids(ws, *tables[t]) for t in tables}
    for lab in labels:
        if lab["object_type"] in known:
            assert lab["object_id"] in known[lab["object_type"]], lab


def test_labels_cover_every_family(small_world: World) -> None:
    ws, _ = small_world
    assert set(col(ws, "labels", "family")) >= set(FAMILIES)


def test_ordinary_life_has_realistic_volume_and_mix(small_world: World) -> None:
    ws, summary = small_world
    per_person_month = summary.transactions / summary.persons / (summary.days / 30)
    assert 15 <= per_person_month <= 70
    types = Counter(col(ws, "transactions", "type"))
    for kind in (
        "card_payment",
        "transfer",
        "cash_withdrawal",
        "salary",
        "bill_payment",
        "loan_repayment",
        "cash_deposit",
        "fee",
    ):
        assert types[kind] > 0, kind
    status = Counter(col(ws, "transactions", "status"))
    assert 0 < status["rejected"] + status["attempted"] < 0.05 * sum(status.values())


def test_times_fall_inside_the_window_and_amounts_are_positive(small_world: World) -> None:
    ws, summary = small_world
    tx = ws.read("transactions", ["ts", "amount", "amount_kzt", "currency"])
    ts = tx.column("ts")
    first, last = pc.min(ts).as_py(), pc.max(ts).as_py()
    assert (last - first).days <= summary.days
    assert pc.min(tx.column("amount")).as_py() > 0
    kzt = tx.filter(pc.equal(tx.column("currency"), "KZT"))
    assert kzt.column("amount").equals(kzt.column("amount_kzt"))
    assert tx.filter(pc.not_equal(tx.column("currency"), "KZT")).num_rows > 0


def test_names_come_in_three_scripts(small_world: World) -> None:
    ws, _ = small_world
    p = ws.read("persons", ["name_kk", "name_ru", "name_lat"]).to_pylist()
    kazakh_letters = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    assert any(set(x["name_kk"]) & kazakh_letters for x in p)
    assert not any(set(x["name_ru"]) & kazakh_letters for x in p)
    assert all(
        x["name_lat"].isascii()
        or "Ū" in x["name_lat"]
        or "İ" in x["name_lat"]
        or any(c in x["name_lat"] for c in "ÄÖÜĞŞÑ")
        for x in p
    )


def test_ordinary_gamblers_are_adults_of_21(small_world: World) -> None:
    ws, _ = small_world
    flagged = {(r["object_type"], r["object_id"]) for r in ws.read("labels").to_pylist()}
    flagged |= {(r["object_type"], r["object_id"]) for r in ws.read("decoys").to_pylist()}
    births = dict(
        zip(col(ws, "persons", "person_id"), col(ws, "persons", "birth_date"), strict=True)
    )
    for op in ws.read("gambling_ops", ["person_id", "ts", "op_id"]).to_pylist():
        if ("person", op["person_id"]) in flagged or ("gambling_op", op["op_id"]) in flagged:
            continue
        age = (op["ts"].date() - births[op["person_id"]]).days / 365.25
        assert age >= 21, op


def test_most_imports_clear_customs_on_time(small_world: World) -> None:
    ws, _ = small_world
    flagged = set(col(ws, "labels", "object_id"))
    contracts = {c["contract_id"]: c for c in ws.read("trade_contracts").to_pylist()}
    declared = {
        d["contract_id"]: d["declared"] for d in ws.read("customs_declarations").to_pylist()
    }
    due = [
        c
        for c in contracts.values()
        if c["direction"] == "import"
        and c["contract_id"] not in flagged
        and c["contract_id"] in declared
    ]
    on_time = [c for c in due if (declared[c["contract_id"]] - c["delivery_due"]).days <= 15]
    assert len(on_time) >= 0.8 * len(due)


def test_honest_trade_prices_sit_in_the_published_range(small_world: World) -> None:
    """The customs list has a typical price inside its usual range for most headings, and
    the contracts that no scheme touches are priced inside the range of their heading."""
    ws, _ = small_world
    listed = {(p["hs_code"], p["unit"]): p for p in ws.read("reference_prices").to_pylist()}
    assert len(listed) >= 20
    for p in listed.values():
        assert p["price_min_kzt"] <= p["price_kzt"] <= p["price_max_kzt"]
        assert p["valid_from"] < dt.date(2026, 1, 1)
    flagged = set(col(ws, "labels", "object_id"))
    inside = checked = 0
    for c in ws.read("trade_contracts").to_pylist():
        p = listed.get((c["hs_code"][:6], c["unit"]))
        if p is None or c["contract_id"] in flagged or not c["quantity"]:
            continue
        unit_kzt = c["amount_kzt"] / Decimal(str(c["quantity"]))
        checked += 1
        inside += p["price_min_kzt"] * Decimal("0.8") <= unit_kzt <= p["price_max_kzt"] * 2
    assert checked >= 5
    assert inside >= 0.95 * checked


def test_same_arguments_give_identical_tables(small_world: World, same_seed_world: World) -> None:
    a, _ = small_world
    b, _ = same_seed_world
    for table in WORLD_TABLES:
        assert a.read(table).equals(b.read(table)), table


def test_another_seed_gives_another_world(small_world: World, other_seed_world: World) -> None:
    a, _ = small_world
    c, _ = other_seed_world
    for table in ("persons", "transactions", "labels"):
        assert not a.read(table).equals(c.read(table)), table
    la = Counter(col(a, "labels", "scheme_id"))
    lc = Counter(col(c, "labels", "scheme_id"))
    assert la != lc


def test_world_tables_are_plain_arrow_types(small_world: World) -> None:
    ws, _ = small_world
    data = ws.read("transactions")
    assert not any(pa.types.is_dictionary(f.type) for f in data.schema)


def test_a_family_plants_the_same_whatever_else_is_planted(
    small_world: World, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("mule-only")
    generate(SynthConfig(3000, 14, 11, families=("MULE",)), out)
    alone = Workspace(out).read("labels")
    full, _ = small_world
    together = full.read("labels").filter(pc.equal(full.read("labels").column("family"), "MULE"))
    assert alone.num_rows > 0 and alone.equals(together)


def test_transactions_are_written_clustered_by_type_then_time(small_world: World) -> None:
    ws, _ = small_world
    for f in ws.files("transactions"):
        assert_clustered(f)
