"""STRUCT: structuring, operations kept just below a reporting threshold (domain §1.3, §2).

A structurer who does not want a threshold report splits one sum into several operations
that each stay under the line, over a few days, at a branch till or an ATM, on their own
account or on other people's cards, or through helpers ("smurfs"). Each operation looks
ordinary; together they exceed the threshold many times over.

Variants (the ``typology`` label): ``cash_deposit_split``, ``cash_withdrawal_split``,
``atm_topup`` (third-party cards topped up just under the ATM check), ``smurfing`` and
``offshore_split`` (transfers to an offshore company just under its threshold).

Decoys: a shop owner paying in daily takings of every size, and a person who takes out one
large sum of cash once, after selling a flat.
"""

from __future__ import annotations

from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._flows import (
    Decoy,
    Holder,
    Ids,
    Scheme,
    amount,
    awake,
    cash_step,
    chance,
    days_ago,
    daytime,
    existing,
    foreign_account,
    kzt,
    later,
    new_customer,
    new_firm,
    office_hours,
    p2p_note,
    pick,
    scheme_count,
    variants,
    window,
)
from kuzet.synth.schemes._rows import (
    atm_withdrawal,
    cash_deposit,
    cash_desk_withdrawal,
    overheads,
    receive_from_abroad,
    send_abroad,
    transfer,
)

FAMILY = "STRUCT"
TYPOLOGIES = (
    "cash_deposit_split",
    "cash_withdrawal_split",
    "atm_topup",
    "smurfing",
    "offshore_split",
)

# The generator's own belief about where reporting starts (domain brief §1.3 and §2), written
# here on purpose: detectors take their thresholds from configuration, and neither side may
# see the other's numbers. Each band is "just below" the figure named in its comment.
CASH_BAND = (6_500_000, 6_990_000)  # a 7 M KZT cash figure (legacy bank rule, §1.3)
TOPUP_BAND = (400_000, 499_000)  # the 500,000 KZT ATM top-up check (§2)
OFFSHORE_BAND = (4_500_000, 4_990_000)  # 5 M KZT with offshore counterparties (§1.3)
OFFSHORE = ("VG", "SC", "BZ", "PA", "MH", "CY", "AE")
OFFSHORE_NAMES = (
    "Silverline Holdings Ltd",
    "Orion Capital Inc.",
    "Blue Harbour Ltd",
    "Kestrel Consulting LLC",
)


def plant(ctx: SchemeContext) -> None:
    """Plant the structuring schemes of this world and the honest look-alikes."""
    ids = Ids(FAMILY)
    planters = {
        "cash_deposit_split": _cash_deposit_split,
        "cash_withdrawal_split": _cash_withdrawal_split,
        "atm_topup": _atm_topup,
        "smurfing": _smurfing,
        "offshore_split": _offshore_split,
    }
    for typology in variants(ctx, TYPOLOGIES, scheme_count(ctx, (1000, 2500), at_least=3)):
        planters[typology](ctx, ids.scheme(ctx, typology))
    for _ in range(scheme_count(ctx, (1500, 4000), at_least=1)):
        _shop_owner(ctx, ids.decoy(ctx, "shop_takings"))
    for _ in range(scheme_count(ctx, (2500, 6000), at_least=1)):
        _one_off_cash(ctx, ids.decoy(ctx, "one_off_cash"))


def _below(ctx: SchemeContext, band: tuple[int, int], step: int = 1_000) -> float:
    return float(kzt(float(ctx.rng.uniform(*band)), step))


def _structurer(ctx: SchemeContext, s: Scheme, role: str = "structurer") -> Holder:
    rng = ctx.rng
    h = new_customer(
        ctx,
        age=(25, 65),
        opened=days_ago(ctx, 200, 5000),
        income=float(rng.uniform(1e5, 8e5)),
        occupation=pick(rng, ("entrepreneur", "manager", None)),
    )
    s.tag_holder(h, role)
    return h


def _days(ctx: SchemeContext, n: int, span: tuple[int, int]) -> list[int]:
    """``n`` operation days inside a drawn span; a day may repeat (two visits, two tills)."""
    first, last = window(ctx, span)
    return sorted(int(ctx.rng.integers(first, last + 1)) for _ in range(n))


def _onward(ctx: SchemeContext, s: Scheme, src: Holder, t: float, total: float) -> None:
    """The gathered sum goes on: to a beneficiary here, or abroad."""
    rng = ctx.rng
    if chance(rng, 0.3):
        cp = foreign_account(rng, pick(rng, OFFSHORE), pick(rng, OFFSHORE_NAMES), True)
        send_abroad(
            ctx,
            src,
            cp,
            t,
            kzt(total, 1_000),
            "services_payment",
            "Payment for consulting services under agreement",
        )
        return
    dst = new_customer(ctx, age=(30, 65), opened=days_ago(ctx, 100, 3000))
    s.tag_holder(dst, "beneficiary")
    note = pick(rng, ("Займ", "Возврат долга", "за квартиру", "Перевод"))
    transfer(ctx, src, dst, t, kzt(total, 1_000), "p2p_transfer", note)


def _cash_deposit_split(ctx: SchemeContext, s: Scheme) -> None:
    """Three to eight branch deposits just under the cash figure, over days."""
    rng = ctx.rng
    h = _structurer(ctx, s)
    total, t = 0.0, 0.0
    for day in _days(ctx, int(rng.integers(3, 9)), (2, 12)):
        t = daytime(rng, day, 9.5, 18)
        value = _below(ctx, CASH_BAND)
        cash_deposit(ctx, h, t, kzt(value), narrative="Взнос наличных")
        total += value
    _onward(ctx, s, h, awake(rng, later(rng, t, (2, 48))), total * float(rng.uniform(0.9, 1.0)))


def _cash_withdrawal_split(ctx: SchemeContext, s: Scheme) -> None:
    """A large credit (a firm's "loan" or a transfer from abroad) taken out at the cash desk
    in pieces just under the cash figure."""
    rng = ctx.rng
    h = _structurer(ctx, s)
    days = _days(ctx, int(rng.integers(3, 9)), (3, 14))
    pieces = [_below(ctx, CASH_BAND) for _ in days]
    t0 = daytime(rng, max(0, days[0] - int(rng.integers(1, 3))), 10, 17)
    credit = kzt(sum(pieces) * float(rng.uniform(1.0, 1.05)), 1_000)
    if chance(rng, 0.5):
        payer = new_firm(
            ctx,
            registered=days_ago(ctx, 60, 1500),
            oked=pick(rng, ("46.90", "41.20", "70.22")),
            employees=int(rng.integers(0, 10)),
            tax_paid_kzt=float(rng.uniform(0, 5e6)),
        )
        s.tag_holder(payer, "payer")
        transfer(
            ctx,
            payer,
            h,
            t0,
            credit,
            "loan_disbursement",
            "Предоставление займа по договору",
            channel="internet",
        )
    else:
        cp = foreign_account(rng, pick(rng, OFFSHORE), pick(rng, OFFSHORE_NAMES), True)
        receive_from_abroad(ctx, cp, h, t0, credit, "loan_disbursement", "Loan under agreement")
    for day, value in zip(days, pieces, strict=True):
        cash_desk_withdrawal(ctx, h, max(t0 + 0.05, daytime(rng, day, 9.5, 18)), kzt(value))


def _atm_topup(ctx: SchemeContext, s: Scheme) -> None:
    """MULE-06 shape: cash into other people's cards at ATMs, each just under the top-up check,
    several a day; the cardholders pass the money on within hours."""
    rng = ctx.rng
    h = _structurer(ctx, s)
    atms = list(ctx.atms())
    if not atms:
        return
    holders = [
        new_customer(ctx, age=(17, 40), opened=days_ago(ctx, 0, 400))
        for _ in range(int(rng.integers(3, 11)))
    ]
    tagged: set[int] = set()  # a cardholder is labelled once its card is topped up
    collector = new_customer(ctx, age=(22, 50), opened=days_ago(ctx, 30, 3000))
    s.tag_holder(collector, "beneficiary")
    for day in sorted(set(_days(ctx, int(rng.integers(2, 8)), (2, 10)))):
        t = daytime(rng, day, 9, 22)
        atm = pick(rng, atms[: max(3, len(atms) // 10)])
        if chance(rng, 0.5):  # the structurer's own card at the same ATM, minutes earlier
            atm_withdrawal(
                ctx,
                h,
                later(rng, t, (-0.3, -0.05)),
                kzt(rng.uniform(5e3, 5e4), cash_step(rng)),
                atm,
                None,
            )
        for c in [pick(rng, holders) for _ in range(int(rng.integers(2, 7)))]:
            if c.party_id not in tagged:
                s.tag_holder(c, "cardholder")
                tagged.add(c.party_id)
            value = kzt(_below(ctx, TOPUP_BAND, 1_000))
            cash_deposit(ctx, c, t, value, channel="atm", atm_id=atm, card_id=c.card_id)
            transfer(
                ctx,
                c,
                collector,
                later(rng, t, (0.2, 5)),
                kzt(float(value) * 0.99, 100),
                "p2p_transfer",
                p2p_note(rng),
            )
            t = later(rng, t, (0.02, 0.15))


def _smurfing(ctx: SchemeContext, s: Scheme) -> None:
    """Helpers each pay in cash just under the figure and send it to one beneficiary."""
    rng = ctx.rng
    organiser = _structurer(ctx, s, "organiser")
    days = _days(ctx, int(rng.integers(3, 9)), (1, 7))
    for day in days:
        smurf = new_customer(ctx, age=(18, 60), opened=days_ago(ctx, 30, 4000))
        s.tag_holder(smurf, "smurf")
        ctx.relate(
            "person",
            smurf.party_id,
            "person",
            organiser.party_id,
            "relative",
            detail=pick(rng, ("cousin", "sibling", "in-law")),
        )
        t = daytime(rng, day, 9.5, 18)
        value = _below(ctx, CASH_BAND if chance(rng, 0.7) else TOPUP_BAND)
        cash_deposit(ctx, smurf, t, kzt(value))
        transfer(
            ctx,
            smurf,
            organiser,
            awake(rng, later(rng, t, (0.2, 20))),
            kzt(value, 1_000),
            "p2p_transfer",
            p2p_note(rng),
        )


def _offshore_split(ctx: SchemeContext, s: Scheme) -> None:
    """A firm pays an offshore company in pieces just under the offshore figure."""
    rng = ctx.rng
    owner = _structurer(ctx, s, "organiser")
    firm = new_firm(
        ctx,
        registered=days_ago(ctx, 90, 2000),
        oked=pick(rng, ("70.22", "46.90", "62.01")),
        employees=int(rng.integers(1, 15)),
        tax_paid_kzt=float(rng.uniform(1e5, 2e7)),
        device_id=owner.device_id,
        ip=owner.ip,
    )
    s.tag_holder(firm, "structurer")
    ctx.relate("person", owner.party_id, "entity", firm.party_id, "owner", share=1.0)
    days = _days(ctx, int(rng.integers(3, 9)), (3, 20))
    pieces = [_below(ctx, OFFSHORE_BAND) for _ in days]
    clients = [e for e in ctx.sample_entities(int(rng.integers(1, 4))) if e.account_id]
    t0 = office_hours(ctx, max(0, days[0] - 1)) - 0.2
    for e, value in zip(
        clients, [sum(pieces) * 1.05 / max(1, len(clients))] * len(clients), strict=True
    ):
        assert e.account_id is not None
        payer = existing(ctx, "entity", e.entity_id, e.account_id)
        transfer(
            ctx,
            payer,
            firm,
            t0,
            kzt(value, 1),
            "services_payment",
            "Оплата за услуги по договору",
            channel="internet",
        )
    cp = foreign_account(rng, pick(rng, OFFSHORE), pick(rng, OFFSHORE_NAMES), True)
    for day, value in zip(days, pieces, strict=True):
        note = f"Payment for consulting services, invoice {int(rng.integers(10, 999))}"
        send_abroad(
            ctx,
            firm,
            cp,
            max(t0 + 0.05, office_hours(ctx, day)),
            kzt(value, 1),
            "services_payment",
            note,
        )


# ── decoys ───────────────────────────────────────────────────────────────────────────────


def _shop_owner(ctx: SchemeContext, d: Decoy) -> None:
    """An individual entrepreneur paying in each day's takings: every size, some large."""
    rng = ctx.rng
    owner = new_customer(ctx, age=(28, 65), opened=days_ago(ctx, 500, 6000))
    shop = new_firm(
        ctx,
        registered=days_ago(ctx, 400, 6000),
        oked=pick(rng, ("47.11", "47.19", "47.21")),
        employees=int(rng.integers(1, 8)),
        tax_paid_kzt=float(rng.uniform(5e5, 1e7)),
        kind="individual_entrepreneur",
        form="ИП",
        device_id=owner.device_id,
        ip=owner.ip,
    )
    ctx.relate("person", owner.party_id, "entity", shop.party_id, "owner", share=1.0)
    d.tag_holder(owner)
    d.tag_holder(shop)
    median = float(rng.uniform(2e5, 2.5e6))
    total = 0.0
    for day in range(ctx.days):
        if (ctx.start.weekday() + day) % 7 == 6 or chance(rng, 0.1):
            continue  # closed on Sundays, and some days the takings wait
        value = kzt(amount(rng, median, 0.6, 20_000, 15_000_000), 1)
        cash_deposit(ctx, shop, daytime(rng, day, 18, 21), value, narrative="выручка")
        total += float(value)
    suppliers = [e for e in ctx.sample_entities(int(rng.integers(2, 6))) if e.account_id]
    for e in suppliers:
        assert e.account_id is not None
        supplier = Holder("entity", e.entity_id, e.account_id)
        t = office_hours(ctx, int(rng.integers(1, ctx.days)))
        value = kzt(total * 0.6 / len(suppliers), 1)
        transfer(
            ctx,
            shop,
            supplier,
            t,
            value,
            "goods_payment",
            "Оплата за товар по накладной",
            channel="internet",
        )
    overheads(ctx, shop, total * 0.08)


def _one_off_cash(ctx: SchemeContext, d: Decoy) -> None:
    """A flat sold, the proceeds taken out in cash once (say, for a car): one large operation,
    not a series under the line."""
    rng = ctx.rng
    seller = new_customer(ctx, age=(30, 70), opened=days_ago(ctx, 500, 6000))
    d.tag_holder(seller)
    buyer_ref = ctx.sample_persons(1, min_age=25)
    day = int(rng.integers(0, max(1, ctx.days - 4)))
    price = kzt(amount(rng, 2.5e7, 0.4, 1e7, 9e7), 100_000)
    if buyer_ref and buyer_ref[0].account_id is not None:
        buyer = existing(ctx, "person", buyer_ref[0].person_id, buyer_ref[0].account_id)
        transfer(
            ctx,
            buyer,
            seller,
            daytime(rng, day, 10, 17),
            price,
            "p2p_transfer",
            "за квартиру по договору купли-продажи",
            channel="internet",
        )
    cash = kzt(float(rng.uniform(5e6, 1.2e7)), 100_000)
    cash_desk_withdrawal(ctx, seller, daytime(rng, day + int(rng.integers(1, 4)), 10, 17), cash)
