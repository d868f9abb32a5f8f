WITH rep AS (
  SELECT
    d.loan_id,
    d.amount_kzt AS disbursed,
    d.ts AS disbursed_at,
    t.txn_id,
    t.amount_kzt AS amt,
    NOT COALESCE(t.src_holder_type = l.borrower_type AND t.src_holder_id = l.borrower_id, FALSE) AS third_party
  FROM sec_loan_disbursement AS d
  JOIN sec_loan AS l
    ON l.loan_id = d.loan_id
  JOIN sec_loan_party_account AS la
    ON la.loan_id = d.loan_id AND la.side = 'lender'
  JOIN sec_watch_txn AS t
    ON t.dst_account_id = la.account_id
    AND t.ts > d.ts
    AND t.ts <= d.ts + INTERVAL '30' DAY
    AND t.type IN ('transfer', 'loan_repayment', 'cash_deposit')
  WHERE
    t.loan_id = d.loan_id
    OR (
      t.src_holder_type = l.borrower_type AND t.src_holder_id = l.borrower_id
    )
)
SELECT
  'loan' AS subject_type,
  loan_id AS subject_id,
  MIN(disbursed_at) AS window_start,
  MIN(disbursed_at) + INTERVAL '30' DAY AS window_end,
  CASE
    WHEN BOOL_OR(third_party)
    THEN 1.0
    ELSE LEAST(1.0, SUM(amt) / ANY_VALUE(disbursed) IGNORE NULLS)
  END AS score,
  STRUCT(
    SUM(amt) AS repaid_kzt,
    ANY_VALUE(disbursed) IGNORE NULLS AS disbursed_kzt,
    BOOL_OR(third_party) AS third_party_or_cash
  ) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM rep
GROUP BY
  loan_id
HAVING
  SUM(amt) >= 0.5 * ANY_VALUE(disbursed) IGNORE NULLS OR BOOL_OR(third_party)
