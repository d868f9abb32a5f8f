WITH ops AS (
  SELECT
    person_id,
    COLLECT_LIST(op_id) AS ids
  FROM gambling_ops
  WHERE
    ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
    AND ts < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
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
  STRUCT(
    p.chips_bought AS chips_bought_kzt,
    p.stakes AS stakes_kzt,
    p.chips_cashed AS chips_cashed_kzt
  ) AS metrics,
  o.ids AS evidence
FROM sec_gambling_player AS p
JOIN ops AS o
  ON o.person_id = p.person_id
WHERE
  p.chips_bought >= 1000000
  AND p.stakes <= 0.3 * p.chips_bought
  AND p.chips_cashed >= 0.6 * p.chips_bought
