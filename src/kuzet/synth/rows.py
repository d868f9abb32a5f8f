"""Columns of generated operations: vocabularies, daily and weekly rhythm, Arrow assembly.

Ordinary life produces tens of millions of transactions, so activities fill numpy arrays of
small integer codes (type, channel, КНП, narrative, merchant…) that index fixed vocabularies;
``assemble`` turns them into one Arrow table with dictionary-encoded strings, decimal amounts
via ``kuzet.model.money`` and UTC timestamps, sorted by time.

Rhythm: each activity has an hour-of-day profile in Asia/Almaty local time and a weekday
profile; timestamps are stored in UTC (Almaty is UTC+5 since March 2024, computed with
``zoneinfo`` for each day so older starts work too).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kuzet.model.calendar import BusinessCalendar
from kuzet.model.codes import knp_meanings, sector_code
from kuzet.model.money import FxRates, to_money
from kuzet.model.schemas import CHANNELS, TXN_STATUS, TXN_TYPES
from kuzet.synth import reference as ref
from kuzet.synth import vec
from kuzet.synth.vec import F64, I64, Arr, DictArr

US_PER_DAY = 86_400_000_000
ALMATY = ZoneInfo("Asia/Almaty")
CURRENCIES = ("KZT", "USD", "EUR", "RUB", "CNY", "TRY", "AED", "GBP", "KGS")
SECTORS = (
    "resident_individual",
    "resident_company",
    "resident_state_body",
    "nonresident_individual",
    "nonresident_company",
    "resident_bank",
)
IND, COMP, STATE, NR_IND, NR_COMP, BANK = range(6)
MONTHS_RU = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)

# hour-of-day profiles (local time), 24 weights each
_H = np.arange(24)
HOURS: dict[str, F64] = {
    "purchase": np.exp(-0.5 * ((_H - 13) / 2.5) ** 2)
    + 1.2 * np.exp(-0.5 * ((_H - 19) / 2) ** 2)
    + 0.02,
    "transfer": np.exp(-0.5 * ((_H - 14) / 4.5) ** 2) + 0.03,
    "atm": np.exp(-0.5 * ((_H - 15) / 4) ** 2) + 0.02,
    "bill": np.exp(-0.5 * ((_H - 20) / 2.5) ** 2)
    + 0.4 * np.exp(-0.5 * ((_H - 10) / 2) ** 2)
    + 0.01,
    "office": np.where((_H >= 9) & (_H <= 18), 1.0, 0.02),
    "night": np.exp(-0.5 * ((_H - 22) / 3) ** 2) + 0.15,
}
for _k, _v in HOURS.items():
    HOURS[_k] = _v / _v.sum()
WEEKDAY: dict[str, F64] = {  # Monday … Sunday
    "purchase": np.array([0.92, 0.92, 0.95, 1.0, 1.12, 1.25, 1.05]),
    "transfer": np.array([1.05, 1.0, 1.0, 1.0, 1.1, 0.95, 0.9]),
    "office": np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.12, 0.03]),
    "flat": np.ones(7),
}


@dataclass(frozen=True)
class Vocab:
    """Every string an ordinary operation may carry, as fixed lists indexed by codes."""

    knp: tuple[str, ...]
    narratives: tuple[str, ...]
    mcc: tuple[str, ...]
    cp_names: tuple[str, ...]
    cp_countries: tuple[str, ...]
    cp_bics: tuple[str, ...]

    def knp_of(self, meaning: str) -> int:
        return self.knp.index(knp_meanings()[meaning])

    def narrative(self, text: str) -> int:
        return self.narratives.index(text)


def month_label(days: Sequence[int] | npt.NDArray[np.int64]) -> list[str]:
    """``январь 2026``-style labels of the months the day numbers fall in."""
    y, m, _ = vec.ymd(np.asarray(days))
    return [f"{MONTHS_RU[mm - 1]} {yy}" for yy, mm in zip(y.tolist(), m.tolist(), strict=True)]


def build_vocab(start_day: int, days: int, merchant_mcc: Sequence[str]) -> Vocab:
    months = sorted(
        set(month_label(np.arange(start_day - 40, start_day + days + 40))),
        key=lambda s: (s[-4:], MONTHS_RU.index(s[:-5])),
    )
    narratives = (
        *ref.NARRATIVES_P2P,
        *ref.NARRATIVES_BILLS,
        *ref.NARRATIVES_B2B,
        *(f"Заработная плата за {m}" for m in months),
        *(f"Аванс за {m}" for m in months),
        *(f"Пенсионная выплата за {m}" for m in months),
        "Погашение займа по договору",
        "Выдача кредита по договору",
        "Пополнение депозита",
        "Перевод собственных средств",
        "Плата за SMS-информирование",
        "Оплата по договору купли-продажи недвижимости",
        "Оплата за автомобиль по договору",
        "Покупка мерного слитка",
        "Вывод выигрыша",
        "Оплата налогов",
        "Денежный перевод",
        "Оплата за услуги связи",
        "Зачисление по эквайрингу",
        "Выплата вознаграждения по займу",
        "Пополнение счета",
        "Взнос наличных",
        "Оплата за аренду помещения",
    )
    mcc = tuple(sorted({*merchant_mcc, "7011", "4511", "5999", "6011"}))
    foreign_shops = (
        "BOOKING HOTEL DUBAI",
        "ANTALYA RESORT",
        "ISTANBUL GRAND BAZAAR",
        "TBILISI OLD TOWN HOTEL",
        "SEOUL SHOPPING MALL",
        "URUMQI MARKET",
    )
    remit = (
        "Получатель в Узбекистане",
        "Получатель в Кыргызстане",
        "Получатель в Таджикистане",
        "Получатель в России",
    )
    return Vocab(
        knp=tuple(sorted(set(knp_meanings().values()))),
        narratives=tuple(dict.fromkeys(narratives)),
        mcc=mcc,
        cp_names=(*foreign_shops, *remit, *(b.name for b in ref.BANKS)),
        cp_countries=("AE", "TR", "GE", "KR", "CN", "UZ", "KG", "TJ", "RU"),
        cp_bics=tuple(b.bic for b in ref.FOREIGN_BANKS),
    )


SECTOR_CODES = tuple(sector_code(s) for s in SECTORS)

INT_COLUMNS = (
    "src",
    "dst",
    "merchant",
    "atm",
    "card",
    "device",
    "loan",
    "contract",
    "cp_name",
    "cp_iban_idx",
    "cp_bic",
    "cp_country",
    "knp",
    "kod",
    "kbe",
    "narrative",
    "mcc",
)
"""Columns whose missing value is -1 (null)."""


@cache
def business_days(start_day: int, days: int) -> npt.NDArray[np.bool_]:
    """Which days of the window are business days: Kazakhstan's calendar (holidays, carried
    and transferred days off) where its holiday file covers the year, else Monday–Friday."""
    weekday = (np.arange(start_day, start_day + days) + 3) % 7  # 1970-01-01 was a Thursday
    out = weekday < 5
    try:
        calendar = BusinessCalendar.load()
        for i in range(days):
            out[i] = calendar.is_business_day(vec.to_date(start_day + i))
    except ValueError:  # a year the holiday file does not cover: the five-day week alone
        out = weekday < 5
    return out


def day_weights(start_day: int, days: int, profile: str) -> F64:
    """Probability of each day of the window for an activity with a weekday profile; office
    activity follows the business calendar (a holiday weighs as a Sunday)."""
    weekday = (np.arange(start_day, start_day + days) + 3) % 7  # 1970-01-01 was a Thursday
    w: F64 = WEEKDAY[profile][weekday]
    if profile == "office":
        w = np.where(business_days(start_day, days), 1.0, np.minimum(w, WEEKDAY["office"][5]))
        w = np.where(~business_days(start_day, days) & (weekday != 5), WEEKDAY["office"][6], w)
    out: F64 = w / w.sum()
    return out


def utc_offsets(start_day: int, days: int) -> I64:
    """Seconds east of UTC of Asia/Almaty at local noon of each day of the window."""
    out = []
    for d in range(start_day, start_day + days):
        day = vec.to_date(d)
        noon = dt.datetime(day.year, day.month, day.day, 12, tzinfo=ALMATY)
        off = noon.utcoffset()
        out.append(0 if off is None else int(off.total_seconds()))
    return np.array(out, dtype=np.int64)


def local_seconds(rng: np.random.Generator, k: int, profile: str) -> I64:
    hour = rng.choice(24, size=k, p=HOURS[profile])
    return hour * 3600 + rng.integers(0, 3600, k)


class Rows:
    """Column arrays of one activity; missing columns get defaults when assembled."""

    def __init__(self, k: int, **cols: npt.ArrayLike) -> None:
        self.k = k
        self.cols: dict[str, np.ndarray] = {}
        for name, value in cols.items():
            arr = np.asarray(value)
            self.cols[name] = np.broadcast_to(arr, (k,)) if arr.ndim == 0 else arr


def concat_rows(parts: Sequence[Rows]) -> dict[str, np.ndarray]:
    """Concatenate activities column by column (defaults: -1 codes, 0 status, KZT)."""
    total = sum(p.k for p in parts)
    names = {n for p in parts for n in p.cols}
    out: dict[str, np.ndarray] = {}
    for name in names:
        sample = next(p.cols[name] for p in parts if name in p.cols)
        default: float = -1 if name in INT_COLUMNS else 0
        chunks = [
            p.cols[name] if name in p.cols else np.full(p.k, default, dtype=sample.dtype)
            for p in parts
            if p.k
        ]
        out[name] = np.concatenate(chunks) if chunks else np.zeros(0, sample.dtype)
        assert len(out[name]) == total, name
    return out


def _dict(values: Sequence[str] | Arr, codes: np.ndarray) -> DictArr:
    idx = np.asarray(codes, dtype=np.int32)
    dictionary = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    mask = idx < 0
    return pa.DictionaryArray.from_arrays(
        pa.array(idx, type=pa.int32(), mask=mask if mask.any() else None), dictionary
    )


@dataclass(frozen=True)
class Lookup:
    """World-level arrays that turn codes into ids and strings when assembling a chunk."""

    vocab: Vocab
    merchant_ids: Arr
    terminal_ids: Arr
    atm_ids: Arr
    device_ids: Arr
    device_ips: Arr
    fx: FxRates


def assemble(
    cols: dict[str, np.ndarray], first_id: int, start_day: int, offsets: I64, lk: Lookup
) -> tuple[pa.Table, I64]:
    """The transactions table of a chunk, sorted by time, ids from ``first_id``.

    ``cols`` holds ``day`` (0-based in the window), ``sec`` (local seconds of day), code
    columns and ``amount`` (float, currency units). Returns the table and the sort order
    (callers use it to find the id of a row they made, e.g. for payment parties).
    """
    day = cols["day"].astype(np.int64)
    ts = (start_day + day) * US_PER_DAY + (cols["sec"] - offsets[day]) * 1_000_000
    ts = ts + cols.get("micro", np.zeros(len(day), np.int64))
    order = np.argsort(ts)
    k = len(order)

    def col(name: str) -> np.ndarray:
        return cols[name][order]

    ids = np.arange(first_id, first_id + k, dtype=np.int64)
    voc = lk.vocab
    ts_sorted = ts[order]
    value = np.round(col("amount"), 2)
    amount = to_money(value)
    currency_codes = col("currency") if "currency" in cols else np.zeros(k, np.int64)
    currency = _dict(CURRENCIES, currency_codes)
    foreign = np.flatnonzero(currency_codes != 0)
    if len(foreign) == 0:
        amount_kzt = amount
    else:  # exact tenge equivalents of the few foreign rows, through the money module
        sub = lk.fx.to_kzt(
            amount.take(vec.ix(foreign)),
            currency.take(vec.ix(foreign)),
            vec.ts_array(ts_sorted[foreign]),
        )
        kzt = value.copy()
        kzt[foreign] = np.asarray(sub.cast(pa.float64()).to_numpy(zero_copy_only=False))
        amount_kzt = to_money(kzt)
    device = col("device") if "device" in cols else np.full(k, -1)
    has_dev = device >= 0
    table = pa.table(
        {
            "txn_id": pa.array(ids),
            "ts": vec.ts_array(ts_sorted),
            "type": _dict(TXN_TYPES, col("type")),
            "channel": _dict(CHANNELS, col("channel")),
            "src_account_id": vec.id_array(col("src") + 1, null_below=1),
            "dst_account_id": vec.id_array(col("dst") + 1, null_below=1),
            "cp_name": _dict(voc.cp_names, _get(cols, "cp_name", order)),
            "cp_iban": pa.array(_cp_iban(cols, order), pa.string()),
            "cp_bic": _dict(voc.cp_bics, _get(cols, "cp_bic", order)),
            "cp_country": _dict(voc.cp_countries, _get(cols, "cp_country", order)),
            "amount": amount,
            "currency": currency,
            "amount_kzt": amount_kzt,
            "knp": _dict(voc.knp, _get(cols, "knp", order)),
            "kod": _dict(SECTOR_CODES, _get(cols, "kod", order)),
            "kbe": _dict(SECTOR_CODES, _get(cols, "kbe", order)),
            "narrative": _dict(voc.narratives, _get(cols, "narrative", order)),
            "mcc": _dict(voc.mcc, _get(cols, "mcc", order)),
            "merchant_id": _dict(lk.merchant_ids, _get(cols, "merchant", order)),
            "terminal_id": _dict(lk.terminal_ids, _get(cols, "merchant", order)),
            "atm_id": _dict(lk.atm_ids, _get(cols, "atm", order)),
            "card_id": vec.id_array(_get(cols, "card", order) + 1, null_below=1),
            "device_id": _local_dict(lk.device_ids, device, has_dev),
            "ip": _local_dict(lk.device_ips, device, has_dev),
            "status": _dict(TXN_STATUS, col("status") if "status" in cols else np.zeros(k)),
            "contract_id": vec.id_array(_get(cols, "contract", order), null_below=1),
            "loan_id": vec.id_array(_get(cols, "loan", order) + 1, null_below=1),
        }
    )
    return table, order


def _get(cols: dict[str, np.ndarray], name: str, order: np.ndarray) -> np.ndarray:
    if name not in cols:
        return np.full(len(order), -1, dtype=np.int64)
    out: np.ndarray = cols[name][order]
    return out


def _cp_iban(cols: dict[str, np.ndarray], order: np.ndarray) -> list[str | None] | Arr:
    if "cp_iban" not in cols:
        return pa.nulls(len(order), pa.string())
    values = cols["cp_iban"][order]
    return [None if v is None or v == "" else str(v) for v in values.tolist()]


def _local_dict(values: Arr, idx: np.ndarray, valid: np.ndarray) -> DictArr:
    """Dictionary of only the entries this chunk uses (devices of a chunk are contiguous)."""
    if not valid.any():
        return _dict(pa.array([], pa.string()), np.full(len(idx), -1))
    lo, hi = int(idx[valid].min()), int(idx[valid].max())
    return _dict(values.slice(lo, hi - lo + 1), np.where(valid, idx - lo, -1))
