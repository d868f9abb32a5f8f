SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  p.first_in AS window_start,
  p.last_in AS window_end,
  1.0 AS score,
  {'card_expires': MIN(c.expires), 'customer_inflow_kzt': p.inflow_kzt} AS metrics,
  ARRAY_AGG(a.account_id) AS evidence
FROM cards AS c
JOIN acct AS a
  ON a.account_id = c.account_id AND a.holder_type = 'person'
JOIN person_p2p AS p
  ON p.holder = a.holder_id
WHERE
  NOT c.resident
  AND p.inflow_kzt >= 300000
  AND c.expires <= CAST(p.last_in AS DATE) + INTERVAL (
    60
  ) DAY
GROUP BY
  a.account_id,
  p.first_in,
  p.last_in,
  p.inflow_kzt
