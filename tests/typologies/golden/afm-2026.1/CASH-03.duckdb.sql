WITH hit AS (
  SELECT
    *
  FROM person_cashout
  WHERE
    inflow_kzt >= 300000 AND cash_share >= 0.8
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  MIN(h.first_in) AS window_start,
  MIN(h.last_out) AS window_end,
  LEAST(1.0, MIN(h.cash_share)) AS score,
  {'received_from_companies_kzt': MIN(h.inflow_kzt), 'cash_within_48h_kzt': MIN(h.cash_48h_kzt), 'atms': MIN(h.atms), 'cash_desk_withdrawals': MIN(h.desk_ops)} AS metrics,
  ARRAY_AGG(f.txn_id) AS evidence
FROM hit AS h
JOIN acct AS a
  ON a.customer_type = 'person' AND a.customer_id = h.person_id
LEFT JOIN firm_payout AS f
  ON f.account_id = a.account_id
WHERE
  a.opened <= CAST(h.last_in AS DATE)
GROUP BY
  a.account_id
