WITH received AS (
  SELECT
    account_id,
    SUM(amount_kzt) AS big_in_kzt
  FROM big_flow
  WHERE
    dir = 'in'
  GROUP BY
    account_id
), ev AS (
  SELECT
    account_id,
    SUM(amount_kzt) AS inflow_kzt,
    COUNT(*) AS credits,
    SUM(CASE WHEN relayed THEN amount_kzt ELSE 0 END) AS relayed_kzt,
    COUNT_IF(relayed) AS relay_events,
    COUNT(DISTINCT CASE WHEN relayed THEN other_key END) AS senders,
    MIN(CASE WHEN relayed THEN ts END) AS first_ts
  FROM relay_event
  GROUP BY
    account_id
), outflow AS (
  SELECT
    account_id,
    SUM(amount_kzt) AS fast_out_kzt,
    COUNT(DISTINCT other_key) AS recipients,
    MAX(ts) AS last_ts
  FROM fast_out
  GROUP BY
    account_id
)
SELECT
  r.account_id,
  r.big_in_kzt,
  COALESCE(e.inflow_kzt, 0) AS inflow_kzt,
  COALESCE(e.credits, 0) AS credits,
  COALESCE(e.relayed_kzt, 0) AS relayed_kzt,
  COALESCE(e.relay_events, 0) AS relay_events,
  COALESCE(e.senders, 0) AS senders,
  COALESCE(o.fast_out_kzt, 0) AS fast_out_kzt,
  COALESCE(o.recipients, 0) AS recipients,
  COALESCE(c.cashout_share, 0) >= 0.5 OR COALESCE(f.feed_share, 0) >= 0.5 AS to_cash,
  COALESCE(p.peak_senders, 0) AS p2p_peak_senders,
  e.first_ts,
  COALESCE(o.last_ts, e.first_ts) AS last_ts
FROM received AS r
JOIN acct AS a
  ON a.account_id = r.account_id
LEFT JOIN ev AS e
  ON e.account_id = r.account_id
LEFT JOIN outflow AS o
  ON o.account_id = r.account_id
LEFT JOIN firm_cashout AS c
  ON c.account_id = r.account_id
LEFT JOIN firm_feeder AS f
  ON f.account_id = r.account_id
LEFT JOIN person_p2p AS p
  ON a.holder_type = 'person' AND p.holder = a.holder_id
