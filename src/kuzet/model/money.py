"""Money: amounts as ``decimal128(18,2)``, tenge equivalents, the MCI and the Art. 4 thresholds.

Art. 4 thresholds are written in tenge and a foreign-currency operation counts at its tenge
equivalent (domain brief §1.3), so every canonical money table carries ``amount_kzt``.
Which official rate and which rate date apply is [UNCERTAIN]: the rates are a data file
(``reference/fx_rates.csv``) that a bank replaces with the National Bank's, and a rate holds
from its date until the next one.

The arithmetic runs on integer cents in numpy rather than on Arrow decimals or Python
``Decimal``: it is exact (the same result as ``Decimal`` with ``ROUND_HALF_UP``) and it
converts millions of rows a second, which the synthetic generator and ingest need.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model._mci import MciTable, mci
from kuzet.model._refdata import ReferenceDataError, as_date, read_text
from kuzet.model._thresholds import Threshold, Thresholds

__all__ = [
    "MONEY",
    "FxRates",
    "MciTable",
    "ReferenceDataError",
    "Threshold",
    "Thresholds",
    "mci",
    "to_money",
]

MONEY = pa.decimal128(18, 2)
"""The canonical money type: up to 16 digits of tenge and 2 of tiyn."""

BASE_CURRENCY = "KZT"
_MAX_CENTS = 10**18 - 1  # the largest unscaled value decimal(18,2) holds
_RATE_DIGITS = 6  # rates are kept to 6 decimal places (UZS is about 0.04 KZT)
_RATE_SCALE = 10**_RATE_DIGITS
_MAX_RATE = Decimal(10**6)  # keeps cents × rate within int64 once split (see _times_rate)
_CURRENCY = re.compile(r"^[A-Z]{3}$")
_COLUMNS = ("date", "currency", "kzt_per_unit")

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


# ── cents ↔ Arrow ───────────────────────────────────────────────────────────────────────


def _round_cents(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Floats to whole cents, half away from zero, as the decimal a float prints as rounds.

    ``2.675`` is stored as 2.67499999…; ``Decimal("2.675")`` rounds half-up to 2.68, and so
    does this: a product within a few ulps of a half cent counts as the half cent it was
    meant to be. Values already in whole cents never move.
    """
    scaled = values * 100.0
    floor = np.floor(scaled)
    frac = scaled - floor
    tie = np.abs(frac - 0.5) <= 4 * np.finfo(np.float64).eps * np.abs(scaled)
    up = np.where(tie, scaled > 0, frac > 0.5)
    return floor + up


def _from_cents(cents: IntArray, valid: BoolArray | None = None) -> pa.Array[Any]:
    """A ``decimal128(18,2)`` array whose unscaled values are ``cents`` (no copy through Python)."""
    n = len(cents)
    words = np.empty((n, 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63  # two's-complement sign extension into the high word
    validity: pa.Buffer | None = None
    null_count = 0
    if valid is not None and not valid.all():
        words[~valid] = 0
        validity = pa.py_buffer(np.packbits(valid, bitorder="little").data)
        null_count = int(n - np.count_nonzero(valid))
    buffers = [validity, pa.py_buffer(words.data)]
    return pa.Array.from_buffers(MONEY, n, buffers, null_count=null_count)


def _check_range(cents: npt.NDArray[np.float64] | IntArray, what: str) -> None:
    big = np.abs(cents) > _MAX_CENTS
    if big.any():
        i = int(np.argmax(big))
        raise ValueError(f"{what} at row {i} does not fit decimal(18,2)")


def to_money(values: npt.NDArray[np.floating] | Sequence[float]) -> pa.Array[Any]:
    """Floats to ``decimal128(18,2)`` rounded to cents (half away from zero); NaN becomes null."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ValueError(f"to_money takes a one-dimensional array, got shape {arr.shape}")
    valid = ~np.isnan(arr)
    if np.isinf(arr).any():
        i = int(np.argmax(np.isinf(arr)))
        raise ValueError(f"amount at row {i} is infinite")
    cents = _round_cents(np.where(valid, arr, 0.0))
    _check_range(cents, "amount")
    return _from_cents(cents.astype(np.int64), valid)


def _valid_mask(arr: pa.Array[Any]) -> BoolArray:
    if arr.null_count == 0:
        return np.ones(len(arr), dtype=np.bool_)
    return np.asarray(arr.is_valid().to_numpy(zero_copy_only=False), dtype=np.bool_)


def _cents_of(amount: pa.Array[Any]) -> tuple[IntArray, BoolArray]:
    """Unscaled cents and validity of a decimal, float or integer amount column."""
    valid = _valid_mask(amount)
    t = amount.type
    if pa.types.is_floating(t):
        floats = amount.cast(pa.float64()).fill_null(0.0).to_numpy(zero_copy_only=False)
        cents_f = _round_cents(np.asarray(floats, dtype=np.float64))
        _check_range(cents_f, "amount")
        return cents_f.astype(np.int64), valid
    if pa.types.is_integer(t):
        whole = np.asarray(amount.cast(pa.int64()).fill_null(0).to_numpy(), dtype=np.int64)
        _check_range(np.where(np.abs(whole) > _MAX_CENTS // 100, _MAX_CENTS + 1, 0), "amount")
        return whole * 100, valid
    if not pa.types.is_decimal(t):
        raise TypeError(f"amounts must be decimal, float or integer, got {t}")
    if t.scale > 2:
        amount = pc.round(amount, ndigits=2, round_mode="half_towards_infinity")
    if not (pa.types.is_decimal128(amount.type) and amount.type.scale == 2):
        amount = amount.cast(pa.decimal128(38, 2))
    data = amount.buffers()[1]
    assert data is not None
    words = np.frombuffer(memoryview(data), dtype=np.int64)
    words = words[2 * amount.offset : 2 * (amount.offset + len(amount))].reshape(-1, 2)
    low, high = words[:, 0], words[:, 1]
    fits = (high == (low >> 63)) & (np.abs(low) <= _MAX_CENTS)
    bad = valid & ~fits
    if bad.any():
        raise ValueError(f"amount at row {int(np.argmax(bad))} does not fit decimal(18,2)")
    return np.where(valid, low, 0), valid


def _times_rate(cents: IntArray, micro: IntArray) -> IntArray:
    """``cents × micro / 10⁶`` rounded half away from zero, exactly, in int64.

    Where every product fits int64 (amounts up to ~10⁸ tenge at any shipped rate) it is
    one multiplication and one division. Otherwise the amount is split as ``hi·10⁶ + lo``:
    ``hi·micro`` is the whole-cent part (a float estimate first rules out results far
    beyond decimal(18,2), so it cannot overflow) and ``lo·micro < 10¹⁸`` carries the
    fraction to round.
    """
    if not len(cents):
        return cents
    if int(np.abs(cents).max()) * int(micro.max()) < 2**63:
        whole, rem = np.divmod(cents * micro, _RATE_SCALE)
        base = whole
    else:
        estimate = np.abs(cents.astype(np.float64)) * micro.astype(np.float64) / _RATE_SCALE
        _check_range(estimate / 2, "tenge equivalent")  # surely too big; below, int64 is safe
        hi, lo = np.divmod(cents, _RATE_SCALE)
        whole, rem = np.divmod(lo * micro, _RATE_SCALE)
        base = hi * micro + whole
    twice = rem * 2
    up = np.where(cents >= 0, twice >= _RATE_SCALE, twice > _RATE_SCALE)
    result: IntArray = base + up
    _check_range(result, "tenge equivalent")
    return result


def _days_of(on: pa.Array[Any], tz: str) -> tuple[IntArray, BoolArray]:
    """Days since 1970-01-01 of a date or timestamp column (timestamps as local dates in ``tz``)."""
    t = on.type
    if pa.types.is_timestamp(t):
        if t.tz is not None:
            on = on.cast(pa.timestamp(t.unit, tz=tz))
        on = on.cast(pa.date32())
    elif pa.types.is_date64(t):
        on = on.cast(pa.date32())
    elif not pa.types.is_date32(t):
        raise TypeError(f"dates must be date32 or timestamp, got {t}")
    days = on.cast(pa.int32()).fill_null(0).to_numpy(zero_copy_only=False)
    return np.asarray(days, dtype=np.int64), _valid_mask(on)


def _single(arr: pa.Array[Any] | pa.ChunkedArray[Any]) -> pa.Array[Any]:
    if isinstance(arr, pa.ChunkedArray):
        return arr.combine_chunks()
    return arr


def _epoch_day(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


# ── exchange rates ──────────────────────────────────────────────────────────────────────


class FxRates:
    """KZT per unit of foreign currency by date; a rate holds from its date until the next.

    The last rate of a currency holds indefinitely, so keep the file current.
    """

    def __init__(self, series: dict[str, list[tuple[dt.date, Decimal]]], source: str) -> None:
        self.source = source
        self._series = {ccy: sorted(rows) for ccy, rows in series.items() if rows}
        self._dates = {ccy: [d for d, _ in rows] for ccy, rows in self._series.items()}
        codes = sorted({*self._series, BASE_CURRENCY})
        self._index = {ccy: i for i, ccy in enumerate(codes)}
        self._build_table(codes)

    def _build_table(self, codes: list[str]) -> None:
        """A dense (currency × day) table of rates in millionths of a tenge.

        Column 0 stands for every day before the first rate date, columns 1… for the days
        from the first to the last rate date of any currency; later days use the last
        column. Each currency's column is one ``searchsorted`` of the day range into its
        rate dates, so a lookup for millions of rows is a single gather.
        """
        self._day0 = min((_epoch_day(rows[0][0]) for rows in self._series.values()), default=0)
        last = max((_epoch_day(rows[-1][0]) for rows in self._series.values()), default=0)
        days = np.arange(self._day0, last + 1, dtype=np.int64)
        table = np.full((len(codes), len(days) + 1), -1, dtype=np.int64)
        for i, ccy in enumerate(codes):
            if ccy == BASE_CURRENCY:
                table[i, :] = _RATE_SCALE
                continue
            rows = self._series[ccy]
            starts = np.array([_epoch_day(d) for d, _ in rows], dtype=np.int64)
            micro = np.array([int(r.scaleb(_RATE_DIGITS)) for _, r in rows], dtype=np.int64)
            pos = np.searchsorted(starts, days, side="right") - 1
            table[i, 1:] = np.where(pos >= 0, micro[np.maximum(pos, 0)], -1)
        self._table = table

    def __repr__(self) -> str:
        return f"FxRates({self.source!r}, currencies={sorted(self.currencies)})"

    @property
    def currencies(self) -> frozenset[str]:
        """Every currency ``rate`` and ``to_kzt`` accept, KZT included."""
        return frozenset(self._index)

    def span(self, currency: str) -> tuple[dt.date, dt.date]:
        """The first and last dates with a published rate for ``currency``."""
        dates = self._dates[self._known(currency)]
        return dates[0], dates[-1]

    def _known(self, currency: str) -> str:
        if currency not in self._dates:
            known = ", ".join(sorted(self._index))
            raise KeyError(f"no exchange rate for currency {currency!r}; known: {known}")
        return currency

    def rate(self, currency: str, on: dt.date) -> Decimal:
        """KZT per unit of ``currency`` as of the latest rate date on or before ``on``."""
        if currency == BASE_CURRENCY:
            return Decimal(1)
        dates = self._dates[self._known(currency)]
        on = as_date(on)
        i = bisect.bisect_right(dates, on) - 1
        if i < 0:
            raise ValueError(f"no {currency} rate on or before {on}; rates start on {dates[0]}")
        return self._series[currency][i][1]

    def to_kzt(
        self,
        amount: pa.Array[Any] | pa.ChunkedArray[Any],
        currency: pa.Array[Any] | pa.ChunkedArray[Any],
        on: pa.Array[Any] | pa.ChunkedArray[Any],
        *,
        tz: str = "Asia/Almaty",
    ) -> pa.Array[Any]:
        """Tenge equivalents as ``decimal128(18,2)``: amount × rate as of ``on``, to the cent.

        Vectorised: one gather from a (currency × day) table built by ``searchsorted`` per
        currency, then exact integer arithmetic. A row with a null amount, currency or date
        gives null. Timestamps count on their local date in ``tz`` (an operation at 23:30 in
        Almaty on 1 March belongs to 1 March).
        """
        amounts, currencies, dates = _single(amount), _single(currency), _single(on)
        if not len(amounts) == len(currencies) == len(dates):
            raise ValueError(
                f"amount, currency and on differ in length: "
                f"{len(amounts)}, {len(currencies)}, {len(dates)}"
            )
        cents, valid = _cents_of(amounts)
        days, valid_day = _days_of(dates, tz)
        codes, valid_ccy = self._codes_of(currencies)
        valid &= valid_day & valid_ccy
        width = self._table.shape[1]
        column = np.clip(days - (self._day0 - 1), 0, width - 1)
        micro = self._table.ravel()[codes * width + column]
        missing = valid & (micro < 0)
        if missing.any():
            i = int(np.argmax(missing))
            ccy = str(currencies[i].as_py())
            day = dt.date(1970, 1, 1) + dt.timedelta(days=int(days[i]))
            raise ValueError(
                f"row {i}: no {ccy} rate on or before {day}; rates start on {self.span(ccy)[0]}"
            )
        micro = np.where(valid, micro, 0)
        return _from_cents(_times_rate(np.where(valid, cents, 0), micro), valid)

    def _codes_of(self, currency: pa.Array[Any]) -> tuple[IntArray, BoolArray]:
        """Each row's index into this table's currencies (unknown codes fail, naming them)."""
        encoded = (
            currency if pa.types.is_dictionary(currency.type) else currency.dictionary_encode()
        )
        assert isinstance(encoded, pa.DictionaryArray)
        names = [str(n) for n in encoded.dictionary.to_pylist()]
        unknown = sorted({n for n in names if n not in self._index})
        if unknown:
            known = ", ".join(sorted(self._index))
            raise KeyError(f"no exchange rate for currencies {unknown}; known: {known}")
        lookup = np.array([self._index[n] for n in names] or [0], dtype=np.int64)
        indices = encoded.indices.fill_null(0).to_numpy(zero_copy_only=False)
        return lookup[np.asarray(indices, dtype=np.int64)], _valid_mask(encoded)

    @classmethod
    def load(cls, path: str | Path | None = None) -> FxRates:
        """Read a ``date,currency,kzt_per_unit`` CSV (``#`` lines are comments).

        ``None`` reads the shipped reference file. A malformed file fails with one error
        naming the file, line and field.
        """
        text, source = read_text(path, "fx_rates.csv")
        header: dict[str, int] | None = None
        series: dict[str, list[tuple[dt.date, Decimal]]] = {}
        seen: dict[tuple[str, dt.date], int] = {}
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = [f.strip() for f in next(csv.reader([line]))]
            if header is None:
                header = {name: i for i, name in enumerate(fields)}
                missing = [c for c in _COLUMNS if c not in header]
                if missing:
                    raise ReferenceDataError(
                        source, lineno, missing[0], f"header lacks it; need {','.join(_COLUMNS)}"
                    )
                continue
            if len(fields) != len(header):
                raise ReferenceDataError(
                    source, lineno, None, f"{len(fields)} fields, the header has {len(header)}"
                )
            day, ccy, rate = (_parse_field(c, fields[header[c]], source, lineno) for c in _COLUMNS)
            assert isinstance(day, dt.date) and isinstance(ccy, str) and isinstance(rate, Decimal)
            if (ccy, day) in seen:
                raise ReferenceDataError(
                    source,
                    lineno,
                    "date",
                    f"second {ccy} rate for {day} (first on line {seen[ccy, day]})",
                )
            seen[ccy, day] = lineno
            series.setdefault(ccy, []).append((day, rate))
        if header is None or not series:
            raise ReferenceDataError(source, None, None, "no rates (a header and rows expected)")
        return cls(series, source)


def _parse_field(name: str, value: str, source: str, line: int) -> dt.date | str | Decimal:
    def fail(problem: str) -> ReferenceDataError:
        return ReferenceDataError(source, line, name, f"{problem}, got {value!r}")

    if name == "date":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise fail("must be a date YYYY-MM-DD") from None
    if name == "currency":
        if not _CURRENCY.match(value):
            raise fail("must be a 3-letter ISO 4217 code in capitals")
        if value == BASE_CURRENCY:
            raise fail("KZT is the base currency (its rate is 1 by definition)")
        return value
    try:
        rate = Decimal(value)
    except InvalidOperation:
        raise fail("must be a decimal number") from None
    if not rate.is_finite() or rate <= 0 or rate >= _MAX_RATE:
        raise fail(f"must be a positive number below {_MAX_RATE}")
    if rate != rate.quantize(Decimal(1).scaleb(-_RATE_DIGITS)):
        raise fail(f"has more than {_RATE_DIGITS} decimal places")
    return rate
