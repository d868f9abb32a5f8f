"""Ordinary life of firms, chunk by chunk of entities: supplier payments, taxes, rent,
utilities, card-acquiring settlements of merchants, and business-loan instalments.

As for persons (``life``), a chunk is planned first (counts fixed from habits and the
calendar) and generated after, so that surrogate keys are known up front.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kuzet.synth import firms as fm
from kuzet.synth import reference as ref
from kuzet.synth import rows as rw
from kuzet.synth import vec
from kuzet.synth.life import CH, REJECTED, T, disbursed, paydays, repay_count
from kuzet.synth.life_gen import LifeLookup
from kuzet.synth.rows import COMP, STATE, Rows
from kuzet.synth.sectors import schedule, schedule_table
from kuzet.synth.state import World
from kuzet.synth.vec import F64, I64, B


@dataclass
class FirmHabits:
    b2b_rate: F64
    """Supplier payments per 30 days."""
    pays_tax: B
    pays_rent: B
    settles: B
    """Merchant operators receive acquiring settlements every business day."""
    revenue_per_day: F64
    payees: I64
    """Active firms with accounts (counterparties)."""


def build_firm_habits(rng: np.random.Generator, world: World) -> FirmHabits:
    f, acc = world.firms, world.bank.accounts
    ok = f.active & (acc.entity_main >= 0)
    size = np.maximum(f.employees, 0).astype(np.float64)
    rate = np.where(f.kind == fm.IP, 3.0, 5.0 + 0.6 * size**0.7)
    rate = np.where(ok & ~np.isin(f.role, [fm.SPECIAL]), np.minimum(rate, 250.0), 0.0)
    tax = vec.filled(f.table.column("tax_paid_kzt"), 0.0)
    operators = np.zeros(f.n, dtype=np.bool_)
    operators[world.bank.merchant_entity] = True
    n_shops = np.bincount(world.bank.merchant_entity, minlength=f.n)
    revenue = n_shops * rng.uniform(150_000, 900_000, f.n)
    return FirmHabits(
        b2b_rate=rate,
        pays_tax=ok & (tax > 0) & (f.role != fm.SPECIAL),
        pays_rent=ok & (f.kind == fm.COMPANY) & (f.role == fm.ORDINARY) & (rng.random(f.n) < 0.5),
        settles=ok & operators,
        revenue_per_day=revenue,
        payees=np.flatnonzero(ok & np.isin(f.role, [fm.ORDINARY, fm.MERCHANT, fm.ENTREPRENEUR])),
    )


@dataclass
class FirmPlan:
    lo: int
    hi: int
    b2b: I64
    loans: I64
    monthly_days: tuple[I64, I64, I64]
    """Window days of the tax (25th), rent (3rd) and utilities (15th) payments."""
    business_days: I64
    rows: int

    def table_rows(self) -> dict[str, int]:
        return {"transactions": self.rows}


def _business_days(start_day: int, days: int) -> I64:
    return np.flatnonzero(rw.business_days(start_day, days))


def make_firm_plan(
    rng: np.random.Generator, world: World, fh: FirmHabits, lo: int, hi: int
) -> FirmPlan:
    start = vec.day_number(world.start)
    days = world.days
    b2b = rng.poisson(fh.b2b_rate[lo:hi] * days / 30.0).astype(np.int64)
    loans = world.sectors.loans
    first, last = np.searchsorted(
        loans.borrower_type * (1 << 40) + loans.borrower, [(1 << 40) + lo, (1 << 40) + hi]
    )
    which = np.arange(first, last)
    monthly = (
        paydays(start, days, 25),
        paydays(start, days, 3),
        paydays(start, days, 15),
    )
    bdays = _business_days(start, days)
    rows = (
        int(b2b.sum())
        + int(fh.pays_tax[lo:hi].sum()) * len(monthly[0])
        + int(fh.pays_rent[lo:hi].sum()) * (len(monthly[1]) + len(monthly[2]))
        + int(fh.settles[lo:hi].sum()) * len(bdays)
        + int(repay_count(world, which).sum())
        + len(disbursed(world, which))
    )
    return FirmPlan(lo, hi, b2b, which, monthly, bdays, rows)


class FirmChunkGen:
    def __init__(
        self,
        world: World,
        fh: FirmHabits,
        plan: FirmPlan,
        lk: LifeLookup,
        rng: np.random.Generator,
    ) -> None:
        self.w, self.fh, self.p, self.lk, self.rng = world, fh, plan, lk, rng
        self.acc = world.bank.accounts
        self.parts: list[Rows] = []

    def add(self, k: int, **cols: object) -> None:
        self.parts.append(Rows(k, **cols))  # type: ignore[arg-type]

    def run(self, lookup: rw.Lookup, first: dict[str, int]) -> dict[str, pa.Table]:
        rng, p, lk, w = self.rng, self.p, self.lk, self.w
        voc = lk.vocab
        ents = np.arange(p.lo, p.hi)
        dev = w.bank.entity_device
        main = self.acc.entity_main
        # supplier and service payments
        payer = np.repeat(ents, p.b2b)
        k = len(payer)
        payee = self.fh.payees[rng.integers(0, len(self.fh.payees), k)]
        size = np.maximum(w.firms.employees[payer], 1) ** 0.5
        services = rng.random(k) < 0.4
        first_b2b = voc.narrative(ref.NARRATIVES_B2B[0])
        self.add(
            k,
            day=rng.choice(w.days, size=k, p=rw.day_weights(lk.start_day, w.days, "office")),
            sec=rw.local_seconds(rng, k, "office"),
            type=T["transfer"],
            channel=CH["internet"],
            src=main[payer],
            dst=main[payee],
            amount=vec.round_to(np.exp(rng.normal(np.log(250_000), 1.1, k)) * size, 1),
            knp=np.where(services, voc.knp_of("services_payment"), voc.knp_of("goods_payment")),
            kod=COMP,
            kbe=COMP,
            narrative=first_b2b + rng.integers(0, len(ref.NARRATIVES_B2B), k),
            device=dev[payer],
            status=np.where(rng.random(k) < 0.004, REJECTED, 0),
        )
        treasury = int(main[np.flatnonzero(w.firms.role == fm.SPECIAL)[fm.TREASURY]])
        tax = vec.filled(w.firms.table.column("tax_paid_kzt"), 0.0)
        tax_days, rent_days, util_days = p.monthly_days
        self._monthly(
            ents[self.fh.pays_tax[p.lo : p.hi]],
            tax_days,
            lambda e: tax[e] / 12.0,
            dst=treasury,
            knp=voc.knp_of("tax"),
            kbe=STATE,
            narrative=voc.narrative("Оплата налогов"),
            type_=T["bill_payment"],
        )
        renters = ents[self.fh.pays_rent[p.lo : p.hi]]
        landlords = np.flatnonzero(np.array([o == "68.20" for o in w.firms.oked]) & (main >= 0))
        if len(landlords) == 0:
            landlords = self.fh.payees
        self._monthly(
            renters,
            rent_days,
            lambda e: 150_000 + (e * 7919 % 20) * 50_000,
            dst=main[landlords[renters % len(landlords)]],
            knp=voc.knp_of("rent"),
            kbe=COMP,
            narrative=voc.narrative("Оплата за аренду помещения"),
            type_=T["transfer"],
        )
        c = lk.cat_index["utilities"]
        region = np.maximum(w.firms.region[renters], 0)
        util = lk.m_sorted[lk.m_start[c, region]]
        self._monthly(
            renters,
            util_days,
            lambda e: 40_000 + (e * 104729 % 10) * 9_000,
            dst=lk.m_account[util],
            knp=voc.knp_of("utilities"),
            kbe=COMP,
            narrative=voc.narrative(ref.NARRATIVES_BILLS[0]),
            type_=T["bill_payment"],
        )
        # acquiring settlements of merchant operators, every business day
        ops = ents[self.fh.settles[p.lo : p.hi]]
        bd = p.business_days
        kk = len(ops) * len(bd)
        op = np.tile(ops, len(bd))
        acquirer = w.bank.merchants.column("acquirer_bank_id").to_numpy()
        first_shop = np.full(w.firms.n, 0)
        first_shop[w.bank.merchant_entity[::-1]] = np.arange(len(w.bank.merchant_entity))[::-1]
        self.add(
            kk,
            day=np.repeat(bd, len(ops)),
            sec=6 * 3600 + rng.integers(0, 3600, kk),
            type=T["transfer"],
            channel=CH["batch"],
            dst=main[op],
            cp_name=voc.cp_names.index(ref.BANKS[0].name) + acquirer[first_shop[op]] - 1,
            amount=np.round(self.fh.revenue_per_day[op] * rng.uniform(0.6, 1.4, kk) * 0.985),
            knp=voc.knp_of("goods_payment"),
            kod=rw.BANK,
            kbe=COMP,
            narrative=voc.narrative("Зачисление по эквайрингу"),
        )
        schedules = self._loans()
        cols = rw.concat_rows(self.parts)
        assert len(cols["day"]) == p.rows, (len(cols["day"]), p.rows)
        txns, _ = rw.assemble(cols, first["transactions"], lk.start_day, lk.offsets, lookup)
        return {"transactions": txns, "loan_schedules": schedules}

    def _monthly(
        self,
        who: I64,
        days: I64,
        amount: object,
        *,
        dst: object,
        knp: int,
        kbe: int,
        narrative: int,
        type_: int,
    ) -> None:
        if not len(who) or not len(days):
            return
        k = len(who) * len(days)
        e = np.tile(who, len(days))
        dst_arr = np.tile(np.broadcast_to(np.asarray(dst), (len(who),)), len(days))
        value = np.asarray(amount(e))  # type: ignore[operator]
        self.add(
            k,
            day=np.repeat(days, len(who)),
            sec=rw.local_seconds(self.rng, k, "office"),
            type=type_,
            channel=CH["internet"],
            src=self.acc.entity_main[e],
            dst=dst_arr,
            amount=vec.round_to(value * self.rng.uniform(0.8, 1.2, k), 1),
            knp=knp,
            kod=COMP,
            kbe=kbe,
            narrative=narrative,
            device=self.w.bank.entity_device[e],
        )

    def _loans(self) -> pa.Table:
        rng, lk, w = self.rng, self.lk, self.w
        loans = w.sectors.loans
        which = self.p.loans
        sch = schedule(loans, which)
        due = sch["due"]
        inside = (due >= lk.start_day) & (due < lk.start_day + w.days)
        li = sch["loan"][inside]
        k = len(li)
        voc = lk.vocab
        self.add(
            k,
            day=due[inside] - lk.start_day,
            sec=rw.local_seconds(rng, k, "office"),
            type=T["loan_repayment"],
            channel=CH["batch"],
            src=loans.pay_account[li],
            dst=loans.account[li],
            amount=np.round(sch["principal"][inside] + sch["interest"][inside], 2),
            knp=voc.knp_of("loan_repayment"),
            kod=COMP,
            kbe=rw.BANK,
            narrative=voc.narrative("Погашение займа по договору"),
            loan=li,
            status=np.where(sch["seq"][inside] > loans.defaulted_after[li], REJECTED, 0),
        )
        dis = disbursed(w, which)
        kd = len(dis)
        self.add(
            kd,
            day=loans.issued[dis] - lk.start_day,
            sec=rw.local_seconds(rng, kd, "office"),
            type=T["loan_disbursement"],
            channel=CH["batch"],
            src=loans.account[dis],
            dst=loans.pay_account[dis],
            amount=loans.amount[dis],
            knp=voc.knp_of("loan_disbursement"),
            kod=rw.BANK,
            kbe=COMP,
            narrative=voc.narrative("Выдача кредита по договору"),
            loan=dis,
        )
        return schedule_table(sch)
