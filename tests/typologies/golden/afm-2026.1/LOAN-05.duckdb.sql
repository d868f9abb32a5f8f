WITH out_legs AS (
  SELECT
    d.loan_id,
    d.amount_kzt AS disbursed,
    d.ts AS disbursed_at,
    t.txn_id,
    t.amount_kzt AS amt,
    t.type
  FROM sec_loan_disbursement AS d
  JOIN sec_watch_txn AS t
    ON t.src_account_id = d.account_id
    AND t.ts > d.ts
    AND t.ts <= d.ts + INTERVAL (
      72
    ) HOUR
  JOIN sec_loan AS l
    ON l.loan_id = d.loan_id
  WHERE
    t.type = 'cash_withdrawal'
    OR (
      t.type = 'transfer'
      AND NOT COALESCE(t.dst_holder_type = l.borrower_type AND t.dst_holder_id = l.borrower_id, FALSE)
    )
)
SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  MIN(disbursed_at) AS window_start,
  MIN(disbursed_at) + INTERVAL (
    72
  ) HOUR AS window_end,
  LEAST(1.0, SUM(amt) / ANY_VALUE(disbursed)) AS score,
  {'moved_kzt': SUM(amt), 'disbursed_kzt': ANY_VALUE(disbursed), 'cash_kzt': SUM(CASE WHEN type = 'cash_withdrawal' THEN amt ELSE 0 END)} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM out_legs
GROUP BY
  loan_id
HAVING
  SUM(amt) >= 0.7 * ANY_VALUE(disbursed)
