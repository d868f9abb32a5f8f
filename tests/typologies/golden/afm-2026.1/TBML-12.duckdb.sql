WITH pay AS (
  SELECT
    contract_id,
    src_account_id AS account_id,
    MIN(ts) AS first_ts,
    SUM(amount_kzt) AS paid_kzt
  FROM sec_trade_payment
  WHERE
    direction = 'import' AND own_party AND NOT src_account_id IS NULL
  GROUP BY
    contract_id,
    src_account_id
), funding AS (
  SELECT
    p.contract_id,
    p.paid_kzt,
    p.first_ts,
    t.txn_id,
    t.amount_kzt AS amt,
    CASE WHEN t.type = 'cash_deposit' THEN -1 ELSE t.src_holder_id END AS source
  FROM pay AS p
  JOIN sec_watch_txn AS t
    ON t.dst_account_id = p.account_id
    AND t.ts < p.first_ts
    AND t.ts >= p.first_ts - INTERVAL (
      30
    ) DAY
  WHERE
    t.type = 'cash_deposit'
    OR (
      t.type = 'transfer' AND t.src_holder_type = 'person'
    )
)
SELECT
  'contract' AS subject_type,
  contract_id AS subject_id,
  MIN(first_ts) - INTERVAL (
    30
  ) DAY AS window_start,
  MIN(first_ts) AS window_end,
  LEAST(1.0, SUM(amt) / ANY_VALUE(paid_kzt)) AS score,
  {'funded_kzt': SUM(amt), 'paid_kzt': ANY_VALUE(paid_kzt), 'sources': COUNT(DISTINCT source)} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM funding
GROUP BY
  contract_id
HAVING
  SUM(amt) >= 0.5 * ANY_VALUE(paid_kzt) AND COUNT(DISTINCT source) >= 3
