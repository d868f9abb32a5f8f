"""Trade-based money laundering (domain brief §6.2): money sent abroad under trade contracts.

The decree of 7 Nov 2025 singles out fictitious foreign-trade contracts with 100% prepayment
where the goods never arrive, so ``prepay_no_import`` is the headline variant. The others move
value through the price (``over_invoicing``, ``under_invoicing``), through who pays
(``third_party_payer``) or through goods that make no sense for the firm
(``goods_oked_mismatch``). Honest importers that prepay in full and clear customs on time are
planted beside them as decoys, and they also give every HS code used here a normal price.
"""

from __future__ import annotations

from kuzet.synth.api import EntityRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import (
    FX_KZT,
    OFFSHORE,
    TRADE_PARTNERS,
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
    money,
    pick,
    plan,
    rounded,
    span,
    split,
    to_kzt,
    uni,
    years_ago,
)
from kuzet.synth.schemes._sector_legs import (
    cash_in,
    pay_abroad,
    receive_from_abroad,
    transfer,
)
from kuzet.synth.schemes._sector_trade import Goods, declare, pay_contract, write_contract

FAMILY = "TBML"
VARIANTS = (
    "prepay_no_import",
    "over_invoicing",
    "under_invoicing",
    "third_party_payer",
    "goods_oked_mismatch",
)


GOODS = (
    Goods("8429521000", "Экскаваторы гусеничные", "шт", (80e3, 160e3), ("46.63", "42.11", "77.32")),
    Goods("8471300000", "Ноутбуки портативные", "шт", (400, 1200), ("46.51", "47.41", "62.01")),
    Goods("8517130000", "Смартфоны", "шт", (150, 600), ("46.52", "47.42")),
    Goods("6109100000", "Футболки трикотажные хлопковые", "шт", (1.5, 4.0), ("46.42", "47.71")),
    Goods("0805102200", "Апельсины свежие", "кг", (0.6, 1.2), ("46.31", "47.21")),
    Goods("8703231990", "Автомобили легковые", "шт", (15e3, 35e3), ("45.11",)),
    Goods("7208510009", "Прокат плоский из стали", "т", (550, 800), ("46.72", "24.10")),
    Goods("3004900002", "Лекарственные средства", "кг", (40, 150), ("46.46", "21.20")),
    Goods("9403600009", "Мебель деревянная", "шт", (80, 400), ("46.47", "31.09")),
    Goods("8418102001", "Холодильники бытовые", "шт", (250, 600), ("46.43", "47.54")),
    Goods("8708999709", "Части автомобилей", "кг", (8, 25), ("45.31", "45.32")),
)

VAGUE = (
    Goods("8479899708", "Оборудование", "компл", (20e3, 150e3), ("46.69",)),
    Goods("9403900009", "Товары народного потребления", "усл. ед", (5, 50), ("46.90",)),
    Goods("8487909000", "Запасные части и комплектующие", "компл", (500, 5000), ("46.69",)),
    Goods("6810999000", "Строительные материалы", "т", (100, 600), ("46.73",)),
    Goods("3926909709", "Товар согласно спецификации", "усл. ед", (1, 20), ("46.90",)),
)
"""Vague descriptions under broad "other" HS headings: what fictitious contracts say."""

SERVICE_OKEDS = ("56.10", "96.02", "85.59", "86.23", "93.13", "68.20", "47.11", "74.10")
"""Activities that import nothing heavy: a restaurant buying excavators is TBML-03."""

CURRENCIES = ("USD", "USD", "USD", "EUR", "CNY", "RUB")


def plant(ctx: SchemeContext) -> None:
    """Plant the TBML schemes of this world and their honest importers."""
    pool = Pool(ctx)
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        _honest_importer(ctx, pool, Decoy(ctx, FAMILY, number, "honest_importer"))


# ── building blocks ────────────────────────────────────────────────────────────────────────


def _qty_for(goods: Goods, value_usd: float, unit_price_usd: float) -> float:
    q = max(1.0, value_usd / unit_price_usd)
    return float(round(q)) if goods.unit in ("шт", "компл") else round(q, 1)


def _usd_to(currency: str, usd: float) -> float:
    return usd * FX_KZT["USD"] / FX_KZT[currency]


def _delivery(ctx: SchemeContext, pay_day: float) -> float:
    """Delivery is due a while after payment, inside the world so customs can be checked."""
    return min(pay_day + span(ctx, 0.1, 0.4), 0.92 * ctx.days)


def _importer(
    ctx: SchemeContext,
    pool: Pool,
    *,
    shell: bool,
    oked: str,
) -> tuple[EntityRef, PersonRef]:
    """A Kazakhstani trading firm and its director (who also owns it)."""
    rng = ctx.rng
    if shell:
        since = years_ago(ctx, 0.05, 0.6) if chance(rng, 0.8) else years_ago(ctx, 1, 4)
        e = ctx.new_entity(
            oked=oked,
            registered=since,
            employees=integer(rng, 0, 3) if chance(rng, 0.75) else integer(rng, 4, 25),
            tax_paid_kzt=float(rounded(logu(rng, 20e3, 600e3)))
            if chance(rng, 0.75)
            else float(rounded(logu(rng, 2e6, 15e6))),
        )
        boss = pool.person_or_new(0.3, age=(20, 45), monthly_income_kzt=uni(rng, 85e3, 250e3))
    else:
        since = years_ago(ctx, 1.5, 18)
        e = ctx.new_entity(
            oked=oked,
            registered=since,
            employees=integer(rng, 8, 400),
            tax_paid_kzt=float(rounded(logu(rng, 5e6, 400e6))),
        )
        boss = pool.person_or_new(0.6, age=(30, 65), monthly_income_kzt=uni(rng, 4e5, 3e6))
    link(ctx, boss, e, "director", since=since)
    link(ctx, boss, e, "owner", since=since)
    return e, boss


def _scheme_importer(
    ctx: SchemeContext, pool: Pool, s: Scheme, *, shell: bool, oked: str, role: str = "importer"
) -> tuple[EntityRef, PersonRef]:
    """The firm of a scheme, labelled ``shell`` when it was set up as one (young, empty)."""
    e, boss = _importer(ctx, pool, shell=shell, oked=oked)
    s.party(e, "shell" if shell else role)
    s.party(boss, "director")
    return e, boss


def _fund(ctx: SchemeContext, pool: Pool, s: Scheme, e: EntityRef, kzt: float, by: float) -> None:
    """Money comes into the shell before it pays abroad: from firms "for goods", from
    individuals, or as cash paid in by the director (TBML-12)."""
    rng = ctx.rng
    how = pick(rng, ("firms", "firms", "individuals", "cash"))
    if how == "firms":
        payers = pool.entities(integer(rng, 3, 10))
        if not payers:
            how = "cash"
        for p, part in zip(payers, split(rng, kzt * 1.03, len(payers)), strict=True):
            t = transfer(
                ctx,
                at(ctx, uni(rng, 0, by)),
                p,
                e,
                rounded(part, 1),
                "goods_payment",
                f"Оплата за товар по счёту № {integer(rng, 10, 999)}",
            )
            s.party(p, "funder")
            s.label("transaction", t, "funding")
    if how == "individuals":
        payers_p = pool.persons(integer(rng, 5, 15))
        for pp, part in zip(payers_p, split(rng, kzt * 1.03, len(payers_p)), strict=True):
            t = transfer(
                ctx,
                at(ctx, uni(rng, 0, by)),
                pp,
                e,
                rounded(part, 1000),
                pick(rng, ("p2p_transfer", "own_funds")),
                pick(rng, ("Финансовая помощь", "Взнос в уставный капитал", "Займ учредителя")),
            )
            s.party(pp, "funder")
            s.label("transaction", t, "funding")
    if how == "cash":
        for part in split(rng, kzt * 1.02, integer(rng, 2, 6)):
            t = cash_in(ctx, at(ctx, uni(rng, 0, by)), e, rounded(part, 10_000))
            s.label("transaction", t, "cash_funding")


def _supplier(ctx: SchemeContext, *, offshore_bank: float = 0.0) -> Foreign:
    country = pick(ctx.rng, TRADE_PARTNERS)
    bank = pick(ctx.rng, ("AE", "HK", "CY", "GE")) if chance(ctx.rng, offshore_bank) else None
    if bank == country:
        bank = None
    return foreign(ctx, country, bank_country=bank)


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _prepay_no_import(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """100% prepaid, no customs declaration ever; mostly a young, empty firm and vague goods."""
    rng = ctx.rng
    goods = pick(rng, VAGUE) if chance(rng, 0.75) else pick(rng, GOODS)
    oked = goods.okeds[0] if chance(rng, 0.7) else pick(rng, ("46.90", "46.19", "82.99"))
    e, _ = _scheme_importer(ctx, pool, s, shell=True, oked=oked)
    cur = pick(rng, CURRENCIES)
    usd_value = logu(rng, 120e3, 2.5e6)
    unit_usd = uni(rng, *goods.usd)
    qty = _qty_for(goods, usd_value, unit_usd)
    if chance(rng, 0.3):
        sup = foreign(ctx, pick(rng, OFFSHORE))
    else:
        sup = _supplier(ctx, offshore_bank=0.3)
    signed = span(ctx, -0.3, 0.3)
    pay_day = max(signed, 0.0) + span(ctx, 0.05, 0.25)
    c = write_contract(
        ctx,
        e,
        "import",
        sup,
        goods,
        qty=qty,
        unit_price=_usd_to(cur, unit_usd),
        currency=cur,
        prepay=1.0,
        signed_day=signed,
        delivery_day=_delivery(ctx, pay_day),
        amendments=integer(rng, 1, 5) if chance(rng, 0.4) else 0,
    )
    _fund(ctx, pool, s, e, float(to_kzt(c.amount, cur)), pay_day)
    paid = pay_contract(ctx, e, sup, c, 1.0, pay_day, tranches=integer(rng, 1, 3))
    s.label("contract", c.contract_id, "fictitious_contract")
    s.txns(paid, "prepayment")


def _over_invoicing(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Unit price several times the usual one; customs sees the goods (TBML-04)."""
    _mispriced(ctx, pool, s, over=True)


def _under_invoicing(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    _mispriced(ctx, pool, s, over=False)


def _mispriced(ctx: SchemeContext, pool: Pool, s: Scheme, *, over: bool) -> None:
    """Over-invoiced imports move money out at an inflated price; under-invoiced exports leave
    the value abroad. A minority go the other way (over-invoiced exports bring money in, an
    under-invoiced import is topped up by a side payment)."""
    rng = ctx.rng
    goods = pick(rng, GOODS)
    export = chance(rng, 0.3) if over else chance(rng, 0.7)
    direction = "export" if export else "import"
    e, boss = _scheme_importer(
        ctx, pool, s, shell=chance(rng, 0.4), oked=pick(rng, goods.okeds), role=direction + "er"
    )
    cur = pick(rng, CURRENCIES)
    ref_usd = uni(rng, *goods.usd)
    # priced off the edge of the usual range, so the price is out of it whatever the draw
    edge = goods.usd[1] if over else goods.usd[0]
    factor = edge / ref_usd * (uni(rng, 2.0, 5.0) if over else uni(rng, 0.15, 0.45))
    true_usd = logu(rng, 40e3, 600e3)
    qty = _qty_for(goods, true_usd, ref_usd)
    cp = _supplier(ctx, offshore_bank=0.25)
    signed = span(ctx, -0.2, 0.3)
    pay_day = max(signed, 0.0) + span(ctx, 0.03, 0.2)
    prepay = 0.0 if export else pick(rng, (0.3, 0.5, 1.0))
    c = write_contract(
        ctx,
        e,
        direction,
        cp,
        goods,
        qty=qty,
        unit_price=_usd_to(cur, ref_usd * factor),
        currency=cur,
        prepay=prepay,
        signed_day=signed,
        delivery_day=_delivery(ctx, pay_day),
    )
    decl_day = min(pay_day + span(ctx, 0.05, 0.3), ctx.days - 1)
    # customs mostly accepts the invoice value; sometimes it values the goods at what they are
    honest_value = money(qty * _usd_to(cur, ref_usd) * uni(rng, 0.9, 1.1))
    value = honest_value if chance(rng, 0.3) else money(float(c.amount) * uni(rng, 0.97, 1.0))
    declare(ctx, c, e, direction, decl_day, value, cp.country if not export else "KZ")
    role = "over_invoiced_contract" if over else "under_invoiced_contract"
    s.label("contract", c.contract_id, role)
    if export:
        t = receive_from_abroad(
            ctx,
            at(ctx, decl_day + span(ctx, 0.0, 0.1)),
            cp,
            e,
            c.amount,
            cur,
            "export_proceeds",
            f"Оплата по контракту № {c.contract_no}",
            contract_id=c.contract_id,
        )
        s.txns([t], "export_proceeds")
        if not over and chance(rng, 0.5):
            # the difference reaches the owner abroad-to-private, labelled as consulting
            side = foreign(ctx, pick(rng, OFFSHORE))
            gap = float(c.amount) * (1 / factor - 1) * uni(rng, 0.5, 0.9)
            t2 = receive_from_abroad(
                ctx,
                at(ctx, decl_day + span(ctx, 0.0, 0.15)),
                side,
                boss,
                money(gap),
                cur,
                "services_payment",
                "Оплата консультационных услуг",
            )
            s.txns([t2], "side_payment")
        return
    paid = pay_contract(ctx, e, cp, c, prepay, pay_day) if prepay > 0 else []
    if prepay < 1:
        paid += pay_contract(
            ctx, e, cp, c, 1 - prepay, decl_day + 0.5, label="окончательный расчёт"
        )
    s.txns(paid, "payment")
    if not over and chance(rng, 0.6):
        side = foreign(ctx, pick(rng, OFFSHORE))
        gap = float(c.amount) * (1 / factor - 1) * uni(rng, 0.6, 1.0)
        t3 = pay_abroad(
            ctx,
            at(ctx, pay_day + 1),
            e,
            side,
            money(gap),
            cur,
            "services_payment",
            "Оплата за маркетинговые услуги по договору",
        )
        s.txns([t3], "side_payment")


def _third_party_payer(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Someone outside the contract pays or is paid (TBML-06): a domestic firm pays for the
    importer, the money goes to an offshore firm instead of the supplier, or export proceeds
    arrive from an offshore company that is not the buyer."""
    rng = ctx.rng
    goods = pick(rng, GOODS)
    form = pick(rng, ("domestic_payer", "offshore_beneficiary", "offshore_payer"))
    role = "exporter" if form == "offshore_payer" else "importer"
    e, _ = _scheme_importer(
        ctx, pool, s, shell=chance(rng, 0.5), oked=pick(rng, goods.okeds), role=role
    )
    cur = pick(rng, CURRENCIES)
    unit_usd = uni(rng, *goods.usd)
    qty = _qty_for(goods, logu(rng, 60e3, 1.5e6), unit_usd)
    cp = _supplier(ctx)
    direction = "export" if form == "offshore_payer" else "import"
    signed = span(ctx, -0.2, 0.3)
    pay_day = max(signed, 0.0) + span(ctx, 0.03, 0.2)
    c = write_contract(
        ctx,
        e,
        direction,
        cp,
        goods,
        qty=qty,
        unit_price=_usd_to(cur, unit_usd),
        currency=cur,
        prepay=0.0 if direction == "export" else pick(rng, (0.5, 1.0)),
        signed_day=signed,
        delivery_day=_delivery(ctx, pay_day),
    )
    s.label("contract", c.contract_id, "contract")
    if chance(rng, 0.7):
        declare(
            ctx,
            c,
            e,
            direction,
            min(pay_day + span(ctx, 0.05, 0.3), ctx.days - 1),
            c.amount,
            cp.country if direction == "import" else "KZ",
        )
    if form == "domestic_payer":
        payer = pool.entity() or ctx.new_entity(oked=pick(rng, SERVICE_OKEDS))
        t = pay_abroad(
            ctx,
            at(ctx, pay_day),
            payer,
            cp,
            c.amount,
            cur,
            "import_prepayment",
            f"Оплата за {e.name} по контракту № {c.contract_no}",
            contract_id=c.contract_id,
        )
        s.party(payer, "third_party_payer")
        s.txns([t], "third_party_payment")
    elif form == "offshore_beneficiary":
        off = ctx.new_entity(
            country=pick(rng, OFFSHORE), with_account=False, registered=years_ago(ctx, 0.2, 3)
        )
        to = foreign(ctx, off.country, name=off.name)
        paid = pay_contract(ctx, e, to, c, 1.0, pay_day)
        s.party(off, "offshore_beneficiary")
        s.txns(paid, "payment_to_third_party")
    else:
        off = ctx.new_entity(
            country=pick(rng, OFFSHORE), with_account=False, registered=years_ago(ctx, 0.2, 3)
        )
        frm = foreign(ctx, off.country, name=off.name)
        t = receive_from_abroad(
            ctx,
            at(ctx, pay_day + span(ctx, 0.05, 0.2)),
            frm,
            e,
            c.amount,
            cur,
            "export_proceeds",
            f"Payment under contract {c.contract_no}",
            contract_id=c.contract_id,
        )
        s.party(off, "offshore_payer")
        s.txns([t], "third_party_payment")


def _goods_oked_mismatch(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A restaurant, salon or clinic imports excavators or steel (TBML-03); customs sees it."""
    rng = ctx.rng
    goods = pick(rng, [g for g in GOODS if g.unit in ("шт", "т")])
    e, _ = _scheme_importer(ctx, pool, s, shell=chance(rng, 0.5), oked=pick(rng, SERVICE_OKEDS))
    cur = pick(rng, CURRENCIES)
    unit_usd = uni(rng, *goods.usd)
    qty = _qty_for(goods, logu(rng, 80e3, 1.2e6), unit_usd)
    cp = _supplier(ctx, offshore_bank=0.3)
    signed = span(ctx, -0.2, 0.3)
    pay_day = max(signed, 0.0) + span(ctx, 0.03, 0.2)
    prepay = pick(rng, (0.3, 0.5, 1.0, 1.0))
    c = write_contract(
        ctx,
        e,
        "import",
        cp,
        goods,
        qty=qty,
        unit_price=_usd_to(cur, unit_usd),
        currency=cur,
        prepay=prepay,
        signed_day=signed,
        delivery_day=_delivery(ctx, pay_day),
    )
    paid = pay_contract(ctx, e, cp, c, prepay, pay_day)
    decl_day = min(pay_day + span(ctx, 0.05, 0.3), ctx.days - 1)
    if chance(rng, 0.8):
        declare(ctx, c, e, "import", decl_day, c.amount, cp.country)
    if prepay < 1:
        paid += pay_contract(
            ctx, e, cp, c, 1 - prepay, decl_day + 0.5, label="окончательный расчёт"
        )
    s.label("contract", c.contract_id, "contract")
    s.txns(paid, "payment")


_PLANTERS = {
    "prepay_no_import": _prepay_no_import,
    "over_invoicing": _over_invoicing,
    "under_invoicing": _under_invoicing,
    "third_party_payer": _third_party_payer,
    "goods_oked_mismatch": _goods_oked_mismatch,
}


# ── decoy ──────────────────────────────────────────────────────────────────────────────────


def _honest_importer(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """An established importer with staff and taxes, goods that fit its OKED at the usual
    price, often 100% prepaid, cleared by customs before the delivery date."""
    rng = ctx.rng
    goods = pick(rng, GOODS)
    e, boss = _importer(ctx, pool, shell=False, oked=pick(rng, goods.okeds))
    d.party(e)
    d.party(boss)
    cur = pick(rng, CURRENCIES)
    unit_usd = uni(rng, *goods.usd)
    qty = _qty_for(goods, logu(rng, 60e3, 1.5e6), unit_usd)
    cp = _supplier(ctx)
    signed = span(ctx, -0.3, 0.3)
    pay_day = max(signed, 0.0) + span(ctx, 0.02, 0.15)
    prepay = 1.0 if chance(rng, 0.65) else pick(rng, (0.3, 0.5))
    delivery = _delivery(ctx, pay_day)
    c = write_contract(
        ctx,
        e,
        "import",
        cp,
        goods,
        qty=qty,
        unit_price=_usd_to(cur, unit_usd),
        currency=cur,
        prepay=prepay,
        signed_day=signed,
        delivery_day=delivery,
    )
    pay_contract(ctx, e, cp, c, prepay, pay_day, tranches=integer(rng, 1, 2))
    decl_day = min(delivery - uni(rng, 0.0, 3.0), ctx.days - 1)
    decl_day = max(decl_day, pay_day + 0.5)
    declare(ctx, c, e, "import", decl_day, money(float(c.amount) * uni(rng, 0.99, 1.0)), cp.country)
    if prepay < 1:
        pay_contract(ctx, e, cp, c, 1 - prepay, decl_day + 0.5, label="окончательный расчёт")
    d.mark("contract", c.contract_id)
