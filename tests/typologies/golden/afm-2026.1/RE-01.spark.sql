SELECT
  'deal' AS subject_type,
  deal_id AS subject_id,
  ts AS window_start,
  ts AS window_end,
  LEAST(
    1.0,
    0.5 * (
      price_kzt / (
        12.0 * GREATEST(COALESCE(buyer_income, 0), 1.0)
      )
    ) / 10.0
  ) * CASE WHEN payment_form = 'mortgage' THEN 0.5 ELSE 1.0 END AS score,
  STRUCT(
    price_kzt AS price_kzt,
    buyer_income AS declared_monthly_income,
    price_kzt / (
      12.0 * GREATEST(COALESCE(buyer_income, 0), 1.0)
    ) AS years_of_income,
    payment_form AS payment_form
  ) AS metrics,
  ARRAY(deal_id) AS evidence
FROM sec_deal
WHERE
  asset_class = 'real_estate'
  AND buyer_type = 'person'
  AND price_kzt > 10.0 * 12.0 * COALESCE(buyer_income, 0)
