WITH unlicensed AS (
  SELECT
    merchant_id,
    iban
  FROM crypto_platforms
  WHERE
    NOT licensed
), pay AS (
  SELECT
    t.src_account_id AS account_id,
    t.txn_id,
    t.ts,
    CAST(t.amount_kzt AS DOUBLE) AS amount_kzt,
    CASE WHEN ARRAY_CONTAINS(['7995'], t.mcc) THEN 'gambling' ELSE 'crypto' END AS kind
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND NOT t.src_account_id IS NULL
    AND (
      ARRAY_CONTAINS(['7995'], t.mcc)
      OR t.merchant_id IN (
        SELECT
          merchant_id
        FROM unlicensed
        WHERE
          NOT merchant_id IS NULL
      )
      OR t.cp_iban IN (
        SELECT
          iban
        FROM unlicensed
        WHERE
          NOT iban IS NULL
      )
    )
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
