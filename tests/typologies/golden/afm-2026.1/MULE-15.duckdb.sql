WITH drops AS (
  SELECT
    holder AS person_id,
    peak_senders
  FROM person_p2p
  WHERE
    peak_senders >= 8
), shared AS (
  SELECT
    p.person_id,
    p.other AS drop_id,
    p.device_id,
    p.from_ts,
    p.to_ts
  FROM device_partner AS p
  JOIN drops AS d
    ON d.person_id = p.other
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
  {'drop_customers_on_device': p.drops, 'shared_devices': p.devices} AS metrics,
  ARRAY_AGG(a.account_id) AS evidence
FROM per_person AS p
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = p.person_id
WHERE
  a.opened < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
GROUP BY
  a.account_id,
  p.drops,
  p.devices,
  p.from_ts,
  p.to_ts
