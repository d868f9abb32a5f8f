"""Configuration from ``KUZET_*`` environment variables, read and validated in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    workspace: Path
    """Default workspace when a command is given none (``KUZET_WORKSPACE``)."""
    threads: int
    """Threads for DuckDB and the generator (``KUZET_THREADS``; 0 = all cores)."""
    database_url: str | None
    """Operations-plane database (``KUZET_DATABASE_URL``); SQLite in the workspace if unset."""


def load_settings(env: dict[str, str] | None = None) -> Settings:
    e = dict(os.environ if env is None else env)
    threads_raw = e.get("KUZET_THREADS", "0")
    try:
        threads = int(threads_raw)
    except ValueError:
        raise ValueError(f"KUZET_THREADS must be an integer, got {threads_raw!r}") from None
    if threads < 0:
        raise ValueError(f"KUZET_THREADS must be ≥ 0, got {threads}")
    return Settings(
        workspace=Path(e.get("KUZET_WORKSPACE", "./workspace")),
        threads=threads or (os.cpu_count() or 1),
        database_url=e.get("KUZET_DATABASE_URL") or None,
    )
