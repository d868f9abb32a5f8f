SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  COALESCE(status_date, issued) AS window_end,
  CASE WHEN lender_owns_borrower THEN 0.5 ELSE 1.0 END AS score,
  STRUCT(
    rate AS rate,
    collateral AS collateral,
    amount_kzt AS amount_kzt,
    lender_owns_borrower AS lender_owns_borrower
  ) AS metrics,
  ARRAY(loan_id) AS evidence
FROM sec_loan
WHERE
  amount_kzt >= 5000000
  AND COALESCE(rate, 0) <= 0.02
  AND (
    collateral IS NULL OR TRIM(collateral) = ''
  )
