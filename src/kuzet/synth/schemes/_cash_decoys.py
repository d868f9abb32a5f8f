"""CASH decoys: real firms that pay many people or take money from many firms (domain §6.3).

A payroll firm pays salaries to many individuals, as a transit firm does, but the payees are
registered employees who spend their salaries over the month instead of emptying the account
the same afternoon, and the firm is years old, has staff, pays rent and taxes. A wholesaler
receives from many firms and pays many suppliers, with invoices, VAT and overheads.
"""

from __future__ import annotations

from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._flows import (
    Decoy,
    Holder,
    Ids,
    amount,
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
    pick,
    scheme_count,
    world_date,
)
from kuzet.synth.schemes._rows import (
    atm_withdrawal,
    overheads,
    send_abroad,
    spend_normally,
    transfer,
)

JOBS = (
    "engineer",
    "accountant",
    "manager",
    "driver",
    "office_worker",
    "factory_worker",
    "sales_worker",
)
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


def plant_decoys(ctx: SchemeContext, ids: Ids) -> None:
    for _ in range(scheme_count(ctx, (1500, 4000), at_least=1)):
        _payroll_firm(ctx, ids.decoy(ctx, "payroll_firm"))
    for _ in range(scheme_count(ctx, (2000, 5000), at_least=1)):
        _wholesaler(ctx, ids.decoy(ctx, "wholesaler"))


def _customers_pay(ctx: SchemeContext, firm: Holder, payers: int, median: float) -> float:
    rng = ctx.rng
    total = 0.0
    for e in ctx.sample_entities(payers):
        if e.account_id is None or e.entity_id == firm.party_id:
            continue
        payer = existing(ctx, "entity", e.entity_id, e.account_id)
        for _ in range(int(rng.integers(1, 4))):
            t = office_hours(ctx, int(rng.integers(0, ctx.days)))
            value = kzt(amount(rng, median, 0.9, median / 20, median * 10), 1)
            note = (
                f"Оплата за товар по счет-фактуре №{int(rng.integers(100, 9999))}, в т.ч. НДС 12%"
            )
            transfer(ctx, payer, firm, t, value, "goods_payment", note, channel="internet")
            total += float(value)
    return total


def _staff(ctx: SchemeContext, d: Decoy, firm: Holder, n: int) -> list[tuple[Holder, float]]:
    """Registered employees with their monthly salaries."""
    rng = ctx.rng
    staff = []
    for _ in range(n):
        salary = amount(rng, 320_000, 0.45, 90_000, 2_000_000)
        person = new_customer(
            ctx,
            age=(20, 62),
            opened=days_ago(ctx, 100, 4000),
            income=salary,
            occupation=pick(rng, JOBS),
        )
        ctx.relate(
            "person",
            person.party_id,
            "entity",
            firm.party_id,
            "employee",
            valid_from=days_ago(ctx, 60, 3000),
        )
        d.tag_holder(person)
        staff.append((person, salary))
    return staff


def _pay_staff(ctx: SchemeContext, firm: Holder, staff: list[tuple[Holder, float]]) -> None:
    """An advance mid-month and the rest early next month, in one batch; each employee spends
    the salary over the month and rarely takes much cash."""
    rng = ctx.rng
    advance_day, final_day = int(rng.integers(14, 22)), int(rng.integers(3, 10))
    for day, share, word in (
        (final_day, 0.6, "Заработная плата за"),
        (advance_day, 0.4, "Аванс за"),
    ):
        if day >= ctx.days:
            continue
        t = office_hours(ctx, day)
        d = world_date(ctx, day)
        month = MONTHS[(d.month - 2) % 12] if word.startswith("Заработная") else MONTHS[d.month - 1]
        for person, salary in staff:
            value = kzt(salary * share, 1)
            transfer(
                ctx,
                firm,
                person,
                t,
                value,
                "salary",
                f"{word} {month}",
                channel="batch",
                type_="salary",
            )
    atms = ctx.atms()
    for person, salary in staff:
        spend_normally(ctx, person, 0, ctx.days - 1, salary * float(rng.uniform(0.5, 0.8)))
        if atms and chance(rng, 0.4):
            t = later(rng, daytime(rng, int(rng.integers(0, ctx.days))), (0, 2))
            cash = kzt(salary * float(rng.uniform(0.05, 0.15)), cash_step(rng))
            atm_withdrawal(ctx, person, t, cash, pick(rng, atms), None)


def _payroll_firm(ctx: SchemeContext, d: Decoy) -> None:
    rng = ctx.rng
    paid = int(rng.integers(8, 31))
    firm = new_firm(
        ctx,
        registered=days_ago(ctx, 3 * 365, 15 * 365),
        oked=pick(rng, ("62.01", "41.20", "86.10", "85.59", "49.41", "71.12")),
        employees=paid + int(rng.integers(0, 40)),
        tax_paid_kzt=float(rng.uniform(3e7, 2e8)),
    )
    d.tag_holder(firm)
    staff = _staff(ctx, d, firm, paid)
    payroll = sum(s for _, s in staff)
    _customers_pay(ctx, firm, int(rng.integers(4, 14)), payroll / 3)
    _pay_staff(ctx, firm, staff)
    overheads(ctx, firm, payroll * float(rng.uniform(0.3, 0.6)))


def _wholesaler(ctx: SchemeContext, d: Decoy) -> None:
    """Many payers in, suppliers (some abroad) out, with invoices, staff and overheads."""
    rng = ctx.rng
    firm = new_firm(
        ctx,
        registered=days_ago(ctx, 2 * 365, 20 * 365),
        oked=pick(rng, ("46.39", "46.49", "46.73", "46.69", "46.90")),
        employees=int(rng.integers(10, 81)),
        tax_paid_kzt=float(rng.uniform(5e7, 6e8)),
    )
    d.tag_holder(firm)
    received = _customers_pay(ctx, firm, int(rng.integers(15, 51)), 3e6)
    suppliers = ctx.sample_entities(int(rng.integers(3, 11)))
    budget = received * float(rng.uniform(0.7, 0.85))
    for e in suppliers:
        if e.account_id is None or e.entity_id == firm.party_id:
            continue
        supplier = Holder("entity", e.entity_id, e.account_id)
        t = office_hours(ctx, int(rng.integers(2, ctx.days)))
        value = kzt(budget / (len(suppliers) + 1), 1)
        note = f"Оплата по договору поставки №{int(rng.integers(1, 200))}, в т.ч. НДС 12%"
        transfer(ctx, firm, supplier, t, value, "goods_payment", note, channel="internet")
    if chance(rng, 0.6):
        country = pick(rng, ("CN", "TR", "RU"))
        cp = foreign_account(
            rng,
            country,
            pick(rng, ("Trading Co., Ltd", "Dis Ticaret A.S.", "Torgovy Dom OOO")),
            True,
        )
        t = office_hours(ctx, int(rng.integers(2, ctx.days)))
        value = kzt(budget / (len(suppliers) + 1), 1)
        send_abroad(
            ctx,
            firm,
            cp,
            t,
            value,
            "import_prepayment",
            "Prepayment under contract "
            f"No. {int(rng.integers(1, 99))}/{world_date(ctx, t).year} for goods",
        )
    staff = _staff(ctx, d, firm, int(rng.integers(4, 12)))
    _pay_staff(ctx, firm, staff)
    overheads(ctx, firm, float(rng.uniform(2e6, 1.5e7)))
