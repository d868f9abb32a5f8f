WITH w AS (
  /* out of a watched account, then into one from an unwatched one: two narrow scans */
  SELECT
    t.txn_id,
    t.ts,
    t.type,
    t.src_account_id,
    t.dst_account_id,
    t.loan_id,
    t.amount_kzt
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST(CAST('2026-01-01 00:00:00' AS TIMESTAMP) AS DATE) - INTERVAL '180' DAY
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
    AND t.src_account_id IN (
      SELECT
        account_id
      FROM sec_watch_account
    )
), w_in AS (
  SELECT
    t.txn_id,
    t.ts,
    t.type,
    t.src_account_id,
    t.dst_account_id,
    t.loan_id,
    t.amount_kzt
  FROM transactions AS t
  LEFT JOIN sec_watch_account AS ws
    ON ws.account_id = t.src_account_id
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST(CAST('2026-01-01 00:00:00' AS TIMESTAMP) AS DATE) - INTERVAL '180' DAY
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
    AND t.dst_account_id IN (
      SELECT
        account_id
      FROM sec_watch_account
    )
    AND ws.account_id IS NULL
)
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
FROM (
  SELECT
    *
  FROM w
  UNION ALL
  SELECT
    *
  FROM w_in
) AS t
LEFT JOIN acct AS sa
  ON sa.account_id = t.src_account_id
LEFT JOIN acct AS da
  ON da.account_id = t.dst_account_id
