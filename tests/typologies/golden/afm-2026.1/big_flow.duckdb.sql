SELECT
  dst_account_id AS account_id,
  'in' AS dir,
  txn_id,
  ts,
  amount_kzt,
  src_account_id AS other_account,
  CASE
    WHEN NOT src_account_id IS NULL
    THEN CONCAT('a', CAST(src_account_id AS TEXT))
    WHEN NOT cp_iban IS NULL
    THEN CONCAT('x', cp_iban)
  END AS other_key
FROM xfer
WHERE
  NOT related
  AND NOT dst_account_id IS NULL
  AND amount_kzt >= 100000
  AND loan_id IS NULL
  AND contract_id IS NULL
UNION ALL
SELECT
  account_id,
  'in',
  txn_id,
  ts,
  amount_kzt,
  CAST(NULL AS BIGINT),
  CAST(NULL AS TEXT)
FROM cash_op
WHERE
  type = 'cash_deposit' AND amount_kzt >= 100000
UNION ALL
SELECT
  src_account_id,
  'out',
  txn_id,
  ts,
  amount_kzt,
  dst_account_id,
  CASE
    WHEN NOT dst_account_id IS NULL
    THEN CONCAT('a', CAST(dst_account_id AS TEXT))
    WHEN NOT cp_iban IS NULL
    THEN CONCAT('x', cp_iban)
  END
FROM xfer
WHERE
  NOT related
  AND NOT src_account_id IS NULL
  AND amount_kzt >= 100000
  AND loan_id IS NULL
  AND contract_id IS NULL
