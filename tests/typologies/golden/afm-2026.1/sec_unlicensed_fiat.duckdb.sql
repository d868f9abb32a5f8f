WITH unlicensed AS (
  SELECT
    platform_id,
    merchant_id,
    iban,
    operator_entity_id
  FROM crypto_platforms
  WHERE
    NOT licensed
), op_accounts AS (
  SELECT
    a.account_id,
    u.platform_id
  FROM unlicensed AS u
  JOIN acct AS a
    ON a.holder_type = 'entity' AND a.holder_id = u.operator_entity_id
), paid AS (
  /* one narrow scan per way of paying: each is a semi-join the engine can push down */
  SELECT
    t.txn_id,
    t.ts,
    t.amount_kzt,
    t.src_account_id,
    t.merchant_id,
    t.cp_iban,
    t.dst_account_id
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.type IN ('card_payment', 'transfer')
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND t.merchant_id IN (
      SELECT
        merchant_id
      FROM unlicensed
    )
  UNION
  SELECT
    t.txn_id,
    t.ts,
    t.amount_kzt,
    t.src_account_id,
    t.merchant_id,
    t.cp_iban,
    t.dst_account_id
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.type IN ('card_payment', 'transfer')
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND t.cp_iban IN (
      SELECT
        iban
      FROM unlicensed
    )
  UNION
  SELECT
    t.txn_id,
    t.ts,
    t.amount_kzt,
    t.src_account_id,
    t.merchant_id,
    t.cp_iban,
    t.dst_account_id
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.type IN ('card_payment', 'transfer')
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND t.dst_account_id IN (
      SELECT
        account_id
      FROM op_accounts
    )
)
SELECT
  p.txn_id,
  p.ts,
  CAST(p.amount_kzt AS DOUBLE) AS amount_kzt,
  sa.holder_type,
  sa.holder_id,
  COALESCE(um.platform_id, ui.platform_id, oa.platform_id) AS platform_id
FROM paid AS p
JOIN acct AS sa
  ON sa.account_id = p.src_account_id
LEFT JOIN unlicensed AS um
  ON um.merchant_id = p.merchant_id
LEFT JOIN unlicensed AS ui
  ON ui.iban = p.cp_iban
LEFT JOIN op_accounts AS oa
  ON oa.account_id = p.dst_account_id
