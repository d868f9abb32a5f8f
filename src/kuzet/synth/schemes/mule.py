"""MULE: rings of drop accounts ("дропы", domain brief §6.1, Criminal Code Art. 232-1).

A ring is an organiser, often a recruiter, a handful of drops and sometimes a collector that
gathers what the drops pass on. Fraud victims, ordinary people drawn from the world, send the
drops P2P transfers with narratives that say nothing; the drops get rid of the money within
hours: on to the collector, out of ATMs, abroad, or to casinos and unlicensed crypto desks.

Every ring has a main variant (the ``typology`` label) that it shows clearly, and each other
sign only by chance, because real rings do not show every sign and a detector that needs all
of them should miss some. Victims are not labelled: they are not part of the scheme.

Decoys: a busy online seller, students kept by their parents, a family collecting money for a
wedding or a funeral. Each has many senders, as a drop has, but keeps, spends or pays the money
the way honest people do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._flows import (
    Foreign,
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
    foreign_ip,
    kzt,
    later,
    new_customer,
    p2p_note,
    pick,
    scheme_count,
    split,
    variants,
    window,
)
from kuzet.synth.schemes._mule_decoys import plant_decoys
from kuzet.synth.schemes._rows import (
    atm_withdrawal,
    card_payment,
    post,
    send_abroad,
    spend_normally,
    transfer,
)

FAMILY = "MULE"
TYPOLOGIES = ("fan_in", "pass_through", "cash_out", "shared_device", "gambling_crypto")
DROP_JOBS = ("student", "student", "unemployed", "sales_worker", "driver", None)
"""Occupation codes as ``persons.occupation`` carries them; ``None`` lets the world choose."""
ABROAD = ("RU", "KG", "UZ", "GE", "TR", "AE")
ABROAD_NAMES = ("Nord Service OOO", "Vertex Trade FZE", "Alfa Logistic OsOO", "Step Pay LLC")


@dataclass
class Plan:
    """What one ring looks like; drawn per ring so no two rings share a fingerprint."""

    typology: str
    first_day: int
    last_day: int
    mules: int
    senders: tuple[int, int]
    victim_median: float
    out_share: tuple[float, float]
    delay_h: tuple[float, float]
    young: float
    cash: bool
    onward: bool
    shared_device: bool
    concentration: bool
    gamble: bool
    abroad: bool


@dataclass
class Ring:
    scheme: Scheme
    plan: Plan
    atms: list[str]
    device_id: str | None = None
    ip: str | None = None
    collector: Holder | None = None
    organiser: Holder | None = None
    recruiter: Holder | None = None
    foreign: Foreign | None = None
    mules: list[list[Holder]] = field(default_factory=list)

    def shares(self, h: Holder) -> None:
        """The first drop made with a shared device fixes the ring's device and IP."""
        if self.plan.shared_device and self.device_id is None:
            self.device_id, self.ip = h.device_id, h.ip


def plant(ctx: SchemeContext) -> None:
    """Plant the drop rings of this world and the honest look-alikes."""
    ids = Ids(FAMILY)
    for typology in variants(ctx, TYPOLOGIES, scheme_count(ctx, (1000, 2500), at_least=3)):
        _ring(ctx, ids.scheme(ctx, typology), _draw(ctx, typology))
    plant_decoys(ctx, ids)


def _draw(ctx: SchemeContext, typology: str) -> Plan:
    rng = ctx.rng
    first, last = window(ctx, (5, 21))
    big = typology == "pass_through"
    plan = Plan(
        typology=typology,
        first_day=first,
        last_day=last,
        mules=int(rng.integers(3, 11)),
        senders=(4, 15) if big else ((15, 60) if typology == "fan_in" else (6, 35)),
        victim_median=float(rng.uniform(150_000, 400_000) if big else rng.uniform(15_000, 60_000)),
        out_share=(0.85, 0.98) if big else (0.7, 0.95),
        delay_h=(0.2, 4.0) if big else ((0.3, 6.0) if typology == "cash_out" else (0.5, 30.0)),
        young=float(rng.uniform(0.5, 0.95)),
        cash=typology == "cash_out" or chance(rng, 0.35),
        onward=typology == "pass_through" or chance(rng, 0.4),
        shared_device=typology == "shared_device" or chance(rng, 0.25),
        concentration=chance(rng, 0.4),
        gamble=typology == "gambling_crypto" or chance(rng, 0.2),
        abroad=chance(rng, 0.35),
    )
    if not (plan.cash or plan.onward or plan.gamble or plan.abroad):
        plan.onward = True
    return plan


def _ring(ctx: SchemeContext, s: Scheme, plan: Plan) -> None:
    rng = ctx.rng
    atms = list(ctx.atms())
    ring = Ring(s, plan, [pick(rng, atms) for _ in range(int(rng.integers(2, 7)))] if atms else [])
    remote = plan.shared_device and plan.abroad and chance(rng, 0.5)
    if remote:  # MULE-09: the ring works the drops' apps from abroad
        ring.ip = foreign_ip(rng)
    if plan.abroad:
        ring.foreign = foreign_account(rng, pick(rng, ABROAD), pick(rng, ABROAD_NAMES), True)
    if plan.onward or plan.shared_device:
        ring.organiser = new_customer(
            ctx,
            age=(24, 45),
            opened=days_ago(ctx, 200, 3000),
            income=float(rng.uniform(0, 4e5)),
            device_id=ring.device_id,
            ip=ring.ip,
            geo_country=pick(rng, ABROAD) if remote else "KZ",
        )
        ring.shares(ring.organiser)
        s.tag_holder(ring.organiser, "organiser")
    if chance(rng, 0.7):
        ring.recruiter = _drop(ctx, ring, age=(19, 30))
        s.tag_holder(ring.recruiter, "recruiter")
    if plan.onward:
        ring.collector = _drop(ctx, ring, age=(18, 30))
        s.tag_holder(ring.collector, "collector")
    for _ in range(plan.mules):
        ring.mules.append(_mule_accounts(ctx, ring))
    collected: list[tuple[float, float]] = []
    for accounts in ring.mules:
        collected += _work_mule(ctx, ring, accounts)
    if ring.collector is not None:
        _drain(ctx, ring, ring.collector, sorted(collected), final=True)


def _drop(ctx: SchemeContext, ring: Ring, *, age: tuple[int, int]) -> Holder:
    """A drop's first account: young, recently opened, little declared income."""
    rng = ctx.rng
    young = chance(rng, ring.plan.young)
    resident = not chance(rng, 0.08)  # MULE-13: foreign students and workers, 12-month cards
    h = new_customer(
        ctx,
        age=(16, 23) if young else age,
        opened=days_ago(ctx, 0, 45) if chance(rng, 0.8) else days_ago(ctx, 400, 2500),
        income=float(rng.uniform(0, 120_000)),
        occupation=pick(rng, DROP_JOBS),
        device_id=ring.device_id,
        ip=ring.ip,
        resident=resident,
    )
    ring.shares(h)
    return h


def _mule_accounts(ctx: SchemeContext, ring: Ring) -> list[Holder]:
    """One drop's accounts; with card concentration (MULE-04), 5–7 cards at one bank or
    accounts at 3–4 banks with two cards each."""
    rng, s = ctx.rng, ring.scheme
    first = _drop(ctx, ring, age=(18, 40))
    s.tag_holder(first, "mule")
    accounts = [first]
    if ring.plan.cash and ring.atms and chance(rng, 0.25):
        _credit_card_cash(ctx, ring, first)
    if not (ring.plan.concentration and chance(rng, 0.6)):
        return accounts
    banks = [b for b, _ in ctx.banks()]
    other = [b for b in banks if b != first.bank_id]
    one_bank = chance(rng, 0.5) or len(other) < 2
    extra = int(rng.integers(4, 7)) if one_bank else min(len(other), int(rng.integers(2, 4)))
    for i in range(extra):
        bank = first.bank_id if one_bank else other[i]
        opened = days_ago(ctx, 0, 30)
        acc = ctx.new_account("person", first.party_id, product="card", bank_id=bank, opened=opened)
        card = ctx.new_card(acc.account_id, first.party_id, issued=opened)
        h = Holder("person", first.party_id, acc.account_id, card, first.device_id, first.ip)
        s.tag_holder(h, "mule")
        if not one_bank:
            s.tag("card", ctx.new_card(acc.account_id, first.party_id, issued=opened), "mule")
        accounts.append(h)
    return accounts


def _credit_card_cash(ctx: SchemeContext, ring: Ring, drop: Holder) -> None:
    """MULE-05: a credit card taken out in the drop's name and used only at ATMs."""
    rng = ctx.rng
    opened = days_ago(ctx, 0, 40)
    acc = ctx.new_account("person", drop.party_id, product="credit_card", opened=opened)
    card = ctx.new_card(acc.account_id, drop.party_id, kind="credit", issued=opened)
    h = Holder("person", drop.party_id, acc.account_id, card, drop.device_id, drop.ip)
    ring.scheme.tag_holder(h, "mule")
    limit = float(rng.uniform(200_000, 1_500_000))
    t = daytime(rng, int(rng.integers(ring.plan.first_day, ring.plan.last_day + 1)))
    for piece in split(rng, limit, int(rng.integers(2, 6))):
        atm_withdrawal(ctx, h, t, kzt(piece, cash_step(rng)), pick(rng, ring.atms), card)
        t = awake(rng, later(rng, t, (0.2, 30)))


def _work_mule(ctx: SchemeContext, ring: Ring, accounts: list[Holder]) -> list[tuple[float, float]]:
    """Victims pay the drop, the drop passes the money on; returns what reached the collector."""
    rng, plan = ctx.rng, ring.plan
    start = int(rng.integers(plan.first_day, plan.last_day + 1))
    end = min(plan.last_day, start + int(rng.integers(2, 8)))
    n = int(rng.integers(plan.senders[0], plan.senders[1] + 1))
    credits: dict[int, list[tuple[float, float]]] = {h.account_id: [] for h in accounts}
    for v in ctx.sample_persons(n):
        if v.account_id is None:
            continue
        victim = existing(ctx, "person", v.person_id, v.account_id)
        for _ in range(1 + int(chance(rng, 0.15))):
            dst = pick(rng, accounts)
            t = daytime(rng, int(rng.integers(start, end + 1)))
            value = kzt(amount(rng, plan.victim_median, 0.7, 2_000, 2_000_000), 100)
            transfer(ctx, victim, dst, t, value, "p2p_transfer", p2p_note(rng))
            credits[dst.account_id].append((t, float(value)))
    passed: list[tuple[float, float]] = []
    for h in accounts:
        passed += _drain(ctx, ring, h, sorted(credits[h.account_id]), final=False)
    return passed


def _drain(
    ctx: SchemeContext, ring: Ring, h: Holder, credits: list[tuple[float, float]], *, final: bool
) -> list[tuple[float, float]]:
    """Move most of each batch of credits out within hours; the rest is the drop's cut.

    Outflows only take money credited before them, so the balance never goes negative.
    Returns the transfers that reached the collector, as ``(day, amount)``.
    """
    rng, plan = ctx.rng, ring.plan
    pending, t_last, passed = 0.0, 0.0, []
    trigger = float(rng.uniform(20_000, 150_000))
    modes = [m for m, on in (("cash", plan.cash), ("gamble", plan.gamble)) if on]
    modes += ["abroad"] if plan.abroad else []
    main = {"cash_out": "cash", "gambling_crypto": "gamble"}.get(plan.typology)
    modes += [main] * 3 if main else []  # the ring's main variant shows clearly
    if final and ring.organiser is not None:
        modes += ["organiser"] * 2
    if not final and ring.collector is not None:
        modes += ["collector"] * 2
    for i, (t, value) in enumerate(credits):
        pending += value
        if pending < trigger and i < len(credits) - 1:
            continue
        out = pending * float(rng.uniform(*plan.out_share))
        t_last = later(rng, t, plan.delay_h)
        if chance(rng, 0.85):  # drops sleep too, mostly
            t_last = awake(rng, t_last, 7.0, 23.5)
        mode = pick(rng, modes or ["cash"])
        dst = ring.collector if mode == "collector" else ring.organiser
        if mode in ("collector", "organiser") and dst is not None:
            sent = kzt(out, 100)
            transfer(ctx, h, dst, t_last, sent, "p2p_transfer", p2p_note(rng))
            passed.append((t_last, float(sent)))
            out = float(sent)
        elif mode == "gamble":
            out = _gamble(ctx, h, t_last, out)
        elif mode == "abroad":
            out = _abroad(ctx, ring, h, t_last, out)
        else:
            out = _cash_out(ctx, ring, h, t_last, out)
        pending -= out
    if ring.recruiter is not None and h.party_id != ring.recruiter.party_id and pending > 8_000:
        fee = kzt(min(pending * 0.5, float(rng.uniform(5_000, 40_000))), 1_000)
        transfer(
            ctx,
            h,
            ring.recruiter,
            awake(rng, later(rng, t_last, (1, 20))),
            fee,
            "p2p_transfer",
            pick(rng, ("за работу", "бонус", "процент", "")),
        )
        pending -= float(fee)
    if chance(rng, 0.4) and pending > 5_000:
        spend_normally(ctx, h, plan.first_day, plan.last_day + 1, min(pending, 40_000))
    return passed


def _cash_out(ctx: SchemeContext, ring: Ring, h: Holder, t: float, value: float) -> float:
    """MULE-03: ATM withdrawals minutes apart at several ATMs, each under a per-operation cap."""
    rng = ctx.rng
    if not ring.atms:
        return 0.0
    cap = float(rng.choice([150_000, 200_000, 300_000, 500_000]))
    parts = max(1, int(value // cap) + int(rng.integers(0, 2)))
    done = 0.0
    for piece in split(rng, value, parts, 0.15):
        step = cash_step(rng)
        cash = kzt(min(piece, cap) - step / 2, step)
        if done + float(cash) > value:
            break
        atm_withdrawal(ctx, h, t, cash, pick(rng, ring.atms), h.card_id)
        done += float(cash)
        t = later(rng, t, (0.1, 0.8))
    return done


def _gamble(ctx: SchemeContext, h: Holder, t: float, value: float) -> float:
    """MULE-10: the batch goes to an online casino, a bookmaker or an unlicensed crypto desk."""
    rng = ctx.rng
    desks = [d for d in ctx.platforms(licensed=False) if d.iban]
    if desks and chance(rng, 0.5):
        desk = pick(rng, desks)
        sent = kzt(value, 1_000)
        post(
            ctx,
            t,
            type="transfer",
            channel="mobile",
            amount=sent,
            src_account_id=h.account_id,
            cp_name=desk.name,
            cp_iban=desk.iban,
            cp_country="KZ",
            knp=knp_code("p2p_transfer"),
            kod=h.sector,
            kbe=sector_code("resident_company"),
            narrative=pick(rng, ("пополнение", "за USDT", "Перевод")) if chance(rng, 0.6) else None,
            device_id=h.device_id,
            ip=h.ip,
        )
        return float(sent)
    shops = [*ctx.merchants("casino"), *ctx.merchants("bookmaker")]
    shops += ctx.merchants("crypto_unlicensed")
    if not shops:
        return 0.0
    done = 0.0
    for piece in split(rng, value, int(rng.integers(1, 4))):
        paid = kzt(piece, 1_000)
        if done + float(paid) > value:
            break
        card_payment(ctx, h, t, paid, pick(rng, shops), channel="ecom")
        done += float(paid)
        t = later(rng, t, (0.05, 1.0))
    return done


def _abroad(ctx: SchemeContext, ring: Ring, h: Holder, t: float, value: float) -> float:
    """A P2P leg to a card or account abroad (Russia, Kyrgyzstan, Georgia, the Emirates…)."""
    cp = ring.foreign or foreign_account(ctx.rng, pick(ctx.rng, ABROAD), "card transfer", False)
    sent = kzt(value * 0.99, 1_000)
    send_abroad(ctx, h, cp, t, sent, "p2p_transfer", p2p_note(ctx.rng), channel="mobile")
    return float(sent)
