WITH ops AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    amount_kzt >= 0.9 * 7000000 AND amount_kzt < 7000000 AS is_below
  FROM cash_op
  WHERE
    type = 'cash_withdrawal' AND channel = 'branch'
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
    ARRAY_AGG(o.txn_id) AS txns
  FROM below AS b
  JOIN below AS o
    ON o.account_id = b.account_id
    AND o.ts > b.ts - INTERVAL (
      7
    ) DAY
    AND o.ts <= b.ts
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
      ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY ops DESC, total_kzt DESC, end_ts) AS rn
    FROM runs
  ) AS r
  WHERE
    rn = 1
), funders AS (
  SELECT
    x.src_account_id AS account_id,
    MIN(x.ts) AS start_ts,
    MAX(b.end_ts) AS end_ts,
    SUM(x.amount_kzt) AS funded_kzt,
    MAX(b.total_kzt) AS total_kzt,
    ARRAY_AGG(x.txn_id) AS txns
  FROM best AS b
  JOIN xfer AS x
    ON x.dst_account_id = b.account_id
    AND NOT x.related
    AND x.ts <= b.start_ts
    AND x.ts > b.start_ts - INTERVAL (
      72
    ) HOUR
  WHERE
    NOT x.src_account_id IS NULL
  GROUP BY
    x.src_account_id
  HAVING
    SUM(x.amount_kzt) >= 0.5 * MAX(b.total_kzt)
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  start_ts AS window_start,
  end_ts AS window_end,
  LEAST(1.0, 0.6 + 0.2 * (
    ops - 1
  )) AS score,
  {'role': 'withdrawing', 'withdrawals_below_threshold': ops, 'total_kzt': total_kzt} AS metrics,
  txns AS evidence
FROM best
UNION ALL
SELECT
  'account',
  account_id,
  start_ts,
  end_ts,
  0.9,
  {'role': 'funding', 'withdrawals_below_threshold': 0, 'total_kzt': funded_kzt},
  txns
FROM funders
