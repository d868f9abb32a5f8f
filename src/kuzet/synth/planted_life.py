"""Ordinary life of the persons and firms that planters create.

A planter's ``new_person``/``new_entity`` makes an actor the ordinary-life chunks never see,
so without this module "has no salary, no card spending, no bills" would tell planted actors
from ordinary ones. After a family is planted, every actor it created gets the ordinary
activity an ordinary one of its kind, age and income gets, drawn from the same habits as
``life.build_habits`` and ``business.build_firm_habits`` (rates, amount distributions,
merchants of its region, daily rhythm) and assembled by the same ``rows.assemble``:

- persons with an account: card purchases by MCC, P2P sent and received, bills, ATM cash,
  occasional cash-ins, an SMS-fee, and a salary (from an ordinary employer, as often as for
  ordinary persons of the occupation) or a pension, unless the planter already pays one;
- active Kazakh firms with an account: supplier payments out and in, monthly taxes when
  they declare any, and rent and utilities for half of the companies, as ordinary firms.

It runs on its own seed (``plant-life`` of the family), so the schemes a planter draws do
not change when this module does. Rows take keys from the family's block.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from kuzet.model.schemas import TABLES
from kuzet.synth import business, life, vec
from kuzet.synth import firms as fm
from kuzet.synth import reference as ref
from kuzet.synth import rows as rw
from kuzet.synth.life import ACTIVITIES, CH, ECOM, PURCHASE_MIX, REJECTED, A, T
from kuzet.synth.life_gen import LifeLookup, _lognormal, _pick
from kuzet.synth.rows import COMP, IND, NR_IND, STATE, Rows
from kuzet.synth.state import World
from kuzet.synth.vec import F64, I64

if TYPE_CHECKING:
    from kuzet.synth.context import WorldContext

_NOT_EMPLOYED = frozenset({"student", "pensioner", "unemployed"})


class _Gen:
    def __init__(
        self,
        ctx: WorldContext,
        world: World,
        habits: life.Habits,
        fhabits: business.FirmHabits,
        lk: LifeLookup,
        rng: np.random.Generator,
    ) -> None:
        self.ctx, self.w, self.h, self.fh, self.lk, self.rng = ctx, world, habits, fhabits, lk, rng
        self.days = world.days
        self.parts: list[Rows] = []
        self.devices: list[I64] = []
        """Per part: index into ``ctx.planted_devices`` of each row (-1: none)."""
        self.ext_devices: list[I64] = []
        """Per part: index of an ordinary device of each row (-1: none)."""

    def add(self, k: int, device: Any = -1, ext_device: Any = -1, **cols: Any) -> None:
        if k:
            self.parts.append(Rows(k, **cols))
            self.devices.append(np.broadcast_to(np.asarray(device, dtype=np.int64), (k,)))
            self.ext_devices.append(np.broadcast_to(np.asarray(ext_device, dtype=np.int64), (k,)))

    def when(self, k: int, profile: str, day_profile: str) -> dict[str, I64]:
        day = self.rng.choice(
            self.days, size=k, p=rw.day_weights(self.lk.start_day, self.days, day_profile)
        )
        return {"day": day, "sec": rw.local_seconds(self.rng, k, profile)}

    def status(self, k: int, rejected: float, attempted: float = 0.0) -> I64:
        u = self.rng.random(k)
        return np.where(u < rejected, REJECTED, np.where(u < rejected + attempted, 1, 0))

    # ── persons ────────────────────────────────────────────────────────────────────────
    def persons(self) -> None:
        p = self.ctx.planted_persons()
        if p is None:
            return
        rng, n = self.rng, len(p["account"])
        age, income = p["age"], p["income"]
        card = p["card"] >= 0
        inc = np.clip(income / 300_000.0, 0.15, 6.0)
        activity = np.exp(rng.normal(0.0, 0.45, n))
        youth = np.clip((60 - age) / 40.0, 0.3, 1.2)
        rate = np.zeros((n, len(ACTIVITIES)))
        rate[:, A["purchase"]] = np.where(card, 24.0 * activity * inc**0.25 * youth, 0.0)
        rate[:, A["p2p"]] = 4.5 * activity * np.where(age < 30, 1.4, 1.0)
        head = rng.random(n) < 0.45
        rate[:, A["bill"]] = np.where(head, 1.9, 0.15)
        rate[:, A["atm"]] = np.where(
            card, np.where(age >= 60, 2.6, np.where(age < 30, 0.9, 1.5)), 0
        )
        rate[:, A["cash_in"]] = np.where(card, 0.15, 0.0)
        counts = rng.poisson(rate * self.days / 30.0)

        def who(activity: str) -> I64:
            return np.repeat(np.arange(n), counts[:, A[activity]])

        self._purchases(p, who("purchase"), inc)
        self._p2p(p, who("p2p"), inc, out=True)
        # ordinary persons receive from friends and kin as often as they send
        self._p2p(p, np.repeat(np.arange(n), rng.poisson(rate[:, A["p2p"]] * self.days / 30)), inc,
                  out=False)  # fmt: skip
        self._bills(p, who("bill"))
        self._atm(p, who("atm"), inc)
        w = who("cash_in")
        k = len(w)
        self.add(
            k,
            **self.when(k, "atm", "flat"),
            type=T["cash_deposit"],
            channel=CH["atm"],
            dst=p["account"][w] - 1,
            card=p["card"][w] - 1,
            atm=self._atm_at(p["region"][w]),
            amount=vec.round_to(_lognormal(rng, 40_000, 0.8, k), 1000),
            narrative=self.lk.vocab.narrative("Взнос наличных"),
        )
        self._income(p)
        fee = np.flatnonzero(card & (rng.random(n) < 0.4))
        days = life._calendar_days(self.lk.start_day, self.days, 1)
        k = len(fee) * len(days)
        self.add(
            k,
            day=np.repeat(days, len(fee)),
            sec=3 * 3600 + rng.integers(0, 3600, k),
            type=T["fee"],
            channel=CH["batch"],
            src=np.tile(p["account"][fee], len(days)) - 1,
            amount=300.0,
            narrative=self.lk.vocab.narrative("Плата за SMS-информирование"),
        )

    def _purchases(self, p: dict[str, Any], who: I64, inc: F64) -> None:
        rng, lk, k = self.rng, self.lk, len(who)
        shares = np.array([s for _, s, _, _ in PURCHASE_MIX])
        cat = rng.choice(len(PURCHASE_MIX), size=k, p=shares / shares.sum())
        region = p["region"][who]
        merchant = _pick(rng, lk.m_start[cat, region], lk.m_count[cat, region], lk.m_sorted)
        med = np.array([m for _, _, m, _ in PURCHASE_MIX])[cat]
        sig = np.array([s for _, _, _, s in PURCHASE_MIX])[cat]
        amount = np.maximum(np.round(_lognormal(rng, med * inc[who] ** 0.35, sig, k)), 50.0)
        ecom = np.isin(cat, [i for i, (c, *_) in enumerate(PURCHASE_MIX) if c in ECOM])
        self.add(
            k,
            device=np.where(ecom, p["device"][who], -1),
            **self.when(k, "purchase", "purchase"),
            type=T["card_payment"],
            channel=np.where(ecom, CH["ecom"], CH["pos"]),
            src=p["card_account"][who] - 1,
            card=p["card"][who] - 1,
            merchant=merchant,
            mcc=lk.m_mcc[merchant],
            amount=amount,
            status=self.status(k, 0.015),
        )

    def _p2p(self, p: dict[str, Any], who: I64, inc: F64, *, out: bool) -> None:
        rng, k, voc = self.rng, len(who), self.lk.vocab
        other = self.lk.p_by_region[rng.integers(0, len(self.lk.p_by_region), k)]
        theirs = self.w.bank.accounts.person_main[other]
        mine = p["account"][who] - 1
        base = 8000 * inc[who] ** 0.5 if out else 8000 * np.clip(
            self.w.pop.income[other] / 300_000.0, 0.15, 6.0) ** 0.5  # fmt: skip
        amount = _lognormal(rng, base, 1.0, k)
        amount = np.where(amount > 20000, vec.round_to(amount, 1000), vec.round_to(amount, 100))
        narr = np.where(rng.random(k) < 0.6, rng.integers(0, len(ref.NARRATIVES_P2P), k), -1)
        res_mine = np.where(p["resident"][who], IND, NR_IND)
        res_theirs = np.where(self.w.pop.resident[other], IND, NR_IND)
        self.add(
            k,
            device=p["device"][who] if out else -1,
            **self.when(k, "transfer", "transfer"),
            type=T["transfer"],
            channel=np.where(rng.random(k) < 0.85, CH["mobile"], CH["internet"]),
            src=mine if out else theirs,
            dst=theirs if out else mine,
            amount=amount,
            knp=voc.knp_of("p2p_transfer"),
            kod=res_mine if out else res_theirs,
            kbe=res_theirs if out else res_mine,
            narrative=np.where(narr >= 0, voc.narratives.index(ref.NARRATIVES_P2P[0]) + narr, -1),
            ext_device=-1 if out else self.w.bank.person_device[other],
            status=self.status(k, 0.004, 0.001),
        )

    def _bills(self, p: dict[str, Any], who: I64) -> None:
        rng, lk, k = self.rng, self.lk, len(who)
        c = lk.cat_index["utilities"]
        region = p["region"][who]
        merchant = _pick(rng, lk.m_start[c, region], lk.m_count[c, region], lk.m_sorted)
        voc = lk.vocab
        self.add(
            k,
            device=p["device"][who],
            **self.when(k, "bill", "transfer"),
            type=T["bill_payment"],
            channel=CH["mobile"],
            src=p["account"][who] - 1,
            dst=lk.m_account[merchant],
            merchant=merchant,
            mcc=lk.m_mcc[merchant],
            amount=vec.round_to(_lognormal(rng, 14_000, 0.5, k), 1),
            knp=voc.knp_of("utilities"),
            kod=IND,
            kbe=COMP,
            narrative=voc.narratives.index(ref.NARRATIVES_BILLS[0])
            + rng.integers(0, len(ref.NARRATIVES_BILLS), k),
            status=self.status(k, 0.005),
        )

    def _atm_at(self, region: I64) -> I64:
        lk = self.lk
        return _pick(self.rng, lk.atm_start[region], lk.atm_count[region], lk.atm_sorted)

    def _atm(self, p: dict[str, Any], who: I64, inc: F64) -> None:
        rng, k = self.rng, len(who)
        older = np.where(p["age"][who] >= 60, 1.5, 1.0)
        amount = vec.round_to(_lognormal(rng, 22_000 * inc[who] ** 0.4 * older, 0.7, k), 1000)
        self.add(
            k,
            **self.when(k, "atm", "purchase"),
            type=T["cash_withdrawal"],
            channel=CH["atm"],
            src=p["card_account"][who] - 1,
            card=p["card"][who] - 1,
            atm=self._atm_at(p["region"][who]),
            amount=amount,
            status=self.status(k, 0.008),
        )

    def _income(self, p: dict[str, Any]) -> None:
        """A salary from an ordinary employer (as often as ordinary persons of the same
        occupation have one) unless a planter pays one, or a pension."""
        rng, lk, w, voc = self.rng, self.lk, self.w, self.lk.vocab
        n = len(p["account"])
        occ = p["occupation"]
        pop_occ, employed = w.pop.occupation, self.h.payday > 0
        share = np.bincount(pop_occ, weights=employed, minlength=len(ref.OCCUPATIONS)) / np.maximum(
            np.bincount(pop_occ, minlength=len(ref.OCCUPATIONS)), 1
        )
        working = np.array([o not in _NOT_EMPLOYED for o in p["occupation_name"]], dtype=bool)
        paid = working & ~p["salaried"] & (rng.random(n) < share[occ])
        staff = np.flatnonzero(employed)
        colleague = staff[rng.integers(0, len(staff), n)] if len(staff) else np.zeros(n, np.int64)
        employer = w.firms.employer[colleague]
        payday = self.h.payday[colleague]
        paid &= len(staff) > 0
        for d in np.unique(payday[paid]).tolist():
            who = np.flatnonzero(paid & (payday == d))
            emp = employer[who]
            for offset, part, label in ((0, 0.6, "Заработная плата за"), (15, 0.4, "Аванс за")):
                days = life.paydays(lk.start_day, self.days, int(d) + offset)
                k = len(days) * len(who)
                if not k:
                    continue
                month = lk.start_day + days - (30 if offset == 0 else 0)
                narr = np.array([voc.narrative(f"{label} {m}") for m in rw.month_label(month)])
                e = np.tile(emp, len(days))
                self.add(
                    k,
                    day=np.repeat(days, len(who)),
                    sec=(9 + e % 4) * 3600 + (e * 7919) % 1800 + rng.integers(0, 60, k),
                    type=T["salary"],
                    channel=CH["batch"],
                    src=w.bank.accounts.entity_main[e],
                    dst=np.tile(p["account"][who], len(days)) - 1,
                    amount=np.round(np.tile(p["income"][who], len(days)) * 0.9 * part),
                    knp=voc.knp_of("salary"),
                    kod=np.where(lk.public_entity[e], STATE, COMP),
                    kbe=IND,
                    narrative=np.repeat(narr, len(who)),
                )
        pens = np.flatnonzero((occ == ref.OCCUPATION_INDEX["pensioner"]) & ~p["salaried"])
        days = life.paydays(lk.start_day, self.days, 5)
        k = len(pens) * len(days)
        if k:
            labels = [voc.narrative(f"Пенсионная выплата за {m}") for m in rw.month_label(
                lk.start_day + days)]  # fmt: skip
            self.add(
                k,
                day=np.repeat(days, len(pens)),
                sec=8 * 3600 + rng.integers(0, 7200, k),
                type=T["transfer"],
                channel=CH["batch"],
                src=lk.pension_account,
                dst=np.tile(p["account"][pens], len(days)) - 1,
                amount=np.round(np.tile(p["income"][pens], len(days))),
                knp=voc.knp_of("pension_benefit"),
                kod=STATE,
                kbe=IND,
                narrative=np.repeat(np.array(labels, dtype=np.int64), len(pens)),
            )

    # ── firms ──────────────────────────────────────────────────────────────────────────
    def entities(self) -> None:
        e = self.ctx.planted_entities()
        if e is None:
            return
        rng, w, fh, lk, voc = self.rng, self.w, self.fh, self.lk, self.lk.vocab
        n = len(e["account"])
        main = w.bank.accounts.entity_main
        size = np.maximum(e["employees"], 0).astype(np.float64)
        ip = e["kind"] == "individual_entrepreneur"
        rate = np.minimum(np.where(ip, 3.0, 5.0 + 0.6 * size**0.7), 250.0)
        # ordinary firms are paid by other firms as often, on average, as they pay
        in_rate = float(fh.b2b_rate.sum()) / max(len(fh.payees), 1)
        for out in (True, False):
            payer = np.repeat(
                np.arange(n), rng.poisson((rate if out else in_rate) * self.days / 30)
            )
            k = len(payer)
            other = fh.payees[rng.integers(0, len(fh.payees), k)]
            mult = (np.maximum(size[payer], 1) if out else np.maximum(
                w.firms.employees[other], 1)) ** 0.5  # fmt: skip
            self.add(
                k,
                device=e["device"][payer] if out else -1,
                ext_device=-1 if out else w.bank.entity_device[other],
                **self.when(k, "office", "office"),
                type=T["transfer"],
                channel=CH["internet"],
                src=e["account"][payer] - 1 if out else main[other],
                dst=main[other] if out else e["account"][payer] - 1,
                amount=vec.round_to(np.exp(rng.normal(np.log(250_000), 1.1, k)) * mult, 1),
                knp=np.where(
                    rng.random(k) < 0.4, voc.knp_of("services_payment"), voc.knp_of("goods_payment")
                ),
                kod=COMP,
                kbe=COMP,
                narrative=voc.narrative(ref.NARRATIVES_B2B[0])
                + rng.integers(0, len(ref.NARRATIVES_B2B), k),
                status=np.where(rng.random(k) < 0.004, REJECTED, 0),
            )
        treasury = int(main[np.flatnonzero(w.firms.role == fm.SPECIAL)[fm.TREASURY]])
        renters = np.flatnonzero((e["kind"] == "company") & (rng.random(n) < 0.5))
        landlords = np.flatnonzero(np.array([o == "68.20" for o in w.firms.oked]) & (main >= 0))
        c = lk.cat_index["utilities"]
        for who, dom, amount, dst, knp, narr, type_ in (
            (np.flatnonzero(e["tax"] > 0), 25, e["tax"] / 12.0, np.full(n, treasury), "tax",
             "Оплата налогов", "bill_payment"),
            (renters, 3, 150_000 + rng.integers(0, 20, n) * 50_000.0,
             main[landlords[rng.integers(0, max(len(landlords), 1), n)]] if len(landlords)
             else np.full(n, treasury), "rent", "Оплата за аренду помещения", "transfer"),
            (renters, 15, 40_000 + rng.integers(0, 10, n) * 9_000.0,
             np.full(n, lk.m_account[lk.m_sorted[lk.m_start[c, 0]]]), "utilities",
             ref.NARRATIVES_BILLS[0], "bill_payment"),
        ):  # fmt: skip
            days = life.paydays(lk.start_day, self.days, dom)
            k = len(who) * len(days)
            ent = np.tile(who, len(days))
            self.add(
                k,
                device=e["device"][ent],
                day=np.repeat(days, len(who)),
                sec=rw.local_seconds(rng, k, "office"),
                type=T[type_],
                channel=CH["internet"],
                src=e["account"][ent] - 1,
                dst=dst[ent],
                amount=np.round(amount[ent], 2),
                knp=voc.knp_of(knp),
                kod=COMP,
                kbe=STATE if knp == "tax" else COMP,
                narrative=voc.narrative(narr),
            )

    # ── output ─────────────────────────────────────────────────────────────────────────
    def table(self, lookup: rw.Lookup) -> pa.Table | None:
        if not self.parts:
            return None
        cols = rw.concat_rows(self.parts)
        own = np.concatenate(self.devices)
        ext = np.concatenate(self.ext_devices)
        first = self.ctx.reserve_txn_ids(len(own))
        t, order = rw.assemble(cols, first, self.lk.start_day, self.lk.offsets, lookup)
        own, ext = own[order], ext[order]
        ids, ips = self.ctx.planted_devices()
        dev_id = np.full(len(own), None, dtype=object)
        dev_ip = np.full(len(own), None, dtype=object)
        sel = own >= 0
        dev_id[sel], dev_ip[sel] = ids[own[sel]], ips[own[sel]]
        sel = ext >= 0
        if sel.any():
            at = vec.ix(ext[sel])
            dev_id[sel] = lookup.device_ids.take(at).to_pylist()
            dev_ip[sel] = lookup.device_ips.take(at).to_pylist()
        t = t.set_column(t.schema.get_field_index("device_id"), "device_id",
                         pa.array(dev_id.tolist(), pa.string()))  # fmt: skip
        t = t.set_column(
            t.schema.get_field_index("ip"), "ip", pa.array(dev_ip.tolist(), pa.string())
        )
        schema = TABLES["transactions"].schema
        for name in schema.names:
            if name not in t.schema.names:
                t = t.append_column(name, pa.nulls(t.num_rows, schema.field(name).type))
        return t.select(schema.names).cast(schema)


def ordinary_life(
    ctx: WorldContext,
    world: World,
    habits: life.Habits,
    fhabits: business.FirmHabits,
    lk: LifeLookup,
    lookup: rw.Lookup,
    rng: np.random.Generator,
) -> None:
    """Add the ordinary rows of every actor ``ctx``'s planter created (see the module)."""
    gen = _Gen(ctx, world, habits, fhabits, lk, rng)
    gen.persons()
    gen.entities()
    table = gen.table(lookup)
    if table is not None:
        ctx.add_transactions(table)
