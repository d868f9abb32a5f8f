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
from typing import TypeVar

import numpy as np

from kuzet.model.codes import sector_code
from kuzet.synth.api import SchemeContext

T = TypeVar("T")

ALMATY_OFFSET_H = 5
"""Kazakhstan keeps one time zone, UTC+5, since 1 March 2024."""

GENERIC_P2P = (
    "Перевод",
    "Перевод",
    "Перевод по номеру телефона",
    "Перевод с карты на карту",
    "Долг",
    "Возврат долга",
    "Ақша аудару",
    "Қарызды қайтару",
    "за товар",
    "Оплата",
)
"""What people type on a P2P transfer that says nothing (MULE-11). The words are the ones
everybody uses, on purpose: a planted transfer must not be told apart by its wording alone."""

B2B_PLAIN = (
    "Оплата за услуги согласно договору",
    "Оплата по счету на оплату",
    "Оплата за товар согласно договору поставки",
    "Оплата по счету за товар",
    "Оплата за выполненные работы",
    "Предоплата за товар",
)
"""Everyday firm-to-firm wording, used beside the planters' more specific narratives."""

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
    household: bool = False
    """An individual entrepreneur's account: КОд/КБе count it with households."""

    @property
    def sector(self) -> str:
        if self.party_type == "entity" and not self.household:
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


def variants(ctx: SchemeContext, typologies: Sequence[str], n: int) -> list[str]:
    """``n`` typologies drawn as shuffled rounds of all of them, so a small world still gets
    different variants and a large one gets each about equally often."""
    out: list[str] = []
    while len(out) < n:
        out += [typologies[int(i)] for i in ctx.rng.permutation(len(typologies))]
    return out[:n]


def p2p_note(rng: np.random.Generator) -> str | None:
    """A P2P narrative; about two in five people leave it blank."""
    return None if rng.random() < 0.4 else pick(rng, GENERIC_P2P)


def b2b_note(rng: np.random.Generator, specific: str) -> str:
    """A firm's narrative: the planter's specific wording, or half the time the plain one."""
    return specific if rng.random() < 0.5 else pick(rng, B2B_PLAIN)


def cash_step(rng: np.random.Generator) -> int:
    """What a cash sum is rounded to: mostly whole thousands, sometimes round fives."""
    return int(pick(rng, (1_000, 1_000, 1_000, 1_000, 2_000, 5_000)))


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


def daytime(rng: np.random.Generator, day: int, lo: float = 0.0, hi: float = 24.0) -> float:
    """An instant of Almaty day ``day`` when people bank: around early afternoon, rarer late
    at night; inside ``[lo, hi)`` local hours when a planter narrows it (a branch, a shop)."""
    if (lo, hi) == (0.0, 24.0):
        return local(day, float(rng.normal(14.3, 4.2)) % 24)
    return local(day, float(rng.uniform(lo, hi)))


def workday(ctx: SchemeContext, day: int) -> int:
    """``day`` or the next Monday when it falls on a weekend (firms pay on workdays)."""
    weekday = (ctx.start + dt.timedelta(days=day)).weekday()
    return day + (7 - weekday if weekday >= 5 else 0)


def office_hours(ctx: SchemeContext, day: int) -> float:
    return daytime(ctx.rng, workday(ctx, day), 9.5, 18.5)


def local_hour(t: float) -> float:
    """Almaty wall-clock hour of world instant ``t``."""
    return ((t % 1) * 24 + ALMATY_OFFSET_H) % 24


def awake(rng: np.random.Generator, t: float, lo: float = 8.0, hi: float = 23.0) -> float:
    """``t`` if people are up then, else a moment in the next morning (a leg computed as
    "hours later" should not land at 3 a.m. unless a planter means it)."""
    h = local_hour(t)
    if lo <= h < hi:
        return t
    midnight = t - h / 24 + (1.0 if h >= hi else 0.0)
    return midnight + float(rng.uniform(lo, min(hi, lo + 5))) / 24


def in_office(ctx: SchemeContext, t: float) -> float:
    """``t`` if a bank's corporate client would be at work then, else the next workday morning."""
    t = awake(ctx.rng, t, 9.0, 18.5)
    day = int(t)
    moved = workday(ctx, day)
    return t + (moved - day)


def later(rng: np.random.Generator, t: float, hours: tuple[float, float]) -> float:
    return t + float(rng.uniform(*hours)) / 24


def window(ctx: SchemeContext, length: tuple[int, int]) -> tuple[int, int]:
    """A ``(first_day, last_day)`` span of the drawn length that fits inside the world,
    leaving the last day free for follow-up legs."""
    span = min(int(ctx.rng.integers(length[0], length[1] + 1)), max(1, ctx.days - 2))
    first = int(ctx.rng.integers(0, max(1, ctx.days - span - 1)))
    return first, first + span - 1


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

_IBAN_BBAN = {"TR": 22, "AE": 19, "GE": 18, "LT": 16, "CY": 24, "LV": 17, "AZ": 24, "DE": 18}
_PLAIN_ACCOUNT = {"RU": 20, "CN": 19, "KG": 16, "UZ": 20, "HK": 12, "US": 12}


def _iban(country: str, bban: str) -> str:
    digits = "".join(str(int(ch, 36)) for ch in bban + country + "00")
    return f"{country}{98 - int(digits) % 97:02d}{bban}"


def foreign_account(rng: np.random.Generator, country: str, name: str, company: bool) -> Foreign:
    """An account abroad: a valid IBAN where the country uses them, else a local number, and
    a made-up BIC of that country (planters know the world only through ``SchemeContext``,
    which names no foreign banks)."""
    bic = "".join(pick(rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + country
    bic += pick(rng, ("2X", "22", "AD", "MM", "IS", "SH"))
    if country in _IBAN_BBAN:
        n = _IBAN_BBAN[country]
        iban = _iban(country, "".join(str(rng.integers(10)) for _ in range(n)))
    else:
        n = _PLAIN_ACCOUNT.get(country, 16)
        iban = "".join(str(rng.integers(10)) for _ in range(n))
    return Foreign(name, iban, bic, country, company)


def kz_ip(rng: np.random.Generator) -> str:
    """An address in blocks that Kazakh home broadband and mobile operators announce."""
    first = pick(rng, (2, 5, 37, 46, 78, 89, 92, 95, 176, 178, 185, 188))
    return f"{first}.{rng.integers(0, 256)}.{rng.integers(0, 256)}.{rng.integers(1, 255)}"


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
    card = ctx.new_card(
        acc.account_id, p.person_id, kind=card_kind, issued=opened, resident=resident
    )
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


def new_firm(
    ctx: SchemeContext,
    *,
    registered: dt.date,
    oked: str,
    employees: int,
    tax_paid_kzt: float,
    kind: str = "company",
    form: str = "ТОО",
    address_id: int | None = None,
    phone_no: str | None = None,
    opened: dt.date | None = None,
    bank_id: int | None = None,
    device_id: str | None = None,
    ip: str | None = None,
) -> Holder:
    """A new active firm with a current account opened days after registration, banked
    online from one device."""
    e = ctx.new_entity(
        kind=kind,
        form=form,
        registered=registered,
        oked=oked,
        address_id=address_id,
        employees=employees,
        tax_paid_kzt=tax_paid_kzt,
        phone=phone_no,
        with_account=False,
    )
    opened = opened or registered + dt.timedelta(days=int(ctx.rng.integers(2, 30)))
    acc = ctx.new_account("entity", e.entity_id, bank_id=bank_id, opened=opened)
    ip = ip or kz_ip(ctx.rng)
    dev = ctx.device("entity", e.entity_id, account_id=acc.account_id, device_id=device_id, ip=ip)
    household = kind == "individual_entrepreneur"
    return Holder(
        "entity", e.entity_id, acc.account_id, None, dev, ip, True, acc.bank_id, household
    )


def existing(ctx: SchemeContext, party_type: str, party_id: int, account_id: int) -> Holder:
    """An ordinary party of the world, with a device sighting so its app transfers carry one."""
    ip = kz_ip(ctx.rng)
    dev = ctx.device(party_type, party_id, account_id=account_id, ip=ip)
    return Holder(party_type, party_id, account_id, None, dev, ip)
