"""Helpers shared by the money-flow planters (MULE, CASH, STRUCT, LAYER).

These families all write the same kinds of rows (P2P and firm transfers, ATM and branch cash,
card purchases, legs abroad), so the conventions live here once: Almaty daytime, KNP and
КОд/КБе chosen from the parties, device and IP on remote channels, round sums the way people
type them. Planners work in *world days* (a float, 0 = ``ctx.start``) and convert at the row.

Nothing here knows a detector or a legal threshold: amounts and timing are drawn by the
planters from their own ranges.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

import numpy as np

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth.api import MerchantRef, SchemeContext

T = TypeVar("T")

ALMATY_OFFSET_H = 5
"""Kazakhstan keeps one time zone, UTC+5, since 1 March 2024."""

GENERIC_P2P = (
    "перевод",
    "Перевод",
    "за товар",
    "оплата",
    "долг",
    "возврат долга",
    "аударым",
    "қарыз",
    "помощь",
    "за услуги",
    "",
)
"""What people type (or leave blank) on a P2P transfer that says nothing (MULE-11)."""

SPEND_CATEGORIES = ("grocery", "restaurant", "pharmacy", "fuel", "clothing", "telecom")


# ── who ──────────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True, slots=True)
class Holder:
    """One of our accounts as a planter sees it: holder, card and the device it is used from."""

    party_type: str
    party_id: int
    account_id: int
    card_id: int | None = None
    device_id: str | None = None
    ip: str | None = None
    resident: bool = True
    bank_id: int | None = None

    @property
    def sector(self) -> str:
        """КОд/КБе: individual entrepreneurs count with households, as persons do."""
        if self.party_type == "entity":
            return sector_code("resident_company" if self.resident else "nonresident_company")
        return sector_code("resident_individual" if self.resident else "nonresident_individual")


@dataclass(frozen=True, slots=True)
class Foreign:
    """A counterparty abroad, known to us only by name, account, bank and country."""

    name: str
    iban: str
    bic: str
    country: str
    company: bool = True

    @property
    def sector(self) -> str:
        return sector_code("nonresident_company" if self.company else "nonresident_individual")


@dataclass
class Scheme:
    """One planted scheme: labels each object once (the labels key forbids a second role)."""

    ctx: SchemeContext
    scheme_id: str
    family: str
    typology: str
    _seen: set[tuple[str, int]] = field(default_factory=set)

    def tag(self, object_type: str, object_id: int, role: str) -> None:
        if (object_type, object_id) in self._seen:
            return
        self._seen.add((object_type, object_id))
        self.ctx.label(self.scheme_id, self.family, self.typology, object_type, object_id, role)

    def tag_holder(self, h: Holder, role: str) -> None:
        self.tag(h.party_type, h.party_id, role)
        self.tag("account", h.account_id, role)
        if h.card_id is not None:
            self.tag("card", h.card_id, role)


@dataclass
class Decoy:
    """One honest look-alike: every object of it is recorded once in ``decoys``."""

    ctx: SchemeContext
    decoy_id: str
    kind: str
    family: str
    _seen: set[tuple[str, int]] = field(default_factory=set)

    def tag(self, object_type: str, object_id: int) -> None:
        if (object_type, object_id) not in self._seen:
            self._seen.add((object_type, object_id))
            self.ctx.decoy(self.decoy_id, self.kind, self.family, object_type, object_id)

    def tag_holder(self, h: Holder) -> None:
        self.tag(h.party_type, h.party_id)
        self.tag("account", h.account_id)
        if h.card_id is not None:
            self.tag("card", h.card_id)


class Ids:
    """Scheme and decoy ids of one family: ``MULE-000017``, ``MULE-D-000003``."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._schemes = 0
        self._decoys = 0

    def scheme(self, ctx: SchemeContext, typology: str) -> Scheme:
        self._schemes += 1
        return Scheme(ctx, f"{self.family}-{self._schemes:06d}", self.family, typology)

    def decoy(self, ctx: SchemeContext, kind: str) -> Decoy:
        self._decoys += 1
        return Decoy(ctx, f"{self.family}-D-{self._decoys:06d}", kind, self.family)


def scheme_count(
    ctx: SchemeContext, per_persons: tuple[int, int] = (1000, 2500), at_least: int = 2
) -> int:
    """How many schemes (or decoys) of a kind: one per ``per_persons`` persons, drawn."""
    lo = ctx.persons / per_persons[1]
    hi = ctx.persons / per_persons[0]
    n = int(ctx.rng.integers(math.floor(lo), math.ceil(hi) + 1))
    return max(at_least, n)


def pick(rng: np.random.Generator, items: Sequence[T]) -> T:
    return items[int(rng.integers(len(items)))]


def chance(rng: np.random.Generator, p: float) -> bool:
    return bool(rng.random() < p)


def days_ago(ctx: SchemeContext, lo: int, hi: int) -> dt.date:
    """A date ``lo``–``hi`` days before the world starts (account openings, registrations)."""
    return ctx.start.date() - dt.timedelta(days=int(ctx.rng.integers(lo, hi + 1)))


def world_date(ctx: SchemeContext, day: float) -> dt.date:
    return (ctx.start + dt.timedelta(days=day)).date()


# ── when ─────────────────────────────────────────────────────────────────────────────────


def local(day: int, hour: float) -> float:
    """World day of an Almaty wall-clock ``hour`` on world day ``day``."""
    return day + (hour - ALMATY_OFFSET_H) / 24


def daytime(rng: np.random.Generator, day: int, lo: float = 9.0, hi: float = 21.5) -> float:
    """A random instant of Almaty daytime on ``day`` (people bank awake)."""
    return local(day, float(rng.uniform(lo, hi)))


def later(rng: np.random.Generator, t: float, hours: tuple[float, float]) -> float:
    return t + float(rng.uniform(*hours)) / 24


def window(ctx: SchemeContext, length: tuple[int, int]) -> tuple[int, int]:
    """A ``(first_day, last_day)`` span of the drawn length that fits inside the world,
    leaving the last day free for follow-up legs."""
    span = min(int(ctx.rng.integers(length[0], length[1] + 1)), max(1, ctx.days - 2))
    first = int(ctx.rng.integers(0, max(1, ctx.days - span - 1)))
    return first, first + span - 1


def when(ctx: SchemeContext, day: float) -> dt.datetime:
    """The row timestamp; clamped inside the world so a late leg never leaves it."""
    return ctx.ts(min(max(day, 0.0), ctx.days - 1e-4))


# ── how much ─────────────────────────────────────────────────────────────────────────────


def kzt(value: float, step: int = 1) -> Decimal:
    """A tenge amount rounded to ``step`` (people type round sums; firms pay to the tiyn)."""
    if step >= 1:
        return Decimal(max(step, round(value / step) * step)).quantize(Decimal("0.01"))
    return Decimal(str(round(value, 2))).quantize(Decimal("0.01"))


def amount(rng: np.random.Generator, median: float, sigma: float, lo: float, hi: float) -> float:
    """A lognormal amount around ``median`` kept inside ``[lo, hi]``."""
    return float(np.clip(median * math.exp(float(rng.normal(0, sigma))), lo, hi))


def split(rng: np.random.Generator, total: float, parts: int, jitter: float = 0.3) -> list[float]:
    """``total`` cut into ``parts`` uneven pieces."""
    w = rng.uniform(1 - jitter, 1 + jitter, size=parts)
    return [float(x) for x in total * w / w.sum()]


# ── where from ───────────────────────────────────────────────────────────────────────────

_IBAN_BBAN = {"TR": 22, "AE": 19, "GE": 18, "LT": 16, "CY": 24, "LV": 17, "AZ": 24}
_PLAIN_ACCOUNT = {"RU": 20, "CN": 19, "KG": 16, "UZ": 20, "HK": 12, "US": 12}


def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def foreign_account(rng: np.random.Generator, country: str, name: str, company: bool) -> Foreign:
    """An account abroad with a valid IBAN where the country uses them, and a made-up BIC."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    bic = "".join(pick(rng, letters) for _ in range(4)) + country + "2X"
    if country in _IBAN_BBAN:
        n = _IBAN_BBAN[country]
        iban = _iban(country, "".join(str(rng.integers(10)) for _ in range(n)))
    else:
        n = _PLAIN_ACCOUNT.get(country, 16)
        iban = "".join(str(rng.integers(10)) for _ in range(n))
    return Foreign(name, iban, bic, country, company)


def kz_ip(rng: np.random.Generator) -> str:
    """An address from the blocks home broadband and mobile operators in Kazakhstan use."""
    first = pick(rng, ("2.132", "2.133", "37.150", "37.151", "95.56", "95.57", "178.89", "92.46"))
    return f"{first}.{rng.integers(0, 256)}.{rng.integers(1, 255)}"


def foreign_ip(rng: np.random.Generator) -> str:
    first = pick(rng, ("46.138", "85.140", "176.59", "88.255", "5.45", "185.220"))
    return f"{first}.{rng.integers(0, 256)}.{rng.integers(1, 255)}"


def phone(rng: np.random.Generator) -> str:
    return f"+77{pick(rng, ('01', '02', '05', '07', '08', '47', '75', '77', '78'))}" + "".join(
        str(rng.integers(10)) for _ in range(7)
    )


def new_customer(
    ctx: SchemeContext,
    *,
    age: tuple[int, int],
    opened: dt.date,
    income: float | None = None,
    occupation: str | None = None,
    bank_id: int | None = None,
    product: str = "card",
    card_kind: str = "debit",
    device_id: str | None = None,
    ip: str | None = None,
    geo_country: str = "KZ",
    resident: bool = True,
) -> Holder:
    """A new person with one card account opened on ``opened``, a card, and a device."""
    p = ctx.new_person(
        age=age,
        monthly_income_kzt=income,
        occupation=occupation,
        resident=resident,
        with_account=False,
    )
    acc = ctx.new_account("person", p.person_id, product=product, bank_id=bank_id, opened=opened)
    card = ctx.new_card(acc.account_id, p.person_id, kind=card_kind, issued=opened)
    ip = ip or kz_ip(ctx.rng)
    dev = ctx.device(
        "person",
        p.person_id,
        account_id=acc.account_id,
        device_id=device_id,
        ip=ip,
        phone=phone(ctx.rng),
        geo_country=geo_country,
    )
    return Holder("person", p.person_id, acc.account_id, card, dev, ip, resident, acc.bank_id)


def existing(ctx: SchemeContext, party_type: str, party_id: int, account_id: int) -> Holder:
    """An ordinary party of the world, with a device sighting so its app transfers carry one."""
    ip = kz_ip(ctx.rng)
    dev = ctx.device(party_type, party_id, account_id=account_id, ip=ip)
    return Holder(party_type, party_id, account_id, None, dev, ip)


# ── rows ─────────────────────────────────────────────────────────────────────────────────


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
    narrative: str,
    *,
    channel: str = "mobile",
    type_: str = "transfer",
    **extra: Any,
) -> int:
    """A domestic transfer between two of our accounts."""
    return ctx.txn(
        ts=when(ctx, t),
        type=type_,
        channel=channel,
        amount=value,
        src_account_id=src.account_id,
        dst_account_id=dst.account_id,
        knp=knp_code(purpose),
        kod=src.sector,
        kbe=dst.sector,
        narrative=narrative or None,
        **(_remote(src, channel) | extra),
    )


def send_abroad(
    ctx: SchemeContext,
    src: Holder,
    cp: Foreign,
    t: float,
    value: Decimal,
    purpose: str,
    narrative: str,
    *,
    channel: str = "internet",
) -> int:
    """A leg that leaves Kazakhstan: the receiving account is not ours."""
    return ctx.txn(
        ts=when(ctx, t),
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
    narrative: str,
) -> int:
    """A leg that enters Kazakhstan from an account that is not ours."""
    return ctx.txn(
        ts=when(ctx, t),
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
) -> int:
    return ctx.txn(
        ts=when(ctx, t),
        type="cash_withdrawal",
        channel="atm",
        amount=value,
        src_account_id=h.account_id,
        atm_id=atm_id,
        card_id=card_id if card_id else h.card_id,
        knp=knp_code("cash_withdrawal"),
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
) -> int:
    """Cash paid in, at a branch till or an ATM cash-in (possibly onto someone else's card)."""
    return ctx.txn(
        ts=when(ctx, t),
        type="cash_deposit",
        channel=channel,
        amount=value,
        dst_account_id=h.account_id,
        atm_id=atm_id,
        card_id=card_id,
        knp=knp_code("cash_deposit"),
        kbe=h.sector,
        narrative=narrative,
    )


def cash_desk_withdrawal(
    ctx: SchemeContext, h: Holder, t: float, value: Decimal, narrative: str | None = None
) -> int:
    return ctx.txn(
        ts=when(ctx, t),
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
) -> int:
    return ctx.txn(
        ts=when(ctx, t),
        type="card_payment",
        channel=channel,
        amount=value,
        src_account_id=h.account_id,
        card_id=h.card_id,
        mcc=m.mcc,
        merchant_id=m.merchant_id,
        terminal_id=m.terminal_id,
        cp_name=m.name,
        **_remote(h, channel),
    )


def spend_normally(
    ctx: SchemeContext, h: Holder, first_day: int, last_day: int, monthly_kzt: float
) -> float:
    """Everyday card purchases of an honest customer: most days, several shops, varied sums.

    Returns the total spent, so a decoy can keep a balance instead of draining to zero.
    """
    rng = ctx.rng
    spent = 0.0
    per_day = monthly_kzt / 30
    for day in range(max(0, first_day), min(ctx.days, last_day + 1)):
        for _ in range(int(rng.poisson(1.6))):
            shops = ctx.merchants(pick(rng, SPEND_CATEGORIES))
            if not shops:
                continue
            value = kzt(amount(rng, per_day / 1.6, 0.8, 300, per_day * 6), 10)
            card_payment(ctx, h, daytime(rng, day, 8, 22), value, pick(rng, shops))
            spent += float(value)
    return spent
