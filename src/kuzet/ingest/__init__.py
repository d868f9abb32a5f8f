"""Ingest: CSV, Parquet and ISO 20022 pacs.008 files into a workspace's canonical tables.

What a caller can rely on:

- **Validation.** Every value is checked against its column in ``kuzet.model.schemas``:
  type, required, enumeration, identifier check digits (IIN, BIN, IBAN, BIC; stored
  normalised), dates (``YYYY-MM-DD``), amounts (``decimal(18,2)``: ``.`` as separator, at
  most 2 decimals, never negative) and timestamps (ISO 8601). A timestamp without an offset
  is local time in Kazakhstan (``Asia/Almaty``) and is stored in UTC.
- **Quarantine.** A row that fails goes to the ``quarantine`` table, one row per failing
  field, with the file, its sha256, the line (CSV: physical line; Parquet: 1-based row;
  pacs.008: line of the element), the field, the value, a reason code
  (``schemas.QUARANTINE_REASONS``) and the reason in words. Good rows of the same file land.
- **Unknown columns** are ignored, with a warning in the report (exports carry extra
  columns; the warning names them). Missing required columns fail the file.
- **Amounts in KZT.** A missing or empty ``amount_kzt`` (any ``<x>_kzt`` beside ``<x>``,
  ``currency`` and a time column) is computed from ``kuzet.model.money.FxRates``.
- **All or nothing.** One call stages every output and publishes them together; a file that
  cannot be read at all raises ``IngestError`` (one message naming the file and line) and
  the workspace stays exactly as it was. The manifest is written last.
- **Idempotent.** A file whose content is already in the manifest is skipped
  ("already ingested").
- One ingest at a time per workspace: concurrent runs are not coordinated.
- **Input order kept.** Rows are stored in the order they arrive; ``compact`` later sorts
  the transactions by type and time, which makes monitoring runs read less.
"""

from kuzet.ingest._compact import CompactReport, compact, unclustered_files
from kuzet.ingest._errors import IngestError
from kuzet.ingest._info import workspace_info
from kuzet.ingest._ingest import FORMATS, ingest_files
from kuzet.ingest._report import FileReport, IngestReport

__all__ = [
    "FORMATS",
    "CompactReport",
    "FileReport",
    "IngestError",
    "IngestReport",
    "compact",
    "ingest_files",
    "unclustered_files",
    "workspace_info",
]
