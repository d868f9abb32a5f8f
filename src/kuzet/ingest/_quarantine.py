"""Collecting failed rows of one input file into ``quarantine`` rows.

Failures arrive batch by batch with row numbers inside the file; their lines are filled in at
the end, once for all of them, because finding CSV lines costs a pass over the file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from kuzet.ingest._arrow import Arr
from kuzet.ingest._convert import Failure
from kuzet.model.schemas import TABLES

SCHEMA = TABLES["quarantine"].schema
_MAX_VALUE = 1000  # characters of an offending value kept (a whole bad record can be long)

Lines = Callable[[npt.NDArray[np.int64]], npt.NDArray[np.int64]]


def _text(values: Arr) -> Arr:
    try:
        out = values.cast(pa.string())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        out = pa.array([None if v is None else str(v) for v in values.to_pylist()], pa.string())
    return out


@dataclass
class QuarantineLog:
    """The failed values of one file for one table, in quarantine's columns."""

    table: str
    file: Path
    sha256: str
    rows: list[npt.NDArray[np.int64]] = field(default_factory=list)
    known_lines: list[npt.NDArray[np.int64]] = field(default_factory=list)
    fields: list[str | None] = field(default_factory=list)
    values: list[Arr] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    details: list[list[str]] = field(default_factory=list)

    def add(
        self,
        failure: Failure,
        offset: int,
        values: Arr | None,
        lines: npt.NDArray[np.int64] | None = None,
    ) -> None:
        """Record a failure of a batch whose first row is row ``offset`` of the file.

        ``values`` are the input values of the failing rows (None: the column was absent);
        ``lines`` are their lines when the reader knows them (XML), else 0 to fill later.
        """
        n = len(failure.rows)
        self.rows.append(failure.rows.astype(np.int64) + offset)
        self.known_lines.append(lines if lines is not None else np.zeros(n, dtype=np.int64))
        self.fields.append(failure.field)
        self.values.append(pa.nulls(n, pa.string()) if values is None else _text(values))
        self.reasons.append(failure.reason)
        detail = failure.detail
        self.details.append([detail] * n if isinstance(detail, str) else list(detail))

    def add_records(self, reason: str, lines: npt.NDArray[np.int64], texts: list[str]) -> None:
        """Whole records that could not be split into fields (CSV ``row_shape``)."""
        n = len(texts)
        self.rows.append(np.full(n, -1, dtype=np.int64))
        self.known_lines.append(lines.astype(np.int64))
        self.fields.append(None)
        self.values.append(pa.array([t[:_MAX_VALUE] for t in texts], pa.string()))
        self.reasons.append(reason)
        self.details.append(["the record has the wrong number of fields"] * n)

    @property
    def count(self) -> int:
        return sum(len(r) for r in self.rows)

    def tally(self) -> Counter[str]:
        out: Counter[str] = Counter()
        for reason, rows in zip(self.reasons, self.rows, strict=True):
            out[reason] += len(rows)
        return out

    def build(self, lines: Lines, when: dt.datetime) -> pa.Table:
        """The quarantine rows, with missing lines looked up through ``lines``."""
        if not self.rows:
            return SCHEMA.empty_table()
        rows = np.concatenate(self.rows)
        line = np.concatenate(self.known_lines)
        todo = (line == 0) & (rows >= 0)
        if todo.any():
            line[todo] = lines(rows[todo])
        n = len(rows)
        fields = [f for f, r in zip(self.fields, self.rows, strict=True) for _ in range(len(r))]
        reasons = [x for x, r in zip(self.reasons, self.rows, strict=True) for _ in range(len(r))]
        values = pa.concat_arrays(self.values)
        arrays: list[Arr] = [
            pa.array([self.table] * n, pa.string()),
            pa.array([str(self.file)] * n, pa.string()),
            pa.array([self.sha256] * n, pa.string()),
            pa.array(np.where(line > 0, line, 0), pa.int64(), mask=line <= 0),
            pa.array(fields, pa.string()),
            pc.utf8_slice_codeunits(values, 0, _MAX_VALUE),
            pa.array(reasons, pa.string()),
            pa.array([d for ds in self.details for d in ds], pa.string()),
            pa.array([when] * n, pa.timestamp("us", tz="UTC")),
        ]
        table = pa.Table.from_arrays(arrays, schema=SCHEMA)
        return table.sort_by([("line", "ascending"), ("field", "ascending")])
