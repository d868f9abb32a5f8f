"""The business calendar: holidays, weekend carry-over, transfers and the report deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kuzet.model.calendar import BusinessCalendar
from kuzet.model.money import ReferenceDataError

D = dt.date


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar.load()


def test_fixed_holidays_of_2026(cal: BusinessCalendar) -> None:
    days = dict(cal.holidays(2026))
    for month, day, name in [
        (1, 1, "New Year"),
        (1, 2, "New Year"),
        (1, 7, "Orthodox Christmas"),
        (3, 8, "International Women's Day"),
        (3, 21, "Nauryz meiramy"),
        (3, 22, "Nauryz meiramy"),
        (3, 23, "Nauryz meiramy"),
        (5, 1, "Kazakhstan People's Unity Day"),
        (5, 7, "Defender of the Fatherland Day"),
        (5, 9, "Victory Day"),
        (7, 6, "Capital Day"),
        (8, 30, "Constitution Day"),
        (10, 25, "Republic Day"),
        (12, 16, "Independence Day"),
    ]:
        assert days[D(2026, month, day)] == name
    assert days[D(2026, 5, 27)] == "Kurban Ait"
    assert list(dict(cal.holidays(2026))) == sorted(days)


def test_weekend_holidays_carry_over_to_the_next_working_day(cal: BusinessCalendar) -> None:
    assert not cal.is_business_day(D(2025, 3, 10))  # 8 March 2025 was a Saturday
    assert "carried over from 2025-03-08" in dict(cal.holidays(2025))[D(2025, 3, 10)]
    assert not cal.is_business_day(D(2024, 7, 8))  # Capital Day 2024 on a Saturday
    assert not cal.is_business_day(D(2025, 10, 27))  # Republic Day 2025 on a Saturday
    assert cal.is_business_day(D(2025, 10, 28))


def test_a_run_of_weekend_holidays_carries_over_day_by_day(cal: BusinessCalendar) -> None:
    # Nauryz 2026: Sat 21, Sun 22, Mon 23 March; two days carry to Tue 24 and Wed 25
    off = [d for d, _ in cal.holidays(2026) if d.month == 3 and d.day > 20]
    assert off == [D(2026, 3, d) for d in (21, 22, 23, 24, 25)]
    assert cal.is_business_day(D(2026, 3, 26))


def test_religious_holidays_do_not_carry_over(cal: BusinessCalendar) -> None:
    assert cal.is_business_day(D(2024, 6, 17))  # Kurban Ait on Sunday 16 June 2024
    assert cal.is_business_day(D(2024, 1, 8))  # Orthodox Christmas on Sunday 7 Jan 2024
    assert not cal.is_business_day(D(2025, 6, 6))  # Kurban Ait on a Friday is a day off


def test_transfers_of_days_off(cal: BusinessCalendar) -> None:
    assert not cal.is_business_day(D(2024, 5, 8))  # Wednesday, off by transfer
    assert cal.is_business_day(D(2024, 5, 4))  # Saturday, a working day instead
    assert not cal.is_business_day(D(2025, 1, 3))
    assert cal.is_business_day(D(2025, 1, 5))
    assert "transferred from Sunday 2025-01-05" in dict(cal.holidays(2025))[D(2025, 1, 3)]


def test_next_business_day_over_new_year_and_nauryz(cal: BusinessCalendar) -> None:
    assert cal.next_business_day(D(2025, 12, 31)) == D(2026, 1, 5)
    assert cal.next_business_day(D(2026, 12, 31)) == D(2027, 1, 5)  # 2 Jan 2027 is a Saturday
    assert cal.next_business_day(D(2026, 3, 20)) == D(2026, 3, 26)
    assert cal.next_business_day(D(2025, 3, 20)) == D(2025, 3, 26)
    assert cal.next_business_day(D(2024, 12, 31)) == D(2025, 1, 5)  # the transferred Sunday


def test_report_deadline_is_the_next_business_day(cal: BusinessCalendar) -> None:
    assert cal.report_deadline_threshold(D(2025, 11, 12)) == D(2025, 11, 13)  # Wednesday
    assert cal.report_deadline_threshold(D(2025, 11, 14)) == D(2025, 11, 17)  # Friday
    assert cal.report_deadline_threshold(D(2025, 11, 15)) == D(2025, 11, 17)  # Saturday
    assert cal.report_deadline_threshold(D(2026, 5, 8)) == D(2026, 5, 12)  # Victory Day carry


def test_add_business_days(cal: BusinessCalendar) -> None:
    assert cal.add_business_days(D(2026, 3, 20), 0) == D(2026, 3, 20)
    assert cal.add_business_days(D(2026, 3, 20), 2) == D(2026, 3, 27)
    assert cal.add_business_days(D(2026, 3, 26), -1) == D(2026, 3, 20)
    assert cal.add_business_days(D(2026, 1, 5), -1) == D(2025, 12, 31)
    assert list(cal.business_days(D(2026, 1, 1), D(2026, 1, 9))) == [
        D(2026, 1, 5),
        D(2026, 1, 6),
        D(2026, 1, 8),
        D(2026, 1, 9),
    ]


def test_outside_the_covered_years_it_refuses(cal: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="covers 2024–2027; 2023-06-01 is outside"):
        cal.is_business_day(D(2023, 6, 1))
    with pytest.raises(ValueError, match="2028-01-01 is outside"):
        cal.next_business_day(D(2027, 12, 31))
    with pytest.raises(ValueError, match="outside"):
        cal.holidays(2030)
    with pytest.raises(TypeError, match="local date"):
        cal.is_business_day(dt.datetime(2025, 1, 1, 12, 0))


MINIMAL = """covered_years: {from: 2025, to: 2025}
fixed:
  - {date: "01-01", name: New Year}
movable:
  - {id: kurban_ait, date: 2025-06-06, name: Kurban Ait, religious: true, source: t}
transfers: []
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "problem"),
    [
        ('"01-01"', '"13-01"', 3, "date", "must be MM-DD"),
        ('"01-01"', '"02-29"', 3, "date", "must be MM-DD"),
        ("2025-06-06", "2025-06-31", 5, "date", "must be a date"),
        ("transfers: []", "transfers:\n  - {working_day: 2025-01-06, day_off: 2025-01-03,"
         " source: t}", 7, "working_day", "only a weekend day"),
        ("transfers: []", "transfers:\n  - {working_day: 2025-01-04, day_off: 2025-01-01,"
         " source: t}", 7, "day_off", "already a day off"),
        ("to: 2025}", "to: 2026}", 4, "movable", "no kurban_ait date for [2026]"),
        ("name: New Year}", "name: New Year, religios: true}", 3, "religios", "unknown field"),
        ("fixed:", "fixed: 5\nx:", 2, "fixed", "must be a list"),
    ],
)  # fmt: skip
def test_malformed_holiday_file_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, problem: str
) -> None:
    assert old in MINIMAL
    path = tmp_path / "holidays.yaml"
    path.write_text(MINIMAL.replace(old, new), encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        BusinessCalendar.load(path)
    err = caught.value
    assert (err.source, err.line, err.field) == (str(path), line, field), str(err)
    assert problem in str(err)


def test_minimal_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    cal = BusinessCalendar.load(path)
    assert cal.holidays(2025) == [(D(2025, 1, 1), "New Year"), (D(2025, 6, 6), "Kurban Ait")]
