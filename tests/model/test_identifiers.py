"""Identifiers: check digits, the single-change property and what ``describe`` reports.

The IIN/BIN check digit (weights 1…11, then 3…11,1,2, mod 11) does *not* catch every
one-digit change: digit 11 carries weight 11 ≡ 0 in the first pass, and a change that pushes
the first pass to 10 is judged by the second pass, which can agree by chance. The properties
below state exactly which changes are caught, so a regression in either direction shows.
Every IIN and BIN here is synthetic (made by ``make``), except the brief's test vector.
"""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kuzet.model.identifiers import BIC, BIN, IBAN, IIN, W1, HSCode, kz_check_digit

BRIEF_IIN = "791028302728"  # domain brief §8.4 test vector
BRIEF_IBAN = "KZ86125KZT5004100100"  # domain brief §8.6 registry example


def first_pass(number: str) -> int:
    """The first-pass remainder of the check-digit algorithm over digits 1–11."""
    return sum(int(d) * w for d, w in zip(number[:11], W1, strict=True)) % 11


def change(number: str, position: int, delta: int) -> str:
    digit = (int(number[position]) + delta) % 10
    return f"{number[:position]}{digit}{number[position + 1 :]}"


def caught_for_sure(original: str, changed: str, position: int) -> bool:
    """Whether the check digit must catch this one-digit change (see the module docstring)."""
    if position == 11:
        return True  # the check digit itself
    if first_pass(original) == 10 or first_pass(changed) == 10:
        return False  # the second pass decides, and may agree by chance
    return position != 10  # weight 11 ≡ 0: the first pass cannot see digit 11


@st.composite
def iins(draw: st.DrawFn) -> str:
    birth = draw(st.dates(dt.date(1900, 1, 1), dt.date(2025, 12, 31)))
    iin = IIN.make(birth, draw(st.sampled_from("MF")), draw(st.integers(0, 9999)))
    assume(iin is not None)
    assert iin is not None
    return iin


@st.composite
def bins(draw: st.DrawFn) -> str:
    registered = draw(st.dates(dt.date(1995, 1, 1), dt.date(2025, 12, 31)))
    value = BIN.make(
        registered,
        draw(st.sampled_from((4, 5, 6))),
        draw(st.integers(0, 3)),
        draw(st.integers(0, 99999)),
    )
    assume(value is not None)
    assert value is not None
    return value


def test_brief_test_vector_is_a_valid_iin() -> None:
    assert IIN.validate(BRIEF_IIN) is None
    assert kz_check_digit(BRIEF_IIN[:11]) == 8


@given(iins())
def test_made_iins_are_valid(iin: str) -> None:
    assert IIN.validate(iin) is None


@given(iins(), st.integers(0, 11), st.integers(1, 9))
def test_one_digit_change_of_an_iin_is_caught_unless_the_checksum_is_blind(
    iin: str, position: int, delta: int
) -> None:
    changed = change(iin, position, delta)
    if caught_for_sure(iin, changed, position):
        assert IIN.validate(changed) is not None


@given(bins(), st.integers(0, 11), st.integers(1, 9))
def test_one_digit_change_of_a_bin_is_caught_unless_the_checksum_is_blind(
    value: str, position: int, delta: int
) -> None:
    changed = change(value, position, delta)
    if caught_for_sure(value, changed, position):
        assert BIN.validate(changed) is not None


@given(iins(), st.integers(1, 9))
def test_digit_11_is_invisible_to_the_first_pass(iin: str, delta: int) -> None:
    """The checksum's blind spot, pinned: it is a property of the algorithm, not a bug here."""
    assume(first_pass(iin) != 10)
    assert IIN.validate(change(iin, 10, delta)) is None


def test_blind_spot_on_the_brief_vector() -> None:
    assert IIN.validate("791028302758") is None  # digit 11 changed from 2 to 5
    assert IIN.validate("791028302729") == "check digit is 9, expected 8"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("79102830272", "must be exactly 12 digits"),
        ("79102830272X", "must be exactly 12 digits"),
        ("791328302722", "digits 1–6 (791328) are not a calendar date"),
    ],
)
def test_iin_reasons(value: str, reason: str) -> None:
    if reason.startswith("digits 1–6"):
        check = kz_check_digit(value[:11])
        assert check is not None
        value = f"{value[:11]}{check}"
    assert IIN.validate(value) == reason


def test_iin_describe() -> None:
    assert IIN.describe(BRIEF_IIN) == {
        "iin": BRIEF_IIN,
        "birth_date": "1979-10-28",
        "sex": "M",
        "century": 20,
        "serial": "0272",
    }
    made = IIN.make(dt.date(2004, 2, 29), "F", 17)
    assert made is not None
    assert IIN.describe(made)["birth_date"] == "2004-02-29"
    assert IIN.describe(made)["sex"] == "F"
    with pytest.raises(ValueError, match="invalid IIN"):
        IIN.describe("791028302729")


def test_bin_describe() -> None:
    value = BIN.make(dt.date(2015, 7, 1), 4, 1, 1234)
    assert value is not None
    assert BIN.describe(value) == {
        "bin": value,
        "registered_year_2digit": 15,
        "registered_month": 7,
        "entity_type": "resident legal entity",
        "division": "branch",
        "serial": "01234",
    }
    assert BIN.validate(f"15134{value[5:]}") is not None  # month 13


def test_brief_iban_is_valid_and_described() -> None:
    assert IBAN.validate(BRIEF_IBAN) is None
    assert IBAN.describe(" kz86 125k zt50 0410 0100 ") == {
        "iban": BRIEF_IBAN,
        "country": "KZ",
        "check_digits": "86",
        "bank_code": "125",
        "account": "KZT5004100100",
    }


ALPHABET = string.digits + string.ascii_uppercase


def same_class(a: str, b: str) -> bool:
    return a.isdigit() == b.isdigit()


def test_every_same_class_single_character_change_of_the_brief_iban_is_invalid() -> None:
    """Digit for digit or letter for letter, mod-97 catches every substitution."""
    for i, old in enumerate(BRIEF_IBAN):
        for new in ALPHABET:
            if new != old and same_class(old, new):
                changed = f"{BRIEF_IBAN[:i]}{new}{BRIEF_IBAN[i + 1 :]}"
                assert IBAN.validate(changed) is not None, changed


def test_digit_letter_swaps_escape_mod97_about_once_in_97() -> None:
    """A letter counts as two digits, so a digit↔letter swap shifts the number and mod-97
    can agree by chance: on the brief's own IBAN, 2 of its cross-class changes pass."""
    passing = [
        f"{BRIEF_IBAN[:i]}{new}{BRIEF_IBAN[i + 1 :]}"
        for i, old in enumerate(BRIEF_IBAN)
        for new in ALPHABET
        if new != old and IBAN.validate(f"{BRIEF_IBAN[:i]}{new}{BRIEF_IBAN[i + 1 :]}") is None
    ]
    assert passing == ["KZ86125KZTQ004100100", "KZ86125KZT50P4100100"]


@given(
    st.text("0123456789", min_size=3, max_size=3),
    st.text(ALPHABET, min_size=13, max_size=13),
    st.integers(4, 19),
    st.sampled_from(ALPHABET),
)
def test_made_iban_is_valid_and_same_class_changes_are_caught(
    bank: str, account: str, position: int, new: str
) -> None:
    iban = IBAN.make(bank, account)
    assert IBAN.validate(iban) is None
    old = iban[position]
    assume(new != old and same_class(old, new))
    assert IBAN.validate(f"{iban[:position]}{new}{iban[position + 1 :]}") is not None


@pytest.mark.parametrize(
    ("value", "reason_part"),
    [
        ("KZ86125KZT500410010", "20 characters"),
        ("KZ8612AKZT5004100100", "3-digit bank code"),
        ("KZ87125KZT5004100100", "mod-97"),
        ("12345", "not an IBAN"),
    ],
)
def test_iban_reasons(value: str, reason_part: str) -> None:
    reason = IBAN.validate(value)
    assert reason is not None
    assert reason_part in reason


def test_bic() -> None:
    assert BIC.validate("HSBKKZKX") is None
    assert BIC.validate("HSBKKZKXXXX") is None
    for bad in ("HSBKKZK", "HSBKKZKXX", "HSB1KZKX", "HSBK1ZKX", "HSBKKZKX12"):
        assert BIC.validate(bad) is not None, bad
    assert BIC.describe("hsbk kz kx") == {
        "bic": "HSBKKZKX",
        "institution": "HSBK",
        "country": "KZ",
        "location": "KX",
        "branch": "XXX",
    }
    assert BIC.describe("CASPKZKA001")["branch"] == "001"


def test_hs_code() -> None:
    for good in ("847130", "84713000", "8471300000"):
        assert HSCode.validate(good) is None, good
    for bad in ("84713", "8471300", "84713000001", "84A130", ""):
        assert HSCode.validate(bad) is not None, bad
    assert HSCode.describe("8471.30.000 0") == {
        "hs_code": "8471300000",
        "chapter": "84",
        "heading": "8471",
        "subheading": "847130",
    }
