WITH r AS (
  SELECT
    loan_id,
    issued,
    status_date,
    amount_kzt,
    borrower_type,
    CASE
      WHEN borrower_type = 'person'
      THEN amount_kzt / GREATEST(COALESCE(borrower_income, 0), 1.0)
      ELSE amount_kzt / GREATEST(COALESCE(borrower_tax, 0), 1.0)
    END AS multiple,
    CASE WHEN borrower_type = 'person' THEN 36 ELSE 50.0 END AS cap
  FROM sec_loan
  WHERE
    amount_kzt >= 1000000
)
SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  issued AS window_start,
  COALESCE(status_date, issued) AS window_end,
  LEAST(1.0, 0.5 * multiple / cap) AS score,
  STRUCT(
    multiple AS multiple_of_capacity,
    borrower_type AS borrower_type,
    amount_kzt AS amount_kzt
  ) AS metrics,
  ARRAY(loan_id) AS evidence
FROM r
WHERE
  multiple > cap
