WITH r AS (
  SELECT
    *,
    cash_paid / GREATEST(COALESCE(income, 0.0), 1.0) AS income_months
  FROM sec_cash_valuables
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  first_ts AS window_start,
  last_ts AS window_end,
  LEAST(1.0, 0.5 + 0.5 * income_months / 12.0) AS score,
  STRUCT(
    cash_paid AS cash_paid_kzt,
    income AS declared_monthly_income,
    income_months AS months_of_income
  ) AS metrics,
  deals AS evidence
FROM r
WHERE
  cash_paid >= 1000000 AND income_months > 3.0
