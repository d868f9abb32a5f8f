"""Screening every party of a workspace: persons, firms, their owners and counterparties.

Persons are screened under all their names (Kazakh, Russian, Latin) with birth date,
citizenship and IIN; firms under their names with BIN; transaction counterparties by name
(each distinct name once). Parties are screened in batches by a pool of worker processes
(``kuzet.screening.batch``: set-based candidates, vectorised name scores, explained scoring
only for the pairs that can match), with the same matches as ``Matcher.match``. A hit on a
person or firm that owns 50 % or more of a firm (``relations`` kind ``owner``) also marks
the owned firm (``role = owned_by_listed``), as PF-01 asks. Results go to
``screening_hits`` (columns in the package docstring).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
from collections.abc import Iterator
from typing import Any, ClassVar

import pyarrow as pa
import pyarrow.compute as pc

from kuzet.engine import Backend
from kuzet.model.schemas import TABLES
from kuzet.screening.batch import BatchIndex, match_many
from kuzet.screening.matcher import DEFAULT_THRESHOLD, Match, Matcher
from kuzet.screening.model import Query

SCREENING_HITS = "screening_hits"
OWNERSHIP_SHARE = 0.5
CHUNK = 20_000
"""Parties screened per batch (one task of the worker pool)."""
MAX_WORKERS = 4

HIT_SCHEMA = TABLES[SCREENING_HITS].schema
"""The canonical ``screening_hits`` columns (``kuzet.model.schemas``), which packs read."""


def _row(party_type: str, party_id: int | None, name: str, role: str, m: Match) -> dict[str, Any]:
    return {
        "party_type": party_type,
        "party_id": party_id,
        "party_name": name,
        "role": role,
        "list_id": m.entry.list_id,
        "entry_id": m.entry.entry_id,
        "list_name": m.list_name,
        "score": m.score,
        "rules": ",".join(m.name.rules),
        "explanation": json.dumps(m.to_dict(), ensure_ascii=False),
        "via_party_type": None,
        "via_party_id": None,
    }


_SOURCES = {
    "person": "SELECT person_id AS id, name_kk, name_ru, name_lat, birth_date, citizenship, iin"
    " FROM persons",
    "entity": "SELECT entity_id AS id, name, name_lat, bin FROM legal_entities",
    "counterparty": "SELECT DISTINCT name FROM (SELECT cp_name AS name FROM transactions "
    "UNION ALL SELECT name FROM payment_parties UNION ALL SELECT cp_name FROM trade_contracts)"
    " WHERE name IS NOT NULL ORDER BY name",
}
_ROLE = {"person": "customer", "entity": "customer", "counterparty": "counterparty"}


def _queries(party_type: str, t: dict[str, list[Any]]) -> Iterator[tuple[int | None, Query]]:
    """The queries of one party table's rows (as read by ``_SOURCES``)."""
    if party_type == "counterparty":
        for name in t["name"]:
            yield None, Query(str(name))
        return
    for i, pid in enumerate(t["id"]):
        if party_type == "person":
            names = [n for n in (t["name_kk"][i], t["name_ru"][i], t["name_lat"][i]) if n]
            if names:
                ids = (("iin", t["iin"][i]),) if t["iin"][i] else ()
                yield pid, Query(names[0], "person", t["birth_date"][i], t["citizenship"][i],
                                 ids, tuple(dict.fromkeys(names[1:])))  # fmt: skip
        else:
            names = [n for n in (t["name"][i], t["name_lat"][i]) if n]
            if names:
                ids = (("bin", t["bin"][i]),) if t["bin"][i] else ()
                yield pid, Query(names[0], None, identifiers=ids, aliases=tuple(names[1:]))


class _Work:
    """What worker processes screen with: the batch index and the party tables (set before
    the pool forks, so children inherit them instead of receiving them)."""

    index: BatchIndex | None = None
    tables: ClassVar[dict[str, pa.Table]] = {}


def _screen_chunk(job: tuple[str, int, int, float]) -> tuple[pa.Table, int]:
    """Hits of rows ``start:stop`` of one party table, and the explained comparisons made."""
    party_type, start, stop, threshold = job
    index = _Work.index
    assert index is not None
    before = index.matcher.comparisons
    found = list(_queries(party_type, _Work.tables[party_type].slice(start, stop - start)
                          .to_pydict()))  # fmt: skip
    matches = match_many(index, [q for _, q in found], threshold)
    rows = [
        _row(party_type, pid, q.name, _ROLE[party_type], m)
        for (pid, q), ms in zip(found, matches, strict=True)
        for m in ms
    ]
    return pa.Table.from_pylist(rows, schema=HIT_SCHEMA), index.matcher.comparisons - before


def default_workers() -> int:
    """Processes for screening: the cores this process may use, at most ``MAX_WORKERS``."""
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def direct_hits(
    backend: Backend,
    matcher: Matcher,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
) -> pa.Table:
    """Hits of every person, firm and counterparty name (no ``owned_by_listed`` rows).

    The same matches as ``matcher.match`` party by party, found in batches of ``CHUNK``
    parties (``kuzet.screening.batch``) by ``workers`` processes (default: the cores);
    ``matcher.comparisons`` counts the explained comparisons all of them made."""
    if not len(matcher):
        return HIT_SCHEMA.empty_table()
    tables = {k: backend.query(sql, step=f"screening.{k}") for k, sql in _SOURCES.items()}
    jobs = [
        (k, i, min(i + CHUNK, t.num_rows), threshold)
        for k, t in tables.items()
        for i in range(0, t.num_rows, CHUNK)
    ]
    _Work.index, _Work.tables = BatchIndex(matcher), tables
    try:
        n = min(workers or default_workers(), len(jobs))
        if n <= 1:
            parts = [_screen_chunk(job) for job in jobs]
        else:
            with mp.get_context("fork").Pool(n) as pool:
                parts = list(pool.imap(_screen_chunk, jobs))
                matcher.comparisons += sum(c for _, c in parts)
    finally:
        _Work.index, _Work.tables = None, {}
    return pa.concat_tables([HIT_SCHEMA.empty_table(), *(t for t, _ in parts)])


def with_owned(backend: Backend, hits: pa.Table) -> pa.Table:
    """Direct hits plus the firms their listed owners own (recomputed from ``hits``)."""
    direct = hits.filter(pc.not_equal(hits["role"], pa.scalar("owned_by_listed")))
    return pa.concat_tables([direct, _owned(backend, direct)])


def screen_parties(
    backend: Backend,
    matcher: Matcher,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
) -> pa.Table:
    """Screen every party in the registered workspace; one row per (party, entry) hit."""
    return with_owned(backend, direct_hits(backend, matcher, threshold, workers))


def _owned(backend: Backend, direct: pa.Table) -> pa.Table:
    rel = backend.query(
        f"SELECT src_type, src_id, dst_id, share FROM relations WHERE kind = 'owner' "
        f"AND dst_type = 'entity' AND coalesce(share, 0) >= {OWNERSHIP_SHARE}",
        step="screening.owners",
    ).to_pydict()
    owners = pa.array(sorted(set(rel["src_id"])), pa.int64())
    mine = direct.filter(pc.is_in(direct["party_id"], value_set=owners)).to_pylist()
    hits = {(r["party_type"], r["party_id"]): r for r in mine}  # the last hit of each owner
    out = []
    for st, sid, did in zip(rel["src_type"], rel["src_id"], rel["dst_id"], strict=True):
        hit = hits.get((st, sid))
        if hit is not None:
            via = {"via_party_type": st, "via_party_id": sid, "party_name": None}
            out.append({**hit, "party_type": "entity", "party_id": did, **via})
            out[-1]["role"] = "owned_by_listed"
    return pa.Table.from_pylist(out, schema=HIT_SCHEMA)
