WITH near AS (
  SELECT
    op_id,
    person_id,
    ts
  FROM gambling_ops
  WHERE
    op_type = 'win'
    AND ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND amount_kzt < 1000000
    AND amount_kzt >= (
      1.0 - 0.1
    ) * 1000000
), runs AS (
  SELECT
    a.person_id,
    a.ts AS anchor_ts,
    COUNT(*) AS n
  FROM near AS a
  JOIN near AS b
    ON b.person_id = a.person_id
    AND b.ts >= a.ts
    AND b.ts <= a.ts + INTERVAL (
      30
    ) DAY
  GROUP BY
    a.person_id,
    a.ts
  HAVING
    COUNT(*) >= 2
), members AS (
  SELECT DISTINCT
    r.person_id,
    n.op_id,
    n.ts,
    r.n
  FROM runs AS r
  JOIN near AS n
    ON n.person_id = r.person_id
    AND n.ts >= r.anchor_ts
    AND n.ts <= r.anchor_ts + INTERVAL (
      30
    ) DAY
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  LEAST(1.0, 0.6 + 0.2 * (
    MAX(n) - 2
  )) AS score,
  {'wins_just_below': MAX(n)} AS metrics,
  ARRAY_AGG(op_id) AS evidence
FROM members
GROUP BY
  person_id
