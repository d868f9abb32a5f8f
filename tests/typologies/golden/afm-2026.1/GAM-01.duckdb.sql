WITH ops AS (
  SELECT
    person_id,
    ARRAY_AGG(op_id) AS ids
  FROM gambling_ops
  WHERE
    ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND op_type IN ('chips_buy', 'chips_cashout')
  GROUP BY
    person_id
)
SELECT
  'person' AS subject_type,
  p.person_id AS subject_id,
  p.first_ts AS window_start,
  p.last_ts AS window_end,
  1.0 AS score,
  {'chips_bought_kzt': p.chips_bought, 'stakes_kzt': p.stakes, 'chips_cashed_kzt': p.chips_cashed} AS metrics,
  o.ids AS evidence
FROM sec_gambling_player AS p
JOIN ops AS o
  ON o.person_id = p.person_id
WHERE
  p.chips_bought >= 1000000
  AND p.stakes <= 0.3 * p.chips_bought
  AND p.chips_cashed >= 0.6 * p.chips_bought
