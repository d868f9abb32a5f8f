"""Reading profiles back for people: the riskiest firms, and one firm with owners and paths.

Paths are stored with ids (``person:7 60.0% > entity:3``) so the tables stay small and
stable; here the ids become names, IINs and BINs an investigator recognises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from kuzet.entities._profile import build_profiles
from kuzet.entities._tables import OWNERS_TABLE, RISK_TABLE
from kuzet.workspace import Workspace, WorkspaceError

_REF = re.compile(r"\b(person|entity):(\d+)")


@dataclass(frozen=True, slots=True)
class Holder:
    """An owner or controller of an entity, with the paths that explain the share or role."""

    holder_type: str
    holder_id: int
    name: str
    identifier: str | None
    basis: str
    role: str
    share: float | None
    beneficial_owner: bool
    paths: list[str]


@dataclass(frozen=True, slots=True)
class EntityProfile:
    """One entity's profile: who owns and controls it, its score, and why."""

    entity_id: int
    bin: str | None
    name: str
    kind: str
    score: float
    tier: str
    bo_status: str
    owners: list[Holder] = field(default_factory=list)
    controllers: list[Holder] = field(default_factory=list)
    contributions: list[dict[str, Any]] = field(default_factory=list)
    as_of: str = ""
    data_version: str = ""
    config_version: str = ""

    @property
    def reasons(self) -> list[str]:
        return [c["reason"] for c in self.contributions]

    @property
    def bo_statement(self) -> str:
        if self.bo_status == "ownership":
            names = ", ".join(h.name for h in self.owners if h.beneficial_owner)
            return f"beneficial owner(s) by ownership: {names}"
        who = "; ".join(
            f"{h.name} ({h.role})" for h in self.controllers if h.holder_type == "person"
        )
        if self.bo_status == "control_only":
            return f"no natural person identifiable by ownership; control: {who}"
        return "no natural person identifiable (neither by ownership nor by control)"


def _read(ws: Workspace, table: str, ids: list[int], column: str) -> list[dict[str, Any]]:
    t = ws.read(table)
    return t.filter(pc.is_in(t.column(column), pa.array(ids, pa.int64()))).to_pylist()


def _names(ws: Workspace, rows: list[dict[str, Any]]) -> dict[str, tuple[str, str | None]]:
    """Display name and identifier for every ``person:N`` and ``entity:N`` the rows mention."""
    refs: dict[str, set[int]] = {"person": set(), "entity": set()}
    for r in rows:
        refs[r["holder_type"]].add(r["holder_id"])
        for p in r["paths"] or []:
            for kind, num in _REF.findall(p):
                refs[kind].add(int(num))
    out: dict[str, tuple[str, str | None]] = {}
    if refs["person"] and ws.files("persons"):
        for p in _read(ws, "persons", sorted(refs["person"]), "person_id"):
            name = " ".join(x for x in (p["last_name"], p["first_name"], p["patronymic"]) if x)
            out[f"person:{p['person_id']}"] = (name, p["iin"])
    if refs["entity"]:
        for e in _read(ws, "legal_entities", sorted(refs["entity"]), "entity_id"):
            ident = e["bin"] or e["foreign_reg_no"]
            out[f"entity:{e['entity_id']}"] = (f"{e['name']} [{e['country']}]", ident)
    return out


def _render(path: str, names: dict[str, tuple[str, str | None]]) -> str:
    def sub(m: re.Match[str]) -> str:
        name, ident = names.get(m.group(0), (m.group(0), None))
        return f"{name} ({ident})" if ident else name

    return _REF.sub(sub, path)


def _holders(ws: Workspace, rows: list[dict[str, Any]]) -> list[Holder]:
    names = _names(ws, rows)
    return [
        Holder(
            r["holder_type"],
            r["holder_id"],
            *names.get(f"{r['holder_type']}:{r['holder_id']}", (str(r["holder_id"]), None)),
            r["basis"],
            r["role"],
            r["effective_share"],
            bool(r["beneficial_owner"]),
            [_render(p, names) for p in r["paths"] or []],
        )
        for r in rows
    ]


def _ensure(ws: Workspace) -> None:
    if not ws.files(RISK_TABLE):
        build_profiles(ws)


def _profiles(ws: Workspace, risk_rows: list[dict[str, Any]]) -> list[EntityProfile]:
    ids = [r["entity_id"] for r in risk_rows]
    by_entity: dict[int, list[dict[str, Any]]] = {i: [] for i in ids}
    for r in _read(ws, OWNERS_TABLE, ids, "entity_id"):
        by_entity[r["entity_id"]].append(r)
    out = []
    for r in risk_rows:
        holders = _holders(ws, by_entity[r["entity_id"]])
        out.append(
            EntityProfile(
                r["entity_id"],
                r["bin"],
                r["name"],
                r["kind"],
                r["score"],
                r["tier"],
                r["bo_status"],
                [h for h in holders if h.basis == "ownership"],
                [h for h in holders if h.basis == "control"],
                r["contributions"],
                str(r["as_of"]),
                r["data_version"],
                r["config_version"],
            )
        )
    return out


def riskiest(ws: Workspace, n: int = 10) -> list[EntityProfile]:
    """The ``n`` highest-scoring entities with owners, controllers and reasons (profiles first
    built if the workspace has none)."""
    _ensure(ws)
    risk = ws.read(RISK_TABLE).sort_by([("score", "descending"), ("entity_id", "ascending")])
    return _profiles(ws, risk.slice(0, n).to_pylist())


def entity_profile(ws: Workspace, key: str) -> EntityProfile:
    """One entity's profile by BIN (or by ``entity_id`` given as digits that are not a BIN)."""
    _ensure(ws)
    risk = ws.read(RISK_TABLE)
    rows = risk.filter(pc.equal(risk.column("bin"), pa.scalar(key))).to_pylist()
    if not rows and key.isdigit():
        rows = risk.filter(pc.equal(risk.column("entity_id"), pa.scalar(int(key)))).to_pylist()
    if not rows:
        raise WorkspaceError(f"no legal entity with BIN or id {key!r} in {ws.data_dir}")
    return _profiles(ws, rows[:1])[0]
