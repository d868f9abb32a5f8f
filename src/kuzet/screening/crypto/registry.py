"""The FMA's registry of high-risk wallets and the registry of crypto platforms.

Both import and export as CSV or YAML (a list of mappings), and are versioned like lists:
an import is validated completely (every address against its chain's checksum) before a
new version is written, so a bad file names its line and field and changes nothing.

Wallet fields: ``chain, address, category`` (fraud | darknet | mixer | drop |
unlicensed_exchange | sanctions | other), ``source, confidence`` (0–1), ``listed_on,
delisted_on, review_status`` (confirmed | pending | disputed).
Platform fields: ``name, domains, merchant_ids, terminal_ids, ibans`` (``|``-separated in
CSV, lists in YAML), ``operator_bin, licence`` (AFSA licence number; empty = unlicensed).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from kuzet.screening.crypto.addresses import CHAINS
from kuzet.screening.lists.loaders import ListFormatError
from kuzet.screening.lists.store import Diff

CATEGORIES = ("fraud", "darknet", "mixer", "drop", "unlicensed_exchange", "sanctions", "other")
REVIEW = ("confirmed", "pending", "disputed")


@dataclass(frozen=True, slots=True)
class WalletEntry:
    chain: str
    address: str
    category: str
    source: str = ""
    confidence: float = 1.0
    listed_on: str = ""
    delisted_on: str = ""
    review_status: str = "confirmed"

    @property
    def key(self) -> str:
        return f"{self.chain}:{self.address}"

    def active(self, on: dt.date | None = None) -> bool:
        if not self.delisted_on:
            return True
        return on is not None and on < dt.date.fromisoformat(self.delisted_on)


@dataclass(frozen=True, slots=True)
class PlatformEntry:
    name: str
    domains: tuple[str, ...] = ()
    merchant_ids: tuple[str, ...] = ()
    terminal_ids: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()
    operator_bin: str = ""
    licence: str = ""

    @property
    def key(self) -> str:
        return self.name.strip().lower()

    @property
    def licensed(self) -> bool:
        return bool(self.licence)


def _rows(path: Path) -> list[tuple[str, dict[str, Any]]]:
    if not path.is_file():
        raise ListFormatError(path, "file", "path", "no such file")
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            return [(f"line {reader.line_num}", dict(r)) for r in reader]
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise ListFormatError(path, where, "yaml", str(exc).splitlines()[0]) from None
    if not isinstance(data, list):
        raise ListFormatError(path, "document", "*", "must be a list of mappings")
    out = []
    for i, r in enumerate(data):
        if not isinstance(r, dict):
            raise ListFormatError(path, f"item {i}", "*", "not a mapping")
        out.append((f"item {i}", r))
    return out


def _str(row: dict[str, Any], name: str) -> str:
    v = row.get(name)
    return "" if v is None else str(v).strip()


def _date(path: Path, where: str, row: dict[str, Any], name: str) -> str:
    v = _str(row, name)
    if v:
        try:
            dt.date.fromisoformat(v)
        except ValueError:
            raise ListFormatError(path, where, name, f"not a date: {v!r}") from None
    return v


def parse_wallet(path: Path, where: str, row: dict[str, Any]) -> WalletEntry:
    chain = _str(row, "chain").lower()
    if chain not in CHAINS:
        raise ListFormatError(path, where, "chain", f"{chain!r} is not one of {sorted(CHAINS)}")
    address = _str(row, "address")
    reason = CHAINS[chain].validate(address)
    if reason:
        raise ListFormatError(path, where, "address", f"{address!r}: {reason}")
    category = _str(row, "category").lower()
    if category not in CATEGORIES:
        raise ListFormatError(path, where, "category", f"{category!r} not in {CATEGORIES}")
    try:
        confidence = float(_str(row, "confidence") or 1.0)
    except ValueError:
        raise ListFormatError(path, where, "confidence", "not a number") from None
    if not 0 <= confidence <= 1:
        raise ListFormatError(path, where, "confidence", f"{confidence} outside 0..1")
    review = _str(row, "review_status") or "confirmed"
    if review not in REVIEW:
        raise ListFormatError(path, where, "review_status", f"{review!r} not in {REVIEW}")
    return WalletEntry(
        chain, CHAINS[chain].normalize(address), category, _str(row, "source"), confidence,
        _date(path, where, row, "listed_on"), _date(path, where, row, "delisted_on"), review,
    )  # fmt: skip


def parse_platform(path: Path, where: str, row: dict[str, Any]) -> PlatformEntry:
    name = _str(row, "name")
    if not name:
        raise ListFormatError(path, where, "name", "missing")

    def multi(field: str) -> tuple[str, ...]:
        v = row.get(field)
        items = v if isinstance(v, list) else str(v or "").split("|")
        return tuple(str(x).strip() for x in items if str(x).strip())

    return PlatformEntry(
        name,
        multi("domains"),
        multi("merchant_ids"),
        multi("terminal_ids"),
        multi("ibans"),
        _str(row, "operator_bin"),
        _str(row, "licence"),
    )


def _to_plain(entry: WalletEntry | PlatformEntry) -> dict[str, Any]:
    d = asdict(entry)
    return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}


def export(entries: list[WalletEntry] | list[PlatformEntry], path: Path) -> None:
    """Write a registry as CSV (``.csv``) or YAML (anything else)."""
    rows = [_to_plain(e) for e in entries]
    if path.suffix.lower() == ".csv":
        kind = WalletEntry if entries and isinstance(entries[0], WalletEntry) else PlatformEntry
        buf = io.StringIO()
        w = csv.DictWriter(buf, [f.name for f in fields(kind)], lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: "|".join(v) if isinstance(v, list) else v for k, v in r.items()})
        path.write_text(buf.getvalue(), "utf-8")
    else:
        path.write_text(yaml.safe_dump(rows, allow_unicode=True, sort_keys=False), "utf-8")


class Registry:
    """Versioned wallet and platform registries in one folder (``wallets/``, ``platforms/``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _current(self, kind: str) -> int | None:
        p = self.root / kind / "CURRENT"
        return int(p.read_text()) if p.exists() else None

    def _read(self, kind: str, version: int | None = None) -> list[dict[str, Any]]:
        v = version or self._current(kind)
        if v is None:
            return []
        data: list[dict[str, Any]] = json.loads(
            (self.root / kind / f"v{v:04d}.json").read_text("utf-8")
        )["entries"]
        return data

    def wallets(self) -> list[WalletEntry]:
        return [WalletEntry(**{k: v for k, v in d.items()}) for d in self._read("wallets")]

    def platforms(self) -> list[PlatformEntry]:
        return [parse_platform(self.root, "stored", d) for d in self._read("platforms")]

    def import_file(self, kind: str, path: Path) -> Diff:
        """Validate all of ``path`` and record it as the next version of ``kind``."""
        if kind not in ("wallets", "platforms"):
            raise ValueError(f"registry kind must be wallets or platforms, not {kind!r}")
        parse: Callable[[Path, str, dict[str, Any]], WalletEntry | PlatformEntry]
        parse = parse_wallet if kind == "wallets" else parse_platform
        entries = [parse(path, where, row) for where, row in _rows(path)]
        seen: dict[str, str] = {}
        for (where, _), e in zip(_rows(path), entries, strict=True):
            if e.key in seen:
                raise ListFormatError(path, where, "key", f"{e.key} repeats {seen[e.key]}")
            seen[e.key] = where
        old = {parse(path, "stored", d).key: d for d in self._read(kind)}
        new = {e.key: _to_plain(e) for e in entries}
        current = self._current(kind)
        version = (current or 0) + 1
        diff = Diff(
            kind, current, version,
            added=tuple(sorted(k for k in new if k not in old)),
            changed=tuple(sorted(k for k in new if k in old and old[k] != new[k])),
            removed=tuple(sorted(k for k in old if k not in new)),
            unchanged=sum(1 for k in new if old.get(k) == new[k]),
        )  # fmt: skip
        if current and not (diff.added or diff.changed or diff.removed):
            return Diff(kind, current, current, unchanged=diff.unchanged)
        d = self.root / kind
        d.mkdir(parents=True, exist_ok=True)
        payload = {
            "version": version,
            "source": str(path),
            "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
            "diff": diff.to_dict(),
            "entries": list(new.values()),
        }
        tmp = d / f".v{version:04d}.tmp"
        tmp.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
        os.replace(tmp, d / f"v{version:04d}.json")
        tmp = d / ".CURRENT.tmp"
        tmp.write_text(str(version))
        os.replace(tmp, d / "CURRENT")
        return diff
