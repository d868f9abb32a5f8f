"""MCI by date and purpose, and thresholds as effective-dated configuration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from kuzet.model.money import MciTable, ReferenceDataError, Thresholds, mci

D = dt.date

# ── MCI ───────────────────────────────────────────────────────────────────────────────


def test_mci_values_of_the_brief() -> None:
    assert mci(2025) == 3932
    assert mci(D(2025, 7, 1)) == 3932
    assert mci(2026) == 4325
    assert mci(2022) == 3063
    assert 160 * mci(2025) == 629_120  # the drop offence's fine cap (domain brief §1.8)


def test_mci_2022_had_two_values() -> None:
    assert mci(D(2022, 3, 31), "benefits") == 3063  # the general value until April
    assert mci(D(2022, 4, 1), "benefits") == 3180
    assert mci(D(2022, 4, 1), "general") == 3063
    assert mci(D(2025, 4, 1), "benefits") == 3932  # one value for every purpose
    with pytest.raises(ValueError, match=r"changed during 2022.*pass a date"):
        mci(2022, "benefits")


def test_mci_errors() -> None:
    with pytest.raises(KeyError, match="unknown MCI purpose 'fines'"):
        mci(2025, "fines")
    with pytest.raises(ValueError, match="no general MCI for 2019-01-01"):
        mci(D(2019, 1, 1))
    with pytest.raises(ValueError, match="for all of 2030"):
        mci(2030)


def test_mci_overlap_names_the_lines(tmp_path: Path) -> None:
    path = tmp_path / "mci.yaml"
    path.write_text(
        "purposes: {general: everything}\n"
        "values:\n"
        "  - {purpose: general, amount_kzt: 100, effective_from: 2025-01-01,"
        " effective_to: 2025-12-31, source: t}\n"
        "  - {purpose: general, amount_kzt: 110, effective_from: 2025-07-01,"
        " effective_to: 2026-06-30, source: t}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as caught:
        MciTable.load(path)
    assert (caught.value.line, caught.value.field) == (4, "effective_from")
    assert "overlaps the one on line 3" in str(caught.value)


# ── thresholds ────────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def shipped() -> Thresholds:
    return Thresholds.load()


@pytest.mark.parametrize(
    ("code", "amount", "form", "uncertain"),
    [
        ("gambling_winnings", 1_000_000, "any", False),
        ("cultural_property_cash", 1_000_000, "cash", False),
        ("pawnshop", 3_000_000, "any", False),
        ("offshore", 5_000_000, "any", False),
        ("anonymous_account_abroad", 5_000_000, "any", False),
        ("cash_operation", 7_000_000, "cash", True),
        ("atm_topup_third_party", 500_000, "cash", True),
        ("tax_fan_in_senders", 100, "non-cash", True),
        ("tax_fan_in_total", 1_000_000, "non-cash", True),
    ],
)
def test_shipped_thresholds(
    shipped: Thresholds, code: str, amount: int, form: str, uncertain: bool
) -> None:
    on = D(2026, 1, 15)
    assert shipped.value(code, on) == Decimal(amount)
    t = shipped.get(code, on)
    assert (t.form, t.uncertain) == (form, uncertain)
    assert t.source


def test_threshold_semantics(shipped: Thresholds) -> None:
    on = D(2026, 1, 15)
    gambling = shipped.get("gambling_winnings", on)
    assert gambling.amount_kzt == 1_000_000
    assert gambling.is_met(Decimal("1000000.00"))  # Art. 4: "equal to or more than"
    atm = shipped.get("atm_topup_third_party", on)
    assert not atm.is_met(500_000)  # "more than 500,000"
    assert atm.is_met(500_000.01)
    senders = shipped.get("tax_fan_in_senders", on)
    assert (senders.unit, senders.window) == ("senders", "P3M")
    with pytest.raises(ValueError, match="counts senders, not tenge"):
        _ = senders.amount_kzt
    codes = [t.code for t in shipped.effective(on)]
    assert codes == sorted(codes)
    assert set(codes) == shipped.codes


DATED = """
thresholds:
  - code: cash_deal
    description: a threshold the law raised
    amount_kzt: 2_000_000
    form: cash
    effective_to: 2015-12-31
    source: test
  - code: cash_deal
    description: a threshold the law raised
    amount_kzt: 5000000
    form: cash
    effective_from: 2016-01-01
    source: test
  - code: new_rule
    description: a rule from 2026
    amount_kzt: 10
    form: any
    effective_from: 2026-01-01
    effective_to: 2026-12-31
    source: test
"""


def test_effective_dates(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(DATED, encoding="utf-8")
    t = Thresholds.load(path)
    assert t.value("cash_deal", D(2015, 12, 31)) == 2_000_000
    assert t.value("cash_deal", D(2016, 1, 1)) == 5_000_000
    assert t.value("cash_deal", D(1999, 1, 1)) == 2_000_000  # open at the start
    assert [x.code for x in t.effective(D(2025, 6, 1))] == ["cash_deal"]
    assert [x.code for x in t.effective(D(2026, 6, 1))] == ["cash_deal", "new_rule"]
    assert len(t.history("cash_deal")) == 2
    with pytest.raises(ValueError, match="'new_rule' is not in force on 2027-01-01"):
        t.value("new_rule", D(2027, 1, 1))
    with pytest.raises(KeyError, match="unknown threshold 'nope'"):
        t.value("nope", D(2026, 1, 1))


def entry(**fields: object) -> str:
    base: dict[str, object] = {
        "code": "x",
        "description": "d",
        "amount_kzt": 1,
        "form": "cash",
        "source": "s",
    }
    base.update(fields)
    lines = [f"    {k}: {v}" for k, v in base.items() if v is not None]
    return "  - " + "\n".join(lines).lstrip() + "\n"


@pytest.mark.parametrize(
    ("body", "line", "field", "problem"),
    [
        (entry(effective_from="2025-02-30"), 7, "effective_from", "must be a date"),
        (entry(form="wire"), 5, "form", "expected one of cash, non-cash, any"),
        (entry(amount_kzt=None), 2, "amount_kzt", "exactly one"),
        (entry(count=5), 4, "amount_kzt", "exactly one"),
        (entry(amout_kzt=5), 7, "amout_kzt", "unknown field"),
        (entry(window="3 months"), 7, "window", "ISO 8601 duration"),
        (entry(code="Cash-Op"), 2, "code", "lower_snake_case"),
        (entry(effective_from="2025-01-01", effective_to="2024-01-01"), 8, "effective_to",
         "before"),
        (entry(effective_to="2025-12-31") + entry(effective_from="2025-06-01"), 13,
         "effective_from", "from 2025-06-01 of 'x' overlaps the entry on line 2 (until 2025-"),
        ("thresholds: {code: x}\n", 1, "thresholds", "must be a list"),
        ("thresholds:\n  - code: [unclosed\n", 3, None, ""),
    ],
)  # fmt: skip
def test_malformed_thresholds_name_file_line_and_field(
    tmp_path: Path, body: str, line: int, field: str | None, problem: str
) -> None:
    path = tmp_path / "thresholds.yaml"
    text = body if body.startswith("thresholds") else "thresholds:\n" + body
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceDataError) as caught:
        Thresholds.load(path)
    err = caught.value
    assert (err.source, err.line, err.field) == (str(path), line, field), str(err)
    assert problem in str(err)
