SELECT
  t.txn_id,
  t.ts,
  t.type,
  t.src_account_id,
  t.dst_account_id,
  t.loan_id,
  CAST(t.amount_kzt AS DOUBLE) AS amount_kzt,
  sa.holder_type AS src_holder_type,
  sa.holder_id AS src_holder_id,
  da.holder_type AS dst_holder_type,
  da.holder_id AS dst_holder_id
FROM transactions AS t
LEFT JOIN accounts AS sa
  ON sa.account_id = t.src_account_id
LEFT JOIN accounts AS da
  ON da.account_id = t.dst_account_id
WHERE
  t.status = 'completed'
  AND t.ts >= CAST(CAST('2026-01-01 00:00:00' AS TIMESTAMP) AS DATE) - INTERVAL '180' DAY
  AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
  AND (
    t.src_account_id IN (
      SELECT
        account_id
      FROM sec_watch_account
    )
    OR t.dst_account_id IN (
      SELECT
        account_id
      FROM sec_watch_account
    )
  )
