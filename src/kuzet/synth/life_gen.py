"""Rows of a planned chunk of persons: purchases, transfers, cash, payroll, loans, crypto,
betting and big purchases, all as vectorised column arrays (see ``life`` for the plan)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kuzet.model.schemas import TABLES
from kuzet.synth import assets, vec
from kuzet.synth import firms as fm
from kuzet.synth import reference as ref
from kuzet.synth import rows as rw
from kuzet.synth.life import (
    CH,
    ECOM,
    PURCHASE_MIX,
    REJECTED,
    A,
    Habits,
    Plan,
    T,
    _calendar_days,
    _pensioners,
    disbursed,
    paydays,
)
from kuzet.synth.rows import COMP, IND, NR_IND, STATE, Rows
from kuzet.synth.sectors import schedule, schedule_table
from kuzet.synth.state import World
from kuzet.synth.vec import F64, I64

_FOREIGN_SHOPS = (  # vocabulary index of the shop name, its country index, currency, ≈KZT rate
    (0, 0, "AED", 136.0),
    (1, 1, "TRY", 15.0),
    (2, 1, "TRY", 15.0),
    (3, 2, "USD", 500.0),
    (4, 3, "USD", 500.0),
    (5, 4, "CNY", 70.0),
)


@dataclass
class LifeLookup:
    """World-level indexes the person chunks share (built once, read-only)."""

    vocab: rw.Vocab
    start_day: int
    offsets: I64
    m_sorted: I64
    m_start: I64
    """(len(PURCHASE_MIX) + extra categories, regions) first position in ``m_sorted``."""
    m_count: I64
    m_mcc: I64
    m_account: I64
    atm_sorted: I64
    atm_start: I64
    atm_count: I64
    p_by_region: I64
    p_start: I64
    p_count: I64
    developers: I64
    dealer_merchants: I64
    jewel_merchants: I64
    lux_merchants: I64
    crypto_merchants: I64
    crypto_platform: I64
    bookmakers: I64
    public_entity: np.ndarray
    pension_account: int
    cat_index: dict[str, int]


def _grouped(keys: I64, n_groups: int) -> tuple[I64, I64, I64]:
    order = np.argsort(keys, kind="stable")
    counts = np.bincount(keys, minlength=n_groups)
    return order, np.r_[0, np.cumsum(counts)[:-1]], counts


def build_lookup(world: World, vocab: rw.Vocab) -> LifeLookup:
    b, f = world.bank, world.firms
    acc = b.accounts
    start_day = vec.day_number(world.start)
    n_reg = len(ref.REGIONS)
    cats = [c for c, *_ in PURCHASE_MIX] + ["utilities", "bookmaker"]
    cat_index = {c: i for i, c in enumerate(cats)}
    mcat = np.full(len(b.merchant_category), -1)
    for name, i in cat_index.items():
        mcat[b.merchant_category == ref.MERCHANT_CATEGORY_INDEX[name]] = i
    # national merchants serve every region: index them once per region
    keys, members = [], []
    for r in range(n_reg):
        sel = np.flatnonzero((mcat >= 0) & ((b.merchant_region == r) | (b.merchant_region < 0)))
        keys.append(mcat[sel] * n_reg + r)
        members.append(sel)
    key = np.concatenate(keys)
    member = np.concatenate(members)
    order, start, count = _grouped(key, len(cats) * n_reg)
    m_sorted = member[order]
    m_start: I64 = start.reshape(len(cats), n_reg)
    m_count: I64 = count.reshape(len(cats), n_reg)
    for c in range(len(cats)):  # a region without such a shop borrows the whole category
        all_c = np.flatnonzero(mcat == c)
        if not len(all_c):
            continue
        empty = m_count[c] == 0
        if empty.any():
            m_sorted = np.r_[m_sorted, all_c]
            m_start[c, empty] = len(m_sorted) - len(all_c)
            m_count[c, empty] = len(all_c)
    mcc_codes = np.array([vocab.mcc.index(m) for m in b.merchant_mcc.to_pylist()])
    m_account = acc.entity_main[b.merchant_entity]
    atm_sorted, atm_start, atm_count = _grouped(b.atm_region, n_reg)
    has = np.flatnonzero(acc.person_main >= 0)
    p_order, p_start, p_count = _grouped(world.pop.region[has], n_reg)
    okeds = np.array([o or "" for o in f.oked])
    dev = np.flatnonzero((okeds == "41.20") & f.active & (acc.entity_main >= 0))

    def of(cat: str) -> I64:
        return np.flatnonzero(b.merchant_category == ref.MERCHANT_CATEGORY_INDEX[cat])

    lic = np.flatnonzero(b.platforms.column("licensed").to_numpy(zero_copy_only=False))
    pension = np.flatnonzero(f.role == fm.SPECIAL)[fm.PENSION_FUND]
    return LifeLookup(
        vocab=vocab,
        start_day=start_day,
        offsets=rw.utc_offsets(start_day, world.days),
        m_sorted=m_sorted,
        m_start=m_start,
        m_count=m_count,
        m_mcc=mcc_codes,
        m_account=m_account,
        atm_sorted=atm_sorted,
        atm_start=atm_start,
        atm_count=atm_count,
        p_by_region=has[p_order],
        p_start=p_start,
        p_count=p_count,
        developers=dev,
        dealer_merchants=of("car_dealer"),
        jewel_merchants=of("jewellery"),
        lux_merchants=np.r_[of("jewellery"), of("clothing")],
        crypto_merchants=b.platform_merchant[lic],
        crypto_platform=lic,
        bookmakers=of("bookmaker"),
        public_entity=np.isin(f.role, [fm.PUBLIC, fm.SPECIAL]),
        pension_account=int(acc.entity_main[pension]),
        cat_index=cat_index,
    )


def _pick(rng: np.random.Generator, start: I64, count: I64, sorted_: I64) -> I64:
    return sorted_[start + (rng.random(len(start)) * np.maximum(count, 1)).astype(np.int64)]


def _lognormal(rng: np.random.Generator, median: F64 | float, sigma: F64 | float, k: int) -> F64:
    return np.asarray(median * np.exp(rng.normal(0.0, 1.0, k) * sigma), dtype=np.float64)


class ChunkGen:
    """Generates the rows of one planned chunk of persons."""

    def __init__(
        self, world: World, habits: Habits, plan: Plan, lk: LifeLookup, rng: np.random.Generator
    ) -> None:
        self.w, self.h, self.p, self.lk, self.rng = world, habits, plan, lk, rng
        self.days = world.days
        self.acc = world.bank.accounts
        self.bank = world.bank
        self.pop = world.pop
        self.inc = np.clip(self.pop.income / 300_000.0, 0.15, 6.0)
        self.parts: list[Rows] = []

    # helpers
    def who(self, activity: str) -> I64:
        return np.repeat(np.arange(self.p.lo, self.p.hi), self.p.counts[:, A[activity]])

    def days_of(self, k: int, profile: str) -> I64:
        return self.rng.choice(
            self.days, size=k, p=rw.day_weights(self.lk.start_day, self.days, profile)
        )

    def status(self, k: int, rejected: float, attempted: float = 0.0) -> I64:
        u = self.rng.random(k)
        return np.where(u < rejected, REJECTED, np.where(u < rejected + attempted, 1, 0))

    def add(self, k: int, **cols: object) -> None:
        self.parts.append(Rows(k, **cols))  # type: ignore[arg-type]

    # activities
    def purchases(self) -> None:
        rng, who = self.rng, self.who("purchase")
        k = len(who)
        shares = np.array([s for _, s, _, _ in PURCHASE_MIX])
        cat = rng.choice(len(PURCHASE_MIX), size=k, p=shares / shares.sum())
        region = self.pop.region[who]
        merchant = _pick(
            rng, self.lk.m_start[cat, region], self.lk.m_count[cat, region], self.lk.m_sorted
        )
        med = np.array([m for _, _, m, _ in PURCHASE_MIX])[cat]
        sig = np.array([s for _, _, _, s in PURCHASE_MIX])[cat]
        amount = np.round(_lognormal(rng, med * self.inc[who] ** 0.35, sig, k))
        amount = np.maximum(amount, 50.0)
        card = self._card(who, credit_share=0.3)
        ecom = np.isin(cat, [i for i, (c, *_) in enumerate(PURCHASE_MIX) if c in ECOM])
        mcc = self.lk.m_mcc[merchant]
        # a few travel payments are made abroad, in foreign currency
        abroad = (cat == self.lk.cat_index["travel"]) & (rng.random(k) < 0.25)
        shop = rng.integers(0, len(_FOREIGN_SHOPS), k)
        table = np.array([(s[0], s[1], rw.CURRENCIES.index(s[2]), s[3]) for s in _FOREIGN_SHOPS])
        currency = np.where(abroad, table[shop, 2], 0).astype(np.int64)
        amount = np.where(abroad, np.round(amount / table[shop, 3], 2), amount)
        self.add(
            k,
            person=who,
            day=self.days_of(k, "purchase"),
            sec=rw.local_seconds(rng, k, "purchase"),
            type=T["card_payment"],
            channel=np.where(ecom, CH["ecom"], CH["pos"]),
            src=self.bank.card_account[card],
            card=card,
            merchant=np.where(abroad, -1, merchant),
            mcc=np.where(abroad, self.lk.vocab.mcc.index("7011"), mcc),
            cp_name=np.where(abroad, table[shop, 0], -1).astype(np.int64),
            cp_country=np.where(abroad, table[shop, 1], -1).astype(np.int64),
            amount=amount,
            currency=currency,
            device=np.where(ecom, self._device(who), -1),
            status=self.status(k, 0.015),
        )

    def _card(self, who: I64, credit_share: float) -> I64:
        rng = self.rng
        card = self.bank.person_card[who]
        second = self.bank.person_second_card[who]
        credit = self.bank.person_credit_card[who]
        u = rng.random(len(who))
        card = np.where((second >= 0) & (u < 0.2), second, card)
        return np.where((credit >= 0) & (u > 1 - credit_share), credit, card)

    def _device(self, who: I64) -> I64:
        return self.bank.person_device[who]

    def p2p(self) -> None:
        rng, who, pop = self.rng, self.who("p2p"), self.pop
        k = len(who)
        deg = pop.rel_ptr[who + 1] - pop.rel_ptr[who]
        to_rel = (deg > 0) & (rng.random(k) < 0.55)
        rel = pop.rel_idx[
            np.minimum(
                pop.rel_ptr[who] + (rng.random(k) * np.maximum(deg, 1)).astype(np.int64),
                len(pop.rel_idx) - 1,
            )
        ]
        nf = pop.friends.shape[1]
        j = rng.integers(0, nf, k)
        to = np.where(to_rel, rel, pop.friends[who, j]).astype(np.int64)
        for step in (1, 2):  # someone without an account: ask another friend
            unbanked = self.acc.person_main[to] < 0
            to = np.where(unbanked, pop.friends[who, (j + step) % nf], to)
        dst = self.acc.person_main[to]
        src = self.acc.person_main[who]
        second = self.acc.person_second[who]
        src = np.where((second >= 0) & (rng.random(k) < 0.2), second, src)
        amount = _lognormal(rng, 8000 * self.inc[who] ** 0.5, 1.0, k)
        amount = np.where(amount > 20000, vec.round_to(amount, 1000), vec.round_to(amount, 100))
        voc = self.lk.vocab
        narr = np.where(rng.random(k) < 0.6, rng.integers(0, len(ref.NARRATIVES_P2P), k), -1)
        nonres = ~pop.resident[who]
        self.add(
            k,
            person=who,
            day=self.days_of(k, "transfer"),
            sec=rw.local_seconds(rng, k, "transfer"),
            type=T["transfer"],
            channel=np.where(rng.random(k) < 0.85, CH["mobile"], CH["internet"]),
            src=src,
            dst=dst,
            amount=amount,
            knp=voc.knp_of("p2p_transfer"),
            kod=np.where(nonres, NR_IND, IND),
            kbe=np.where(~pop.resident[to], NR_IND, IND),
            narrative=np.where(narr >= 0, voc.narratives.index(ref.NARRATIVES_P2P[0]) + narr, -1),
            device=self._device(who),
            status=np.where(dst < 0, REJECTED, self.status(k, 0.004, 0.001)),
        )

    def bills(self) -> None:
        rng, who = self.rng, self.who("bill")
        k = len(who)
        c = self.lk.cat_index["utilities"]
        region = self.pop.region[who]
        merchant = _pick(
            rng, self.lk.m_start[c, region], self.lk.m_count[c, region], self.lk.m_sorted
        )
        voc = self.lk.vocab
        first_bill = voc.narratives.index(ref.NARRATIVES_BILLS[0])
        self.add(
            k,
            person=who,
            day=self.days_of(k, "transfer"),
            sec=rw.local_seconds(rng, k, "bill"),
            type=T["bill_payment"],
            channel=CH["mobile"],
            src=self.acc.person_main[who],
            dst=self.lk.m_account[merchant],
            merchant=merchant,
            mcc=self.lk.m_mcc[merchant],
            amount=vec.round_to(_lognormal(rng, 14_000, 0.5, k), 1),
            knp=voc.knp_of("utilities"),
            kod=IND,
            kbe=COMP,
            narrative=first_bill + rng.integers(0, len(ref.NARRATIVES_BILLS), k),
            device=self._device(who),
            status=self.status(k, 0.005),
        )

    def _atm(self, who: I64) -> I64:
        region = self.pop.region[who]
        return _pick(
            self.rng, self.lk.atm_start[region], self.lk.atm_count[region], self.lk.atm_sorted
        )

    def atm(self) -> None:
        rng, who = self.rng, self.who("atm")
        k = len(who)
        card = self._card(who, credit_share=0.05)
        older = np.where(self.pop.age[who] >= 60, 1.5, 1.0)
        amount = vec.round_to(_lognormal(rng, 22_000 * self.inc[who] ** 0.4 * older, 0.7, k), 1000)
        self.add(
            k,
            person=who,
            day=self.days_of(k, "purchase"),
            sec=rw.local_seconds(rng, k, "atm"),
            type=T["cash_withdrawal"],
            channel=CH["atm"],
            src=self.bank.card_account[card],
            card=card,
            atm=self._atm(who),
            amount=amount,
            status=self.status(k, 0.008),
        )

    def cash_in(self) -> None:
        rng, who = self.rng, self.who("cash_in")
        k = len(who)
        owner = self.h.rate[who, A["cash_in"]] > 1.0
        amount = vec.round_to(_lognormal(rng, np.where(owner, 150_000, 40_000), 0.8, k), 1000)
        self.add(
            k,
            person=who,
            day=self.days_of(k, "flat"),
            sec=rw.local_seconds(rng, k, "atm"),
            type=T["cash_deposit"],
            channel=CH["atm"],
            dst=self.acc.person_main[who],
            card=self.bank.person_card[who],
            atm=self._atm(who),
            amount=amount,
            narrative=self.lk.vocab.narrative("Взнос наличных"),
        )

    def save(self) -> None:
        rng, who = self.rng, self.who("save")
        k = len(who)
        voc = self.lk.vocab
        amount = vec.round_to(self.pop.income[who] * rng.uniform(0.05, 0.25, k), 1000)
        self.add(
            k,
            person=who,
            day=self.days_of(k, "transfer"),
            sec=rw.local_seconds(rng, k, "transfer"),
            type=T["transfer"],
            channel=CH["mobile"],
            src=self.acc.person_main[who],
            dst=self.acc.person_deposit[who],
            amount=amount,
            knp=voc.knp_of("own_funds"),
            kod=IND,
            kbe=IND,
            narrative=voc.narrative("Пополнение депозита"),
            device=self._device(who),
        )

    def remit(self) -> None:
        rng, who = self.rng, self.who("remit")
        k = len(who)
        voc = self.lk.vocab
        cit = np.array(self.pop.citizenship.take(vec.ix(who)).to_pylist(), dtype=object)
        country = np.array([voc.cp_countries.index(c) for c in cit.tolist()], dtype=np.int64)
        first = voc.cp_names.index("Получатель в Узбекистане")
        recipient = first + np.array([{"UZ": 0, "KG": 1, "TJ": 2}.get(c, 3) for c in cit.tolist()])
        bic = np.array([{"UZ": "SMSBUZ2X", "KG": "ISCBKG22"}.get(c, "") for c in cit.tolist()])
        bic_code = np.array([voc.cp_bics.index(x) if x else -1 for x in bic.tolist()])
        self.add(
            k,
            person=who,
            day=self.days_of(k, "transfer"),
            sec=rw.local_seconds(rng, k, "night"),
            type=T["transfer"],
            channel=CH["mobile"],
            src=self.acc.person_main[who],
            cp_name=recipient,
            cp_country=country,
            cp_bic=bic_code,
            amount=vec.round_to(_lognormal(rng, 70_000, 0.5, k), 1000),
            knp=voc.knp_of("p2p_transfer"),
            kod=np.where(self.pop.resident[who], IND, NR_IND),
            kbe=NR_IND,
            narrative=voc.narrative("Денежный перевод"),
            device=self._device(who),
            status=self.status(k, 0.01),
        )

    def payroll(self) -> None:
        """Salaries (main payday for the previous month, advance 15 days later) and pensions."""
        rng, lk, p = self.rng, self.lk, self.p
        voc = lk.vocab
        lo, hi = p.lo, p.hi
        payday = self.h.payday[lo:hi]
        paid = (payday > 0) & (self.acc.person_main[lo:hi] >= 0)
        employer = self.w.firms.employer
        for d in range(1, 11):
            who = lo + np.flatnonzero(paid & (payday == d))
            if not len(who):
                continue
            for offset, share, label in ((0, 0.6, "Заработная плата за"), (15, 0.4, "Аванс за")):
                days = paydays(lk.start_day, self.days, d + offset)
                if not len(days):
                    continue
                k = len(who) * len(days)
                person = np.tile(who, len(days))
                day = np.repeat(days, len(who))
                month_of = lk.start_day + day - (30 if offset == 0 else 0)
                labels = rw.month_label(np.unique(month_of))
                lab_idx = {
                    m: voc.narrative(f"{label} {lab}")
                    for m, lab in zip(np.unique(month_of).tolist(), labels, strict=True)
                }
                narr = np.array([lab_idx[m] for m in month_of.tolist()]) if k else np.zeros(0)
                emp = employer[person]
                hour = 9 + emp % 4
                self.add(
                    k,
                    person=person,
                    day=day,
                    sec=hour * 3600 + (emp * 7919) % 1800 + rng.integers(0, 60, k),
                    type=T["salary"],
                    channel=CH["batch"],
                    src=self.acc.entity_main[emp],
                    dst=self.acc.person_main[person],
                    amount=np.round(self.pop.income[person] * 0.9 * share),
                    knp=voc.knp_of("salary"),
                    kod=np.where(lk.public_entity[emp], STATE, COMP),
                    kbe=IND,
                    narrative=narr,
                )
        pens = lo + np.flatnonzero(_pensioners(self.w, lo, hi))
        days = paydays(lk.start_day, self.days, 5)
        if len(pens) and len(days):
            k = len(pens) * len(days)
            person = np.tile(pens, len(days))
            day = np.repeat(days, len(pens))
            pension_labels = {
                int(m): voc.narrative(f"Пенсионная выплата за {lab}")
                for m, lab in zip(
                    np.unique(day).tolist(),
                    rw.month_label(lk.start_day + np.unique(day)),
                    strict=True,
                )
            }
            self.add(
                k,
                person=person,
                day=day,
                sec=8 * 3600 + rng.integers(0, 7200, k),
                type=T["transfer"],
                channel=CH["batch"],
                src=lk.pension_account,
                dst=self.acc.person_main[person],
                amount=np.round(self.pop.income[person]),
                knp=voc.knp_of("pension_benefit"),
                kod=STATE,
                kbe=IND,
                narrative=np.array([pension_labels[int(d)] for d in day.tolist()]),
            )
        fee = lo + np.flatnonzero(self.h.sms_fee[lo:hi])
        days = _calendar_days(lk.start_day, self.days, 1)
        if len(fee) and len(days):
            k = len(fee) * len(days)
            person = np.tile(fee, len(days))
            self.add(
                k,
                person=person,
                day=np.repeat(days, len(fee)),
                sec=3 * 3600 + rng.integers(0, 3600, k),
                type=T["fee"],
                channel=CH["batch"],
                src=self.acc.person_main[person],
                amount=300.0,
                narrative=voc.narrative("Плата за SMS-информирование"),
            )

    def loans(self) -> pa.Table:
        """Instalments due in the window (auto-debit or app; rejected after a default) and
        disbursements of loans issued in it; returns the schedules of the chunk's loans."""
        rng, lk = self.rng, self.lk
        loans = self.w.sectors.loans
        which = self.p.loans
        sch = schedule(loans, which)
        due = sch["due"]
        inside = (due >= lk.start_day) & (due < lk.start_day + self.days)
        li = sch["loan"][inside]
        k = len(li)
        assert k == self.p.repay_rows, (k, self.p.repay_rows)
        late = np.where(rng.random(k) < 0.03, rng.integers(1, 10, k), 0)
        day = np.minimum(due[inside] - lk.start_day + late, self.days - 1)
        voc = lk.vocab
        defaulted = sch["seq"][inside] > loans.defaulted_after[li]
        person_loan = loans.borrower_type[li] == 0
        self.add(
            k,
            day=day,
            sec=rw.local_seconds(rng, k, "transfer"),
            type=T["loan_repayment"],
            channel=np.where(rng.random(k) < 0.5, CH["batch"], CH["mobile"]),
            src=loans.pay_account[li],
            dst=loans.account[li],
            amount=np.round(sch["principal"][inside] + sch["interest"][inside], 2),
            knp=voc.knp_of("loan_repayment"),
            kod=np.where(person_loan, IND, COMP),
            kbe=rw.BANK,
            narrative=voc.narrative("Погашение займа по договору"),
            loan=li,
            status=np.where(defaulted, REJECTED, 0),
        )
        dis = disbursed(self.w, which)
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
            kbe=np.where(loans.borrower_type[dis] == 0, IND, COMP),
            narrative=voc.narrative("Выдача кредита по договору"),
            loan=dis,
        )
        return schedule_table(sch)

    def run(self, lookup: rw.Lookup, first: dict[str, int]) -> dict[str, pa.Table]:
        """Every table of the chunk, with surrogate keys from ``first``."""
        self.purchases()
        self.p2p()
        self.bills()
        self.atm()
        self.cash_in()
        self.save()
        self.remit()
        crypto = assets.crypto(self)
        gambling = assets.gamble(self)
        deals = assets.deals(self)
        self.payroll()
        schedules = self.loans()
        cols = rw.concat_rows(self.parts)
        txns, _ = rw.assemble(
            cols, first["transactions"], self.lk.start_day, self.lk.offsets, lookup
        )
        out = {"transactions": txns, "loan_schedules": schedules}
        for name, part in (
            ("crypto_transfers", crypto),
            ("gambling_ops", gambling),
            ("property_deals", deals),
        ):
            if part.num_rows:
                key = TABLES[name].key[0]
                ordered = part.sort_by("ts")
                ids = np.arange(first[name], first[name] + ordered.num_rows, dtype=np.int64)
                out[name] = ordered.add_column(0, key, pa.array(ids))
        return out
