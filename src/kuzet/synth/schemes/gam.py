"""Gambling (domain brief §3.2, §6.6): casinos and bookmakers as laundries.

The AFM counts online-casino flows in trillions of tenge, run through payment organisations
with "grey" POS terminals whose MCC says shop; it is blocking bookmaker payments of people
under 21; winnings of 1,000,000 KZT and more are reported. Planted here: chip-walking (cash
chips, little play, cash-out by transfer), winnings kept just under 1,000,000 KZT, winnings paid
to someone else, bets taken through grey terminals, betting by people under 21, and betting
accounts funded from many cards. The decoy is a frequent but honest adult gambler.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth.api import EntityRef, MerchantRef, PersonRef, SchemeContext
from kuzet.synth.schemes._sector import (
    Decoy,
    Pool,
    Scheme,
    acct,
    at,
    chance,
    count,
    integer,
    later,
    logu,
    money,
    pick,
    plan,
    rounded,
    span,
    split,
    uni,
)
from kuzet.synth.schemes._sector_legs import (
    card_of,
    remote,
    shared_device,
)

FAMILY = "GAM"
VARIANTS = (
    "chip_walking",
    "structured_winnings",
    "third_party_payout",
    "grey_terminal",
    "under_21",
    "many_cards",
)

WIN_CAP = 1_000_000.0
"""The amount the launderer stays under. It is written here from the planted behaviour's
point of view (the law's figure, domain brief §1.3), not imported from the detector side."""

NIGHT = (18.0, 28.5)
"""Casino hours, local time (18:00 to 04:30)."""


@dataclass(frozen=True, slots=True)
class Operator:
    name: str
    merchant_id: str | None
    mcc: str
    terminal_id: str | None
    firm: EntityRef | None
    """The licensed company behind the merchant, when the world lets us find it."""


def _operators(ctx: SchemeContext, category: str) -> list[Operator]:
    """The world's casinos or bookmakers. ``MerchantRef`` does not name the operating firm,
    so it is matched by name among the world's gambling companies (OKED 92): a bookmaker's
    points are named after it ("X №2" belongs to «X»)."""
    firms = ctx.sample_entities(50, oked_prefix="92")

    def firm_of(merchant: str) -> EntityRef | None:
        for e in firms:
            inner = e.name.split("«", 1)[-1].rstrip("»").strip()
            if inner and merchant.startswith(inner):
                return e
        return None

    found = [
        Operator(m.name, m.merchant_id, m.mcc, m.terminal_id, firm_of(m.name))
        for m in ctx.merchants(category)
    ]
    if found:
        return found
    word = "Казино" if category == "casino" else "Букмекер"
    return [Operator(f"{word} «{n}»", None, "7995", None, None) for n in ("Zantori", "Olmerra")]


def plant(ctx: SchemeContext) -> None:
    """Plant the gambling schemes of this world and the honest regular players."""
    pool = Pool(ctx)
    casinos, books = _operators(ctx, "casino"), _operators(ctx, "bookmaker")
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, casinos, books, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        if chance(ctx.rng, 0.7):
            _regular_player(ctx, pool, books, Decoy(ctx, FAMILY, number, "regular_player"))
        else:
            _casino_visitor(ctx, pool, casinos, Decoy(ctx, FAMILY, number, "casino_visitor"))


# ── building blocks ────────────────────────────────────────────────────────────────────────


def _op(
    ctx: SchemeContext,
    when: dt.datetime,
    op: Operator,
    player: PersonRef,
    op_type: str,
    kzt: float,
    *,
    online: bool,
    card_id: int | None = None,
    payout: tuple[str, int] | None = None,
    terminal_id: str | None = None,
) -> int:
    oid = ctx.next_id("gambling_ops")
    ctx.row(
        "gambling_ops",
        op_id=oid,
        ts=when,
        operator=op.name,
        operator_entity_id=op.firm.entity_id if op.firm else None,
        person_id=player.person_id,
        op_type=op_type,
        amount_kzt=money(kzt),
        channel="online" if online else "venue",
        card_id=card_id,
        payout_iban=payout[0] if payout else None,
        payout_holder_id=payout[1] if payout else None,
        terminal_id=terminal_id or (None if online else op.terminal_id),
    )
    return oid


@dataclass(frozen=True, slots=True)
class Payee:
    """An account that receives winnings: its IBAN, holder and id."""

    iban: str
    holder: PersonRef
    account_id: int


def _payee(ctx: SchemeContext, who: PersonRef) -> Payee:
    """A card account of ``who`` to pay winnings into. The context does not tell a planter an
    existing account's IBAN, so the player opens one (people do open one for winnings)."""
    a = ctx.new_account("person", who.person_id, product="card")
    return Payee(a.iban, who, a.account_id)


def _payout(ctx: SchemeContext, when: dt.datetime, op: Operator, to: Payee, kzt: float) -> int:
    """The operator's bank transfer of winnings into a player's (or someone's) account: from
    its account with us when we know the firm, else from another bank."""
    if op.firm is not None and op.firm.account_id is not None:
        return ctx.txn(
            ts=when,
            type="transfer",
            channel="internet",
            amount=money(kzt),
            src_account_id=op.firm.account_id,
            dst_account_id=to.account_id,
            knp=knp_code("gambling_winnings"),
            kod=sector_code("resident_company"),
            kbe=sector_code("resident_individual"),
            narrative=pick(ctx.rng, ("Вывод выигрыша", "Выплата выигрыша")),
        )
    bic = pick(ctx.rng, [b for _, b in ctx.banks()] or ["CASPKZKA"])
    return ctx.txn(
        ts=when,
        type="transfer",
        channel="internet",
        amount=money(kzt),
        dst_account_id=to.account_id,
        cp_name=op.name,
        cp_bic=bic,
        cp_country="KZ",
        knp=knp_code("gambling_winnings"),
        kod=sector_code("resident_company"),
        kbe=sector_code("resident_individual"),
        narrative=pick(
            ctx.rng, ("Выплата выигрыша", "Вывод средств с игрового счёта", "Ұтысты төлеу")
        ),
    )


def _card_bet(
    ctx: SchemeContext,
    when: dt.datetime,
    op: Operator,
    payer: PersonRef,
    card: int,
    kzt: float,
    *,
    account_id: int | None = None,
    **cols: Any,
) -> int:
    """A card payment that funds a betting account, from the payer's phone."""
    if "device_id" not in cols:
        cols |= remote(ctx, payer)
    return ctx.txn(
        ts=when,
        type="card_payment",
        channel="ecom",
        amount=rounded(kzt, 100),
        src_account_id=account_id or acct(payer),
        card_id=card,
        merchant_id=op.merchant_id,
        terminal_id=op.terminal_id,
        mcc=op.mcc,
        cp_name=op.name if op.merchant_id is None else None,
        **cols,
    )


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _chip_walking(
    ctx: SchemeContext, pool: Pool, casinos: list[Operator], books: list[Operator], s: Scheme
) -> None:
    """Cash buys chips, a little is played, the chips are cashed out and paid by transfer."""
    rng = ctx.rng
    player = pool.person_or_new(0.5, age=(25, 65))
    s.party(player, "player")
    payee = _payee(ctx, player)
    s.label("account", payee.account_id, "payout_account")
    casino = pick(rng, casinos)
    for _ in range(integer(rng, 1, 3)):
        buy_in = rounded(logu(rng, 2e6, 15e6), 100_000)
        when = at(ctx, span(ctx, 0.0, 0.9), NIGHT)
        ops = [_op(ctx, when, casino, player, "chips_buy", float(buy_in), online=False)]
        played = float(buy_in) * uni(rng, 0.03, 0.15)
        for part in split(rng, played, integer(rng, 1, 5)):
            ops.append(
                _op(ctx, later(ctx, when, (0.1, 2)), casino, player, "bet", part, online=False)
            )
        cash_out = float(buy_in) * uni(rng, 0.88, 0.99)
        t_out = later(ctx, when, (2, 5))
        ops.append(
            _op(
                ctx,
                t_out,
                casino,
                player,
                "chips_cashout",
                cash_out,
                online=False,
                payout=(payee.iban, player.person_id),
            )
        )
        t = _payout(ctx, later(ctx, t_out, (10, 30)), casino, payee, cash_out)
        for o in ops:
            s.label("gambling_op", o, "chip_operation")
        s.txns([t], "casino_payout")


def _structured_winnings(
    ctx: SchemeContext, pool: Pool, casinos: list[Operator], books: list[Operator], s: Scheme
) -> None:
    """Winnings taken out in pieces each just under 1,000,000 KZT, over days and operators."""
    rng = ctx.rng
    player = pool.person_or_new(0.5, age=(21, 60))
    s.party(player, "player")
    payee = _payee(ctx, player)
    s.label("account", payee.account_id, "payout_account")
    ops_pool = books + casinos
    for _ in range(integer(rng, 3, 8)):
        op = pick(rng, ops_pool)
        online = op in books
        win = min(rounded(WIN_CAP * uni(rng, 0.9, 0.999), 1000), money(WIN_CAP - 1000))
        when = at(ctx, span(ctx, 0.0, 0.95), (12.0, 27.0))
        w = _op(ctx, when, op, player, "win", float(win), online=online)
        wd = _op(
            ctx,
            later(ctx, when, (0.2, 6)),
            op,
            player,
            "withdrawal",
            float(win),
            online=online,
            payout=(payee.iban, player.person_id),
        )
        t = _payout(ctx, later(ctx, when, (6, 20)), op, payee, float(win))
        s.label("gambling_op", w, "structured_win")
        s.label("gambling_op", wd, "withdrawal")
        s.txns([t], "winnings_payout")


def _third_party_payout(
    ctx: SchemeContext, pool: Pool, casinos: list[Operator], books: list[Operator], s: Scheme
) -> None:
    """The player's winnings go to another person's account (GAM-02)."""
    rng = ctx.rng
    player = pool.person_or_new(0.5, age=(21, 60))
    s.party(player, "player")
    for _ in range(integer(rng, 2, 5)):
        op = pick(rng, books + casinos)
        online = op in books
        other = pool.person_or_new(0.6, age=(18, 70))
        payee = _payee(ctx, other)
        kzt = rounded(logu(rng, 300e3, 8e6), 1000)
        when = at(ctx, span(ctx, 0.0, 0.95), (12.0, 27.0))
        win = _op(ctx, when, op, player, "win", float(kzt), online=online)
        wd = _op(
            ctx,
            later(ctx, when, (0.5, 8)),
            op,
            player,
            "withdrawal",
            float(kzt),
            online=online,
            payout=(payee.iban, other.person_id),
        )
        t = _payout(ctx, later(ctx, when, (8, 30)), op, payee, float(kzt))
        s.label("gambling_op", win, "win")
        s.label("gambling_op", wd, "third_party_withdrawal")
        s.party(other, "payout_recipient", with_account=False)
        s.label("account", payee.account_id, "payout_account")
        s.txns([t], "payout_to_third_party")


def _grey_terminal(
    ctx: SchemeContext, pool: Pool, casinos: list[Operator], books: list[Operator], s: Scheme
) -> None:
    """Players pay a bookmaker through a POS whose MCC says grocery or services (GAM-06)."""
    rng = ctx.rng
    greys = list(ctx.merchants("grey_terminal"))
    grey: MerchantRef | None = pick(rng, greys) if greys else None
    book = pick(rng, books)
    players = pool.persons(integer(rng, 3, 10), min_age=18)
    players += [ctx.new_person(age=(18, 35)) for _ in range(integer(rng, 1, 4))]
    for p in players:
        s.party(p, "player")
        card = card_of(ctx, p)
        for _ in range(integer(rng, 1, 5)):
            kzt = rounded(logu(rng, 5e3, 300e3), 500)
            when = at(ctx, span(ctx, 0.0, 0.98), (9.0, 27.0))
            if grey is not None:
                t = ctx.txn(
                    ts=when,
                    type="card_payment",
                    channel="pos",
                    amount=kzt,
                    src_account_id=acct(p),
                    card_id=card,
                    merchant_id=grey.merchant_id,
                    mcc=grey.mcc,
                    terminal_id=grey.terminal_id,
                )
            else:
                t = _card_bet(ctx, when, book, p, card, float(kzt))
            o = _op(
                ctx,
                later(ctx, when, (0.0, 0.05)),
                book,
                p,
                "deposit",
                float(kzt),
                online=True,
                card_id=card,
                terminal_id=grey.terminal_id if grey else None,
            )
            s.txns([t], "grey_terminal_payment")
            s.label("gambling_op", o, "deposit_via_grey_terminal")


def _under_21(
    ctx: SchemeContext, pool: Pool, casinos: list[Operator], books: list[Operator], s: Scheme
) -> None:
    """Young people (18–20) fund bookmaker accounts by card and bet (GAM-07)."""
    rng = ctx.rng
    young = pool.persons(integer(rng, 0, 2), max_age=19)
    young += [ctx.new_person(age=(18, 19)) for _ in range(integer(rng, 1, 3))]
    for p in young:
        s.party(p, "underage_player")
        card = card_of(ctx, p)
        book = pick(rng, books)
        for _ in range(integer(rng, 2, 10)):
            kzt = rounded(logu(rng, 2e3, 150e3), 100)
            when = at(ctx, span(ctx, 0.0, 0.97), (14.0, 27.0))
            t = _card_bet(ctx, when, book, p, card, float(kzt))
            o1 = _op(
                ctx,
                later(ctx, when, (0.0, 0.02)),
                book,
                p,
                "deposit",
                float(kzt),
                online=True,
                card_id=card,
            )
            o2 = _op(ctx, later(ctx, when, (0.05, 3)), book, p, "bet", float(kzt), online=True)
            s.txns([t], "betting_payment")
            s.label("gambling_op", o1, "underage_deposit")
            s.label("gambling_op", o2, "underage_bet")


def _many_cards(
    ctx: SchemeContext, pool: Pool, casinos: list[Operator], books: list[Operator], s: Scheme
) -> None:
    """One betting account funded from many cards, own and other people's; payouts go to
    yet other cards (GAM-08)."""
    rng = ctx.rng
    player = pool.person_or_new(0.5, age=(21, 50))
    s.party(player, "player")
    book = pick(rng, books)
    funders: list[tuple[PersonRef, int, int]] = []
    banks = [b for b, _ in ctx.banks()]
    for _ in range(integer(rng, 2, 5)):  # own cards in several banks
        a = ctx.new_account(
            "person", player.person_id, product="card", bank_id=pick(rng, banks) if banks else None
        )
        card = ctx.new_card(a.account_id, player.person_id)
        s.label("account", a.account_id, "funding_account")
        s.label("card", card, "funding_card")
        funders.append((player, a.account_id, card))
    owners = pool.persons(integer(rng, 2, 6))
    for owner in owners:
        card = card_of(ctx, owner)
        s.party(owner, "card_owner")
        s.label("card", card, "funding_card")
        funders.append((owner, acct(owner), card))
    dev: dict[str, Any] = {}
    if owners and chance(rng, 0.5):  # the player tops up from his phone with their cards
        device_id, ip = shared_device(ctx, [player, *owners])
        dev = {"device_id": device_id, "ip": ip}
    total = 0.0
    for _ in range(integer(rng, 6, 20)):
        payer, account, card = pick(rng, funders)
        kzt = rounded(logu(rng, 10e3, 500e3), 100)
        when = at(ctx, span(ctx, 0.0, 0.9), (10.0, 27.0))
        t = _card_bet(ctx, when, book, payer, card, float(kzt), account_id=account, **dev)
        o = _op(
            ctx,
            later(ctx, when, (0.0, 0.02)),
            book,
            player,
            "deposit",
            float(kzt),
            online=True,
            card_id=card,
        )
        s.txns([t], "card_funding")
        s.label("gambling_op", o, "multi_card_deposit")
        total += float(kzt)
    for part in split(rng, total * uni(rng, 0.6, 0.95), integer(rng, 2, 4)):
        payee = _payee(ctx, player)
        when = at(ctx, span(ctx, 0.9, 1.0), (10.0, 27.0))
        o = _op(
            ctx,
            when,
            book,
            player,
            "withdrawal",
            part,
            online=True,
            payout=(payee.iban, player.person_id),
        )
        t = _payout(ctx, later(ctx, when, (0.5, 8)), book, payee, part)
        s.label("account", payee.account_id, "payout_account")
        s.label("gambling_op", o, "withdrawal")
        s.txns([t], "payout")


_PLANTERS = {
    "chip_walking": _chip_walking,
    "structured_winnings": _structured_winnings,
    "third_party_payout": _third_party_payout,
    "grey_terminal": _grey_terminal,
    "under_21": _under_21,
    "many_cards": _many_cards,
}


# ── decoy ──────────────────────────────────────────────────────────────────────────────────


def _regular_player(ctx: SchemeContext, pool: Pool, books: list[Operator], d: Decoy) -> None:
    """An adult who bets often, with his own card, loses a little, and is paid to himself."""
    rng = ctx.rng
    player = pool.person(min_age=25) or ctx.new_person(age=(25, 60))
    d.party(player)
    book = pick(rng, books)
    card = card_of(ctx, player)
    payee: Payee | None = None
    for _ in range(integer(rng, 10, 40)):
        kzt = rounded(logu(rng, 2e3, 100e3), 100)
        when = at(ctx, span(ctx, 0.0, 0.98), (12.0, 26.0))
        _card_bet(ctx, when, book, player, card, float(kzt))
        d.mark(
            "gambling_op",
            _op(
                ctx,
                later(ctx, when, (0.0, 0.02)),
                book,
                player,
                "deposit",
                float(kzt),
                online=True,
                card_id=card,
            ),
        )
        for stake in split(rng, float(kzt), integer(rng, 1, 5)):  # a deposit covers a few bets
            bet = _op(ctx, later(ctx, when, (0.05, 3)), book, player, "bet", stake, online=True)
            d.mark("gambling_op", bet)
        if chance(rng, 0.3):
            win = float(kzt) * uni(rng, 1.2, 4.0)
            d.mark(
                "gambling_op",
                _op(ctx, later(ctx, when, (2, 4)), book, player, "win", win, online=True),
            )
            if chance(rng, 0.5):
                payee = payee or _payee(ctx, player)
                wd = _op(
                    ctx,
                    later(ctx, when, (4, 8)),
                    book,
                    player,
                    "withdrawal",
                    win,
                    online=True,
                    payout=(payee.iban, player.person_id),
                )
                _payout(ctx, later(ctx, when, (8, 12)), book, payee, win)
                d.mark("gambling_op", wd)
                d.mark("account", payee.account_id)


def _casino_visitor(ctx: SchemeContext, pool: Pool, casinos: list[Operator], d: Decoy) -> None:
    """A well-off adult spends an evening at a casino: buys chips for cash, plays most of
    them, cashes in what is left at the cage."""
    rng = ctx.rng
    player = ctx.new_person(age=(28, 65), monthly_income_kzt=uni(rng, 800e3, 4e6))
    d.party(player)
    casino = pick(rng, casinos)
    for _ in range(integer(rng, 1, 3)):
        buy_in = float(rounded(logu(rng, 200e3, 3e6), 10_000))
        when = at(ctx, span(ctx, 0.0, 0.9), NIGHT)
        d.mark("gambling_op", _op(ctx, when, casino, player, "chips_buy", buy_in, online=False))
        played = buy_in * uni(rng, 0.6, 1.0)
        for stake in split(rng, played, integer(rng, 5, 25)):
            bet = _op(ctx, later(ctx, when, (0.1, 4)), casino, player, "bet", stake, online=False)
            d.mark("gambling_op", bet)
        if played < buy_in * 0.97:
            left = buy_in - played
            d.mark(
                "gambling_op",
                _op(
                    ctx,
                    later(ctx, when, (4, 6)),
                    casino,
                    player,
                    "chips_cashout",
                    left,
                    online=False,
                ),
            )
