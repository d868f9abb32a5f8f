"""Reading Parquet: typed batches of the canonical columns, row numbers as lines.

Columns keep their Parquet types and are cast to the canonical ones by the validator; a
column whose type can never become the canonical one (a list where text is expected, say)
fails the file before any row is read. Unknown columns are ignored with a warning, as in CSV.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.ingest._convert import ACCEPTS, kind
from kuzet.ingest._errors import IngestError
from kuzet.model.schemas import Table

BATCH_ROWS = 1 << 17


def open_parquet(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise IngestError(path, f"not a readable Parquet file: {exc}") from None


def check_types(path: Path, schema: pa.Schema, spec: Table, keep: list[str]) -> None:
    """Refuse, before reading, a column whose type cannot become its canonical type."""
    for name in keep:
        source = kind(schema.field(name).type)
        target = kind(spec.column(name).type)
        if source not in (*ACCEPTS[target], "string", "string_view", "null"):
            raise IngestError(
                path,
                f"column {name} has type {schema.field(name).type}, "
                f"which cannot become {spec.column(name).type}",
            )


class ParquetSource:
    """Batches of the canonical columns of one Parquet file."""

    typed = True

    def __init__(self, path: Path, file: pq.ParquetFile, keep: list[str]) -> None:
        self.path = path
        self.file = file
        self.keep = keep
        self.shape_errors: list[tuple[int, str]] = []
        self.rows_read = 0
        self._size = path.stat().st_size
        self._total = max(file.metadata.num_rows, 1)

    def batches(self) -> Iterator[pa.RecordBatch]:
        # whole row groups, one thread: less work than pyarrow's batch iterator, and the
        # other core is busy writing
        try:
            for i in range(self.file.num_row_groups):
                group = self.file.read_row_group(i, columns=self.keep, use_threads=False)
                for batch in group.to_batches(max_chunksize=BATCH_ROWS):
                    self.rows_read += batch.num_rows
                    yield batch
        except (pa.ArrowException, OSError) as exc:
            raise IngestError(self.path, f"corrupt Parquet data: {exc}") from None

    def position(self) -> int:
        return self._size * self.rows_read // self._total

    def lines(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """1-based row numbers: the closest thing a Parquet file has to a line."""
        return rows + 1

    def shape_lines(self) -> npt.NDArray[np.int64]:
        return np.zeros(0, dtype=np.int64)
