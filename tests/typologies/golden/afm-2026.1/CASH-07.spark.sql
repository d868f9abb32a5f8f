WITH transit AS (
  SELECT
    account_id
  FROM firm_cashout
  WHERE
    payees >= 3 AND cashout_share >= 0.6 AND paid_kzt >= 3000000
  UNION
  SELECT
    account_id
  FROM firm_feeder
  WHERE
    feed_share >= 0.6 AND fed_kzt >= 3000000 AND no_upkeep
), paid AS (
  SELECT
    x.src_account_id AS account_id,
    x.txn_id,
    x.ts,
    x.amount_kzt,
    x.dst_account_id
  FROM xfer AS x
  JOIN transit AS t
    ON t.account_id = x.dst_account_id
  WHERE
    NOT x.related AND NOT x.src_account_id IS NULL
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  LEAST(1.0, 0.5 + SUM(amount_kzt) / (
    4.0 * 5000000
  )) AS score,
  STRUCT(
    SUM(amount_kzt) AS paid_to_cashout_firms_kzt,
    COUNT(*) AS payments,
    COUNT(DISTINCT dst_account_id) AS cashout_firms
  ) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM paid
GROUP BY
  account_id
HAVING
  SUM(amount_kzt) >= 5000000
