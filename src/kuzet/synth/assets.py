"""Ordinary persons' crypto purchases, betting and big-ticket purchases (property deals).

Each function adds the chunk's transactions to a ``ChunkGen`` and returns the rows of the
sector table that goes with them (``crypto_transfers``, ``gambling_ops``,
``property_deals``), without keys (``ChunkGen.run`` numbers them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from kuzet.model.money import to_money
from kuzet.synth import reference as ref
from kuzet.synth import rows as rw
from kuzet.synth import vec, wallets
from kuzet.synth.life import CH, A, T
from kuzet.synth.rows import COMP, IND
from kuzet.synth.vec import F64, I64

if TYPE_CHECKING:
    from kuzet.synth.life_gen import ChunkGen


def crypto(g: ChunkGen) -> pa.Table:
    """Purchases on licensed platforms by card, some withdrawn to the buyer's own wallet."""
    rng, who = g.rng, g.who("crypto")
    k = len(who)
    lk = g.lk
    pi = rng.integers(0, len(lk.crypto_merchants), k)
    merchant = lk.crypto_merchants[pi]
    platform = lk.crypto_platform[pi]
    amount = vec.round_to(np.clip(_lognormal(rng, 40_000, 0.9, k), 5_000, 480_000), 1000)
    day = g.days_of(k, "flat")
    sec = rw.local_seconds(rng, k, "night")
    card = g.bank.person_card[who]
    g.add(
        k,
        person=who,
        day=day,
        sec=sec,
        type=T["card_payment"],
        channel=CH["ecom"],
        src=g.bank.card_account[card],
        card=card,
        merchant=merchant,
        mcc=lk.m_mcc[merchant],
        amount=amount,
        device=g._device(who),
    )
    shares = np.array([a[2] for a in ref.CRYPTO_ASSETS])
    asset = rng.choice(len(ref.CRYPTO_ASSETS), size=k, p=shares / shares.sum())
    price = np.array([a[3] for a in ref.CRYPTO_ASSETS])[asset]
    qty = np.round(amount * 0.995 / price, 8)
    # withdrawals: the first ``crypto_out`` purchases of a person go to the own wallet
    out_n = g.p.crypto_out
    starts = np.r_[0, np.cumsum(g.p.counts[:, A["crypto"]])[:-1]]
    w_buy = np.repeat(starts, out_n) + _ranks(out_n)
    w_delay = rng.integers(600, 2 * 86_400, len(w_buy))
    chains = [ref.CRYPTO_ASSETS[a][0] for a in asset.tolist()]
    assets = [ref.CRYPTO_ASSETS[a][1] for a in asset.tolist()]
    lo = g.p.lo
    own = [wallets.address(chains[b], f"person-{int(who[b])}") for b in w_buy.tolist()]
    hot = [wallets.address(chains[b], f"platform-{int(platform[b])}") for b in w_buy.tolist()]
    buy_us = (lk.start_day + day) * rw.US_PER_DAY + (sec - lk.offsets[day]) * 1_000_000
    ts = np.r_[buy_us, buy_us[w_buy] + w_delay * 1_000_000]
    table = pa.table(
        {
            "ts": vec.ts_array(ts),
            "platform_id": vec.id_array(np.r_[platform, platform[w_buy]] + 1),
            "person_id": vec.id_array(np.r_[who, who[w_buy]] + 1),
            "account_id": vec.id_array(
                np.r_[g.acc.person_main[who], np.full(len(w_buy), -1)] + 1, 1
            ),
            "direction": pa.array(["buy"] * k + ["withdrawal"] * len(w_buy)),
            "chain": pa.array(chains + [chains[b] for b in w_buy.tolist()]),
            "asset": pa.array(assets + [assets[b] for b in w_buy.tolist()]),
            "from_address": pa.array([None] * k + hot, pa.string()),
            "to_address": pa.array([None] * k + own, pa.string()),
            "amount_asset": pa.array(np.r_[qty, np.round(qty[w_buy] * 0.999, 8)]),
            "amount_kzt": to_money(np.r_[amount, np.round(amount[w_buy] * 0.999, 2)]),
            "tx_hash": pa.array(
                [None] * k + [wallets.tx_hash(f"{lo}-{i}") for i in range(len(w_buy))],
                pa.string(),
            ),
        }
    )
    return table


def gamble(g: ChunkGen) -> pa.Table:
    """Bookmaker deposits by card, bets and wins on the operator's side, some payouts."""
    rng, who = g.rng, g.who("gamble")
    k = len(who)
    lk, b = g.lk, g.bank
    book = lk.bookmakers[rng.integers(0, len(lk.bookmakers), k)]
    amount = vec.round_to(_lognormal(rng, 5_000, 0.8, k), 500)
    day = g.days_of(k, "purchase")
    sec = rw.local_seconds(rng, k, "night")
    card = b.person_card[who]
    g.add(
        k,
        person=who,
        day=day,
        sec=sec,
        type=T["card_payment"],
        channel=CH["ecom"],
        src=b.card_account[card],
        card=card,
        merchant=book,
        mcc=lk.m_mcc[book],
        amount=amount,
        device=g._device(who),
        status=g.status(k, 0.02),
    )
    dep_us = (lk.start_day + day) * rw.US_PER_DAY + (sec - lk.offsets[day]) * 1_000_000
    bet_of = np.repeat(np.arange(k), 3)
    bet_amt = np.round(amount[bet_of] / 3.0, 0)
    bet_us = dep_us[bet_of] + rng.integers(60, 3 * 3600, len(bet_of)) * 1_000_000
    win_of = _sample_within(rng, g.p.wins, np.repeat(g.p.counts[:, A["gamble"]] * 3, 1))
    win_amt = np.round(bet_amt[win_of] * rng.uniform(1.3, 3.5, len(win_of)), 0)
    win_us = bet_us[win_of] + rng.integers(60, 7200, len(win_of)) * 1_000_000
    wd_of = _sample_within(rng, g.p.withdrawals, g.p.counts[:, A["gamble"]])
    wd_amt = vec.round_to(amount[wd_of] * rng.uniform(0.8, 4.0, len(wd_of)), 100)
    wd_us = dep_us[wd_of] + rng.integers(3600, 3 * 86_400, len(wd_of)) * 1_000_000
    wd_day = np.minimum((wd_us // rw.US_PER_DAY) - lk.start_day, g.days - 1)
    wd_sec = (wd_us % rw.US_PER_DAY) // 1_000_000 + lk.offsets[wd_day]
    op_acct = g.acc.entity_main[b.merchant_entity[book[wd_of]]]
    voc = lk.vocab
    g.add(
        len(wd_of),
        person=who[wd_of],
        day=wd_day,
        sec=wd_sec,
        type=T["transfer"],
        channel=CH["internet"],
        src=op_acct,
        dst=g.acc.person_main[who[wd_of]],
        amount=wd_amt,
        knp=voc.knp_of("gambling_winnings"),
        kod=COMP,
        kbe=IND,
        narrative=voc.narrative("Вывод выигрыша"),
    )
    op_of = np.r_[np.arange(k), bet_of, bet_of[win_of], wd_of]
    n_ops = len(op_of)
    names = b.merchant_names.take(vec.ix(book[op_of]))
    ent = b.merchant_entity[book[op_of]]
    kinds = (
        ["deposit"] * k
        + ["bet"] * len(bet_of)
        + ["win"] * len(win_of)
        + ["withdrawal"] * len(wd_of)
    )
    payout = np.r_[np.zeros(k + len(bet_of) + len(win_of), bool), np.ones(len(wd_of), bool)]
    main = g.acc.person_main[who[op_of]]
    return pa.table(
        {
            "ts": vec.ts_array(np.r_[dep_us, bet_us, win_us, wd_us]),
            "operator": names,
            "operator_entity_id": vec.id_array(ent + 1),
            "person_id": vec.id_array(who[op_of] + 1),
            "op_type": pa.array(kinds),
            "amount_kzt": to_money(np.r_[amount, bet_amt, win_amt, wd_amt]),
            "channel": pa.array(["online"] * n_ops),
            "card_id": vec.id_array(np.r_[card + 1, np.zeros(n_ops - k, np.int64)], 1),
            "payout_iban": pa.array(
                [None] * (n_ops - len(wd_of)) + g.acc.iban.take(vec.ix(main[payout])).to_pylist(),
                pa.string(),
            ),
            "payout_holder_id": vec.id_array(np.where(payout, who[op_of] + 1, 0), 1),
        }
    )


def _ranks(counts: I64) -> I64:
    """0, 1, … within each group of a ``np.repeat(…, counts)`` layout."""
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    out: I64 = np.arange(int(counts.sum())) - np.repeat(starts, counts)
    return out


def _sample_within(rng: np.random.Generator, picks: I64, sizes: I64) -> I64:
    """For each person, ``picks[p]`` distinct-ish indices among that person's ``sizes[p]``
    items (global positions in the repeat layout)."""
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    owner = np.repeat(np.arange(len(picks)), picks)
    out: I64 = starts[owner] + (rng.random(len(owner)) * np.maximum(sizes[owner], 1)).astype(
        np.int64
    )
    return out


@dataclass
class _Deals:
    """Big purchases of one asset class before they become rows."""

    asset_class: str
    who: I64
    price: F64
    form: np.ndarray
    seller_type: I64
    """0 person, 1 entity, -1 none."""
    seller: I64
    dst: I64
    """Account credited by a transfer (-1: paid by card or to a bank)."""
    merchant: I64 | None
    """Merchant of a card payment, if paid by card."""
    valuation: F64
    item: list[str]
    description: str
    narrative: str | None


def _cash_flags(g: ChunkGen, k: int, offset: int) -> np.ndarray:
    return np.asarray(g.p.deal_cash[offset : offset + k], dtype=bool)


def _real_estate(g: ChunkGen, who: I64) -> _Deals:
    """Flats at a few years of income; sold by persons of the region or by developers."""
    rng, lk = g.rng, g.lk
    k = len(who)
    price = vec.round_to(np.clip(g.pop.income[who] * 12 * rng.uniform(2.5, 8, k), 8e6, 150e6), 1e5)
    cash = _cash_flags(g, k, 0)
    form = np.where(
        cash, "cash", rng.choice(["mortgage", "transfer", "mixed"], k, p=[0.35, 0.55, 0.1])
    )
    region = g.pop.region[who]
    seller_p = _pick(rng, lk.p_start[region], lk.p_count[region], lk.p_by_region)
    n_dev = len(lk.developers)
    seller_e = lk.developers[rng.integers(0, max(n_dev, 1), k)] if n_dev else np.zeros(k, np.int64)
    to_dev = (rng.random(k) < 0.4) & (n_dev > 0)
    plots = rng.integers(0, 1000, (3, k)).tolist()
    return _Deals(
        asset_class="real_estate",
        who=who,
        price=price,
        form=form,
        seller_type=to_dev.astype(np.int64),
        seller=np.where(to_dev, seller_e, seller_p),
        dst=np.where(to_dev, g.acc.entity_main[seller_e], g.acc.person_main[seller_p]),
        merchant=None,
        valuation=np.round(price * rng.normal(1.0, 0.07, k), -3),
        item=[
            f"{ref.REGIONS[r].kato}:{a:03d}:{b:03d}:{c:03d}"
            for r, a, b, c in zip(region.tolist(), *plots, strict=True)
        ],
        description="Квартира",
        narrative="Оплата по договору купли-продажи недвижимости",
    )


def _vehicles(g: ChunkGen, who: I64) -> _Deals:
    rng, lk = g.rng, g.lk
    k = len(who)
    price = vec.round_to(rng.uniform(4e6, 22e6, k) * (g.pop.income[who] / 400_000) ** 0.3, 1e4)
    dealer = g.bank.merchant_entity[
        lk.dealer_merchants[rng.integers(0, len(lk.dealer_merchants), k)]
    ]
    return _Deals(
        asset_class="vehicle",
        who=who,
        price=price,
        form=np.full(k, "transfer"),
        seller_type=np.ones(k, np.int64),
        seller=dealer,
        dst=g.acc.entity_main[dealer],
        merchant=None,
        valuation=np.round(price * rng.normal(1.0, 0.05, k), -3),
        item=[f"XW8{v:014X}"[:17] for v in rng.integers(0, 1 << 56, k).tolist()],
        description="Легковой автомобиль",
        narrative="Оплата за автомобиль по договору",
    )


_GOODS = {  # asset: (asset class, median price, description)
    "jewel": ("jewellery", 350_000, "Ювелирное изделие"),
    "luxury": ("luxury_goods", 1_500_000, "Часы класса люкс"),
    "metal": ("precious_metals", 900_000, "Мерный слиток золота 50 г"),
}


def _goods(g: ChunkGen, who: I64, asset: str, cash_offset: int) -> _Deals:
    """Jewellery and luxury goods bought by card in shops (jewellery sometimes for cash),
    and gold bars bought from a bank by transfer."""
    rng, lk = g.rng, g.lk
    k = len(who)
    asset_class, median, description = _GOODS[asset]
    price = vec.round_to(np.exp(rng.normal(np.log(median), 0.6, k)), 1000)
    form = np.full(k, "transfer")
    if asset == "jewel":
        form = np.where(_cash_flags(g, k, cash_offset), "cash", form)
    pool = {"jewel": lk.jewel_merchants, "luxury": lk.lux_merchants}.get(asset)
    merchant = None if pool is None else pool[rng.integers(0, len(pool), k)]
    seller = np.full(k, -1) if merchant is None else g.bank.merchant_entity[merchant]
    return _Deals(
        asset_class=asset_class,
        who=who,
        price=price,
        form=form,
        seller_type=np.where(seller >= 0, 1, -1),
        seller=seller,
        dst=np.full(k, -1),
        merchant=merchant,
        valuation=np.full(k, np.nan),
        item=[f"ITEM-{v:010d}" for v in rng.integers(0, 10**10, k).tolist()],
        description=description,
        narrative="Покупка мерного слитка" if asset == "metal" else None,
    )


def _pay(g: ChunkGen, d: _Deals, day: I64, sec: I64) -> None:
    """The payment of each deal not settled in cash: by card in a shop, else a transfer."""
    paid = d.form != "cash"
    who = d.who[paid]
    k = len(who)
    voc = g.lk.vocab
    if d.merchant is not None:
        card = g.bank.person_card[who]
        m = d.merchant[paid]
        g.add(
            k,
            person=who,
            day=day[paid],
            sec=sec[paid],
            type=T["card_payment"],
            channel=CH["pos"],
            src=g.bank.card_account[card],
            card=card,
            merchant=m,
            mcc=g.lk.m_mcc[m],
            amount=d.price[paid],
        )
        return
    to_bank = d.asset_class == "precious_metals"
    g.add(
        k,
        person=who,
        day=day[paid],
        sec=sec[paid],
        type=T["transfer"],
        channel=CH["branch"] if to_bank else CH["internet"],
        src=g.acc.person_main[who],
        dst=d.dst[paid],
        amount=np.where(d.form[paid] == "mixed", np.round(d.price[paid] * 0.7), d.price[paid]),
        knp=voc.knp_of("goods_payment"),
        kod=IND,
        kbe=np.where(d.seller_type[paid] == 1, COMP, IND),
        cp_name=voc.cp_names.index(ref.BANKS[0].name) if to_bank else -1,
        narrative=voc.narrative(d.narrative) if d.narrative else -1,
    )


def _deal_table(g: ChunkGen, d: _Deals, us: I64) -> pa.Table:
    k = len(d.who)
    region = g.pop.region[d.who].tolist()
    home = d.asset_class == "real_estate"
    realtor = g.rng.integers(0, 2 * len(ref.REALTOR_NAMES), k).tolist()
    return pa.table(
        {
            "ts": vec.ts_array(us),
            "asset_class": pa.array([d.asset_class] * k),
            "item_id": pa.array(d.item),
            "description": pa.array([d.description] * k),
            "buyer_type": pa.array(["person"] * k),
            "buyer_id": vec.id_array(d.who + 1),
            "payer_type": pa.array(["person"] * k),
            "payer_id": vec.id_array(d.who + 1),
            "payer_country": pa.array(["KZ"] * k),
            "seller_type": vec.take(("person", "entity"), d.seller_type),
            "seller_id": vec.id_array(d.seller + 1, 1),
            "price": to_money(d.price),
            "currency": pa.array(["KZT"] * k),
            "price_kzt": to_money(d.price),
            "valuation_kzt": to_money(d.valuation),
            "payment_form": pa.array(d.form.tolist()),
            "notary": pa.array(
                [f"Нотариус {ref.REGIONS[r].city} №{r % 7 + 1}" if home else None for r in region],
                pa.string(),
            ),
            "realtor": pa.array(
                [
                    ref.REALTOR_NAMES[i] if home and i < len(ref.REALTOR_NAMES) else None
                    for i in realtor
                ],
                pa.string(),
            ),
            "kato": pa.array(
                [f"{ref.REGIONS[r].kato}0000000" if home else None for r in region], pa.string()
            ),
        }
    )


def deals(g: ChunkGen) -> pa.Table:
    """Real estate, vehicles, jewellery, luxury goods and bullion, consistent with income."""
    n_homes = int(g.p.counts[:, A["real_estate"]].sum())
    found = [
        _real_estate(g, g.who("real_estate")),
        _vehicles(g, g.who("vehicle")),
        _goods(g, g.who("jewel"), "jewel", n_homes),
        _goods(g, g.who("luxury"), "luxury", 0),
        _goods(g, g.who("metal"), "metal", 0),
    ]
    parts = []
    for d in found:
        k = len(d.who)
        if k == 0:
            continue
        day = g.days_of(k, "office")
        sec = rw.local_seconds(g.rng, k, "office")
        _pay(g, d, day, sec)
        us = (g.lk.start_day + day) * rw.US_PER_DAY + (sec - g.lk.offsets[day]) * 1_000_000
        parts.append(_deal_table(g, d, us))
    return pa.concat_tables(parts) if parts else pa.table({})


def _pick(rng: np.random.Generator, start: I64, count: I64, sorted_: I64) -> I64:
    return sorted_[start + (rng.random(len(start)) * np.maximum(count, 1)).astype(np.int64)]


def _lognormal(rng: np.random.Generator, median: F64 | float, sigma: F64 | float, k: int) -> F64:
    return np.asarray(median * np.exp(rng.normal(0.0, 1.0, k) * sigma), dtype=np.float64)
