SELECT
  o.account_id,
  o.txn_id,
  o.ts,
  o.amount_kzt,
  o.other_account,
  o.other_key
FROM big_flow AS o
WHERE
  o.dir = 'out'
  AND EXISTS(
    SELECT
      1
    FROM big_flow AS i
    WHERE
      i.dir = 'in'
      AND i.account_id = o.account_id
      AND o.ts > i.ts
      AND o.ts <= i.ts + INTERVAL '72' HOUR
  )
