"""Threshold amounts as effective-dated configuration, from ``reference/thresholds.yaml``.

Art. 4 thresholds change by law (the 2015 amendments rewrote several) and several figures are
[UNCERTAIN] in the domain brief (§1.3, §2), so none is a constant in code: each is an entry
with a code, an amount, the payment form it concerns and the dates it applies, and a
detector asks for ``value(code, on)`` at the operation's date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from kuzet.model._refdata import Entry, as_date, entries, load_yaml, read_text

FORMS = ("cash", "non-cash", "any")
COMPARISONS = (">=", ">")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_DURATION = re.compile(r"^P(\d+[YMWD])+$")
_FIELDS = (
    "code",
    "description",
    "amount_kzt",
    "count",
    "unit",
    "form",
    "comparison",
    "window",
    "effective_from",
    "effective_to",
    "source",
    "uncertain",
)


@dataclass(frozen=True, slots=True)
class Threshold:
    """One threshold in force over a period (open-ended where a date is ``None``)."""

    code: str
    description: str
    amount: Decimal
    """The figure: tenge when ``unit`` is ``KZT``, else a count of ``unit`` (e.g. senders)."""
    unit: str
    form: str
    """``cash``, ``non-cash`` or ``any``: the payment form the threshold concerns."""
    comparison: str
    """``>=`` (reaches: Art. 4) or ``>`` (exceeds: the card top-up and tax rules)."""
    window: str | None
    """ISO 8601 duration over which operations add up (``P3M``), or ``None`` for one operation."""
    effective_from: dt.date | None
    effective_to: dt.date | None
    source: str
    uncertain: bool
    """True where the domain brief marks the figure or its dates [UNCERTAIN]."""

    @property
    def amount_kzt(self) -> Decimal:
        if self.unit != "KZT":
            raise ValueError(f"threshold {self.code!r} counts {self.unit}, not tenge")
        return self.amount

    @property
    def period(self) -> str:
        """The dates it applies, in words: ``2016-01-01…2025-12-31``, ``from …``, ``until …``."""
        start, end = self.effective_from, self.effective_to
        if start and end:
            return f"{start}…{end}"
        if start or end:
            return f"from {start}" if start else f"until {end}"
        return "always"

    def applies_on(self, on: dt.date) -> bool:
        on = as_date(on)
        starts = self.effective_from is None or self.effective_from <= on
        return starts and (self.effective_to is None or on <= self.effective_to)

    def is_met(self, value: Decimal | int | float) -> bool:
        """Whether ``value`` (an amount or a count) reaches this threshold."""
        v = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return v >= self.amount if self.comparison == ">=" else v > self.amount


class Thresholds:
    """Every threshold of a reference file, looked up by code and date."""

    def __init__(self, items: list[Threshold], source: str) -> None:
        self.source = source
        self._by_code: dict[str, list[Threshold]] = {}
        for t in sorted(items, key=lambda t: (t.code, t.effective_from or dt.date.min)):
            self._by_code.setdefault(t.code, []).append(t)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self._by_code)

    def history(self, code: str) -> list[Threshold]:
        """Every period of one threshold, oldest first."""
        try:
            return list(self._by_code[code])
        except KeyError:
            known = ", ".join(sorted(self._by_code))
            raise KeyError(f"unknown threshold {code!r}; known: {known}") from None

    def get(self, code: str, on: dt.date) -> Threshold:
        """The threshold ``code`` in force on ``on``."""
        for t in self.history(code):
            if t.applies_on(on):
                return t
        periods = "; ".join(t.period for t in self.history(code))
        raise ValueError(f"threshold {code!r} is not in force on {on} (periods: {periods})")

    def value(self, code: str, on: dt.date) -> Decimal:
        """The amount (or count) of threshold ``code`` in force on ``on``."""
        return self.get(code, on).amount

    def effective(self, on: dt.date) -> list[Threshold]:
        """Every threshold in force on ``on``, by code."""
        return [t for ts in self._by_code.values() for t in ts if t.applies_on(on)]

    @classmethod
    def load(cls, path: str | Path | None = None) -> Thresholds:
        """Read a thresholds file (``None``: the shipped ``reference/thresholds.yaml``).

        A bad field or two overlapping periods of one code fail with file, line and field.
        """
        text, source = read_text(path, "thresholds.yaml")
        doc = load_yaml(text, source)
        items: list[tuple[Threshold, int]] = []
        for e in entries(doc, "thresholds", source, "threshold"):
            t = _threshold(e)
            for other, line in items:
                if other.code == t.code and _overlap(t, other):
                    raise e.error(
                        "effective_from",
                        f"period {t.period} of {t.code!r} overlaps the entry on line {line} "
                        f"({other.period})",
                    )
            items.append((t, e.line))
        return cls([t for t, _ in items], source)


def _overlap(a: Threshold, b: Threshold) -> bool:
    lo, hi = dt.date.min, dt.date.max
    return (a.effective_from or lo) <= (b.effective_to or hi) and (b.effective_from or lo) <= (
        a.effective_to or hi
    )


def _threshold(e: Entry) -> Threshold:
    e.only(_FIELDS)
    code = e.text("code")
    if not _CODE.match(code):
        raise e.error("code", f"must be lower_snake_case, got {code!r}")
    if e.has("amount_kzt") == e.has("count"):
        raise e.error("amount_kzt", "give exactly one of amount_kzt (tenge) or count (with unit)")
    if e.has("amount_kzt"):
        amount, unit = e.decimal("amount_kzt"), "KZT"
        if e.has("unit"):
            raise e.error("unit", "only a count takes a unit; amount_kzt is in tenge")
    else:
        amount, unit = Decimal(e.integer("count")), e.text("unit")
    if amount <= 0:
        raise e.error("amount_kzt" if unit == "KZT" else "count", f"must be positive: {amount}")
    window = e.text("window") if e.has("window") else None
    if window is not None and not _DURATION.match(window):
        raise e.error("window", f"must be an ISO 8601 duration such as P3M or P7D, got {window!r}")
    t = Threshold(
        code=code,
        description=e.text("description"),
        amount=amount,
        unit=unit,
        form=e.choice("form", FORMS),
        comparison=e.choice("comparison", COMPARISONS, default=">="),
        window=window,
        effective_from=e.optional_date("effective_from"),
        effective_to=e.optional_date("effective_to"),
        source=e.text("source"),
        uncertain=e.flag("uncertain"),
    )
    if t.effective_from and t.effective_to and t.effective_to < t.effective_from:
        raise e.error("effective_to", f"{t.effective_to} is before {t.effective_from}")
    return t
