SELECT
  d.deal_id,
  t.txn_id,
  t.ts,
  t.type,
  t.amount_kzt,
  t.src_holder_type AS src_type,
  t.src_holder_id AS src_id
FROM sec_deal AS d
JOIN sec_watch_txn AS t
  ON t.dst_holder_type = d.buyer_type
  AND t.dst_holder_id = d.buyer_id
  AND t.ts < d.ts
  AND t.ts >= d.ts - INTERVAL '30' DAY
WHERE
  t.type = 'cash_deposit'
  OR (
    t.type = 'transfer'
    AND NOT COALESCE(t.src_holder_type = d.buyer_type AND t.src_holder_id = d.buyer_id, FALSE)
  )
