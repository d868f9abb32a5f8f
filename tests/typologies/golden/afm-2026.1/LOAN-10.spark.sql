SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  status_date AS window_end,
  1.0 AS score,
  STRUCT(
    status AS status,
    DATEDIFF(DAY, issued, status_date) AS days_after_issue,
    amount_kzt AS amount_kzt
  ) AS metrics,
  ARRAY(loan_id) AS evidence
FROM sec_loan
WHERE
  status IN ('forgiven', 'assigned')
  AND status_date <= issued + INTERVAL '180' DAY
  AND status_date < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMP) AS DATE)
