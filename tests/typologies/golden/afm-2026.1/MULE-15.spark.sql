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
), drops AS (
  SELECT
    holder AS person_id,
    peak_senders
  FROM person_p2p
  WHERE
    peak_senders >= 8
), shared AS (
  SELECT
    a.person_id,
    b.person_id AS drop_id,
    a.device_id,
    GREATEST(a.first_seen, b.first_seen) AS from_ts,
    LEAST(a.last_seen, b.last_seen) AS to_ts
  FROM seen AS a
  JOIN seen AS b
    ON a.device_id = b.device_id AND a.person_id <> b.person_id
  JOIN drops AS d
    ON d.person_id = b.person_id
  LEFT JOIN party_link AS l
    ON l.a_type = 'person'
    AND l.a_id = a.person_id
    AND l.b_type = 'person'
    AND l.b_id = b.person_id
  WHERE
    l.a_id IS NULL
), per_person AS (
  SELECT
    person_id,
    COUNT(DISTINCT drop_id) AS drops,
    COUNT(DISTINCT device_id) AS devices,
    MIN(from_ts) AS from_ts,
    MAX(to_ts) AS to_ts
  FROM shared
  GROUP BY
    person_id
  HAVING
    COUNT(DISTINCT drop_id) >= 2
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  p.from_ts AS window_start,
  p.to_ts AS window_end,
  1.0 AS score,
  STRUCT(p.drops AS drop_customers_on_device, p.devices AS shared_devices) AS metrics,
  COLLECT_LIST(a.account_id) AS evidence
FROM per_person AS p
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = p.person_id
WHERE
  a.opened < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMP) AS DATE)
GROUP BY
  a.account_id,
  p.drops,
  p.devices,
  p.from_ts,
  p.to_ts
