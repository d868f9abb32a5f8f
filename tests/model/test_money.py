"""Money: ``to_money`` rounding, FX as-of lookup and the vectorised tenge equivalent."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kuzet.model.money import MONEY, FxRates, ReferenceDataError, to_money

CENT = Decimal("0.01")
SHIPPED = ("USD", "EUR", "RUB", "CNY", "GBP", "TRY", "AED", "KGS", "UZS", "CHF", "JPY")


def half_up(x: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        return x.quantize(CENT, rounding=ROUND_HALF_UP)


@pytest.fixture(scope="module")
def fx() -> FxRates:
    return FxRates.load()


def write_rates(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text(body, encoding="utf-8")
    return path


SPARSE = """# test rates
date,currency,kzt_per_unit
2025-01-01,USD,500.00
2025-01-10,USD,510.50
2025-01-01,UZS,0.039125
2025-02-01,EUR,540.25
"""

# ── to_money ──────────────────────────────────────────────────────────────────────────


def test_to_money_rounds_half_away_from_zero_as_the_decimal_reads() -> None:
    out = to_money([2.675, -2.675, 1.005, 0.125, 10.0, 0.0, -0.004, float("nan")])
    assert out.type == MONEY
    assert out.to_pylist() == [
        Decimal("2.68"),
        Decimal("-2.68"),
        Decimal("1.01"),
        Decimal("0.13"),
        Decimal("10.00"),
        Decimal("0.00"),
        Decimal("0.00"),
        None,
    ]


@given(st.lists(st.integers(-(10**14), 10**14), max_size=50))
def test_to_money_matches_decimal_half_up(milli: list[int]) -> None:
    """Amounts with up to three decimals (up to 10¹¹ tenge) round like ``Decimal``."""
    floats = [m / 1000 for m in milli]
    expected = [half_up(Decimal(repr(f))) for f in floats]
    assert to_money(np.array(floats)).to_pylist() == expected


def test_to_money_rejects_what_does_not_fit() -> None:
    with pytest.raises(ValueError, match="row 1 is infinite"):
        to_money([1.0, float("inf")])
    with pytest.raises(ValueError, match="row 0 does not fit decimal"):
        to_money([1e17])
    with pytest.raises(ValueError, match="one-dimensional"):
        to_money(np.zeros((2, 2)))


# ── rates ─────────────────────────────────────────────────────────────────────────────


def test_shipped_rates_cover_2024_to_2027(fx: FxRates) -> None:
    assert fx.currencies == frozenset({*SHIPPED, "KZT"})
    for ccy in SHIPPED:
        first, last = fx.span(ccy)
        assert first == dt.date(2024, 1, 1)
        assert dt.date(2027, 12, 24) <= last <= dt.date(2027, 12, 31)
        assert fx.rate(ccy, dt.date(2027, 12, 31)) > 0
    assert Decimal(400) < fx.rate("USD", dt.date(2025, 6, 1)) < Decimal(700)


def test_rate_is_as_of_the_latest_date_on_or_before(tmp_path: Path) -> None:
    fx = FxRates.load(write_rates(tmp_path, SPARSE))
    assert fx.rate("USD", dt.date(2025, 1, 1)) == Decimal("500.00")
    assert fx.rate("USD", dt.date(2025, 1, 9)) == Decimal("500.00")
    assert fx.rate("USD", dt.date(2025, 1, 10)) == Decimal("510.50")
    assert fx.rate("USD", dt.date(2030, 1, 1)) == Decimal("510.50")
    assert fx.rate("USD", dt.datetime(2025, 1, 10, 3, 0)) == Decimal("510.50")
    assert fx.rate("KZT", dt.date(1990, 1, 1)) == 1
    with pytest.raises(ValueError, match="no EUR rate on or before 2025-01-31; rates start on"):
        fx.rate("EUR", dt.date(2025, 1, 31))
    with pytest.raises(KeyError, match="'GBP'"):
        fx.rate("GBP", dt.date(2025, 1, 31))


def test_to_kzt_as_of_and_nulls(tmp_path: Path) -> None:
    fx = FxRates.load(write_rates(tmp_path, SPARSE))
    out = fx.to_kzt(
        pa.array(
            [
                Decimal("100.00"),
                Decimal("100.00"),
                Decimal("1000000.00"),
                None,
                Decimal("5.55"),
                Decimal("-0.01"),
            ],
            MONEY,
        ),
        pa.array(["USD", "USD", "UZS", "USD", "KZT", "USD"]),
        pa.array(
            [
                dt.date(2025, 1, 9),
                dt.date(2025, 1, 10),
                dt.date(2025, 3, 1),
                dt.date(2025, 3, 1),
                dt.date(1999, 1, 1),
                None,
            ],
            pa.date32(),
        ),
    )
    assert out.type == MONEY
    assert out.to_pylist() == [
        Decimal("50000.00"),
        Decimal("51050.00"),
        Decimal("39125.00"),
        None,
        Decimal("5.55"),
        None,
    ]


def test_to_kzt_counts_timestamps_on_their_almaty_date(tmp_path: Path) -> None:
    fx = FxRates.load(write_rates(tmp_path, SPARSE))
    evening, noon = (dt.datetime(2025, 1, 9, h, 0, tzinfo=dt.UTC) for h in (20, 12))
    ts = pa.array([evening, noon], pa.timestamp("us", tz="UTC"))
    out = fx.to_kzt(pa.array([1.0, 1.0]), pa.array(["USD", "USD"]), ts)
    # 20:00 UTC is already 10 January in Almaty (UTC+5 or +6); noon UTC is still the 9th
    assert out.to_pylist() == [Decimal("510.50"), Decimal("500.00")]
    utc = fx.to_kzt(pa.array([1.0, 1.0]), pa.array(["USD", "USD"]), ts, tz="UTC")
    assert utc.to_pylist() == [Decimal("500.00"), Decimal("500.00")]


def test_to_kzt_takes_chunked_dictionary_and_float_inputs(fx: FxRates) -> None:
    day = dt.date(2025, 5, 5)
    out = fx.to_kzt(
        pa.chunked_array([[12.345], [0.5, 2.0]]),
        pa.chunked_array([pa.array(["USD", "KZT", "JPY"]).dictionary_encode()]),
        pa.chunked_array([[day], [day, day]], pa.date32()),
    )
    assert out.to_pylist() == [
        half_up(Decimal("12.35") * fx.rate("USD", day)),
        Decimal("0.50"),
        half_up(2 * fx.rate("JPY", day)),
    ]


def test_to_kzt_errors_name_the_problem(fx: FxRates) -> None:
    day = pa.array([dt.date(2025, 1, 1)] * 2, pa.date32())
    with pytest.raises(KeyError, match=r"\['XYZ'\]"):
        fx.to_kzt(pa.array([1.0, 1.0]), pa.array(["USD", "XYZ"]), day)
    early = pa.array([dt.date(2025, 1, 1), dt.date(2023, 12, 31)], pa.date32())
    with pytest.raises(ValueError, match="row 1: no EUR rate on or before 2023-12-31"):
        fx.to_kzt(pa.array([1.0, 1.0]), pa.array(["USD", "EUR"]), early)
    with pytest.raises(ValueError, match="differ in length"):
        fx.to_kzt(pa.array([1.0]), pa.array(["USD", "EUR"]), day)
    with pytest.raises(ValueError, match="does not fit decimal"):
        fx.to_kzt(pa.array([Decimal("9" * 16)], MONEY), pa.array(["GBP"]), day[:1])
    two = FxRates({"TWO": [(dt.date(2025, 1, 1), Decimal(2))]}, "test")
    edge = pa.array([Decimal("4999999999999999.99"), Decimal("5000000000000000.00")], MONEY)
    assert two.to_kzt(edge[:1], pa.array(["TWO"]), day[:1]).to_pylist() == [
        Decimal("9999999999999999.98")
    ]
    with pytest.raises(ValueError, match="tenge equivalent at row 1 does not fit"):
        two.to_kzt(edge, pa.array(["TWO", "TWO"]), day)
    fine = pa.array(
        [Decimal("1.0050"), Decimal("-1.0050"), Decimal("2.0049")], pa.decimal128(20, 4)
    )
    kzt = pa.array(["KZT"] * 3)
    three = pa.array([dt.date(2025, 1, 1)] * 3, pa.date32())
    assert fx.to_kzt(fine, kzt, three).to_pylist() == [
        Decimal("1.01"),
        Decimal("-1.01"),
        Decimal("2.00"),
    ]
    whole = fx.to_kzt(pa.array([3, None], pa.int64()), pa.array(["KZT", "KZT"]), day)
    assert whole.to_pylist() == [Decimal("3.00"), None]
    with pytest.raises(ValueError, match="amount at row 0 does not fit"):
        fx.to_kzt(pa.array([10**17], pa.int64()), pa.array(["KZT"]), day[:1])
    with pytest.raises(TypeError, match="dates must be"):
        fx.to_kzt(pa.array([1.0]), pa.array(["USD"]), pa.array(["2025-01-01"]))


CURRENCY = st.sampled_from((*SHIPPED, "KZT"))
DAY = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))
BIG_CENTS = st.integers(-(10**13), 10**13)  # up to 10¹¹ tenge: the split, 128-bit-safe path
SMALL_CENTS = st.integers(-(10**9), 10**9)  # up to 10⁷ tenge: the one-multiplication path


@pytest.mark.parametrize("cents", [SMALL_CENTS, BIG_CENTS], ids=["small", "big"])
@given(data=st.data())
def test_vectorised_to_kzt_equals_scalar_rate_times_amount(
    cents: st.SearchStrategy[int], data: st.DataObject
) -> None:
    rows = data.draw(st.lists(st.tuples(cents, CURRENCY, DAY), min_size=1, max_size=60))
    fx = FXR
    amounts = [Decimal(c).scaleb(-2) for c, _, _ in rows]
    out = fx.to_kzt(
        pa.array(amounts, MONEY),
        pa.array([ccy for _, ccy, _ in rows]),
        pa.array([d for _, _, d in rows], pa.date32()),
    )
    expected = [half_up(a * fx.rate(ccy, d)) for a, (_, ccy, d) in zip(amounts, rows, strict=True)]
    assert out.to_pylist() == expected


@given(st.lists(st.tuples(BIG_CENTS, st.integers(1, 10**11)), max_size=40))
def test_to_kzt_rounds_exactly_with_any_rate(rows: list[tuple[int, int]]) -> None:
    """Any rate with six decimals, amounts of either sign: exact half-up, as ``Decimal`` does."""
    day = dt.date(2025, 2, 1)
    rates = [Decimal(micro).scaleb(-6) for _, micro in rows]
    fx = FxRates({f"C{i:02d}": [(day, r)] for i, r in enumerate(rates)}, "test")
    amounts = [Decimal(c).scaleb(-2) for c, _ in rows]
    expected = [half_up(a * r) for a, r in zip(amounts, rates, strict=True)]
    if any(abs(e) >= Decimal(10) ** 16 for e in expected):
        with pytest.raises(ValueError, match="does not fit decimal"):
            fx.to_kzt(pa.array(amounts, MONEY), pa.array([f"C{i:02d}" for i in range(len(rows))]),
                      pa.array([day] * len(rows), pa.date32()))  # fmt: skip
        return
    out = fx.to_kzt(
        pa.array(amounts, MONEY),
        pa.array([f"C{i:02d}" for i in range(len(rows))], pa.string()),
        pa.array([day] * len(rows), pa.date32()),
    )
    assert out.to_pylist() == expected


FXR = FxRates.load()


# ── malformed files ───────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("body", "line", "field", "problem"),
    [
        ("date,currency,kzt_per_unit\n2025-01-01,USD,500\n2025-02-30,USD,501\n", 3, "date",
         "must be a date"),
        ("# c\ndate,currency,kzt_per_unit\n2025-01-01,usd,500\n", 3, "currency", "ISO 4217"),
        ("date,currency,kzt_per_unit\n2025-01-01,USD,5OO\n", 2, "kzt_per_unit", "decimal"),
        ("date,currency,kzt_per_unit\n2025-01-01,USD,-1\n", 2, "kzt_per_unit", "positive"),
        ("date,currency,kzt_per_unit\n2025-01-01,UZS,0.0391234\n", 2, "kzt_per_unit",
         "more than 6 decimal places"),
        ("date,currency,kzt_per_unit\n2025-01-01,KZT,1\n", 2, "currency", "base currency"),
        ("date,currency,rate\n2025-01-01,USD,500\n", 1, "kzt_per_unit", "header lacks it"),
        ("date,currency,kzt_per_unit\n2025-01-01,USD\n", 2, None, "2 fields, the header has 3"),
        ("date,currency,kzt_per_unit\n2025-01-01,USD,1\n\n2025-01-01,USD,2\n", 4, "date",
         "first on line 2"),
    ],
)  # fmt: skip
def test_malformed_rates_file_names_file_line_and_field(
    tmp_path: Path, body: str, line: int, field: str | None, problem: str
) -> None:
    path = write_rates(tmp_path, body)
    with pytest.raises(ReferenceDataError) as caught:
        FxRates.load(path)
    err = caught.value
    assert (err.source, err.line, err.field) == (str(path), line, field)
    assert problem in str(err)
    assert str(err).startswith(f"{path}, line {line}")


def test_rates_file_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("date,currency,kzt_per_unit\n2025-01-01,USD,500\n".encode("utf-8-sig"))
    assert FxRates.load(path).rate("USD", dt.date(2025, 1, 2)) == 500


def test_empty_rates_file(tmp_path: Path) -> None:
    with pytest.raises(ReferenceDataError, match="no rates"):
        FxRates.load(write_rates(tmp_path, "# nothing\ndate,currency,kzt_per_unit\n"))
