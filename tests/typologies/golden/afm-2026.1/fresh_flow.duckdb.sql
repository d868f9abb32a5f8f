WITH once AS (
  SELECT
    p,
    q
  FROM xfer_pair
  WHERE
    n = 1
), abroad_once AS (
  /* an account and a counterparty abroad (by IBAN), once in either direction */
  SELECT
    COALESCE(src_account_id, dst_account_id) AS account_id,
    src_account_id IS NULL AS incoming,
    cp_iban
  FROM xfer
  WHERE
    (
      src_account_id IS NULL OR dst_account_id IS NULL
    )
    AND NOT cp_iban IS NULL
    AND NOT related
  GROUP BY
    1,
    2,
    3
  HAVING
    COUNT(*) = 1
)
SELECT
  b.account_id,
  b.dir,
  b.txn_id,
  b.ts,
  b.amount_kzt,
  b.other_account,
  b.other_key
FROM big_flow AS b
JOIN once AS o
  ON o.p = b.account_id AND o.q = b.other_account
WHERE
  b.dir = 'out'
UNION ALL
SELECT
  b.account_id,
  b.dir,
  b.txn_id,
  b.ts,
  b.amount_kzt,
  b.other_account,
  b.other_key
FROM big_flow AS b
JOIN once AS o
  ON o.p = b.other_account AND o.q = b.account_id
WHERE
  b.dir = 'in'
UNION ALL
SELECT
  b.account_id,
  b.dir,
  b.txn_id,
  b.ts,
  b.amount_kzt,
  b.other_account,
  b.other_key
FROM big_flow AS b
JOIN abroad_once AS f
  ON f.account_id = b.account_id
  AND f.incoming = (
    b.dir = 'in'
  )
  AND CONCAT('x', f.cp_iban) = b.other_key
WHERE
  b.other_account IS NULL
