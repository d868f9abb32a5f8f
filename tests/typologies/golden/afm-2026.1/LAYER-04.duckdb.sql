SELECT
  'account' AS subject_type,
  r.account_id AS subject_id,
  MIN(r.first_ts) AS window_start,
  MAX(r.last_ts) AS window_end,
  LEAST(1.0, MAX(r.relayed_kzt) / MAX(r.inflow_kzt)) AS score,
  {'credits_500k_kzt': MAX(r.inflow_kzt), 'relayed_kzt': MAX(r.relayed_kzt), 'relayed_credits': MAX(r.relay_events), 'passed_on_kzt': MAX(r.fast_out_kzt), 'recipients': MAX(r.recipients)} AS metrics,
  ARRAY_AGG(e.txn_id) AS evidence
FROM relay AS r
JOIN relay_event AS e
  ON e.account_id = r.account_id AND e.relayed
WHERE
  NOT r.to_cash
  AND r.relayed_kzt >= 500000
  AND r.relayed_kzt >= 0.4 * r.inflow_kzt
  AND r.p2p_peak_senders < 8
GROUP BY
  r.account_id
