"""``WorldContext``, the ``SchemeContext`` planters use: new actors get valid identifiers,
rows are checked on arrival, ids continue after the ordinary world's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest

from kuzet.model.identifiers import BIN, IBAN, IIN
from kuzet.model.money import FxRates
from kuzet.synth import banking, firms, population, sectors, vec
from kuzet.synth import reference as ref
from kuzet.synth.api import SchemeContext
from kuzet.synth.context import PlantingError, WorldContext
from kuzet.synth.state import World
from kuzet.synth.world import stage_rng

START = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def world() -> World:
    day = vec.day_number(START)
    pop = population.build_population(stage_rng(3, "population"), 2000, day)
    fi = firms.build_firms(stage_rng(3, "firms"), pop, day, pop.addresses.num_rows + 1)
    bank = banking.build_banking(stage_rng(3, "banking"), pop, fi, day, 10)
    sec = sectors.build_sectors(
        stage_rng(3, "sectors"), pop, fi, bank, day, 10, FxRates.load(),
        stage_rng(3, "reference-prices"),
    )  # fmt: skip
    return World(START, 10, pop, fi, bank, sec)


@pytest.fixture
def ctx(world: World) -> WorldContext:
    c = WorldContext(
        world,
        {
            "persons": world.pop.n + 1,
            "legal_entities": world.firms.n + 1,
            "accounts": world.bank.accounts.n + 1,
            "transactions": 1000,
            "cards": 10**6,
            "relations": 10**6,
            "addresses": 10**6,
            "loans": 10**6,
            "trade_contracts": 1,
            "property_deals": 1,
        },
        FxRates.load(),
    )
    c.rng = stage_rng(3, "plant", "TEST")
    return c


def test_it_satisfies_the_protocol(ctx: WorldContext) -> None:
    planter_view: SchemeContext = ctx
    assert planter_view.persons == 2000
    assert planter_view.ts(1.5) == dt.datetime(2026, 1, 2, 12, tzinfo=dt.UTC)


def test_new_person_has_valid_unique_identifiers(ctx: WorldContext, world: World) -> None:
    people = [ctx.new_person(age=(19, 23), resident=i % 3 != 0) for i in range(40)]
    assert len({p.iin for p in people}) == 40
    ordinary = {f"{v:012d}" for v in world.pop.iin.tolist()}
    for p in people:
        assert IIN.is_valid(p.iin) and p.iin not in ordinary
        assert IIN.birth_date(p.iin) == p.birth_date
        age = (START - p.birth_date).days / 365.25
        assert 19 <= age < 24.5
        assert p.person_id > world.pop.n and p.account_id is not None
    rows = ctx.rows["persons"]
    assert all(r["name_lat"] and r["name_kk"] and r["last_name"] for r in rows)
    assert all(IBAN.is_valid(a["iban"]) for a in ctx.rows["accounts"])


def test_new_entity_gets_a_bin_of_its_registration_month(ctx: WorldContext) -> None:
    e = ctx.new_entity(registered=dt.date(2025, 11, 3), oked="46.90")
    assert e.bin is not None and BIN.is_valid(e.bin) and e.bin.startswith("2511")
    ip = ctx.new_entity(kind="individual_entrepreneur")
    assert ip.bin is not None and ip.bin[4] == "6"
    offshore = ctx.new_entity(kind="foreign_structure", country="VG", with_account=False)
    assert offshore.bin is None and offshore.account_id is None
    assert ctx.rows["legal_entities"][-1]["foreign_reg_no"].startswith("VG-")


def test_rows_are_checked_on_arrival(ctx: WorldContext) -> None:
    with pytest.raises(PlantingError, match="unknown columns"):
        ctx.row("loans", loan_id=1, colour="red")
    with pytest.raises(PlantingError, match="required"):
        ctx.row("loans", loan_id=1)
    with pytest.raises(PlantingError, match="not in"):
        ctx.txn(ts=ctx.ts(1), type="teleport", channel="mobile", amount=10)
    with pytest.raises(PlantingError, match="unknown table"):
        ctx.row("spaceships", id=1)
    with pytest.raises(PlantingError, match="unknown region"):
        ctx.new_person(region="Atlantis")


def test_txn_derives_the_tenge_equivalent(ctx: WorldContext) -> None:
    t1 = ctx.txn(ts=ctx.ts(2.3), type="transfer", channel="swift", amount=1000.5, currency="USD")
    t2 = ctx.txn(ts=ctx.ts(2.4), type="transfer", channel="mobile", amount=Decimal("12.345"))
    t3 = ctx.txn(ts=ctx.ts(2.5), type="fee", channel="batch", amount=3, amount_kzt=3)
    assert t2 == t1 + 1 == 1001 and t3 == 1002
    rows = ctx.tables()["transactions"].to_pylist()
    usd, kzt, fee = rows[-3:]
    rate = FxRates.load().rate("USD", dt.date(2026, 1, 3))
    assert usd["amount_kzt"] == (Decimal("1000.50") * rate).quantize(Decimal("0.01"))
    assert kzt["amount"] == kzt["amount_kzt"] == Decimal("12.35")
    assert fee["amount_kzt"] == Decimal("3.00")


def test_the_ordinary_world_to_sample_from(ctx: WorldContext) -> None:
    young = ctx.sample_persons(30, min_age=18, max_age=22)
    assert len(young) == 30 and all(p.account_id for p in young)
    assert all(18 <= (START - p.birth_date).days // 365.25 <= 23 for p in young)
    traders = ctx.sample_entities(5, oked_prefix="46")
    assert traders and all(e.oked and e.oked.startswith("46") for e in traders)
    assert len(ctx.banks()) >= 5
    for cat in ref.MERCHANT_CATEGORIES:
        merchants = ctx.merchants(cat.name)
        assert merchants, cat.name
        assert all(m.category == cat.name for m in merchants)
    assert {m.mcc for m in ctx.merchants("grey_terminal")} <= set(ref.GREY_TERMINAL_MCCS)
    assert len(ctx.atms()) >= len(ref.REGIONS)
    lic, unl = ctx.platforms(licensed=True), ctx.platforms(licensed=False)
    assert lic and unl and all(p.merchant_id for p in lic + unl)
    assert all(p.iban and IBAN.is_valid(p.iban) for p in lic)


def test_labels_and_decoys_are_checked(ctx: WorldContext) -> None:
    ctx.label("S-1", "MULE", "fan_in", "account", 5, "mule")
    ctx.decoy("D-1", "online_seller", "MULE", "account", 6)
    with pytest.raises(PlantingError):
        ctx.label("S-1", "NOPE", "x", "account", 5, "mule")
    assert ctx.tables()["labels"].num_rows == 1


def test_txns_appends_many_rows_like_txn(ctx: WorldContext) -> None:
    one = ctx.txn(ts=ctx.ts(1), type="transfer", channel="mobile", amount=5)
    ids = ctx.txns(
        ts=[ctx.ts(1.1), ctx.ts(1.2), ctx.ts(1.3)],
        type=["card_payment"] * 3,
        channel=np.array(["pos", "pos", "ecom"]),
        amount=np.array([10.005, 20.0, 30.0]),
        currency=["KZT", "USD", "KZT"],
        card_id=[1, None, 3],
    )
    after = ctx.txn(ts=ctx.ts(1.4), type="fee", channel="batch", amount=1)
    assert list(ids) == [one + 1, one + 2, one + 3] and after == one + 4
    rows = ctx.tables()["transactions"].to_pylist()[-5:]
    assert [r["txn_id"] for r in rows] == [one, *ids, after]
    assert rows[1]["amount"] == Decimal("10.01") and rows[1]["status"] == "completed"
    assert rows[2]["card_id"] is None and rows[2]["amount_kzt"] > rows[2]["amount"]
    with pytest.raises(PlantingError, match="not in"):
        ctx.txns(ts=[ctx.ts(1)], type=["teleport"], channel=["pos"], amount=[1.0])
    with pytest.raises(PlantingError, match="required"):
        ctx.txns(type=["fee"], channel=["pos"], amount=[1.0])
