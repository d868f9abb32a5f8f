"""Versioned list snapshots and the differences between them.

Layout under the store's root (a workspace keeps it at ``_kuzet/lists``)::

    <list_id>/v0001.json   one complete snapshot: metadata and every entry
    <list_id>/CURRENT      the version in force

A new version is written (staged, then renamed) only after the whole file parsed, so a
malformed file leaves the previous version in force. ``Diff`` says which entries were
added, changed (same id, new content) and removed; re-screening needs only those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kuzet.screening.lists.loaders import load_file
from kuzet.screening.model import ListEntry


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed between two versions of one list."""

    list_id: str
    old_version: int | None
    new_version: int
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def touched(self) -> tuple[str, ...]:
        """Entries whose matches must be recomputed: added or changed."""
        return self.added + self.changed

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.list_id,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "added": list(self.added),
            "changed": list(self.changed),
            "removed": list(self.removed),
            "unchanged": self.unchanged,
        }


def diff_entries(
    list_id: str,
    old: list[ListEntry],
    new: list[ListEntry],
    old_version: int | None,
    new_version: int,
) -> Diff:
    before = {e.entry_id: e.fingerprint() for e in old}
    after = {e.entry_id: e.fingerprint() for e in new}
    return Diff(
        list_id,
        old_version,
        new_version,
        added=tuple(sorted(i for i in after if i not in before)),
        changed=tuple(sorted(i for i in after if i in before and before[i] != after[i])),
        removed=tuple(sorted(i for i in before if i not in after)),
        unchanged=sum(1 for i in after if before.get(i) == after[i]),
    )


@dataclass
class ListStore:
    """The snapshots of every list, in one folder."""

    root: Path
    _cache: dict[tuple[str, int], list[ListEntry]] = field(default_factory=dict, repr=False)

    def list_ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / "CURRENT").exists())

    def current_version(self, list_id: str) -> int | None:
        p = self.root / list_id / "CURRENT"
        return int(p.read_text().strip()) if p.exists() else None

    def versions(self, list_id: str) -> list[int]:
        d = self.root / list_id
        return sorted(int(p.stem[1:]) for p in d.glob("v*.json")) if d.is_dir() else []

    def _path(self, list_id: str, version: int) -> Path:
        return self.root / list_id / f"v{version:04d}.json"

    def meta(self, list_id: str, version: int | None = None) -> dict[str, Any]:
        v = version or self.current_version(list_id)
        if v is None:
            raise KeyError(f"list {list_id!r} has no version in {self.root}")
        data: dict[str, Any] = json.loads(self._path(list_id, v).read_text("utf-8"))
        data.pop("entries")
        return data

    def entries(self, list_id: str, version: int | None = None) -> list[ListEntry]:
        v = version or self.current_version(list_id)
        if v is None:
            raise KeyError(f"list {list_id!r} has no version in {self.root}")
        if (list_id, v) not in self._cache:
            data = json.loads(self._path(list_id, v).read_text("utf-8"))
            self._cache[(list_id, v)] = [ListEntry.from_dict(d) for d in data["entries"]]
        return self._cache[(list_id, v)]

    def all_current(self) -> list[ListEntry]:
        return [e for lid in self.list_ids() for e in self.entries(lid)]

    def load(self, list_id: str, path: Path, fmt: str | None = None) -> Diff:
        """Read ``path`` as the next version of ``list_id``; raises before writing anything
        if the file is malformed. Loading an identical file records no new version."""
        entries = load_file(path, list_id, fmt)
        current = self.current_version(list_id)
        old = self.entries(list_id, current) if current else []
        diff = diff_entries(list_id, old, entries, current, (current or 0) + 1)
        if current and not (diff.added or diff.changed or diff.removed):
            return Diff(list_id, current, current, unchanged=diff.unchanged)
        version = diff.new_version
        payload = {
            "list_id": list_id,
            "version": version,
            "source": str(path),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "format": fmt,
            "loaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "diff": diff.to_dict(),
            "entries": [e.to_dict() for e in entries],
        }
        d = self.root / list_id
        d.mkdir(parents=True, exist_ok=True)
        staged = d / f".v{version:04d}.json.tmp"
        staged.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        os.replace(staged, self._path(list_id, version))
        pointer = d / ".CURRENT.tmp"
        pointer.write_text(str(version))
        os.replace(pointer, d / "CURRENT")
        return diff

    def diff(self, list_id: str, old: int, new: int) -> Diff:
        return diff_entries(
            list_id, self.entries(list_id, old), self.entries(list_id, new), old, new
        )
