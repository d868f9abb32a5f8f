"""What a list entry and a screening query are, independent of any list's file format.

Every loader (UN XML, AFM/PF CSV-JSON, FtM JSON lines, custom) produces ``ListEntry``
values; the matcher only ever sees these. An entry's ``fingerprint`` is a hash of its
content, so two versions of a list can be diffed entry by entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS = ("person", "entity")


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of an entry; ``quality`` is ``good`` or ``low`` (UN alias quality)."""

    name: str
    quality: str = "good"


@dataclass(frozen=True, slots=True)
class BirthDate:
    """An exact date, a year, or a range of years (UN lists give all three)."""

    date: dt.date | None = None
    year_from: int | None = None
    year_to: int | None = None

    def compare(self, other: dt.date) -> str:
        """``exact``, ``year``, ``in_range`` or ``differs``."""
        if self.date is not None:
            if self.date == other:
                return "exact"
            return "year" if self.date.year == other.year else "differs"
        lo = self.year_from or self.year_to
        hi = self.year_to or self.year_from
        if lo is None or hi is None:
            return "differs"
        if lo == hi == other.year:
            return "year"
        return "in_range" if lo <= other.year <= hi else "differs"

    def to_json(self) -> str:
        if self.date is not None:
            return self.date.isoformat()
        if self.year_from == self.year_to:
            return str(self.year_from)
        return f"{self.year_from}..{self.year_to}"


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One designated person or entity on one list."""

    list_id: str
    entry_id: str
    kind: str
    names: tuple[Alias, ...]
    birth_dates: tuple[BirthDate, ...] = ()
    nationalities: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    """``(type, value)``: ``iin``, ``bin``, ``passport``, ``national_id``…"""
    programs: tuple[str, ...] = ()
    listed_on: dt.date | None = None
    remarks: str = ""
    extra: tuple[tuple[str, str], ...] = field(default=())

    @property
    def primary_name(self) -> str:
        return self.names[0].name if self.names else ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["names"] = [[a.name, a.quality] for a in self.names]
        d["birth_dates"] = [b.to_json() for b in self.birth_dates]
        d["identifiers"] = [list(i) for i in self.identifiers]
        d["extra"] = [list(i) for i in self.extra]
        d["listed_on"] = self.listed_on.isoformat() if self.listed_on else None
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ListEntry:
        return cls(
            list_id=d["list_id"],
            entry_id=d["entry_id"],
            kind=d["kind"],
            names=tuple(Alias(n, q) for n, q in d["names"]),
            birth_dates=tuple(parse_birth(b) for b in d["birth_dates"]),
            nationalities=tuple(d["nationalities"]),
            identifiers=tuple((t, v) for t, v in d["identifiers"]),
            programs=tuple(d["programs"]),
            listed_on=dt.date.fromisoformat(d["listed_on"]) if d["listed_on"] else None,
            remarks=d["remarks"],
            extra=tuple((k, v) for k, v in d.get("extra", [])),
        )

    def fingerprint(self) -> str:
        raw = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


def parse_birth(text: str) -> BirthDate:
    """``1980-02-29``, ``1980``, ``1979..1981`` (or ``1979-1981``) → ``BirthDate``.

    Raises ``ValueError`` naming the text when it is none of these.
    """
    t = text.strip()
    if len(t) == 4 and t.isdigit():
        return BirthDate(year_from=int(t), year_to=int(t))
    for sep in ("..", "/"):
        if sep in t:
            lo, hi = t.split(sep, 1)
            return BirthDate(year_from=int(lo), year_to=int(hi))
    if len(t) == 9 and t[4] == "-" and t[:4].isdigit() and t[5:].isdigit():
        return BirthDate(year_from=int(t[:4]), year_to=int(t[5:]))
    try:
        return BirthDate(date=dt.date.fromisoformat(t[:10]))
    except ValueError:
        raise ValueError(f"not a birth date, year or year range: {text!r}") from None


@dataclass(frozen=True, slots=True)
class Query:
    """Who is being screened: a name plus whatever else is known about them."""

    name: str
    kind: str | None = None
    """``person``, ``entity`` or ``None`` (guessed from a legal form in the name)."""
    birth_date: dt.date | None = None
    nationality: str | None = None
    identifiers: tuple[tuple[str, str], ...] = ()
    aliases: tuple[str, ...] = ()
    """Other renderings of the same party (e.g. its Kazakh, Russian and Latin names)."""
