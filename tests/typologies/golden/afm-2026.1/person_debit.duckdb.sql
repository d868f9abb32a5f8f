SELECT
  x.src_holder AS holder,
  x.txn_id,
  x.ts,
  x.src_account_id AS account_id,
  x.amount_kzt,
  'transfer' AS kind,
  CAST(NULL AS TEXT) AS atm_id
FROM xfer AS x
WHERE
  x.type = 'transfer' AND x.src_type = 'person' AND NOT x.related
UNION ALL
SELECT
  a.holder_id,
  o.txn_id,
  o.ts,
  o.account_id,
  o.amount_kzt,
  'cash',
  o.atm_id
FROM cash_op AS o
JOIN acct AS a
  ON a.account_id = o.account_id AND a.holder_type = 'person'
WHERE
  o.type = 'cash_withdrawal'
UNION ALL
SELECT
  a.holder_id,
  t.txn_id,
  t.ts,
  t.src_account_id,
  CAST(t.amount_kzt AS DOUBLE),
  'ecom',
  t.atm_id
FROM transactions AS t
JOIN acct AS a
  ON a.account_id = t.src_account_id AND a.holder_type = 'person'
WHERE
  t.status = 'completed'
  AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
  AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
  AND t.type = 'card_payment'
  AND t.channel = 'ecom'
