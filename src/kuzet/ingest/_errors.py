"""The one error ingest raises for a file it cannot read at all."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file (or the request) cannot be ingested; nothing was written.

    The message names the file and, where it applies, the line: ``FILE:LINE: what``.
    """

    def __init__(self, path: Path | str | None, message: str, *, line: int | None = None) -> None:
        self.path = None if path is None else Path(path)
        self.line = line
        self.reason = message
        where = "" if path is None else f"{path}:{line}: " if line else f"{path}: "
        super().__init__(f"{where}{message}")
