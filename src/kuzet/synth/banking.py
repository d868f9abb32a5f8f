"""Banks, accounts, cards, devices, merchants, ATMs and crypto platforms.

Most persons bank with one main bank (a card account with a debit card) and many with a
second one; some hold deposits, credit cards or dollar accounts, a few carry several virtual
cards. Non-resident cards expire within 12 months (domain §2). Firms get current accounts
(traders also in dollars). Each person has a phone app on one or two devices; household
members share the home IP. Merchants belong to the firms that operate them; grey terminals
declare a grocery or services MCC and are acquired through payment organisations.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.schemas import TABLES
from kuzet.synth import firms as fm
from kuzet.synth import reference as ref
from kuzet.synth import vec
from kuzet.synth.firms import Firms
from kuzet.synth.population import Population
from kuzet.synth.vec import I64, Arr

PRODUCTS = ("current", "card", "credit_card", "deposit", "savings", "loan", "escrow")
CURRENT, CARD, CREDIT, DEPOSIT, SAVINGS, LOAN, ESCROW = range(7)
PERSON, ENTITY = 0, 1
DOMESTIC_BANKS = tuple(i for i, b in enumerate(ref.BANKS) if b.kind == "bank")
PAYMENT_ORGS = tuple(i for i, b in enumerate(ref.BANKS) if b.kind == "payment_org")


@dataclass
class Accounts:
    """Account arrays (index ``a`` is ``account_id = a + 1``) and who holds what."""

    n: int
    bank: I64
    holder_type: I64
    holder: I64
    """Person or entity index."""
    product: I64
    currency: list[str]
    opened: I64
    closed: I64
    """-1 when open."""
    iban: Arr
    person_main: I64
    person_second: I64
    person_deposit: I64
    person_credit: I64
    person_usd: I64
    entity_main: I64
    entity_usd: I64

    def extend(
        self,
        *,
        bank: I64,
        holder_type: I64,
        holder: I64,
        product: I64,
        currency: list[str],
        opened: I64,
        rng: np.random.Generator,
    ) -> I64:
        """Append accounts (loan accounts of the sector stage); returns their indices."""
        k = len(bank)
        first = self.n
        letters = np.array([vec.IBAN_PRODUCT_LETTER[p] for p in PRODUCTS])[product]
        codes = np.array([int(b.bank_code) for b in ref.BANKS])[bank]
        iban = vec.ibans(
            codes, rng.integers(0, 1000, k), letters, np.arange(first, first + k) + 10_000
        )
        self.bank = np.r_[self.bank, bank]
        self.holder_type = np.r_[self.holder_type, holder_type]
        self.holder = np.r_[self.holder, holder]
        self.product = np.r_[self.product, product]
        self.currency = self.currency + currency
        self.opened = np.r_[self.opened, opened]
        self.closed = np.r_[self.closed, np.full(k, -1, dtype=np.int64)]
        self.iban = pa.concat_arrays([self.iban, iban])
        self.n = first + k
        return np.arange(first, first + k, dtype=np.int64)


@dataclass
class Banking:
    banks: pa.Table
    accounts: Accounts
    cards: pa.Table
    card_account: I64
    card_holder: I64
    person_card: I64
    """Main debit card of each person (card index) or -1."""
    person_credit_card: I64
    person_second_card: I64
    devices: pa.Table
    device_ids: Arr
    device_ips: Arr
    person_device: I64
    """Device index of each person's phone app, -1 without."""
    entity_device: I64
    merchants: pa.Table
    merchant_category: I64
    merchant_region: I64
    """-1 for merchants serving the whole country."""
    merchant_entity: I64
    merchant_ids: Arr
    terminal_ids: Arr
    merchant_names: Arr
    merchant_mcc: Arr
    atm_ids: Arr
    atm_region: I64
    atm_bank: I64
    platforms: pa.Table
    platform_merchant: I64
    """Merchant index of each crypto platform."""
    platform_account: I64
    """Account index receiving customers' fiat for each platform, -1 without."""


def bank_table() -> pa.Table:
    all_banks = (*ref.BANKS, *ref.FOREIGN_BANKS)
    return pa.table(
        {
            "bank_id": pa.array(range(1, len(all_banks) + 1), pa.int64()),
            "bic": [b.bic for b in all_banks],
            "bank_code": [b.bank_code or None for b in all_banks],
            "name": [b.name for b in all_banks],
            "country": [b.country for b in all_banks],
            "kind": [b.kind for b in all_banks],
        }
    ).cast(TABLES["banks"].schema)


def _bank_choice(rng: np.random.Generator, k: int) -> I64:
    share = np.array([ref.BANKS[i].share for i in DOMESTIC_BANKS])
    return np.array(DOMESTIC_BANKS)[rng.choice(len(share), size=k, p=share / share.sum())]


def build_banking(
    rng: np.random.Generator, pop: Population, firms: Firms, start_day: int, days: int
) -> Banking:
    n, m = pop.n, firms.n
    acc = _accounts(rng, pop, firms, start_day)
    cards, card_account, card_holder, main_card, credit_card, second_card = _cards(
        rng, pop, acc, start_day
    )
    devices, dev_ids, dev_ips, person_device, entity_device = _devices(
        rng, pop, firms, acc, start_day, days
    )
    merch = _merchants(rng, pop, firms)
    atm_ids, atm_region, atm_bank = _atms(rng, n)
    platforms, platform_merchant, platform_account = _platforms(firms, acc, merch[1], merch[0])
    del m
    return Banking(
        banks=bank_table(),
        accounts=acc,
        cards=cards,
        card_account=card_account,
        card_holder=card_holder,
        person_card=main_card,
        person_credit_card=credit_card,
        person_second_card=second_card,
        devices=devices,
        device_ids=dev_ids,
        device_ips=dev_ips,
        person_device=person_device,
        entity_device=entity_device,
        merchants=merch[0],
        merchant_category=merch[1],
        merchant_region=merch[2],
        merchant_entity=merch[3],
        merchant_ids=merch[0].column("merchant_id").combine_chunks(),
        terminal_ids=merch[4],
        merchant_names=merch[0].column("name").combine_chunks(),
        merchant_mcc=merch[0].column("mcc").combine_chunks(),
        atm_ids=atm_ids,
        atm_region=atm_region,
        atm_bank=atm_bank,
        platforms=platforms,
        platform_merchant=platform_merchant,
        platform_account=platform_account,
    )


Block = tuple[int, I64, int, I64 | None]
"""Accounts of one kind: holder type, holders, product, base opening day per holder."""


def _holdings(rng: np.random.Generator, pop: Population, firms: Firms) -> list[Block]:
    """Who holds which accounts: main card accounts, second banks, deposits, credit cards,
    dollar accounts; firms' current accounts (traders also in dollars)."""
    n, m = pop.n, firms.n
    since = np.asarray(pop.persons.column("customer_since").cast(pa.int32()).to_numpy())
    banked = rng.random(n) < np.where(pop.age < 18, 0.6, 0.985)
    adult = pop.age >= 18
    working_age = adult & (pop.age <= 65)
    rich = np.clip(pop.income / 400_000.0, 0.2, 3.0)
    ent_ok = np.isin(firms.kind, [fm.COMPANY, fm.IP]) & (np.array(firms.country) == "KZ")
    trader = np.array([(o or "").startswith("46") for o in firms.oked])
    ent_usd = ent_ok & firms.active & trader & (rng.random(m) < 0.35)
    return [
        (PERSON, np.flatnonzero(banked), CARD, since.astype(np.int64)),
        (PERSON, np.flatnonzero(banked & working_age & (rng.random(n) < 0.42)), CARD, None),
        (PERSON, np.flatnonzero(banked & adult & (rng.random(n) < 0.12 * rich)), DEPOSIT, None),
        (PERSON, np.flatnonzero(banked & working_age & (rng.random(n) < 0.12)), CREDIT, None),
        (PERSON, np.flatnonzero(banked & adult & (rng.random(n) < 0.025 * rich)), CURRENT, None),
        (ENTITY, np.flatnonzero(ent_ok), CURRENT, firms.registered),
        (ENTITY, np.flatnonzero(ent_usd), CURRENT, None),
    ]


def _accounts(rng: np.random.Generator, pop: Population, firms: Firms, start_day: int) -> Accounts:
    blocks = _holdings(rng, pop, firms)
    since = blocks[0][3]
    assert since is not None
    since_of = np.zeros(pop.n, dtype=np.int64)
    since_of[blocks[0][1]] = since[blocks[0][1]]
    firsts = np.r_[0, np.cumsum([len(b[1]) for b in blocks])[:-1]].tolist()
    opened: list[I64] = []
    bank: list[I64] = []
    for i, (htype, who, _, base) in enumerate(blocks):
        k = len(who)
        if base is not None:
            opened.append(base[who] + rng.integers(0, 30, k))
        else:
            earliest = since_of[who] if htype == PERSON else firms.registered[who]
            span = np.maximum(start_day - 1 - earliest, 1)
            opened.append(earliest + (rng.random(k) * span).astype(np.int64))
        b = _bank_choice(rng, k)
        if i == 1:  # a second bank differs from the main one
            main_bank = bank[0][np.searchsorted(blocks[0][1], who)]
            b = np.where(b == main_bank, (b + 1) % len(DOMESTIC_BANKS), b)
        bank.append(b)
    total = sum(len(b[1]) for b in blocks)
    bank_a = np.concatenate(bank)
    product_a = np.concatenate([np.full(len(who), prod) for _, who, prod, _ in blocks])
    holder_type_a = np.concatenate([np.full(len(who), t) for t, who, _, _ in blocks])
    holder_a = np.concatenate([who for _, who, _, _ in blocks]).astype(np.int64)
    closed = np.full(total, -1, dtype=np.int64)
    ent_rows = np.flatnonzero(holder_type_a == ENTITY)
    liq = vec.filled(firms.table.column("liquidated").cast(pa.int32()), -1).astype(np.int64)
    closed[ent_rows] = liq[holder_a[ent_rows]]
    opened_a = np.minimum(np.concatenate(opened), start_day - 1)
    opened_a = np.where(closed >= 0, np.minimum(opened_a, closed - 1), opened_a)
    letters = np.array([vec.IBAN_PRODUCT_LETTER[p] for p in PRODUCTS])[product_a]
    codes = np.array([int(b.bank_code) for b in ref.BANKS])[bank_a]
    iban = vec.ibans(codes, rng.integers(0, 1000, total), letters, np.arange(total) + 10_000)

    def index_of(block: int, size: int) -> I64:
        who = blocks[block][1]
        out = np.full(size, -1, dtype=np.int64)
        out[who] = firsts[block] + np.arange(len(who))
        return out

    n, m = pop.n, firms.n
    currency = [["USD" if i in (4, 6) else "KZT"] * len(b[1]) for i, b in enumerate(blocks)]
    return Accounts(
        n=total,
        bank=bank_a,
        holder_type=holder_type_a,
        holder=holder_a,
        product=product_a,
        currency=list(chain.from_iterable(currency)),
        opened=opened_a,
        closed=closed,
        iban=iban,
        person_main=index_of(0, n),
        person_second=index_of(1, n),
        person_deposit=index_of(2, n),
        person_credit=index_of(3, n),
        person_usd=index_of(4, n),
        entity_main=index_of(5, m),
        entity_usd=index_of(6, m),
    )


def account_table(acc: Accounts) -> pa.Table:
    return pa.table(
        {
            "account_id": vec.id_array(np.arange(1, acc.n + 1)),
            "iban": acc.iban,
            "bank_id": vec.id_array(acc.bank + 1),
            "holder_type": vec.take(("person", "entity"), acc.holder_type),
            "holder_id": vec.id_array(acc.holder + 1),
            "product": vec.take(PRODUCTS, acc.product),
            "currency": pa.array(acc.currency, pa.string()),
            "opened": vec.date_array(acc.opened),
            "closed": vec.date_array(np.maximum(acc.closed, 0), acc.closed >= 0),
        }
    ).cast(TABLES["accounts"].schema)


def _cards(
    rng: np.random.Generator, pop: Population, acc: Accounts, start_day: int
) -> tuple[pa.Table, I64, I64, I64, I64, I64]:
    n = pop.n
    main = np.flatnonzero(acc.person_main >= 0)
    second = np.flatnonzero(acc.person_second >= 0)
    credit = np.flatnonzero(acc.person_credit >= 0)
    extra_n = np.where(rng.random(len(main)) < 0.03, rng.integers(1, 3, len(main)), 0)
    extra_n = np.where(rng.random(len(main)) < 0.002, rng.integers(4, 6, len(main)), extra_n)
    extra = np.repeat(main, extra_n)
    holder = np.concatenate([main, second, credit, extra])
    account = np.concatenate(
        [
            acc.person_main[main],
            acc.person_second[second],
            acc.person_credit[credit],
            acc.person_main[extra],
        ]
    )
    kind = np.concatenate(
        [
            np.zeros(len(main)),
            np.zeros(len(second)),
            np.ones(len(credit)),
            np.where(rng.random(len(extra)) < 0.3, 2, 0),
        ]
    ).astype(np.int64)
    k = len(holder)
    resident = pop.resident[holder]
    opened = acc.opened[account]
    issued = np.maximum(opened, start_day - rng.integers(30, 3 * 365, k))
    issued = np.where(resident, issued, np.maximum(opened, start_day - rng.integers(5, 330, k)))
    expires = np.where(resident, issued + rng.choice([3, 5], k) * 365, issued + 364)
    token = (np.arange(k, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.uint64(0x5DEECE66D)
    table = pa.table(
        {
            "card_id": vec.id_array(np.arange(1, k + 1)),
            "account_id": vec.id_array(account + 1),
            "holder_id": vec.id_array(holder + 1),
            "pan_token": vec.concat(
                "tok_",
                pc.utf8_lpad(pa.array([f"{t:x}" for t in token.tolist()]), width=16, padding="0"),
            ),
            "kind": vec.take(("debit", "credit", "prepaid"), kind),
            "issued": vec.date_array(issued),
            "expires": vec.date_array(expires),
            "resident": pa.array(resident),
        }
    ).cast(TABLES["cards"].schema)

    def first(who: I64, offset: int) -> I64:
        out = np.full(n, -1, dtype=np.int64)
        out[who] = offset + np.arange(len(who))
        return out

    return (
        table,
        account,
        holder,
        first(main, 0),
        first(credit, len(main) + len(second)),
        first(second, len(main)),
    )


def hex_ids(prefix: str, index: I64, salt: int) -> Arr:
    """Distinct opaque ids ``prefix`` + 12 hex digits (a bijective mix of ``index``)."""
    mask = np.uint64(0xFFFFFFFFFFFF)
    x = (index.astype(np.uint64) + np.uint64(salt)) & mask
    for mult in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9):  # odd multipliers: bijective mod 2^48
        x = (x * np.uint64(mult & 0xFFFFFFFFFFFF)) & mask
        x ^= x >> np.uint64(23)
    return vec.concat(prefix, pc.utf8_lpad(pa.array([f"{v:x}" for v in x.tolist()]), 12, "0"))


def _ips(rng: np.random.Generator, k: int) -> Arr:
    firsts = np.array([2, 5, 37, 46, 78, 89, 92, 95, 176, 178, 185, 188, 212])
    a = firsts[rng.integers(0, len(firsts), k)]
    b, c, d = rng.integers(0, 256, k), rng.integers(0, 256, k), rng.integers(1, 255, k)
    return vec.concat(vec.lpad(a, 1), ".", vec.lpad(b, 1), ".", vec.lpad(c, 1), ".", vec.lpad(d, 1))


def _devices(
    rng: np.random.Generator,
    pop: Population,
    firms: Firms,
    acc: Accounts,
    start_day: int,
    days: int,
) -> tuple[pa.Table, Arr, Arr, I64, I64]:
    n = pop.n
    users = np.flatnonzero((acc.person_main >= 0) & (rng.random(n) < 0.93))
    second = users[rng.random(len(users)) < 0.25]
    ents = np.flatnonzero(acc.entity_main >= 0)
    holders = np.concatenate([users, second])
    home_ip = _ips(rng, int(pop.household.max()) + 1)
    ip_person = pa.concat_arrays(
        [home_ip.take(vec.ix(pop.household[users])), _ips(rng, len(second))]
    )
    k_p = len(holders)
    k = k_p + len(ents)
    ids = hex_ids("D", np.arange(k), 0x2545F491)
    ips = pa.concat_arrays([ip_person, _ips(rng, len(ents))])
    party_type = np.r_[np.zeros(k_p, np.int64), np.ones(len(ents), np.int64)]
    party = np.r_[holders, ents]
    account = np.r_[acc.person_main[holders], acc.entity_main[ents]]
    phones = pop.persons.column("phone").combine_chunks()
    phone = pa.concat_arrays([phones.take(vec.ix(holders)), pa.nulls(len(ents), pa.string())])
    geo = np.full(k, "KZ", dtype=object)
    abroad = np.flatnonzero(~pop.resident[holders])  # non-residents log in from home too
    geo[abroad] = pop.citizenship.take(vec.ix(holders[abroad])).to_pylist()
    first_seen = (start_day - rng.integers(1, 700, k)) * 86_400_000_000 + rng.integers(
        0, 86_400_000_000, k
    )
    last_seen = (start_day + days - 1 - rng.integers(0, 5, k)) * 86_400_000_000
    table = pa.table(
        {
            "device_id": ids,
            "party_type": vec.take(("person", "entity"), party_type),
            "party_id": vec.id_array(party + 1),
            "account_id": vec.id_array(account + 1),
            "ip": ips,
            "phone": phone,
            "geo_country": pa.array(geo.tolist(), pa.string()),
            "first_seen": vec.ts_array(first_seen),
            "last_seen": vec.ts_array(np.maximum(last_seen, first_seen)),
        }
    ).cast(TABLES["devices"].schema)
    person_device = np.full(n, -1, dtype=np.int64)
    person_device[users] = np.arange(len(users))
    entity_device = np.full(firms.n, -1, dtype=np.int64)
    entity_device[ents] = k_p + np.arange(len(ents))
    return table, ids, ips, person_device, entity_device


@dataclass
class _Shops:
    """Merchants of one category: category, region (-1 national), operator, acquirer, MCC,
    name."""

    category: I64
    region: I64
    operator: I64
    acquirer: I64
    mcc: np.ndarray
    name: Arr


_MINIMUM_SHOPS = {
    "casino": 2,
    "bookmaker": 3,
    "grey_terminal": 2,
    "money_transfer": 2,
    "telecom": 2,
    "online_shop": 3,
    "utilities": len(ref.REGIONS),
}


def _crypto_shops(rng: np.random.Generator, firms: Firms, ci: int, licensed: bool) -> _Shops:
    """One acquiring merchant per crypto platform; unlicensed ones hide behind transfer MCCs
    and payment organisations."""
    which = [i for i, p in enumerate(ref.CRYPTO_PLATFORMS) if p.licensed == licensed]
    k = len(which)
    operator = np.flatnonzero(firms.role == fm.CRYPTO)[which]
    disguised = np.array(["6051", "4829", "6012"])[rng.integers(0, 3, k)]
    return _Shops(
        category=np.full(k, ci),
        region=np.full(k, -1),
        operator=operator,
        acquirer=_bank_choice(rng, k) if licensed else np.full(k, PAYMENT_ORGS[1]),
        mcc=np.full(k, "6051") if licensed else disguised,
        name=pa.array([ref.CRYPTO_PLATFORMS[i].name for i in which]),
    )


def _grey_shops(rng: np.random.Generator, firms: Firms, ci: int, k: int) -> _Shops:
    """Terminals held by small entrepreneurs whose sign says grocery (or services)."""
    ops = np.flatnonzero((firms.kind == fm.IP) & (firms.role == fm.ENTREPRENEUR))
    operator = ops[rng.integers(0, len(ops), k)]
    first, second = ref.MERCHANT_NAME_PARTS["grey_terminal"]
    pick = rng.integers(0, 1000, k).tolist()
    label = [f"{first[i % len(first)]} {second[i % len(second)]}".strip() for i in pick]
    return _Shops(
        category=np.full(k, ci),
        region=firms.region[operator],
        operator=operator,
        acquirer=np.array(PAYMENT_ORGS)[rng.integers(0, len(PAYMENT_ORGS), k)],
        mcc=np.array(ref.GREY_TERMINAL_MCCS)[rng.integers(0, len(ref.GREY_TERMINAL_MCCS), k)],
        name=pa.array([f"ИП «{x}»" for x in label]),
    )


def _category_shops(rng: np.random.Generator, firms: Firms, ci: int, k: int) -> _Shops:
    cat = ref.MERCHANT_CATEGORIES[ci]
    ops = np.flatnonzero(firms.category == ci)
    if cat.name == "utilities":  # one utility company per region at least
        per_region = [ops[firms.region[ops] == r] for r in range(len(ref.REGIONS))]
        op = np.array([p[0] if len(p) else ops[0] for p in per_region])
        op = np.r_[op, ops[rng.integers(0, len(ops), k - len(op))]]
    else:
        op = np.r_[ops, ops[rng.integers(0, len(ops), max(0, k - len(ops)))]][:k]
    acquirer = _bank_choice(rng, k)
    if cat.name == "bookmaker":
        acquirer = np.where(rng.random(k) < 0.5, PAYMENT_ORGS[0], acquirer)
    return _Shops(
        category=np.full(k, ci),
        region=np.where(cat.national, -1, firms.region[op]),
        operator=op,
        acquirer=acquirer,
        mcc=np.full(k, cat.mcc),
        name=firms.table.column("name").take(vec.ix(op)).combine_chunks(),
    )


def _merchants(
    rng: np.random.Generator, pop: Population, firms: Firms
) -> tuple[pa.Table, I64, I64, I64, Arr]:
    """Merchants of every category with their operators, acquirers and terminal ids."""
    parts = []
    for ci, cat in enumerate(ref.MERCHANT_CATEGORIES):
        k = max(_MINIMUM_SHOPS.get(cat.name, 1), int(np.ceil(cat.per_100k * pop.n / 100_000)))
        if cat.name.startswith("crypto"):
            parts.append(_crypto_shops(rng, firms, ci, cat.name == "crypto_licensed"))
        elif cat.name == "grey_terminal":
            parts.append(_grey_shops(rng, firms, ci, k))
        else:
            parts.append(_category_shops(rng, firms, ci, k))
    category = np.concatenate([p.category for p in parts])
    operator = np.concatenate([p.operator for p in parts])
    k = len(category)
    offset = int(rng.integers(0, 10**6))
    merchant_ids = vec.lpad(10**14 + (np.arange(k) * 104_729 + offset) % 10**9, 15)
    terminal_ids = vec.lpad(10**7 + (np.arange(k) * 7_919 + offset) % (9 * 10**7), 8)
    # a chain's shops carry the brand and a number
    brand = pc.replace_substring_regex(
        pa.concat_arrays([p.name for p in parts]), r"^[^«]*«(.*)»$", r"\1"
    )
    numbered = vec.concat(brand, " №", vec.lpad(_rank(operator) + 1, 1))
    table = pa.table(
        {
            "merchant_id": merchant_ids,
            "name": pc.if_else(pa.array(np.bincount(operator)[operator] > 1), numbered, brand),
            "mcc": pa.array(np.concatenate([p.mcc for p in parts]).tolist(), pa.string()),
            "entity_id": vec.id_array(operator + 1),
            "acquirer_bank_id": vec.id_array(np.concatenate([p.acquirer for p in parts]) + 1),
            "country": pa.array(["KZ"] * k, pa.string()),
            "category": vec.take([c.label_ru for c in ref.MERCHANT_CATEGORIES], category),
        }
    ).cast(TABLES["merchants"].schema)
    region = np.concatenate([p.region for p in parts]).astype(np.int64)
    return table, category, region, operator, terminal_ids


def _rank(key: I64) -> I64:
    order = np.argsort(key, kind="stable")
    sk = key[order]
    start = np.r_[True, sk[1:] != sk[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(len(sk)), 0))
    out = np.empty(len(key), dtype=np.int64)
    out[order] = np.arange(len(sk)) - first
    return out


def _atms(rng: np.random.Generator, n: int) -> tuple[Arr, I64, I64]:
    k = max(40, n // 1500)
    w = np.array([r.population for r in ref.REGIONS])
    region = np.sort(rng.choice(len(ref.REGIONS), size=k, p=w / w.sum()))
    region[: len(ref.REGIONS)] = np.arange(len(ref.REGIONS))  # every region has one
    bank = _bank_choice(rng, k)
    codes = np.array([b.bank_code for b in ref.BANKS])[bank]
    ids = vec.concat("ATM", pa.array(codes.tolist()), vec.lpad(np.arange(k) + 1, 5))
    return ids, region.astype(np.int64), bank


def _platforms(
    firms: Firms, acc: Accounts, category: I64, merchants: pa.Table
) -> tuple[pa.Table, I64, I64]:
    """Crypto platforms, each with a card-acquiring merchant id and (when its operator banks
    in Kazakhstan) an IBAN through which customers pay it."""
    plats = ref.CRYPTO_PLATFORMS
    operators = np.flatnonzero(firms.role == fm.CRYPTO)
    account = acc.entity_main[operators]
    k = len(plats)
    lic = ref.MERCHANT_CATEGORY_INDEX["crypto_licensed"]
    unl = ref.MERCHANT_CATEGORY_INDEX["crypto_unlicensed"]
    merchant_of = np.r_[np.flatnonzero(category == lic), np.flatnonzero(category == unl)]
    order = [i for i, p in enumerate(plats) if p.licensed] + [
        i for i, p in enumerate(plats) if not p.licensed
    ]
    platform_merchant = np.empty(k, dtype=np.int64)
    platform_merchant[order] = merchant_of
    has_iban = account >= 0
    table = pa.table(
        {
            "platform_id": vec.id_array(np.arange(1, k + 1)),
            "name": [p.name for p in plats],
            "domain": [p.domain for p in plats],
            "merchant_id": merchants.column("merchant_id").take(vec.ix(platform_merchant)),
            "iban": pc.if_else(
                pa.array(has_iban), acc.iban.take(vec.ix(np.maximum(account, 0))), None
            ),
            "operator_entity_id": vec.id_array(operators + 1),
            "licensed": [p.licensed for p in plats],
            "licence_no": [
                f"AFSA-A-LA-{2022 + i % 3}-{17 + i * 3:04d}" if p.licensed else None
                for i, p in enumerate(plats)
            ],
        }
    ).cast(TABLES["crypto_platforms"].schema)
    return table, platform_merchant, account
