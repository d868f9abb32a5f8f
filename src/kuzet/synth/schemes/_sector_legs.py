"""Payment legs of the sector planters: transfers, SWIFT legs, cash, cards and devices.

Planted operations must look like the ordinary world's except for the sign they carry, so
the shapes live here once: app and internet payments carry the payer's device and IP, ATM
cash carries the card, SWIFT legs a UETR, large cash goes through the cash desk with KNP and
КОд/КБе. Amounts and timing are the planters' business.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from kuzet.model.codes import knp_code
from kuzet.synth.api import EntityRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import Foreign, acct, chance, code_of, integer, pick


def ip_address(rng: np.random.Generator) -> str:
    """A public IPv4 address in blocks Kazakhstani operators announce (the generator's pick)."""
    first = pick(rng, (2, 5, 37, 46, 89, 95, 147, 178, 188, 212))
    return ".".join(str(x) for x in (first, *(integer(rng, 1, 254) for _ in range(3))))


def shared_device(
    ctx: SchemeContext, users: Sequence[PersonRef], *, geo_country: str = "KZ"
) -> tuple[str, str]:
    """One phone and IP seen on several people's accounts (VA-07, MULE-09): the organiser
    operates the drops' accounts himself. Returns ``(device_id, ip)`` for the operations."""
    ip = ip_address(ctx.rng)
    device_id: str | None = None
    for p in users:
        device_id = ctx.device("person", p.person_id, account_id=p.account_id,
                               device_id=device_id, ip=ip, geo_country=geo_country)  # fmt: skip
    if device_id is None:
        raise ValueError("a shared device needs at least one user")
    return device_id, ip


# ── cards and devices a planter's parties use ──────────────────────────────────────────────


@dataclass(slots=True)
class _Memo:
    cards: dict[int, int] = field(default_factory=dict)
    devices: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)


_MEMO: weakref.WeakKeyDictionary[Any, _Memo] = weakref.WeakKeyDictionary()
"""Per world: the card each account pays with and the phone each party uses. The context
does not tell a planter a party's existing cards or devices, so a planter opens one the first
time it needs one and reuses it, as a person keeps using the same card and phone."""


def _memo(ctx: SchemeContext) -> _Memo:
    if ctx not in _MEMO:
        _MEMO[ctx] = _Memo()
    return _MEMO[ctx]


def card_of(ctx: SchemeContext, who: PersonRef, account_id: int | None = None) -> int:
    """The card ``who`` uses on ``account_id`` (the main account by default)."""
    account = account_id or acct(who)
    memo = _memo(ctx)
    if account not in memo.cards:
        memo.cards[account] = ctx.new_card(account, who.person_id)
    return memo.cards[account]


def device_of(ctx: SchemeContext, who: PersonRef | EntityRef) -> tuple[str, str]:
    """``(device_id, ip)`` of the phone or computer ``who`` banks from."""
    key = ("person", who.person_id) if isinstance(who, PersonRef) else ("entity", who.entity_id)
    memo = _memo(ctx)
    if key not in memo.devices:
        ip = ip_address(ctx.rng)
        dev = ctx.device(key[0], key[1], account_id=who.account_id, ip=ip)
        memo.devices[key] = (dev, ip)
    return memo.devices[key]


def remote(ctx: SchemeContext, who: PersonRef | EntityRef, p: float = 0.9) -> dict[str, Any]:
    """Device and IP columns of an app or internet-banking operation (most carry them)."""
    if not chance(ctx.rng, p):
        return {}
    device_id, ip = device_of(ctx, who)
    return {"device_id": device_id, "ip": ip}


def uetr(ctx: SchemeContext) -> str:
    """The reference a SWIFT payment carries (same shape as the ordinary world's)."""
    return f"UETR-{integer(ctx.rng, 0, 10**10):012d}"


# ── payment legs ───────────────────────────────────────────────────────────────────────────


def transfer(
    ctx: SchemeContext,
    when: dt.datetime,
    src: PersonRef | EntityRef,
    dst: PersonRef | EntityRef,
    amount: Decimal,
    purpose: str,
    narrative: str | None,
    *,
    src_account_id: int | None = None,
    dst_account_id: int | None = None,
    channel: str = "internet",
    **columns: Any,
) -> int:
    """A domestic credit transfer between two parties of this world; app and internet-bank
    transfers carry the payer's device and IP as ordinary ones do."""
    if channel in ("mobile", "internet") and "device_id" not in columns:
        columns |= remote(ctx, src)
    return ctx.txn(
        ts=when,
        type="transfer",
        channel=channel,
        amount=amount,
        src_account_id=src_account_id or acct(src),
        dst_account_id=dst_account_id or acct(dst),
        knp=knp_code(purpose),
        kod=code_of(src),
        kbe=code_of(dst),
        narrative=narrative,
        **columns,
    )


def pay_abroad(
    ctx: SchemeContext,
    when: dt.datetime,
    src: PersonRef | EntityRef,
    to: Foreign,
    amount: Decimal,
    currency: str,
    purpose: str,
    narrative: str,
    *,
    src_account_id: int | None = None,
    **columns: Any,
) -> int:
    """A SWIFT payment from one of our accounts to a party abroad."""
    return ctx.txn(
        ts=when,
        type="transfer",
        channel="swift",
        amount=amount,
        currency=currency,
        src_account_id=src_account_id or acct(src),
        cp_name=to.name,
        cp_iban=to.iban,
        cp_bic=to.bic,
        cp_country=to.bank_country,
        knp=knp_code(purpose),
        kod=code_of(src),
        kbe=code_of(to),
        narrative=narrative,
        ref=uetr(ctx),
        **columns,
    )


def receive_from_abroad(
    ctx: SchemeContext,
    when: dt.datetime,
    frm: Foreign,
    dst: PersonRef | EntityRef,
    amount: Decimal,
    currency: str,
    purpose: str,
    narrative: str,
    *,
    dst_account_id: int | None = None,
    **columns: Any,
) -> int:
    """A SWIFT payment from a party abroad into one of our accounts."""
    return ctx.txn(
        ts=when,
        type="transfer",
        channel="swift",
        amount=amount,
        currency=currency,
        dst_account_id=dst_account_id or acct(dst),
        cp_name=frm.name,
        cp_iban=frm.iban,
        cp_bic=frm.bic,
        cp_country=frm.bank_country,
        knp=knp_code(purpose),
        kod=code_of(frm),
        kbe=code_of(dst),
        narrative=narrative,
        ref=uetr(ctx),
        **columns,
    )


ATM_CASH_IN_MAX = 2_000_000.0
"""Largest sum paid in at an ATM in one go; more goes to the cash desk (generator's guess at
cash-in machine limits)."""
ATM_CASH_OUT_MAX = 400_000.0
"""Largest ATM withdrawal in one go (generator's guess at daily card limits)."""


def cash_in(
    ctx: SchemeContext, when: dt.datetime, who: PersonRef | EntityRef, amount: Decimal, **cols: Any
) -> int:
    """Cash paid in onto the party's own account: a person's smaller sums at an ATM with the
    card, anything large (and a firm's cash) at a branch cash desk."""
    atms = ctx.atms()
    if isinstance(who, PersonRef) and float(amount) <= ATM_CASH_IN_MAX and atms:
        return ctx.txn(ts=when, type="cash_deposit", channel="atm", amount=amount,
                       dst_account_id=acct(who), atm_id=pick(ctx.rng, atms),
                       card_id=card_of(ctx, who), narrative="Взнос наличных", **cols)  # fmt: skip
    return ctx.txn(
        ts=when,
        type="cash_deposit",
        channel="branch",
        amount=amount,
        dst_account_id=acct(who),
        knp=knp_code("cash_deposit"),
        kod=code_of(who),
        kbe=code_of(who),
        narrative=pick(ctx.rng, ("Взнос наличных", "Взнос наличных денег", "Пополнение счёта")),
        **cols,
    )


def cash_out(
    ctx: SchemeContext,
    when: dt.datetime,
    who: PersonRef | EntityRef,
    amount: Decimal,
    *,
    account_id: int | None = None,
    **cols: Any,
) -> int:
    """Cash taken out: a person's small sums at an ATM with the card, large ones (and a
    firm's) at the cash desk."""
    atms = ctx.atms()
    account = account_id or acct(who)
    if isinstance(who, PersonRef) and float(amount) <= ATM_CASH_OUT_MAX and atms:
        return ctx.txn(ts=when, type="cash_withdrawal", channel="atm", amount=amount,
                       src_account_id=account, atm_id=pick(ctx.rng, atms),
                       card_id=card_of(ctx, who, account), **cols)  # fmt: skip
    return ctx.txn(
        ts=when,
        type="cash_withdrawal",
        channel="branch",
        amount=amount,
        src_account_id=account,
        knp=knp_code("cash_withdrawal"),
        kod=code_of(who),
        kbe=code_of(who),
        narrative=pick(ctx.rng, ("Выдача наличных", "Снятие наличных", "Выдача наличных денег")),
        **cols,
    )
