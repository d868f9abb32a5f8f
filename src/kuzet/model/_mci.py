"""The monthly calculation index (МРП / MCI) by date and purpose, from ``reference/mci.yaml``.

Fines and criminal penalties are set in MCI (the drop offence: up to 160 MCI), and the
budget law sets a new MCI each year. In 2022 two values applied at once, one for benefits
from 1 April and one for everything else (domain brief §1.8), so a value belongs to a
purpose and a period, and a ``general`` value serves every purpose without its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kuzet.model._refdata import ReferenceDataError, as_date, entries, load_yaml, read_text

GENERAL = "general"


@dataclass(frozen=True, slots=True)
class MciValue:
    """One MCI value: its purpose, its amount in tenge and the dates it applies."""

    purpose: str
    amount_kzt: int
    effective_from: dt.date
    effective_to: dt.date
    source: str
    uncertain: bool
    line: int

    def covers(self, on: dt.date) -> bool:
        return self.effective_from <= on <= self.effective_to


class MciTable:
    """Every MCI value of a reference file, looked up by date (or year) and purpose."""

    def __init__(self, purposes: dict[str, str], values: list[MciValue], source: str) -> None:
        self.purposes = purposes
        self.values = sorted(values, key=lambda v: (v.purpose, v.effective_from))
        self.source = source

    def _lookup(self, on: dt.date, purpose: str) -> MciValue | None:
        for wanted in (purpose, GENERAL):
            for v in self.values:
                if v.purpose == wanted and v.covers(on):
                    return v
        return None

    def value(self, on: dt.date | int, purpose: str = GENERAL) -> int:
        """The MCI in tenge on a date, or for a year whose value did not change within it."""
        if purpose not in self.purposes:
            known = ", ".join(sorted(self.purposes))
            raise KeyError(f"unknown MCI purpose {purpose!r}; known: {known}")
        if isinstance(on, dt.date):
            on = as_date(on)
            found = self._lookup(on, purpose)
            if found is None:
                raise ValueError(f"no {purpose} MCI for {on} in {self.source}")
            return found.amount_kzt
        return self._year_value(on, purpose)

    def _year_value(self, year: int, purpose: str) -> int:
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        # the value can only change on a day some entry starts or the day after one ends
        edges = {first}
        for v in self.values:
            edges |= {v.effective_from, v.effective_to + dt.timedelta(days=1)}
        found = {d: self._lookup(d, purpose) for d in sorted(edges) if first <= d <= last}
        if any(v is None for v in found.values()):
            raise ValueError(f"no {purpose} MCI for all of {year} in {self.source}")
        amounts = {v.amount_kzt for v in found.values() if v is not None}
        if len(amounts) > 1:
            changes = ", ".join(f"{v.amount_kzt} from {d}" for d, v in found.items() if v)
            raise ValueError(
                f"the {purpose} MCI changed during {year} ({changes}); pass a date, not a year"
            )
        return amounts.pop()

    @classmethod
    def load(cls, path: str | Path | None = None) -> MciTable:
        """Read an MCI file (``None``: the shipped ``reference/mci.yaml``)."""
        text, source = read_text(path, "mci.yaml")
        doc = load_yaml(text, source)
        raw_purposes = doc.get("purposes")
        if not isinstance(raw_purposes, dict) or GENERAL not in raw_purposes:
            raise ReferenceDataError(
                source,
                doc.line_of("purposes"),
                "purposes",
                f"must map purposes (with {GENERAL!r}) to what they cover",
            )
        purposes = {str(k): str(v) for k, v in raw_purposes.items()}
        values: list[MciValue] = []
        for e in entries(doc, "values", source, "MCI value"):
            e.only(("purpose", "amount_kzt", "effective_from", "effective_to", "source",
                    "uncertain"))  # fmt: skip
            v = MciValue(
                purpose=e.choice("purpose", purposes),
                amount_kzt=e.integer("amount_kzt"),
                effective_from=e.date("effective_from"),
                effective_to=e.date("effective_to"),
                source=e.text("source"),
                uncertain=e.flag("uncertain"),
                line=e.line,
            )
            if v.amount_kzt <= 0:
                raise e.error("amount_kzt", f"must be positive, got {v.amount_kzt}")
            if v.effective_to < v.effective_from:
                raise e.error("effective_to", f"{v.effective_to} is before {v.effective_from}")
            for other in values:
                if other.purpose == v.purpose and (
                    v.effective_from <= other.effective_to
                    and other.effective_from <= v.effective_to
                ):
                    raise e.error(
                        "effective_from",
                        f"{v.purpose} MCI period {v.effective_from}…{v.effective_to} overlaps "
                        f"the one on line {other.line}",
                    )
            values.append(v)
        return cls(purposes, values, source)


@cache
def _default() -> MciTable:
    return MciTable.load()


def mci(on: dt.date | int, purpose: str = GENERAL) -> int:
    """The MCI (МРП) in tenge on a date or for a year, for a purpose (``general``, ``benefits``).

    A year whose value changed within it (2022 for benefits) needs a date instead.
    """
    return _default().value(on, purpose)
