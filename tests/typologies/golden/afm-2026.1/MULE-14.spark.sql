WITH drops AS (
  SELECT
    holder
  FROM person_p2p
  WHERE
    peak_senders >= 8 AND fast_out_kzt >= 0.8 * inflow_kzt
), from_drops AS (
  SELECT
    x.dst_account_id AS account_id,
    x.src_holder AS drop_holder,
    x.txn_id,
    x.ts,
    x.amount_kzt
  FROM xfer AS x
  JOIN drops AS d
    ON x.src_type = 'person' AND x.src_holder = d.holder
  WHERE
    NOT x.related AND NOT x.dst_account_id IS NULL
), inflow AS (
  SELECT
    x.dst_account_id AS account_id,
    SUM(x.amount_kzt) AS inflow_kzt
  FROM xfer AS x
  WHERE
    NOT x.related
    AND x.dst_account_id IN (
      SELECT
        account_id
      FROM from_drops
    )
  GROUP BY
    x.dst_account_id
), tier1 AS (
  SELECT
    f.account_id,
    COUNT(DISTINCT f.drop_holder) AS drops,
    SUM(f.amount_kzt) AS kzt,
    MIN(f.ts) AS first_ts,
    MAX(f.ts) AS last_ts,
    COLLECT_LIST(f.txn_id) AS txns
  FROM from_drops AS f
  JOIN acct AS a
    ON a.account_id = f.account_id
  JOIN inflow AS i
    ON i.account_id = f.account_id
  LEFT JOIN drops AS d
    ON a.holder_type = 'person' AND d.holder = a.holder_id
  WHERE
    d.holder IS NULL
  GROUP BY
    f.account_id,
    i.inflow_kzt
  HAVING
    COUNT(DISTINCT f.drop_holder) >= 3
    AND SUM(f.amount_kzt) >= 100000
    AND SUM(f.amount_kzt) >= 0.5 * i.inflow_kzt
), tier2_in AS (
  SELECT
    x.dst_account_id AS account_id,
    x.txn_id,
    x.ts,
    x.amount_kzt,
    NOT t.account_id IS NULL AS from_collector
  FROM xfer AS x
  LEFT JOIN tier1 AS t
    ON t.account_id = x.src_account_id
  WHERE
    NOT x.related
    AND NOT x.dst_account_id IS NULL
    AND x.dst_account_id IN (
      SELECT
        y.dst_account_id
      FROM xfer AS y
      JOIN tier1 AS u
        ON u.account_id = y.src_account_id
      WHERE
        NOT y.related
    )
), tier2 AS (
  SELECT
    account_id,
    SUM(CASE WHEN from_collector THEN amount_kzt ELSE 0 END) AS kzt,
    SUM(amount_kzt) AS inflow_kzt,
    MIN(ts) AS first_ts,
    MAX(ts) AS last_ts,
    COLLECT_LIST(CASE WHEN from_collector THEN txn_id END) AS txns
  FROM tier2_in
  WHERE
    NOT account_id IN (
      SELECT
        account_id
      FROM tier1
    )
  GROUP BY
    account_id
  HAVING
    SUM(CASE WHEN from_collector THEN amount_kzt ELSE 0 END) >= 0.5 * SUM(amount_kzt)
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  first_ts AS window_start,
  last_ts AS window_end,
  LEAST(1.0, 0.5 + 0.25 * drops) AS score,
  STRUCT(1 AS tier, drops AS drop_customers_paying, kzt AS received_kzt) AS metrics,
  txns AS evidence
FROM tier1
UNION ALL
SELECT
  'account',
  account_id,
  first_ts,
  last_ts,
  0.9,
  STRUCT(2 AS tier, 0 AS drop_customers_paying, kzt AS received_kzt),
  txns
FROM tier2
