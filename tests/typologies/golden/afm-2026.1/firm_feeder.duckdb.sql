WITH fed AS (
  SELECT
    x.src_account_id AS account_id,
    x.src_holder AS entity_id,
    x.txn_id,
    x.ts,
    x.amount_kzt * f.cashout_share AS fed_kzt
  FROM xfer AS x
  JOIN acct AS s
    ON s.account_id = x.src_account_id AND s.entity_kind = 'company'
  JOIN firm_cashout AS f
    ON f.account_id = x.dst_account_id
  WHERE
    NOT x.related AND x.dst_type = 'entity' AND f.cashout_share > 0
), per_account AS (
  SELECT
    account_id,
    MAX(entity_id) AS entity_id,
    SUM(fed_kzt) AS fed_kzt,
    MIN(ts) AS first_ts,
    MAX(ts) AS last_ts,
    ARRAY_AGG(txn_id) AS txns
  FROM fed
  GROUP BY
    account_id
), inflow AS (
  SELECT
    x.dst_account_id AS account_id,
    SUM(x.amount_kzt) AS inflow_kzt
  FROM xfer AS x
  JOIN per_account AS p
    ON p.account_id = x.dst_account_id
  WHERE
    NOT x.related
  GROUP BY
    x.dst_account_id
), outflow AS (
  SELECT
    t.src_account_id AS account_id,
    CAST(SUM(t.amount_kzt) AS DOUBLE) AS out_kzt,
    CAST(SUM(
      CASE
        WHEN t.type IN ('salary', 'bill_payment') OR t.knp IN ('311', '819', '851', '911')
        THEN t.amount_kzt
        ELSE 0
      END
    ) AS DOUBLE) AS upkeep_kzt
  FROM transactions AS t
  JOIN per_account AS p
    ON p.account_id = t.src_account_id
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
  GROUP BY
    t.src_account_id
)
SELECT
  p.account_id,
  p.entity_id,
  p.fed_kzt,
  i.inflow_kzt,
  o.out_kzt,
  o.upkeep_kzt <= 0.05 * o.out_kzt AS no_upkeep,
  LEAST(1.0, p.fed_kzt / GREATEST(i.inflow_kzt, o.out_kzt)) AS feed_share,
  p.first_ts,
  p.last_ts,
  p.txns
FROM per_account AS p
JOIN inflow AS i
  ON i.account_id = p.account_id
JOIN outflow AS o
  ON o.account_id = p.account_id
