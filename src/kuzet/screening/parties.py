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
from collections.abc import Iterable, Iterator
from typing import Any

import pyarrow as pa

from kuzet.engine import Backend
from kuzet.screening.batch import BatchIndex, match_many
from kuzet.screening.matcher import DEFAULT_THRESHOLD, Match, Matcher
from kuzet.screening.model import Query

SCREENING_HITS = "screening_hits"
OWNERSHIP_SHARE = 0.5
CHUNK = 20_000
"""Parties screened per batch (one task of the worker pool)."""
MAX_WORKERS = 4

HIT_SCHEMA = pa.schema(
    [  # type: ignore[arg-type]  # pyarrow-stubs want DataType, these are its subclasses
        ("party_type", pa.string()),
        ("party_id", pa.int64()),
        ("party_name", pa.string()),
        ("role", pa.string()),
        ("list_id", pa.string()),
        ("entry_id", pa.string()),
        ("list_name", pa.string()),
        ("score", pa.float64()),
        ("rules", pa.string()),
        ("explanation", pa.string()),
        ("via_party_type", pa.string()),
        ("via_party_id", pa.int64()),
    ]
)


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


def _persons(backend: Backend) -> Iterable[tuple[int, Query]]:
    t = backend.query(
        "SELECT person_id, name_kk, name_ru, name_lat, birth_date, citizenship, iin FROM persons",
        step="screening.persons",
    ).to_pydict()
    for i, pid in enumerate(t["person_id"]):
        names = [n for n in (t["name_kk"][i], t["name_ru"][i], t["name_lat"][i]) if n]
        if not names:
            continue
        ids = (("iin", t["iin"][i]),) if t["iin"][i] else ()
        yield pid, Query(names[0], "person", t["birth_date"][i], t["citizenship"][i], ids,
                         tuple(dict.fromkeys(names[1:])))  # fmt: skip


def _entities(backend: Backend) -> Iterable[tuple[int, Query]]:
    t = backend.query(
        "SELECT entity_id, name, name_lat, bin FROM legal_entities", step="screening.entities"
    ).to_pydict()
    for i, eid in enumerate(t["entity_id"]):
        names = [n for n in (t["name"][i], t["name_lat"][i]) if n]
        if names:
            ids = (("bin", t["bin"][i]),) if t["bin"][i] else ()
            yield eid, Query(names[0], None, identifiers=ids, aliases=tuple(names[1:]))


def _parties(backend: Backend) -> Iterator[tuple[str, int | None, str, Query]]:
    """Every party to screen: (party type, id, role, query)."""
    for pid, q in _persons(backend):
        yield "person", pid, "customer", q
    for eid, q in _entities(backend):
        yield "entity", eid, "customer", q
    cps = backend.query(
        "SELECT DISTINCT name FROM (SELECT cp_name AS name FROM transactions "
        "UNION ALL SELECT name FROM payment_parties) WHERE name IS NOT NULL ORDER BY name",
        step="screening.counterparties",
    ).column("name")
    for name in cps.to_pylist():
        yield "counterparty", None, "counterparty", Query(str(name))


_PartyChunk = list[tuple[str, int | None, str, Query]]
_INDEX: list[BatchIndex] = []
"""The batch index a worker process screens with (inherited when the pool forks)."""


def _screen_chunk(job: tuple[_PartyChunk, float]) -> list[dict[str, Any]]:
    parties, threshold = job
    matches = match_many(_INDEX[-1], [p[3] for p in parties], threshold)
    return [
        _row(ptype, pid, q.name, role, m)
        for (ptype, pid, role, q), ms in zip(parties, matches, strict=True)
        for m in ms
    ]


def default_workers() -> int:
    """Processes for screening: the cores this process may use, at most ``MAX_WORKERS``."""
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def direct_hits(
    backend: Backend,
    matcher: Matcher,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
) -> list[dict[str, Any]]:
    """Hits of every person, firm and counterparty name (no ``owned_by_listed`` rows).

    The same matches as ``matcher.match`` party by party, found in batches of ``CHUNK``
    parties (``kuzet.screening.batch``) by ``workers`` processes (default: the cores)."""
    rows: list[dict[str, Any]] = []
    if not len(matcher):
        return rows
    parties = list(_parties(backend))
    jobs = [(parties[i : i + CHUNK], threshold) for i in range(0, len(parties), CHUNK)]
    _INDEX.append(BatchIndex(matcher))
    try:
        n = min(workers or default_workers(), len(jobs))
        if n <= 1:
            for job in jobs:
                rows += _screen_chunk(job)
        else:
            with mp.get_context("fork").Pool(n) as pool:
                for part in pool.imap(_screen_chunk, jobs):
                    rows += part
    finally:
        _INDEX.pop()
    return rows


def with_owned(backend: Backend, rows: list[dict[str, Any]]) -> pa.Table:
    """Direct hits plus the firms their listed owners own (recomputed from ``rows``)."""
    direct = [r for r in rows if r["role"] != "owned_by_listed"]
    return pa.Table.from_pylist(direct + _owned(backend, direct), schema=HIT_SCHEMA)


def screen_parties(
    backend: Backend,
    matcher: Matcher,
    threshold: float = DEFAULT_THRESHOLD,
    workers: int | None = None,
) -> pa.Table:
    """Screen every party in the registered workspace; one row per (party, entry) hit."""
    return with_owned(backend, direct_hits(backend, matcher, threshold, workers))


def _owned(backend: Backend, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    hits = {(r["party_type"], r["party_id"]): r for r in rows if r["party_id"] is not None}
    if not hits:
        return []
    rel = backend.query(
        f"SELECT src_type, src_id, dst_id, share FROM relations WHERE kind = 'owner' "
        f"AND dst_type = 'entity' AND coalesce(share, 0) >= {OWNERSHIP_SHARE}",
        step="screening.owners",
    ).to_pydict()
    out = []
    for st, sid, did in zip(rel["src_type"], rel["src_id"], rel["dst_id"], strict=True):
        hit = hits.get((st, sid))
        if hit is not None:
            via = {"via_party_type": st, "via_party_id": sid, "party_name": None}
            out.append({**hit, "party_type": "entity", "party_id": did, **via})
            out[-1]["role"] = "owned_by_listed"
    return out
