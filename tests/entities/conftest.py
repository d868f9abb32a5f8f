"""A small hand-built world whose owners and risks can be worked out on paper."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from kuzet.model.schemas import table
from kuzet.workspace import Workspace

D = dt.date


def _write(ws: Workspace, name: str, rows: list[dict[str, Any]]) -> None:
    schema = table(name).schema
    full = [{c: r.get(c) for c in schema.names} for r in rows]
    ws.write_table(name, pa.Table.from_pylist(full, schema=schema))


def entity(eid: int, kind: str = "company", country: str = "KZ", **kw: Any) -> dict[str, Any]:
    return {
        "entity_id": eid,
        "name": f"E{eid}",
        "kind": kind,
        "registered": D(2015, 1, 1),
        "country": country,
        "status": "active",
        "employees": 10,
        **kw,
    }


def person(pid: int, **kw: Any) -> dict[str, Any]:
    return {
        "person_id": pid,
        "iin": f"{pid:012d}",
        "last_name": f"P{pid}",
        "first_name": "X",
        "birth_date": D(1980, 1, 1),
        **kw,
    }


def rel(
    rid: int, src: tuple[str, int], dst: int, kind: str, share: float | None = None
) -> dict[str, Any]:
    return {
        "relation_id": rid,
        "src_type": src[0],
        "src_id": src[1],
        "dst_type": "entity",
        "dst_id": dst,
        "kind": kind,
        "share": share,
    }


@pytest.fixture()
def world(tmp_path: Path) -> Workspace:
    """Entities:

    1  owned 60% by person 1 and 40% by entity 2; entity 2 owned 50/50 by persons 1 and 2
       → person 1: 0.6 + 0.4·0.5 = 0.8 (two paths), person 2: 0.2 (not a BO at 25%).
    3  and 4 own each other 50% (a cycle); person 3 owns the other 50% of 3 and of 4
       → for 3: person 3 0.5 + 0.5·0.5 = 0.75 along simple paths; cycle flagged.
    5  held 100% by trust 6 (GG), whose settlor is person 4 → no natural owner, person 4
       controls through the trust; 5 has a nominee director, person 5.
    7  owned by ten persons at 10% each → no BO by ownership; director person 6.
    8  foreign structure in PA with no relations at all → none identifiable.
    """
    ws = Workspace(tmp_path / "ws").create()
    _write(
        ws,
        "legal_entities",
        [
            entity(1, bin="150140000001"),
            entity(2),
            entity(3),
            entity(4),
            entity(5, registered=D(2026, 1, 1)),
            entity(6, kind="trust", country="GG"),
            entity(7),
            entity(8, kind="foreign_structure", country="PA"),
        ],
    )
    _write(ws, "persons", [person(i, pep=(i == 2)) for i in range(1, 17)])
    p = lambda i: ("person", i)  # noqa: E731
    e = lambda i: ("entity", i)  # noqa: E731
    rels = [
        rel(1, p(1), 1, "owner", 0.6),
        rel(2, e(2), 1, "owner", 0.4),
        rel(3, p(1), 2, "owner", 0.5),
        rel(4, p(2), 2, "owner", 0.5),
        rel(5, e(4), 3, "owner", 0.5),
        rel(6, p(3), 3, "owner", 0.5),
        rel(7, e(3), 4, "owner", 0.5),
        rel(8, p(3), 4, "owner", 0.5),
        rel(9, e(6), 5, "owner", 1.0),
        rel(10, p(4), 6, "settlor"),
        rel(11, p(5), 5, "nominee"),
        rel(12, p(5), 5, "director"),
        rel(13, p(6), 7, "director"),
    ]
    rels += [rel(20 + i, p(7 + i), 7, "owner", 0.1) for i in range(10)]
    _write(ws, "relations", rels)
    return ws
