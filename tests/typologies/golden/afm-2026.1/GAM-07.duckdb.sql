SELECT
  'person' AS subject_type,
  g.person_id AS subject_id,
  MIN(g.ts) AS window_start,
  MAX(g.ts) AS window_end,
  1.0 AS score,
  {'birth_date': ANY_VALUE(p.birth_date), 'operations': COUNT(*)} AS metrics,
  ARRAY_AGG(g.op_id) AS evidence
FROM gambling_ops AS g
JOIN persons AS p
  ON p.person_id = g.person_id
WHERE
  g.op_type IN ('deposit', 'bet', 'chips_buy')
  AND g.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
  AND g.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
  AND p.birth_date > CAST(g.ts AS DATE) - INTERVAL (
    21
  ) YEAR
GROUP BY
  g.person_id
