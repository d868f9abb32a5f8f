WITH ops AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    amount_kzt >= 0.9 * 7000000 AND amount_kzt < 7000000 AS is_below
  FROM cash_op
  WHERE
    type = 'cash_deposit'
), clustered AS (
  SELECT
    account_id
  FROM ops
  GROUP BY
    account_id
  HAVING
    SUM(CASE WHEN is_below THEN amount_kzt ELSE 0 END) >= 0.5 * SUM(amount_kzt)
), below AS (
  SELECT
    o.account_id,
    o.txn_id,
    o.ts,
    o.amount_kzt
  FROM ops AS o
  JOIN clustered AS c
    ON c.account_id = o.account_id
  WHERE
    o.is_below
), runs AS (
  SELECT
    b.account_id,
    b.ts AS end_ts,
    COUNT(*) AS ops,
    SUM(o.amount_kzt) AS total_kzt,
    MIN(o.ts) AS start_ts,
    COLLECT_LIST(o.txn_id) AS txns
  FROM below AS b
  JOIN below AS o
    ON o.account_id = b.account_id AND o.ts > b.ts - INTERVAL '7' DAY AND o.ts <= b.ts
  GROUP BY
    b.account_id,
    b.ts
  HAVING
    COUNT(*) >= 2 AND SUM(o.amount_kzt) >= 7000000
), best AS (
  SELECT
    *
  FROM (
    SELECT
      *,
      ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY ops DESC, total_kzt DESC, end_ts NULLS LAST) AS rn
    FROM runs
  ) AS r
  WHERE
    rn = 1
), span AS (
  SELECT
    b.account_id,
    MAX(b.ops) AS ops,
    MAX(b.total_kzt) AS total_kzt,
    MIN(w.ts) AS first_ts,
    MAX(w.ts) AS last_ts
  FROM best AS b
  JOIN below AS w
    ON w.account_id = b.account_id
  GROUP BY
    b.account_id
), onward AS (
  SELECT
    x.dst_account_id AS account_id,
    MAX(p.ops) AS ops,
    SUM(x.amount_kzt) AS kzt,
    MIN(x.ts) AS start_ts,
    MAX(x.ts) AS end_ts,
    COLLECT_LIST(x.txn_id) AS txns
  FROM span AS p
  JOIN xfer AS x
    ON x.src_account_id = p.account_id
    AND NOT x.dst_account_id IS NULL
    AND NOT (
      x.src_type = x.dst_type AND x.src_holder = x.dst_holder
    )
    AND x.ts > p.first_ts
    AND x.ts <= p.last_ts + INTERVAL '7' DAY
  GROUP BY
    x.dst_account_id
  HAVING
    SUM(x.amount_kzt) >= 0.5 * MAX(p.total_kzt)
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  start_ts AS window_start,
  end_ts AS window_end,
  LEAST(1.0, 0.6 + 0.2 * (
    ops - 1
  )) AS score,
  STRUCT(
    'depositing' AS role,
    ops AS deposits_below_threshold,
    total_kzt AS total_kzt,
    7000000 AS threshold_kzt
  ) AS metrics,
  txns AS evidence
FROM best
UNION ALL
SELECT
  'account',
  account_id,
  start_ts,
  end_ts,
  LEAST(1.0, 0.6 + 0.2 * (
    ops - 1
  )),
  STRUCT(
    'receiving the deposited cash' AS role,
    ops AS deposits_below_threshold,
    kzt AS total_kzt,
    7000000 AS threshold_kzt
  ),
  txns
FROM onward
