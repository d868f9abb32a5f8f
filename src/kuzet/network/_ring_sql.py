"""SQL for drop rings (DuckDB dialect; built here, run by ``kuzet.engine``): which relaying
accounts look like drops, the money edges that tie them to collectors, and what members
received and paid. Reads the working tables of ``_sql``."""

from __future__ import annotations

from kuzet.network._sql import HUBS, INTERNAL, RELAY_DEBITS, TX

DROPLIKE_BASE = "net_droplike_base"
DROPLIKE = "net_droplike"
COLLECTED_SHARE = 0.3
"""An account taking this share of its credits from drop-like relays collects for a ring."""


def droplike_sql(base: str, smallest_window: int) -> str:
    """Relaying accounts with at least two signs of a drop: young (opened under 180 days
    before the end), sharing a device or phone with another holder, a person's account
    gathering from 5+ distinct senders in one short window (firms gather from customers as a
    matter of course). One sign alone is everyday life: a new account, a shared family
    phone, a birthday collection."""
    return f"""
SELECT DISTINCT r.m AS account_id FROM {RELAY_DEBITS} r
JOIN {base} f ON f.account_id = r.m
LEFT JOIN accounts a ON a.account_id = r.m
WHERE r.m NOT IN (SELECT account_id FROM {HUBS})
  AND CAST(f.account_age_days < 180 AS INT)
      + CAST(f.shared_device_accounts + f.shared_phone_accounts > 0 AS INT)
      + CAST(f.in_distinct_{smallest_window}d >= 5 AND a.holder_type = 'person' AS INT) >= 2"""


def _collected_sql(sources: str) -> str:
    """Accounts (not hubs) taking at least ``COLLECTED_SHARE`` of their credits from
    ``sources``' payments."""
    return f"""
SELECT i.dst AS account_id FROM {INTERNAL} i
JOIN {sources} s ON s.account_id = i.src
JOIN (SELECT dst, sum(amt) AS total FROM {TX} WHERE dst IS NOT NULL GROUP BY dst) t
  ON t.dst = i.dst
WHERE i.dst NOT IN (SELECT account_id FROM {HUBS})
GROUP BY i.dst, t.total HAVING sum(i.amt) >= {COLLECTED_SHARE} * t.total"""


def drop_relayers_sql() -> str:
    """Drop-like relaying accounts, and relaying accounts that collect from them (a collector
    that passes the drops' money on to its organiser)."""
    return f"""
SELECT account_id FROM {DROPLIKE_BASE}
UNION
SELECT c.account_id FROM ({_collected_sql(DROPLIKE_BASE)}) c
WHERE c.account_id IN (SELECT m FROM {RELAY_DEBITS})"""


def ring_edges_sql() -> str:
    """Money edges that tie a ring: payments out of a drop relayer (``DROPLIKE``) to another,
    or to an account that takes at least ``COLLECTED_SHARE`` of its credits from them (a
    collector, organiser or recruiter); hubs are left out. Aggregated per pair."""
    return f"""
WITH collectors AS ({_collected_sql(DROPLIKE)}
    UNION SELECT account_id FROM {DROPLIKE})
SELECT i.src, i.dst, count(*) AS payments, sum(i.amt) AS amount, min(i.sec) AS first_sec,
       max(i.sec) AS last_sec
FROM {INTERNAL} i
JOIN {DROPLIKE} r ON r.account_id = i.src
JOIN collectors c ON c.account_id = i.dst
GROUP BY i.src, i.dst"""


def pair_flows_sql(pairs: str) -> str:
    """Payments along given account pairs (table ``pairs`` with src, dst), per pair."""
    return f"""
SELECT i.src, i.dst, count(*) AS payments, sum(i.amt) AS amount, min(i.sec) AS first_sec,
       max(i.sec) AS last_sec
FROM {INTERNAL} i JOIN {pairs} p ON p.src = i.src AND p.dst = i.dst
GROUP BY i.src, i.dst"""


def member_stats_sql(members: str) -> str:
    """What each ring member received and paid in total, in cash and abroad, and when."""
    return f"""
WITH legs AS (
    SELECT t.dst AS account_id, t.amt AS a_in, 0.0 AS a_out, 0.0 AS a_cash, t.src AS sender,
           t.sec
    FROM {TX} t JOIN {members} m ON m.account_id = t.dst
    UNION ALL
    SELECT t.src, 0.0, t.amt,
           CASE WHEN t.cash_out OR (t.dst IS NULL AND t.cp IS NOT NULL) THEN t.amt ELSE 0.0 END,
           CAST(NULL AS BIGINT), t.sec
    FROM {TX} t JOIN {members} m ON m.account_id = t.src)
SELECT l.account_id, a.holder_type, a.holder_id, sum(l.a_in) AS in_total,
       sum(l.a_out) AS out_total, sum(l.a_cash) AS out_cash_abroad,
       count(DISTINCT l.sender) AS senders, min(l.sec) AS first_sec
FROM legs l LEFT JOIN accounts a ON a.account_id = l.account_id
GROUP BY l.account_id, a.holder_type, a.holder_id"""
