"""Fictitious loans and loan-back (domain brief §6.7).

A "loan" dresses up money of unknown origin as borrowed money. The decree of 7 Nov 2025 asks
banks to judge loans by their repayment schedule, the lender's source of funds and the amount,
so every planted loan breaks some of those: no schedule, a private or offshore lender with no
lending business, an amount far beyond what the borrower earns, no interest. Around them:
proceeds moved on at once or taken in cash, lender and borrower tied by owner, director or
kinship, back-and-forth «займ» / «возврат займа» transfers, loans forgiven within weeks.

Decoys are the loans that look alike and are fine: family loans of modest size with a
schedule that is being kept, and a foreign parent lending to its subsidiary at a market rate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kuzet.synth.api import EntityRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import (
    OFFSHORE,
    Decoy,
    Foreign,
    Pool,
    Scheme,
    at,
    chance,
    clamp_day,
    count,
    date_of,
    foreign,
    foreign_firm_name,
    integer,
    later,
    link,
    logu,
    money,
    pick,
    plan,
    rounded,
    span,
    split,
    to_kzt,
    uni,
    years_ago,
)
from kuzet.synth.schemes._sector_legs import (
    cash_in,
    cash_out,
    receive_from_abroad,
    transfer,
)

FAMILY = "LOAN"
VARIANTS = ("offshore_loan_back", "private_fictitious", "related_party_circular", "forgiven_loan")

LEND = (
    "Займ по договору № {no} от {d}",
    "Предоставление беспроцентного займа по договору № {no}",
    "Қарыз беру, шарт № {no}",
    "Займ",
    "Финансовая помощь на возвратной основе",
)
REPAY = (
    "Возврат займа",
    "Возврат займа по договору № {no}",
    "Қарызды қайтару",
    "Частичный возврат займа",
    "Возврат долга",
)


def plant(ctx: SchemeContext) -> None:
    """Plant the fictitious-loan schemes of this world and their honest look-alikes."""
    pool = Pool(ctx)
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        if chance(ctx.rng, 0.65):
            _family_loan(ctx, pool, Decoy(ctx, FAMILY, number, "family_loan"))
        else:
            _group_loan(ctx, pool, Decoy(ctx, FAMILY, number, "group_loan"))


# ── building blocks ────────────────────────────────────────────────────────────────────────


def _loan(
    ctx: SchemeContext,
    lender: PersonRef | EntityRef | None,
    borrower: PersonRef | EntityRef,
    amount: Decimal,
    currency: str,
    *,
    day: float,
    lender_type: str,
    rate: float,
    term: int,
    purpose: str | None,
    status: str = "active",
    status_day: float | None = None,
    collateral: str | None = None,
    lender_name: str | None = None,
    lender_country: str = "KZ",
) -> int:
    lid = ctx.next_id("loans")
    if isinstance(lender, PersonRef):
        l_type: str | None = "person"
        l_id: int | None = lender.person_id
    elif isinstance(lender, EntityRef):
        l_type, l_id = "entity", lender.entity_id
        lender_name = lender_name or lender.name
        lender_country = lender.country
    else:
        l_type, l_id = None, None
    b_type, b_id = (
        ("person", borrower.person_id)
        if isinstance(borrower, PersonRef)
        else ("entity", borrower.entity_id)
    )
    ctx.row(
        "loans",
        loan_id=lid,
        lender_type=lender_type,
        lender_party_type=l_type,
        lender_id=l_id,
        lender_name=lender_name,
        lender_country=lender_country,
        borrower_type=b_type,
        borrower_id=b_id,
        amount=amount,
        currency=currency,
        amount_kzt=to_kzt(amount, currency),
        rate=rate,
        term_months=term,
        issued=date_of(ctx, day),
        collateral=collateral,
        purpose=purpose,
        status=status,
        status_date=date_of(ctx, status_day) if status_day is not None else None,
    )
    return lid


def _schedule(
    ctx: SchemeContext,
    loan_id: int,
    amount: Decimal,
    rate: float,
    term: int,
    first_day: float,
    *,
    every_months: int = 1,
    balloon: bool = False,
) -> list[tuple[float, Decimal]]:
    """Write instalments (equal principal, interest on the balance); returns (day, payment)."""
    n = 1 if balloon else max(1, term // every_months)
    principal = float(amount) / n
    balance = float(amount)
    out: list[tuple[float, Decimal]] = []
    for seq in range(1, n + 1):
        day = first_day + (term * 30.44 if balloon else (seq - 1) * every_months * 30.44)
        interest = balance * rate * (term if balloon else every_months) / 12
        ctx.row(
            "loan_schedules",
            loan_id=loan_id,
            seq=seq,
            due_date=date_of(ctx, day),
            principal=money(principal),
            interest=money(interest),
        )
        out.append((day, money(principal + interest)))
        balance -= principal
    return out


def _contract_no(ctx: SchemeContext) -> str:
    return f"{integer(ctx.rng, 1, 99)}/{integer(ctx.rng, 1, 12):02d}-{ctx.start:%y}"


def _lend_note(ctx: SchemeContext, no: str, day: float) -> str:
    return pick(ctx.rng, LEND).format(no=no, d=f"{date_of(ctx, day):%d.%m.%Y}")


def _move_on(
    ctx: SchemeContext,
    pool: Pool,
    s: Scheme,
    who: PersonRef | EntityRef,
    kzt: float,
    after: dt.datetime,
    *,
    owner: PersonRef | None = None,
) -> None:
    """Proceeds leave at once (LOAN-05): cash, third parties, a property or the owner."""
    rng = ctx.rng
    how = pick(rng, ("cash", "third_parties", "third_parties", "property", "owner"))
    if how == "owner" and (owner is None or owner is who):
        how = "cash"
    total = kzt * uni(rng, 0.85, 1.0)
    ids: list[int] = []
    if how == "cash":
        for part in split(rng, total, integer(rng, 1, 4)):
            ids.append(cash_out(ctx, later(ctx, after, (1, 40)), who, rounded(part, 10_000)))
        s.txns(ids, "cash_out")
        return
    if how == "owner" and owner is not None:
        note = pick(rng, ("Возврат финансовой помощи", "Выплата дивидендов", "Подотчётные суммы"))
        ids.append(
            transfer(
                ctx,
                later(ctx, after, (1, 30)),
                who,
                owner,
                rounded(total, 1000),
                "services_payment",
                note,
            )
        )
        s.txns(ids, "onward_transfer")
        return
    if how == "property":
        dev = pool.business("41.20", "Строй")
        ids.append(
            transfer(
                ctx,
                later(ctx, after, (2, 48)),
                who,
                dev,
                rounded(total, 1000),
                "goods_payment",
                "Оплата по договору долевого участия",
            )
        )
        s.txns(ids, "onward_transfer")
        return
    recips: list[PersonRef | EntityRef] = [*pool.entities(integer(rng, 1, 3))]
    recips += pool.persons(integer(rng, 0, 3))
    if not recips:
        recips = [ctx.new_person()]
    for r, part in zip(recips, split(rng, total, len(recips)), strict=True):
        note = pick(rng, ("Оплата по договору", "Оплата за услуги", "Перевод", "Займ"))
        ids.append(
            transfer(
                ctx,
                later(ctx, after, (0.5, 36)),
                who,
                r,
                rounded(part, 1000),
                "services_payment" if isinstance(r, EntityRef) else "p2p_transfer",
                note,
            )
        )
        s.party(r, "recipient")
    s.txns(ids, "onward_transfer")


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _offshore_loan_back(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """The owner's own offshore company "lends" to him or his Kazakhstani firm: no schedule,
    no interest, and the money goes straight on."""
    rng = ctx.rng
    owner = pool.person_or_new(0.4, age=(28, 65), monthly_income_kzt=uni(rng, 150e3, 600e3))
    kind = pick(rng, ("company", "company", "trust", "foreign_structure"))
    country = pick(rng, OFFSHORE)
    name = foreign_firm_name(rng, country)
    if kind != "company":
        name = name.rsplit(" ", 1)[0] + pick(rng, (" Trust", " Foundation", " Settlement"))
    lender = ctx.new_entity(
        kind=kind, country=country, name=name, with_account=False, registered=years_ago(ctx, 0.2, 5)
    )
    if kind == "company":
        if chance(rng, 0.5):
            link(ctx, owner, lender, "owner", share=1.0)
        else:
            nominee = ctx.new_person(resident=False, age=(30, 70), with_account=False)
            link(ctx, nominee, lender, "nominee")
            link(ctx, owner, lender, "beneficiary")
            s.party(nominee, "nominee", with_account=False)
    else:
        link(ctx, owner, lender, "settlor")
        link(ctx, owner, lender, "beneficiary")
    borrower: PersonRef | EntityRef = owner
    if chance(rng, 0.6):
        borrower = ctx.new_entity(
            oked=pick(rng, ("46.90", "68.20", "41.20", "70.22")),
            registered=years_ago(ctx, 0.3, 6),
            employees=integer(rng, 0, 12),
            tax_paid_kzt=float(rounded(logu(rng, 50e3, 3e6))),
        )
        link(ctx, owner, borrower, "owner", share=1.0)
        link(ctx, owner, borrower, "director")
        s.party(borrower, "borrower")
        s.party(owner, "beneficial_owner")
    else:
        s.party(owner, "borrower")
    s.party(lender, "lender", with_account=False)
    cur = pick(rng, ("USD", "USD", "EUR"))
    amount = rounded(logu(rng, 150e3, 4e6), 1000)
    day = span(ctx, 0.05, 0.7)
    rate = 0.0 if chance(rng, 0.7) else round(uni(rng, 0.005, 0.02), 4)
    term = integer(rng, 12, 84)
    lid = _loan(
        ctx,
        lender,
        borrower,
        amount,
        cur,
        day=day,
        lender_type="foreign",
        rate=rate,
        term=term,
        purpose=pick(rng, ("пополнение оборотных средств", "финансирование проекта", None)),
    )
    if chance(rng, 0.15):  # a "schedule" that is one payment in years: out of line with the term
        _schedule(ctx, lid, amount, rate, term, day, balloon=True)
    frm = Foreign(lender.name, country, *_acct_bic(ctx, country), country)
    when = at(ctx, day)
    t = receive_from_abroad(
        ctx,
        when,
        frm,
        borrower,
        amount,
        cur,
        "loan_disbursement",
        f"Loan disbursement under agreement No. {_contract_no(ctx)}",
        loan_id=lid,
    )
    s.label("loan", lid, "loan")
    s.txns([t], "disbursement")
    kzt = float(to_kzt(amount, cur))
    _move_on(ctx, pool, s, borrower, kzt, later(ctx, when, (1, 8)), owner=owner)


def _acct_bic(ctx: SchemeContext, country: str) -> tuple[str, str]:
    f = foreign(ctx, country)
    return f.iban, f.bic


def _private_fictitious(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A person of modest means "lends" tens of millions to another; cash often appears on the
    lender's account first, and «займ» / «возврат займа» transfers go back and forth."""
    rng = ctx.rng
    lender = pool.person_or_new(0.5, age=(25, 70), monthly_income_kzt=uni(rng, 70e3, 250e3))
    borrower = pool.modest(400e3, (80e3, 350e3), age=(22, 60))
    if chance(rng, 0.4):
        link(ctx, lender, borrower, "relative")
    amount = rounded(logu(rng, 5e6, 80e6), 100_000)
    day = span(ctx, 0.1, 0.6)
    lid = _loan(
        ctx,
        lender,
        borrower,
        amount,
        "KZT",
        day=day,
        lender_type="person",
        rate=0.0,
        term=integer(rng, 6, 36),
        purpose=pick(rng, ("на личные нужды", "потребительские цели", None)),
    )
    s.label("loan", lid, "loan")
    s.party(lender, "lender")
    s.party(borrower, "borrower")
    no = _contract_no(ctx)
    when = at(ctx, day)
    if chance(rng, 0.6):  # the lender's "savings" arrive in cash just before (LOAN-02)
        ids = [
            cash_in(ctx, at(ctx, day - uni(rng, 0.2, 4)), lender, rounded(p, 50_000))
            for p in split(rng, float(amount), integer(rng, 1, 3))
        ]
        s.txns(ids, "cash_source")
    t = transfer(
        ctx,
        when,
        lender,
        borrower,
        amount,
        "loan_disbursement",
        _lend_note(ctx, no, day),
        loan_id=lid,
        channel="mobile",
    )
    s.txns([t], "disbursement")
    back_forth = []
    for k in range(integer(rng, 2, 6)):  # LOAN-09
        d = clamp_day(ctx, day + (k + 1) * uni(rng, 0.5, max(1.0, 0.1 * ctx.days)))
        amt = rounded(float(amount) * uni(rng, 0.1, 0.6), 10_000)
        if k % 2 == 0:
            note = pick(rng, REPAY).format(no=no)
            back_forth.append(
                transfer(
                    ctx,
                    at(ctx, d, after=when),
                    borrower,
                    lender,
                    amt,
                    "loan_repayment",
                    note,
                    loan_id=lid if chance(rng, 0.5) else None,
                )
            )
        else:
            back_forth.append(
                transfer(
                    ctx,
                    at(ctx, d, after=when),
                    lender,
                    borrower,
                    amt,
                    "loan_disbursement",
                    _lend_note(ctx, no, d),
                )
            )
    s.txns(back_forth, "loan_narrative_transfer")
    if chance(rng, 0.6):
        _move_on(
            ctx, pool, s, borrower, float(amount) * uni(rng, 0.4, 0.9), later(ctx, when, (2, 30))
        )


def _related_party_circular(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """Firm A lends to firm B; both answer to the same owner, director or family (LOAN-08);
    the money comes back to A through a third firm as "payment for goods"."""
    rng = ctx.rng
    tie = pick(rng, ("same_owner", "same_director", "relatives"))
    a = ctx.new_entity(
        oked=pick(rng, ("46.90", "68.20", "41.20", "46.73")), registered=years_ago(ctx, 0.5, 10)
    )
    b = ctx.new_entity(
        oked=pick(rng, ("46.90", "43.99", "49.41", "70.22")),
        registered=years_ago(ctx, 0.2, 4),
        employees=integer(rng, 0, 15),
    )
    p1 = pool.person_or_new(0.4, age=(28, 65))
    s.label("person", p1.person_id, "controller")
    if tie == "same_owner":
        link(ctx, p1, a, "owner", share=1.0)
        link(ctx, p1, b, "owner", share=uni(rng, 0.51, 1.0))
    elif tie == "same_director":
        link(ctx, p1, a, "director")
        link(ctx, p1, b, "director")
    else:
        p2 = ctx.new_person(age=(20, 70))
        link(ctx, p1, a, "owner", share=1.0)
        link(ctx, p2, b, "owner", share=1.0)
        link(ctx, p1, p2, "relative")
        s.label("person", p2.person_id, "relative_owner")
    s.party(a, "lender")
    s.party(b, "borrower")
    amount = rounded(logu(rng, 20e6, 600e6), 1_000_000)
    day = span(ctx, 0.05, 0.6)
    term = integer(rng, 12, 60)
    lid = _loan(
        ctx,
        a,
        b,
        amount,
        "KZT",
        day=day,
        lender_type="entity",
        rate=0.0 if chance(rng, 0.8) else 0.01,
        term=term,
        purpose="пополнение оборотных средств",
    )
    if chance(rng, 0.2):
        _schedule(ctx, lid, amount, 0.0, term, day, balloon=True)
    s.label("loan", lid, "loan")
    when = at(ctx, day)
    no = _contract_no(ctx)
    t = transfer(
        ctx, when, a, b, amount, "loan_disbursement", _lend_note(ctx, no, day), loan_id=lid
    )
    s.txns([t], "disbursement")
    c = pool.entity() if chance(rng, 0.4) else None
    c = c or ctx.new_entity(oked="46.90", registered=years_ago(ctx, 0.1, 2), employees=1)
    s.party(c, "transit")
    out = float(amount) * uni(rng, 0.9, 0.98)
    t1 = transfer(
        ctx,
        later(ctx, when, (1, 48)),
        b,
        c,
        money(out),
        "goods_payment",
        f"Оплата по договору поставки № {integer(rng, 1, 300)}",
    )
    back = out * uni(rng, 0.92, 0.99)
    t2 = transfer(
        ctx, later(ctx, when, (49, 120)), c, a, money(back), "goods_payment", "Оплата за товар"
    )
    s.txns([t1, t2], "circular_transfer")


def _forgiven_loan(ctx: SchemeContext, pool: Pool, s: Scheme) -> None:
    """A firm or a person lends, then forgives the debt within weeks (LOAN-10): a gift with
    a loan agreement for a cover. The borrower often takes it out in cash."""
    rng = ctx.rng
    borrower = pool.person_or_new(0.5, age=(20, 60), monthly_income_kzt=uni(rng, 80e3, 400e3))
    lender: PersonRef | EntityRef
    if chance(rng, 0.6):
        lender = pool.entity() or ctx.new_entity(oked="46.90")
        lender_type = "entity"
        if chance(rng, 0.6):
            link(ctx, borrower, lender, pick(rng, ("director", "owner", "employee")))
    else:
        lender = pool.person_or_new(0.5, age=(30, 70), monthly_income_kzt=uni(rng, 100e3, 600e3))
        lender_type = "person"
        if chance(rng, 0.5):
            link(ctx, lender, borrower, "relative")
    amount = rounded(logu(rng, 3e6, 120e6), 100_000)
    day = span(ctx, 0.05, 0.5)
    forgiven = clamp_day(ctx, day + uni(rng, 3, 45))  # "soon": days to weeks
    lid = _loan(
        ctx,
        lender,
        borrower,
        amount,
        "KZT",
        day=day,
        lender_type=lender_type,
        rate=0.0,
        term=integer(rng, 6, 36),
        purpose=None,
        status="forgiven",
        status_day=forgiven,
    )
    s.label("loan", lid, "forgiven_loan")
    s.party(lender, "lender")
    s.party(borrower, "borrower")
    when = at(ctx, day)
    t = transfer(
        ctx,
        when,
        lender,
        borrower,
        amount,
        "loan_disbursement",
        _lend_note(ctx, _contract_no(ctx), day),
        loan_id=lid,
    )
    s.txns([t], "disbursement")
    if chance(rng, 0.7):
        _move_on(ctx, pool, s, borrower, float(amount), later(ctx, when, (0.5, 24)))


_PLANTERS = {
    "offshore_loan_back": _offshore_loan_back,
    "private_fictitious": _private_fictitious,
    "related_party_circular": _related_party_circular,
    "forgiven_loan": _forgiven_loan,
}


# ── decoys ─────────────────────────────────────────────────────────────────────────────────


def _family_loan(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """A relative lends a modest sum, interest-free, and it is repaid on schedule."""
    rng = ctx.rng
    lender = pool.person_or_new(0.6, age=(35, 75), monthly_income_kzt=uni(rng, 300e3, 1.5e6))
    borrower = pool.person_or_new(0.6, age=(20, 45), monthly_income_kzt=uni(rng, 200e3, 800e3))
    link(ctx, lender, borrower, "relative")
    amount = rounded(logu(rng, 300e3, 3e6), 50_000)
    day = span(ctx, -1.5, 0.3)
    term = integer(rng, 6, 24)
    lid = _loan(
        ctx,
        lender,
        borrower,
        amount,
        "KZT",
        day=day,
        lender_type="person",
        rate=0.0,
        term=term,
        purpose=pick(
            rng, ("на ремонт", "на обучение", "покупка автомобиля", "на личные нужды", None)
        ),
    )
    plan_ = _schedule(ctx, lid, amount, 0.0, term, day + 30.44)
    if day >= 0:
        transfer(
            ctx,
            at(ctx, day),
            lender,
            borrower,
            amount,
            "loan_disbursement",
            "Займ на ремонт квартиры",
            loan_id=lid,
            channel="mobile",
        )
    for due, pay in plan_:
        if 0 <= due < ctx.days:
            transfer(
                ctx,
                at(ctx, due),
                borrower,
                lender,
                pay,
                "loan_repayment",
                "Возврат долга по графику",
                loan_id=lid,
                channel="mobile",
            )
    d.mark("loan", lid)
    d.party(lender)
    d.party(borrower)


def _group_loan(ctx: SchemeContext, pool: Pool, d: Decoy) -> None:
    """A parent company (abroad, not offshore, or at home) lends to its established
    subsidiary at a market rate, with a quarterly schedule."""
    rng = ctx.rng
    abroad = chance(rng, 0.5)
    country = pick(rng, ("DE", "TR", "RU", "CN", "KR", "IT")) if abroad else "KZ"
    parent = ctx.new_entity(
        country=country,
        name=foreign_firm_name(rng, country) if abroad else None,
        oked=None if abroad else pick(rng, ("64.20", "70.10", "46.90")),
        with_account=not abroad,
        registered=years_ago(ctx, 10, 40),
        employees=None if abroad else integer(rng, 20, 300),
        tax_paid_kzt=None if abroad else float(rounded(logu(rng, 50e6, 2e9))),
    )
    sub = ctx.new_entity(
        oked=pick(rng, ("46.69", "25.62", "46.51", "10.89")),
        registered=years_ago(ctx, 3, 15),
        employees=integer(rng, 30, 600),
        tax_paid_kzt=float(rounded(logu(rng, 30e6, 900e6))),
    )
    link(ctx, parent, sub, "owner", share=1.0)
    cur = pick(rng, ("USD", "EUR")) if abroad else "KZT"
    amount = rounded(logu(rng, 200e3, 3e6) * (1 if abroad else 470), 10_000)
    day = span(ctx, 0.05, 0.7)
    rate = round(uni(rng, 0.04, 0.09) if abroad else uni(rng, 0.12, 0.2), 4)
    term = integer(rng, 24, 60)
    lid = _loan(
        ctx,
        parent,
        sub,
        amount,
        cur,
        day=day,
        lender_type="foreign" if abroad else "entity",
        rate=rate,
        term=term,
        purpose="пополнение оборотных средств",
    )
    _schedule(ctx, lid, amount, rate, term, day + 91.3, every_months=3)
    note = f"Intercompany loan agreement No. {_contract_no(ctx)}"
    if abroad:
        frm = foreign(ctx, country, name=parent.name)
        receive_from_abroad(
            ctx, at(ctx, day), frm, sub, amount, cur, "loan_disbursement", note, loan_id=lid
        )
    else:
        note = f"Выдача займа по договору № {_contract_no(ctx)}, вознаграждение {rate:.1%}"
        transfer(ctx, at(ctx, day), parent, sub, amount, "loan_disbursement", note, loan_id=lid)
    d.mark("loan", lid)
    d.party(sub)
    d.party(parent)
