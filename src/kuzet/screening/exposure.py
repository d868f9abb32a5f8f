"""Wallet exposure and fiat payments to unlicensed platforms, as workspace tables.

``wallet_exposure`` (VA-05): one row per customer transfer whose counterparty address is a
registry wallet (``hops`` 1) or touched a registry wallet in another transfer (``hops`` 2).
``platform_payments`` (VA-01): one row per transaction paying a platform without an AFSA
licence, matched by merchant id, terminal id or beneficiary IBAN. The SQL is DuckDB's
dialect and runs through ``kuzet.engine``; registries travel as registered Arrow tables.
"""

from __future__ import annotations

import pyarrow as pa

from kuzet.engine import Backend
from kuzet.screening.crypto.registry import PlatformEntry, WalletEntry

WALLET_EXPOSURE = "wallet_exposure"
PLATFORM_PAYMENTS = "platform_payments"

_NORM = "CASE WHEN {c} = 'ethereum' OR {a} LIKE 'bc1%' THEN lower({a}) ELSE {a} END"


def wallet_table(wallets: list[WalletEntry]) -> pa.Table:
    live = [w for w in wallets if w.active()]
    return pa.table(
        {
            "chain": pa.array([w.chain for w in live], pa.string()),
            "address": pa.array([w.address for w in live], pa.string()),
            "category": pa.array([w.category for w in live], pa.string()),
            "confidence": pa.array([w.confidence for w in live], pa.float64()),
            "source": pa.array([w.source for w in live], pa.string()),
        }
    )


def exposure_sql() -> str:
    """Direct and two-hop exposure of customers' transfers to ``reg_wallets``."""
    f = _NORM.format(c="chain", a="from_address")
    t = _NORM.format(c="chain", a="to_address")
    return f"""
WITH e AS (
  SELECT transfer_id, person_id, chain, {f} AS a, {t} AS b FROM crypto_transfers
), ends AS (
  SELECT transfer_id, person_id, chain, a AS own, b AS other FROM e
  UNION ALL SELECT transfer_id, person_id, chain, b AS own, a AS other FROM e
), direct AS (
  SELECT x.person_id, x.transfer_id, x.chain, x.own AS wallet, x.other AS counterparty,
         1 AS hops, CAST(NULL AS VARCHAR) AS via_address, r.address AS listed_address,
         r.category, r.confidence, r.source
  FROM ends x JOIN reg_wallets r ON r.chain = x.chain AND r.address = x.other
  WHERE x.person_id IS NOT NULL
), twohop AS (
  SELECT x.person_id, x.transfer_id, x.chain, x.own AS wallet, x.other AS counterparty,
         2 AS hops, x.other AS via_address, r.address AS listed_address,
         r.category, r.confidence, r.source
  FROM ends x
  JOIN ends y ON y.own = x.other AND y.chain = x.chain AND y.transfer_id <> x.transfer_id
  JOIN reg_wallets r ON r.chain = y.chain AND r.address = y.other
  WHERE x.person_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM reg_wallets q WHERE q.chain = x.chain AND q.address = x.other)
    AND r.address <> x.own
)
SELECT DISTINCT * FROM (SELECT * FROM direct UNION ALL SELECT * FROM twohop)
ORDER BY person_id, transfer_id, hops, listed_address
"""


def platform_table(platforms: list[PlatformEntry]) -> pa.Table:
    rows: list[tuple[str, str, str, bool]] = []
    for p in platforms:
        for kind, values in (
            ("merchant_id", p.merchant_ids),
            ("terminal_id", p.terminal_ids),
            ("iban", p.ibans),
        ):
            rows += [(p.name, kind, v.replace(" ", "").upper(), p.licensed) for v in values]
    names, kinds, values, licensed = zip(*rows, strict=True) if rows else ((), (), (), ())
    return pa.table(
        {
            "platform": pa.array(names, pa.string()),
            "matched_on": pa.array(kinds, pa.string()),
            "value": pa.array(values, pa.string()),
            "licensed": pa.array(licensed, pa.bool_()),
        }
    )


def platform_payments_sql(with_workspace_platforms: bool) -> str:
    """Transactions paying an unlicensed platform, by merchant, terminal or beneficiary IBAN."""
    ws = (
        """
  UNION ALL SELECT name, 'merchant_id', upper(merchant_id), licensed FROM crypto_platforms
    WHERE merchant_id IS NOT NULL
  UNION ALL SELECT name, 'iban', upper(replace(iban, ' ', '')), licensed FROM crypto_platforms
    WHERE iban IS NOT NULL"""
        if with_workspace_platforms
        else ""
    )
    return f"""
WITH p AS (
  SELECT platform, matched_on, value, licensed FROM reg_platforms{ws}
), unlicensed AS (
  SELECT platform, matched_on, value FROM p GROUP BY ALL HAVING NOT bool_or(licensed)
), t AS (
  SELECT txn_id, ts, src_account_id, amount_kzt, upper(merchant_id) AS merchant_id,
         upper(terminal_id) AS terminal_id, upper(replace(cp_iban, ' ', '')) AS cp_iban
  FROM transactions
)
SELECT DISTINCT t.txn_id, t.ts, t.src_account_id, t.amount_kzt, u.platform, u.matched_on,
       u.value AS matched_value
FROM t JOIN unlicensed u ON (u.matched_on = 'merchant_id' AND u.value = t.merchant_id)
  OR (u.matched_on = 'terminal_id' AND u.value = t.terminal_id)
  OR (u.matched_on = 'iban' AND u.value = t.cp_iban)
ORDER BY t.txn_id
"""


def compute_exposure(backend: Backend, tables: list[str], wallets: list[WalletEntry]) -> pa.Table:
    """Run the exposure query (empty result when the workspace has no crypto transfers)."""
    backend.register_arrow("reg_wallets", wallet_table(wallets))
    if "crypto_transfers" not in tables:
        return pa.table({})
    return backend.query(exposure_sql(), step="screening.wallet_exposure")


def compute_platform_payments(
    backend: Backend, tables: list[str], platforms: list[PlatformEntry]
) -> pa.Table:
    backend.register_arrow("reg_platforms", platform_table(platforms))
    if "transactions" not in tables:
        return pa.table({})
    sql = platform_payments_sql("crypto_platforms" in tables)
    return backend.query(sql, step="screening.platform_payments")
