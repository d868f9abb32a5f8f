WITH ins AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    other_account
  FROM fresh_flow
  WHERE
    dir = 'in' AND amount_kzt >= 300000
), outs AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    other_account
  FROM fresh_flow
  WHERE
    dir = 'out' AND account_id IN (
      SELECT
        account_id
      FROM ins
    )
), burst_in AS (
  SELECT
    c.account_id,
    c.txn_id,
    c.ts,
    SUM(i.amount_kzt) AS in_kzt
  FROM ins AS c
  JOIN fresh_flow AS i
    ON i.account_id = c.account_id
    AND i.dir = 'in'
    AND i.ts >= c.ts
    AND i.ts < c.ts + INTERVAL (
      72
    ) HOUR
  GROUP BY
    c.account_id,
    c.txn_id,
    c.ts
), burst AS (
  SELECT
    b.account_id,
    b.txn_id,
    b.ts,
    b.in_kzt,
    SUM(o.amount_kzt) AS out_kzt
  FROM burst_in AS b
  JOIN outs AS o
    ON o.account_id = b.account_id
    AND o.ts > b.ts
    AND o.ts <= b.ts + INTERVAL (
      72
    ) HOUR
  GROUP BY
    b.account_id,
    b.txn_id,
    b.ts,
    b.in_kzt
  HAVING
    SUM(o.amount_kzt) >= 0.9 * b.in_kzt
    AND SUM(o.amount_kzt) <= 1.05 * b.in_kzt
    AND /* money whose payees turn it into cash is a cash-out (CASH-*), not layering */ NOT b.account_id IN (
      SELECT
        account_id
      FROM relay
      WHERE
        to_cash
    )
), links AS (
  /* a credit of one hop's burst (the one that starts it or a later one) was paid from */
  /* another hop's burst */
  SELECT DISTINCT
    u.account_id AS up,
    d.account_id AS down,
    i.txn_id,
    i.ts
  FROM burst AS d
  JOIN ins AS i
    ON i.account_id = d.account_id
    AND i.ts >= d.ts
    AND i.ts < d.ts + INTERVAL (
      72
    ) HOUR
  JOIN burst AS u
    ON u.account_id = i.other_account
    AND i.ts > u.ts
    AND i.ts <= u.ts + INTERVAL (
      72
    ) HOUR
), path AS (
  /* three hops in a row: an ordinary trade chain of new partners rarely goes so far */
  SELECT
    a.up,
    a.down AS mid,
    b.down,
    a.txn_id AS t1,
    a.ts AS ts1,
    b.txn_id AS t2,
    b.ts AS ts2
  FROM links AS a
  JOIN links AS b
    ON b.up = a.down AND b.ts > a.ts
), chained AS (
  SELECT
    up AS account_id
  FROM path
  UNION
  SELECT
    mid
  FROM path
  UNION
  SELECT
    down
  FROM path
), paid AS (
  /* paid by two or more chained hops, each from its burst */
  SELECT
    o.other_account AS account_id,
    COUNT(DISTINCT o.account_id) AS hops,
    ARRAY_AGG(o.txn_id) AS txns,
    MAX(o.ts) AS last_ts
  FROM outs AS o
  JOIN chained AS h
    ON h.account_id = o.account_id
  JOIN burst AS b
    ON b.account_id = o.account_id
    AND o.ts > b.ts
    AND o.ts <= b.ts + INTERVAL (
      72
    ) HOUR
  WHERE
    NOT o.other_account IS NULL
  GROUP BY
    o.other_account
  HAVING
    COUNT(DISTINCT o.account_id) >= 2
), members AS (
  SELECT
    up AS account_id,
    'hop' AS role,
    t1 AS txn_id,
    ts1 AS ts
  FROM path
  UNION ALL
  SELECT
    mid,
    'hop',
    t1,
    ts1
  FROM path
  UNION ALL
  SELECT
    mid,
    'hop',
    t2,
    ts2
  FROM path
  UNION ALL
  SELECT
    down,
    'hop',
    t2,
    ts2
  FROM path
  UNION ALL
  SELECT
    p.account_id,
    'paid by hops',
    UNNEST(p.txns),
    p.last_ts
  FROM paid AS p
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'role': MIN(role), 'links': COUNT(DISTINCT txn_id)} AS metrics,
  ARRAY_AGG(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
