"""Small typed helpers around pyarrow shared by the ingest modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    Arr: TypeAlias = pa.Array[Any]
else:  # pyarrow's classes are not generic at run time; only the stubs' are
    Arr = pa.Array
Mask = npt.NDArray[np.bool_]
Rows = npt.NDArray[np.int64]

_pa: Any = pa  # the stubs overload ``nulls`` per concrete type; ingest picks types at run time


def nulls(n: int, type_: pa.DataType) -> Arr:
    """``n`` nulls of ``type_``."""
    out: Arr = _pa.nulls(n, type_)
    return out


def mask(values: Any) -> Mask:
    """A boolean Arrow array (or chunked array) as numpy, nulls as ``False``."""
    filled = pc.fill_null(values, False)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.bool_)


def ints(values: Any) -> Rows:
    """An integer Arrow array as numpy ``int64``, nulls as 0."""
    filled = pc.fill_null(values, 0)
    return np.asarray(filled.to_numpy(zero_copy_only=False), dtype=np.int64)
