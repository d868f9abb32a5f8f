WITH buys AS (
  SELECT
    buyer_id AS person_id,
    deal_id,
    ts,
    price_kzt,
    buyer_income
  FROM sec_deal
  WHERE
    asset_class <> 'real_estate' AND buyer_type = 'person' AND payment_form = 'cash'
), per_person AS (
  SELECT
    person_id,
    MIN(ts) AS first_ts,
    MAX(ts) AS last_ts,
    SUM(price_kzt) AS cash_paid,
    MAX(buyer_income) AS income,
    COLLECT_LIST(deal_id) AS deals
  FROM buys
  GROUP BY
    person_id
), r AS (
  SELECT
    *,
    cash_paid / GREATEST(COALESCE(income, 0.0), 1.0) AS income_months
  FROM per_person
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  first_ts AS window_start,
  last_ts AS window_end,
  LEAST(1.0, 0.5 + 0.5 * income_months / 24.0) AS score,
  STRUCT(
    cash_paid AS cash_paid_kzt,
    income AS declared_monthly_income,
    income_months AS months_of_income
  ) AS metrics,
  deals AS evidence
FROM r
WHERE
  cash_paid >= 1000000 AND income_months > 3.0
