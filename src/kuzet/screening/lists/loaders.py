"""Readers for list files: UN Consolidated List XML, tabular CSV/JSON, FtM JSON lines.

Every reader parses the whole file before returning, and any defect raises one
``ListFormatError`` naming the file, the line or element, the field and what is wrong, so
the caller can leave the previous version of the list in force.

The tabular format serves the FMA's TF list, the PF list (neither format is public, domain
brief §1.6) and custom lists. Columns (CSV header or JSON keys; multi-values ``|``-separated
in CSV, arrays in JSON): ``id`` and ``name`` required; ``kind`` (person | entity, default
person), ``aliases``, ``birth_dates`` (``YYYY-MM-DD``, ``YYYY`` or ``YYYY..YYYY``),
``nationalities``, ``iin``, ``bin``, ``passport``, ``programs``, ``listed_on``, ``remarks``.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kuzet.screening.model import KINDS, Alias, BirthDate, ListEntry, parse_birth


class ListFormatError(ValueError):
    """A list file cannot be read; the message names file, line or element, and field."""

    def __init__(self, path: Path | str, where: str, field: str, problem: str) -> None:
        self.path, self.where, self.field, self.problem = str(path), where, field, problem
        super().__init__(f"{path}: {where}: field {field!r}: {problem}")


# ── UN Security Council Consolidated List ──────────────────────────────────────────────


def _text(el: ET.Element, tag: str) -> str:
    child = el.find(tag)
    return (child.text or "").strip() if child is not None and child.text else ""


def _un_record(path: Path, el: ET.Element, kind: str, list_id: str, n: int) -> ListEntry:
    where = f"{el.tag} #{n}"
    dataid = _text(el, "DATAID")
    if not dataid:
        raise ListFormatError(path, where, "DATAID", "missing")
    where = f"{el.tag} DATAID={dataid}"
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name:
        raise ListFormatError(path, where, "FIRST_NAME", "no name parts")
    aliases = [Alias(name)]
    for a in el.findall(f"{el.tag}_ALIAS"):
        alias = _text(a, "ALIAS_NAME")
        if alias:
            aliases.append(Alias(alias, "low" if _text(a, "QUALITY").lower() == "low" else "good"))
    births: list[BirthDate] = []
    for b in el.findall("INDIVIDUAL_DATE_OF_BIRTH"):
        date, year = _text(b, "DATE"), _text(b, "YEAR")
        lo, hi = _text(b, "FROM_YEAR"), _text(b, "TO_YEAR")
        try:
            if date:
                births.append(parse_birth(date))
            elif year:
                births.append(parse_birth(year))
            elif lo or hi:
                births.append(BirthDate(year_from=int(lo or hi), year_to=int(hi or lo)))
        except ValueError as exc:
            raise ListFormatError(path, where, "INDIVIDUAL_DATE_OF_BIRTH", str(exc)) from None
    nats = tuple(v.text.strip() for v in el.findall("NATIONALITY/VALUE") if v.text)
    docs = tuple(
        ("passport" if "passport" in _text(d, "TYPE_OF_DOCUMENT").lower() else "document",
         _text(d, "NUMBER"))
        for d in el.findall("INDIVIDUAL_DOCUMENT")
        if _text(d, "NUMBER")
    )  # fmt: skip
    listed = _text(el, "LISTED_ON")
    try:
        listed_on = dt.date.fromisoformat(listed[:10]) if listed else None
    except ValueError:
        raise ListFormatError(path, where, "LISTED_ON", f"not a date: {listed!r}") from None
    programs = tuple(p for p in (_text(el, "UN_LIST_TYPE"), _text(el, "REFERENCE_NUMBER")) if p)
    return ListEntry(
        list_id, dataid, kind, tuple(aliases), tuple(births), nats, docs, programs,
        listed_on, _text(el, "COMMENTS1"),
    )  # fmt: skip


def load_un_xml(path: Path, list_id: str = "un") -> list[ListEntry]:
    """The UN Security Council Consolidated List (domain brief §7.1)."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        line, col = exc.position
        raise ListFormatError(path, f"line {line} column {col}", "xml", str(exc)) from None
    if root.tag != "CONSOLIDATED_LIST":
        raise ListFormatError(path, f"root <{root.tag}>", "CONSOLIDATED_LIST", "wrong root")
    out: list[ListEntry] = []
    for tag, kind in (("INDIVIDUALS/INDIVIDUAL", "person"), ("ENTITIES/ENTITY", "entity")):
        for n, el in enumerate(root.findall(tag), 1):
            out.append(_un_record(path, el, kind, list_id, n))
    return out


# ── tabular (FMA TF list, PF list, custom lists) ───────────────────────────────────────


def _multi(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split("|") if v.strip()]


def _tabular_entry(path: Path, where: str, row: dict[str, Any], list_id: str) -> ListEntry:
    def single(field: str) -> str:
        v = row.get(field)
        return "" if v is None else str(v).strip()

    entry_id, name = single("id"), single("name")
    if not entry_id:
        raise ListFormatError(path, where, "id", "missing")
    if not name:
        raise ListFormatError(path, where, "name", "missing")
    kind = single("kind") or "person"
    if kind not in KINDS:
        raise ListFormatError(path, where, "kind", f"{kind!r} is not one of {KINDS}")
    births: list[BirthDate] = []
    for b in _multi(row.get("birth_dates")):
        try:
            births.append(parse_birth(b))
        except ValueError as exc:
            raise ListFormatError(path, where, "birth_dates", str(exc)) from None
    ids = [(t, v) for t in ("iin", "bin", "passport") for v in _multi(row.get(t))]
    listed = single("listed_on")
    try:
        listed_on = dt.date.fromisoformat(listed) if listed else None
    except ValueError:
        raise ListFormatError(path, where, "listed_on", f"not a date: {listed!r}") from None
    return ListEntry(
        list_id, entry_id, kind,
        (Alias(name), *(Alias(a) for a in _multi(row.get("aliases")))),
        tuple(births), tuple(_multi(row.get("nationalities"))), tuple(ids),
        tuple(_multi(row.get("programs"))), listed_on, single("remarks"),
    )  # fmt: skip


def load_csv(path: Path, list_id: str) -> list[ListEntry]:
    """A tabular list as CSV (UTF-8, header row)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "name" not in reader.fieldnames:
            raise ListFormatError(path, "line 1", "name", "header has no 'name' column")
        out = []
        for row in reader:
            if None in row:
                raise ListFormatError(path, f"line {reader.line_num}", "*", "too many fields")
            out.append(_tabular_entry(path, f"line {reader.line_num}", row, list_id))
    return out


def load_json(path: Path, list_id: str) -> list[ListEntry]:
    """A tabular list as a JSON array of objects, or JSON lines."""
    text = path.read_text(encoding="utf-8")
    rows: list[tuple[str, Any]] = []
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ListFormatError(path, f"line {exc.lineno}", "json", exc.msg) from None
        rows = [(f"element {i}", r) for i, r in enumerate(data)]
    else:
        rows = list(_json_lines(path, text))
    out = []
    for where, r in rows:
        if not isinstance(r, dict):
            raise ListFormatError(path, where, "*", "not a JSON object")
        out.append(_tabular_entry(path, where, r, list_id))
    return out


def _json_lines(path: Path, text: str) -> Iterable[tuple[str, Any]]:
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield f"line {n}", json.loads(line)
            except json.JSONDecodeError as exc:
                raise ListFormatError(path, f"line {n}", "json", exc.msg) from None


# ── FollowTheMoney JSON lines (OpenSanctions exports) ──────────────────────────────────

_FTM_KINDS = {"Person": "person", "Company": "entity", "Organization": "entity",
              "LegalEntity": "entity"}  # fmt: skip


def load_ftm(path: Path, list_id: str = "ftm") -> list[ListEntry]:
    """FtM entities, one per line (domain brief §7.2); non-party schemata are skipped."""
    out: list[ListEntry] = []
    for where, ent in _json_lines(path, path.read_text(encoding="utf-8")):
        if not isinstance(ent, dict) or "schema" not in ent or "id" not in ent:
            raise ListFormatError(path, where, "schema/id", "not an FtM entity")
        kind = _FTM_KINDS.get(ent["schema"])
        if kind is None or ent.get("target") is False:
            continue
        props = ent.get("properties") or {}
        if not isinstance(props, dict):
            raise ListFormatError(path, where, "properties", "must be an object")
        for prop, values in props.items():
            if not isinstance(values, list):
                raise ListFormatError(path, where, f"properties.{prop}", "must be an array")
        names = [*props.get("name", []), *props.get("alias", [])]
        if not names and ent.get("caption"):
            names = [ent["caption"]]
        if not names:
            raise ListFormatError(path, where, "properties.name", "entity has no name")
        births: list[BirthDate] = []
        for b in props.get("birthDate", []):
            try:
                births.append(parse_birth(b if len(b) != 7 else b[:4]))
            except ValueError as exc:
                raise ListFormatError(path, where, "properties.birthDate", str(exc)) from None
        ids = [("passport", v) for v in props.get("passportNumber", [])]
        ids += [("id", v) for v in props.get("idNumber", [])]
        ids += [("registration", v) for v in props.get("registrationNumber", [])]
        nats = [*props.get("nationality", []), *props.get("citizenship", [])]
        nats += props.get("jurisdiction", [])
        out.append(
            ListEntry(
                list_id,
                str(ent["id"]),
                kind,
                tuple(Alias(n) for n in dict.fromkeys(names)),
                tuple(births),
                tuple(dict.fromkeys(nats)),
                tuple(ids),
                tuple(ent.get("datasets", [])),
                None,
                "; ".join(props.get("notes", [])),
                tuple(("referent", r) for r in ent.get("referents", [])),
            )
        )
    return out


Loader = Callable[[Path, str], list[ListEntry]]
FORMATS: dict[str, Loader] = {
    "un-xml": load_un_xml,
    "csv": load_csv,
    "json": load_json,
    "ftm": load_ftm,
}
"""List formats by name; a new official format is one more entry here."""


def guess_format(path: Path) -> str:
    """The format a file's name suggests (``.xml`` UN, ``.csv``, ``.ftm.json``/``.jsonl`` FtM)."""
    name = path.name.lower()
    if name.endswith(".xml"):
        return "un-xml"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".ftm.json", ".ftm.jsonl", ".ijson")):
        return "ftm"
    return "json"


def load_file(path: Path, list_id: str, fmt: str | None = None) -> list[ListEntry]:
    """Read a list file completely, or raise ``ListFormatError``; duplicate ids are errors."""
    fmt = fmt or guess_format(path)
    if fmt not in FORMATS:
        raise ListFormatError(path, "file", "format", f"unknown format {fmt!r}: {list(FORMATS)}")
    if not path.is_file():
        raise ListFormatError(path, "file", "path", "no such file")
    entries = FORMATS[fmt](path, list_id)
    seen: set[str] = set()
    for e in entries:
        if e.entry_id in seen:
            raise ListFormatError(path, f"entry {e.entry_id}", "id", "appears twice")
        seen.add(e.entry_id)
    return entries
