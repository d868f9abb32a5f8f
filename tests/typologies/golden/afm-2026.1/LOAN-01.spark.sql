SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  COALESCE(status_date, issued) AS window_end,
  CASE WHEN n_sched = 0 THEN 1.0 ELSE 0.6 END * CASE WHEN lender_owns_borrower THEN 0.5 ELSE 1.0 END AS score,
  STRUCT(
    n_sched AS instalments,
    sched_principal AS scheduled_principal,
    amount_kzt AS amount_kzt,
    term_months AS term_months,
    lender_owns_borrower AS lender_owns_borrower
  ) AS metrics,
  ARRAY(loan_id) AS evidence
FROM sec_loan
WHERE
  amount_kzt >= 1000000
  AND (
    n_sched = 0
    OR sched_principal < 0.5 * amount_kzt
    OR (
      n_sched = 1 AND COALESCE(term_months, 0) > 12
    )
  )
