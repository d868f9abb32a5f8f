SELECT
  'account' AS subject_type,
  src_account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  LEAST(1.0, COUNT(*) / 5.0) AS score,
  STRUCT(COUNT(*) AS payments, CAST(SUM(amount_kzt) AS DOUBLE) AS total_kzt) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM transactions
WHERE
  type = 'card_payment'
  AND status = 'completed'
  AND ARRAY_CONTAINS(ARRAY('7995', '7801'), mcc)
  AND ts >= CAST('2024-06-01 00:00:00' AS TIMESTAMP)
  AND ts < CAST('2024-07-01 00:00:00' AS TIMESTAMP)
GROUP BY
  src_account_id
HAVING
  COUNT(*) >= 2
