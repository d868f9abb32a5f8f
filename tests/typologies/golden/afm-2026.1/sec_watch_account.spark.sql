SELECT
  account_id
FROM sec_loan_party_account
UNION
SELECT
  a.account_id
FROM sec_deal AS d
JOIN acct AS a
  ON a.holder_type = d.buyer_type AND a.holder_id = d.buyer_id
UNION
SELECT
  a.account_id
FROM sec_contract AS c
JOIN acct AS a
  ON a.holder_type = 'entity' AND a.holder_id = c.entity_id
