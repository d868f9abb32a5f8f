"""Build beneficial owners and risk profiles of every legal entity in a workspace.

Reads ``legal_entities``, ``relations``, ``persons``, ``accounts`` and ``transactions`` (and
``screening_hits`` when screening has written it) through the engine, scores every entity
with the factors of ``_factors``, and writes two feature tables that packs and the console
read (columns documented in ``_tables``):

- ``data/entity_owners/``: one row per (entity, holder, basis): owners with their effective
  shares and the paths that explain them, then controllers without ownership;
- ``data/entity_risk/``: one row per entity: score, tier, every contribution with its reason,
  the raw measures, the as-of date, and the data and configuration versions.

Both are replaced as a whole on every run (new files published first, old ones removed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from kuzet.engine import Backend, open_backend
from kuzet.entities import _sql as q
from kuzet.entities._config import EntityConfig, load_config
from kuzet.entities._factors import FACTORS
from kuzet.entities._tables import CONTRIBUTION, OWNERS_TABLE, RISK_TABLE, SCREENING_TABLE
from kuzet.workspace import Workspace, WorkspaceError

INPUT_TABLES = (
    "legal_entities",
    "relations",
    "persons",
    "accounts",
    "transactions",
    SCREENING_TABLE,
)


@dataclass(frozen=True, slots=True)
class ProfileRun:
    """What one run of ``build_profiles`` measured and wrote."""

    as_of: dt.date
    data_version: str
    config_version: str
    entities: int
    owner_rows: int
    tiers: dict[str, int]


def data_version(ws: Workspace) -> str:
    """A fingerprint of the input tables: file names, sizes and row counts (cheap, stable)."""
    h = hashlib.sha256()
    for table in INPUT_TABLES:
        for f in ws.files(table):
            rows = pq.ParquetFile(f).metadata.num_rows
            h.update(
                f"{table}/{f.relative_to(ws.table_dir(table))}:{f.stat().st_size}:{rows}\n".encode()
            )
    return "data#" + h.hexdigest()[:12]


def _screening_hits(ws: Workspace, be: Backend) -> str:
    """SQL giving (entity_id, screening_hits) from screening's table, or zero hits without it.

    Screening is another room; its table is read only if it exists and names the party it
    matched as (party_type, party_id). Hits on the entity itself, its owners (any depth) and
    its directors count.
    """
    if ws.files(SCREENING_TABLE):
        hits = ws.read(SCREENING_TABLE)
        if {"party_type", "party_id"} <= set(hits.column_names):
            be.register_arrow("ent_hits", hits.select(["party_type", "party_id"]))
            return f"""
SELECT l.entity_id, count(*) AS screening_hits FROM (
    SELECT entity_id, 'entity' AS party_type, entity_id AS party_id FROM legal_entities
    UNION SELECT entity_id, holder_type, holder_id FROM {q.OWNERS}
    UNION SELECT entity_id, holder_type, holder_id FROM {q.CONTROL}) l
JOIN ent_hits h ON h.party_type = l.party_type AND h.party_id = l.party_id
GROUP BY l.entity_id"""
    return "SELECT NULL::BIGINT AS entity_id, 0 AS screening_hits WHERE false"


def _status_sql(cfg: EntityConfig) -> str:
    op = ">" if cfg.strict else ">="
    return f"""
SELECT e.entity_id,
       CASE WHEN bo.n > 0 THEN 'ownership' WHEN c.n > 0 THEN 'control_only'
            ELSE 'none_identifiable' END AS bo_status,
       coalesce(bo.persons, []::BIGINT[]) AS beneficial_owners,
       coalesce(c.persons, []::BIGINT[]) AS controllers
FROM legal_entities e
LEFT JOIN (SELECT entity_id, count(*) AS n,
                  list(holder_id ORDER BY effective_share DESC, holder_id) AS persons
           FROM {q.OWNERS} WHERE holder_type = 'person' AND effective_share {op} {cfg.threshold!r}
           GROUP BY entity_id) bo USING (entity_id)
LEFT JOIN (SELECT entity_id, count(DISTINCT holder_id) AS n, list(DISTINCT holder_id) AS persons
           FROM {q.CONTROL} WHERE holder_type = 'person' GROUP BY entity_id) c USING (entity_id)"""


def _owner_rows_sql(cfg: EntityConfig) -> str:
    op = ">" if cfg.strict else ">="
    return f"""
SELECT entity_id, holder_type, holder_id, 'ownership' AS basis,
       CASE WHEN holder_type = 'person' THEN 'owner' WHEN truncated THEN 'chain_cut'
            ELSE 'top_entity' END AS role,
       effective_share, holder_type = 'person' AND effective_share {op} {cfg.threshold!r}
           AS beneficial_owner, n_paths, depth, paths
FROM {q.OWNERS}
UNION ALL
SELECT entity_id, holder_type, holder_id, 'control', role, via_share, false, 1, NULL, [path]
FROM {q.CONTROL}
ORDER BY entity_id, basis DESC, effective_share DESC NULLS LAST, holder_type, holder_id"""


def _score(
    cols: dict[str, Any], cfg: EntityConfig
) -> tuple[np.ndarray[Any, Any], list[list[dict[str, Any]]]]:
    n = len(cols["entity_id"])
    score = np.zeros(n)
    contributions: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for f in FACTORS:
        weight = cfg.weight(f.name)
        strength = np.nan_to_num(np.asarray(f.strength(cols, cfg), dtype=np.float64))
        points = strength * weight
        score += points
        for i in np.flatnonzero(points > 0).tolist():
            value = cols[f.measure][i]
            contributions[i].append(
                {
                    "factor": f.name,
                    "value": ", ".join(value) if isinstance(value, list) else str(value),
                    "strength": round(float(strength[i]), 4),
                    "points": round(float(points[i]), 2),
                    "reason": f.reason(cols, i, cfg),
                }
            )
    for c in contributions:
        c.sort(key=lambda x: (-x["points"], x["factor"]))
    return np.minimum(np.round(score, 2), 100.0), contributions


def _columns(t: pa.Table) -> dict[str, Any]:
    """Numbers as float arrays (for numpy), everything else (ids, text, lists) as lists."""
    ids = {"entity_id", "busiest_controller"}
    cols: dict[str, Any] = {}
    for name in t.column_names:
        col, typ = t.column(name), t.schema.field(name).type
        if name in ids or not (
            pa.types.is_integer(typ)
            or pa.types.is_floating(typ)
            or pa.types.is_decimal(typ)
            or pa.types.is_boolean(typ)
        ):
            cols[name] = col.to_pylist()
        elif pa.types.is_boolean(typ):
            cols[name] = (
                col.fill_null(pa.scalar(False)).to_numpy(zero_copy_only=False).astype(np.bool_)
            )
        else:
            cols[name] = (
                col.cast(pa.float64()).fill_null(pa.scalar(0.0)).to_numpy(zero_copy_only=False)
            )
    return cols


def build_profiles(
    ws: Workspace, config: EntityConfig | None = None, *, threads: int | None = None
) -> ProfileRun:
    """Compute owners and risk profiles of every entity in ``ws`` and write both tables."""
    cfg = config or load_config()
    if not ws.files("legal_entities"):
        raise WorkspaceError(f"no legal_entities in {ws.data_dir}: nothing to profile")
    version = data_version(ws)
    with open_backend("duckdb", threads=threads) as be:
        be.register_workspace(ws)
        head = be.query(q.as_of_sql(), step="entities:as_of").to_pylist()[0]
        as_of: dt.date = head["as_of"]
        span = int(head["span_days"] or 365)
        be.materialise(q.OWN, q.own_sql(as_of), step="entities:ownership_edges")
        be.materialise(q.WALK, q.walk_sql(cfg.max_depth), step="entities:ownership_paths")
        be.materialise(q.OWNERS, q.owners_sql(cfg.max_paths), step="entities:owners")
        be.materialise(
            q.CONTROL, q.control_sql(as_of, cfg.threshold, cfg.strict), step="entities:control"
        )
        be.materialise(
            q.MEASURES,
            q.measures_sql(as_of, span, cfg.home, cfg.offshore, cfg.high_risk),
            step="entities:measures",
        )
        hits_sql = _screening_hits(ws, be)
        measures = be.query(
            f"SELECT m.*, s.bo_status, s.beneficial_owners, s.controllers,"
            f" coalesce(h.screening_hits, 0) AS screening_hits"
            f" FROM {q.MEASURES} m JOIN ({_status_sql(cfg)}) s USING (entity_id)"
            f" LEFT JOIN ({hits_sql}) h USING (entity_id) ORDER BY m.entity_id",
            step="entities:profile",
        )
        owners = be.query(_owner_rows_sql(cfg), step="entities:owner_rows")
    score, contributions = _score(_columns(measures), cfg)
    tiers = [cfg.tier(float(s)) for s in score]
    reasons = ["; ".join(c["reason"] for c in cs[:3]) for cs in contributions]
    n = measures.num_rows
    stamp: list[tuple[str, Any, pa.DataType]] = [
        ("as_of", as_of, pa.date32()),
        ("data_version", version, pa.string()),
        ("config_version", cfg.version, pa.string()),
    ]
    risk = measures.append_column("score", pa.array(score, pa.float64()))
    risk = risk.append_column("tier", pa.array(tiers, pa.string()))
    risk = risk.append_column("contributions", pa.array(contributions, pa.list_(CONTRIBUTION)))
    risk = risk.append_column("reasons", pa.array(reasons, pa.string()))
    m = owners.num_rows
    for name, value, typ in stamp:
        risk = risk.append_column(name, pa.array([value] * n, typ))
        owners = owners.append_column(name, pa.array([value] * m, typ))
    ws.replace_tables({OWNERS_TABLE: owners, RISK_TABLE: risk}, "profile")
    counts = {t: tiers.count(t) for t, _ in cfg.tiers}
    return ProfileRun(as_of, version, cfg.version, n, m, counts)
