"""Virtual assets (domain brief §4, §6.4): crypto used to move or cash out criminal money.

Only AFSA-licensed platforms connected to local banks may serve Kazakhstani customers; the
AFM blocks hundreds of unlicensed exchanges a year and is building a register of high-risk
wallets. Planted here: fiat paid to unlicensed platforms (by card at their merchant id or by
transfer to their IBAN), transfers to and from high-risk wallets (mixers, darknet markets,
fraud), new users who deposit a large sum and take it all out again without trading, and
platform accounts funded from many third parties' cards. The decoy is an active investor on
a licensed platform.

Wallet addresses are valid-looking for their chain (bech32 or base58check for bitcoin,
0x + 40 hex for ethereum, base58check ``T…`` for tron), so address parsers accept them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from kuzet.model.codes import knp_code, sector_code
from kuzet.synth.api import PersonRef, PlatformRef, SchemeContext
from kuzet.synth.schemes._sector import (
    Decoy,
    Pool,
    Scheme,
    acct,
    at,
    chance,
    code_of,
    count,
    integer,
    later,
    logu,
    money,
    pick,
    plan,
    rounded,
    span,
    uni,
)
from kuzet.synth.schemes._sector_legs import (
    card_of,
    remote,
    shared_device,
)

FAMILY = "VA"
VARIANTS = (
    "unlicensed_platform",
    "high_risk_wallet",
    "deposit_withdraw_no_trade",
    "third_party_cards",
)

PRICE_KZT = {"BTC": 45e6, "ETH": 1.6e6, "USDT": 505.0, "TRX": 120.0}
"""Rough tenge prices of the assets (the generator's own mid-points)."""

CHAINS = (
    ("tron", "USDT"),
    ("tron", "USDT"),
    ("tron", "USDT"),
    ("ethereum", "USDT"),
    ("ethereum", "ETH"),
    ("bitcoin", "BTC"),
)
"""USDT on tron dominates drop and grey-exchange flows; bitcoin and ether appear too."""

RISK_CATEGORIES = ("mixer", "darknet_market", "fraud", "sanctioned_exchange", "ransomware")


# ── addresses ──────────────────────────────────────────────────────────────────────────────

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def _base58check(payload: bytes) -> str:
    data = payload + hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, r = divmod(n, 58)
        out = _B58[r] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def _bech32_polymod(values: list[int]) -> int:
    gen = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if (top >> i) & 1 else 0
    return chk


def _bech32(hrp: str, witver: int, program: bytes) -> str:
    acc, bits, data = 0, 0, [witver]
    for byte in program:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    poly = _bech32_polymod(expanded + data + [0] * 6) ^ 1
    check = [(poly >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_BECH32[d] for d in data + check)


def address(rng: np.random.Generator, chain: str) -> str:
    """A fresh, well-formed address on ``chain``."""
    body = rng.bytes(20)
    if chain == "ethereum":
        return "0x" + body.hex()
    if chain == "tron":
        return _base58check(b"\x41" + body)
    if rng.random() < 0.6:
        return _bech32("bc", 0, body)
    return _base58check(b"\x00" + body)


def tx_hash(rng: np.random.Generator, chain: str) -> str:
    h = rng.bytes(32).hex()
    return "0x" + h if chain == "ethereum" else h


# ── rows ───────────────────────────────────────────────────────────────────────────────────


@dataclass(slots=True)
class Wallets:
    """Addresses a planting reuses: each platform's hot wallet, and the risky services."""

    hot: dict[tuple[int, str], str]
    risky: list[tuple[str, str, str]]
    """(chain, address, category) of high-risk services, shared by several schemes."""
    mcc: dict[str, str]
    """The MCC each platform's merchant id pays under, fixed once drawn."""
    terminals: dict[str, str]
    """The e-commerce terminal id of each platform's merchant id."""

    def merchant_mcc(self, ctx: SchemeContext, platform: PlatformRef) -> str:
        mid = platform.merchant_id or ""
        if mid not in self.mcc:
            cat = "crypto_licensed" if platform.licensed else "crypto_unlicensed"
            known = {m.merchant_id: m.mcc for m in ctx.merchants(cat)}
            # an unlicensed platform often hides behind a digital-goods or transfer MCC
            masks = ("6051",) if platform.licensed else ("6051", "5816", "4829")
            self.mcc[mid] = known.get(mid) or pick(ctx.rng, masks)
            terminals = {m.merchant_id: m.terminal_id for m in ctx.merchants(cat)}
            self.terminals[mid] = terminals.get(mid) or str(integer(ctx.rng, 10**7, 10**8 - 1))
        return self.mcc[mid]

    def hot_wallet(self, rng: np.random.Generator, platform_id: int, chain: str) -> str:
        key = (platform_id, chain)
        if key not in self.hot:
            self.hot[key] = address(rng, chain)
        return self.hot[key]


def _crypto(
    ctx: SchemeContext,
    w: Wallets,
    when: dt.datetime,
    platform: PlatformRef | None,
    person: PersonRef,
    direction: str,
    chain: str,
    asset: str,
    kzt: float,
    *,
    account_id: int | None = None,
    external: str | None = None,
) -> int:
    """One operation of a customer: ``buy``/``sell`` on the platform, or an on-chain
    ``deposit`` (from ``external``) or ``withdrawal`` (to ``external``)."""
    rng = ctx.rng
    tid = ctx.next_id("crypto_transfers")
    hot = w.hot_wallet(rng, platform.platform_id, chain) if platform else address(rng, chain)
    src = dst = None
    if direction == "deposit":
        src, dst = external or address(rng, chain), hot
    elif direction == "withdrawal":
        src, dst = hot, external or address(rng, chain)
    price = PRICE_KZT[asset] * uni(rng, 0.98, 1.02)
    ctx.row(
        "crypto_transfers",
        transfer_id=tid,
        ts=when,
        platform_id=platform.platform_id if platform else None,
        person_id=person.person_id,
        account_id=account_id,
        direction=direction,
        chain=chain,
        asset=asset,
        from_address=src,
        to_address=dst,
        amount_asset=round(kzt / price, 8),
        amount_kzt=money(kzt),
        tx_hash=tx_hash(rng, chain) if src else None,
    )
    return tid


def _fiat_to_platform(
    ctx: SchemeContext,
    w: Wallets,
    when: dt.datetime,
    payer: PersonRef,
    platform: PlatformRef,
    kzt: float,
    *,
    card_id: int | None = None,
    **cols: Any,
) -> int:
    """Fiat paid to a platform: by card at its merchant id, else by transfer to its IBAN."""
    rng = ctx.rng
    if platform.merchant_id and (
        card_id is not None or platform.iban is None or rng.random() < 0.6
    ):
        mcc = w.merchant_mcc(ctx, platform)
        card = card_id if card_id is not None else card_of(ctx, payer)
        if "device_id" not in cols:
            cols |= remote(ctx, payer)
        return ctx.txn(
            ts=when,
            type="card_payment",
            channel="ecom",
            amount=rounded(kzt, 100),
            src_account_id=acct(payer),
            merchant_id=platform.merchant_id,
            terminal_id=w.terminals[platform.merchant_id],
            mcc=mcc,
            card_id=card,
            narrative=None,
            **cols,
        )
    note = pick(rng, ("Пополнение баланса", "Перевод", "Пополнение счёта", "Оплата услуг", ""))
    if "device_id" not in cols:
        cols |= remote(ctx, payer)
    return ctx.txn(
        ts=when,
        type="transfer",
        channel="mobile",
        amount=rounded(kzt, 100),
        src_account_id=acct(payer),
        cp_name=platform.name,
        cp_iban=platform.iban,
        knp=knp_code("p2p_transfer" if not platform.licensed else "services_payment"),
        kod=code_of(payer),
        kbe=sector_code("resident_company"),
        narrative=note or None,
        **cols,
    )


def _fiat_from_platform(
    ctx: SchemeContext, when: dt.datetime, platform: PlatformRef, to: PersonRef, kzt: float
) -> int:
    return ctx.txn(
        ts=when,
        type="transfer",
        channel="internet",
        amount=money(kzt),
        dst_account_id=acct(to),
        cp_name=platform.name,
        cp_iban=platform.iban,
        knp=knp_code("services_payment"),
        kod=sector_code("resident_company"),
        kbe=code_of(to),
        narrative="Вывод средств с торгового счёта",
    )


def plant(ctx: SchemeContext) -> None:
    """Plant the virtual-asset schemes of this world and the honest investors."""
    rng = ctx.rng
    w = Wallets(hot={}, risky=[], mcc={}, terminals={})
    for _ in range(integer(rng, 3, 6)):
        chain, _asset = pick(rng, CHAINS)
        w.risky.append((chain, address(rng, chain), pick(rng, RISK_CATEGORIES)))
    pool = Pool(ctx)
    for number, variant in enumerate(plan(ctx, VARIANTS, count(ctx)), start=1):
        _PLANTERS[variant](ctx, pool, w, Scheme(ctx, FAMILY, number, variant))
    for number in range(1, count(ctx, minimum=3) + 1):
        _active_investor(ctx, pool, w, Decoy(ctx, FAMILY, number, "active_investor"))


# ── variants ───────────────────────────────────────────────────────────────────────────────


def _unlicensed_platform(ctx: SchemeContext, pool: Pool, w: Wallets, s: Scheme) -> None:
    """A customer keeps paying a blocked exchange (VA-01) and takes the coins off-platform."""
    rng = ctx.rng
    user = pool.person_or_new(0.6, age=(18, 50))
    s.party(user, "user")
    grey = list(ctx.platforms(licensed=False))
    chain, asset = pick(rng, CHAINS)
    own = address(rng, chain)
    pays: list[int] = []
    coins: list[int] = []
    bought = 0.0
    days = sorted(span(ctx, 0.0, 0.9) for _ in range(integer(rng, 3, 12)))
    for day in days:
        when = at(ctx, day, (8.0, 26.0))
        kzt = logu(rng, 30e3, 1.5e6)
        if grey:
            p = pick(rng, grey)
            pays.append(_fiat_to_platform(ctx, w, when, user, p, kzt))
            if rng.random() < 0.7:
                bought += kzt
                coins.append(
                    _crypto(
                        ctx,
                        w,
                        later(ctx, when, (0.05, 1)),
                        p,
                        user,
                        "buy",
                        chain,
                        asset,
                        kzt,
                        account_id=acct(user),
                    )
                )
        else:  # no grey platform in this world: a P2P desk takes the money instead
            desk = pool.person() or ctx.new_person()
            pays.append(
                ctx.txn(
                    ts=when,
                    type="transfer",
                    channel="mobile",
                    amount=rounded(kzt, 100),
                    src_account_id=acct(user),
                    dst_account_id=acct(desk),
                    knp=knp_code("p2p_transfer"),
                    narrative="USDT",
                )
            )
            s.party(desk, "p2p_desk")
    if coins and grey:
        total = bought * uni(rng, 0.5, 0.99)
        coins.append(
            _crypto(
                ctx,
                w,
                at(ctx, days[-1] + uni(rng, 0.5, 0.1 * ctx.days + 1)),
                pick(rng, grey),
                user,
                "withdrawal",
                chain,
                asset,
                total,
                external=own,
            )
        )
    s.txns(pays, "payment_to_unlicensed_platform")
    for c in coins:
        s.label("wallet", c, "unlicensed_platform_operation")


def _high_risk_wallet(ctx: SchemeContext, pool: Pool, w: Wallets, s: Scheme) -> None:
    """Coins go to, or come from, a wallet of a mixer, darknet market or fraud (VA-05)."""
    rng = ctx.rng
    user = pool.person_or_new(0.5, age=(18, 55))
    s.party(user, "user")
    licensed = list(ctx.platforms(licensed=True))
    platform = pick(rng, licensed) if licensed else None
    chain, risky, _cat = pick(rng, w.risky)
    asset = (
        "BTC"
        if chain == "bitcoin"
        else pick(rng, ("USDT", "USDT", "ETH" if chain == "ethereum" else "USDT"))
    )
    inbound = rng.random() < 0.5
    for _ in range(integer(rng, 1, 4)):
        day = span(ctx, 0.0, 0.9)
        kzt = logu(rng, 200e3, 15e6)
        when = at(ctx, day, (6.0, 28.0))
        if inbound:  # proceeds arrive from the risky wallet and are sold for tenge
            dep = _crypto(
                ctx, w, when, platform, user, "deposit", chain, asset, kzt, external=risky
            )
            sell = _crypto(
                ctx,
                w,
                later(ctx, when, (0.2, 12)),
                platform,
                user,
                "sell",
                chain,
                asset,
                kzt * 0.995,
                account_id=acct(user),
            )
            s.label("wallet", dep, "high_risk_deposit")
            s.label("wallet", sell, "sale")
            if platform and platform.iban:
                t = _fiat_from_platform(ctx, later(ctx, when, (12, 30)), platform, user, kzt * 0.99)
                s.txns([t], "fiat_withdrawal")
        else:  # tenge buys coins that go to the risky wallet
            if platform:
                t = _fiat_to_platform(ctx, w, when, user, platform, kzt)
                s.txns([t], "fiat_deposit")
            buy = _crypto(
                ctx,
                w,
                later(ctx, when, (0.1, 3)),
                platform,
                user,
                "buy",
                chain,
                asset,
                kzt,
                account_id=acct(user),
            )
            out = _crypto(
                ctx,
                w,
                later(ctx, when, (3, 20)),
                platform,
                user,
                "withdrawal",
                chain,
                asset,
                kzt * 0.998,
                external=risky,
            )
            s.label("wallet", buy, "purchase")
            s.label("wallet", out, "high_risk_withdrawal")


def _deposit_withdraw_no_trade(ctx: SchemeContext, pool: Pool, w: Wallets, s: Scheme) -> None:
    """A new customer's first deposit is large and the whole balance leaves again within days,
    with no trading in between (VA-04)."""
    rng = ctx.rng
    user = ctx.new_person(age=(18, 40), monthly_income_kzt=uni(rng, 60e3, 300e3))
    s.party(user, "user")
    licensed = list(ctx.platforms(licensed=True))
    platform = pick(rng, licensed) if licensed else None
    chain, asset = pick(rng, CHAINS)
    kzt = logu(rng, 5e6, 60e6)
    when = at(ctx, span(ctx, 0.05, 0.8), (6.0, 28.0))
    if platform and rng.random() < 0.35:  # fiat in, one purchase, everything out
        t = _fiat_to_platform(ctx, w, when, user, platform, kzt)
        s.txns([t], "fiat_deposit")
        first = _crypto(
            ctx,
            w,
            later(ctx, when, (0.1, 2)),
            platform,
            user,
            "buy",
            chain,
            asset,
            kzt,
            account_id=acct(user),
        )
    else:
        first = _crypto(ctx, w, when, platform, user, "deposit", chain, asset, kzt)
    out = _crypto(
        ctx,
        w,
        later(ctx, when, (1, 72)),
        platform,
        user,
        "withdrawal",
        chain,
        asset,
        kzt * uni(rng, 0.97, 0.999),
    )
    s.label("wallet", first, "first_deposit")
    s.label("wallet", out, "full_withdrawal")


def _third_party_cards(ctx: SchemeContext, pool: Pool, w: Wallets, s: Scheme) -> None:
    """One platform account is topped up from many other people's cards (VA-08): drops."""
    rng = ctx.rng
    user = pool.person_or_new(0.5, age=(18, 45))
    s.party(user, "user")
    with_merchant = [p for p in ctx.platforms(licensed=rng.random() < 0.6) if p.merchant_id]
    with_merchant = with_merchant or [p for p in ctx.platforms(licensed=True) if p.merchant_id]
    platform = pick(rng, with_merchant) if with_merchant else None
    chain, asset = pick(rng, CHAINS)
    owners = pool.persons(integer(rng, 2, 8))
    owners += [ctx.new_person(age=(16, 30)) for _ in range(integer(rng, 3, 8))]
    # often the organiser works the drops' cards from his own phone
    dev: dict[str, Any] = {}
    if chance(rng, 0.6):
        device_id, ip = shared_device(ctx, [user, *owners])
        dev = {"device_id": device_id, "ip": ip}
    total = 0.0
    for o in owners:
        card = card_of(ctx, o)
        s.party(o, "card_owner")
        s.label("card", card, "funding_card")
        for _ in range(integer(rng, 1, 3)):
            kzt = logu(rng, 20e3, 400e3)
            when = at(ctx, span(ctx, 0.0, 0.85), (7.0, 27.0))
            if platform:
                t = _fiat_to_platform(ctx, w, when, o, platform, kzt, card_id=card, **dev)
                s.txns([t], "card_funding")
            c = _crypto(
                ctx,
                w,
                later(ctx, when, (0.01, 1)),
                platform,
                user,
                "buy",
                chain,
                asset,
                kzt,
                account_id=acct(o),
            )
            s.label("wallet", c, "third_party_funded_purchase")
            total += kzt
    out = _crypto(
        ctx,
        w,
        at(ctx, span(ctx, 0.85, 1.0)),
        platform,
        user,
        "withdrawal",
        chain,
        asset,
        total * 0.995,
    )
    s.label("wallet", out, "withdrawal")


_PLANTERS = {
    "unlicensed_platform": _unlicensed_platform,
    "high_risk_wallet": _high_risk_wallet,
    "deposit_withdraw_no_trade": _deposit_withdraw_no_trade,
    "third_party_cards": _third_party_cards,
}


# ── decoy ──────────────────────────────────────────────────────────────────────────────────


def _active_investor(ctx: SchemeContext, pool: Pool, w: Wallets, d: Decoy) -> None:
    """A well-paid customer of a licensed platform who buys and sells often, from and to his
    own account, and moves coins to and from one cold wallet of his own."""
    rng = ctx.rng
    licensed = list(ctx.platforms(licensed=True))
    if not licensed:
        return
    user = ctx.new_person(age=(25, 60), monthly_income_kzt=uni(rng, 800e3, 3e6))
    d.party(user)
    platform = pick(rng, licensed)
    chain, asset = pick(rng, CHAINS[3:])
    cold = address(rng, chain)
    card = card_of(ctx, user)
    for _ in range(integer(rng, 8, 25)):
        when = at(ctx, span(ctx, 0.0, 0.97), (8.0, 23.0))
        kzt = logu(rng, 50e3, 1e6)
        op = pick(rng, ("buy", "buy", "sell", "withdrawal", "deposit"))
        if op == "buy":
            _fiat_to_platform(ctx, w, when, user, platform, kzt, card_id=card)
            c = _crypto(
                ctx,
                w,
                later(ctx, when, (0.01, 2)),
                platform,
                user,
                "buy",
                chain,
                asset,
                kzt,
                account_id=acct(user),
            )
        elif op == "sell":
            c = _crypto(
                ctx, w, when, platform, user, "sell", chain, asset, kzt, account_id=acct(user)
            )
            if platform.iban:
                _fiat_from_platform(ctx, later(ctx, when, (0.5, 24)), platform, user, kzt * 0.998)
        else:  # coins to or back from his own cold wallet
            c = _crypto(ctx, w, when, platform, user, op, chain, asset, kzt, external=cold)
        d.mark("wallet", c)
