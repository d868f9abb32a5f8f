"""Identifiers as small value types: Kazakhstani IIN, BIN, KZ IBAN, BIC and HS commodity codes.

Each type has ``normalize`` (strip what people type around the value), ``validate``
(``None`` when valid, else the reason in words) and ``describe`` (what the value encodes).
Facts and test vectors: domain brief §8.4–§8.6.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Mapping
from typing import ClassVar

W1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
W2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

_DIGITS12 = re.compile(r"^\d{12}$")
_SEPARATORS = re.compile(r"[\s\-._/]")


def kz_check_digit(first11: str) -> int | None:
    """The IIN/BIN check digit of an 11-digit prefix, or ``None`` if no number has it.

    Weighted sum with weights 1…11 mod 11; a result of 10 is recomputed with weights
    3…11,1,2; a second 10 means the prefix is never issued.
    """
    if len(first11) != 11 or not first11.isdigit():
        raise ValueError(f"need 11 digits, got {first11!r}")
    digits = [ord(ch) - 48 for ch in first11]
    for weights in (W1, W2):
        r = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
        if r < 10:
            return r
    return None


class Identifier:
    """Base of the identifier value types (the followthemoney/rigour shape)."""

    name: ClassVar[str]
    title: ClassVar[str]

    @classmethod
    def normalize(cls, value: str) -> str:
        return _SEPARATORS.sub("", value.strip()).upper()

    @classmethod
    def validate(cls, value: str) -> str | None:
        """``None`` if ``value`` is valid, else why it is not."""
        raise NotImplementedError

    @classmethod
    def is_valid(cls, value: str | None) -> bool:
        return value is not None and cls.validate(value) is None

    @classmethod
    def describe(cls, value: str) -> dict[str, object]:
        """What a valid value encodes; raises ``ValueError`` for an invalid one."""
        raise NotImplementedError

    @classmethod
    def _require_valid(cls, value: str) -> str:
        v = cls.normalize(value)
        reason = cls.validate(v)
        if reason is not None:
            raise ValueError(f"invalid {cls.title} {value!r}: {reason}")
        return v


def _check_12(value: str) -> str | None:
    if not _DIGITS12.match(value):
        return "must be exactly 12 digits"
    expected = kz_check_digit(value[:11])
    if expected is None:
        return "prefix admits no check digit (never issued)"
    if int(value[11]) != expected:
        return f"check digit is {value[11]}, expected {expected}"
    return None


class IIN(Identifier):
    """ИИН / ЖСН: individual identification number (12 digits).

    Digits 1–6 are the birth date YYMMDD, digit 7 the century and sex (1/2: 1800s, 3/4:
    1900s, 5/6: 2000s; odd male, even female), 8–11 a serial number, 12 the check digit.
    """

    name = "iin"
    title = "IIN"
    CENTURY: ClassVar[Mapping[str, int]] = {
        "1": 1800,
        "2": 1800,
        "3": 1900,
        "4": 1900,
        "5": 2000,
        "6": 2000,
    }

    @classmethod
    def validate(cls, value: str) -> str | None:
        reason = _check_12(value)
        if reason:
            return reason
        if value[6] not in cls.CENTURY:
            return f"digit 7 (century and sex) is {value[6]}, expected 1–6"
        try:
            cls.birth_date(value)
        except ValueError:
            return f"digits 1–6 ({value[:6]}) are not a calendar date"
        return None

    @classmethod
    def birth_date(cls, value: str) -> dt.date:
        century = cls.CENTURY[value[6]]
        return dt.date(century + int(value[0:2]), int(value[2:4]), int(value[4:6]))

    @classmethod
    def describe(cls, value: str) -> dict[str, object]:
        v = cls._require_valid(value)
        return {
            "iin": v,
            "birth_date": cls.birth_date(v).isoformat(),
            "sex": "M" if int(v[6]) % 2 else "F",
            "century": cls.CENTURY[v[6]] // 100 + 1,
            "serial": v[7:11],
        }

    @classmethod
    def make(cls, birth: dt.date, sex: str, serial: int) -> str | None:
        """The IIN for a birth date, sex (``M``/``F``) and serial, or ``None`` if unissuable."""
        base = {1800: 1, 1900: 3, 2000: 5}[birth.year // 100 * 100]
        digit7 = base + (0 if sex == "M" else 1)
        prefix = f"{birth:%y%m%d}{digit7}{serial % 10000:04d}"
        check = kz_check_digit(prefix)
        return None if check is None else f"{prefix}{check}"


class BIN(Identifier):
    """БИН: business identification number (12 digits).

    Digits 1–2 year and 3–4 month of registration, 5 the entity type (4 resident legal
    entity, 5 non-resident, 6 joint individual entrepreneurship), 6 the division (0 head
    office, 1 branch, 2 representative office, 3 peasant or farm enterprise), 7–11 serial, 12
    check digit (same weights as the IIN). Digits past 5 are [UNCERTAIN] in the brief.
    """

    name = "bin"
    title = "BIN"
    ENTITY_TYPES: ClassVar[Mapping[str, str]] = {
        "4": "resident legal entity",
        "5": "non-resident legal entity",
        "6": "individual entrepreneur (joint)",
    }
    DIVISIONS: ClassVar[Mapping[str, str]] = {
        "0": "head unit",
        "1": "branch",
        "2": "representative office",
        "3": "peasant or farm enterprise",
    }

    @classmethod
    def validate(cls, value: str) -> str | None:
        reason = _check_12(value)
        if reason:
            return reason
        if not 1 <= int(value[2:4]) <= 12:
            return f"digits 3–4 (registration month) are {value[2:4]}, expected 01–12"
        if value[4] not in cls.ENTITY_TYPES:
            return f"digit 5 (entity type) is {value[4]}, expected 4, 5 or 6"
        return None

    @classmethod
    def describe(cls, value: str) -> dict[str, object]:
        v = cls._require_valid(value)
        yy = int(v[0:2])
        return {
            "bin": v,
            "registered_year_2digit": yy,
            "registered_month": int(v[2:4]),
            "entity_type": cls.ENTITY_TYPES[v[4]],
            "division": cls.DIVISIONS.get(v[5], f"code {v[5]}"),
            "serial": v[6:11],
        }

    @classmethod
    def make(cls, registered: dt.date, entity_type: int, division: int, serial: int) -> str | None:
        prefix = f"{registered:%y%m}{entity_type}{division}{serial % 100000:05d}"
        check = kz_check_digit(prefix)
        return None if check is None else f"{prefix}{check}"


_LETTER_VALUES = {ch: str(i) for i, ch in enumerate(string.ascii_uppercase, start=10)}


def iban_mod97(iban: str) -> int:
    """ISO 13616 / ISO 7064 mod-97 of an IBAN (1 for a valid one)."""
    rearranged = iban[4:] + iban[:4]
    return int("".join(_LETTER_VALUES.get(ch, ch) for ch in rearranged)) % 97


class IBAN(Identifier):
    """Kazakhstani IBAN (ИИК): ``KZ`` + 2 check digits + 3-digit bank code + 13 characters."""

    name = "iban"
    title = "IBAN"
    _PATTERN = re.compile(r"^KZ\d{2}\d{3}[0-9A-Z]{13}$")
    _GENERIC = re.compile(r"^[A-Z]{2}\d{2}[0-9A-Z]{11,30}$")

    @classmethod
    def validate(cls, value: str) -> str | None:
        if value.startswith("KZ"):
            if len(value) != 20:
                return f"a KZ IBAN has 20 characters, this one {len(value)}"
            if not cls._PATTERN.match(value):
                return "a KZ IBAN is KZ, 2 check digits, a 3-digit bank code, 13 letters/digits"
        elif not cls._GENERIC.match(value):
            return "not an IBAN: 2 letters, 2 check digits, 11–30 letters/digits"
        if iban_mod97(value) != 1:
            return "mod-97 check fails"
        return None

    @classmethod
    def describe(cls, value: str) -> dict[str, object]:
        v = cls._require_valid(value)
        out: dict[str, object] = {"iban": v, "country": v[:2], "check_digits": v[2:4]}
        if v.startswith("KZ"):
            out |= {"bank_code": v[4:7], "account": v[7:]}
        return out

    @classmethod
    def make(cls, bank_code: str, account13: str, country: str = "KZ") -> str:
        """An IBAN with correct check digits for a bank code and 13-character account part."""
        bban = f"{bank_code}{account13}".upper()
        check = 98 - iban_mod97(f"{country}00{bban}")
        return f"{country}{check:02d}{bban}"


class BIC(Identifier):
    """SWIFT BIC (БИК in KZ): 4 bank letters, 2 country letters, 2 location, optional branch."""

    name = "bic"
    title = "BIC"
    _PATTERN = re.compile(r"^[A-Z]{4}([A-Z]{2})[A-Z0-9]{2}([A-Z0-9]{3})?$")

    @classmethod
    def validate(cls, value: str) -> str | None:
        if not cls._PATTERN.match(value):
            return "a BIC is 4 letters, 2-letter country, 2 letters/digits, optional 3 for branch"
        return None

    @classmethod
    def describe(cls, value: str) -> dict[str, object]:
        v = cls._require_valid(value)
        return {
            "bic": v,
            "institution": v[:4],
            "country": v[4:6],
            "location": v[6:8],
            "branch": v[8:] or "XXX",
        }


class HSCode(Identifier):
    """Commodity code of the Harmonized System: a 6-digit subheading, extended to 8 or 10
    digits by national nomenclatures (the EAEU's ТН ВЭД uses 10). No check digit; written
    with dots or spaces as often as without (``8471.30.000 0``)."""

    name = "hs"
    title = "HS code"
    PATTERN = r"^[0-9]{6}([0-9]{2}){0,2}$"
    """ASCII digits only, in a syntax both Python's ``re`` and Arrow's RE2 read the same way
    (ingest checks whole columns with it)."""
    _MATCH = re.compile(PATTERN)

    @classmethod
    def validate(cls, value: str) -> str | None:
        if not cls._MATCH.match(value):
            return "an HS code is 6, 8 or 10 digits"
        return None

    @classmethod
    def describe(cls, value: str) -> dict[str, object]:
        v = cls._require_valid(value)
        return {"hs_code": v, "chapter": v[:2], "heading": v[:4], "subheading": v[:6]}


IDENTIFIERS: Mapping[str, type[Identifier]] = {t.name: t for t in (IIN, BIN, IBAN, BIC, HSCode)}
"""Identifier types by the name used in ``Column.identifier``."""
