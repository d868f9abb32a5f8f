"""Owners and profiles for 1M entities with 3M relations: how long on this machine?

Builds a registry-shaped workspace directly (no synth: ownership only, no transactions):
persons own firms, 15% of firms are owned by other firms (chains, some cycles), 2% by trusts
or foreign structures, every firm has a director, and the rest are founder and nominee
relations, 3M relations in all. Then times ``build_profiles``.

    python bench/entities_speed.py --entities 1000000 --relations 3000000
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np
import pyarrow as pa

from kuzet.entities import build_profiles
from kuzet.model.schemas import table
from kuzet.workspace import Workspace


def _write(ws: Workspace, name: str, cols: dict[str, object]) -> None:
    schema = table(name).schema
    n = len(next(iter(cols.values())))  # type: ignore[arg-type]
    arrays = [
        pa.array(cols[f.name], f.type) if f.name in cols else pa.nulls(n, f.type) for f in schema
    ]
    ws.write_table(name, pa.Table.from_arrays(arrays, schema=schema))


def build(ws: Workspace, n_ent: int, n_rel: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_per = n_ent * 3 // 2
    kinds = np.where(rng.random(n_ent) < 0.02, "foreign_structure", "company")
    countries = np.where(kinds == "company", "KZ", rng.choice(["VG", "CY", "AE", "PA"], n_ent))
    reg = np.datetime64("2010-01-01", "D") + (rng.integers(0, 5800, n_ent)).astype("timedelta64[D]")
    _write(
        ws,
        "legal_entities",
        {
            "entity_id": np.arange(n_ent),
            "name": [f"E{i}" for i in range(n_ent)],
            "kind": kinds,
            "registered": reg,
            "country": countries,
            "status": np.where(rng.random(n_ent) < 0.05, "liquidated", "active"),
            "address_id": rng.integers(0, n_ent // 2, n_ent),
            "employees": rng.integers(0, 50, n_ent),
        },
    )
    _write(
        ws,
        "persons",
        {
            "person_id": np.arange(n_per),
            "iin": [f"{i:012d}" for i in range(n_per)],
            "last_name": ["P"] * n_per,
            "first_name": ["X"] * n_per,
            "birth_date": np.full(n_per, np.datetime64("1980-01-01", "D")),
            "pep": rng.random(n_per) < 0.001,
        },
    )
    # ownership: one or two owners per firm (person, or another entity for 15%)
    by_entity = rng.random(n_ent) < 0.15
    owner_src = np.where(by_entity, rng.integers(0, n_ent, n_ent), rng.integers(0, n_per, n_ent))
    second = rng.random(n_ent) < 0.5
    share1 = np.where(second, rng.uniform(0.3, 0.7, n_ent), 1.0)
    src_type = [
        np.where(by_entity, "entity", "person"),
        np.full(second.sum(), "person"),
        np.full(n_ent, "person"),
    ]
    src_id = [owner_src, rng.integers(0, n_per, second.sum()), rng.integers(0, n_per // 3, n_ent)]
    dst = [np.arange(n_ent), np.arange(n_ent)[second], np.arange(n_ent)]
    kind = [np.full(n_ent, "owner"), np.full(second.sum(), "owner"), np.full(n_ent, "director")]
    share = [share1, 1 - share1[second], np.full(n_ent, np.nan)]
    rest = n_rel - sum(len(d) for d in dst)
    src_type.append(np.full(rest, "person"))
    src_id.append(rng.integers(0, n_per, rest))
    dst.append(rng.integers(0, n_ent, rest))
    kind.append(rng.choice(["founder", "nominee", "relative"], rest, p=[0.6, 0.05, 0.35]))
    share.append(np.full(rest, np.nan))
    kinds_all = np.concatenate(kind)
    shares_all = np.concatenate(share)
    shares_all = np.where(kinds_all == "founder", 0.0, shares_all)  # founders without a share
    _write(
        ws,
        "relations",
        {
            "relation_id": np.arange(n_rel),
            "src_type": np.concatenate(src_type),
            "src_id": np.concatenate(src_id),
            "dst_type": np.full(n_rel, "entity"),
            "dst_id": np.concatenate(dst),
            "kind": kinds_all,
            "share": pa.array(shares_all, pa.float64(), from_pandas=True),
        },
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=1_000_000)
    ap.add_argument("--relations", type=int, default=3_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(tmp).create()
        t0 = time.perf_counter()
        build(ws, a.entities, a.relations, a.seed)
        t1 = time.perf_counter()
        run = build_profiles(ws, threads=a.threads)
        t2 = time.perf_counter()
        print(
            f"{a.entities:,} entities, {a.relations:,} relations: data built in {t1 - t0:.1f} s;"
            f" owners and profiles in {t2 - t1:.1f} s on {a.threads} threads"
            f" ({run.owner_rows:,} owner/controller rows; tiers {run.tiers})"
        )


if __name__ == "__main__":
    main()
