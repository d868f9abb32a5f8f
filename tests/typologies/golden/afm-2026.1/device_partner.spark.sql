WITH seen AS (
  SELECT
    device_id,
    party_id AS person_id,
    MIN(first_seen) AS first_seen,
    MAX(last_seen) AS last_seen
  FROM devices
  WHERE
    party_type = 'person'
    AND NOT device_id IS NULL
    AND COALESCE(first_seen, CAST('2026-01-01 00:00:00' AS TIMESTAMP)) < CAST('2026-03-01 00:00:00' AS TIMESTAMP)
    AND COALESCE(last_seen, CAST('2026-03-01 00:00:00' AS TIMESTAMP)) >= CAST('2026-01-01 00:00:00' AS TIMESTAMP)
  GROUP BY
    device_id,
    party_id
)
SELECT
  a.device_id,
  a.person_id,
  b.person_id AS other,
  GREATEST(a.first_seen, b.first_seen) AS from_ts,
  LEAST(a.last_seen, b.last_seen) AS to_ts
FROM seen AS a
JOIN seen AS b
  ON a.device_id = b.device_id AND a.person_id <> b.person_id
LEFT JOIN party_link AS l
  ON l.a_type = 'person'
  AND l.a_id = a.person_id
  AND l.b_type = 'person'
  AND l.b_id = b.person_id
WHERE
  l.a_id IS NULL
