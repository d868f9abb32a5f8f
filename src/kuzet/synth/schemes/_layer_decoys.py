"""LAYER decoys: honest money that goes round in circles (domain brief §6, layering context).

A business group sweeps its subsidiaries' balances to the holding every few workdays and
funds them back: cycles among related firms, but with one contract narrative, regular
timing, old firms with staff and taxes, and ownership relations that say who they are. A
saver moves their own money between their own accounts at several banks.
"""

from __future__ import annotations

from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._flows import (
    Decoy,
    Holder,
    Ids,
    amount,
    awake,
    days_ago,
    daytime,
    existing,
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
    transfer,
)

GROUP_OKED = ("46.71", "41.20", "49.41", "10.89", "23.51", "35.11")


def plant_decoys(ctx: SchemeContext, ids: Ids) -> None:
    for _ in range(scheme_count(ctx, (2000, 5000), at_least=1)):
        _treasury_group(ctx, ids.decoy(ctx, "treasury_sweeps"))
    for _ in range(scheme_count(ctx, (2500, 6000), at_least=1)):
        _own_accounts(ctx, ids.decoy(ctx, "own_accounts"))


def _treasury_group(ctx: SchemeContext, d: Decoy) -> None:
    rng = ctx.rng
    holding = new_firm(
        ctx,
        registered=days_ago(ctx, 5 * 365, 20 * 365),
        oked="70.10",
        employees=int(rng.integers(10, 60)),
        tax_paid_kzt=float(rng.uniform(1e8, 1e9)),
        form="АО",
    )
    d.tag_holder(holding)
    contract = f"CP-{int(rng.integers(1, 30))}/{world_date(ctx, 0).year - int(rng.integers(1, 6))}"
    subs = []
    for _ in range(int(rng.integers(3, 7))):
        sub = new_firm(
            ctx,
            registered=days_ago(ctx, 3 * 365, 15 * 365),
            oked=pick(rng, GROUP_OKED),
            employees=int(rng.integers(20, 400)),
            tax_paid_kzt=float(rng.uniform(5e7, 8e8)),
        )
        ctx.relate("entity", holding.party_id, "entity", sub.party_id, "owner", share=1.0)
        d.tag_holder(sub)
        subs.append((sub, float(rng.uniform(5e6, 8e7))))
    step = int(rng.integers(1, 6))
    for day in range(int(rng.integers(0, step)), ctx.days, step):
        if (ctx.start.weekday() + day) % 7 >= 5:
            continue
        _sweep_day(ctx, holding, subs, day, contract)


def _sweep_day(
    ctx: SchemeContext, holding: Holder, subs: list[tuple[Holder, float]], day: int, contract: str
) -> None:
    """Customers pay a subsidiary, the evening sweep lifts its balance to the holding, and
    the holding funds a subsidiary that needs money: the same contract every time."""
    rng = ctx.rng
    for sub, scale in subs:
        payers = [e for e in ctx.sample_entities(1) if e.account_id is not None]
        takings = amount(rng, scale, 0.5, scale / 10, scale * 5)
        if payers and payers[0].entity_id != sub.party_id:
            assert payers[0].account_id is not None
            payer = existing(ctx, "entity", payers[0].entity_id, payers[0].account_id)
            transfer(
                ctx,
                payer,
                sub,
                office_hours(ctx, day) - 0.1,
                kzt(takings, 1),
                "goods_payment",
                f"Оплата по договору №{int(rng.integers(1, 500))}",
                channel="internet",
            )
        t = daytime(rng, day, 18.5, 19.5)
        transfer(
            ctx,
            sub,
            holding,
            t,
            kzt(takings * float(rng.uniform(0.7, 0.95)), 1),
            "loan_repayment",
            f"Перечисление остатка в рамках cash pooling, договор №{contract}",
            channel="internet",
        )
    sub, scale = pick(rng, subs)
    t = daytime(rng, day + 1, 9.0, 10.0)
    transfer(
        ctx,
        holding,
        sub,
        t,
        kzt(scale * float(rng.uniform(0.3, 0.9)), 1),
        "loan_disbursement",
        f"Внутригрупповое финансирование, договор №{contract}",
        channel="internet",
    )


def _own_accounts(ctx: SchemeContext, d: Decoy) -> None:
    """One saver, two to four banks, own funds moved round to chase deposit rates."""
    rng = ctx.rng
    saver = new_customer(ctx, age=(30, 70), opened=days_ago(ctx, 400, 6000))
    d.tag_holder(saver)
    banks = [b for b, _ in ctx.banks() if b != saver.bank_id]
    accounts = [saver]
    for bank in [
        banks[int(i)]
        for i in rng.choice(
            len(banks), size=min(len(banks), int(rng.integers(1, 4))), replace=False
        )
    ]:
        acc = ctx.new_account(
            "person",
            saver.party_id,
            product=pick(rng, ("savings", "deposit", "current")),
            bank_id=bank,
            opened=days_ago(ctx, 30, 3000),
        )
        h = Holder("person", saver.party_id, acc.account_id, None, saver.device_id, saver.ip)
        d.tag("account", acc.account_id)
        accounts.append(h)
    if len(accounts) < 2:
        return
    t, value = (
        daytime(rng, int(rng.integers(0, max(1, ctx.days // 3)))),
        float(rng.uniform(1e6, 3e7)),
    )
    for _ in range(int(rng.integers(1, 4))):
        for src, dst in zip(accounts, [*accounts[1:], accounts[0]], strict=True):
            t = awake(rng, later(rng, t, (2, 24 * 5)))
            transfer(
                ctx, src, dst, t, kzt(value, 1_000), "own_funds", "Перевод собственных средств"
            )
