WITH e0 AS (
  SELECT
    CONCAT('a', CAST(account_id AS TEXT)) AS src,
    other_key AS dst,
    txn_id,
    ts,
    amount_kzt
  FROM big_flow
  WHERE
    dir = 'out' AND NOT other_key IS NULL
  UNION ALL
  SELECT
    other_key,
    CONCAT('a', CAST(account_id AS TEXT)),
    txn_id,
    ts,
    amount_kzt
  FROM big_flow
  WHERE
    dir = 'in' AND other_key LIKE 'x%'
), e AS (
  /* a cycle passes only through nodes that both send and receive: keep those edges */
  SELECT
    *
  FROM e0
  WHERE
    src IN (
      SELECT
        dst
      FROM e0
    ) AND dst IN (
      SELECT
        src
      FROM e0
    )
), cycles AS (
  SELECT
    e1.src AS n1,
    e1.txn_id AS t1,
    e2.src AS n2,
    e2.txn_id AS t2,
    e3.src AS n3,
    e3.txn_id AS t3,
    CAST(NULL AS TEXT) AS n4,
    CAST(NULL AS BIGINT) AS t4,
    CAST(NULL AS TEXT) AS n5,
    CAST(NULL AS BIGINT) AS t5,
    e1.ts AS start_ts,
    e3.ts AS end_ts,
    e1.amount_kzt AS amount_kzt
  FROM e AS e1
  JOIN e AS e2
    ON e2.src = e1.dst
    AND e2.ts > e1.ts
    AND e2.ts <= e1.ts + INTERVAL (
      72
    ) HOUR
    AND e2.amount_kzt >= 0.7 * e1.amount_kzt
    AND e2.amount_kzt <= 1.05 * e1.amount_kzt
  JOIN e AS e3
    ON e3.src = e2.dst
    AND e3.ts > e2.ts
    AND e3.ts <= e2.ts + INTERVAL (
      72
    ) HOUR
    AND e3.amount_kzt >= 0.7 * e2.amount_kzt
    AND e3.amount_kzt <= 1.05 * e2.amount_kzt
  WHERE
    e3.dst = e1.src AND e2.src <> e1.src AND e3.src <> e1.src AND e2.src <> e3.src
  UNION ALL
  SELECT
    e1.src AS n1,
    e1.txn_id AS t1,
    e2.src AS n2,
    e2.txn_id AS t2,
    e3.src AS n3,
    e3.txn_id AS t3,
    e4.src AS n4,
    e4.txn_id AS t4,
    CAST(NULL AS TEXT) AS n5,
    CAST(NULL AS BIGINT) AS t5,
    e1.ts AS start_ts,
    e4.ts AS end_ts,
    e1.amount_kzt AS amount_kzt
  FROM e AS e1
  JOIN e AS e2
    ON e2.src = e1.dst
    AND e2.ts > e1.ts
    AND e2.ts <= e1.ts + INTERVAL (
      72
    ) HOUR
    AND e2.amount_kzt >= 0.7 * e1.amount_kzt
    AND e2.amount_kzt <= 1.05 * e1.amount_kzt
  JOIN e AS e3
    ON e3.src = e2.dst
    AND e3.ts > e2.ts
    AND e3.ts <= e2.ts + INTERVAL (
      72
    ) HOUR
    AND e3.amount_kzt >= 0.7 * e2.amount_kzt
    AND e3.amount_kzt <= 1.05 * e2.amount_kzt
  JOIN e AS e4
    ON e4.src = e3.dst
    AND e4.ts > e3.ts
    AND e4.ts <= e3.ts + INTERVAL (
      72
    ) HOUR
    AND e4.amount_kzt >= 0.7 * e3.amount_kzt
    AND e4.amount_kzt <= 1.05 * e3.amount_kzt
  WHERE
    e4.dst = e1.src
    AND e2.src <> e1.src
    AND e3.src <> e1.src
    AND e4.src <> e1.src
    AND e2.src <> e3.src
    AND e2.src <> e4.src
    AND e3.src <> e4.src
  UNION ALL
  SELECT
    e1.src AS n1,
    e1.txn_id AS t1,
    e2.src AS n2,
    e2.txn_id AS t2,
    e3.src AS n3,
    e3.txn_id AS t3,
    e4.src AS n4,
    e4.txn_id AS t4,
    e5.src AS n5,
    e5.txn_id AS t5,
    e1.ts AS start_ts,
    e5.ts AS end_ts,
    e1.amount_kzt AS amount_kzt
  FROM e AS e1
  JOIN e AS e2
    ON e2.src = e1.dst
    AND e2.ts > e1.ts
    AND e2.ts <= e1.ts + INTERVAL (
      72
    ) HOUR
    AND e2.amount_kzt >= 0.7 * e1.amount_kzt
    AND e2.amount_kzt <= 1.05 * e1.amount_kzt
  JOIN e AS e3
    ON e3.src = e2.dst
    AND e3.ts > e2.ts
    AND e3.ts <= e2.ts + INTERVAL (
      72
    ) HOUR
    AND e3.amount_kzt >= 0.7 * e2.amount_kzt
    AND e3.amount_kzt <= 1.05 * e2.amount_kzt
  JOIN e AS e4
    ON e4.src = e3.dst
    AND e4.ts > e3.ts
    AND e4.ts <= e3.ts + INTERVAL (
      72
    ) HOUR
    AND e4.amount_kzt >= 0.7 * e3.amount_kzt
    AND e4.amount_kzt <= 1.05 * e3.amount_kzt
  JOIN e AS e5
    ON e5.src = e4.dst
    AND e5.ts > e4.ts
    AND e5.ts <= e4.ts + INTERVAL (
      72
    ) HOUR
    AND e5.amount_kzt >= 0.7 * e4.amount_kzt
    AND e5.amount_kzt <= 1.05 * e4.amount_kzt
  WHERE
    e5.dst = e1.src
    AND e2.src <> e1.src
    AND e3.src <> e1.src
    AND e4.src <> e1.src
    AND e5.src <> e1.src
    AND e2.src <> e3.src
    AND e2.src <> e4.src
    AND e2.src <> e5.src
    AND e3.src <> e4.src
    AND e3.src <> e5.src
    AND e4.src <> e5.src
), members AS (
  SELECT
    n1 AS node,
    t1 AS txn_id,
    start_ts,
    end_ts,
    amount_kzt
  FROM cycles
  UNION ALL
  SELECT
    n2,
    t2,
    start_ts,
    end_ts,
    amount_kzt
  FROM cycles
  UNION ALL
  SELECT
    n3,
    t3,
    start_ts,
    end_ts,
    amount_kzt
  FROM cycles
  UNION ALL
  SELECT
    n4,
    t4,
    start_ts,
    end_ts,
    amount_kzt
  FROM cycles
  WHERE
    NOT n4 IS NULL
  UNION ALL
  SELECT
    n5,
    t5,
    start_ts,
    end_ts,
    amount_kzt
  FROM cycles
  WHERE
    NOT n5 IS NULL
)
SELECT
  'account' AS subject_type,
  CAST(SUBSTRING(node, 2) AS BIGINT) AS subject_id,
  MIN(start_ts) AS window_start,
  MAX(end_ts) AS window_end,
  1.0 AS score,
  {'cycles': COUNT(*), 'largest_first_hop_kzt': MAX(amount_kzt)} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM members
WHERE
  STARTS_WITH(node, 'a')
GROUP BY
  node
