"""Sector data of ordinary life: bank and MFO loans, foreign-trade contracts and customs.

Loans: about a quarter of working-age customers repay a consumer, car or mortgage loan or a
microcredit, and a tenth of active firms a business loan; most were issued before the world
starts, a few inside it. Each loan has a loan account and an annuity schedule; schedules and
repayments are streamed with the borrower's other operations (``life``/``business``).

Foreign trade: wholesale and producing firms sign import and export contracts with partners
abroad at prices near the reference unit price of the HS code; prepayment shares are
realistic (a sixth pay 100% up front) and almost every import clears customs within days of
the delivery date. Contracts, declarations, their SWIFT payments and payment-message party
blocks are built here in one piece: they are a tiny share of a world.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.codes import knp_code, sector_code
from kuzet.model.money import FxRates, to_money
from kuzet.model.schemas import TABLES
from kuzet.synth import banking as bk
from kuzet.synth import firms as fm
from kuzet.synth import prices, vec
from kuzet.synth import reference as ref
from kuzet.synth.banking import Banking
from kuzet.synth.firms import Firms
from kuzet.synth.population import Population
from kuzet.synth.vec import F64, I64, Arr

LOAN_KINDS = ("consumer", "car", "mortgage", "microcredit", "business")
_LOAN_PURPOSE = (
    "потребительские цели",
    "покупка автомобиля",
    "покупка жилья",
    "микрокредит",
    "пополнение оборотных средств",
)
_COLLATERAL = (None, "vehicle", "real_estate", None, "real_estate")
US_PER_DAY = 86_400_000_000


@dataclass
class Loans:
    n: int
    kind: I64
    borrower_type: I64
    borrower: I64
    amount: F64
    rate: F64
    term: I64
    issued: I64
    account: I64
    """Loan account index."""
    pay_account: I64
    """Borrower's current account index that repays (and receives the disbursement)."""
    defaulted_after: I64
    """Instalment number after which the borrower stops paying (term+1 = never)."""
    table: pa.Table


@dataclass
class Sectors:
    loans: Loans
    trade_contracts: pa.Table
    customs: pa.Table
    reference_prices: pa.Table
    """The customs reference price list in force (``kuzet.synth.prices``)."""
    trade_txns: dict[str, np.ndarray | Arr] = field(default_factory=dict)
    trade_parties: pa.Table | None = None


def build_sectors(
    rng: np.random.Generator,
    pop: Population,
    firms: Firms,
    bank: Banking,
    start_day: int,
    days: int,
    fx: FxRates,
    prices_rng: np.random.Generator,
) -> Sectors:
    """Loans and trade from ``rng``; the published price list from its own ``prices_rng``
    (so that adding it left every other table of a seed's world as it was)."""
    loans = _loans(rng, pop, firms, bank, start_day, days)
    contracts, customs, txns, parties = _trade(rng, firms, bank, start_day, days, fx)
    listed = prices.reference_prices(prices_rng, start_day, fx)
    return Sectors(loans, contracts, customs, listed, txns, parties)


def _loans(
    rng: np.random.Generator,
    pop: Population,
    firms: Firms,
    bank: Banking,
    start_day: int,
    days: int,
) -> Loans:
    acc = bank.accounts
    n = pop.n
    eligible = (acc.person_main >= 0) & (pop.age >= 21) & (pop.age <= 65) & (pop.income > 80_000)
    borrowers = np.flatnonzero(eligible & (rng.random(n) < 0.30))
    k = len(borrowers)
    kind = rng.choice(4, size=k, p=(0.58, 0.12, 0.10, 0.20))
    inc = pop.income[borrowers]
    amount = np.select(
        [kind == 0, kind == 1, kind == 2],
        [inc * rng.uniform(1.5, 10.0, k), rng.uniform(4e6, 16e6, k), rng.uniform(14e6, 45e6, k)],
        default=rng.uniform(50e3, 500e3, k),
    )
    term = np.select(
        [kind == 0, kind == 1, kind == 2],
        [
            rng.choice([12, 24, 36, 48, 60], k),
            rng.choice([36, 48, 60, 84], k),
            rng.choice([120, 180, 240], k),
        ],
        default=rng.choice([3, 6, 9, 12], k),
    )
    rate = np.select(
        [kind == 0, kind == 1, kind == 2],
        [
            rng.uniform(0.19, 0.38, k),
            rng.uniform(0.14, 0.22, k),
            np.where(rng.random(k) < 0.4, 0.05, rng.uniform(0.12, 0.17, k)),
        ],
        default=rng.uniform(0.45, 0.56, k),
    )
    # business loans of active firms with accounts
    ents = np.flatnonzero(
        firms.active
        & (acc.entity_main >= 0)
        & (firms.role != fm.PUBLIC)
        & (firms.role != fm.SPECIAL)
        & (rng.random(firms.n) < 0.10)
    )
    ke = len(ents)
    b_amount = rng.uniform(3e6, 150e6, ke) * np.where(firms.kind[ents] == fm.IP, 0.2, 1.0)
    kind = np.r_[kind, np.full(ke, 4)]
    amount = np.asarray(np.round(np.r_[amount, b_amount] / 1000) * 1000, dtype=np.float64)
    term = np.r_[term, rng.choice([12, 24, 36, 60], ke)].astype(np.int64)
    rate = np.asarray(np.round(np.r_[rate, rng.uniform(0.15, 0.23, ke)], 4), dtype=np.float64)
    btype = np.r_[np.zeros(k, np.int64), np.ones(ke, np.int64)]
    borrower = np.r_[borrowers, ents].astype(np.int64)
    total = k + ke
    in_window = rng.random(total) < 0.06 * days / 90
    age_days = (rng.random(total) * np.minimum(term, 120) * 30.4).astype(np.int64) + 1
    issued = np.where(
        in_window, start_day + rng.integers(0, max(days - 1, 1), total), start_day - age_days
    )
    pay_account = np.where(
        btype == 0,
        acc.person_main[np.where(btype == 0, borrower, 0)],
        acc.entity_main[np.where(btype == 1, borrower, 0)],
    )
    lend_bank = acc.bank[pay_account]
    # microcredits come from MFOs (entities of OKED 64.92) when the world has any
    mfo = np.flatnonzero((np.array([o == "64.92" for o in firms.oked])) & firms.active)
    is_mfo = (kind == 3) & (len(mfo) > 0)
    lender_entity = np.where(
        is_mfo, mfo[rng.integers(0, max(len(mfo), 1), total)] if len(mfo) else -1, -1
    )
    loan_accounts = acc.extend(
        bank=lend_bank,
        holder_type=btype,
        holder=borrower,
        product=np.full(total, bk.LOAN),
        currency=["KZT"] * total,
        opened=issued,
        rng=rng,
    )
    defaulted_after = np.where(rng.random(total) < 0.006, rng.integers(1, 24, total), term + 1)
    bank_names = np.array([b.name for b in ref.BANKS])
    mfo_names = firms.table.column("name")
    lender_name = pc.if_else(
        pa.array(is_mfo),
        mfo_names.take(vec.ix(np.maximum(lender_entity, 0))),
        pa.array(bank_names[lend_bank].tolist()),
    )
    status = np.where(defaulted_after <= term, "defaulted", "active")
    table = pa.table(
        {
            "loan_id": vec.id_array(np.arange(1, total + 1)),
            "lender_type": pa.array(np.where(is_mfo, "mfo", "bank").tolist()),
            "lender_party_type": pc.if_else(
                pa.array(is_mfo), "entity", pa.nulls(total, pa.string())
            ),
            "lender_id": vec.id_array(lender_entity + 1, null_below=1),
            "lender_name": lender_name,
            "lender_country": pa.array(["KZ"] * total),
            "borrower_type": vec.take(("person", "entity"), btype),
            "borrower_id": vec.id_array(borrower + 1),
            "amount": to_money(amount),
            "currency": pa.array(["KZT"] * total),
            "amount_kzt": to_money(amount),
            "rate": pa.array(rate),
            "term_months": pa.array(term.astype(np.int32)),
            "issued": vec.date_array(issued),
            "collateral": vec.take([c or "" for c in _COLLATERAL], kind).cast(pa.string()),
            "purpose": vec.take(_LOAN_PURPOSE, kind),
            "status": pa.array(status.tolist()),
            "status_date": vec.date_array(np.zeros(total, np.int64), np.zeros(total, np.bool_)),
        }
    )
    coll = table.column("collateral")
    table = table.set_column(
        table.schema.get_field_index("collateral"),
        "collateral",
        vec._pc.if_else(vec._pc.equal(coll, ""), None, coll),
    )
    return Loans(
        total,
        kind,
        btype,
        borrower,
        amount,
        rate,
        term,
        issued,
        loan_accounts,
        pay_account,
        defaulted_after,
        table.cast(TABLES["loans"].schema),
    )


def schedule(loans: Loans, which: I64) -> dict[str, np.ndarray]:
    """Annuity schedule rows of the loans ``which``: loan index, seq, due day, principal,
    interest (two decimals)."""
    term = loans.term[which]
    rows = np.repeat(which, term)
    starts = np.r_[0, np.cumsum(term)[:-1]]
    seq = np.arange(len(rows)) - np.repeat(starts, term) + 1
    r = loans.rate[rows] / 12.0
    a = loans.amount[rows]
    t = loans.term[rows]
    growth = (1.0 + r) ** t
    payment = a * r * growth / (growth - 1.0)
    before = a * (1.0 + r) ** (seq - 1) - payment * ((1.0 + r) ** (seq - 1) - 1.0) / r
    interest = np.round(before * r, 2)
    principal = np.round(payment - interest, 2)
    issued = loans.issued[rows].astype("datetime64[D]")
    month = issued.astype("datetime64[M]") + seq
    day_in_month = np.minimum((issued - issued.astype("datetime64[M]")).astype(np.int64), 27)
    due = (month.astype("datetime64[D]") + day_in_month).astype(np.int64)
    return {"loan": rows, "seq": seq, "due": due, "principal": principal, "interest": interest}


def schedule_table(rows: dict[str, np.ndarray]) -> pa.Table:
    return pa.table(
        {
            "loan_id": vec.id_array(rows["loan"] + 1),
            "seq": pa.array(rows["seq"].astype(np.int32)),
            "due_date": vec.date_array(rows["due"]),
            "principal": to_money(rows["principal"]),
            "interest": to_money(rows["interest"]),
        }
    )


# ── foreign trade ───────────────────────────────────────────────────────────────────────


def _trade(
    rng: np.random.Generator,
    firms: Firms,
    bank: Banking,
    start_day: int,
    days: int,
    fx: FxRates,
) -> tuple[pa.Table, pa.Table, dict[str, np.ndarray | Arr], pa.Table]:
    acc = bank.accounts
    okeds = np.array([o or "" for o in firms.oked])
    goods = ref.HS_GOODS
    can_trade = firms.active & (acc.entity_main >= 0) & (firms.kind == fm.COMPANY)
    traders = [np.flatnonzero(can_trade & np.isin(okeds, g.oked)) for g in goods]
    k = max(8, int(firms.n / 40 * days / 90))
    gi = rng.integers(0, len(goods), k)
    has = np.array([len(traders[g]) > 0 for g in gi])
    gi = gi[has]
    k = len(gi)
    entity = np.array(
        [
            traders[g][int(u * len(traders[g]))]
            for g, u in zip(gi.tolist(), rng.random(k).tolist(), strict=True)
        ],
        dtype=np.int64,
    )
    good = [goods[g] for g in gi.tolist()]
    direction = np.array([g.direction for g in good])
    codes, probs = ref.weights(ref.TRADE_PARTNERS)
    country = np.array(codes)[rng.choice(len(codes), size=k, p=probs)]
    currency = np.array([ref.TRADE_CURRENCY[c] for c in country.tolist()])
    ref_price = np.array([g.unit_price_usd for g in good])
    unit_usd = ref_price * np.exp(rng.normal(0.0, 0.07, k))
    value_usd = np.exp(rng.normal(np.log(60_000), 1.0, k))
    qty = np.maximum(np.round(value_usd / unit_usd), 1.0)
    signed = start_day + rng.integers(0, max(days - 3, 1), k)
    usd_rate = np.array([float(fx.rate("USD", vec.to_date(d))) for d in signed.tolist()])
    cur_rate = np.array(
        [
            float(fx.rate(c, vec.to_date(d)))
            for c, d in zip(currency.tolist(), signed.tolist(), strict=True)
        ]
    )
    unit_price = np.round(unit_usd * usd_rate / cur_rate, 2)
    amount = np.round(unit_price * qty, 2)
    prepay = rng.choice([0.0, 0.2, 0.3, 0.5, 1.0], size=k, p=(0.3, 0.15, 0.2, 0.2, 0.15))
    due = signed + rng.integers(20, 91, k)
    route = np.where(
        (country == "DE") | (country == "IT"),
        np.where(
            rng.random(k) < 0.5,
            country.astype(object) + ";PL;BY;RU",
            country.astype(object) + ";TR;GE;AZ",
        ),
        np.where((country == "CN") & (rng.random(k) < 0.2), "CN;KG", country.astype(object)),
    )
    cp_name = [
        f"{ref.FOREIGN_FIRM_WORDS[int(a)]} {ref.FOREIGN_FIRM_KIND[int(b)]} "
        f"{ref.FOREIGN_FORM_BY_COUNTRY.get(c, 'Ltd')}"
        for a, b, c in zip(
            rng.integers(0, len(ref.FOREIGN_FIRM_WORDS), k).tolist(),
            rng.integers(0, len(ref.FOREIGN_FIRM_KIND), k).tolist(),
            country.tolist(),
            strict=True,
        )
    ]
    contract_id = np.arange(1, k + 1)
    contracts = pa.table(
        {
            "contract_id": vec.id_array(contract_id),
            "contract_no": vec.concat(
                pa.array(country.tolist()),
                "-",
                vec.lpad(vec.ymd(signed)[0], 4),
                "/",
                vec.lpad(contract_id, 5),
            ),
            "reg_no": vec.concat(
                vec.lpad(rng.integers(1000, 9999, k), 4),
                "/",
                vec.lpad(vec.ymd(signed)[0], 4),
                "/",
                vec.lpad(rng.integers(0, 10**6, k), 6),
            ),
            "entity_id": vec.id_array(entity + 1),
            "direction": pa.array(direction.tolist()),
            "cp_name": pa.array(cp_name),
            "cp_country": pa.array(country.tolist()),
            "goods_desc": pa.array([g.description for g in good]),
            "hs_code": pa.array([g.hs_code for g in good]),
            "quantity": pa.array(qty),
            "unit": pa.array([g.unit for g in good]),
            "unit_price": to_money(unit_price),
            "amount": to_money(amount),
            "currency": pa.array(currency.tolist()),
            "amount_kzt": to_money(np.round(amount * cur_rate, 2)),
            "prepay_pct": pa.array(prepay),
            "signed": vec.date_array(signed),
            "delivery_due": vec.date_array(due),
            "route_countries": pa.array(route.tolist(), pa.string()),
            "amendments": pa.array(
                np.where(rng.random(k) < 0.1, rng.integers(1, 3, k), 0).astype(np.int32)
            ),
        }
    ).cast(TABLES["trade_contracts"].schema)

    # customs: imports clear around the delivery date (a few late), exports at shipment
    end_day = start_day + days
    late = rng.random(k) < 0.04
    declared = np.where(
        direction == "import",
        due
        + np.round(rng.normal(-4, 5, k)).astype(np.int64)
        + np.where(late, rng.integers(15, 45, k), 0),
        signed + rng.integers(5, 30, k),
    )
    declared = np.maximum(declared, signed + 3)
    seen = declared < end_day
    di = np.flatnonzero(seen)
    value = np.round(amount[di] * rng.uniform(0.97, 1.03, len(di)), 2)
    d_rate = np.array(
        [
            float(fx.rate(c, vec.to_date(d)))
            for c, d in zip(currency[di].tolist(), declared[di].tolist(), strict=True)
        ]
    )
    customs = pa.table(
        {
            "declaration_id": vec.id_array(np.arange(1, len(di) + 1)),
            "decl_no": vec.concat(
                "5",
                vec.lpad(rng.integers(0, 10**7, len(di)), 7),
                "/",
                vec.lpad(declared[di] % 10**6, 6),
                "/",
                vec.lpad(rng.integers(0, 10**7, len(di)), 7),
            ),
            "contract_id": vec.id_array(contract_id[di]),
            "entity_id": vec.id_array(entity[di] + 1),
            "direction": pa.array(direction[di].tolist()),
            "declared": vec.date_array(declared[di]),
            "hs_code": pa.array([good[i].hs_code for i in di.tolist()]),
            "quantity": pa.array(qty[di]),
            "customs_value": to_money(value),
            "currency": pa.array(currency[di].tolist()),
            "customs_value_kzt": to_money(np.round(value * d_rate, 2)),
            "origin_country": pa.array(
                np.where(direction[di] == "import", country[di], "KZ").tolist()
            ),
            "consignee": firms.table.column("name").take(vec.ix(entity[di])),
        }
    ).cast(TABLES["customs_declarations"].schema)
    txns, parties = _trade_payments(
        rng,
        firms,
        bank,
        entity,
        direction,
        country,
        currency,
        amount,
        prepay,
        signed,
        declared,
        seen,
        contract_id,
        end_day,
        np.array(cp_name),
    )
    return contracts, customs, txns, parties


def _trade_payments(
    rng: np.random.Generator,
    firms: Firms,
    bank: Banking,
    entity: I64,
    direction: np.ndarray,
    country: np.ndarray,
    currency: np.ndarray,
    amount: F64,
    prepay: F64,
    signed: I64,
    declared: I64,
    seen: np.ndarray,
    contract_id: I64,
    end_day: int,
    cp_names: np.ndarray,
) -> tuple[dict[str, np.ndarray | Arr], pa.Table]:
    """SWIFT payments of contracts: prepayment after signing, the balance after customs
    clearance (imports) or the proceeds after shipment (exports), inside the window only."""
    acc = bank.accounts
    imp = direction == "import"
    pre_day = signed + rng.integers(0, 6, len(signed))
    post_day = declared + rng.integers(2, 25, len(signed))
    pay_pre = imp & (prepay > 0) & (pre_day < end_day)
    pay_post = seen & (post_day < end_day) & (np.where(imp, prepay < 1.0, True))
    rows_c = np.r_[np.flatnonzero(pay_pre), np.flatnonzero(pay_post)]
    share = np.r_[prepay[pay_pre], np.where(imp[pay_post], 1.0 - prepay[pay_post], 1.0)]
    day = np.r_[pre_day[pay_pre], post_day[pay_post]]
    k = len(rows_c)
    ent = entity[rows_c]
    cur = currency[rows_c]
    usd_acct = acc.entity_usd[ent]
    own = np.where((cur == "USD") & (usd_acct >= 0), usd_acct, acc.entity_main[ent])
    outgoing = imp[rows_c]
    cc = country[rows_c].tolist()
    bic_idx = [ref.FOREIGN_BANK_BY_COUNTRY.get(c, (0,))[0] for c in cc]
    cp_bic = [ref.FOREIGN_BANKS[i].bic for i in bic_idx]
    cp_iban = vec.foreign_accounts(rng, cc)
    ts = (day * US_PER_DAY + rng.integers(4 * 3600, 12 * 3600, k) * 1_000_000).astype(np.int64)
    txns: dict[str, np.ndarray | Arr] = {
        "ts": ts,
        "type": np.full(k, "transfer"),
        "channel": np.full(k, "swift"),
        "src_account_id": np.where(outgoing, own, -1),
        "dst_account_id": np.where(outgoing, -1, own),
        "cp_name": cp_names[rows_c],
        "cp_iban": np.array(cp_iban),
        "cp_bic": np.array(cp_bic),
        "cp_country": np.array(cc),
        "amount": np.round(amount[rows_c] * share, 2),
        "currency": cur,
        "knp": np.where(
            outgoing,
            np.where(
                day == pre_day[rows_c], knp_code("import_prepayment"), knp_code("goods_payment")
            ),
            knp_code("export_proceeds"),
        ),
        "kod": np.where(
            outgoing, sector_code("resident_company"), sector_code("nonresident_company")
        ),
        "kbe": np.where(
            outgoing, sector_code("nonresident_company"), sector_code("resident_company")
        ),
        "narrative": np.where(
            outgoing, "Оплата по контракту за товар", "Поступление экспортной выручки"
        ),
        "contract_id": contract_id[rows_c],
        "entity": ent,
    }
    # ISO 20022 party blocks: debtor, its agent, an intermediary for some, creditor's agent,
    # creditor; txn ids are 1…k because trade payments come first among transactions
    ours_name = firms.table.column("name").take(vec.ix(ent)).to_pylist()
    ours_bin = [f"{b:012d}" if b >= 0 else None for b in firms.bin[ent].tolist()]
    ours_iban = acc.iban.take(vec.ix(own)).to_pylist()
    ours_bic = [ref.BANKS[b].bic for b in acc.bank[own].tolist()]
    names_cp = cp_names[rows_c].tolist()
    rows: list[dict[str, object]] = []
    corr = ("RHHBDEFF", "LKNBUS33")
    for i in range(k):
        txn_id = i + 1
        ours = {"name": ours_name[i], "iban": ours_iban[i], "org_id": ours_bin[i], "country": "KZ"}
        theirs = {"name": names_cp[i], "country": cc[i]}
        if cp_iban[i][:2].isalpha():
            theirs["iban"] = cp_iban[i]
        else:
            theirs["account_other"] = cp_iban[i]
        debtor, creditor = (ours, theirs) if outgoing[i] else (theirs, ours)
        d_bic, c_bic = (ours_bic[i], cp_bic[i]) if outgoing[i] else (cp_bic[i], ours_bic[i])
        rows.append({"txn_id": txn_id, "role": "debtor", "seq": 1, **debtor})
        rows.append({"txn_id": txn_id, "role": "debtor_agent", "seq": 1, "bic": d_bic})
        if cur[i] in ("USD", "EUR") and rng.random() < 0.5:
            rows.append(
                {
                    "txn_id": txn_id,
                    "role": "intermediary_agent",
                    "seq": 1,
                    "bic": corr[cur[i] == "USD"],
                }
            )
        rows.append({"txn_id": txn_id, "role": "creditor_agent", "seq": 1, "bic": c_bic})
        rows.append({"txn_id": txn_id, "role": "creditor", "seq": 1, **creditor})
    parties = pa.Table.from_pylist(rows, schema=TABLES["payment_parties"].schema)
    return txns, parties
