SELECT
  l.loan_id,
  'lender' AS side,
  a.account_id
FROM sec_loan AS l
JOIN acct AS a
  ON a.holder_type = l.lender_party_type AND a.holder_id = l.lender_id
UNION ALL
SELECT
  l.loan_id,
  'borrower' AS side,
  a.account_id
FROM sec_loan AS l
JOIN acct AS a
  ON a.holder_type = l.borrower_type AND a.holder_id = l.borrower_id
