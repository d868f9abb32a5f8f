"""Row writers shared by the money-flow planters: one function per kind of operation.

Each writer picks KNP and КОд/КБе from the parties, puts device and IP on remote channels and
converts world days to timestamps, so a planter says only who pays whom, when and how much.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth.api import MerchantRef, SchemeContext
from kuzet.synth.schemes._flows import (
    ALMATY_OFFSET_H,
    SPEND_CATEGORIES,
    Foreign,
    Holder,
    kzt,
    later,
    office_hours,
    pick,
)

UTILITY_NOTES = (
    "Оплата коммунальных услуг",
    "Коммунальные платежи",
    "Оплата за электроэнергию",
    "Оплата за отопление",
    "Оплата за воду",
    "Оплата за вывоз ТБО",
)


def post(ctx: SchemeContext, t: float, **columns: Any) -> int | None:
    """Write one transaction at world instant ``t``. A leg that would fall outside the world
    is not written: the world stops and the money stays where it is (clamping it to the first
    or last instant would pile rows up at one timestamp, a signal of its own)."""
    if not 0.0 <= t < ctx.days:
        return None
    return ctx.txn(ts=ctx.ts(t), **columns)


def _remote(src: Holder, channel: str) -> dict[str, Any]:
    if channel in ("mobile", "internet", "ecom") and src.device_id is not None:
        return {"device_id": src.device_id, "ip": src.ip}
    return {}


def transfer(
    ctx: SchemeContext,
    src: Holder,
    dst: Holder,
    t: float,
    value: Decimal,
    purpose: str,
    narrative: str | None,
    *,
    channel: str = "mobile",
    type_: str = "transfer",
    **extra: Any,
) -> int | None:
    """A domestic transfer between two of our accounts. Like everyone's, a few app
    transfers reach the bank without a device fingerprint."""
    remote = _remote(src, channel) if ctx.rng.random() > 0.07 else {}
    return post(
        ctx,
        t,
        type=type_,
        channel=channel,
        amount=value,
        src_account_id=src.account_id,
        dst_account_id=dst.account_id,
        knp=knp_code(purpose),
        kod=src.sector,
        kbe=dst.sector,
        narrative=narrative or None,
        **(remote | extra),
    )


def send_abroad(
    ctx: SchemeContext,
    src: Holder,
    cp: Foreign,
    t: float,
    value: Decimal,
    purpose: str,
    narrative: str | None,
    *,
    channel: str | None = None,
) -> int | None:
    """A leg that leaves Kazakhstan: the receiving account is not ours. Firms send by SWIFT,
    people from the app."""
    channel = channel or ("swift" if src.party_type == "entity" else "mobile")
    return post(
        ctx,
        t,
        type="transfer",
        channel=channel,
        amount=value,
        src_account_id=src.account_id,
        cp_name=cp.name,
        cp_iban=cp.iban,
        cp_bic=cp.bic,
        cp_country=cp.country,
        knp=knp_code(purpose),
        kod=src.sector,
        kbe=cp.sector,
        narrative=narrative,
        **_remote(src, channel),
    )


def receive_from_abroad(
    ctx: SchemeContext,
    cp: Foreign,
    dst: Holder,
    t: float,
    value: Decimal,
    purpose: str,
    narrative: str | None,
) -> int | None:
    """A leg that enters Kazakhstan from an account that is not ours."""
    return post(
        ctx,
        t,
        type="transfer",
        channel="swift",
        amount=value,
        dst_account_id=dst.account_id,
        cp_name=cp.name,
        cp_iban=cp.iban,
        cp_bic=cp.bic,
        cp_country=cp.country,
        knp=knp_code(purpose),
        kod=cp.sector,
        kbe=dst.sector,
        narrative=narrative,
    )


def atm_withdrawal(
    ctx: SchemeContext, h: Holder, t: float, value: Decimal, atm_id: str, card_id: int | None
) -> int | None:
    return post(
        ctx,
        t,
        type="cash_withdrawal",
        channel="atm",
        amount=value,
        src_account_id=h.account_id,
        atm_id=atm_id,
        card_id=card_id if card_id else h.card_id,
    )


def cash_deposit(
    ctx: SchemeContext,
    h: Holder,
    t: float,
    value: Decimal,
    *,
    channel: str = "branch",
    atm_id: str | None = None,
    card_id: int | None = None,
    narrative: str | None = None,
) -> int | None:
    """Cash paid in, at a branch till or an ATM cash-in (possibly onto someone else's card).
    ATM cash-ins carry no payment codes, as the bank's own do not."""
    at_till = channel == "branch"
    return post(
        ctx,
        t,
        type="cash_deposit",
        channel=channel,
        amount=value,
        dst_account_id=h.account_id,
        atm_id=atm_id,
        card_id=card_id,
        knp=knp_code("cash_deposit") if at_till else None,
        kbe=h.sector if at_till else None,
        narrative=narrative or "Взнос наличных",
    )


def cash_desk_withdrawal(
    ctx: SchemeContext, h: Holder, t: float, value: Decimal, narrative: str | None = None
) -> int | None:
    return post(
        ctx,
        t,
        type="cash_withdrawal",
        channel="branch",
        amount=value,
        src_account_id=h.account_id,
        knp=knp_code("cash_withdrawal"),
        kod=h.sector,
        narrative=narrative,
    )


def card_payment(
    ctx: SchemeContext, h: Holder, t: float, value: Decimal, m: MerchantRef, channel: str = "pos"
) -> int | None:
    return post(
        ctx,
        t,
        type="card_payment",
        channel=channel,
        amount=value,
        src_account_id=h.account_id,
        card_id=h.card_id,
        mcc=m.mcc,
        merchant_id=m.merchant_id,
        terminal_id=m.terminal_id,
        **_remote(h, channel),
    )


def spend_normally(
    ctx: SchemeContext, h: Holder, first_day: int, last_day: int, monthly_kzt: float
) -> float:
    """Everyday card purchases of an honest customer: most days, several shops, varied sums.
    Written in one vectorised batch (``ctx.txns``): decoys spend like this by the thousand.

    Returns the total spent, so a decoy can keep a balance instead of draining to zero.
    """
    rng = ctx.rng
    days = np.arange(max(0, first_day), min(ctx.days, last_day + 1))
    day = np.repeat(days, rng.poisson(1.6, len(days)))
    k = len(day)
    if k == 0:
        return 0.0
    per_day = monthly_kzt / 30
    cat = rng.integers(0, len(SPEND_CATEGORIES), k)
    shops = [ctx.merchants(c) for c in SPEND_CATEGORIES]
    pick_shop = rng.random(k)
    value = np.clip(per_day / 1.6 * np.exp(rng.normal(0, 0.8, k)), 300, per_day * 6)
    value = np.maximum(10, np.round(value / 10) * 10)
    hour = rng.normal(14.3, 4.2, k) % 24
    t = day + (hour - ALMATY_OFFSET_H) / 24
    keep = (
        np.array([len(shops[c]) > 0 for c in cat.tolist()], dtype=bool) & (t >= 0) & (t < ctx.days)
    )
    chosen = [
        shops[c][int(u * len(shops[c]))]
        for c, u, ok in zip(cat.tolist(), pick_shop.tolist(), keep.tolist(), strict=True)
        if ok
    ]
    if not chosen:
        return 0.0
    n = len(chosen)
    us = np.round(t[keep] * 86_400_000_000).astype("timedelta64[us]")
    ctx.txns(
        ts=np.datetime64(ctx.start.replace(tzinfo=None), "us") + us,
        type=["card_payment"] * n,
        channel=["pos"] * n,
        amount=value[keep],
        src_account_id=[h.account_id] * n,
        card_id=[h.card_id] * n,
        mcc=[m.mcc for m in chosen],
        merchant_id=[m.merchant_id for m in chosen],
        terminal_id=[m.terminal_id for m in chosen],
    )
    return float(value[keep].sum())


def pay_tax(ctx: SchemeContext, h: Holder, t: float, value: Decimal) -> int | None:
    """Taxes to the budget. ``SchemeContext`` has no way to the treasury's account, so the
    receiver is named, not linked."""
    return post(
        ctx,
        t,
        type="bill_payment",
        channel="internet",
        amount=value,
        src_account_id=h.account_id,
        cp_name="РГУ «Управление государственных доходов»",
        cp_country="KZ",
        knp=knp_code("tax"),
        kod=h.sector,
        kbe=sector_code("resident_state_body"),
        narrative="Оплата налогов",
        **_remote(h, "internet"),
    )


def overheads(ctx: SchemeContext, firm: Holder, monthly_kzt: float) -> None:
    """What a real business pays every month and a transit firm does not: rent, utilities,
    taxes (CASH-02 reads their absence)."""
    rng = ctx.rng
    landlords = ctx.sample_entities(1, oked_prefix="68")
    utilities = [u for u in ctx.sample_entities(2, oked_prefix="35") if u.account_id]
    for month_day in range(int(rng.integers(0, 10)), ctx.days, 30):
        t = office_hours(ctx, month_day)
        if landlords and landlords[0].account_id is not None:
            landlord = Holder("entity", landlords[0].entity_id, landlords[0].account_id)
            rent = kzt(monthly_kzt * 0.5, 1_000)
            transfer(
                ctx,
                firm,
                landlord,
                t,
                rent,
                "rent",
                "Оплата за аренду помещения",
                channel="internet",
            )
        for u in utilities:
            assert u.account_id is not None
            provider = Holder("entity", u.entity_id, u.account_id)
            value = kzt(monthly_kzt * float(rng.uniform(0.02, 0.08)), 1)
            transfer(
                ctx,
                firm,
                provider,
                later(rng, t, (0, 3)),
                value,
                "utilities",
                pick(rng, UTILITY_NOTES),
                channel="internet",
                type_="bill_payment",
            )
        day = min(ctx.days - 1, month_day + int(rng.integers(10, 20)))
        pay_tax(ctx, firm, office_hours(ctx, day), kzt(monthly_kzt * 0.4, 1))
