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
  {'cash_paid_kzt': cash_paid, 'declared_monthly_income': income, 'months_of_income': income_months} AS metrics,
  deals AS evidence
FROM r
WHERE
  cash_paid >= 1000000 AND income_months > 3.0
