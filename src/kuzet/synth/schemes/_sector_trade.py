"""Foreign-trade paperwork the TBML and PF planters share: contracts, customs, payments.

A contract row is what a bank's currency control registers; a declaration is what customs
saw; a payment is the SWIFT leg the contract is settled with. Planters decide which of them
exist and with what numbers; this module only writes them the way the ordinary world does
(contract numbers, routes, declaration numbers, KNP 720 for import payments).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kuzet.synth.api import EntityRef, SchemeContext
from kuzet.synth.schemes._sector import (
    Foreign,
    at,
    chance,
    date_of,
    digits,
    money,
    pick,
    split,
    to_kzt,
    uni,
)
from kuzet.synth.schemes._sector_legs import pay_abroad


@dataclass(frozen=True, slots=True)
class Goods:
    hs: str
    desc: str
    unit: str
    usd: tuple[float, float]
    """Usual unit price range in USD (the generator's own reference, not a customs table)."""
    okeds: tuple[str, ...]
    """OKED codes of firms for which the goods make sense."""


@dataclass(frozen=True, slots=True)
class Contract:
    contract_id: int
    contract_no: str
    signed_day: float
    amount: Decimal
    currency: str
    qty: float
    goods: Goods


def write_contract(
    ctx: SchemeContext,
    entity: EntityRef,
    direction: str,
    cp: Foreign,
    goods: Goods,
    *,
    qty: float,
    unit_price: float,
    currency: str,
    prepay: float,
    signed_day: float,
    delivery_day: float,
    route: str | None = None,
    amendments: int = 0,
    desc: str | None = None,
) -> Contract:
    """Write a trade contract (currency-control registration) and return what payments need."""
    cid = ctx.next_id("trade_contracts")
    signed = date_of(ctx, signed_day)
    # the route names the partner's country, then any transit hubs
    legs = [c for c in dict.fromkeys([cp.country, *(route or "").split(";")]) if c]
    no = f"{cp.country}-{signed:%Y}/{cid:05d}"  # the numbering the ordinary world uses
    amount = money(qty * unit_price)
    ctx.row(
        "trade_contracts",
        contract_id=cid,
        contract_no=no,
        # учетный номер: currency-control registration above a bank's threshold [UNCERTAIN]
        reg_no=f"{digits(ctx.rng, 4)}/{signed:%Y}/{digits(ctx.rng, 6)}"
        if chance(ctx.rng, 0.8)
        else None,
        entity_id=entity.entity_id,
        direction=direction,
        cp_name=cp.name,
        cp_country=cp.country,
        goods_desc=desc or goods.desc,
        hs_code=goods.hs,
        quantity=qty,
        unit=goods.unit,
        unit_price=money(unit_price),
        amount=amount,
        currency=currency,
        amount_kzt=to_kzt(amount, currency),
        prepay_pct=prepay,
        signed=signed,
        delivery_due=date_of(ctx, delivery_day),
        route_countries=";".join(legs),
        amendments=amendments,
    )
    return Contract(cid, no, signed_day, amount, currency, qty, goods)


def declare(
    ctx: SchemeContext,
    c: Contract,
    entity: EntityRef,
    direction: str,
    day: float,
    value: Decimal,
    origin: str,
    *,
    consignee: str | None = None,
) -> None:
    """A customs declaration for (part of) a contract's goods."""
    declared = date_of(ctx, day)
    ctx.row(
        "customs_declarations",
        declaration_id=ctx.next_id("customs_declarations"),
        # ДТ number: customs post / date / serial
        decl_no=f"5{digits(ctx.rng, 7)}/{declared:%d%m%y}/{digits(ctx.rng, 7)}",
        contract_id=c.contract_id,
        entity_id=entity.entity_id,
        direction=direction,
        declared=declared,
        hs_code=c.goods.hs,
        quantity=c.qty,
        customs_value=value,
        currency=c.currency,
        customs_value_kzt=to_kzt(value, c.currency),
        origin_country=origin,
        consignee=consignee or entity.name,
    )


def pay_contract(
    ctx: SchemeContext,
    e: EntityRef,
    to: Foreign,
    c: Contract,
    share: float,
    day: float,
    *,
    tranches: int = 1,
    label: str = "предоплата",
) -> list[int]:
    """Pay ``share`` of the contract abroad in its currency from the firm's current account
    (the bank converts on the way, as for the ordinary world's importers)."""
    total = float(c.amount) * share
    out = []
    for k, part in enumerate(split(ctx.rng, total, tranches, 0.2)):
        when = at(ctx, day + k * uni(ctx.rng, 1.0, 3.0), (11.0, 18.0))
        pct = round(share * 100)
        narrative = pick(
            ctx.rng,
            (
                "Оплата по контракту за товар",
                f"{label.capitalize()} {pct}% по контракту № {c.contract_no} от "
                f"{date_of(ctx, c.signed_day):%d.%m.%Y} за {c.goods.desc.lower()}",
            ),
        )
        out.append(
            pay_abroad(
                ctx,
                when,
                e,
                to,
                money(part),
                c.currency,
                "import_prepayment",
                narrative,
                contract_id=c.contract_id,
            )
        )
    return out
