"""SQL for the ownership graph and the risk measures (DuckDB dialect, built here, run by engine).

These functions only build SQL; ``_profile`` runs it through ``kuzet.engine``. The ownership
walk is one recursive query: each row is one path from an entity up to a holder, carrying the
product of the shares along it and the entities it has passed, so that a path which would
return to an entity already on it is marked ``cycle`` and not followed (shares through a loop
are counted once, along simple paths only). Effective shares are then sums over paths.
"""

from __future__ import annotations

import datetime as dt

OWN, WALK, OWNERS, CONTROL, MEASURES = (
    "ent_own",
    "ent_walk",
    "ent_owners",
    "ent_control",
    "ent_measures",
)
OWNERSHIP_KINDS = ("owner", "founder")
CONTROL_KINDS = ("director", "trustee", "settlor", "beneficiary", "nominee")
STRUCTURE_KINDS = ("trust", "foreign_structure")
CLOSED_STATUS = ("liquidated", "bankrupt")


def _lit(values: tuple[str, ...] | list[str] | frozenset[str]) -> str:
    inner = ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values))
    return f"[{inner}]::VARCHAR[]" if inner else "[]::VARCHAR[]"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _valid(as_of: dt.date, alias: str = "") -> str:
    p = f"{alias}." if alias else ""
    d = f"DATE '{as_of.isoformat()}'"
    return (
        f"({p}valid_from IS NULL OR {p}valid_from <= {d})"
        f" AND ({p}valid_to IS NULL OR {p}valid_to >= {d})"
    )


def as_of_sql() -> str:
    """The date a profile is measured at: the last day of data, so a rerun gives the same."""
    return (
        "SELECT coalesce((SELECT max(ts)::DATE FROM transactions),"
        " (SELECT max(registered) FROM legal_entities)) AS as_of,"
        " (SELECT datediff('day', min(ts), max(ts)) + 1 FROM transactions) AS span_days"
    )


def own_sql(as_of: dt.date) -> str:
    """Ownership edges (holder → entity, share), one per pair: the larger share of owner/founder."""
    return f"""
SELECT src_type, src_id, dst_id, max(share) AS share
FROM relations
WHERE kind IN {_in(OWNERSHIP_KINDS)} AND dst_type = 'entity' AND share > 0 AND {_valid(as_of)}
GROUP BY src_type, src_id, dst_id"""


def walk_sql(max_depth: int) -> str:
    """Every simple ownership path up from every entity, to ``max_depth`` steps."""
    pct = "(round({s} * 100, 2)::VARCHAR || '%')"
    return f"""
WITH RECURSIVE walk(target, holder_type, holder_id, share, depth, visited, path, cycle) AS (
    SELECT dst_id, src_type, src_id, share, 1, [dst_id],
           src_type || ':' || src_id || ' ' || {pct.format(s="share")} || ' > entity:' || dst_id,
           src_type = 'entity' AND src_id = dst_id
    FROM {OWN}
    UNION ALL
    SELECT w.target, o.src_type, o.src_id, w.share * o.share, w.depth + 1,
           list_append(w.visited, w.holder_id),
           o.src_type || ':' || o.src_id || ' ' || {pct.format(s="o.share")} || ' > ' || w.path,
           o.src_type = 'entity' AND list_contains(list_append(w.visited, w.holder_id), o.src_id)
    FROM walk w JOIN {OWN} o ON o.dst_id = w.holder_id
    WHERE w.holder_type = 'entity' AND NOT w.cycle AND w.depth < {int(max_depth)}
)
SELECT w.target, w.holder_type, w.holder_id, w.share, w.depth, w.path, w.cycle,
       w.holder_type = 'entity' AND NOT w.cycle AND h.dst_id IS NULL AS terminal,
       w.holder_type = 'entity' AND NOT w.cycle AND h.dst_id IS NOT NULL
           AND w.depth >= {int(max_depth)} AS truncated
FROM walk w
LEFT JOIN (SELECT DISTINCT dst_id FROM {OWN}) h
    ON w.holder_type = 'entity' AND h.dst_id = w.holder_id"""


def owners_sql(max_paths: int) -> str:
    """Effective share of each ultimate holder (a person, or an entity nobody owns) per entity."""
    return f"""
SELECT target AS entity_id, holder_type, holder_id,
       sum(share) AS effective_share, count(*) AS n_paths, max(depth) AS depth,
       bool_or(truncated) AS truncated,
       list(path ORDER BY share DESC, path)[1:{int(max_paths)}] AS paths
FROM {WALK}
WHERE NOT cycle AND (holder_type = 'person' OR terminal OR truncated)
GROUP BY target, holder_type, holder_id"""


def control_sql(as_of: dt.date, threshold: float, strict: bool) -> str:
    """Control without ownership: direct controllers, and controllers of holding structures.

    A trust or foreign structure at the top of a chain has no owners; whoever settles,
    administers or benefits from it controls what it holds (FATF R.25). Those controllers are
    listed for every entity the structure holds above the threshold, with the path.
    """
    op = ">" if strict else ">="
    kinds = _in(CONTROL_KINDS)
    return f"""
SELECT r.dst_id AS entity_id, r.src_type AS holder_type, r.src_id AS holder_id, r.kind AS role,
       NULL::DOUBLE AS via_share,
       r.src_type || ':' || r.src_id || ' ' || r.kind || ' of entity:' || r.dst_id AS path
FROM relations r
WHERE r.kind IN {kinds} AND r.dst_type = 'entity' AND {_valid(as_of, "r")}
UNION ALL
SELECT o.entity_id, r.src_type, r.src_id, r.kind || ' of holder', o.effective_share,
       r.src_type || ':' || r.src_id || ' ' || r.kind || ' of ' || o.paths[1]
FROM {OWNERS} o
JOIN relations r ON r.dst_type = 'entity' AND r.dst_id = o.holder_id
    AND r.kind IN {kinds} AND {_valid(as_of, "r")}
WHERE o.holder_type = 'entity' AND o.effective_share {op} {float(threshold)!r}"""


def measures_sql(
    as_of: dt.date, span_days: int, home: str, offshore: frozenset[str], high_risk: frozenset[str]
) -> str:
    """One row per entity with every raw measure the risk factors read (no scoring here)."""
    d = f"DATE '{as_of.isoformat()}'"
    year = f"(365.0 / {max(1, int(span_days))})"
    ctl = _in(("owner", "founder", "director", "nominee"))
    return f"""
WITH
chain AS (
    SELECT w.target AS entity_id, max(w.depth) AS chain_depth, bool_or(w.cycle) AS cycle,
           coalesce(bool_or(le.kind IN {_in(STRUCTURE_KINDS)}), false) AS structure_in_chain,
           list_distinct(list(le.country) FILTER (WHERE le.country IS NOT NULL)) AS chain_countries
    FROM {WALK} w
    LEFT JOIN legal_entities le ON w.holder_type = 'entity' AND le.entity_id = w.holder_id
    GROUP BY w.target),
ctl AS (
    SELECT DISTINCT src_id AS person_id, dst_id AS entity_id FROM relations
    WHERE src_type = 'person' AND dst_type = 'entity' AND kind IN {ctl} AND {_valid(as_of)}),
pfirms AS (
    SELECT c.person_id, count(*) AS n_firms,
           count(*) FILTER (WHERE le.status IN {_in(CLOSED_STATUS)}) AS n_closed
    FROM ctl c JOIN legal_entities le USING (entity_id) GROUP BY c.person_id),
busy AS (
    SELECT c.entity_id, max(p.n_firms) AS max_firms, arg_max(c.person_id, p.n_firms) AS busiest,
           sum(p.n_closed) AS closed_sum, count(*) AS n_ctl
    FROM ctl c JOIN pfirms p USING (person_id) GROUP BY c.entity_id),
nominee AS (
    SELECT dst_id AS entity_id, count(*) AS n FROM relations
    WHERE kind = 'nominee' AND dst_type = 'entity' AND {_valid(as_of)} GROUP BY dst_id),
addr AS (
    SELECT address_id, count(*) AS n FROM legal_entities
    WHERE address_id IS NOT NULL GROUP BY address_id),
emp AS (
    SELECT DISTINCT src_id AS person_id, dst_id AS entity_id FROM relations
    WHERE kind = 'employee' AND src_type = 'person' AND dst_type = 'entity'),
inflow AS (
    SELECT a.holder_id AS entity_id, sum(t.amount_kzt)::DOUBLE AS turnover
    FROM transactions t JOIN accounts a ON a.account_id = t.dst_account_id
    WHERE a.holder_type = 'entity' AND t.status = 'completed' GROUP BY a.holder_id),
outflow AS (
    SELECT a.holder_id AS entity_id, sum(t.amount_kzt)::DOUBLE AS out_total,
           sum(t.amount_kzt) FILTER (WHERE t.type = 'cash_withdrawal'
               OR (b.holder_type = 'person' AND emp.person_id IS NULL))::DOUBLE AS out_cash_persons,
           sum(t.amount_kzt) FILTER (WHERE t.cp_country IS NOT NULL
               AND t.cp_country <> '{home}')::DOUBLE AS out_foreign,
           count(DISTINCT b.holder_id) FILTER (WHERE b.holder_type = 'person'
               AND emp.person_id IS NULL) AS person_payees
    FROM transactions t
    JOIN accounts a ON a.account_id = t.src_account_id AND a.holder_type = 'entity'
    LEFT JOIN accounts b ON b.account_id = t.dst_account_id
    LEFT JOIN emp ON b.holder_type = 'person' AND emp.person_id = b.holder_id
        AND emp.entity_id = a.holder_id
    WHERE t.status = 'completed' GROUP BY a.holder_id),
linked AS (
    SELECT entity_id, person_id FROM ctl
    UNION SELECT entity_id, holder_id FROM {OWNERS} WHERE holder_type = 'person'),
pep AS (
    SELECT l.entity_id, count(DISTINCT l.person_id) AS n FROM linked l
    JOIN persons p ON p.person_id = l.person_id AND p.pep GROUP BY l.entity_id)
SELECT e.entity_id, e.bin, e.name, e.kind, e.country, e.oked, e.status,
       datediff('day', e.registered, {d}) AS age_days,
       coalesce(ch.chain_depth, 0) AS chain_depth,
       coalesce(ch.structure_in_chain, false) AS structure_in_chain,
       coalesce(ch.cycle, false) AS circular_ownership,
       list_distinct(list_append(coalesce(ch.chain_countries, []::VARCHAR[]), e.country))
           AS chain_countries,
       list_filter(list_distinct(list_append(coalesce(ch.chain_countries, []::VARCHAR[]),
           e.country)), lambda x: x <> '{home}') AS foreign_countries,
       list_intersect(list_append(coalesce(ch.chain_countries, []::VARCHAR[]), e.country),
           {_lit(offshore)}) AS offshore_countries,
       list_intersect(list_append(coalesce(ch.chain_countries, []::VARCHAR[]), e.country),
           {_lit(high_risk)}) AS high_risk_countries,
       coalesce(nm.n, 0) AS nominee_relations,
       coalesce(b.max_firms, 0) AS controller_max_firms, b.busiest AS busiest_controller,
       coalesce(b.closed_sum, 0)
           - CASE WHEN e.status IN {_in(CLOSED_STATUS)} THEN coalesce(b.n_ctl, 0) ELSE 0 END
           AS closed_links,
       coalesce(ad.n, 0) AS address_firms,
       coalesce(i.turnover, 0) * {year} AS turnover_12m_kzt,
       coalesce(e.tax_paid_kzt, 0)::DOUBLE AS tax_paid_kzt,
       coalesce(e.employees, 0) AS employees,
       coalesce(o.out_total, 0) AS out_total_kzt,
       coalesce(o.out_cash_persons, 0) AS out_cash_persons_kzt,
       coalesce(o.out_foreign, 0) AS out_foreign_kzt,
       coalesce(o.person_payees, 0) AS person_payees,
       coalesce(pp.n, 0) AS pep_links
FROM legal_entities e
LEFT JOIN chain ch USING (entity_id)
LEFT JOIN busy b USING (entity_id)
LEFT JOIN nominee nm USING (entity_id)
LEFT JOIN addr ad ON ad.address_id = e.address_id
LEFT JOIN inflow i USING (entity_id)
LEFT JOIN outflow o USING (entity_id)
LEFT JOIN pep pp USING (entity_id)
ORDER BY e.entity_id"""
