"""A pack indicator can read the network tables: "member of a ring with at least N accounts"."""

from __future__ import annotations

from pathlib import Path

from kuzet.engine import open_backend
from kuzet.network import run_network
from kuzet.typologies import load_pack, run_pack
from kuzet.workspace import Workspace

PACK = """
id: kuzet-network-test
issuer: "Kuzet tests (not an FMA pack)"
version: "0.1"
effective_from: 2024-01-01
effective_to: null
description: One indicator over the tables kuzet network writes.
indicators:
  - id: NET-01
    title: {kk: "Дроп сақинасы", ru: "Кольцо дропов", en: "Member of a drop ring"}
    subject: account
    params:
      min_ring: {default: 3, min: 3, max: 1000, tunable: true, description: ring accounts}
    sql: |
      SELECT 'account' AS subject_type, r.account_id AS subject_id,
             min(t.ts) AS window_start, max(t.ts) AS window_end,
             least(1.0, r.ring_size / 5.0) AS score,
             {'ring_size': r.ring_size, 'role': r.role} AS metrics,
             list(t.txn_id) AS evidence
      FROM network_rings r
      JOIN network_ring_edges e ON e.ring_id = r.ring_id AND e.kind = 'money'
       AND (e.src_account_id = r.account_id OR e.dst_account_id = r.account_id)
      JOIN transactions t ON t.src_account_id = e.src_account_id
       AND t.dst_account_id = e.dst_account_id AND t.status = 'completed'
      WHERE r.ring_size >= $min_ring
      GROUP BY r.account_id, r.ring_size, r.role
typologies:
  - id: NET_RING
    family: MULE
    title: {kk: "Сақина", ru: "Кольцо", en: "Drop ring"}
    combine: max
    threshold: 0.5
    indicators:
      - {id: NET-01}
"""


def test_indicator_over_rings(ring_ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text(PACK, "utf-8")
    pack = load_pack(path, allow_unsigned=True)  # validated: network tables are canonical
    run_network(ring_ws)
    with open_backend("duckdb", threads=1) as be:
        result = run_pack(be, ring_ws, pack, write=False)
    assert not result.failures
    alerted = {int(s) for s in result.alerts.column("subject_id").to_pylist()}
    assert alerted == {20, 21, 30, 31}  # 40 shares a device only: no money edge
