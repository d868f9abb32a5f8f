"""Luxury goods (domain brief §6.5, LUX-01/02): jewellery, gold and cars bought with cash.

Portable value bought for cash turns dirty notes into goods that can be sold again. Planted
here: single cash purchases of jewellery or gold around the amounts dealers must watch,
series of cash purchases each just below such an amount, goods resold to a pawnshop within
days, and vehicles bought for cash by people who declare little income. The decoy is an
affluent collector who pays by card or transfer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kuzet.synth.api import EntityRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import (
    Decoy,
    Pool,
    Scheme,
    acct,
    at,
    chance,
    clamp_day,
    count,
    day_of,
    digits,
    integer,
    logu,
    money,
    party_key,
    pick,
    plan,
    rounded,
    span,
    uni,
)
from kuzet.synth.schemes._sector_legs import (
    card_of,
    cash_out,
    transfer,
)

FAMILY = "LUX"
VARIANTS = (
    "cash_jewellery",
    "structured_below",
    "pawnshop_resale",
    "vehicle_cash_low_income",
)

WATCH_LEVELS = (1_000_000.0, 3_000_000.0, 5_000_000.0)
"""Round amounts the generator's launderers believe a dealer reports above. They are the
generator's own guesses (the brief leaves dealers' levels [UNCERTAIN]); a detector must find
the clustering below a level from the data, not from this tuple."""

JEWELLERY = (
    ("jewellery", "Ювелирное изделие"),
    ("jewellery", "Ювелирное изделие"),
    ("precious_metals", "Слиток золота"),
    ("precious_metals", "Монета золотая"),
)
"""What a dealer's register says; gold bars and coins are the precious-metals share."""
VIN_MAKERS = ("XW8", "XW7", "JTM", "JTJ", "WDD", "WBA", "KMH", "Z94", "LVS")
"""World manufacturer prefixes of the VINs (the goods are real, every party fictional)."""
_VIN = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def plant(ctx: SchemeContext) -> None:
    """Plant the luxury-goods schemes of this world and the honest collectors."""
    pool = Pool(ctx)
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        if chance(ctx.rng, 0.6):
            _collector(ctx, pool, Decoy(ctx, FAMILY, number, "affluent_collector"))
        else:
            _savings_cash_buyer(ctx, pool, Decoy(ctx, FAMILY, number, "savings_cash_buyer"))


# ── building blocks ────────────────────────────────────────────────────────────────────────


def _item(ctx: SchemeContext) -> tuple[str, str, str]:
    """(asset class, item code, description) of a piece of jewellery or gold."""
    asset, desc = pick(ctx.rng, JEWELLERY)
    return asset, f"ITEM-{digits(ctx.rng, 10)}", desc


def _vin(ctx: SchemeContext) -> str:
    body = "".join(_VIN[int(i)] for i in ctx.rng.integers(0, len(_VIN), size=14))
    return pick(ctx.rng, VIN_MAKERS) + body


def _deal(
    ctx: SchemeContext,
    when: dt.datetime,
    asset: str,
    item: str,
    desc: str,
    buyer: PersonRef | EntityRef,
    seller: PersonRef | EntityRef,
    price: float,
    form: str,
) -> int:
    did = ctx.next_id("property_deals")
    b_type, b_id = party_key(buyer)
    s_type, s_id = party_key(seller)
    ctx.row(
        "property_deals",
        deal_id=did,
        ts=when,
        asset_class=asset,
        item_id=item,
        description=desc,
        buyer_type=b_type,
        buyer_id=b_id,
        payer_type=b_type,
        payer_id=b_id,
        payer_country="KZ",
        seller_type=s_type,
        seller_id=s_id,
        price=money(price),
        currency="KZT",
        price_kzt=money(price),
        # registers value vehicles, not jewellery
        valuation_kzt=rounded(price * uni(ctx.rng, 0.92, 1.05), 1000)
        if asset == "vehicle"
        else None,
        payment_form=form,
    )
    return did


def _withdraw_first(
    ctx: SchemeContext, s: Scheme, who: PersonRef, total: float, when: dt.datetime
) -> None:
    """Sometimes the cash visibly comes out of the buyer's own account the day before."""
    if chance(ctx.rng, 0.4):
        d = clamp_day(ctx, day_of(ctx, when) - uni(ctx.rng, 0.2, 2.0))
        s.txns(
            [cash_out(ctx, at(ctx, d, before=when), who, rounded(total, 10_000))], "cash_withdrawal"
        )


def _pay_shop(
    ctx: SchemeContext, when: dt.datetime, buyer: PersonRef, dealer: EntityRef, price: Decimal
) -> int:
    """A non-cash purchase: by card at a jeweller's terminal, as the ordinary world pays,
    or by transfer to the dealer's account for an invoice."""
    shops = list(ctx.merchants("jewellery"))
    if shops and chance(ctx.rng, 0.7):
        m = pick(ctx.rng, shops)
        return ctx.txn(
            ts=when,
            type="card_payment",
            channel="pos",
            amount=price,
            src_account_id=acct(buyer),
            merchant_id=m.merchant_id,
            mcc=m.mcc,
            terminal_id=m.terminal_id,
            card_id=card_of(ctx, buyer),
        )
    return transfer(ctx, when, buyer, dealer, price, "goods_payment", "Оплата по счёту за товар")


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _cash_jewellery(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """One or two cash purchases of jewellery or gold at or above a watched amount."""
    rng = ctx.rng
    buyer = pool.person_or_new(0.5, age=(22, 65), monthly_income_kzt=uni(rng, 100e3, 700e3))
    s.party(buyer, "buyer")
    for _ in range(integer(rng, 1, 2)):
        dealer = pool.business("47.77", "Ювелир")
        level = pick(rng, WATCH_LEVELS)
        price = rounded(level * uni(rng, 0.97, 3.0), 1000)
        when = at(ctx, span(ctx, 0.05, 0.98), (10.0, 21.0))
        asset, item, desc = _item(ctx)
        _withdraw_first(ctx, s, buyer, float(price), when)
        s.label(
            "deal",
            _deal(ctx, when, asset, item, desc, buyer, dealer, float(price), "cash"),
            "cash_purchase",
        )


def _structured_below(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Several cash purchases within days, each just under the same watched amount,
    sometimes spread over several dealers."""
    rng = ctx.rng
    buyer = pool.person_or_new(0.5, age=(20, 65))
    s.party(buyer, "buyer")
    level = pick(rng, WATCH_LEVELS)
    dealers = [pool.business("47.77", "Ювелир") for _ in range(integer(rng, 1, 3))]
    start = span(ctx, 0.0, 0.6)
    for _ in range(integer(rng, 3, 8)):
        price = rounded(level * uni(rng, 0.88, 0.995), 1000)
        price = min(price, money(level - 1000))
        when = at(ctx, start + span(ctx, 0.0, 0.35), (10.0, 21.0))
        asset, item, desc = _item(ctx)
        dealer = pick(rng, dealers)
        deal = _deal(ctx, when, asset, item, desc, buyer, dealer, float(price), "cash")
        s.label("deal", deal, "structured_cash_purchase")


def _pawnshop_resale(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Bought (often for cash) and sold to a pawnshop within days for less (LUX-02): the
    pawnshop's money is clean money."""
    rng = ctx.rng
    buyer = pool.person_or_new(0.5, age=(19, 60))
    s.party(buyer, "buyer")
    pawnshop = pool.business("64.92", "Ломбард")
    for _ in range(integer(rng, 1, 3)):
        dealer = pool.business("47.77", "Ювелир")
        asset, item, desc = _item(ctx)
        price = rounded(logu(rng, 1.5e6, 12e6), 1000)
        d1 = span(ctx, 0.0, 0.7)
        t1 = at(ctx, d1, (10.0, 20.0))
        form = "cash" if chance(rng, 0.75) else "transfer"
        if form == "transfer":
            s.txns([_pay_shop(ctx, t1, buyer, dealer, price)], "purchase_payment")
        s.label(
            "deal", _deal(ctx, t1, asset, item, desc, buyer, dealer, float(price), form), "purchase"
        )
        resale = float(price) * uni(rng, 0.55, 0.85)
        t2 = at(ctx, d1 + uni(rng, 0.3, max(1.0, 0.3 * ctx.days)), (10.0, 20.0), after=t1)
        pawn_form = "cash" if chance(rng, 0.5) else "transfer"
        if pawn_form == "transfer":
            t = transfer(
                ctx,
                t2,
                pawnshop,
                buyer,
                rounded(resale, 1000),
                "goods_payment",
                f"Оплата за скупленное изделие {item}",
            )
            s.txns([t], "pawnshop_payout")
        deal2 = _deal(ctx, t2, asset, item, desc, pawnshop, buyer, resale, pawn_form)
        s.label("deal", deal2, "pawnshop_sale")


def _vehicle_cash_low_income(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A buyer who declares a small income pays cash for one or more expensive cars."""
    rng = ctx.rng
    buyer = ctx.new_person(age=(19, 60), monthly_income_kzt=uni(rng, 70e3, 250e3))
    s.party(buyer, "buyer")
    dealer = pool.business("45.11", "Автосалон")
    for _ in range(integer(rng, 1, 3)):
        price = rounded(logu(rng, 12e6, 90e6), 10_000)
        when = at(ctx, span(ctx, 0.05, 0.98), (10.0, 19.0))
        desc = "Легковой автомобиль"
        deal = _deal(ctx, when, "vehicle", _vin(ctx), desc, buyer, dealer, float(price), "cash")
        s.label("deal", deal, "cash_vehicle_purchase")


_PLANTERS = {
    "cash_jewellery": _cash_jewellery,
    "structured_below": _structured_below,
    "pawnshop_resale": _pawnshop_resale,
    "vehicle_cash_low_income": _vehicle_cash_low_income,
}


# ── decoy ──────────────────────────────────────────────────────────────────────────────────


def _collector(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """An affluent collector buys expensive pieces and pays by card or transfer."""
    rng = ctx.rng
    buyer = ctx.new_person(age=(35, 70), monthly_income_kzt=uni(rng, 3e6, 10e6))
    d.party(buyer)
    for _ in range(integer(rng, 2, 5)):
        dealer = pool.business("47.77", "Ювелир")
        asset, item, desc = _item(ctx)
        price = rounded(logu(rng, 2e6, 30e6), 1000)
        when = at(ctx, span(ctx, 0.0, 0.98), (11.0, 20.0))
        _pay_shop(ctx, when, buyer, dealer, price)
        d.mark("deal", _deal(ctx, when, asset, item, desc, buyer, dealer, float(price), "transfer"))


def _savings_cash_buyer(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """A well-paid person takes savings out at the cash desk and pays cash for a car or a
    piece of jewellery the next day: cash and large, but his own money and his own income."""
    rng = ctx.rng
    buyer = ctx.new_person(age=(30, 65), monthly_income_kzt=uni(rng, 1.5e6, 5e6))
    d.party(buyer)
    day = span(ctx, 0.05, 0.9)
    when = at(ctx, day + uni(rng, 0.5, 2.0), (10.0, 19.0))
    if chance(rng, 0.5):
        price = rounded(logu(rng, 8e6, 30e6), 10_000)
        seller = pool.business("45.11", "Автосалон")
        deal = _deal(
            ctx,
            when,
            "vehicle",
            _vin(ctx),
            "Легковой автомобиль",
            buyer,
            seller,
            float(price),
            "cash",
        )
    else:
        price = rounded(logu(rng, 1.5e6, 8e6), 1000)
        seller = pool.business("47.77", "Ювелир")
        asset, item, desc = _item(ctx)
        deal = _deal(ctx, when, asset, item, desc, buyer, seller, float(price), "cash")
    d.mark("deal", deal)
    d.mark("transaction", cash_out(ctx, at(ctx, day, before=when), buyer, price))
