WITH ops AS (
  SELECT
    t.src_account_id AS account_id,
    t.txn_id,
    t.ts,
    t.type
  FROM transactions AS t
  JOIN acct AS a
    ON a.account_id = t.src_account_id AND a.product = 'credit_card'
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND t.type IN ('cash_withdrawal', 'card_payment', 'transfer', 'bill_payment')
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'cash_withdrawals': COUNT_IF(type = 'cash_withdrawal')} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM ops
GROUP BY
  account_id
HAVING
  COUNT_IF(type = 'cash_withdrawal') >= 2
  AND COUNT_IF(type <> 'cash_withdrawal') = 0
