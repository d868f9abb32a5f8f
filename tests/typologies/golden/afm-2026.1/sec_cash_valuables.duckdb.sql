SELECT
  buyer_id AS person_id,
  MIN(ts) AS first_ts,
  MAX(ts) AS last_ts,
  SUM(price_kzt) AS cash_paid,
  MAX(buyer_income) AS income,
  ARRAY_AGG(deal_id) AS deals
FROM sec_deal
WHERE
  asset_class <> 'real_estate' AND buyer_type = 'person' AND payment_form = 'cash'
GROUP BY
  buyer_id
