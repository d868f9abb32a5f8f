"""The vectorised identifier checks agree with the scalar rules of ``kuzet.model``."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from kuzet.ingest._checks import FAILS, normalize
from kuzet.model.identifiers import BIN, IBAN, IDENTIFIERS, IIN


def agree(kind: str, values: list[str | None]) -> None:
    arr = normalize(pa.array(values, pa.string()))
    fails = FAILS[kind](arr)
    ident = IDENTIFIERS[kind]
    expected = [v is not None and not ident.is_valid(v) for v in arr.to_pylist()]
    assert fails.tolist() == expected, list(zip(arr.to_pylist(), fails, expected, strict=True))


def mutations(value: str) -> list[str]:
    """The value with each character replaced by its neighbours, and a few cuts."""
    out = [value, value[:-1], value + "0", value[1:]]
    for i, ch in enumerate(value):
        for sub in ("0", "9", "A", chr(ord(ch) + 1)):
            out.append(value[:i] + sub + value[i + 1 :])
    return out


def test_known_values_and_their_mutations() -> None:
    iin = IIN.make(dt.date(1979, 10, 28), "M", 272) or ""
    bin_ = BIN.make(dt.date(2004, 7, 1), 4, 0, 1234) or ""
    iban = IBAN.make("125", "KZT5004100100")
    agree("iin", [*mutations(iin), "791028302728", None, "", "12345678901x"])
    agree("bin", [*mutations(bin_), None, "000000000000"])
    agree("iban", [*mutations(iban), "KZ86125KZT5004100100", "DE89370400440532013000", None])
    agree("bic", ["HSBKKZKX", "HSBKKZKXXXX", "HSBKKZK", "HSBK1ZKX", "hsbk kz kx", None])
    agree(
        "hs",
        ["847130", "84713000", "8471300000", "8471.30.000 0", "84713", "8471300", "84A130", None],
    )


# ASCII and Kazakh letters; not other scripts' digits, which Python's scalar ``\d`` accepts
TEXT = st.characters(codec="ascii") | st.sampled_from("ӘҒҚҢӨҰҮҺІәғқңөұүһі")
twelve = st.text(alphabet="0123456789", min_size=12, max_size=12)
iban_like = st.builds(
    lambda cc, body: cc + body,
    st.sampled_from(["KZ", "DE", "GB", "AE", "kz"]),
    st.text(alphabet="0123456789ABCXYZ", min_size=2, max_size=32),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(twelve, min_size=1, max_size=50))
def test_random_twelve_digit_numbers(values: list[str]) -> None:
    agree("iin", list(values))
    agree("bin", list(values))


@settings(max_examples=300, deadline=None)
@given(st.lists(iban_like, min_size=1, max_size=50))
def test_random_iban_like_strings(values: list[str]) -> None:
    agree("iban", list(values))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=TEXT, min_size=0, max_size=14), min_size=1, max_size=30))
def test_arbitrary_text_never_crashes(values: list[str]) -> None:
    for kind in ("iin", "bin", "iban", "bic", "hs"):
        agree(kind, list(values))
