"""MULE decoys: honest customers with the drop's loudest sign, many senders (domain §6.1).

A busy online seller, a student kept by parents, a family collecting for a той or a funeral.
Each keeps, spends or pays the money on as honest people do, so a rule that counts senders
alone pays for them in precision.
"""

from __future__ import annotations

from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._flows import (
    Decoy,
    Holder,
    Ids,
    amount,
    cash_step,
    days_ago,
    daytime,
    existing,
    kzt,
    new_customer,
    pick,
    scheme_count,
)
from kuzet.synth.schemes._rows import (
    atm_withdrawal,
    card_payment,
    spend_normally,
    transfer,
)


def plant_decoys(ctx: SchemeContext, ids: Ids) -> None:
    for _ in range(scheme_count(ctx, (1500, 5000), at_least=1)):
        _online_seller(ctx, ids.decoy(ctx, "online_seller"))
    for _ in range(scheme_count(ctx, (1000, 3000), at_least=1)):
        _student(ctx, ids.decoy(ctx, "student_parents"))
    for _ in range(scheme_count(ctx, (2000, 5000), at_least=1)):
        kind = pick(ctx.rng, ("wedding_collection", "funeral_collection"))
        _collection(ctx, ids.decoy(ctx, kind))


GOODS_NOTES = (
    "за товар",
    "оплата заказа №{n}",
    "предоплата за заказ",
    "за платье",
    "за кроссовки",
    "тапсырыс үшін",
    "за доставку",
    "заказ {n}",
    "за сумку",
    "за косметику",
)
PARENT_NOTES = ("на расходы", "на учебу", "сыну", "қызыма", "на общежитие", "на еду", "")
FRIEND_NOTES = ("за обед", "за кино", "долг", "за такси", "")
WEDDING_NOTES = ("на той", "тойға", "құтты болсын", "поздравляем молодых", "на свадьбу", "")
FUNERAL_NOTES = ("көңіл айту", "соболезнуем", "на похороны", "жерлеуге", "")


def _online_seller(ctx: SchemeContext, d: Decoy) -> None:
    """Many buyers, goods narratives, a supplier paid by invoice, a balance kept."""
    rng = ctx.rng
    seller = new_customer(
        ctx,
        age=(22, 45),
        opened=days_ago(ctx, 300, 3000),
        income=float(rng.uniform(2e5, 9e5)),
        occupation="self_employed",
    )
    d.tag_holder(seller)
    received = 0.0
    for b in ctx.sample_persons(int(rng.integers(40, 161))):
        if b.account_id is None:
            continue
        buyer = existing(ctx, "person", b.person_id, b.account_id)
        value = kzt(amount(rng, 12_000, 0.7, 1_500, 150_000), 100)
        note = pick(rng, GOODS_NOTES).format(n=int(rng.integers(100, 9999)))
        t = daytime(rng, int(rng.integers(0, ctx.days)))
        transfer(ctx, buyer, seller, t, value, "p2p_transfer", note)
        received += float(value)
    suppliers = ctx.sample_entities(int(rng.integers(1, 3)), oked_prefix="46")
    for e in suppliers:
        if e.account_id is None:
            continue
        firm = Holder("entity", e.entity_id, e.account_id)
        t = daytime(rng, int(rng.integers(ctx.days // 2, ctx.days)), 10, 18)
        value = kzt(received * float(rng.uniform(0.1, 0.2)), 1)
        note = f"Оплата за товар по счету на оплату №{int(rng.integers(10, 999))}"
        transfer(ctx, seller, firm, t, value, "goods_payment", note, channel="internet")
    monthly = received * float(rng.uniform(0.2, 0.35)) * 30 / max(ctx.days, 1)
    spend_normally(ctx, seller, 0, ctx.days - 1, monthly)


def _student(ctx: SchemeContext, d: Decoy) -> None:
    """A new, young account kept by one or two parents: regular sums, spent on living."""
    rng = ctx.rng
    student = new_customer(
        ctx,
        age=(17, 22),
        opened=days_ago(ctx, 0, 400),
        income=float(rng.uniform(0, 5e4)),
        occupation="student",
    )
    d.tag_holder(student)
    received = 0.0
    for p in ctx.sample_persons(int(rng.integers(1, 3)), min_age=38, max_age=65):
        if p.account_id is None:
            continue
        ctx.relate("person", p.person_id, "person", student.party_id, "relative", detail="parent")
        parent = existing(ctx, "person", p.person_id, p.account_id)
        day = int(rng.integers(0, 8))
        while day < ctx.days:
            value = kzt(amount(rng, 70_000, 0.5, 20_000, 250_000), 5_000)
            transfer(
                ctx,
                parent,
                student,
                daytime(rng, day),
                value,
                "p2p_transfer",
                pick(rng, PARENT_NOTES),
            )
            received += float(value)
            day += int(rng.integers(7, 17))
    for f in ctx.sample_persons(int(rng.integers(2, 8)), max_age=26):
        if f.account_id is not None:
            friend = existing(ctx, "person", f.person_id, f.account_id)
            value = kzt(amount(rng, 5_000, 0.6, 1_000, 20_000), 100)
            t = daytime(rng, int(rng.integers(0, ctx.days)))
            transfer(ctx, friend, student, t, value, "p2p_transfer", pick(rng, FRIEND_NOTES))
    spent = spend_normally(ctx, student, 0, ctx.days - 1, received * 0.5 * 30 / max(ctx.days, 1))
    atms = ctx.atms()
    for _ in range(int(rng.integers(0, 3)) if atms and received - spent > 40_000 else 0):
        t = daytime(rng, int(rng.integers(0, ctx.days)))
        atm_withdrawal(
            ctx, student, t, kzt(rng.uniform(5_000, 30_000), cash_step(rng)), pick(rng, atms), None
        )


def _collection(ctx: SchemeContext, d: Decoy) -> None:
    """Dozens of relatives and friends send once around a той or a funeral; the host pays the
    restaurant and ceremony costs within days, not an ATM run within hours."""
    rng = ctx.rng
    wedding = d.kind == "wedding_collection"
    host = new_customer(
        ctx, age=(30, 70), opened=days_ago(ctx, 500, 5000), income=float(rng.uniform(1.5e5, 7e5))
    )
    d.tag_holder(host)
    day = int(rng.integers(1, max(2, ctx.days - 6)))
    notes = WEDDING_NOTES if wedding else FUNERAL_NOTES
    total = 0.0
    for g in ctx.sample_persons(int(rng.integers(30, 151)), min_age=20):
        if g.account_id is None:
            continue
        guest = existing(ctx, "person", g.person_id, g.account_id)
        t = daytime(rng, day + int(rng.integers(-1, 3)))
        value = kzt(amount(rng, 10_000, 0.6, 2_000, 100_000), 1_000)
        transfer(ctx, guest, host, t, value, "p2p_transfer", pick(rng, notes))
        total += float(value)
    venues = ctx.merchants("restaurant")
    if venues:
        t = daytime(rng, day + int(rng.integers(2, 6)), 11, 20)
        card_payment(
            ctx, host, t, kzt(total * float(rng.uniform(0.5, 0.8)), 1_000), pick(rng, venues)
        )
    atms = ctx.atms()
    if atms and not wedding:
        t = daytime(rng, day + int(rng.integers(1, 4)))
        atm_withdrawal(
            ctx,
            host,
            t,
            kzt(total * float(rng.uniform(0.1, 0.2)), cash_step(rng)),
            pick(rng, atms),
            None,
        )
    spend_normally(ctx, host, 0, ctx.days - 1, float(rng.uniform(1e5, 3e5)))
