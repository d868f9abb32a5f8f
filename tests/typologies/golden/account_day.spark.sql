WITH legs AS (
  SELECT
    dst_account_id AS account_id,
    ts,
    amount_kzt AS credit,
    0 AS debit
  FROM transactions
  WHERE
    status = 'completed' AND NOT dst_account_id IS NULL
  UNION ALL
  SELECT
    src_account_id AS account_id,
    ts,
    0 AS credit,
    amount_kzt AS debit
  FROM transactions
  WHERE
    status = 'completed' AND NOT src_account_id IS NULL
)
SELECT
  account_id,
  CAST(ts AS DATE) AS day,
  CAST(SUM(credit) AS DOUBLE) AS credits_kzt,
  CAST(SUM(debit) AS DOUBLE) AS debits_kzt,
  COUNT(*) AS legs
FROM legs
WHERE
  ts >= CAST('2024-06-01 00:00:00' AS TIMESTAMP)
  AND ts < CAST('2024-07-01 00:00:00' AS TIMESTAMP)
GROUP BY
  account_id,
  CAST(ts AS DATE)
