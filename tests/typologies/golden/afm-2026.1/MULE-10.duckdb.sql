WITH unlicensed AS (
  SELECT
    merchant_id,
    iban
  FROM crypto_platforms
  WHERE
    NOT licensed
), paid AS (
  /* one narrow scan per kind of payee (an OR across them defeats the semi-joins) */
  SELECT
    t.src_account_id,
    t.txn_id,
    t.ts,
    t.amount_kzt,
    t.mcc
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND NOT t.src_account_id IS NULL
    AND ARRAY_CONTAINS(['7995'], t.mcc)
  UNION
  SELECT
    t.src_account_id,
    t.txn_id,
    t.ts,
    t.amount_kzt,
    t.mcc
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND NOT t.src_account_id IS NULL
    AND t.merchant_id IN (
      SELECT
        merchant_id
      FROM unlicensed
      WHERE
        NOT merchant_id IS NULL
    )
  UNION
  SELECT
    t.src_account_id,
    t.txn_id,
    t.ts,
    t.amount_kzt,
    t.mcc
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND NOT t.src_account_id IS NULL
    AND t.cp_iban IN (
      SELECT
        iban
      FROM unlicensed
      WHERE
        NOT iban IS NULL
    )
), pay AS (
  SELECT
    src_account_id AS account_id,
    txn_id,
    ts,
    CAST(amount_kzt AS DOUBLE) AS amount_kzt,
    CASE WHEN ARRAY_CONTAINS(['7995'], mcc) THEN 'gambling' ELSE 'crypto' END AS kind
  FROM paid
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  LEAST(1.0, COUNT(*) / (
    3.0 * 3
  )) AS score,
  {'payments': COUNT(*), 'paid_kzt': SUM(amount_kzt), 'crypto_payments': COUNT_IF(kind = 'crypto')} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM pay
GROUP BY
  account_id
HAVING
  COUNT(*) >= 3
