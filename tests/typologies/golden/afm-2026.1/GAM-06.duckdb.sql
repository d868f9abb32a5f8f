WITH terminal_mcc AS (
  SELECT DISTINCT
    t.terminal_id,
    COALESCE(m.mcc, t.mcc) AS mcc
  FROM transactions AS t
  LEFT JOIN merchants AS m
    ON m.merchant_id = t.merchant_id
  WHERE
    t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND t.terminal_id IN (
      SELECT
        terminal_id
      FROM gambling_ops
      WHERE
        NOT terminal_id IS NULL
    )
), grey AS (
  SELECT
    g.op_id,
    g.ts,
    g.person_id,
    g.terminal_id
  FROM gambling_ops AS g
  JOIN terminal_mcc AS tm
    ON tm.terminal_id = g.terminal_id
  WHERE
    g.op_type IN ('deposit', 'bet', 'chips_buy')
    AND g.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND g.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND NOT ARRAY_CONTAINS(['7800', '7801', '7802', '7995'], COALESCE(tm.mcc, ''))
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'grey_payments': COUNT(DISTINCT op_id), 'terminals': COUNT(DISTINCT terminal_id)} AS metrics,
  ARRAY_AGG(DISTINCT op_id) AS evidence
FROM grey
GROUP BY
  person_id
