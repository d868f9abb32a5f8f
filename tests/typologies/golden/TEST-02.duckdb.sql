WITH days AS (
  SELECT
    account_id,
    day,
    credits_kzt,
    debits_kzt
  FROM account_day
  WHERE
    credits_kzt >= 100000 AND debits_kzt >= 0.8 * credits_kzt
)
SELECT
  'account' AS subject_type,
  d.account_id AS subject_id,
  MIN(d.day) AS window_start,
  MAX(d.day) + INTERVAL '1' DAY AS window_end,
  LEAST(1.0, MAX(d.debits_kzt / d.credits_kzt)) AS score,
  {'days': COUNT(DISTINCT d.day), 'max_share': MAX(d.debits_kzt / d.credits_kzt)} AS metrics,
  ARRAY_AGG(DISTINCT t.txn_id) AS evidence
FROM days AS d
JOIN transactions AS t
  ON (
    t.src_account_id = d.account_id OR t.dst_account_id = d.account_id
  )
  AND CAST(t.ts AS DATE) = d.day
  AND t.status = 'completed'
GROUP BY
  d.account_id
