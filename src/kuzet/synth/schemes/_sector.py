"""Shared helpers of the sector planters (TBML, LOAN, VA, RE, LUX, GAM, PF).

The seven sector families draw scheme counts, days, amounts, foreign counterparties, parties
and labels the same way; keeping that here makes the families consistent and keeps each
planter about its typology. Payment legs live in ``_sector_legs``, trade paperwork in
``_sector_trade``. Everything here speaks only ``SchemeContext``.

Every range below is the generator's own guess, written with a comment. None of it is shared
with the detectors (``kuzet.typologies`` and friends never import this package), so a rule that
fires on a planted scheme does so because the data shows the sign, not because it knows ours.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import numpy as np

from kuzet.model.codes import sector_code
from kuzet.synth.api import EntityRef, PersonRef, SchemeContext

T = TypeVar("T")

ALMATY_UTC_OFFSET_H = 5
"""Kazakhstan keeps one time zone, UTC+5, since March 2024; office hours are local."""

# ── random draws ───────────────────────────────────────────────────────────────────────────


def pick(rng: np.random.Generator, seq: Sequence[T]) -> T:
    """One element of ``seq``, uniformly."""
    return seq[int(rng.integers(len(seq)))]


def sample(rng: np.random.Generator, seq: Sequence[T], k: int) -> list[T]:
    """``k`` distinct elements of ``seq`` (fewer when ``seq`` is shorter)."""
    k = min(k, len(seq))
    return [seq[int(i)] for i in rng.choice(len(seq), size=k, replace=False)]


def chance(rng: np.random.Generator, p: float) -> bool:
    """True with probability ``p``: used to mix indicators, so no scheme shows every sign."""
    return bool(rng.random() < p)


def uni(rng: np.random.Generator, lo: float, hi: float) -> float:
    return float(rng.uniform(lo, hi))


def logu(rng: np.random.Generator, lo: float, hi: float) -> float:
    """Log-uniform draw: amounts spread over orders of magnitude, as money does."""
    return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))


def integer(rng: np.random.Generator, lo: int, hi: int) -> int:
    """An integer in ``[lo, hi]`` inclusive."""
    return int(rng.integers(lo, hi + 1))


def count(
    ctx: SchemeContext, *, per: tuple[float, float] = (1000.0, 2500.0), minimum: int = 3
) -> int:
    """How many schemes of one family to plant: about one per 1,000–2,500 ordinary persons.

    The divisor is drawn, so the count varies with the seed; a small floor keeps every family
    present in the small worlds used by tests and demos.
    """
    divisor = uni(ctx.rng, *per)
    return max(minimum, round(ctx.persons / divisor))


def plan(ctx: SchemeContext, variants: Sequence[str], n: int) -> list[str]:
    """``n`` variants: shuffled rounds over all variants, so each appears before any repeats."""
    out: list[str] = []
    while len(out) < n:
        out.extend(variants[int(i)] for i in ctx.rng.permutation(len(variants)))
    return out[:n]


# ── time ───────────────────────────────────────────────────────────────────────────────────


def span(ctx: SchemeContext, lo: float, hi: float) -> float:
    """A day drawn between fractions ``lo`` and ``hi`` of the world's length."""
    return uni(ctx.rng, lo * ctx.days, hi * ctx.days)


def clamp_day(ctx: SchemeContext, day: float) -> float:
    """``day`` kept inside the world (the last instant is just before ``start + days``)."""
    return min(max(day, 0.0), ctx.days - 1e-3)


def at(
    ctx: SchemeContext,
    day: float,
    hours: tuple[float, float] = (9.0, 19.0),
    *,
    after: dt.datetime | None = None,
    before: dt.datetime | None = None,
) -> dt.datetime:
    """An instant on the calendar day of ``day`` at a local (Almaty) hour drawn from ``hours``.

    People and firms pay in office hours, so planted operations do too unless a scheme says
    otherwise (casinos pass night hours). ``after``/``before`` keep a step of a scheme in its
    order when both steps fall on the same calendar day.
    """
    d = int(clamp_day(ctx, day))
    hour = min(max(uni(ctx.rng, *hours), float(ALMATY_UTC_OFFSET_H)), 28.99)
    out = ctx.ts(d + (hour - ALMATY_UTC_OFFSET_H) / 24.0)
    if after is not None and out <= after:
        out = min(after + dt.timedelta(hours=uni(ctx.rng, 0.5, 4.0)), ctx.ts(ctx.days - 1e-3))
    if before is not None and out >= before:
        out = max(before - dt.timedelta(hours=uni(ctx.rng, 0.5, 4.0)), ctx.start)
    return out


def later(ctx: SchemeContext, when: dt.datetime, hours: tuple[float, float]) -> dt.datetime:
    """An instant ``hours`` after ``when`` (drawn), never past the end of the world."""
    out = when + dt.timedelta(hours=uni(ctx.rng, *hours))
    end = ctx.ts(ctx.days - 1e-3)
    return min(out, end)


def date_of(ctx: SchemeContext, day: float) -> dt.date:
    """The calendar date ``day`` days after the start (negative days lie before the world)."""
    return (ctx.start + dt.timedelta(days=day)).date()


def day_of(ctx: SchemeContext, when: dt.datetime) -> float:
    return (when - ctx.start).total_seconds() / 86400.0


def years_ago(ctx: SchemeContext, lo: float, hi: float) -> dt.date:
    """A date ``lo``–``hi`` years before the world starts (registrations, account openings)."""
    return date_of(ctx, -uni(ctx.rng, lo * 365.25, hi * 365.25))


# ── money ──────────────────────────────────────────────────────────────────────────────────

FX_KZT = {"KZT": 1.0, "USD": 470.0, "EUR": 523.0, "CNY": 66.0, "RUB": 5.4, "AED": 128.0}
"""Rough tenge rates for sector rows that carry their own ``amount_kzt`` (contracts, loans):
the context converts transactions itself but does not expose its rates, so these mid-points
stand in; a few per cent of drift between contract and payment is what real data shows too."""


def money(x: float) -> Decimal:
    """An amount with kopecks/cents."""
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rounded(x: float, step: float = 1000.0) -> Decimal:
    """An amount rounded to ``step`` (people and contracts use round figures)."""
    return money(max(step, round(x / step) * step))


def to_kzt(amount: float | Decimal, currency: str) -> Decimal:
    return money(float(amount) * FX_KZT[currency])


# ── countries and foreign parties ──────────────────────────────────────────────────────────

TRADE_PARTNERS = ("CN", "RU", "TR", "DE", "IT", "KR", "UZ", "KG", "BY", "PL", "IN", "AE")
"""Where ordinary Kazakhstani trade goes (generator's own short list)."""

OFFSHORE = ("VG", "KY", "SC", "BZ", "PA", "MH", "VC", "WS")
"""Secrecy jurisdictions the generator uses for offshore parties (its own list; detectors
keep theirs in their packs)."""

DIVERSION_HUBS = ("AE", "TR", "AM", "GE", "KG", "HK", "MY", "SG")
"""Transit and re-export hubs for routes that have nothing to do with the goods."""

_COINED = (
    "Veltrano", "Qorvix", "Ardemis", "Zantori", "Brixhal", "Olmerra", "Tessavo", "Kyrandel",
    "Nuvestra", "Pelmora", "Drovanta", "Sarnevo", "Lumoria", "Haskelt", "Orvanda", "Trevisk",
    "Maldova Crest", "Ketharo", "Zelminor", "Ruvanta", "Istravel", "Cobrenna", "Falmiro",
    "Grendalo",
)  # fmt: skip
"""Invented words, so no generated firm name belongs to a real company."""

_ACTIVITY = (
    "Trading", "Industrial", "Logistics", "Supply", "Commerce", "Resources", "Technologies",
    "Holdings", "Import-Export", "Components", "Systems",
)  # fmt: skip

_FORMS = {
    "AE": ("FZE", "FZCO", "LLC"), "CN": ("Co., Ltd.",), "HK": ("Limited",), "TR": ("Ltd. Şti.",),
    "DE": ("GmbH",), "IT": ("S.r.l.",), "PL": ("Sp. z o.o.",), "KR": ("Co., Ltd.",),
    "RU": ("LLC",), "BY": ("LLC",), "UZ": ("LLC",), "KG": ("LLC",), "IN": ("Pvt. Ltd.",),
    "CY": ("Ltd",), "GB": ("Ltd", "LLP"), "SG": ("Pte. Ltd.",), "MY": ("Sdn. Bhd.",),
    "AM": ("LLC",), "GE": ("LLC",), "JP": ("K.K.",), "CH": ("AG", "SA"), "US": ("Inc.", "LLC"),
}  # fmt: skip

_IBAN_BBAN = {
    "AE": (0, 19), "AZ": (4, 20), "BY": (4, 24), "CH": (0, 17), "CY": (0, 24), "CZ": (0, 20),
    "DE": (0, 18), "EE": (0, 16), "GB": (4, 14), "GE": (2, 16), "IT": (1, 22), "LT": (0, 16),
    "LV": (4, 13), "MD": (2, 18), "PL": (0, 24), "SC": (4, 23), "TR": (0, 22), "UA": (0, 25),
    "VG": (4, 16), "PK": (4, 16),
}  # fmt: skip
"""Countries that use IBANs: (leading bank letters, digits) of the BBAN, close to the real
lengths. Other countries get a plain account number."""

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def letters(rng: np.random.Generator, n: int) -> str:
    return "".join(_LETTERS[int(i)] for i in rng.integers(0, 26, size=n))


def digits(rng: np.random.Generator, n: int) -> str:
    return "".join(str(int(i)) for i in rng.integers(0, 10, size=n))


def foreign_firm_name(rng: np.random.Generator, country: str) -> str:
    form = pick(rng, _FORMS.get(country, ("Ltd",)))
    return f"{pick(rng, _COINED)} {pick(rng, _ACTIVITY)} {form}"


def _mod97(iban: str) -> int:
    """ISO 7064 mod-97 of an IBAN (letters as 10…35), as ISO 13616 computes check digits."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97


def foreign_account(rng: np.random.Generator, country: str) -> str:
    """An account number of ``country``: a checked IBAN where the country uses them."""
    if country in _IBAN_BBAN:
        n_letters, n_digits = _IBAN_BBAN[country]
        bban = letters(rng, n_letters) + digits(rng, n_digits)
        check = 98 - _mod97(f"{country}00{bban}")
        return f"{country}{check:02d}{bban}"
    return digits(rng, integer(rng, 10, 18))


def foreign_bic(rng: np.random.Generator, country: str) -> str:
    return f"{letters(rng, 4)}{country}{letters(rng, 2)}{pick(rng, ('', 'XXX'))}"


@dataclass(frozen=True, slots=True)
class Foreign:
    """A counterparty abroad as a payment shows it: name, country, account and bank."""

    name: str
    country: str
    iban: str
    bic: str
    bank_country: str

    @property
    def kind(self) -> str:
        return "nonresident_company"


def foreign(
    ctx: SchemeContext, country: str, *, name: str | None = None, bank_country: str | None = None
) -> Foreign:
    """A foreign firm with an account; its bank may sit in another country (a sign itself)."""
    bank_in = bank_country or country
    return Foreign(
        name=name or foreign_firm_name(ctx.rng, country),
        country=country,
        iban=foreign_account(ctx.rng, bank_in),
        bic=foreign_bic(ctx.rng, bank_in),
        bank_country=bank_in,
    )


# ── parties ────────────────────────────────────────────────────────────────────────────────


class Pool:
    """Ordinary persons and firms of the world, each handed out at most once per family.

    Scheme actors are partly drawn from the ordinary population (with their ordinary
    histories) and partly created, and decoys the same way, so "was created by a planter"
    is never a sign. Not handing one person to two roles keeps labels and decoys apart.
    """

    def __init__(self, ctx: SchemeContext) -> None:
        self.ctx = ctx
        self._persons: set[int] = set()
        self._entities: set[int] = set()
        self._shops: dict[str, list[EntityRef]] = {}

    def business(self, oked: str, name: str) -> EntityRef:
        """A firm that serves many customers (a jeweller, a developer, a pawnshop): drawn
        from the world's firms with this OKED, which may serve several schemes and honest
        customers alike; when the world has none, a few are opened once and reused."""
        found = [
            e
            for e in self.ctx.sample_entities(3, oked_prefix=oked)
            if e.account_id is not None and e.country == "KZ"
        ]
        if found:
            return pick(self.ctx.rng, found)
        if oked not in self._shops:
            self._shops[oked] = [
                self.ctx.new_entity(oked=oked, name=f"ТОО «{name} {pick(self.ctx.rng, _COINED)}»")
                for _ in range(integer(self.ctx.rng, 2, 4))
            ]
        return pick(self.ctx.rng, self._shops[oked])

    def persons(
        self, n: int, *, min_age: int | None = None, max_age: int | None = None
    ) -> list[PersonRef]:
        if n <= 0:
            return []
        got = self.ctx.sample_persons(2 * n + 4, min_age=min_age, max_age=max_age)
        out: list[PersonRef] = []
        for p in got:
            if p.person_id in self._persons or p.account_id is None:
                continue
            self._persons.add(p.person_id)
            out.append(p)
            if len(out) == n:
                break
        return out

    def person(self, *, min_age: int | None = None, max_age: int | None = None) -> PersonRef | None:
        got = self.persons(1, min_age=min_age, max_age=max_age)
        return got[0] if got else None

    def entities(self, n: int, *, oked_prefix: str | None = None) -> list[EntityRef]:
        if n <= 0:
            return []
        got = self.ctx.sample_entities(2 * n + 4, oked_prefix=oked_prefix)
        out: list[EntityRef] = []
        for e in got:
            if e.entity_id in self._entities or e.account_id is None or e.country != "KZ":
                continue
            self._entities.add(e.entity_id)
            out.append(e)
            if len(out) == n:
                break
        return out

    def entity(self, *, oked_prefix: str | None = None) -> EntityRef | None:
        got = self.entities(1, oked_prefix=oked_prefix)
        return got[0] if got else None

    def person_or_new(self, p_sampled: float = 0.5, **new: Any) -> PersonRef:
        """An ordinary person with probability ``p_sampled``, else a new one made with ``new``."""
        if chance(self.ctx.rng, p_sampled):
            p = self.person()
            if p is not None:
                return p
        return self.ctx.new_person(**new)

    def modest(
        self, cap: float, income: tuple[float, float], age: tuple[int, int] = (19, 65)
    ) -> PersonRef:
        """A person declaring less than ``cap`` a month: an ordinary one when the draw finds
        one, else a new one with an income drawn from ``income``."""
        for p in self.persons(3, min_age=age[0], max_age=age[1]):
            if 0 < p.monthly_income_kzt < cap:
                return p
        return self.ctx.new_person(age=age, monthly_income_kzt=uni(self.ctx.rng, *income))

    def entity_or_new(
        self, p_sampled: float = 0.5, *, oked_prefix: str | None = None, **new: Any
    ) -> EntityRef:
        if chance(self.ctx.rng, p_sampled):
            e = self.entity(oked_prefix=oked_prefix)
            if e is not None:
                return e
        return self.ctx.new_entity(**new)


def party_key(ref: PersonRef | EntityRef) -> tuple[str, int]:
    """``(party_type, party_id)`` as the canonical tables address a party."""
    if isinstance(ref, PersonRef):
        return "person", ref.person_id
    return "entity", ref.entity_id


KINSHIP = ("parent", "child", "sibling", "spouse")
"""``relations.detail`` of a ``relative`` row, in the ordinary world's words."""
_DETAIL = {"director": "директор", "employee": "штатный сотрудник"}


def link(
    ctx: SchemeContext,
    src: PersonRef | EntityRef,
    dst: PersonRef | EntityRef,
    kind: str,
    *,
    share: float | None = None,
    detail: str | None = None,
    since: dt.date | None = None,
) -> int:
    """A ``relations`` row shaped like the ordinary world's: kinship says how, a director row
    says «директор», a control row says since when (``since``, else a date drawn before the
    world: planters do not know when a sampled firm was registered)."""
    s_type, s_id = party_key(src)
    d_type, d_id = party_key(dst)
    if kind == "relative":
        detail = detail or pick(ctx.rng, KINSHIP)
        return ctx.relate(s_type, s_id, d_type, d_id, kind, detail=detail)
    if kind in ("owner", "founder") and share is None:
        share = 1.0
    since = since or years_ago(ctx, 0.2, 6)
    detail = detail or _DETAIL.get(kind)
    return ctx.relate(
        s_type, s_id, d_type, d_id, kind, share=share, detail=detail, valid_from=since
    )


def acct(ref: PersonRef | EntityRef) -> int:
    """The party's main account (planters only make or sample parties that have one)."""
    if ref.account_id is None:
        raise ValueError(f"party {ref!r} has no account")
    return ref.account_id


def code_of(ref: PersonRef | EntityRef | Foreign) -> str:
    """КОд/КБе of a party: residency and sector."""
    if isinstance(ref, PersonRef):
        return sector_code("resident_individual")
    if isinstance(ref, Foreign):
        return sector_code(ref.kind)
    if ref.country != "KZ":
        return sector_code("nonresident_company")
    return sector_code("resident_company")


def split(rng: np.random.Generator, total: float, parts: int, spread: float = 0.35) -> list[float]:
    """``total`` cut into ``parts`` uneven pieces that add up to it."""
    w = rng.uniform(1.0 - spread, 1.0 + spread, size=parts)
    return [float(total * x / w.sum()) for x in w]


# ── ground truth ───────────────────────────────────────────────────────────────────────────


class Scheme:
    """One planted scheme: its id and a labeller that never labels an object twice."""

    def __init__(self, ctx: SchemeContext, family: str, number: int, typology: str) -> None:
        self.ctx = ctx
        self.family = family
        self.typology = typology
        self.id = f"{family}-{number:06d}"
        self._seen: set[tuple[str, int]] = set()

    def label(self, object_type: str, object_id: int, role: str) -> None:
        key = (object_type, object_id)
        if key in self._seen:
            return
        self._seen.add(key)
        self.ctx.label(self.id, self.family, self.typology, object_type, object_id, role)

    def party(self, ref: PersonRef | EntityRef, role: str, *, with_account: bool = True) -> None:
        """Label a person or entity and, when asked, its main account."""
        if isinstance(ref, PersonRef):
            self.label("person", ref.person_id, role)
        else:
            self.label("entity", ref.entity_id, role)
        if with_account and ref.account_id is not None:
            self.label("account", ref.account_id, f"{role}_account")

    def txns(self, ids: Sequence[int], role: str) -> None:
        for i in ids:
            self.label("transaction", i, role)


class Decoy:
    """One honest look-alike: every object it plants is recorded in ``decoys``."""

    def __init__(self, ctx: SchemeContext, family: str, number: int, kind: str) -> None:
        self.ctx = ctx
        self.family = family
        self.kind = kind
        self.id = f"{family}-DECOY-{number:06d}"
        self._seen: set[tuple[str, int]] = set()

    def mark(self, object_type: str, object_id: int) -> None:
        key = (object_type, object_id)
        if key in self._seen:
            return
        self._seen.add(key)
        self.ctx.decoy(self.id, self.kind, self.family, object_type, object_id)

    def party(self, ref: PersonRef | EntityRef) -> None:
        if isinstance(ref, PersonRef):
            self.mark("person", ref.person_id)
        else:
            self.mark("entity", ref.entity_id)
        if ref.account_id is not None:
            self.mark("account", ref.account_id)
