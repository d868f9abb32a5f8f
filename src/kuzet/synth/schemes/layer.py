"""LAYER: layering, money passed through chains of accounts to hide where it came from.

The shapes are the classic ones of transaction-graph AML research (cycle, scatter-gather,
gather-scatter, stack, bipartite, fan-in, fan-out), put in Kazakh dress: persons and firms
mixed, contract and loan narratives in Russian, some legs through accounts abroad (a leg out
and a leg back in with the same foreign IBAN). Time always runs forward along a path, each
hop takes hours to days, and each hop keeps a small fee, so amounts shrink a little.

The ``typology`` label is the shape. Funds enter the structure by a cash deposit, a payment
from abroad or a payment from an ordinary firm, so that the first hop has money to send.

Decoys: a business group's treasury sweeps (daily cash pooling between a holding and its
subsidiaries: cycles with consistent narratives) and a saver moving their own money between
their own accounts at several banks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kuzet.synth.api import SchemeContext
from kuzet.synth.schemes._flows import (
    Foreign,
    Holder,
    Ids,
    Scheme,
    awake,
    b2b_note,
    chance,
    days_ago,
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
    split,
    variants,
    window,
)
from kuzet.synth.schemes._layer_decoys import plant_decoys
from kuzet.synth.schemes._rows import (
    cash_deposit,
    receive_from_abroad,
    send_abroad,
    transfer,
)

FAMILY = "LAYER"
TYPOLOGIES = (
    "cycle",
    "scatter_gather",
    "gather_scatter",
    "stack",
    "bipartite",
    "fan_in",
    "fan_out",
)
SHELL_OKED = ("46.90", "70.22", "62.01", "41.20", "46.19", "73.11", "64.99")
ABROAD = ("AE", "TR", "GE", "CY", "LT", "HK", "CN", "RU", "KG")
ABROAD_NAMES = (
    "Meridian General Trading LLC",
    "Anatolia Dis Ticaret Ltd",
    "Caspian Bridge Ltd",
    "Eastgate Ventures Ltd",
    "Silk Way Logistics Co.",
)

Node = Holder | Foreign


@dataclass
class Layering:
    """One scheme's drawn parameters: base sum, fee and delay per hop, share of foreign legs."""

    scheme: Scheme
    base: float
    fee: tuple[float, float]
    hop_h: tuple[float, float]
    foreign: float
    first_day: int


def plant(ctx: SchemeContext) -> None:
    """Plant the layering schemes of this world and the honest look-alikes."""
    ids = Ids(FAMILY)
    shapes = {
        "cycle": _cycle,
        "scatter_gather": _scatter_gather,
        "gather_scatter": _gather_scatter,
        "stack": _stack,
        "bipartite": _bipartite,
        "fan_in": _fan_in,
        "fan_out": _fan_out,
    }
    for typology in variants(ctx, TYPOLOGIES, scheme_count(ctx, (1000, 2500), at_least=3)):
        rng = ctx.rng
        first, _ = window(ctx, (10, 20))
        lay = Layering(
            scheme=ids.scheme(ctx, typology),
            base=float(rng.uniform(3e6, 1.2e8)),
            fee=(0.002, float(rng.uniform(0.005, 0.03))),
            # a path of eight hops (with nights between) still ends inside the world
            hop_h=(1.0, max(2.0, min(float(rng.uniform(6, 60)), (ctx.days - first - 4) * 3))),
            foreign=float(rng.uniform(0.0, 0.35)),
            first_day=first,
        )
        shapes[typology](ctx, lay)
    plant_decoys(ctx, ids)


# ── nodes and legs ───────────────────────────────────────────────────────────────────────


def _node(ctx: SchemeContext, lay: Layering, role: str, *, domestic: bool = False) -> Node:
    """A person, a firm or (sometimes) an account abroad, labelled with its role."""
    rng, s = ctx.rng, lay.scheme
    if not domestic and chance(rng, lay.foreign):
        return foreign_account(rng, pick(rng, ABROAD), pick(rng, ABROAD_NAMES), True)
    if chance(rng, 0.55):
        h = new_firm(
            ctx,
            registered=days_ago(ctx, 40, 2500),
            oked=pick(rng, SHELL_OKED),
            employees=int(rng.integers(0, 12)),
            tax_paid_kzt=float(rng.uniform(0, 8e6)),
        )
    else:
        h = new_customer(ctx, age=(21, 65), opened=days_ago(ctx, 10, 4000))
    s.tag_holder(h, role)
    return h


def _note(ctx: SchemeContext, src: Node, dst: Node) -> tuple[str, str | None]:
    """``(purpose, narrative)`` that fits who pays whom."""
    rng = ctx.rng
    n = int(rng.integers(1, 400))
    if isinstance(src, Foreign) or isinstance(dst, Foreign):
        return pick(
            rng,
            (
                ("services_payment", f"Payment under contract No. {n}"),
                ("goods_payment", f"Invoice {n} for goods"),
                ("loan_disbursement", f"Loan under agreement No. {n}"),
            ),
        )
    firm_src, firm_dst = src.party_type == "entity", dst.party_type == "entity"
    if firm_src and firm_dst:
        purpose, note = pick(
            rng,
            (
                ("goods_payment", f"Оплата по договору поставки №{n}"),
                ("services_payment", f"За услуги по договору №{n}"),
                ("loan_repayment", f"Возврат займа по договору №{n}"),
            ),
        )
        return purpose, note if purpose == "loan_repayment" else b2b_note(rng, note)
    if firm_src:
        return pick(
            rng,
            (
                ("loan_disbursement", f"Выдача займа по договору №{n}"),
                ("services_payment", f"Оплата по договору ГПХ №{n}"),
            ),
        )
    if firm_dst:
        return pick(
            rng,
            (
                ("loan_repayment", f"Возврат займа по договору №{n}"),
                ("own_funds", "Финансовая помощь учредителя"),
            ),
        )
    return "p2p_transfer", p2p_note(rng) if rng.random() < 0.8 else pick(rng, ("займ", "Займ"))


def _leg(ctx: SchemeContext, src: Node, dst: Node, t: float, value: float) -> None:
    """One hop; a foreign-to-foreign hop happens where we cannot see it."""
    purpose, note = _note(ctx, src, dst)
    money = kzt(value, 1)
    if isinstance(src, Holder) and isinstance(dst, Holder):
        channel = "internet" if "entity" in (src.party_type, dst.party_type) else "mobile"
        transfer(ctx, src, dst, t, money, purpose, note, channel=channel)
    elif isinstance(src, Holder) and isinstance(dst, Foreign):
        send_abroad(ctx, src, dst, t, money, purpose, note)
    elif isinstance(src, Foreign) and isinstance(dst, Holder):
        receive_from_abroad(ctx, src, dst, t, money, purpose, note)


def _fund(ctx: SchemeContext, node: Node, t: float, value: float) -> None:
    """How the money enters the structure: cash, a payment from abroad, or an ordinary firm."""
    rng = ctx.rng
    if isinstance(node, Foreign):
        return
    r = rng.random()
    if r < 0.3:
        cash_deposit(ctx, node, t, kzt(value, 1_000))
    elif r < 0.65:
        cp = foreign_account(rng, pick(rng, ABROAD), pick(rng, ABROAD_NAMES), True)
        receive_from_abroad(
            ctx,
            cp,
            node,
            t,
            kzt(value, 1),
            "services_payment",
            f"Payment under contract No. {int(rng.integers(1, 400))}",
        )
    else:
        payers = [e for e in ctx.sample_entities(1) if e.account_id is not None]
        if not payers:
            cash_deposit(ctx, node, t, kzt(value, 1_000))
            return
        assert payers[0].account_id is not None
        payer = existing(ctx, "entity", payers[0].entity_id, payers[0].account_id)
        _leg(ctx, payer, node, t, value)


def _hop(ctx: SchemeContext, lay: Layering, t: float, value: float) -> tuple[float, float]:
    """Next time and the amount left after this hop's fee."""
    rng = ctx.rng
    t_next = awake(rng, later(rng, t, lay.hop_h), 8.0, 22.0)
    return t_next, value * (1 - float(rng.uniform(*lay.fee)))


def _start(ctx: SchemeContext, lay: Layering) -> float:
    return office_hours(ctx, lay.first_day)


# ── shapes ───────────────────────────────────────────────────────────────────────────────


def _cycle(ctx: SchemeContext, lay: Layering) -> None:
    """Around 3–6 accounts and back to the start, once or a few times."""
    rng = ctx.rng
    origin = _node(ctx, lay, "origin", domestic=True)
    ring: list[Node] = [origin]
    for _ in range(int(rng.integers(2, 6))):  # at most one leg abroad, so the loop stays seen
        abroad = any(isinstance(n, Foreign) for n in ring)
        ring.append(_node(ctx, lay, "intermediary", domestic=abroad))
    t, value = _start(ctx, lay), lay.base
    _fund(ctx, origin, t, value)
    for _ in range(int(rng.integers(1, 4))):
        for src, dst in zip(ring, [*ring[1:], origin], strict=True):
            t, value = _hop(ctx, lay, t, value)
            _leg(ctx, src, dst, t, value)
        t = later(rng, t, (2, 96))


def _spread(
    ctx: SchemeContext, lay: Layering, src: Node, dsts: list[Node], t: float, value: float
) -> list[tuple[Node, float, float]]:
    """``src`` sends ``value`` split over ``dsts``; returns when and how much each got."""
    got = []
    for dst, part in zip(dsts, split(ctx.rng, value, len(dsts)), strict=True):
        t_leg, net = _hop(ctx, lay, t, part)
        _leg(ctx, src, dst, t_leg, net)
        got.append((dst, t_leg, net))
    return got


def _scatter_gather(ctx: SchemeContext, lay: Layering) -> None:
    rng = ctx.rng
    origin = _node(ctx, lay, "origin", domestic=True)
    sink = _node(ctx, lay, "beneficiary", domestic=True)
    mids = [_node(ctx, lay, "intermediary") for _ in range(int(rng.integers(3, 11)))]
    t = _start(ctx, lay)
    _fund(ctx, origin, t, lay.base)
    for mid, t_in, value in _spread(ctx, lay, origin, mids, t, lay.base):
        t_out, net = _hop(ctx, lay, t_in, value)
        _leg(ctx, mid, sink, t_out, net)


def _gather_scatter(ctx: SchemeContext, lay: Layering) -> None:
    rng = ctx.rng
    hub = _node(ctx, lay, "hub", domestic=True)
    sources = [_node(ctx, lay, "origin", domestic=True) for _ in range(int(rng.integers(3, 11)))]
    gathered, t_last = 0.0, 0.0
    for src, part in zip(sources, split(rng, lay.base, len(sources)), strict=True):
        t = _start(ctx, lay) + float(rng.uniform(0, 3))
        _fund(ctx, src, t, part)
        t_leg, net = _hop(ctx, lay, t, part)
        _leg(ctx, src, hub, t_leg, net)
        gathered, t_last = gathered + net, max(t_last, t_leg)
    dsts = [_node(ctx, lay, "beneficiary") for _ in range(int(rng.integers(3, 11)))]
    _spread(ctx, lay, hub, dsts, t_last, gathered)


def _stack(ctx: SchemeContext, lay: Layering) -> None:
    """Layers of accounts, each passing what it got to one to three of the next layer."""
    rng = ctx.rng
    layers: list[list[Node]] = [
        [_node(ctx, lay, "origin", domestic=True) for _ in range(int(rng.integers(1, 4)))]
    ]
    for _ in range(int(rng.integers(2, 4))):
        layers.append([_node(ctx, lay, "intermediary") for _ in range(int(rng.integers(2, 6)))])
    layers.append([_node(ctx, lay, "beneficiary", domestic=True)])
    held: list[tuple[Node, float, float]] = []
    for src, part in zip(layers[0], split(rng, lay.base, len(layers[0])), strict=True):
        t = _start(ctx, lay) + float(rng.uniform(0, 1))
        _fund(ctx, src, t, part)
        held.append((src, t, part))
    for nxt in layers[1:]:
        arrived: dict[Node, tuple[float, float]] = {}
        picks = _cover(rng, len(held), nxt)
        for (src, t, value), dsts in zip(held, picks, strict=True):
            for dst, t_in, net in _spread(ctx, lay, src, dsts, t, value):
                t_prev, v_prev = arrived.get(dst, (t_in, 0.0))
                arrived[dst] = (max(t_prev, t_in), v_prev + net)
        held = [(n, t, v) for n, (t, v) in arrived.items()]


def _bipartite(ctx: SchemeContext, lay: Layering) -> None:
    """A group of senders pays a group of receivers, many to many."""
    rng = ctx.rng
    senders = [_node(ctx, lay, "origin", domestic=True) for _ in range(int(rng.integers(3, 9)))]
    receivers = [_node(ctx, lay, "beneficiary") for _ in range(int(rng.integers(3, 9)))]
    density = float(rng.uniform(0.4, 0.8))
    chosen = [
        [r for r in receivers if chance(rng, density)] or [pick(rng, receivers)] for _ in senders
    ]
    for r in receivers:  # every labelled receiver is paid by someone
        if not any(r in dsts for dsts in chosen):
            chosen[int(rng.integers(len(senders)))].append(r)
    parts = split(rng, lay.base, len(senders))
    for src, part, dsts in zip(senders, parts, chosen, strict=True):
        t = _start(ctx, lay) + float(rng.uniform(0, 2))
        _fund(ctx, src, t, part)
        _spread(ctx, lay, src, dsts, t, part)


def _cover(rng: np.random.Generator, senders: int, nxt: list[Node]) -> list[list[Node]]:
    """One to three payees of the next layer for each sender, every node of it paid by one
    at least: a node labelled as a layer of the stack is one that money went through."""
    picks = []
    for _ in range(senders):
        k = min(len(nxt), int(rng.integers(1, 4)))
        picks.append([nxt[int(i)] for i in rng.choice(len(nxt), size=k, replace=False)])
    for node in nxt:
        if not any(node in p for p in picks):
            picks[int(rng.integers(senders))].append(node)
    return picks


def _fan_in(ctx: SchemeContext, lay: Layering) -> None:
    """Many accounts pay one within days; the hub sends the total on, often abroad."""
    rng = ctx.rng
    hub = _node(ctx, lay, "hub", domestic=True)
    gathered, t_last = 0.0, 0.0
    k = int(rng.integers(5, 16))
    for _, part in zip(range(k), split(rng, lay.base, k, 0.15), strict=True):
        src = _node(ctx, lay, "origin", domestic=True)
        t = _start(ctx, lay) + float(rng.uniform(0, 4))
        _fund(ctx, src, t, part)
        t_leg, net = _hop(ctx, lay, t, part)
        _leg(ctx, src, hub, t_leg, net)
        gathered, t_last = gathered + net, max(t_last, t_leg)
    sink = _node(ctx, lay, "beneficiary")
    t_out, net = _hop(ctx, lay, t_last, gathered)
    _leg(ctx, hub, sink, t_out, net)


def _fan_out(ctx: SchemeContext, lay: Layering) -> None:
    """One large credit to a hub, paid out to many accounts in similar pieces within days."""
    rng = ctx.rng
    hub = _node(ctx, lay, "hub", domestic=True)
    t = _start(ctx, lay)
    _fund(ctx, hub, t, lay.base)
    k = int(rng.integers(5, 16))
    dsts = [_node(ctx, lay, "beneficiary") for _ in range(k)]
    _spread(ctx, lay, hub, dsts, t, lay.base * 0.98)
