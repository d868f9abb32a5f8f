SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  COALESCE(status_date, issued) AS window_end,
  CASE WHEN n_sched = 0 THEN 1.0 ELSE 0.6 END * CASE WHEN lender_owns_borrower THEN 0.5 ELSE 1.0 END AS score,
  {'instalments': n_sched, 'scheduled_principal': sched_principal, 'amount_kzt': amount_kzt, 'term_months': term_months, 'lender_owns_borrower': lender_owns_borrower} AS metrics,
  [loan_id] AS evidence
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
