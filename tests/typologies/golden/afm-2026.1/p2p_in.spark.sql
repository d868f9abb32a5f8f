WITH c AS (
  SELECT
    txn_id,
    ts,
    amount_kzt,
    dst_account_id AS account_id,
    dst_holder AS holder,
    src_holder AS sender,
    src_account_id
  FROM xfer
  WHERE
    type = 'transfer' AND src_type = 'person' AND dst_type = 'person' AND NOT related
)
SELECT
  c.*,
  SIZE(
    COLLECT_SET(sender) OVER (
      PARTITION BY holder
      ORDER BY ts NULLS LAST
      RANGE BETWEEN INTERVAL '7' DAYS PRECEDING AND CURRENT ROW
    )
  ) AS holder_senders_7d
FROM c
