"""The money-flow planters (MULE, CASH, STRUCT, LAYER) plant what an investigator should find.

Two layers, as for the sector planters. ``FlowWorld`` is an in-memory ``SchemeContext`` that
refuses rows the canonical schemas would refuse, so every variant is exercised fast; the
second layer runs ``kuzet synth`` on a small world (two seeds) and checks the same signals.

The checks read a planted world as tables and look at labelled subjects: a fan-in drop
receives from many distinct senders, a cycle returns to its start in time order, structured
operations sit just below a line yet add up beyond it, a transit firm pays many people who
take cash within hours. The lines below are the tests' own, on purpose: neither the
generator's nor a detector's constants are imported.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest

from kuzet.model.identifiers import BIN, IBAN, IIN
from kuzet.model.schemas import TABLES
from kuzet.synth.api import AccountRef, EntityRef, MerchantRef, PersonRef, PlatformRef
from kuzet.synth.schemes import cash, layer, mule, struct

FAMILIES = ("MULE", "CASH", "STRUCT", "LAYER")
PLANTERS = (mule.plant, cash.plant, struct.plant, layer.plant)
Row = dict[str, Any]
CATEGORIES = (
    "grocery",
    "restaurant",
    "pharmacy",
    "fuel",
    "clothing",
    "telecom",
    "utilities",
    "casino",
    "bookmaker",
    "crypto_unlicensed",
)
OKEDS = ("46.90", "46.19", "47.11", "56.10", "68.20", "41.20", "62.01")


class FlowWorld:
    """A small ordinary world in memory that checks every planted row against the schemas."""

    def __init__(self, seed: int, persons: int = 5000, days: int = 30) -> None:
        self.rng = np.random.default_rng(seed)
        self.start = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
        self.days = days
        self.persons = persons
        self.rows: dict[str, list[Row]] = defaultdict(list)
        self._ids: dict[str, int] = defaultdict(int)
        base = np.random.default_rng(seed + 10_000)
        self._people = [self._person(base, (16, 80)) for _ in range(min(persons, 1500))]
        self._firms = [self._entity(OKEDS[i % len(OKEDS)]) for i in range(80)]

    def _add(self, table: str, **row: Any) -> None:
        t = TABLES[table]
        unknown = set(row) - {c.name for c in t}
        assert not unknown, f"{table}: unknown columns {unknown}"
        for col in t:
            v = row.get(col.name)
            assert v is not None or not col.required, f"{table}.{col.name} is required: {row}"
            if v is None:
                continue
            assert not col.enum or v in col.enum, f"{table}.{col.name}={v!r}"
            validator = {"iin": IIN, "bin": BIN, "iban": IBAN}.get(col.identifier or "")
            assert validator is None or validator.is_valid(v), (table, col.name, v)
        self.rows[table].append(row)

    def next_id(self, table: str) -> int:
        self._ids[table] += 1
        return self._ids[table]

    def ts(self, day: float) -> dt.datetime:
        return self.start + dt.timedelta(days=day)

    def _person(
        self, rng: np.random.Generator, age: tuple[int, int], with_account: bool = True, **kw: Any
    ) -> PersonRef:
        pid = self.next_id("persons")
        born = (
            self.start - dt.timedelta(days=float(rng.uniform(age[0], age[1] + 1)) * 365.25)
        ).date()
        iin, serial = None, pid
        while iin is None:
            iin, serial = IIN.make(born, "M", serial), serial + 1
        self._add(
            "persons",
            person_id=pid,
            iin=iin,
            last_name="Тестов",
            first_name="Тест",
            birth_date=born,
            sex="M",
            occupation=kw.get("occupation"),
        )
        acc = self.new_account("person", pid).account_id if with_account else None
        return PersonRef(pid, iin, born, "M", 0.0, "Almaty", acc)

    def _entity(self, oked: str | None, with_account: bool = True, **kw: Any) -> EntityRef:
        eid = self.next_id("legal_entities")
        registered = kw.get("registered") or dt.date(2015, 5, 5)
        b, serial = None, eid
        while b is None:
            b, serial = BIN.make(registered, 4, 0, serial), serial + 1
        tax = kw.get("tax_paid_kzt")
        self._add(
            "legal_entities",
            entity_id=eid,
            bin=b,
            name=f"ТОО «Фирма {eid}»",
            kind=kw.get("kind", "company"),
            registered=registered,
            country="KZ",
            oked=oked,
            address_id=kw.get("address_id"),
            employees=kw.get("employees"),
            tax_paid_kzt=None if tax is None else Decimal(round(tax)),
            form=kw.get("form"),
            status=kw.get("status", "active"),
            phone=kw.get("phone"),
        )
        acc = self.new_account("entity", eid).account_id if with_account else None
        return EntityRef(eid, b, f"Фирма {eid}", kw.get("kind", "company"), oked, "KZ", acc)

    def new_person(self, **kw: Any) -> PersonRef:
        allowed = {
            "age",
            "monthly_income_kzt",
            "occupation",
            "region",
            "resident",
            "pep",
            "with_account",
        }
        assert set(kw) <= allowed, set(kw) - allowed
        return self._person(self.rng, kw.pop("age", (18, 70)), **kw)

    def new_entity(self, **kw: Any) -> EntityRef:
        return self._entity(kw.pop("oked", None), **kw)

    def new_address(self, *, country: str = "KZ", region: str | None = None) -> int:
        aid = self.next_id("addresses")
        self._add("addresses", address_id=aid, country=country, region=region)
        return aid

    def new_account(
        self,
        holder_type: str,
        holder_id: int,
        *,
        product: str = "current",
        bank_id: int | None = None,
        opened: dt.date | None = None,
        currency: str = "KZT",
    ) -> AccountRef:
        aid = self.next_id("accounts")
        iban = IBAN.make("911", f"{aid:013d}")
        bank = bank_id or int(self.rng.integers(1, 6))
        self._add(
            "accounts",
            account_id=aid,
            iban=iban,
            bank_id=bank,
            holder_type=holder_type,
            holder_id=holder_id,
            product=product,
            currency=currency,
            opened=opened or dt.date(2020, 1, 1),
        )
        return AccountRef(aid, iban, bank, holder_type, holder_id)

    def new_card(
        self,
        account_id: int,
        holder_person_id: int,
        *,
        kind: str = "debit",
        issued: dt.date | None = None,
        resident: bool = True,
    ) -> int:
        cid = self.next_id("cards")
        self._add(
            "cards",
            card_id=cid,
            account_id=account_id,
            holder_id=holder_person_id,
            pan_token=f"tok{cid}",
            kind=kind,
            issued=issued or dt.date(2024, 1, 1),
            expires=dt.date(2029, 1, 1),
            resident=resident,
        )
        return cid

    def relate(
        self, src_type: str, src_id: int, dst_type: str, dst_id: int, kind: str, **kw: Any
    ) -> int:
        rid = self.next_id("relations")
        self._add(
            "relations",
            relation_id=rid,
            src_type=src_type,
            src_id=src_id,
            dst_type=dst_type,
            dst_id=dst_id,
            kind=kind,
            **kw,
        )
        return rid

    def device(self, party_type: str, party_id: int, **kw: Any) -> str:
        dev = kw.pop("device_id", None) or f"dev-{self.next_id('devices')}"
        self._add("devices", device_id=dev, party_type=party_type, party_id=party_id, **kw)
        return str(dev)

    def sample_persons(
        self, n: int, *, min_age: int | None = None, max_age: int | None = None
    ) -> list[PersonRef]:
        def age(p: PersonRef) -> float:
            return (self.start.date() - p.birth_date).days / 365.25

        ok = [
            p
            for p in self._people
            if (min_age is None or age(p) >= min_age) and (max_age is None or age(p) < max_age + 1)
        ]
        idx = self.rng.choice(len(ok), size=min(n, len(ok)), replace=False)
        return [ok[int(i)] for i in idx]

    def sample_entities(self, n: int, *, oked_prefix: str | None = None) -> list[EntityRef]:
        ok = [e for e in self._firms if (e.oked or "").startswith(oked_prefix or "")]
        idx = self.rng.choice(len(ok), size=min(n, len(ok)), replace=False)
        return [ok[int(i)] for i in idx]

    def banks(self) -> Sequence[tuple[int, str]]:
        return [(i, f"BANK{i}KZKA") for i in range(1, 6)]

    def merchants(self, category: str) -> Sequence[MerchantRef]:
        if category not in CATEGORIES:
            return []
        return [
            MerchantRef(f"M-{category}-{k}", f"{category} {k}", "5411", category, f"T{k}")
            for k in range(3)
        ]

    def atms(self) -> Sequence[str]:
        return [f"ATM{i:04d}" for i in range(40)]

    def platforms(self, *, licensed: bool) -> Sequence[PlatformRef]:
        return [PlatformRef(2 - licensed, "Обменник", licensed, None, IBAN.make("998", "1" * 13))]

    def txn(
        self,
        *,
        ts: dt.datetime,
        type: str,
        channel: str,
        amount: Any,
        currency: str = "KZT",
        src_account_id: int | None = None,
        dst_account_id: int | None = None,
        status: str = "completed",
        **columns: Any,
    ) -> int:
        assert self.start <= ts < self.ts(self.days), ts
        assert src_account_id or dst_account_id
        assert Decimal(str(amount)) > 0, amount
        tid = self.next_id("transactions")
        self._add(
            "transactions",
            txn_id=tid,
            ts=ts,
            type=type,
            channel=channel,
            amount=amount,
            currency=currency,
            amount_kzt=amount,
            src_account_id=src_account_id,
            dst_account_id=dst_account_id,
            status=status,
            **columns,
        )
        return tid

    def txns(self, **columns: Any) -> list[int]:
        """The bulk path of ``SchemeContext``: each row checked as ``txn`` checks it."""
        n = len(columns["amount"])
        ids = []
        for i in range(n):
            row = {k: v[i] for k, v in columns.items() if v is not None}
            ts = row.pop("ts")
            if isinstance(ts, np.datetime64):
                us = int(ts.astype("datetime64[us]").astype(np.int64))
                ts = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)
            row = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
            ids.append(self.txn(ts=ts, **{k: v for k, v in row.items() if v is not None}))
        return ids

    def row(self, table: str, **columns: Any) -> None:
        self._add(table, **columns)

    def label(
        self,
        scheme_id: str,
        family: str,
        typology: str,
        object_type: str,
        object_id: int,
        role: str,
    ) -> None:
        self._add(
            "labels",
            scheme_id=scheme_id,
            family=family,
            typology=typology,
            object_type=object_type,
            object_id=object_id,
            role=role,
        )

    def decoy(
        self, decoy_id: str, kind: str, family: str, object_type: str, object_id: int
    ) -> None:
        self._add(
            "decoys",
            decoy_id=decoy_id,
            kind=kind,
            family=family,
            object_type=object_type,
            object_id=object_id,
        )


class World:
    """A planted world as plain rows, indexed for the checks."""

    def __init__(self, tables: dict[str, list[Row]], start: dt.datetime, days: int) -> None:
        self.tables, self.start, self.days = tables, start, days
        self._out: dict[Any, list[Row]] = defaultdict(list)
        self._in: dict[Any, list[Row]] = defaultdict(list)
        for t in sorted(self.rows("transactions"), key=lambda t: t["ts"]):
            self._out[t.get("src_account_id")].append(t)
            self._in[t.get("dst_account_id")].append(t)

    def rows(self, table: str) -> list[Row]:
        return self.tables.get(table, [])

    def labels(self, family: str) -> dict[str, list[Row]]:
        by_scheme: dict[str, list[Row]] = defaultdict(list)
        for r in self.rows("labels"):
            if r["family"] == family:
                by_scheme[r["scheme_id"]].append(r)
        return by_scheme

    @staticmethod
    def objects(rows: Iterable[Row], object_type: str, role: str | None = None) -> set[int]:
        return {
            r["object_id"]
            for r in rows
            if r["object_type"] == object_type and role in (None, r["role"])
        }

    def out_of(self, accounts: set[int]) -> list[Row]:
        return sorted((t for a in accounts for t in self._out[a]), key=lambda t: t["ts"])

    def into(self, accounts: set[int]) -> list[Row]:
        return sorted((t for a in accounts for t in self._in[a]), key=lambda t: t["ts"])


def _plant(seed: int, persons: int = 5000) -> World:
    w = FlowWorld(seed, persons=persons)
    for plant in PLANTERS:
        plant(w)
    return World(dict(w.rows), w.start, w.days)


def _hours(a: dt.datetime, b: dt.datetime) -> float:
    return (b - a).total_seconds() / 3600


def _node(t: Row, side: str) -> Any:
    acc = t.get(f"{side}_account_id")
    return acc if acc is not None else f"cp:{t.get('cp_iban')}"


LINES = (7_000_000, 500_000, 5_000_000)
"""Lines the tests look under: cash, ATM top-up, offshore (domain brief §1.3 and §2)."""


def _just_below(value: float) -> int | None:
    return next((line for line in LINES if 0.8 * line <= value < line), None)


# ── checks shared by both layers ─────────────────────────────────────────────────────────


def check_family(w: World, family: str) -> None:
    schemes = w.labels(family)
    assert len(schemes) >= 2, family
    assert len({r["role"] for rows in schemes.values() for r in rows}) >= 3
    for sid, rows in schemes.items():
        assert sid.startswith(f"{family}-") and sid[len(family) + 1 :].isdigit()
        assert len({r["typology"] for r in rows}) == 1
        types = {r["object_type"] for r in rows}
        assert "account" in types and types & {"person", "entity"}, (sid, types)
    decoys = [d for d in w.rows("decoys") if d["family"] == family]
    assert len({d["decoy_id"] for d in decoys}) >= 2
    labelled = {(r["object_type"], r["object_id"]) for r in w.rows("labels")}
    assert not {(d["object_type"], d["object_id"]) for d in decoys} & labelled


def check_mule(w: World) -> None:
    schemes = w.labels("MULE")
    fan_in = [
        len({t["src_account_id"] for t in w.into({a})})
        for rows in schemes.values()
        if rows[0]["typology"] == "fan_in"
        for a in w.objects(rows, "account", "mule")
    ]
    assert not fan_in or max(fan_in) >= 10
    for rows in schemes.values():
        typology = rows[0]["typology"]
        accounts = w.objects(rows, "account", "mule")
        if typology in ("pass_through", "cash_out"):  # most of the inflow leaves within a day
            ins, outs = w.into(accounts), w.out_of(accounts)
            fast = sum(
                float(o["amount"])
                for o in outs
                if any(0 < _hours(i["ts"], o["ts"]) <= 30 for i in ins)
            )
            assert fast / sum(float(i["amount"]) for i in ins) > 0.5, rows[0]["scheme_id"]
        if typology == "gambling_crypto":  # MULE-10: online bets or an unlicensed desk
            outs = w.out_of(accounts)
            assert any(t["channel"] == "ecom" or t.get("cp_iban") for t in outs)
        if typology == "cash_out":
            assert len({t["atm_id"] for t in w.out_of(accounts) if t.get("atm_id")}) >= 2
        if typology == "shared_device":
            persons = w.objects(rows, "person")
            users: dict[str, set[int]] = defaultdict(set)
            for d in w.rows("devices"):
                if d["party_type"] == "person" and d["party_id"] in persons:
                    users[d["device_id"]].add(d["party_id"])
            assert max(len(u) for u in users.values()) >= 3
    mules = set().union(*(w.objects(r, "person", "mule") for r in schemes.values()))
    born = {p["person_id"]: p["birth_date"] for p in w.rows("persons") if p["person_id"] in mules}
    ages = [(w.start.date() - b).days / 365.25 for b in born.values()]
    assert sum(a < 24 for a in ages) / len(ages) > 0.4


def check_cash(w: World) -> None:
    entities = {e["entity_id"]: e for e in w.rows("legal_entities")}
    for sid, rows in w.labels("CASH").items():
        transit = w.objects(rows, "account", "transit")
        assert len({t["src_account_id"] for t in w.into(transit)} - transit) >= 3, sid
        cashers = w.objects(rows, "account", "cash_out")
        paid = [t for t in w.out_of(transit) if t.get("dst_account_id") in cashers]
        assert len({t["dst_account_id"] for t in paid}) >= 5, sid
        cash_by: dict[int, list[dt.datetime]] = defaultdict(list)
        for t in w.out_of(cashers):
            if t["type"] == "cash_withdrawal":
                cash_by[t["src_account_id"]].append(t["ts"])
        soon = sum(
            any(0 <= _hours(p["ts"], c) <= 8 for c in cash_by[p["dst_account_id"]]) for p in paid
        )
        assert soon / len(paid) > 0.8, sid
        for firm in w.objects(rows, "entity", "transit"):
            e = entities[firm]
            assert (w.start.date() - e["registered"]).days < 365, sid
            assert e["employees"] <= 3 and float(e["tax_paid_kzt"]) < 1e6
        shells = w.objects(rows, "entity", "shell")
        assert shells and all(entities[s]["status"] == "liquidated" for s in shells)
        directors = w.objects(rows, "person", "nominee_director")
        signed = {
            r["dst_id"]
            for r in w.rows("relations")
            if r["kind"] == "director" and r["src_id"] in directors
        }
        assert signed & shells, sid


def check_struct(w: World) -> None:
    for sid, rows in w.labels("STRUCT").items():
        accounts = w.objects(rows, "account")
        ops = {
            t["txn_id"]: t
            for t in w.into(accounts) + w.out_of(accounts)
            if t["type"] in ("cash_deposit", "cash_withdrawal", "transfer")
        }
        by_line: dict[int, list[float]] = defaultdict(list)
        for t in ops.values():
            line = _just_below(float(t["amount"]))
            if line is not None:
                by_line[line].append(float(t["amount"]))
        line, values = max(by_line.items(), key=lambda kv: len(kv[1]))
        assert len(values) >= 3 and sum(values) > line, (sid, line, values)
        for card_account in w.objects(rows, "account", "cardholder"):  # topped up, not idle
            assert any(t["type"] == "cash_deposit" for t in w.into({card_account})), sid
    shops = {
        d["object_id"]
        for d in w.rows("decoys")
        if d["kind"] == "shop_takings" and d["object_type"] == "account"
    }
    takings = [float(t["amount"]) for t in w.into(shops) if t["type"] == "cash_deposit"]
    assert takings and sum(_just_below(v) is not None for v in takings) / len(takings) < 0.5
    assert float(np.std(takings)) / float(np.mean(takings)) > 0.3  # every size, not a pattern


def check_layer(w: World) -> None:
    for sid, rows in w.labels("LAYER").items():
        accounts = w.objects(rows, "account")
        legs = [
            t for t in w.out_of(accounts) if t.get("dst_account_id") in accounts or t.get("cp_iban")
        ]
        assert legs, sid
        for a in accounts:  # every labelled account is one the scheme's money went through
            sent, got = w.out_of({a}), w.into({a})
            other = [t.get("dst_account_id") for t in sent] + [t.get("src_account_id") for t in got]
            assert any(o in accounts for o in other) or any(
                t.get("cp_iban") and t["type"] == "transfer" for t in sent + got
            ), (sid, rows[0]["typology"], a)
        if rows[0]["typology"] == "cycle":
            origin = next(iter(w.objects(rows, "account", "origin")))
            assert _walk_cycle(w, origin, accounts) >= 3, sid


def _walk_cycle(w: World, origin: int, accounts: set[int]) -> int:
    """Follow the earliest onward leg from each stop; count hops until back at ``origin``."""
    legs = sorted(
        (
            t
            for t in w.rows("transactions")
            if _node(t, "src") in accounts or str(_node(t, "src")).startswith("cp:")
        ),
        key=lambda t: t["ts"],
    )
    at: Any = origin
    since, amount, hops = w.start, float("inf"), 0
    while hops < 10:
        nxt = next(
            t
            for t in legs
            if _node(t, "src") == at
            and t["ts"] > since
            and (at != origin or hops == 0 or t.get("dst_account_id") != origin)
        )
        assert float(nxt["amount"]) <= amount
        at, since, amount, hops = _node(nxt, "dst"), nxt["ts"], float(nxt["amount"]), hops + 1
        if at == origin:
            return hops
    raise AssertionError("no cycle back to the origin")


CHECKS = {"MULE": check_mule, "CASH": check_cash, "STRUCT": check_struct, "LAYER": check_layer}


# ── layer 1: the in-memory world ─────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def world() -> World:
    return _plant(7)


@pytest.mark.parametrize("family", FAMILIES)
def test_family_plants_labelled_schemes_and_decoys(world: World, family: str) -> None:
    check_family(world, family)
    CHECKS[family](world)


def test_labels_are_unique_and_rows_inside_the_world_in_daytime(world: World) -> None:
    keys = Counter((r["scheme_id"], r["object_type"], r["object_id"]) for r in world.rows("labels"))
    assert max(keys.values()) == 1
    almaty = [(t["ts"] + dt.timedelta(hours=5)).hour for t in world.rows("transactions")]
    assert sum(7 <= h <= 23 for h in almaty) / len(almaty) > 0.9


def test_same_seed_same_world_other_seed_other_sizes(world: World) -> None:
    again, other = _plant(7), _plant(8)
    assert again.rows("labels") == world.rows("labels")
    assert again.rows("transactions") == world.rows("transactions")
    for family in FAMILIES:
        sizes = sorted(
            Counter(r["scheme_id"] for r in world.rows("labels") if r["family"] == family).values()
        )
        sizes2 = sorted(
            Counter(r["scheme_id"] for r in other.rows("labels") if r["family"] == family).values()
        )
        assert sizes != sizes2, family


def test_counts_scale_with_persons() -> None:
    small, large = _plant(3, persons=2000), _plant(3, persons=20_000)
    for family in FAMILIES:
        assert len(large.labels(family)) >= 8
        assert len(large.labels(family)) > len(small.labels(family))


def test_every_variant_shows_its_signal() -> None:
    """Many seeds, so every typology of every family is drawn and checked at least once."""
    seen: dict[str, set[str]] = defaultdict(set)
    for seed in range(20, 30):
        w = _plant(seed, persons=3000)
        for family in FAMILIES:
            CHECKS[family](w)
            seen[family] |= {rows[0]["typology"] for rows in w.labels(family).values()}
    assert seen["MULE"] == set(mule.TYPOLOGIES)
    assert seen["CASH"] == set(cash.TYPOLOGIES)
    assert seen["STRUCT"] == set(struct.TYPOLOGIES)
    assert seen["LAYER"] == set(layer.TYPOLOGIES)


# ── layer 2: a world built by ``kuzet synth`` ────────────────────────────────────────────


def _read_world(out: Path) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {}
    for name in (
        "labels",
        "decoys",
        "persons",
        "legal_entities",
        "accounts",
        "relations",
        "devices",
        "transactions",
    ):
        files = sorted(out.rglob(f"{name}*.parquet")) + sorted(out.rglob(f"{name}/*.parquet"))
        tables[name] = [r for f in dict.fromkeys(files) for r in pq.read_table(f).to_pylist()]
    return tables


@pytest.fixture(scope="module", params=[7, 8])
def real_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> World:
    """A 5,000-person, 30-day world from the builder, planted with these four families only
    (so a failure points here, not at another family's planter)."""
    world = pytest.importorskip("kuzet.synth.world", reason="the world builder is not there yet")
    out = tmp_path_factory.mktemp(f"flows{request.param}")
    config = world.SynthConfig(persons=5000, days=30, seed=request.param, families=FAMILIES)
    world.generate(config, out)
    tables = _read_world(out)
    start = dt.datetime.combine(config.start, dt.time(), tzinfo=dt.UTC)
    return World(tables, start, config.days)


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_real_world_has_every_flow_family(real_world: World, family: str) -> None:
    check_family(real_world, family)
    CHECKS[family](real_world)
