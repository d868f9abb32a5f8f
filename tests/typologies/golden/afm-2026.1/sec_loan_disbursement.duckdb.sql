SELECT
  loan_id,
  account_id,
  ts,
  amount_kzt,
  txn_id
FROM (
  SELECT
    l.loan_id,
    t.dst_account_id AS account_id,
    t.ts,
    t.amount_kzt,
    t.txn_id,
    ROW_NUMBER() OVER (PARTITION BY l.loan_id ORDER BY t.ts, t.txn_id) AS rn
  FROM sec_loan AS l
  JOIN sec_watch_txn AS t
    ON t.loan_id = l.loan_id
    AND t.dst_holder_type = l.borrower_type
    AND t.dst_holder_id = l.borrower_id
) AS d
WHERE
  rn = 1
