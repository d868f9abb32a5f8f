"""Kazakhstan's business-day calendar, from ``reference/kz_holidays.yaml``.

Reporting deadlines count business days: a threshold operation must be reported no later
than the business day after it (Law 191-IV Art. 10, domain brief §1.4). Holidays move: a
weekend holiday carries over to the next working day unless it is religious, the lunar
Kurban Ait changes date every year, and the Ministry of Labour transfers days off by order.
So the calendar is data, and it refuses years it has no data for rather than guess.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kuzet.model._refdata import (
    Entry,
    ReferenceDataError,
    YamlMap,
    entries,
    load_yaml,
    parse_date,
    read_text,
)

_SATURDAY = 5
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class _Fixed:
    month: int
    day: int
    name: str
    religious: bool
    effective_from: dt.date | None
    effective_to: dt.date | None

    def on(self, year: int) -> dt.date | None:
        d = dt.date(year, self.month, self.day)
        if self.effective_from and d < self.effective_from:
            return None
        if self.effective_to and d > self.effective_to:
            return None
        return d


def _weekend(d: dt.date) -> bool:
    return d.weekday() >= _SATURDAY


class BusinessCalendar:
    """Business days of Kazakhstan (five-day week) for the years a holiday file covers."""

    def __init__(
        self,
        years: range,
        holidays: dict[dt.date, tuple[str, bool]],
        transfers: dict[dt.date, dt.date],
        source: str,
    ) -> None:
        """``holidays``: date → (name, religious); ``transfers``: working day → day off."""
        self.years = years
        self.source = source
        self._days_off: dict[dt.date, str] = {}
        self._working_weekends = set(transfers)
        for year in years:
            self._plan_year(year, holidays)
        for work, off in transfers.items():
            self._days_off[off] = f"day off transferred from {work:%A} {work}"

    def _plan_year(self, year: int, holidays: dict[dt.date, tuple[str, bool]]) -> None:
        mine = sorted((d, v) for d, v in holidays.items() if d.year == year)
        for d, (name, _) in mine:
            self._days_off[d] = name
        for d, (name, religious) in mine:
            if religious or not _weekend(d):
                continue
            carried = d + _ONE_DAY
            while _weekend(carried) or carried in self._days_off:
                carried += _ONE_DAY
            self._days_off[carried] = f"{name} (day off carried over from {d})"

    def _covered(self, d: dt.date) -> dt.date:
        if isinstance(d, dt.datetime):
            raise TypeError(f"pass the local date of the operation, not a datetime ({d!r})")
        if d.year not in self.years:
            raise ValueError(
                f"the business calendar ({self.source}) covers {self.years.start}–"
                f"{self.years.stop - 1}; {d} is outside it: add that year's movable holidays "
                "and transfers to the holiday file"
            )
        return d

    def is_business_day(self, d: dt.date) -> bool:
        d = self._covered(d)
        if d in self._days_off:
            return False
        return not _weekend(d) or d in self._working_weekends

    def next_business_day(self, d: dt.date) -> dt.date:
        """The first business day strictly after ``d``."""
        return self.add_business_days(d, 1)

    def add_business_days(self, d: dt.date, n: int) -> dt.date:
        """The day ``n`` business days after ``d`` (before it when ``n`` < 0; ``d`` when 0)."""
        step = _ONE_DAY if n >= 0 else -_ONE_DAY
        left = abs(n)
        while left:
            d = self._covered(d + step)
            if self.is_business_day(d):
                left -= 1
        return d

    def holidays(self, year: int) -> list[tuple[dt.date, str]]:
        """Every day off of ``year`` that is not an ordinary weekend, with its name."""
        self._covered(dt.date(year, 1, 1))
        return sorted((d, name) for d, name in self._days_off.items() if d.year == year)

    def business_days(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """The business days from ``start`` to ``end`` inclusive."""
        d = start
        while d <= end:
            if self.is_business_day(d):
                yield d
            d += _ONE_DAY

    def report_deadline_threshold(self, op_date: dt.date) -> dt.date:
        """Last day to report a threshold operation: the next business day (Art. 10)."""
        return self.next_business_day(op_date)

    @classmethod
    def load(cls, path: str | Path | None = None) -> BusinessCalendar:
        """Read a holiday file (``None``: the shipped ``reference/kz_holidays.yaml``)."""
        text, source = read_text(path, "kz_holidays.yaml")
        doc = load_yaml(text, source)
        years = _years(doc, source)
        fixed = [_fixed(e) for e in entries(doc, "fixed", source, "fixed holiday")]
        holidays: dict[dt.date, tuple[str, bool]] = {}
        for year in years:
            for f in fixed:
                d = f.on(year)
                if d is not None:
                    holidays[d] = (f.name, f.religious)
        movable: dict[str, set[int]] = {}
        for e in entries(doc, "movable", source, "movable holiday"):
            e.only(("id", "date", "name", "religious", "source", "uncertain"))
            d = e.date("date")
            if d in holidays:
                raise e.error("date", f"{d} is already {holidays[d][0]}")
            holidays[d] = (e.text("name"), e.flag("religious"))
            e.text("source")
            seen = movable.setdefault(e.text("id"), set())
            if d.year in seen:
                raise e.error("date", f"second {e.text('id')} in {d.year}")
            seen.add(d.year)
        for hid, seen in movable.items():
            missing = [y for y in years if y not in seen]
            if missing:
                raise ReferenceDataError(
                    source, doc.line_of("movable"), "movable", f"no {hid} date for {missing}"
                )
        transfers: dict[dt.date, dt.date] = {}
        for e in entries(doc, "transfers", source, "transfer"):
            work, off = _transfer(e, holidays, years)
            transfers[work] = off
        return cls(years, holidays, transfers, source)


def _years(doc: YamlMap, source: str) -> range:
    e = Entry(doc.get("covered_years"), source, doc.line_of("covered_years"), "covered_years")
    e.only(("from", "to"))
    first, last = e.integer("from"), e.integer("to")
    if not 1900 < first <= last < 2200:
        raise e.error("to", f"covered years {first}–{last} are not a sensible range")
    return range(first, last + 1)


def _fixed(e: Entry) -> _Fixed:
    e.only(("date", "name", "religious", "effective_from", "effective_to"))
    month_day = e.text("date")
    # parsed in a common year, so 29 February (a date that skips years) is refused
    d = parse_date(
        f"2001-{month_day}", lambda _: e.error("date", f"must be MM-DD, got {month_day!r}")
    )
    return _Fixed(
        month=d.month,
        day=d.day,
        name=e.text("name"),
        religious=e.flag("religious"),
        effective_from=e.optional_date("effective_from"),
        effective_to=e.optional_date("effective_to"),
    )


def _transfer(
    e: Entry, holidays: dict[dt.date, tuple[str, bool]], years: range
) -> tuple[dt.date, dt.date]:
    e.only(("working_day", "day_off", "source"))
    work, off = e.date("working_day"), e.date("day_off")
    e.text("source")
    for field, d in (("working_day", work), ("day_off", off)):
        if d.year not in years:
            raise e.error(field, f"{d} is outside the covered years")
    if not _weekend(work):
        raise e.error(
            "working_day", f"{work} is a {work:%A}; only a weekend day can become a working day"
        )
    if _weekend(off) or off in holidays:
        raise e.error("day_off", f"{off} ({off:%A}) is already a day off")
    return work, off
