WITH pairs AS (
  SELECT
    *
  FROM device_partner
), per_person AS (
  SELECT
    person_id,
    COUNT(DISTINCT other) + 1 AS customers,
    COUNT(DISTINCT device_id) AS devices,
    MIN(from_ts) AS from_ts,
    MAX(to_ts) AS to_ts
  FROM pairs
  GROUP BY
    person_id
  HAVING
    COUNT(DISTINCT other) + 1 >= 2
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  p.from_ts AS window_start,
  p.to_ts AS window_end,
  LEAST(1.0, (
    p.customers - 1
  ) / 3.0) AS score,
  {'customers_on_device': p.customers, 'shared_devices': p.devices} AS metrics,
  ARRAY_AGG(a.account_id) AS evidence
FROM per_person AS p
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = p.person_id
WHERE
  a.opened < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
GROUP BY
  a.account_id,
  p.customers,
  p.devices,
  p.from_ts,
  p.to_ts
