"""Filling amounts in KZT from exchange rates when an input does not carry them.

Rates come from ``kuzet.model.money.FxRates``, loaded once per ingest run and only when a
row needs one. KZT amounts are copied as they are. A row whose currency or date has no rate
is quarantined (reason ``fx``) rather than loaded with a guess.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.ingest._arrow import Arr, Mask, mask, nulls
from kuzet.model.money import FxRates

MONEY = pa.decimal128(18, 2)
_pc: Any = pc  # the stubs lack local_timestamp for zoned timestamps
LOCAL_TZ = "Asia/Almaty"


def _local_date(on: Arr) -> Arr:
    """The calendar date in Kazakhstan of a date or UTC timestamp column."""
    if pa.types.is_timestamp(on.type):
        on = _pc.local_timestamp(on.cast(pa.timestamp("us", tz=LOCAL_TZ)))
    out: Arr = on.cast(pa.date32())
    return out


def _rowwise(rates: FxRates, amount: Arr, currency: Arr, on: Arr, skip: Mask) -> tuple[Arr, Mask]:
    """``to_kzt`` over rows not in ``skip``; a failing call is split until the rows are found."""
    n = len(amount)
    if skip.all():
        return nulls(n, MONEY), skip.copy()
    keep = pa.array(~skip)
    try:
        out: Arr = rates.to_kzt(
            pc.if_else(keep, amount, pa.scalar(None, amount.type)), currency, on
        ).cast(MONEY)
        return out, skip.copy()
    except (KeyError, ValueError):
        if n == 1:
            return nulls(1, MONEY), np.ones(1, dtype=np.bool_)
    half = n // 2
    left, lbad = _rowwise(rates, amount[:half], currency[:half], on[:half], skip[:half])
    right, rbad = _rowwise(rates, amount[half:], currency[half:], on[half:], skip[half:])
    return pa.concat_arrays([left, right]), np.concatenate([lbad, rbad])


class Fx:
    """Lazy access to the exchange rates for one ingest run."""

    def __init__(self) -> None:
        self._rates: FxRates | None = None
        self._error: str | None = None

    def _load(self) -> FxRates | None:
        if self._rates is None and self._error is None:
            try:
                self._rates = FxRates.load()
            except Exception as exc:  # an unusable rates file must not crash ingest
                self._error = f"exchange rates unavailable: {exc}"
        return self._rates

    def _convert(self, amount: Arr, currency: Arr, on: Arr, cur: str) -> tuple[Arr, list[str]]:
        """KZT amounts for the rows of one currency; null where no rate, with the reason."""
        n = len(amount)
        rates = self._load()
        if rates is None:
            return nulls(n, MONEY), [self._error or "no exchange rates"] * n
        if cur not in rates.currencies:
            return nulls(n, MONEY), [f"no exchange rate for currency {cur!r}"] * n
        first = rates.span(cur)[0]
        day = _local_date(on)
        early = mask(pc.less(day, pa.scalar(first, pa.date32())))
        why = [""] * n
        for i in np.flatnonzero(early):
            why[i] = f"no {cur} rate on or before {day[int(i)].as_py()}; rates start on {first}"
        out, failed = _rowwise(rates, amount, currency, on, early)
        for i in np.flatnonzero(failed & ~early):
            why[i] = f"no {cur} rate for {day[int(i)].as_py()}"
        return out, why

    def fill(
        self, kzt: Arr, amount: Arr, currency: Arr, on: Arr, need: Mask
    ) -> tuple[Arr, Mask, list[str]]:
        """``kzt`` with the ``need`` rows computed; the rows that could not be, and why."""
        out = kzt.cast(MONEY)
        failed = np.zeros(len(kzt), dtype=np.bool_)
        reasons: dict[int, str] = {}
        if not need.any():
            return out, failed, []
        is_kzt = mask(pc.equal(currency, pa.scalar("KZT")))
        out = pc.if_else(pa.array(need & is_kzt), amount.cast(MONEY), out)
        foreign = np.flatnonzero(need & ~is_kzt)
        if not len(foreign):
            return out, failed, []
        foreign_cur = currency.take(foreign)
        done_rows: list[npt.NDArray[np.int64]] = []
        done_values: list[Arr] = []
        for cur in pc.unique(foreign_cur).to_pylist():
            rows = foreign[mask(pc.equal(foreign_cur, pa.scalar(str(cur))))]
            values, why = self._convert(
                amount.take(rows), currency.take(rows), on.take(rows), str(cur)
            )
            absent = mask(values.is_null())
            failed[rows[absent]] = True
            for r, reason in zip(rows[absent], np.asarray(why, dtype=object)[absent], strict=True):
                reasons[int(r)] = str(reason)
            done_rows.append(rows)
            done_values.append(values)
        rows = np.concatenate(done_rows)
        order = np.argsort(rows, kind="stable")  # replace_with_mask fills in row order
        chosen = np.zeros(len(kzt), dtype=np.bool_)
        chosen[rows] = True
        values = pa.concat_arrays(done_values).take(order)
        out = pc.replace_with_mask(out, pa.array(chosen), values)
        return out, failed, [reasons[int(r)] for r in np.flatnonzero(failed)]
