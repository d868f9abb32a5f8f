"""Proliferation financing (domain brief §6.8): buying controlled goods for someone else.

Kazakhstan sits between suppliers of machine tools and electronics and the countries that
must not get them, so PF shows up as trade: dual-use goods bought by firms whose business
has no use for them, fresh firms sharing one address, a freight forwarder named as consignee,
routes through diversion hubs, payments from third countries that have nothing to do with the
shipment, and parties whose names are near those of listed entities. The decoys are a
university laboratory and an established machine builder buying the same kinds of goods.

The "listed-looking" base names below are fictional; the screening lists that Kuzet ships
for synthetic worlds are fictional too, and a detector finds these only by fuzzy matching.
"""

from __future__ import annotations

from kuzet.synth.api import EntityRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import (
    DIVERSION_HUBS,
    FX_KZT,
    OFFSHORE,
    Decoy,
    Foreign,
    Pool,
    Scheme,
    at,
    chance,
    count,
    foreign,
    integer,
    link,
    logu,
    pick,
    plan,
    sample,
    span,
    uni,
    years_ago,
)
from kuzet.synth.schemes._sector_legs import (
    receive_from_abroad,
)
from kuzet.synth.schemes._sector_trade import Contract, Goods, declare, pay_contract, write_contract

FAMILY = "PF"
VARIANTS = (
    "dual_use_oked_mismatch",
    "front_company",
    "forwarder_diversion",
    "third_country_payment",
    "listed_lookalike",
)

DUAL_USE = (
    Goods(
        "845811",
        "Станок токарный с ЧПУ, 5-осевой",
        "шт",
        (60e3, 250e3),
        ("25.62", "28.41", "30.30"),
    ),
    Goods(
        "845710", "Обрабатывающий центр с ЧПУ", "шт", (120e3, 600e3), ("25.62", "28.41", "29.32")
    ),
    Goods("845611", "Станок лазерной резки металла", "шт", (80e3, 400e3), ("25.62", "28.41")),
    Goods(
        "847150",
        "Сервер вычислительный высокой производительности",
        "шт",
        (15e3, 120e3),
        ("62.01", "63.11", "85.42", "72.19"),
    ),
    Goods("852610", "Аппаратура радиолокационная", "шт", (30e3, 300e3), ("26.51", "30.30")),
    Goods(
        "852691",
        "Приёмник навигационный ГНСС высокой точности",
        "шт",
        (2e3, 20e3),
        ("26.51", "71.12"),
    ),
    Goods("852589", "Камера тепловизионная", "шт", (3e3, 40e3), ("26.70", "80.20")),
    Goods(
        "901320", "Лазер твердотельный импульсный", "шт", (20e3, 250e3), ("72.19", "85.42", "26.70")
    ),
    Goods("901380", "Прибор оптический прицельно-навигационный", "шт", (5e3, 60e3), ("26.70",)),
    Goods("284590", "Изотопы стабильные и их соединения", "кг", (2e3, 50e3), ("72.19", "21.20")),
    Goods("284410", "Уран природный и его соединения", "кг", (100, 300), ("07.21", "24.46")),
    Goods("840140", "Части ядерных реакторов", "шт", (50e3, 500e3), ("35.11", "71.12", "72.19")),
)
"""The generator's own short list of controlled (dual-use) goods by HS heading, with the
OKED codes of firms that plausibly use them. Not a legal control list."""

UNRELATED_OKEDS = ("56.10", "47.11", "96.02", "01.11", "68.20", "93.13", "47.71", "55.10")
"""Activities with no use for machine tools, radars or isotopes."""

MAKERS = ("DE", "JP", "KR", "IT", "CH", "US")
"""Where such goods are made (supplier countries)."""

LISTED_LIKE = (
    "Arvandel Technical Trading",
    "Sorendak Industrial Group",
    "Kelmora Precision Systems",
    "Tavrion Engineering Bureau",
    "Zharvel Aerospace Components",
    "Qasrin Isotope Supply",
)
"""Fictional names in the style of entities on PF lists; lookalikes are derived from them."""


def plant(ctx: SchemeContext) -> None:
    """Plant the proliferation-financing schemes of this world and their honest buyers."""
    pool = Pool(ctx)
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        _honest(ctx, pool, number)


# ── building blocks ────────────────────────────────────────────────────────────────────────


def lookalike(ctx: SchemeContext, name: str) -> str:
    """A spelling of ``name`` that fuzzy matching should still catch: swapped letters, a
    dropped vowel, a doubled consonant, a changed legal form, a hyphen."""
    rng = ctx.rng
    words = name.split()
    i = integer(rng, 0, len(words) - 1)
    w = words[i]
    how = pick(rng, ("swap", "drop", "double", "form", "hyphen"))
    if how == "swap":
        for a, b in (("v", "w"), ("k", "c"), ("q", "k"), ("z", "s"), ("i", "y")):
            if a in w.lower():
                w = w.replace(a, b).replace(a.upper(), b.upper())
                break
    elif how == "drop":
        vowels = [k for k, ch in enumerate(w) if ch in "aeiou" and k > 0]
        if vowels:
            k = pick(rng, vowels)
            w = w[:k] + w[k + 1 :]
    elif how == "double":
        k = integer(rng, 1, len(w) - 2)
        w = w[:k] + w[k] + w[k:]
    words[i] = w
    out = " ".join(words)
    if how == "hyphen" and len(words) > 1:
        out = "-".join(words[:2]) + (" " + " ".join(words[2:]) if len(words) > 2 else "")
    if how == "form" or chance(rng, 0.4):
        out += pick(rng, (" LLC", " Co., Ltd.", " FZE", " Ltd"))
    return out


def _firm(
    ctx: SchemeContext,
    *,
    oked: str,
    young: bool,
    address_id: int | None = None,
    phone: str | None = None,
) -> EntityRef:
    rng = ctx.rng
    if young:
        return ctx.new_entity(
            oked=oked,
            registered=years_ago(ctx, 0.05, 1.2),
            employees=integer(rng, 0, 4),
            address_id=address_id,
            phone=phone,
            tax_paid_kzt=float(round(logu(rng, 10e3, 800e3))),
        )
    return ctx.new_entity(
        oked=oked,
        registered=years_ago(ctx, 2, 15),
        employees=integer(rng, 3, 60),
        address_id=address_id,
        phone=phone,
        tax_paid_kzt=float(round(logu(rng, 1e6, 60e6))),
    )


def _director(ctx: SchemeContext, pool: Pool, e: EntityRef, s: Scheme) -> PersonRef:
    boss = pool.person_or_new(0.3, age=(22, 65))
    link(ctx, boss, e, "director")
    link(ctx, boss, e, "owner", share=1.0)
    s.party(boss, "director")
    return boss


def _route(ctx: SchemeContext, k: tuple[int, int] = (1, 2)) -> str:
    return ";".join(sample(ctx.rng, DIVERSION_HUBS, integer(ctx.rng, *k)))


def _buy(
    ctx: SchemeContext,
    pool: Pool,
    e: EntityRef,
    goods: Goods,
    *,
    supplier: Foreign | None = None,
    route: str | None = None,
    consignee: str | None = None,
    bank_country: str | None = None,
    declared: bool = True,
) -> tuple[Contract, list[int]]:
    """Import ``goods``: contract, payment (from a currency account), customs declaration."""
    rng = ctx.rng
    maker = pick(rng, MAKERS)
    sup = supplier or foreign(ctx, maker, bank_country=bank_country)
    unit_usd = uni(rng, *goods.usd)
    qty = max(1.0, float(round(logu(rng, 40e3, 900e3) / unit_usd)))
    cur = pick(rng, ("USD", "USD", "EUR"))
    signed = span(ctx, -0.2, 0.4)
    pay_day = max(signed, 0.0) + span(ctx, 0.02, 0.15)
    delivery = min(pay_day + span(ctx, 0.1, 0.35), 0.92 * ctx.days)
    rate = FX_KZT["USD"] / FX_KZT[cur]
    c = write_contract(
        ctx,
        e,
        "import",
        sup,
        goods,
        qty=qty,
        unit_price=unit_usd * rate,
        currency=cur,
        prepay=pick(rng, (0.5, 1.0)),
        signed_day=signed,
        delivery_day=delivery,
        route=route,
    )
    paid = pay_contract(ctx, e, sup, c, 1.0, pay_day)
    if declared:
        declare(
            ctx,
            c,
            e,
            "import",
            max(pay_day + 0.5, delivery - uni(rng, 0, 3)),
            c.amount,
            sup.country,
            consignee=consignee,
        )
    return c, paid


def _resell(
    ctx: SchemeContext, e: EntityRef, goods: Goods, c: Contract, buyer: Foreign, route: str
) -> Contract:
    """The goods leave again (re-export) towards a hub, at a margin."""
    rng = ctx.rng
    day = min(c.signed_day + span(ctx, 0.3, 0.6), ctx.days - 1.0)
    unit = float(c.amount) / c.qty * uni(rng, 1.1, 1.6)
    out = write_contract(
        ctx,
        e,
        "export",
        buyer,
        goods,
        qty=c.qty,
        unit_price=unit,
        currency=c.currency,
        prepay=0.0,
        signed_day=day,
        delivery_day=min(day + span(ctx, 0.05, 0.2), ctx.days - 0.5),
        route=route,
    )
    declare(
        ctx, out, e, "export", min(day + 1, ctx.days - 1), out.amount, "KZ", consignee=buyer.name
    )
    return out


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _dual_use_oked_mismatch(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A café, a salon or a farm buys CNC machines or isotopes (PF-02)."""
    rng = ctx.rng
    e = _firm(ctx, oked=pick(rng, UNRELATED_OKEDS), young=chance(rng, 0.5))
    s.party(e, "buyer")
    _director(ctx, pool, e, s)
    goods = pick(rng, DUAL_USE)
    c, paid = _buy(
        ctx,
        pool,
        e,
        goods,
        route=_route(ctx) if chance(rng, 0.4) else None,
        bank_country=pick(rng, DIVERSION_HUBS) if chance(rng, 0.3) else None,
    )
    s.label("contract", c.contract_id, "dual_use_import")
    s.txns(paid, "payment")


def _front_company(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Two to four new firms at one address, often one director and phone, handle high-tech
    goods (PF-03); some of it leaves again for a hub."""
    rng = ctx.rng
    addr = ctx.new_address()
    phone = f"+7 7{integer(rng, 0, 99):02d} {integer(rng, 100, 999)} {integer(rng, 1000, 9999)}"
    shared_boss: PersonRef | None = None
    for _ in range(integer(rng, 2, 4)):
        e = _firm(
            ctx,
            oked=pick(rng, ("46.90", "46.69", "46.52", "82.99")),
            young=True,
            address_id=addr,
            phone=phone if chance(rng, 0.6) else None,
        )
        s.party(e, "front_company")
        if shared_boss is None or chance(rng, 0.4):
            shared_boss = _director(ctx, pool, e, s)
        else:
            link(ctx, shared_boss, e, "director")
        goods = pick(rng, DUAL_USE[:9])
        c, paid = _buy(ctx, pool, e, goods, route=_route(ctx) if chance(rng, 0.5) else None)
        s.label("contract", c.contract_id, "high_tech_import")
        s.txns(paid, "payment")
        if chance(rng, 0.5):
            hub = pick(rng, DIVERSION_HUBS)
            out = _resell(ctx, e, goods, c, foreign(ctx, hub), _route(ctx, (1, 1)))
            s.label("contract", out.contract_id, "re_export")


def _forwarder_diversion(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A freight forwarder is the consignee, the route runs through hubs, and the end user
    is nowhere on the papers (PF-04)."""
    rng = ctx.rng
    e = _firm(ctx, oked=pick(rng, ("46.69", "46.90", "46.14")), young=chance(rng, 0.5))
    s.party(e, "importer")
    _director(ctx, pool, e, s)
    fwd = pool.business("52.29", "Логистик")
    s.party(fwd, "forwarder", with_account=False)
    goods = pick(rng, DUAL_USE)
    route = _route(ctx, (1, 3))
    c, paid = _buy(ctx, pool, e, goods, route=route, consignee=fwd.name)
    s.label("contract", c.contract_id, "diverted_import")
    s.txns(paid, "payment")
    if chance(rng, 0.5):
        out = _resell(ctx, e, goods, c, foreign(ctx, route.split(";")[-1]), route)
        s.label("contract", out.contract_id, "re_export")


def _third_country_payment(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Controlled goods re-exported to one hub are paid for from an unrelated country, by a
    payer whose originator data is incomplete (PF-05)."""
    rng = ctx.rng
    e = _firm(ctx, oked=pick(rng, ("46.69", "46.90")), young=chance(rng, 0.6))
    s.party(e, "exporter")
    _director(ctx, pool, e, s)
    goods = pick(rng, DUAL_USE)
    c, paid = _buy(ctx, pool, e, goods, route=_route(ctx) if chance(rng, 0.3) else None)
    s.label("contract", c.contract_id, "import")
    s.txns(paid, "payment")
    hub = pick(rng, DIVERSION_HUBS)
    out = _resell(ctx, e, goods, c, foreign(ctx, hub), hub)
    s.label("contract", out.contract_id, "re_export")
    elsewhere = [x for x in (*OFFSHORE, "MY", "HK", "SG", "TH") if x != hub]
    payer = foreign(ctx, pick(rng, elsewhere))
    when = at(ctx, min(out.signed_day + uni(rng, 0.5, 5), ctx.days - 0.5))
    t = receive_from_abroad(
        ctx,
        when,
        payer,
        e,
        out.amount,
        out.currency,
        "export_proceeds",
        pick(rng, ("Payment", "Invoice payment", "For goods")),
        contract_id=out.contract_id,
    )
    ctx.row(
        "payment_parties",
        txn_id=t,
        role="debtor",
        seq=1,
        name=payer.name.split()[0],
        iban=payer.iban if chance(rng, 0.5) else None,
    )
    s.txns([t], "third_country_payment")


def _listed_lookalike(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """The foreign supplier, buyer or owner is named almost like a listed entity (PF-01)."""
    rng = ctx.rng
    base = pick(rng, LISTED_LIKE)
    name = lookalike(ctx, base)
    e = _firm(ctx, oked=pick(rng, ("46.69", "46.90", "26.51")), young=chance(rng, 0.5))
    s.party(e, "importer")
    _director(ctx, pool, e, s)
    goods = pick(rng, DUAL_USE)
    where = pick(rng, ("supplier", "supplier", "buyer", "owner"))
    country = pick(rng, DIVERSION_HUBS)
    party = ctx.new_entity(
        country=country, name=name, with_account=False, registered=years_ago(ctx, 0.5, 10)
    )
    s.party(party, f"listed_lookalike_{where}", with_account=False)
    if where == "owner":
        link(ctx, party, e, "owner", share=uni(rng, 0.5, 1))
    sup = foreign(ctx, country, name=name) if where == "supplier" else None
    c, paid = _buy(ctx, pool, e, goods, supplier=sup)
    s.label("contract", c.contract_id, "import")
    s.txns(paid, "payment")
    if where == "buyer":
        out = _resell(ctx, e, goods, c, foreign(ctx, country, name=name), _route(ctx, (1, 1)))
        s.label("contract", out.contract_id, "export_to_lookalike")


_PLANTERS = {
    "dual_use_oked_mismatch": _dual_use_oked_mismatch,
    "front_company": _front_company,
    "forwarder_diversion": _forwarder_diversion,
    "third_country_payment": _third_country_payment,
    "listed_lookalike": _listed_lookalike,
}


# ── decoys ─────────────────────────────────────────────────────────────────────────────────


LABS = ("85.42", "72.19")
"""Universities and research institutes: the decoy the brief of §6.8 names first."""


def _honest(ctx: SchemeContext, pool: Pool, number: int) -> None:
    """A university laboratory buying lasers and servers, or an established user of the goods
    (a machine builder, a radar maker, a power plant): controlled goods that fit the buyer,
    bought directly, consignee itself. Every heading of ``DUAL_USE`` has such buyers."""
    rng = ctx.rng
    if chance(rng, 0.5):
        oked = pick(rng, LABS)
    else:
        oked = pick(rng, sorted({o for g in DUAL_USE for o in g.okeds} - set(LABS)))
    d = Decoy(ctx, FAMILY, number, "university_lab" if oked in LABS else "established_user")
    e = ctx.new_entity(
        oked=oked,
        registered=years_ago(ctx, 12, 60),
        employees=integer(rng, 150, 3000),
        tax_paid_kzt=float(round(logu(rng, 50e6, 2e9))),
    )
    d.party(e)
    fitting = [g for g in DUAL_USE if oked in g.okeds]
    for _ in range(integer(rng, 1, 2)):
        c, _paid = _buy(ctx, pool, e, pick(rng, fitting))
        d.mark("contract", c.contract_id)
