"""CASH: cash-out ("обнал") platforms run through transit firms (domain brief §6.3).

A client firm that wants cash, off its books, pays a transit firm "for services" or "for
goods". The transit firm was registered a few months ago at an address where dozens of firms
are registered, has no staff and pays almost no tax, and its director has already signed for
firms that were liquidated. Within a day it pays the money on to a crowd of individuals as
"salary", "loans" or "services" (to individual entrepreneurs), and each of them takes it out
in cash within hours, split over several cards and ATMs or at a bank's cash desk. The cash
goes back to the clients' owners, less a commission.

Variants (the ``typology`` label): ``transit_salary``, ``transit_loan``, ``transit_ip`` and
``two_tier`` (a second transit firm between the first and the cashers).

Decoys: a genuine payroll firm whose registered employees spend their salaries, and a busy
wholesaler with many payers and suppliers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._cash_decoys import plant_decoys
from kuzet.synth.schemes._flows import (
    Holder,
    Ids,
    Scheme,
    amount,
    awake,
    b2b_note,
    cash_step,
    chance,
    days_ago,
    existing,
    in_office,
    kzt,
    later,
    new_customer,
    new_firm,
    office_hours,
    phone,
    pick,
    scheme_count,
    split,
    variants,
    window,
    world_date,
)
from kuzet.synth.schemes._rows import (
    atm_withdrawal,
    cash_desk_withdrawal,
    transfer,
)

FAMILY = "CASH"
TYPOLOGIES = ("transit_salary", "transit_loan", "transit_ip", "two_tier")
TRANSIT_OKED = ("46.90", "70.22", "62.01", "73.11", "43.99", "46.19", "82.99")
CLIENT_NOTES = (
    "Оплата за услуги по договору №{n} от {d}",
    "Оплата за товар по счету на оплату №{n}, в т.ч. НДС 12%",
    "За консультационные услуги по договору №{n}",
    "Оплата за ТМЦ по накладной №{n}",
    "За строительно-монтажные работы, акт №{n} от {d}",
    "Оплата за рекламные услуги по договору {n}/{y}",
)
PAYOUT_NOTES = {
    "salary": ("Заработная плата за {m}", "Выплата заработной платы", "Аванс за {m}"),
    "loan": (
        "Предоставление беспроцентного займа по договору №{n} от {d}",
        "Возвратная финансовая помощь по договору №{n}",
    ),
    "services": (
        "Оплата за услуги по договору №{n} от {d}, без НДС",
        "Оплата по акту выполненных работ №{n}",
    ),
}
MONTHS = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


@dataclass
class Platform:
    scheme: Scheme
    first_day: int
    last_day: int
    payout: str
    transits: list[Holder]
    cashers: list[Holder] = field(default_factory=list)
    cards: dict[int, list[int]] = field(default_factory=dict)
    """Cards per casher account: withdrawals rotate over them."""
    atms: list[str] = field(default_factory=list)


def plant(ctx: SchemeContext) -> None:
    """Plant the cash-out platforms of this world and the honest look-alikes."""
    ids = Ids(FAMILY)
    for typology in variants(ctx, TYPOLOGIES, scheme_count(ctx, (1000, 2500), at_least=3)):
        _platform(ctx, ids.scheme(ctx, typology))
    plant_decoys(ctx, ids)


def _note(ctx: SchemeContext, template: str, day: float) -> str:
    rng = ctx.rng
    d = world_date(ctx, day) - dt.timedelta(days=int(rng.integers(5, 120)))
    return template.format(
        n=int(rng.integers(1, 300)),
        d=d.strftime("%d.%m.%Y"),
        y=d.year,
        m=f"{MONTHS[d.month - 1]} {d.year}",
    )


def _platform(ctx: SchemeContext, s: Scheme) -> None:
    rng = ctx.rng
    first, last = window(ctx, (8, 25))
    payout = {"transit_loan": "loan", "transit_ip": "services"}.get(s.typology, "salary")
    if s.typology == "two_tier":
        payout = pick(rng, ("salary", "loan", "services"))
    organiser = new_customer(ctx, age=(28, 55), opened=days_ago(ctx, 300, 4000))
    s.tag_holder(organiser, "organiser")
    city = pick(rng, ("Almaty", "Astana", "Shymkent", "Karaganda Region"))
    address = ctx.new_address(region=city)
    transits = [_transit(ctx, s, organiser, address)]
    if s.typology == "two_tier":
        transits.append(_transit(ctx, s, organiser, address))
    p = Platform(s, first, last, payout, transits, atms=_atms(ctx))
    for _ in range(int(rng.integers(5, 15))):  # firms registered at the same address
        ctx.new_entity(
            registered=days_ago(ctx, 30, 900),
            address_id=address,
            oked=pick(rng, TRANSIT_OKED),
            employees=int(rng.integers(0, 3)),
            with_account=False,
        )
    for _ in range(int(rng.integers(8, 41))):
        p.cashers.append(_casher(ctx, p))
    inflows = _clients_pay(ctx, p)
    if s.typology == "two_tier":
        inflows = _relay(ctx, p, inflows)
    _pay_out(ctx, p, inflows)


def _atms(ctx: SchemeContext) -> list[str]:
    atms = list(ctx.atms())
    if not atms:
        return []
    return [pick(ctx.rng, atms) for _ in range(int(ctx.rng.integers(3, 9)))]


def _transit(ctx: SchemeContext, s: Scheme, organiser: Holder, address: int) -> Holder:
    """A transit firm: months old, mass-registration address, no staff, tax ≪ turnover, a
    nominee director who has signed for liquidated firms (CASH-02, CASH-05)."""
    rng = ctx.rng
    registered = days_ago(ctx, 30, 270)
    tel = phone(rng)
    firm = new_firm(
        ctx,
        registered=registered,
        oked=pick(rng, TRANSIT_OKED),
        employees=int(rng.integers(0, 4)),
        tax_paid_kzt=float(rng.uniform(0, 400_000)),
        address_id=address,
        phone_no=tel,
        device_id=organiser.device_id,
        ip=organiser.ip,
    )
    s.tag_holder(firm, "transit")
    director = new_customer(
        ctx,
        age=(19, 65),
        opened=days_ago(ctx, 30, 3000),
        income=float(rng.uniform(0, 9e4)),
        occupation=pick(rng, ("unemployed", "pensioner", "student", None)),
    )
    s.tag_holder(director, "nominee_director")
    ctx.relate(
        "person", director.party_id, "entity", firm.party_id, "director", valid_from=registered
    )
    ctx.relate(
        "person",
        director.party_id,
        "entity",
        firm.party_id,
        "founder",
        share=1.0,
        valid_from=registered,
    )
    for _ in range(int(rng.integers(1, 5))):
        old = ctx.new_entity(
            registered=days_ago(ctx, 500, 2500),
            address_id=address if chance(rng, 0.5) else None,
            oked=pick(rng, TRANSIT_OKED),
            employees=0,
            tax_paid_kzt=0.0,
            status="liquidated",
            phone=tel if chance(rng, 0.5) else None,
            with_account=False,
        )
        s.tag("entity", old.entity_id, "shell")
        ctx.relate("person", director.party_id, "entity", old.entity_id, "director")
    return firm


def _casher(ctx: SchemeContext, p: Platform) -> Holder:
    """A person (or their individual entrepreneurship) who is paid and withdraws the cash.
    Not a registered employee of the transit firm (CASH-04)."""
    rng, s = ctx.rng, p.scheme
    person = new_customer(
        ctx,
        age=(18, 55),
        opened=days_ago(ctx, 5, 1500) if chance(rng, 0.6) else days_ago(ctx, 0, 60),
        income=float(rng.uniform(0, 2e5)),
    )
    s.tag_holder(person, "cash_out")
    if p.payout != "services":
        _more_cards(ctx, p, person, person.party_id)
        return person
    ip = new_firm(
        ctx,
        registered=days_ago(ctx, 20, 400),
        oked=pick(rng, ("74.90", "82.99", "96.09")),
        employees=0,
        tax_paid_kzt=float(rng.uniform(0, 1e5)),
        kind="individual_entrepreneur",
        form="ИП",
        device_id=person.device_id,
        ip=person.ip,
    )
    ctx.relate("person", person.party_id, "entity", ip.party_id, "owner", share=1.0)
    s.tag_holder(ip, "cash_out")
    _more_cards(ctx, p, ip, person.party_id)
    return ip


def _more_cards(ctx: SchemeContext, p: Platform, h: Holder, person_id: int) -> None:
    """CASH-03: one to three cards on the account, so withdrawals can be split over them."""
    cards = [h.card_id] if h.card_id is not None else []
    while not cards or (len(cards) < 3 and chance(ctx.rng, 0.5)):
        cards.append(ctx.new_card(h.account_id, person_id))
        p.scheme.tag("card", cards[-1], "cash_out")
    p.cards[h.account_id] = cards


def _clients_pay(ctx: SchemeContext, p: Platform) -> list[tuple[float, float]]:
    """Ordinary firms pay the transit firm "for services/goods" on workdays (CASH-01)."""
    rng, s = ctx.rng, p.scheme
    transit = p.transits[0]
    inflows = []
    for e in ctx.sample_entities(int(rng.integers(4, 16))):
        if e.account_id is None:
            continue
        client = existing(ctx, "entity", e.entity_id, e.account_id)
        s.tag_holder(client, "client")
        for _ in range(int(rng.integers(1, 5))):
            t = office_hours(ctx, int(rng.integers(p.first_day, p.last_day + 1)))
            value = kzt(amount(rng, 6e6, 0.8, 5e5, 6e7), 1)
            note = b2b_note(rng, _note(ctx, pick(rng, CLIENT_NOTES), t))
            purpose = "goods_payment" if "товар" in note or "ТМЦ" in note else "services_payment"
            transfer(ctx, client, transit, t, value, purpose, note, channel="internet")
            inflows.append((t, float(value)))
    return sorted(inflows)


def _relay(
    ctx: SchemeContext, p: Platform, inflows: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """Two tiers: the first transit firm forwards each day's takings to the second."""
    rng = ctx.rng
    by_day: dict[int, tuple[float, float]] = {}
    for t, value in inflows:
        last, total = by_day.get(int(t), (t, 0.0))
        by_day[int(t)] = (max(last, t), total + value)
    relayed = []
    for last, total in sorted(by_day.values()):
        t = in_office(ctx, later(rng, last, (0.3, 3)))
        sent = kzt(total * float(rng.uniform(0.95, 0.99)), 1)
        note = b2b_note(rng, _note(ctx, pick(rng, CLIENT_NOTES), t))
        transfer(
            ctx, p.transits[0], p.transits[1], t, sent, "goods_payment", note, channel="internet"
        )
        relayed.append((t, float(sent)))
    return relayed


def _pay_out(ctx: SchemeContext, p: Platform, inflows: list[tuple[float, float]]) -> None:
    """Each workday's takings leave the same or the next day to many cashers, who empty
    their accounts within hours; the transit firm keeps a few percent."""
    rng = ctx.rng
    payer = p.transits[-1]
    pending = 0.0
    for i, (t, value) in enumerate(inflows):
        pending += value
        if i + 1 < len(inflows) and int(inflows[i + 1][0]) == int(t):
            continue
        budget = pending * float(rng.uniform(0.9, 0.98))
        t_pay = in_office(ctx, later(rng, t, (1, 20)))
        batch = (
            p.cashers
            if len(p.cashers) < 6
            else [pick(rng, p.cashers) for _ in range(int(rng.integers(3, len(p.cashers) + 1)))]
        )
        paid = 0.0
        for casher, share in zip(batch, split(rng, budget, len(batch), 0.5), strict=True):
            value_out = kzt(share, 1)
            _one_payout(ctx, p, payer, casher, t_pay, value_out)
            paid += float(value_out)
        pending -= paid


def _one_payout(
    ctx: SchemeContext, p: Platform, payer: Holder, casher: Holder, t: float, value: Decimal
) -> None:
    rng = ctx.rng
    note = _note(ctx, pick(rng, PAYOUT_NOTES[p.payout]), t)
    if p.payout == "salary":
        transfer(ctx, payer, casher, t, value, "salary", note, channel="batch", type_="salary")
    else:
        purpose = "loan_disbursement" if p.payout == "loan" else "services_payment"
        transfer(ctx, payer, casher, t, value, purpose, note, channel="internet")
    _withdraw(ctx, p, casher, awake(rng, later(rng, t, (0.3, 6)), 7.5, 22.0), float(value))


def _withdraw(ctx: SchemeContext, p: Platform, casher: Holder, t: float, value: float) -> None:
    """Cash within hours: a cash desk for large sums, else ATM runs across cards (CASH-03)."""
    rng = ctx.rng
    cap = float(rng.choice([200_000, 300_000, 500_000]))
    if value > 8 * cap or (value > 1_500_000 and chance(rng, 0.5)) or not p.atms:
        cash_desk_withdrawal(ctx, casher, t, kzt(value * 0.995, 1_000))
        return
    left = value * float(rng.uniform(0.97, 0.998))
    while left >= 20_000:
        step = cash_step(rng)
        cash = kzt(min(left, cap * float(rng.uniform(0.8, 1.0))) - step / 2 - 1, step)
        card = pick(rng, p.cards.get(casher.account_id) or [casher.card_id or 0]) or None
        atm_withdrawal(ctx, casher, t, cash, pick(rng, p.atms), card)
        left -= float(cash)
        t = later(rng, t, (0.05, 0.6))
