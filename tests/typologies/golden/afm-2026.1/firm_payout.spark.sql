SELECT
  x.txn_id,
  x.ts,
  x.amount_kzt,
  x.type,
  x.knp,
  x.src_account_id AS payer_account,
  x.src_holder AS payer_entity,
  x.dst_account_id AS account_id,
  d.customer_id AS person_id
FROM xfer AS x
JOIN acct AS s
  ON s.account_id = x.src_account_id
JOIN acct AS d
  ON d.account_id = x.dst_account_id
WHERE
  NOT x.related
  AND s.holder_type = 'entity'
  AND s.entity_kind = 'company'
  AND d.customer_type = 'person'
