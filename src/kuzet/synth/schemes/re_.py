"""Real estate (domain brief §6.5, RE-01…RE-09): property as a store for unexplained money.

The decree of 7 Nov 2025 asks banks, notaries and realtors to check where the money for
luxury housing comes from. Planted here: prices far above what the buyer declares, a payer who
is not the buyer (often offshore), prices far from the valuation, quick resales at prices that
nothing explains, cash (or cash paid in just before), buyers that are trusts or offshore
companies with nominees, buyers tied to PEPs, and several purchases in relatives' names. The
decoy is a well-paid buyer of a flat with a mortgage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth.api import EntityRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import (
    FX_KZT,
    OFFSHORE,
    Decoy,
    Pool,
    Scheme,
    acct,
    at,
    chance,
    clamp_day,
    code_of,
    count,
    date_of,
    day_of,
    digits,
    foreign,
    foreign_firm_name,
    integer,
    later,
    link,
    logu,
    money,
    party_key,
    pick,
    plan,
    rounded,
    span,
    split,
    uni,
    years_ago,
)
from kuzet.synth.schemes._sector_legs import (
    cash_in,
    receive_from_abroad,
    transfer,
)

FAMILY = "RE"
VARIANTS = (
    "income_mismatch",
    "third_party_payer",
    "valuation_gap",
    "quick_flip",
    "cash_payment",
    "opaque_entity",
    "pep_linked",
    "relatives_purchases",
)

CITIES = (("Алматы", "75"), ("Астана", "71"), ("Шымкент", "79"), ("Атырау", "23"),
          ("Актау", "47"), ("Караганда", "35"))  # fmt: skip
"""Cities and the first two digits of their KATO and cadastral numbers."""
KINDS = (("Квартира", (25e6, 160e6)), ("Жилой дом", (60e6, 450e6)),
         ("Нежилое помещение", (80e6, 700e6)))  # fmt: skip
"""What is bought (as the register words it) and the price range drawn from (tenge)."""
REALTORS = ("ТОО «Жайлы Мекен»", "ИП «Баспана Агент»", "ТОО «Үй Сервис Плюс»", "ИП «Кілт Риэлт»")
"""Fictional realtors."""


@dataclass(frozen=True, slots=True)
class Property:
    item_id: str
    desc: str
    price: float
    """A fair price of this property, in tenge."""
    kato: str
    city: str


def _property(ctx: SchemeContext, *, scale: tuple[float, float] = (1.0, 1.0)) -> Property:
    rng = ctx.rng
    city, prefix = pick(rng, CITIES)
    desc, (lo, hi) = KINDS[0] if chance(rng, 0.65) else pick(rng, KINDS)
    cad = f"{prefix}:{digits(rng, 3)}:{digits(rng, 3)}:{digits(rng, 3)}"
    price = logu(rng, lo * scale[0], hi * scale[1])
    return Property(cad, desc, price, f"{prefix}0000000", city)


def _deal(
    ctx: SchemeContext,
    when: dt.datetime,
    prop: Property,
    buyer: PersonRef | EntityRef,
    seller: PersonRef | EntityRef,
    price: float,
    form: str,
    *,
    payer: PersonRef | EntityRef | None = None,
    valuation: float | None = None,
) -> int:
    rng = ctx.rng
    did = ctx.next_id("property_deals")
    payer = payer or buyer
    b_type, b_id = party_key(buyer)
    p_type, p_id = party_key(payer)
    s_type, s_id = party_key(seller)
    ctx.row(
        "property_deals",
        deal_id=did,
        ts=when,
        asset_class="real_estate",
        item_id=prop.item_id,
        description=prop.desc,
        buyer_type=b_type,
        buyer_id=b_id,
        payer_type=p_type,
        payer_id=p_id,
        payer_country=payer.country if isinstance(payer, EntityRef) else "KZ",
        seller_type=s_type,
        seller_id=s_id,
        price=rounded(price, 100_000),
        currency="KZT",
        price_kzt=rounded(price, 100_000),
        valuation_kzt=rounded(valuation or prop.price * uni(rng, 0.85, 1.12), 10_000),
        payment_form=form,
        notary=f"Нотариус {prop.city} №{integer(rng, 1, 6)}",
        realtor=pick(rng, REALTORS) if chance(rng, 0.6) else None,
        kato=prop.kato,
    )
    return did


def _seller(ctx: SchemeContext, pool: Pool) -> PersonRef | EntityRef:
    if chance(ctx.rng, 0.6):
        return pool.business("41.20", "Строй")
    return pool.person() or ctx.new_person(age=(30, 75))


def _pay(
    ctx: SchemeContext,
    s: Scheme | None,
    when: dt.datetime,
    payer: PersonRef | EntityRef,
    seller: PersonRef | EntityRef,
    price: float,
    prop: Property,
    *,
    on_behalf: PersonRef | EntityRef | None = None,
) -> int:
    note = pick(
        ctx.rng,
        (
            "Оплата по договору купли-продажи недвижимости",
            "Оплата по договору купли-продажи недвижимости",
            f"Оплата по ДКП, {prop.desc.lower()}, кад. № {prop.item_id}",
        ),
    )
    if on_behalf is not None:
        note += f", за {'физ. лицо' if isinstance(on_behalf, PersonRef) else 'юр. лицо'}"
    t = transfer(ctx, when, payer, seller, rounded(price, 100_000), "goods_payment", note)
    if s is not None:
        s.txns([t], "purchase_payment")
    return t


def _cash_before(
    ctx: SchemeContext, s: Scheme, who: PersonRef | EntityRef, total: float, when: dt.datetime
) -> None:
    """Large cash paid in during the days before the purchase (RE-07)."""
    rng = ctx.rng
    ids = []
    for part in split(rng, total, integer(rng, 1, 4)):
        d = clamp_day(ctx, day_of(ctx, when) - uni(ctx.rng, 0.3, 7.0))
        ids.append(cash_in(ctx, at(ctx, d, before=when), who, rounded(part, 100_000)))
    s.txns(ids, "cash_deposit_before_purchase")


def plant(ctx: SchemeContext) -> None:
    """Plant the real-estate schemes of this world and the honest mortgage buyers."""
    pool = Pool(ctx)
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        if chance(ctx.rng, 0.7):
            _mortgage_buyer(ctx, pool, Decoy(ctx, FAMILY, number, "mortgage_buyer"))
        else:
            _company_office(ctx, pool, Decoy(ctx, FAMILY, number, "company_office"))


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _income_mismatch(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A buyer declaring a modest income pays many years of it (RE-01)."""
    rng = ctx.rng
    buyer = pool.modest(350e3, (85e3, 320e3))
    prop = _property(ctx, scale=(2.0, 2.0))
    seller = _seller(ctx, pool)
    when = at(ctx, span(ctx, 0.2, 0.95))
    how = pick(rng, ("cash_before", "friends", "cash"))
    form = "cash" if how == "cash" else "transfer"
    if how == "cash_before":
        _cash_before(ctx, s, buyer, prop.price * 1.01, when)
    elif how == "friends":
        senders = pool.persons(integer(rng, 3, 8))
        for p, part in zip(senders, split(rng, prop.price * 1.02, len(senders)), strict=True):
            d = clamp_day(ctx, day_of(ctx, when) - uni(rng, 0.5, 10))
            t = transfer(
                ctx,
                at(ctx, d, before=when),
                p,
                buyer,
                rounded(part, 10_000),
                "p2p_transfer",
                pick(rng, ("Перевод", "Помощь", "Долг", "")) or None,
            )
            s.txns([t], "inflow_before_purchase")
            s.party(p, "sender")
    if form == "transfer":
        _pay(ctx, s, when, buyer, seller, prop.price, prop)
    s.label("deal", _deal(ctx, when, prop, buyer, seller, prop.price, form), "purchase")
    s.party(buyer, "buyer")


def _third_party_payer(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Someone else pays for the buyer (RE-04): a stranger, a firm, or an offshore company."""
    rng = ctx.rng
    buyer = pool.person_or_new(0.5, age=(19, 45), monthly_income_kzt=uni(rng, 90e3, 500e3))
    prop = _property(ctx)
    seller = _seller(ctx, pool)
    when = at(ctx, span(ctx, 0.05, 0.95))
    kind = pick(rng, ("person", "company", "offshore"))
    payer: PersonRef | EntityRef
    if kind == "person":
        payer = pool.person_or_new(0.5, age=(30, 70))
        _pay(ctx, s, when, payer, seller, prop.price, prop, on_behalf=buyer)
    elif kind == "company":
        payer = pool.entity() or ctx.new_entity(oked="46.90")
        _pay(ctx, s, when, payer, seller, prop.price, prop, on_behalf=buyer)
    else:
        payer = ctx.new_entity(
            country=pick(rng, OFFSHORE), with_account=False, registered=years_ago(ctx, 0.2, 6)
        )
        frm = foreign(ctx, payer.country, name=payer.name)
        t = receive_from_abroad(
            ctx,
            when,
            frm,
            seller,
            rounded(prop.price / FX_KZT["USD"], 100),
            "USD",
            "goods_payment",
            f"Payment for real estate {prop.item_id}",
        )
        s.txns([t], "offshore_payment")
    deal = _deal(ctx, when, prop, buyer, seller, prop.price, "transfer", payer=payer)
    s.label("deal", deal, "purchase")
    s.party(buyer, "buyer")
    s.party(payer, "third_party_payer", with_account=kind != "offshore")


def _valuation_gap(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """The price is far from the valuation (RE-02): above it to hand value to a friendly
    seller, below it with the difference paid in cash under the table."""
    rng = ctx.rng
    buyer = pool.person_or_new(0.5, age=(25, 65), monthly_income_kzt=uni(rng, 200e3, 1.5e6))
    prop = _property(ctx)
    over = chance(rng, 0.5)
    seller = pool.person_or_new(0.5, age=(25, 70))
    if over and chance(rng, 0.5):
        link(ctx, buyer, seller, "relative")
    valuation = prop.price
    price = valuation * (uni(rng, 1.8, 3.0) if over else uni(rng, 0.3, 0.55))
    when = at(ctx, span(ctx, 0.05, 0.95))
    _pay(ctx, s, when, buyer, seller, price, prop)
    deal = _deal(ctx, when, prop, buyer, seller, price, "transfer", valuation=valuation)
    s.label("deal", deal, "overpriced_purchase" if over else "underpriced_purchase")
    s.party(buyer, "buyer")
    s.party(seller, "seller")


def _quick_flip(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Bought and sold again within weeks at a price change nothing explains (RE-03)."""
    rng = ctx.rng
    a = pool.person_or_new(0.5, age=(22, 60))
    prop = _property(ctx)
    first_seller = _seller(ctx, pool)
    d1 = span(ctx, 0.0, 0.4)
    t1 = at(ctx, d1)
    _pay(ctx, s, t1, a, first_seller, prop.price, prop)
    deal1 = _deal(ctx, t1, prop, a, first_seller, prop.price, "transfer")
    p2 = prop.price * (uni(rng, 1.6, 3.0) if chance(rng, 0.6) else uni(rng, 0.35, 0.6))
    c: PersonRef | EntityRef = (
        ctx.new_entity(registered=years_ago(ctx, 0.1, 2), employees=integer(rng, 0, 3))
        if chance(rng, 0.4)
        else pool.person_or_new(0.5, age=(22, 65))
    )
    t2 = at(ctx, d1 + span(ctx, 0.15, 0.55), after=t1)
    _pay(ctx, s, t2, c, a, p2, prop)
    deal2 = _deal(ctx, t2, prop, c, a, p2, "transfer")
    s.label("deal", deal1, "first_purchase")
    s.label("deal", deal2, "resale")
    s.party(a, "flipper")
    s.party(c, "second_buyer")


def _cash_payment(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Paid in cash at the notary, or partly so, or with cash paid in days before (RE-07)."""
    rng = ctx.rng
    buyer = pool.person_or_new(0.5, age=(25, 65), monthly_income_kzt=uni(rng, 150e3, 900e3))
    prop = _property(ctx)
    seller = _seller(ctx, pool)
    when = at(ctx, span(ctx, 0.15, 0.95))
    form = pick(rng, ("cash", "cash", "mixed", "transfer"))
    if form == "transfer":
        _cash_before(ctx, s, buyer, prop.price, when)
        _pay(ctx, s, when, buyer, seller, prop.price, prop)
    elif form == "mixed":
        share = uni(rng, 0.3, 0.7)
        _pay(ctx, s, when, buyer, seller, prop.price * share, prop)
    s.label("deal", _deal(ctx, when, prop, buyer, seller, prop.price, form), "purchase")
    s.party(buyer, "buyer")


def _opaque_entity(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """The buyer is a trust, a foreign structure or a fresh company run by a nominee, with the
    real owner one or two layers away (RE-05)."""
    rng = ctx.rng
    bo = pool.person_or_new(0.4, age=(30, 70))
    country = pick(rng, OFFSHORE)
    kind = pick(rng, ("trust", "foreign_structure", "company", "company"))
    name = foreign_firm_name(rng, country)
    if kind != "company":
        name = name.rsplit(" ", 2)[0] + pick(
            rng, (" Family Trust", " Foundation", " Private Trust")
        )
    top = ctx.new_entity(
        kind=kind, country=country, name=name, with_account=False, registered=years_ago(ctx, 0.2, 8)
    )
    link(ctx, bo, top, "settlor" if kind == "trust" else "beneficiary")
    nominee = ctx.new_person(age=(22, 70), monthly_income_kzt=uni(rng, 70e3, 200e3))
    buyer: EntityRef = top
    prop = _property(ctx, scale=(1.5, 1.5))
    seller = _seller(ctx, pool)
    when = at(ctx, span(ctx, 0.1, 0.95))
    if kind == "company" and chance(rng, 0.6):  # a fresh local company owned by the offshore
        buyer = ctx.new_entity(
            registered=years_ago(ctx, 0.05, 1),
            employees=integer(rng, 0, 2),
            oked=pick(rng, ("68.10", "68.20", "70.22")),
        )
        link(ctx, top, buyer, "owner", share=1.0)
        link(ctx, nominee, buyer, "director")
        link(ctx, nominee, buyer, "nominee")
        frm = foreign(ctx, country, name=top.name)
        t = receive_from_abroad(
            ctx,
            at(ctx, day_of(ctx, when) - uni(rng, 1, 10)),
            frm,
            buyer,
            rounded(prop.price / FX_KZT["USD"] * 1.02, 100),
            "USD",
            "own_funds",
            "Contribution to charter capital",
        )
        s.txns([t], "funding_from_offshore")
        _pay(ctx, s, when, buyer, seller, prop.price, prop)
    else:
        link(ctx, nominee, top, "nominee")
        frm = foreign(ctx, pick(rng, ("AE", "CY", "CH", "GB")), name=top.name)
        t = receive_from_abroad(
            ctx,
            when,
            frm,
            seller,
            rounded(prop.price / FX_KZT["USD"], 100),
            "USD",
            "goods_payment",
            f"Purchase of property {prop.item_id}",
        )
        s.txns([t], "offshore_payment")
    s.label("deal", _deal(ctx, when, prop, buyer, seller, prop.price, "transfer"), "purchase")
    s.party(buyer, "buyer")
    s.party(top, "offshore_owner", with_account=False)
    s.party(nominee, "nominee", with_account=False)
    s.party(bo, "beneficial_owner", with_account=False)


def _pep_linked(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A PEP, or a relative of one, buys well beyond a civil servant's pay (RE-06)."""
    rng = ctx.rng
    occupation = pick(
        rng,
        (
            "аким района",
            "депутат маслихата",
            "руководитель управления",
            "заместитель председателя комитета",
        ),
    )
    pep = ctx.new_person(
        age=(38, 68), pep=True, occupation=occupation, monthly_income_kzt=uni(rng, 400e3, 950e3)
    )
    buyer = pep
    if chance(rng, 0.6):
        buyer = ctx.new_person(age=(19, 75), monthly_income_kzt=uni(rng, 40e3, 250e3))
        link(ctx, pep, buyer, "relative")
        s.party(pep, "pep")
    prop = _property(ctx, scale=(1.5, 2.0))
    seller = _seller(ctx, pool)
    when = at(ctx, span(ctx, 0.1, 0.95))
    if chance(rng, 0.5):
        _cash_before(ctx, s, buyer, prop.price, when)
    else:
        firm = pool.entity() or ctx.new_entity(oked="42.11")
        d = clamp_day(ctx, day_of(ctx, when) - uni(rng, 0.5, 6))
        t = transfer(
            ctx,
            at(ctx, d, before=when),
            firm,
            buyer,
            rounded(prop.price, 100_000),
            "services_payment",
            "Оплата консультационных услуг",
        )
        s.txns([t], "inflow_before_purchase")
        s.party(firm, "payer_firm")
    _pay(ctx, s, when, buyer, seller, prop.price, prop)
    s.label("deal", _deal(ctx, when, prop, buyer, seller, prop.price, "transfer"), "purchase")
    s.party(buyer, "buyer" if buyer is not pep else "pep_buyer")


def _relatives_purchases(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """One person buys several properties within weeks in relatives' names (RE-09)."""
    rng = ctx.rng
    organiser = pool.person_or_new(0.4, age=(30, 65))
    s.party(organiser, "organiser")
    start = span(ctx, 0.0, 0.5)
    for _ in range(integer(rng, 2, 4)):
        kin = ctx.new_person(age=(18, 80), monthly_income_kzt=uni(rng, 40e3, 250e3))
        link(ctx, organiser, kin, "relative")
        prop = _property(ctx)
        seller = _seller(ctx, pool)
        when = at(ctx, start + span(ctx, 0.0, 0.45))
        if chance(rng, 0.6):
            _pay(ctx, s, when, organiser, seller, prop.price, prop, on_behalf=kin)
            payer: PersonRef = organiser
        else:
            gift_day = clamp_day(ctx, day_of(ctx, when) - uni(rng, 0.1, 3.0))
            gift = transfer(
                ctx,
                at(ctx, gift_day),
                organiser,
                kin,
                rounded(prop.price, 100_000),
                "p2p_transfer",
                "Подарок",
            )
            s.txns([gift], "gift_before_purchase")
            _pay(ctx, s, when, kin, seller, prop.price, prop)
            payer = kin
        deal = _deal(ctx, when, prop, kin, seller, prop.price, "transfer", payer=payer)
        s.label("deal", deal, "purchase_in_relative_name")
        s.party(kin, "nominee_buyer")


_PLANTERS = {
    "income_mismatch": _income_mismatch,
    "third_party_payer": _third_party_payer,
    "valuation_gap": _valuation_gap,
    "quick_flip": _quick_flip,
    "cash_payment": _cash_payment,
    "opaque_entity": _opaque_entity,
    "pep_linked": _pep_linked,
    "relatives_purchases": _relatives_purchases,
}


# ── decoy ──────────────────────────────────────────────────────────────────────────────────


def _mortgage_buyer(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """A well-paid buyer pays a quarter down from savings and the rest with a bank mortgage."""
    rng = ctx.rng
    buyer = ctx.new_person(age=(27, 55), monthly_income_kzt=uni(rng, 1.5e6, 5e6))
    prop = _property(ctx, scale=(1.0, 0.55))
    seller = _seller(ctx, pool)
    day = span(ctx, 0.05, 0.9)
    when = at(ctx, day)
    down = prop.price * uni(rng, 0.2, 0.4)
    credit = prop.price - down
    transfer(
        ctx,
        when,
        buyer,
        seller,
        rounded(down, 100_000),
        "goods_payment",
        f"Первоначальный взнос по договору купли-продажи, {prop.item_id}",
    )
    bank_id, _bic = pick(rng, list(ctx.banks()))
    lid = ctx.next_id("loans")
    rate = round(uni(rng, 0.07, 0.165), 4)
    term = pick(rng, (120, 180, 240))
    ctx.row(
        "loans",
        loan_id=lid,
        lender_type="bank",
        # the bank's name is not known to a planter (``banks()`` gives ids and BICs only)
        lender_name=None,
        lender_country="KZ",
        borrower_type="person",
        borrower_id=buyer.person_id,
        amount=rounded(credit, 100_000),
        currency="KZT",
        amount_kzt=rounded(credit, 100_000),
        rate=rate,
        term_months=term,
        issued=date_of(ctx, day),
        collateral="real_estate",
        purpose="покупка жилья",
        status="active",
    )
    monthly = credit * (rate / 12) / (1 - (1 + rate / 12) ** -term)
    balance = credit
    for seq in range(1, term + 1):
        interest = balance * rate / 12
        ctx.row(
            "loan_schedules",
            loan_id=lid,
            seq=seq,
            due_date=date_of(ctx, day + 30.44 * seq),
            principal=money(monthly - interest),
            interest=money(interest),
        )
        balance -= monthly - interest
    loan_acct = ctx.new_account("person", buyer.person_id, product="loan", bank_id=bank_id)
    ctx.txn(
        ts=later(ctx, when, (1, 6)),
        type="loan_disbursement",
        channel="batch",
        amount=rounded(credit, 100_000),
        src_account_id=loan_acct.account_id,
        dst_account_id=acct(seller),
        loan_id=lid,
        narrative="Выдача кредита по договору",
        knp=knp_code("loan_disbursement"),
        kod=sector_code("resident_bank"),
        kbe=code_of(seller),
    )
    deal = _deal(ctx, when, prop, buyer, seller, prop.price, "mortgage")
    d.mark("deal", deal)
    d.mark("loan", lid)
    d.party(buyer)


def _company_office(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """An established, tax-paying company buys premises at the valuation and pays from its
    own account: a legal-entity buyer with nothing opaque about it."""
    rng = ctx.rng
    firm = ctx.new_entity(
        oked=pick(rng, ("46.90", "62.01", "69.20", "86.21", "47.11")),
        registered=years_ago(ctx, 5, 25),
        employees=integer(rng, 20, 500),
        tax_paid_kzt=float(rounded(logu(rng, 30e6, 1e9))),
    )
    d.party(firm)
    prop = _property(ctx)
    seller = _seller(ctx, pool)
    when = at(ctx, span(ctx, 0.05, 0.95))
    _pay(ctx, None, when, firm, seller, prop.price, prop)
    d.mark("deal", _deal(ctx, when, prop, firm, seller, prop.price, "transfer"))
