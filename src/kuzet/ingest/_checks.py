"""Identifier checks over whole Arrow columns at once (IIN, BIN, IBAN, BIC, HS code).

The scalar rules live in ``kuzet.model.identifiers``; these are the same rules written over
numpy digit matrices, because checking millions of values one Python call at a time would
cost more than reading the file. ``tests/ingest/test_checks.py`` holds both to the same
verdict on random and tricky inputs. Each check takes normalised strings and returns a mask
that is ``True`` where a non-null value fails; the scalar ``validate`` then words the reason
for the few that do.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.ingest._arrow import Arr, Mask, mask
from kuzet.model.identifiers import W1, W2, HSCode

_CHUNK = 1 << 18  # rows per matrix: bounds the index matrix at a few tens of MB
_SEPARATORS = r"[\s\-._/]"


def normalize(arr: Arr) -> Arr:
    """What ``Identifier.normalize`` does, for a whole column: drop separators, upper-case."""
    out: Arr = pc.utf8_upper(pc.replace_substring_regex(arr, _SEPARATORS, ""))
    return out


def _offsets_data(arr: Arr) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint8]]:
    """The offsets and the character bytes of a string array, without copying the bytes."""
    large = pa.types.is_large_string(arr.type)
    width = 8 if large else 4
    bufs = arr.buffers()
    assert bufs[1] is not None  # a string array always has offsets
    offsets = np.frombuffer(
        memoryview(bufs[1]),
        dtype=np.int64 if large else np.int32,
        count=len(arr) + 1,
        offset=arr.offset * width,
    ).astype(np.int64)
    data = (
        np.frombuffer(memoryview(bufs[2]), dtype=np.uint8)
        if bufs[2] is not None
        else np.zeros(1, np.uint8)
    )
    return offsets, data


def char_matrix(arr: Arr, width: int) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
    """Bytes of each value as a ``len(arr) × width`` matrix (zero-padded) and their lengths."""
    offsets, data = _offsets_data(arr)
    starts = offsets[:-1]
    lengths = offsets[1:] - starts
    cols = np.arange(width, dtype=np.int64)
    idx = np.minimum(starts[:, None] + cols[None, :], len(data) - 1)
    mat = data[idx]
    mat[cols[None, :] >= lengths[:, None]] = 0
    return mat, lengths


def _candidates(arr: Arr, pattern: str) -> tuple[Mask, Mask]:
    """(non-null mask, mask of non-null values that match ``pattern``)."""
    return mask(arr.is_valid()), mask(pc.match_substring_regex(arr, pattern))


def _by_chunks(
    arr: Arr, rows: npt.NDArray[np.int64], fn: Callable[[Arr], Mask]
) -> npt.NDArray[np.bool_]:
    """Apply a matrix check to the selected rows in bounded chunks; ``True`` = passes."""
    ok = np.zeros(len(rows), dtype=np.bool_)
    every = len(rows) == len(arr)  # the usual case: slices share the buffers, no copy
    for lo in range(0, len(rows), _CHUNK):
        part = arr.slice(lo, _CHUNK) if every else arr.take(rows[lo : lo + _CHUNK])
        ok[lo : lo + _CHUNK] = fn(part)
    return ok


def _kz12_check_digit_ok(d: npt.NDArray[np.int64]) -> Mask:
    r1 = (d[:, :11] * np.array(W1)).sum(axis=1) % 11
    r2 = (d[:, :11] * np.array(W2)).sum(axis=1) % 11
    expected = np.where(r1 < 10, r1, np.where(r2 < 10, r2, -1))
    return np.asarray(expected == d[:, 11], dtype=np.bool_)


def _is_calendar_date(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> Mask:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    mdays = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    ok_month = (month >= 1) & (month <= 12)
    last = mdays[np.clip(month, 0, 12)] + ((month == 2) & leap)
    return np.asarray(ok_month & (day >= 1) & (day <= last), dtype=np.bool_)


def _iin_ok(part: Arr) -> Mask:
    mat, _ = char_matrix(part, 12)
    d = mat.astype(np.int64) - 48
    ok = _kz12_check_digit_ok(d)
    d7 = d[:, 6]
    ok &= (d7 >= 1) & (d7 <= 6)
    century = np.array([0, 1800, 1800, 1900, 1900, 2000, 2000, 0, 0, 0])[np.clip(d7, 0, 9)]
    year = century + d[:, 0] * 10 + d[:, 1]
    ok &= _is_calendar_date(year, d[:, 2] * 10 + d[:, 3], d[:, 4] * 10 + d[:, 5])
    return ok


def _bin_ok(part: Arr) -> Mask:
    mat, _ = char_matrix(part, 12)
    d = mat.astype(np.int64) - 48
    ok = _kz12_check_digit_ok(d)
    month = d[:, 2] * 10 + d[:, 3]
    ok &= (month >= 1) & (month <= 12)
    ok &= (d[:, 4] >= 4) & (d[:, 4] <= 6)
    return ok


def _iban_mod97_ok(part: Arr) -> Mask:
    """ISO 7064 mod-97 = 1 after moving the first four characters to the end."""
    mat, lengths = char_matrix(part, 34)
    n = len(part)
    rows = np.arange(n)
    r = np.zeros(n, dtype=np.int64)
    for j in range(34):
        active = j < lengths
        ch = mat[rows, (j + 4) % np.maximum(lengths, 1)].astype(np.int64)
        digit = ch <= 57
        stepped = np.where(digit, (r * 10 + ch - 48) % 97, (r * 100 + ch - 55) % 97)
        r = np.where(active, stepped, r)
    return np.asarray(r == 1, dtype=np.bool_)


_TWELVE = r"^\d{12}$"
_IBAN_KZ = r"^KZ\d{5}[0-9A-Z]{13}$"
_IBAN_ANY = r"^[A-Z]{2}\d{2}[0-9A-Z]{11,30}$"
_BIC = r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$"


def _twelve_digit_fails(arr: Arr, fn: Callable[[Arr], Mask]) -> Mask:
    present, shaped = _candidates(arr, _TWELVE)
    fails = present & ~shaped
    rows = np.flatnonzero(shaped)
    fails[rows] = ~_by_chunks(arr, rows, fn)
    return fails


def iin_fails(arr: Arr) -> Mask:
    return _twelve_digit_fails(arr, _iin_ok)


def bin_fails(arr: Arr) -> Mask:
    return _twelve_digit_fails(arr, _bin_ok)


def iban_fails(arr: Arr) -> Mask:
    present, generic = _candidates(arr, _IBAN_ANY)
    _, kz_shape = _candidates(arr, _IBAN_KZ)
    is_kz = mask(pc.starts_with(arr, "KZ"))
    shaped = np.where(is_kz, kz_shape, generic)
    fails = present & ~shaped
    rows = np.flatnonzero(shaped)
    fails[rows] = ~_by_chunks(arr, rows, _iban_mod97_ok)
    return fails


def bic_fails(arr: Arr) -> Mask:
    present, shaped = _candidates(arr, _BIC)
    return np.asarray(present & ~shaped, dtype=np.bool_)


def hs_fails(arr: Arr) -> Mask:
    present, shaped = _candidates(arr, HSCode.PATTERN)
    return np.asarray(present & ~shaped, dtype=np.bool_)


FAILS: dict[str, Callable[[Arr], Mask]] = {
    "iin": iin_fails,
    "bin": bin_fails,
    "iban": iban_fails,
    "bic": bic_fails,
    "hs": hs_fails,
}
"""Vectorised check by ``Column.identifier`` name."""
