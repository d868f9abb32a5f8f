"""What an ingest run did, file by file, for people (the CLI) and for scripts (``--json``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class FileReport:
    """One input file: what was read, loaded and set aside, or why it was skipped."""

    path: Path
    sha256: str
    format: str
    table: str
    rows_read: int = 0
    """Records in the file (pacs.008: credit transfers)."""
    rows_loaded: int = 0
    """Records that landed in ``table``."""
    rows_quarantined: int = 0
    """Records set aside; each has one quarantine row per failing field."""
    skipped: bool = False
    note: str = ""
    """Why it was skipped: ``already ingested``."""
    loaded: dict[str, int] = field(default_factory=dict)
    """Rows written per table (pacs.008 also fills ``payment_parties``)."""
    reasons: Counter[str] = field(default_factory=Counter)
    """Quarantine rows by reason."""
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "sha256": self.sha256,
            "format": self.format,
            "table": self.table,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "skipped": self.skipped,
            "note": self.note,
            "loaded": dict(self.loaded),
            "reasons": dict(sorted(self.reasons.items())),
            "warnings": list(self.warnings),
        }


@dataclass
class IngestReport:
    """Every file of one ``ingest_files`` call; nothing landed unless every file could be read."""

    files: list[FileReport] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.files)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.files)

    @property
    def skipped(self) -> list[FileReport]:
        return [f for f in self.files if f.skipped]

    @property
    def reasons(self) -> Counter[str]:
        """Quarantine rows by reason, over all files."""
        total: Counter[str] = Counter()
        for f in self.files:
            total.update(f.reasons)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [f.to_dict() for f in self.files],
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "reasons": dict(sorted(self.reasons.items())),
        }
