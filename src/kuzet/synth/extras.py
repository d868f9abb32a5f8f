"""Ordinary operations that look like scheme material but are everyday life, so that no
signal exists only where a planter put it:

- cash at the branch cash desk: deposits and withdrawals by ordinary people, some large (a
  car sold or bought), and business owners paying in their takings;
- private loans between relatives and friends, founders' loans to their own firms and a few
  loans from abroad to firms, with and without repayment schedules;
- casino chips bought and cashed out at the venue by ordinary adults;
- crypto deposited and sold for tenge on licensed platforms;
- SWIFT payments of people and firms with varied, ordinary narratives.

Rates are low and amounts follow everyday distributions (nothing aimed at a threshold).
Runs as its own job through ``WorldContext`` in a key block after the families', on its own
seed, and labels nothing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth import firms as fm
from kuzet.synth import rows as rw
from kuzet.synth import vec
from kuzet.synth.api import PersonRef
from kuzet.synth.context import WorldContext
from kuzet.synth.schemes import gam, va
from kuzet.synth.schemes._flows import Foreign, Holder, foreign_account, kzt, pick
from kuzet.synth.schemes._rows import receive_from_abroad, send_abroad, transfer

_US_DAY = 86_400_000_000
_OFFSET_H = 5
LOAN_PURPOSES = ("Личные нужды", "Ремонт квартиры", "Покупка автомобиля", "Лечение", "Свадьба")
SWIFT_PERSON_OUT = (
    ("Tuition fee for the 2025/2026 academic year", "services_payment", "GB", "University"),
    ("Payment for medical treatment, invoice", "services_payment", "DE", "Klinikum"),
    ("Financial support to family member", "p2p_transfer", "RU", None),
    ("Accommodation deposit, booking", "services_payment", "TR", "Otel"),
    ("Course fee, language school", "services_payment", "KR", "Academy"),
)
SWIFT_PERSON_IN = (
    ("Family support", "p2p_transfer", "RU", None),
    ("Payment for translation services, invoice", "services_payment", "US", "LLC"),
    ("Gift from relatives", "p2p_transfer", "DE", None),
    ("Scholarship payment", "services_payment", "HU", "Foundation"),
)
SWIFT_FIRM = (
    ("Payment for software licences, invoice", "services_payment", "IE", "Ltd"),
    ("Freight charges, bill of lading", "services_payment", "CN", "Logistics Co., Ltd"),
    ("Consulting services under agreement", "services_payment", "AE", "FZ-LLC"),
    ("Advertising services, invoice", "services_payment", "US", "Inc."),
    ("Spare parts under contract, invoice", "goods_payment", "DE", "GmbH"),
    ("Membership fee, annual", "services_payment", "CH", "AG"),
)
FOREIGN_LENDERS = (("NL", "Holding B.V."), ("CY", "Investments Ltd"), ("DE", "GmbH"), ("CN", "Co."))


class _Extras:
    def __init__(self, ctx: WorldContext) -> None:
        self.ctx, self.rng, self.w = ctx, ctx.rng, ctx.world
        self.scale = ctx.persons * ctx.days / 30.0
        acc = self.w.bank.accounts
        self.adults = np.flatnonzero((acc.person_main >= 0) & (self.w.pop.age >= 18))
        self.bdays = np.flatnonzero(rw.business_days(vec.day_number(self.w.start), ctx.days))

    def count(self, per_person_month: float) -> int:
        return int(self.rng.poisson(per_person_month * self.scale))

    def branch_ts(self, k: int) -> np.ndarray:
        """Instants in branch hours (09:30–18:30 Almaty) on business days, as UTC."""
        day = self.bdays[self.rng.integers(0, len(self.bdays), k)]
        hours = self.rng.uniform(9.5, 18.5, k) - _OFFSET_H
        us = (day * _US_DAY + hours * 3_600_000_000).astype(np.int64)
        return np.datetime64(self.ctx.start.replace(tzinfo=None), "us") + us.astype("m8[us]")

    # ── cash desk ──────────────────────────────────────────────────────────────────────
    def cash_desk(self) -> None:
        rng, acc = self.rng, self.w.bank.accounts
        for kind, rate, median, sigma, big in (
            ("cash_deposit", 0.02, 120_000, 0.9, 0.0015),
            ("cash_withdrawal", 0.03, 150_000, 0.8, 0.001),
        ):
            k, b = self.count(rate), self.count(big)
            who = self.adults[rng.integers(0, len(self.adults), k + b)]
            value = np.r_[np.exp(rng.normal(np.log(median), sigma, k)), rng.uniform(1.5e6, 9e6, b)]
            step = np.where(value > 1e6, 10_000, 1_000)
            amount = np.maximum(step, np.round(value / step) * step)
            deposit = kind == "cash_deposit"
            note = "Взнос наличных" if deposit else None
            self._cash(
                kind,
                self.branch_ts(k + b),
                acc.person_main[who] + 1,
                amount,
                sector_code("resident_individual"),
                note,
            )
        # owners of shops and small firms pay in their takings
        f = self.w.firms
        ok = f.active & (acc.entity_main >= 0) & np.isin(f.role, [fm.ORDINARY, fm.ENTREPRENEUR])
        firms = np.flatnonzero(ok)
        k = int(rng.poisson(0.004 * self.scale))
        if len(firms) and k:
            firm = firms[rng.integers(0, len(firms), k)]
            value = np.exp(rng.normal(np.log(450_000), 0.9, k))
            household = f.kind[firm] == fm.IP
            for hh in (True, False):
                sel = household == hh
                code = sector_code("resident_individual" if hh else "resident_company")
                self._cash(
                    "cash_deposit",
                    self.branch_ts(int(sel.sum())),
                    acc.entity_main[firm[sel]] + 1,
                    np.maximum(1000, np.round(value[sel] / 1000) * 1000),
                    code,
                    "Взнос торговой выручки",
                )

    def _cash(
        self,
        kind: str,
        ts: np.ndarray,
        account: np.ndarray,
        amount: np.ndarray,
        code: str,
        note: str | None,
    ) -> None:
        n = len(account)
        if not n:
            return
        deposit = kind == "cash_deposit"
        ids = account.tolist()
        self.ctx.txns(
            ts=ts,
            type=[kind] * n,
            channel=["branch"] * n,
            amount=amount,
            src_account_id=None if deposit else ids,
            dst_account_id=ids if deposit else None,
            knp=[knp_code(kind)] * n,
            kod=None if deposit else [code] * n,
            kbe=[code] * n if deposit else None,
            narrative=[note] * n if note else None,
        )

    # ── private and foreign loans ──────────────────────────────────────────────────────
    def _person(self, i: int) -> Holder:
        b = self.w.bank
        d = int(b.person_device[i])
        dev = str(b.device_ids[d].as_py()) if d >= 0 else None
        ip = str(b.device_ips[d].as_py()) if d >= 0 else None
        return Holder("person", i + 1, int(b.accounts.person_main[i]) + 1, None, dev, ip)

    def private_loans(self) -> None:
        rng, pop, acc = self.rng, self.w.pop, self.w.bank.accounts
        for _ in range(self.count(0.0008)):
            lender = int(self.adults[rng.integers(0, len(self.adults))])
            deg = int(pop.rel_ptr[lender + 1] - pop.rel_ptr[lender])
            if deg and rng.random() < 0.6:
                other = int(pop.rel_idx[pop.rel_ptr[lender] + rng.integers(0, deg)])
            else:
                other = int(pop.friends[lender, rng.integers(0, pop.friends.shape[1])])
            if acc.person_main[other] < 0 or other == lender:
                continue
            principal = float(kzt(float(np.exp(rng.normal(np.log(500_000), 0.8))), 10_000))
            self._loan(
                self._person(lender),
                self._person(other),
                principal,
                "person",
                pick(rng, LOAN_PURPOSES),
                None,
            )
        f = self.w.firms
        owners = np.flatnonzero((f.owner_person >= 0) & f.active & (acc.entity_main >= 0))
        for _ in range(self.count(0.0001) if len(owners) else 0):
            e = int(owners[rng.integers(0, len(owners))])
            owner = int(f.owner_person[e])
            if acc.person_main[owner] < 0:
                continue
            firm = Holder(
                "entity", e + 1, int(acc.entity_main[e]) + 1, household=bool(f.kind[e] == fm.IP)
            )
            principal = float(kzt(float(np.exp(rng.normal(np.log(3e6), 0.9))), 100_000))
            self._loan(
                self._person(owner), firm, principal, "person", "Финансовая помощь учредителя", None
            )
        companies = np.flatnonzero((f.kind == fm.COMPANY) & f.active & (acc.entity_main >= 0))
        for _ in range(self.count(0.00003) if len(companies) else 0):
            e = int(companies[rng.integers(0, len(companies))])
            country, suffix = pick(rng, FOREIGN_LENDERS)
            cp = foreign_account(
                rng, country, f"{pick(rng, ('Nordic', 'Altyn', 'Eurasia', 'Silk'))} {suffix}", True
            )
            principal = float(kzt(float(np.exp(rng.normal(np.log(80e6), 0.9))), 1_000_000))
            self._loan(
                None,
                Holder("entity", e + 1, int(acc.entity_main[e]) + 1),
                principal,
                "foreign",
                "Оборотные средства",
                cp,
            )

    def _loan(
        self,
        lender: Holder | None,
        borrower: Holder,
        principal: float,
        lender_type: str,
        purpose: str,
        foreign: Foreign | None,
    ) -> None:
        ctx, rng = self.ctx, self.rng
        day = int(rng.integers(0, ctx.days))
        scheduled = rng.random() < 0.5
        term = int(rng.integers(3, 25)) if scheduled else None
        issued = (ctx.start + dt.timedelta(days=day)).date()
        loan_id = ctx.next_id("loans")
        ctx.row(
            "loans",
            loan_id=loan_id,
            lender_type=lender_type,
            lender_party_type=lender.party_type if lender else None,
            lender_id=lender.party_id if lender else None,
            lender_name=foreign.name if foreign else None,
            lender_country=foreign.country if foreign else "KZ",
            borrower_type=borrower.party_type,
            borrower_id=borrower.party_id,
            amount=principal,
            currency="KZT",
            rate=float(rng.choice([0.0, 0.0, 0.05, 0.1])),
            term_months=term,
            issued=issued,
            purpose=purpose,
            status="active",
        )
        t = day + float(rng.uniform(10, 20) - _OFFSET_H) / 24
        note = f"Заём по договору от {issued:%d.%m.%Y}" if lender else "Loan disbursement"
        if foreign is not None:
            receive_from_abroad(
                ctx,
                foreign,
                borrower,
                t,
                kzt(principal),
                "loan_disbursement",
                f"Loan disbursement under agreement dated {issued:%d.%m.%Y}",
            )
        elif lender is not None:
            transfer(
                ctx, lender, borrower, t, kzt(principal), "loan_disbursement", note, loan_id=loan_id
            )
        if not term:
            return
        for seq in range(1, term + 1):
            due = issued + dt.timedelta(days=30 * seq)
            ctx.row(
                "loan_schedules",
                loan_id=loan_id,
                seq=seq,
                due_date=due,
                principal=round(principal / term, 2),
            )
            d = day + 30 * seq + float(rng.uniform(8, 22) - _OFFSET_H) / 24
            if d >= ctx.days:
                continue
            value = kzt(principal / term, 1)
            if foreign is not None:
                send_abroad(
                    ctx,
                    borrower,
                    foreign,
                    d,
                    value,
                    "loan_repayment",
                    f"Repayment of loan dated {issued:%d.%m.%Y}, instalment {seq}",
                )
            elif lender is not None:
                transfer(
                    ctx,
                    borrower,
                    lender,
                    d,
                    value,
                    "loan_repayment",
                    "Возврат займа",
                    loan_id=loan_id,
                )

    # ── casino, crypto, SWIFT ──────────────────────────────────────────────────────────
    def _ordinary(self, min_age: int) -> PersonRef | None:
        got = self.ctx.sample_persons(1, min_age=min_age)
        return got[0] if got and got[0].account_id is not None else None

    def casino(self) -> None:
        ctx, rng = self.ctx, self.rng
        casinos = gam._operators(ctx, "casino")
        for _ in range(self.count(0.0015)):
            player = self._ordinary(21)
            if player is None:
                continue
            op = pick(rng, casinos)
            buy = float(kzt(float(np.exp(rng.normal(np.log(60_000), 0.9))), 5_000))
            night = int(rng.integers(0, ctx.days)) + float(rng.uniform(19, 27) - _OFFSET_H) / 24
            if night >= ctx.days:
                continue
            gam._op(ctx, ctx.ts(night), op, player, "chips_buy", buy, online=False)
            played = 0.0
            for _ in range(int(rng.integers(2, 9))):
                stake = float(round(buy * rng.uniform(0.05, 0.25), -2))
                played += stake
                gam._op(
                    ctx,
                    ctx.ts(night + rng.uniform(0.01, 0.12)),
                    op,
                    player,
                    "bet",
                    stake,
                    online=False,
                )
            back = buy * float(rng.uniform(0.0, 1.6))
            if back >= 5_000:
                gam._op(
                    ctx,
                    ctx.ts(night + rng.uniform(0.12, 0.2)),
                    op,
                    player,
                    "chips_cashout",
                    float(round(back, -3)),
                    online=False,
                )

    def crypto(self) -> None:
        ctx, rng = self.ctx, self.rng
        platforms = list(ctx.platforms(licensed=True))
        w = va.Wallets(hot={}, risky=[], mcc={}, terminals={})
        for _ in range(self.count(0.002) if platforms else 0):
            user = self._ordinary(18)
            if user is None:
                continue
            platform = pick(rng, platforms)
            chain, asset = pick(rng, va.CHAINS)
            value = float(np.exp(rng.normal(np.log(120_000), 1.0)))
            t = int(rng.integers(0, ctx.days)) + float(rng.uniform(0, 1))
            va._crypto(ctx, w, ctx.ts(t), platform, user, "deposit", chain, asset, value)
            t2 = t + float(rng.uniform(0.01, 3))
            if rng.random() < 0.7 and t2 + 1 < ctx.days:
                va._crypto(
                    ctx,
                    w,
                    ctx.ts(t2),
                    platform,
                    user,
                    "sell",
                    chain,
                    asset,
                    value * 0.995,
                    account_id=user.account_id,
                )
                if platform.iban:
                    va._fiat_from_platform(
                        ctx, ctx.ts(t2 + rng.uniform(0.05, 1)), platform, user, value * 0.99
                    )

    def swift(self) -> None:
        ctx, rng, acc = self.ctx, self.rng, self.w.bank.accounts
        for _ in range(self.count(0.0006)):
            i = int(self.adults[rng.integers(0, len(self.adults))])
            me = self._person(i)
            outward = rng.random() < 0.55
            note, purpose, country, suffix = pick(
                rng, SWIFT_PERSON_OUT if outward else SWIFT_PERSON_IN
            )
            cp = foreign_account(
                rng, country, f"Kim Lee {suffix}" if suffix else "Private person", bool(suffix)
            )
            t = int(rng.integers(0, ctx.days)) + float(rng.uniform(10, 18) - _OFFSET_H) / 24
            value = kzt(float(np.exp(rng.normal(np.log(400_000), 1.0))), 100)
            text = f"{note} {int(rng.integers(100, 99999))}" if suffix else note
            if outward:
                send_abroad(ctx, me, cp, t, value, purpose, text, channel="internet")
            else:
                receive_from_abroad(ctx, cp, me, t, value, purpose, text)
        f = self.w.firms
        firms = np.flatnonzero((f.kind == fm.COMPANY) & f.active & (acc.entity_main >= 0))
        for _ in range(self.count(0.0004) if len(firms) else 0):
            e = int(firms[rng.integers(0, len(firms))])
            me = Holder("entity", e + 1, int(acc.entity_main[e]) + 1)
            note, purpose, country, suffix = pick(rng, SWIFT_FIRM)
            cp = foreign_account(
                rng, country, f"{pick(rng, ('Vertex', 'Orion', 'Helix'))} {suffix}", True
            )
            t = int(rng.integers(0, ctx.days)) + float(rng.uniform(10, 18) - _OFFSET_H) / 24
            value = kzt(float(np.exp(rng.normal(np.log(3e6), 1.1))), 1)
            send_abroad(ctx, me, cp, t, value, purpose, f"{note} {int(rng.integers(100, 99999))}")


def plant_ordinary(ctx: WorldContext) -> None:
    """Add the ordinary look-alike operations of the module docstring to ``ctx``."""
    x = _Extras(ctx)
    x.cash_desk()
    x.private_loans()
    x.casino()
    x.crypto()
    x.swift()
