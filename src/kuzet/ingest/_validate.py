"""Validate one batch of input rows against a canonical table, column by column.

Every check works on whole columns and yields masks; a row is good when no mask holds it.
The good rows come out in the canonical schema (column order and types of
``kuzet.model.schemas``); each failing (row, field) becomes a ``Failure`` for quarantine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kuzet.ingest._arrow import Mask, mask, nulls
from kuzet.ingest._convert import Converted, Failure, from_text, from_typed
from kuzet.ingest._fx import Fx
from kuzet.model.schemas import Table


def derived_kzt(spec: Table) -> dict[str, str]:
    """KZT columns ingest may compute: ``{"amount_kzt": "amount"}`` for transactions.

    A column ``<base>_kzt`` is derivable when ``<base>`` is an amount column of the same
    table and the table has a ``currency`` and a time column to pick the rate's date.
    """
    if "currency" not in spec or spec.time_column is None:
        return {}
    out = {}
    for col in spec:
        base = col.name.removesuffix("_kzt")
        if base != col.name and base in spec and pa.types.is_decimal(spec.column(base).type):
            out[col.name] = base
    return out


def required_inputs(spec: Table) -> list[str]:
    """Columns an input must have: the required ones that ingest cannot compute."""
    derivable = derived_kzt(spec)
    return [name for name in spec.required if name not in derivable]


@dataclass
class Checked:
    table: pa.Table
    """Every row in the canonical schema; failed values are null."""
    failures: list[Failure]
    bad: Mask
    """Rows with at least one failure."""

    def good(self, keep: Mask | None = None) -> pa.Table:
        """The rows without failures (and, if given, within ``keep``)."""
        ok = ~self.bad if keep is None else ~self.bad & keep
        return self.table if ok.all() else self.table.filter(pa.array(ok))


def _convert(batch: pa.RecordBatch, spec: Table, typed: bool) -> dict[str, Converted]:
    n = batch.num_rows
    out: dict[str, Converted] = {}
    names = set(batch.schema.names)
    for col in spec:
        if col.name in names:
            arr = batch.column(col.name)
            out[col.name] = from_typed(arr, col) if typed else from_text(arr, col)
        else:
            out[col.name] = Converted(nulls(n, col.type), [], np.ones(n, dtype=np.bool_))
    return out


def _fill_kzt(spec: Table, conv: dict[str, Converted], fx: Fx, failed: Mask) -> list[Failure]:
    failures: list[Failure] = []
    for kzt, base in derived_kzt(spec).items():
        assert spec.time_column is not None  # derived_kzt demands one
        k = conv[kzt]
        missing = k.missing if k.missing is not None else np.zeros(len(k.array), np.bool_)
        inputs = (conv[base].array, conv["currency"].array, conv[spec.time_column].array)
        usable = np.logical_and.reduce([mask(a.is_valid()) for a in inputs])
        need = missing & ~failed & usable  # rows missing an input fail as "required" below
        k.missing = np.zeros(len(missing), dtype=np.bool_)  # computed, or failed elsewhere
        if not need.any():
            continue
        filled, bad, why = fx.fill(k.array, *inputs, need)
        k.array = filled
        if bad.any():
            failures.append(Failure(kzt, "fx", np.flatnonzero(bad), why))
            failed |= bad
    return failures


def check_batch(batch: pa.RecordBatch, spec: Table, *, typed: bool, fx: Fx) -> Checked:
    """Convert and check a batch; ``typed`` says whether its columns carry real types."""
    n = batch.num_rows
    conv = _convert(batch, spec, typed)
    failures = [f for c in conv.values() for f in c.failures]
    failed = np.zeros(n, dtype=np.bool_)
    for f in failures:
        failed[f.rows] = True
    failures += _fill_kzt(spec, conv, fx, failed)
    for col in spec:
        c = conv[col.name]
        if col.required and c.missing is not None and c.missing.any():
            rows = np.flatnonzero(c.missing)
            failures.append(Failure(col.name, "required", rows, "a value is required"))
    bad = np.zeros(n, dtype=np.bool_)
    for f in failures:
        bad[f.rows] = True
    table = pa.Table.from_arrays([conv[c.name].array for c in spec], schema=spec.schema)
    return Checked(table, failures, bad)
