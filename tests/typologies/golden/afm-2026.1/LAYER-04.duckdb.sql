SELECT
  'account' AS subject_type,
  r.account_id AS subject_id,
  MIN(r.first_ts) AS window_start,
  MAX(r.last_ts) AS window_end,
  LEAST(1.0, MAX(r.fast_out_kzt) / MAX(r.inflow_kzt)) AS score,
  {'received_kzt': MAX(r.inflow_kzt), 'passed_on_within_72h_kzt': MAX(r.fast_out_kzt), 'senders': MAX(r.senders), 'recipients': MAX(r.recipients), 'lowest_running_balance_kzt': MAX(r.min_balance)} AS metrics,
  ARRAY_AGG(b.txn_id) AS evidence
FROM relay AS r
JOIN big_flow AS b
  ON b.account_id = r.account_id
WHERE
  r.balanced
  AND NOT r.to_cash
  AND r.inflow_kzt >= 500000
  AND r.fast_out_kzt >= 0.8 * r.inflow_kzt
  AND r.inflow_kzt >= 500000 * r.credits
  AND r.p2p_peak_senders < 3
GROUP BY
  r.account_id
