SELECT
  t.txn_id,
  t.contract_id,
  t.ts,
  CAST(t.amount_kzt AS DOUBLE) AS amount_kzt,
  c.direction,
  c.entity_id,
  t.cp_name,
  t.cp_country,
  sa.holder_type AS src_holder_type,
  sa.holder_id AS src_holder_id,
  da.holder_type AS dst_holder_type,
  da.holder_id AS dst_holder_id,
  t.src_account_id,
  t.dst_account_id,
  CASE
    WHEN c.direction = 'import'
    THEN COALESCE(sa.holder_type = 'entity' AND sa.holder_id = c.entity_id, FALSE)
    ELSE COALESCE(da.holder_type = 'entity' AND da.holder_id = c.entity_id, FALSE)
  END AS own_party, /* our side: the contract's Kazakhstani party pays an import, receives an export */
  COALESCE(
    REGEXP_EXTRACT(LOWER(t.cp_name), '^[^ ,.«»"]+', 0) = REGEXP_EXTRACT(LOWER(c.cp_name), '^[^ ,.«»"]+', 0),
    FALSE
  ) AS same_counterparty, /* foreign side: the counterparty named in the contract (first word of the name) */
  COALESCE(t.cp_country = c.cp_country, FALSE) AS same_country
FROM transactions AS t
JOIN sec_contract AS c
  ON c.contract_id = t.contract_id
LEFT JOIN acct AS sa
  ON sa.account_id = t.src_account_id
LEFT JOIN acct AS da
  ON da.account_id = t.dst_account_id
WHERE
  t.status = 'completed'
  AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
  AND t.ts >= CAST(CAST('2026-01-01 00:00:00' AS TIMESTAMP) AS DATE) - INTERVAL '180' DAY
