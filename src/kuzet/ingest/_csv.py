"""Reading CSV: the header, batches of text columns, and physical line numbers.

Every column is read as text (the validator decides what a value means), an empty field is
a missing value, and only the canonical columns are parsed at all. A column the table does
not know is ignored with a warning: exports from bank systems carry extra columns, and the
warning names them so that a misspelt optional column does not pass unnoticed. A record with
the wrong number of fields is quarantined (``row_shape``) instead of failing the file.

Line numbers: pyarrow counts records, not lines (a quoted field may span lines, empty lines
are skipped). When some row needs its line, one pass over the bytes finds where each record
starts: a newline outside quotes (an even number of ``"`` before it) ends a record.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.csv as pcsv

from kuzet.ingest._errors import IngestError

BLOCK_SIZE = 16 << 20
_HEAD_BYTES = 1 << 20
_SCAN_BYTES = 64 << 20


def read_header(path: Path, delimiter: str) -> list[str]:
    """The column names of the first record, stripped; a clear error if it is no CSV."""
    with path.open("rb") as f:
        head = f.read(_HEAD_BYTES)
    if not head.strip():
        raise IngestError(path, "the file is empty", line=1)
    if b"\x00" in head:
        raise IngestError(path, "binary data, not a CSV text file", line=1)
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        cut_short = len(head) == _HEAD_BYTES and exc.start >= len(head) - 4
        if not cut_short:  # not just a character cut at the end of the sample
            line = head[: exc.start].count(b"\n") + 1
            raise IngestError(path, "not UTF-8 text, so not a CSV file", line=line) from None
        text = head[: exc.start].decode("utf-8-sig")
    row = next(csv.reader(io.StringIO(text.lstrip("\r\n")), delimiter=delimiter), [])
    names = [n.strip() for n in row]
    if not any(names):
        raise IngestError(path, "no header row", line=1)
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise IngestError(path, f"duplicate columns in the header: {', '.join(dupes)}", line=1)
    return names


class CsvSource:
    """Batches of text columns from one CSV file, with what pyarrow could not parse."""

    typed = False

    def __init__(
        self, path: Path, delimiter: str, header: list[str], keep: list[str], lines: int
    ) -> None:
        self.path = path
        self.delimiter = delimiter
        self.header = header
        self.keep = keep
        self.shape_errors: list[tuple[int, str]] = []
        """(record number, text) of records with the wrong number of fields; header = 1."""
        self.rows_read = 0
        self._position = 0
        self.line_count = lines
        """Lines in the file (counted while hashing it)."""

    def _on_invalid(self, row: pcsv.InvalidRow) -> Literal["skip"]:
        number = row.number if row.number is not None else -1
        self.shape_errors.append((number, row.text))
        return "skip"

    def batches(self) -> Iterator[pa.RecordBatch]:
        positions = {n: i for i, n in enumerate(self.header)}
        names = [f"c{i}" for i in range(len(self.header))]  # the header's own names may clash
        wanted = {f"c{positions[n]}": n for n in self.keep}
        try:
            with self.path.open("rb") as f:
                reader = pcsv.open_csv(
                    f,
                    read_options=pcsv.ReadOptions(
                        use_threads=False,  # single-threaded reading numbers invalid rows
                        block_size=BLOCK_SIZE,
                        column_names=names,
                        skip_rows=1,
                    ),
                    parse_options=pcsv.ParseOptions(
                        delimiter=self.delimiter,
                        newlines_in_values=True,
                        invalid_row_handler=self._on_invalid,
                    ),
                    convert_options=pcsv.ConvertOptions(
                        column_types=dict.fromkeys(wanted, pa.string()),
                        include_columns=list(wanted),
                        null_values=[""],
                        strings_can_be_null=True,
                        quoted_strings_can_be_null=True,
                    ),
                )
                for batch in reader:
                    self.rows_read += batch.num_rows
                    self._position = f.tell()  # read here: another thread asks for it
                    yield batch.rename_columns([wanted[n] for n in batch.schema.names])
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            row = re.search(r"Row #(\d+)", str(exc))  # pyarrow's record number (header = 1)
            line = int(row.group(1)) if row else None
            raise IngestError(self.path, f"cannot read as CSV: {exc}", line=line) from None

    def position(self) -> int:
        """Bytes read so far (for progress)."""
        return self._position

    def lines(self, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Physical line numbers of data rows (0-based among the rows pyarrow returned)."""
        invalid = np.array(sorted(n for n, _ in self.shape_errors if n > 0), dtype=np.int64)
        return self._record_lines(_records_of_rows(rows, invalid))

    def shape_lines(self) -> npt.NDArray[np.int64]:
        numbers = np.array([n for n, _ in self.shape_errors], dtype=np.int64)
        out = self._record_lines(np.where(numbers > 0, numbers, 0))
        return np.where(numbers > 0, out, 0)

    def _record_lines(self, records: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        # the usual file has one record per line: then a record's number is its line
        one_per_line = self.line_count == 1 + self.rows_read + len(self.shape_errors)
        return records.copy() if one_per_line else record_lines(self.path, records)


def _records_of_rows(
    rows: npt.NDArray[np.int64], invalid: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Record numbers (header = 1) of returned rows, skipping records refused as invalid."""
    records = rows + 2
    if len(invalid) == 0:
        return records
    # the k-th returned row is the k-th record ≥ 2 that is not invalid: step past each one
    out = records.copy()
    for bad in invalid:  # invalid records are few; each shifts the rows after it by one
        out[out >= bad] += 1
    return out


def record_lines(path: Path, records: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Line where each record (1-based, header = 1, empty lines not counted) starts."""
    if len(records) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.argsort(records, kind="stable")
    wanted = records[order]
    found = np.zeros(len(records), dtype=np.int64)
    mm = np.memmap(path, dtype=np.uint8, mode="r")
    size = len(mm)
    quotes_before = 0
    newlines_before = 0
    records_before = 0
    if size and mm[0] not in (10, 13):  # the first record starts on line 1
        records_before = 1
        hit = np.searchsorted(wanted, 1, side="left")
        if hit < len(wanted) and wanted[hit] == 1:
            found[order[wanted == 1]] = 1
    for lo in range(0, size, _SCAN_BYTES):
        chunk = np.asarray(mm[lo : lo + _SCAN_BYTES])
        nl = np.flatnonzero(chunk == 10)
        q = np.flatnonzero(chunk == 34)
        outside = (quotes_before + np.searchsorted(q, nl)) % 2 == 0
        starts = nl + lo + 1
        nxt = np.asarray(mm[np.minimum(starts, size - 1)])
        begins = outside & (starts < size) & (nxt != 10) & (nxt != 13)
        numbers = records_before + np.cumsum(begins)
        lines = newlines_before + np.arange(len(nl)) + 2  # the line after the newline
        sel = np.flatnonzero(begins)
        pos = np.searchsorted(numbers[sel], wanted)
        ok = (pos < len(sel)) & (numbers[sel][np.minimum(pos, len(sel) - 1)] == wanted)
        if len(sel):
            found[order[ok]] = lines[sel[pos[ok]]]
        records_before = int(numbers[-1]) if len(numbers) else records_before
        quotes_before += len(q)
        newlines_before += len(nl)
    del mm
    return found
