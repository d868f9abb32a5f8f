SELECT
  t.txn_id,
  t.ts,
  t.type,
  t.channel,
  t.atm_id,
  t.card_id,
  COALESCE(t.src_account_id, t.dst_account_id) AS account_id,
  CAST(t.amount_kzt AS DOUBLE) AS amount_kzt
FROM transactions AS t
WHERE
  t.status = 'completed'
  AND t.type IN ('cash_withdrawal', 'cash_deposit')
  AND t.type BETWEEN 'cash_deposit' AND 'cash_withdrawal' /* pushed into the scan */
  AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
  AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
