SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  status_date AS window_end,
  1.0 AS score,
  {'status': status, 'days_after_issue': DATE_DIFF('DAY', issued, status_date), 'amount_kzt': amount_kzt} AS metrics,
  [loan_id] AS evidence
FROM sec_loan
WHERE
  status IN ('forgiven', 'assigned')
  AND status_date <= issued + INTERVAL (
    180
  ) DAY
  AND status_date < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
