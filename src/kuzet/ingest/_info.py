"""``workspace_info``: what a workspace holds, table by table, and what ingest set aside."""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kuzet.model.schemas import TABLES
from kuzet.workspace import QUARANTINE, Workspace


def _iso(value: object) -> str | None:
    return (
        None if value is None else value.isoformat() if hasattr(value, "isoformat") else str(value)
    )


def _date_range(ws: Workspace, table: str) -> tuple[str | None, str | None, str | None]:
    spec = TABLES.get(table)
    col = spec.time_column if spec else None
    if col is None:
        return None, None, None
    data = ws.read(table, [col])[col]
    if isinstance(data.type, pa.TimestampType) and data.type.tz is not None:
        data = data.cast(pa.timestamp(data.type.unit, tz="UTC"))
    mm = pc.min_max(data)
    return col, _iso(mm["min"].as_py()), _iso(mm["max"].as_py())


def _quarantine(ws: Workspace) -> dict[str, Any]:
    if not ws.files(QUARANTINE):
        return {"rows": 0, "by_table": {}}
    q = ws.read(QUARANTINE, ["table", "reason"])
    counts = q.group_by(["table", "reason"]).aggregate([("reason", "count")])
    by_table: dict[str, dict[str, int]] = {}
    for row in counts.to_pylist():
        by_table.setdefault(str(row["table"]), {})[str(row["reason"])] = int(row["reason_count"])
    ordered = {t: dict(sorted(v.items())) for t, v in sorted(by_table.items())}
    return {"rows": q.num_rows, "by_table": ordered}


def workspace_info(ws: Workspace) -> dict[str, Any]:
    """Per table: rows, files and the date range of its time column; quarantine by reason.

    ``{"workspace", "tables": {name: {"rows", "files", "time_column", "from", "to"}},
    "quarantine": {"rows", "by_table": {table: {reason: rows}}}, "ingested_files"}``.
    """
    tables: dict[str, Any] = {}
    for name in ws.tables():
        if name == QUARANTINE:
            continue
        col, lo, hi = _date_range(ws, name)
        tables[name] = {
            "rows": ws.row_count(name),
            "files": len(ws.files(name)),
            "time_column": col,
            "from": lo,
            "to": hi,
        }
    return {
        "workspace": str(ws.root),
        "tables": tables,
        "quarantine": _quarantine(ws),
        "ingested_files": len(ws.load_manifest().get("files", {})),
    }
