SELECT
  src_account_id AS p,
  dst_account_id AS q,
  COUNT(*) AS n
FROM xfer
WHERE
  NOT src_account_id IS NULL AND NOT dst_account_id IS NULL AND NOT related
GROUP BY
  src_account_id,
  dst_account_id
