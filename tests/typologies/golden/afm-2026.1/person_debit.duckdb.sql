SELECT
  a.holder_id AS holder,
  t.txn_id,
  t.ts,
  t.src_account_id AS account_id,
  CAST(t.amount_kzt AS DOUBLE) AS amount_kzt,
  CASE
    WHEN t.type = 'cash_withdrawal'
    THEN 'cash'
    WHEN t.type = 'card_payment'
    THEN 'ecom'
    ELSE 'transfer'
  END AS kind,
  t.atm_id
FROM transactions AS t
JOIN acct AS a
  ON a.account_id = t.src_account_id AND a.holder_type = 'person'
LEFT JOIN xfer AS x
  ON x.txn_id = t.txn_id
WHERE
  t.status = 'completed'
  AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
  AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
  AND (
    (
      t.type = 'transfer' AND NOT COALESCE(x.related, FALSE)
    )
    OR t.type = 'cash_withdrawal'
    OR (
      t.type = 'card_payment' AND t.channel = 'ecom'
    )
  )
