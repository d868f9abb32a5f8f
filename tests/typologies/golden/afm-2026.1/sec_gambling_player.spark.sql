SELECT
  person_id,
  CAST(SUM(CASE WHEN op_type = 'deposit' THEN amount_kzt ELSE 0 END) AS DOUBLE) AS deposits,
  CAST(SUM(CASE WHEN op_type = 'chips_buy' THEN amount_kzt ELSE 0 END) AS DOUBLE) AS chips_bought,
  CAST(SUM(CASE WHEN op_type = 'chips_cashout' THEN amount_kzt ELSE 0 END) AS DOUBLE) AS chips_cashed,
  CAST(SUM(CASE WHEN op_type = 'bet' THEN amount_kzt ELSE 0 END) AS DOUBLE) AS stakes,
  CAST(SUM(CASE WHEN op_type = 'win' THEN amount_kzt ELSE 0 END) AS DOUBLE) AS wins,
  CAST(SUM(CASE WHEN op_type = 'withdrawal' THEN amount_kzt ELSE 0 END) AS DOUBLE) AS withdrawals,
  MIN(ts) AS first_ts,
  MAX(ts) AS last_ts
FROM gambling_ops
WHERE
  ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
  AND ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
GROUP BY
  person_id
