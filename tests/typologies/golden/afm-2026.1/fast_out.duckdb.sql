SELECT DISTINCT
  o.account_id,
  o.txn_id,
  o.ts,
  o.amount_kzt,
  o.other_account,
  o.other_key
FROM relay_event AS e
JOIN big_flow AS o
  ON o.account_id = e.account_id
  AND o.dir = 'out'
  AND o.ts > e.ts
  AND o.ts <= e.ts + INTERVAL '72' HOUR
  AND o.amount_kzt >= 0.02 * e.amount_kzt
WHERE
  e.relayed
