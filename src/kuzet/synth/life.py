"""Ordinary life of persons, generated chunk by chunk of persons.

Each person has habits drawn once for the whole world (how often they shop, send money, use
ATMs; whether they trade crypto, bet, remit abroad) so that splitting the population into
chunks changes nothing. A chunk first *plans* how many operations of each kind each of its
persons makes (Poisson draws, plus salaries, pensions, fees and loan instalments that follow
from the calendar), which fixes its row counts and so its surrogate-key ranges before any
row exists; then it *generates* the rows, all vectorised. Planning is cheap and runs in the
main process; generation can run in worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kuzet.model.schemas import CHANNELS, TXN_TYPES
from kuzet.synth import reference as ref
from kuzet.synth import rows as rw
from kuzet.synth import vec
from kuzet.synth.state import World
from kuzet.synth.vec import F64, I64, B

T = {name: i for i, name in enumerate(TXN_TYPES)}
CH = {name: i for i, name in enumerate(CHANNELS)}
REJECTED, ATTEMPTED = 2, 1

# Poisson activities: rates are events per 30 days
ACTIVITIES = (
    "purchase",
    "p2p",
    "bill",
    "atm",
    "cash_in",
    "save",
    "crypto",
    "gamble",
    "remit",
    "real_estate",
    "vehicle",
    "jewel",
    "luxury",
    "metal",
)
A = {name: i for i, name in enumerate(ACTIVITIES)}
PURCHASE_MIX: tuple[tuple[str, float, float, float], ...] = (
    # category, share, median KZT, sigma
    ("grocery", 0.40, 4_500, 0.80),
    ("restaurant", 0.12, 6_500, 0.70),
    ("fuel", 0.07, 11_000, 0.45),
    ("pharmacy", 0.06, 3_800, 0.80),
    ("clothing", 0.05, 17_000, 0.80),
    ("electronics", 0.015, 55_000, 1.0),
    ("transport", 0.07, 1_600, 0.60),
    ("online_shop", 0.13, 9_000, 1.0),
    ("telecom", 0.08, 3_000, 0.50),
    ("travel", 0.005, 90_000, 0.80),
)
ECOM = frozenset({"online_shop", "telecom", "travel"})


@dataclass
class Habits:
    """Per-person rates (events per 30 days) of each activity, and who pays which bills."""

    rate: F64
    """(n, len(ACTIVITIES))"""
    sms_fee: B
    payday: I64
    """Day of month of the employer's main payroll (advance 15 days later)."""


def build_habits(rng: np.random.Generator, world: World) -> Habits:
    pop, bank = world.pop, world.bank
    n = pop.n
    age = pop.age
    has = bank.accounts.person_main >= 0
    card = bank.person_card >= 0
    inc = np.clip(pop.income / 300_000.0, 0.15, 6.0)
    activity = np.exp(rng.normal(0.0, 0.45, n))  # some people just use cards more
    rate = np.zeros((n, len(ACTIVITIES)))
    youth = np.clip((60 - age) / 40.0, 0.3, 1.2)
    rate[:, A["purchase"]] = np.where(card, 24.0 * activity * inc**0.25 * youth, 0.0)
    rate[:, A["p2p"]] = np.where(has, 4.5 * activity * np.where(age < 30, 1.4, 1.0), 0.0)
    head = np.r_[True, pop.household[1:] != pop.household[:-1]]
    rate[:, A["bill"]] = np.where(has & head, 1.9, np.where(has, 0.15, 0.0))
    rate[:, A["atm"]] = np.where(card, np.where(age >= 60, 2.6, np.where(age < 30, 0.9, 1.5)), 0.0)
    owners = np.zeros(n, dtype=np.bool_)
    owners[world.firms.owner_person[world.firms.owner_person >= 0]] = True
    rate[:, A["cash_in"]] = np.where(card, np.where(owners, 2.5, 0.15), 0.0)
    rate[:, A["save"]] = np.where(bank.accounts.person_deposit >= 0, 0.9, 0.0)
    adult = age >= 18
    crypto_user = has & adult & (age <= 50) & (rng.random(n) < 0.035 * inc**0.3)
    rate[:, A["crypto"]] = np.where(crypto_user, rng.uniform(0.5, 3.0, n), 0.0)
    gambler = card & (age >= 21) & (rng.random(n) < np.where(pop.female, 0.015, 0.06))
    rate[:, A["gamble"]] = np.where(gambler, rng.gamma(1.5, 1.6, n), 0.0)
    cit = np.array(pop.citizenship.to_pylist())
    remitter = has & np.isin(cit, ["UZ", "KG", "TJ"]) & (pop.occupation != 19)
    rate[:, A["remit"]] = np.where(remitter, 1.2, 0.0)
    able = has & (age >= 25) & (age <= 70)
    rate[:, A["real_estate"]] = np.where(able & (pop.income > 250_000), 0.0006 * inc, 0.0)
    rate[:, A["vehicle"]] = np.where(able & (pop.income > 200_000), 0.0016 * inc, 0.0)
    rate[:, A["jewel"]] = np.where(card & adult, 0.004 * inc, 0.0)
    rate[:, A["luxury"]] = np.where(card & (pop.income > 900_000), 0.01, 0.0)
    rate[:, A["metal"]] = np.where(able & (pop.income > 400_000), 0.0008, 0.0)
    employer = world.firms.employer
    payday = np.full(n, -1, dtype=np.int64)
    firm_payday = rng.integers(1, 11, world.firms.n)
    payday[employer >= 0] = firm_payday[employer[employer >= 0]]
    return Habits(rate=rate, sms_fee=card & (rng.random(n) < 0.4), payday=payday)


@dataclass
class Plan:
    """What a chunk of persons will do: counts fixed before any row is generated."""

    lo: int
    hi: int
    counts: I64
    """(hi - lo, len(ACTIVITIES)) Poisson counts."""
    deal_cash: B
    """Per real-estate/jewellery deal (in count order): paid in cash, so no transaction."""
    bets: I64
    wins: I64
    withdrawals: I64
    crypto_out: I64
    loans: I64
    """Loan indices of borrowers in the chunk."""
    repay_rows: int
    disburse: int

    def table_rows(self) -> dict[str, int]:
        c = self.counts.sum(axis=0)
        n_deals = int(
            c[A["real_estate"]] + c[A["vehicle"]] + c[A["jewel"]] + c[A["luxury"]] + c[A["metal"]]
        )
        poisson_txn = int(
            c[A["purchase"]]
            + c[A["p2p"]]
            + c[A["bill"]]
            + c[A["atm"]]
            + c[A["cash_in"]]
            + c[A["save"]]
            + c[A["crypto"]]
            + c[A["gamble"]]
            + c[A["remit"]]
        )
        deal_txn = n_deals - int(self.deal_cash.sum())
        return {
            "transactions": poisson_txn
            + deal_txn
            + int(self.withdrawals.sum())
            + self.salary_rows
            + self.pension_rows
            + self.fee_rows
            + self.repay_rows
            + self.disburse,
            "crypto_transfers": int(c[A["crypto"]] + self.crypto_out.sum()),
            "gambling_ops": int(
                c[A["gamble"]] + self.bets.sum() + self.wins.sum() + self.withdrawals.sum()
            ),
            "property_deals": n_deals,
        }

    salary_rows: int = 0
    pension_rows: int = 0
    fee_rows: int = 0


def paydays(start_day: int, days: int, day_of_month: int) -> I64:
    """Window days of a monthly payment due on ``day_of_month``, moved back to the previous
    business day when it falls on a weekend or holiday (staying inside the window)."""
    business = rw.business_days(start_day, days)
    out = _calendar_days(start_day, days, day_of_month).copy()
    for i, due in enumerate(out.tolist()):
        day = due
        while day > 0 and not business[day]:
            day -= 1
        out[i] = day if business[day] else due
    return out


def _calendar_days(start_day: int, days: int, day_of_month: int) -> I64:
    d = np.arange(start_day, start_day + days)
    dom = (d.astype("datetime64[D]") - d.astype("datetime64[D]").astype("datetime64[M]")).astype(
        np.int64
    ) + 1
    return np.flatnonzero(dom == day_of_month)


def make_plan(rng: np.random.Generator, world: World, habits: Habits, lo: int, hi: int) -> Plan:
    days = world.days
    start_day = _start(world)
    rate = habits.rate[lo:hi]
    counts = rng.poisson(rate * days / 30.0).astype(np.int64)
    deals = counts[:, A["real_estate"]].sum() + counts[:, A["jewel"]].sum()
    deal_cash = np.r_[
        rng.random(int(counts[:, A["real_estate"]].sum())) < 0.02,
        rng.random(int(counts[:, A["jewel"]].sum())) < 0.12,
    ]
    assert len(deal_cash) == deals
    dep = counts[:, A["gamble"]]
    bets = dep * 3
    wins = rng.binomial(bets, 0.3)
    withdrawals = rng.binomial(dep, 0.25)
    crypto_out = rng.binomial(counts[:, A["crypto"]], 0.3)
    bank = world.bank
    # payroll: each employee is paid on the employer's payday and an advance 15 days later
    payday = habits.payday[lo:hi]
    paid = (payday > 0) & (bank.accounts.person_main[lo:hi] >= 0)
    salary_rows = 0
    for d in range(1, 11):
        who = int((paid & (payday == d)).sum())
        salary_rows += who * (
            len(paydays(start_day, days, d)) + len(paydays(start_day, days, d + 15))
        )
    pension_rows = int(_pensioners(world, lo, hi).sum()) * len(paydays(start_day, days, 5))
    fee_rows = int(habits.sms_fee[lo:hi].sum()) * len(_calendar_days(start_day, days, 1))
    loans = world.sectors.loans
    first, last = np.searchsorted(loans.borrower_type * (1 << 40) + loans.borrower, [lo, hi])
    which = np.arange(first, last)
    repay_rows = int(repay_count(world, which).sum())
    n_disburse = len(disbursed(world, which))
    return Plan(
        lo=lo,
        hi=hi,
        counts=counts,
        deal_cash=deal_cash,
        bets=bets,
        wins=wins,
        withdrawals=withdrawals,
        crypto_out=crypto_out,
        loans=which,
        repay_rows=repay_rows,
        disburse=n_disburse,
        salary_rows=salary_rows,
        pension_rows=pension_rows,
        fee_rows=fee_rows,
    )


def _start(world: World) -> int:
    return vec.day_number(world.start)


def _pensioners(world: World, lo: int, hi: int) -> B:
    pop = world.pop
    return np.asarray(
        (pop.occupation[lo:hi] == ref.OCCUPATION_INDEX["pensioner"])
        & (world.bank.accounts.person_main[lo:hi] >= 0)
    )


def repay_count(world: World, which: I64) -> I64:
    """Instalments of each loan due inside the window, without building the schedule:
    instalment ``s`` falls due in month ``issued_month + s`` on the issue day (≤ 28th)."""
    loans = world.sectors.loans
    start = _start(world)
    end = start + world.days - 1
    issued = loans.issued[which].astype("datetime64[D]")
    mi = issued.astype("datetime64[M]").astype(np.int64)
    dom = np.minimum((issued - issued.astype("datetime64[M]")).astype(np.int64), 27)

    def month_and_day(day: int) -> tuple[int, int]:
        d = np.datetime64(day, "D")
        m = d.astype("datetime64[M]")
        return int(m.astype(np.int64)), int((d - m.astype("datetime64[D]")).astype(np.int64))

    sm, sd = month_and_day(start)
    em, ed = month_and_day(end)
    s_lo = np.maximum(sm - mi + (dom < sd), 1)
    s_hi = np.minimum(em - mi - (dom > ed), loans.term[which])
    out: I64 = np.maximum(s_hi - s_lo + 1, 0)
    return out


def disbursed(world: World, which: I64) -> I64:
    loans = world.sectors.loans
    start = _start(world)
    return which[(loans.issued[which] >= start) & (loans.issued[which] < start + world.days)]
