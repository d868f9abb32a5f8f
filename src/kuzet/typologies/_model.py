"""What a pack is once read: plain frozen data, no SQL engine, no dialect.

A pack holds features (shared SELECTs materialised once per run), indicators (red flags:
one SELECT each, with tunable parameters) and typologies (weighted combinations of
indicators with an alert threshold). ``kuzet.typologies._parse`` builds these from YAML and
checks their structure; ``_validate`` checks their SQL; ``_compile`` turns them into SQL for
one engine at the last moment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kuzet.model.schemas import OBJECT_TYPES

ParamValue = int | float | str | bool | dt.date | tuple[str | int | float, ...]

PARAM_TYPES = ("integer", "number", "string", "boolean", "date", "list")
COMBINE_RULES = ("weighted_sum", "max", "noisy_or")
SUBJECT_TYPES = OBJECT_TYPES
"""What an indicator may flag: the object types that ``labels`` can name."""

RUN_PARAMETERS = ("run_from", "run_to")
"""Bound by the runner, never declared: the run window as UTC timestamps, ``run_to`` exclusive."""

HIT_COLUMNS = (
    "subject_type",
    "subject_id",
    "window_start",
    "window_end",
    "score",
    "metrics",
    "evidence",
)
"""The columns every indicator's SELECT returns, one row per hit."""

LANGUAGES = ("kk", "ru", "en")


class PackError(Exception):
    """A pack cannot be used: one message naming the file, where in it, and the problem."""

    def __init__(self, path: str | Path, where: str, problem: str, line: int | None = None):
        self.path = str(path)
        self.where = where
        self.problem = problem
        self.line = line
        at = f":{line}" if line else ""
        place = f" {where}:" if where else ""
        super().__init__(f"{self.path}{at}:{place} {problem}")


@dataclass(frozen=True, slots=True)
class Parameter:
    """A named value an indicator's SQL uses as ``$name``."""

    name: str
    type: str
    default: ParamValue
    min: float | dt.date | None = None
    max: float | dt.date | None = None
    tunable: bool = False
    """Whether a bank may override it (``--set INDICATOR.name=value``)."""
    description: str = ""


@dataclass(frozen=True, slots=True)
class SignCode:
    """An AFM suspicious-operation sign code, valid over a period (codes get renumbered)."""

    code: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class Feature:
    """A SELECT the engine materialises once per run, under its id, for indicators to share."""

    id: str
    sql: str
    description: str = ""
    line: int | None = None
    sql_line: int | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A red flag: one read-only SELECT returning one row per hit."""

    id: str
    titles: Mapping[str, str]
    subject: str
    sql: str
    params: Mapping[str, Parameter] = field(default_factory=dict)
    legal_ref: str = ""
    sign_codes: tuple[SignCode, ...] = ()
    evidence: str = "transactions"
    """The table whose keys the ``evidence`` column lists."""
    description: str = ""
    line: int | None = None
    sql_line: int | None = None

    def sign_code(self, day: dt.date) -> str | None:
        """The AFM sign code in force on ``day``, if the indicator maps to one."""
        for sc in self.sign_codes:
            if sc.valid_on(day):
                return sc.code
        return None


@dataclass(frozen=True, slots=True)
class Member:
    """An indicator's place in a typology."""

    indicator: str
    weight: float = 1.0
    required: bool = False
    """The typology alerts only on subjects for which every required indicator fired."""


@dataclass(frozen=True, slots=True)
class Typology:
    """Indicators combined per subject; a combined score ≥ ``threshold`` is an alert."""

    id: str
    family: str
    titles: Mapping[str, str]
    combine: str
    threshold: float
    members: tuple[Member, ...]
    subject: str
    description: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Pack:
    """A typology pack as issued: identity, validity and contents, plus the file it came from."""

    id: str
    issuer: str
    version: str
    effective_from: dt.date
    effective_to: dt.date | None
    features: Mapping[str, Feature]
    indicators: Mapping[str, Indicator]
    typologies: Mapping[str, Typology]
    path: Path
    digest: str
    """sha256 of the file's bytes: what a signature covers and what every alert records."""
    description: str = ""
    signed_by: str | None = None
    """Key id of the verified signature; None when loaded with ``allow_unsigned``."""

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self.indicators[indicator_id]
        except KeyError:
            known = ", ".join(self.indicators)
            raise KeyError(f"pack {self.id} has no indicator {indicator_id!r}: {known}") from None
