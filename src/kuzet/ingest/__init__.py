"""Ingest: CSV, Parquet and ISO 20022 pacs.008 files into a workspace's canonical tables.

Every row is validated (types, required values, enumerations, identifier check digits,
dates, amounts, timestamps); bad rows go to the ``quarantine`` table with file, line, field
and reason; good rows land atomically; the same file twice adds nothing.
"""

from kuzet.ingest._errors import IngestError
from kuzet.ingest._info import workspace_info
from kuzet.ingest._ingest import FORMATS, ingest_files
from kuzet.ingest._report import FileReport, IngestReport

__all__ = ["FORMATS", "FileReport", "IngestError", "IngestReport", "ingest_files", "workspace_info"]
