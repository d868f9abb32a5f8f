"""Vectorised building blocks: identifiers with check digits, dates, strings, Arrow columns.

A synthetic world needs millions of IINs, IBANs and phone numbers; computing them one by one
with ``kuzet.model.identifiers`` would dominate the run. These functions compute the same
check digits with numpy over whole arrays (tests compare them with the scalar validators).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.identifiers import iban_mod97
from kuzet.synth.reference import IBAN_COUNTRIES

Arr: TypeAlias = "pa.Array[Any]"
ChunkedArr: TypeAlias = "pa.ChunkedArray[Any]"
DictArr: TypeAlias = "pa.DictionaryArray[Any, Any]"
I64 = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

EPOCH = dt.date(1970, 1, 1)
_W1 = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], dtype=np.int64)
_W2 = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2], dtype=np.int64)


# ── dates ───────────────────────────────────────────────────────────────────────────────


def day_number(d: dt.date) -> int:
    """Days since 1970-01-01 (Arrow's ``date32``)."""
    return (d - EPOCH).days


def to_date(days: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(days))


def ymd(days: npt.NDArray[np.integer]) -> tuple[I64, I64, I64]:
    """Year, month and day of ``date32`` day numbers."""
    d = np.asarray(days, dtype="datetime64[D]")
    y = d.astype("datetime64[Y]").astype(np.int64) + 1970
    m = d.astype("datetime64[M]").astype(np.int64) % 12 + 1
    dd = (d - d.astype("datetime64[M]")).astype(np.int64) + 1
    return y, m, dd


def date_array(days: npt.NDArray[np.integer], valid: B | None = None) -> Arr:
    arr = pa.array(np.asarray(days, dtype=np.int32), mask=None if valid is None else ~valid)
    return arr.cast(pa.date32())


def ts_array(us: I64, valid: B | None = None) -> Arr:
    arr = pa.array(us, type=pa.int64(), mask=None if valid is None else ~valid)
    return arr.cast(pa.timestamp("us", tz="UTC"))


def id_array(ids: I64, null_below: int = 0) -> Arr:
    """int64 ids; values below ``null_below`` (the -1 sentinel) become null."""
    ids = np.asarray(ids, dtype=np.int64)
    invalid = ids < null_below
    return pa.array(ids, type=pa.int64(), mask=invalid if invalid.any() else None)


# ── strings ─────────────────────────────────────────────────────────────────────────────


def lpad(values: npt.NDArray[np.integer], width: int) -> Arr:
    """Zero-padded decimal strings of non-negative integers."""
    s = pa.array(np.asarray(values, dtype=np.int64)).cast(pa.string())
    return pc.utf8_lpad(s, width=width, padding="0")


_pc: Any = pc
"""``pyarrow.compute`` untyped: the stubs' overloads reject arrays built from numpy."""


def filled(column: Arr | ChunkedArr, fill: float) -> npt.NDArray[np.float64]:
    """A numeric column as float64 numpy with nulls replaced by ``fill``."""
    values = _pc.fill_null(_pc.cast(column, pa.float64()), fill)
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)


def ix(index: npt.ArrayLike) -> Arr:
    """An int64 index array for ``take`` (the stubs type ``pa.array(ndarray)`` wrongly)."""
    arr: Arr = pa.array(np.asarray(index, dtype=np.int64), type=pa.int64())
    return arr


def join(*parts: Arr | ChunkedArr | str, sep: str = "", skip_nulls: bool = False) -> Arr:
    """Element-wise join of string arrays and literal strings with ``sep``."""
    arrays = [p for p in parts if not isinstance(p, str)]
    if not arrays:
        raise ValueError("join needs at least one array")
    n = len(arrays[0])
    cols = [pa.array([p] * n, pa.string()) if isinstance(p, str) else p for p in parts]
    handling = "skip" if skip_nulls else "emit_null"
    out: Arr = _pc.binary_join_element_wise(*cols, sep, null_handling=handling)
    return out


def concat(*parts: Arr | ChunkedArr | str) -> Arr:
    """Element-wise concatenation of string arrays and literal strings."""
    return join(*parts)


def take(values: Sequence[str] | Arr, index: npt.NDArray[np.integer]) -> Arr:
    """``values[index]`` as a string array (index -1 gives null)."""
    arr = values if isinstance(values, pa.Array) else pa.array(list(values), pa.string())
    idx = np.asarray(index, dtype=np.int64)
    taken: Arr = _pc.take(arr, pa.array(idx, type=pa.int64(), mask=idx < 0))
    return taken


def dictionary(values: Sequence[str], index: npt.NDArray[np.integer]) -> DictArr:
    """A dictionary-encoded string column (index -1 gives null)."""
    idx = np.asarray(index, dtype=np.int32)
    indices: Arr = pa.array(idx, type=pa.int32(), mask=idx < 0)
    return pa.DictionaryArray.from_arrays(indices, pa.array(list(values), pa.string()))


# ── IIN / BIN ───────────────────────────────────────────────────────────────────────────


def _check_digit(digits: I64) -> I64:
    """Check digits of rows of 11 digits; -1 where the prefix admits none."""
    r1 = (digits @ _W1) % 11
    r2 = (digits @ _W2) % 11
    return np.where(r1 < 10, r1, np.where(r2 < 10, r2, -1))


def _digits(value: I64, width: int) -> I64:
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (value[:, None] // powers[None, :]) % 10


def _rank_in_group(key: I64) -> I64:
    """0, 1, 2… within each group of equal keys (order of appearance)."""
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    start = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(len(key)), 0))
    rank = np.empty(len(key), dtype=np.int64)
    rank[order] = np.arange(len(key)) - first
    return rank


def _with_check(prefix10: I64, serial_base: I64, serial_width: int) -> I64:
    """12-digit numbers ``prefix10 · serial · check``: tries serials base, base+1, base+2."""
    out = np.full(len(prefix10), -1, dtype=np.int64)
    for j in range(3):
        todo = out < 0
        if not todo.any():
            break
        serial = serial_base[todo] + j
        body = prefix10[todo] * 10**serial_width + serial
        check = _check_digit(_digits(body, 11))
        ok = check >= 0
        idx = np.flatnonzero(todo)[ok]
        out[idx] = body[ok] * 10 + check[ok]
    return out


def iins(birth_days: npt.NDArray[np.integer], female: B, serial_offset: int = 0) -> I64:
    """Unique valid IINs as integers (format with ``%012d``) for birth dates and sexes.

    Serials are ``3·rank + j`` within each (birth date, sex) group, ``j`` the first that
    admits a check digit; ``serial_offset`` keeps other batches (planted persons) apart.
    """
    y, m, d = ymd(birth_days)
    century = np.where(y >= 2000, 5, np.where(y >= 1900, 3, 1))
    digit7 = century + female.astype(np.int64)
    prefix = ((y % 100) * 10000 + m * 100 + d) * 10 + digit7  # 7 digits
    rank = _rank_in_group(prefix)
    out = _with_check(prefix, serial_offset + 3 * rank, 4)
    bad = np.flatnonzero(out < 0)
    for i in bad:  # all three serials unissuable: about one person in a million
        serial = serial_offset + 3 * int(rank[i])
        while out[i] < 0:
            serial += 3 * 1667
            out[i] = _with_check(prefix[i : i + 1], np.array([serial]), 4)[0]
    return out


def bins(
    reg_days: npt.NDArray[np.integer], entity_type: I64, division: I64, serial_offset: int = 0
) -> I64:
    """Unique valid BINs (YYMM, type 4/5/6, division, serial, check) as integers."""
    y, m, _ = ymd(reg_days)
    prefix = (((y % 100) * 100 + m) * 10 + entity_type) * 10 + division  # 6 digits
    rank = _rank_in_group(prefix)
    out = _with_check(prefix, serial_offset + 3 * rank, 5)
    for i in np.flatnonzero(out < 0):
        serial = serial_offset + 3 * int(rank[i])
        while out[i] < 0:
            serial += 3 * 10007
            out[i] = _with_check(prefix[i : i + 1], np.array([serial % 100000]), 5)[0]
    return out


def id12_strings(values: I64) -> Arr:
    return lpad(values, 12)


# ── IBAN ────────────────────────────────────────────────────────────────────────────────

IBAN_PRODUCT_LETTER: dict[str, str] = {
    "current": "A",
    "card": "C",
    "credit_card": "R",
    "deposit": "D",
    "savings": "S",
    "loan": "L",
    "escrow": "E",
}


def ibans(bank_code: I64, branch: I64, letter: npt.NDArray[np.str_], serial: I64) -> Arr:
    """KZ IBANs ``KZcc`` + bank code (3) + branch (3) + product letter + serial (9).

    The ISO 13616 check digits are computed with modular arithmetic on int64, piece by piece
    of the rearranged number (bank code, branch, letter value, serial, ``KZ00`` = 203500).
    """
    letter_val = np.array([ord(c) - 55 for c in letter], dtype=np.int64)  # A=10 … Z=35
    r = bank_code % 97
    r = (r * 1000 + branch) % 97
    r = (r * 100 + letter_val) % 97
    r = (r * (10**9 % 97) + serial % 97) % 97
    r = (r * (10**6 % 97) + 203500 % 97) % 97
    check = 98 - r
    return concat(
        "KZ",
        lpad(check, 2),
        lpad(bank_code, 3),
        lpad(branch, 3),
        pa.array(letter.tolist(), pa.string()),
        lpad(serial, 9),
    )


def foreign_accounts(rng: np.random.Generator, countries: Sequence[str]) -> list[str]:
    """Account identifiers abroad: IBANs with valid check digits where the country uses them."""
    out = []
    for cc in countries:
        if cc in IBAN_COUNTRIES and cc != "KZ":
            body = "".join(str(d) for d in rng.integers(0, 10, 18))
            check = 98 - iban_mod97(f"{cc}00{body}")
            out.append(f"{cc}{check:02d}{body}")
        else:
            out.append("".join(str(d) for d in rng.integers(0, 10, 16 if cc != "CN" else 19)))
    return out


# ── phones ──────────────────────────────────────────────────────────────────────────────

MOBILE_PREFIXES = (
    "700",
    "701",
    "702",
    "705",
    "707",
    "708",
    "747",
    "771",
    "775",
    "776",
    "777",
    "778",
)
AREA_CODES = ("717", "727", "725", "721", "722", "723", "711", "712", "713", "714", "715", "716")


def phones(rng: np.random.Generator, index: I64, *, mobile: bool = True) -> Arr:
    """Distinct ``+7…`` numbers: the 7-digit subscriber part is a bijection of ``index``."""
    prefixes = MOBILE_PREFIXES if mobile else AREA_CODES
    pref = rng.integers(0, len(prefixes), len(index))
    number = (np.asarray(index, dtype=np.int64) * 7_919_243 + 1_234_567) % 10_000_000
    return concat("+7", take(prefixes, pref), lpad(number, 7))


def phone(prefix_pick: int, index: int, *, mobile: bool = True) -> str:
    """The scalar twin of ``phones`` for one number."""
    prefixes = MOBILE_PREFIXES if mobile else AREA_CODES
    number = (index * 7_919_243 + 1_234_567) % 10_000_000
    return f"+7{prefixes[prefix_pick % len(prefixes)]}{number:07d}"


def hex_id(prefix: str, index: int, salt: int) -> str:
    """The scalar twin of ``banking.hex_ids``: the same bijective mix of ``index``."""
    mask = 0xFFFFFFFFFFFF
    x = (index + salt) & mask
    for mult in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9):
        x = (x * mult) & mask
        x ^= x >> 23
    return f"{prefix}{x:012x}"


# ── money ───────────────────────────────────────────────────────────────────────────────


def round_to(values: F64, step: float) -> F64:
    """Round amounts to a multiple of ``step`` (people transfer round sums), at least one step."""
    return np.maximum(np.round(values / step), 1.0) * step
