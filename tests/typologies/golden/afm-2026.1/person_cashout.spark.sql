SELECT
  person_id,
  SUM(amount_kzt) AS inflow_kzt,
  COUNT(*) AS credits,
  COUNT(DISTINCT payer_account) AS payers,
  MIN(ts) AS first_in,
  MAX(ts) AS last_in,
  SUM(cashed_kzt) AS cash_48h_kzt,
  SUM(cash_ops) AS cash_ops,
  MAX(atms) AS atms,
  SUM(desk_ops) AS desk_ops,
  COALESCE(MAX(last_cash), MAX(ts)) AS last_out,
  LEAST(1.0, SUM(cashed_kzt) / SUM(amount_kzt)) AS cash_share
FROM payout_cash
GROUP BY
  person_id
