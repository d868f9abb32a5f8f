WITH hit AS (
  SELECT
    *
  FROM person_p2p
  WHERE
    inflow_kzt >= 500000 AND fast_out_kzt >= 0.8 * inflow_kzt
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  MIN(h.first_in) AS window_start,
  MIN(h.last_out) AS window_end,
  LEAST(1.0, MIN(h.fast_out_kzt) / MIN(h.inflow_kzt)) AS score,
  {'customer_inflow_kzt': MIN(h.inflow_kzt), 'passed_on_within_48h_kzt': MIN(h.fast_out_kzt), 'of_which_cash_kzt': MIN(h.fast_cash_kzt), 'credits_to_this_account': COUNT(c.txn_id)} AS metrics,
  ARRAY_AGG(c.txn_id) AS evidence
FROM hit AS h
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = h.holder
LEFT JOIN p2p_in AS c
  ON c.account_id = a.account_id
WHERE
  a.opened <= CAST(h.last_in AS DATE)
GROUP BY
  a.account_id
