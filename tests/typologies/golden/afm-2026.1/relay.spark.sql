WITH ins AS (
  SELECT
    *
  FROM big_flow
  WHERE
    dir = 'in'
), fast AS (
  SELECT
    *
  FROM fast_out
), receivers AS (
  SELECT DISTINCT
    account_id
  FROM ins
), moves AS (
  SELECT
    x.dst_account_id AS account_id,
    x.txn_id,
    x.ts,
    x.amount_kzt AS amt
  FROM xfer AS x
  JOIN receivers AS r
    ON r.account_id = x.dst_account_id
  WHERE
    NOT x.related
  UNION ALL
  SELECT
    x.src_account_id,
    x.txn_id,
    x.ts,
    -x.amount_kzt
  FROM xfer AS x
  JOIN receivers AS r
    ON r.account_id = x.src_account_id
  WHERE
    NOT x.related
  UNION ALL
  SELECT
    o.account_id,
    o.txn_id,
    o.ts,
    CASE WHEN o.type = 'cash_deposit' THEN o.amount_kzt ELSE -o.amount_kzt END
  FROM cash_op AS o
  JOIN receivers AS r
    ON r.account_id = o.account_id
), running AS (
  SELECT
    account_id,
    amt,
    SUM(amt) OVER (
      PARTITION BY account_id
      ORDER BY ts NULLS LAST, txn_id NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS balance
  FROM moves
), bal AS (
  SELECT
    account_id,
    MIN(balance) AS min_balance,
    SUM(CASE WHEN amt > 0 THEN amt ELSE 0 END) AS in_all,
    SUM(CASE WHEN amt < 0 THEN -amt ELSE 0 END) AS out_all
  FROM running
  GROUP BY
    account_id
), inflow AS (
  SELECT
    account_id,
    SUM(amount_kzt) AS inflow_kzt,
    COUNT(*) AS credits,
    COUNT(DISTINCT other_key) AS senders,
    MIN(ts) AS first_ts
  FROM ins
  GROUP BY
    account_id
), outflow AS (
  SELECT
    account_id,
    SUM(amount_kzt) AS fast_out_kzt,
    COUNT(DISTINCT other_key) AS recipients,
    MAX(ts) AS last_ts
  FROM fast
  GROUP BY
    account_id
)
SELECT
  i.account_id,
  i.inflow_kzt,
  i.credits,
  i.senders,
  COALESCE(o.fast_out_kzt, 0) AS fast_out_kzt,
  COALESCE(o.recipients, 0) AS recipients,
  b.min_balance,
  b.in_all,
  b.out_all,
  b.out_all >= 0.8 * b.in_all
  AND b.out_all <= 1.05 * b.in_all
  AND b.min_balance >= -0.01 * b.in_all AS balanced,
  COALESCE(c.cashout_share, 0) >= 0.5 OR COALESCE(f.feed_share, 0) >= 0.5 AS to_cash,
  COALESCE(p.peak_senders, 0) AS p2p_peak_senders,
  i.first_ts,
  COALESCE(o.last_ts, i.first_ts) AS last_ts
FROM inflow AS i
JOIN bal AS b
  ON b.account_id = i.account_id
JOIN acct AS a
  ON a.account_id = i.account_id
LEFT JOIN outflow AS o
  ON o.account_id = i.account_id
LEFT JOIN firm_cashout AS c
  ON c.account_id = i.account_id
LEFT JOIN firm_feeder AS f
  ON f.account_id = i.account_id
LEFT JOIN person_p2p AS p
  ON a.holder_type = 'person' AND p.holder = a.holder_id
