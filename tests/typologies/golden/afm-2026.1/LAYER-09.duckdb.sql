WITH pairs AS (
  SELECT
    p,
    q,
    n
  FROM xfer_pair
), payer_n AS (
  SELECT
    p,
    COUNT(*) AS k
  FROM pairs
  GROUP BY
    p
), payee_n AS (
  SELECT
    q,
    COUNT(*) AS k
  FROM pairs
  GROUP BY
    q
), edges AS (
  SELECT
    b.account_id AS p,
    b.other_account AS q,
    b.txn_id,
    b.ts,
    b.amount_kzt
  FROM big_flow AS b
  JOIN pairs AS r
    ON r.p = b.account_id AND r.q = b.other_account AND r.n = 1
  JOIN payer_n AS s
    ON s.p = b.account_id AND s.k <= 30
  JOIN payee_n AS t
    ON t.q = b.other_account AND t.k <= 30
  WHERE
    b.dir = 'out' AND NOT b.other_account IS NULL AND b.amount_kzt >= 150000
), shared AS (
  SELECT
    a.p AS p1,
    b.p AS p2,
    COUNT(DISTINCT a.q) AS payees
  FROM edges AS a
  JOIN edges AS b
    ON b.q = a.q
    AND b.p <> a.p
    AND b.ts >= a.ts - INTERVAL (
      3
    ) DAY
    AND b.ts <= a.ts + INTERVAL (
      3
    ) DAY
  GROUP BY
    a.p,
    b.p
  HAVING
    COUNT(DISTINCT a.q) >= 2
), payers AS (
  SELECT
    p1 AS p,
    COUNT(*) AS partners
  FROM shared
  GROUP BY
    p1
  HAVING
    COUNT(*) >= 2
), block AS (
  SELECT DISTINCT
    a.p,
    a.q,
    a.txn_id,
    a.ts,
    a.amount_kzt,
    x.partners
  FROM edges AS a
  JOIN edges AS b
    ON b.q = a.q
    AND b.p <> a.p
    AND b.ts >= a.ts - INTERVAL (
      3
    ) DAY
    AND b.ts <= a.ts + INTERVAL (
      3
    ) DAY
  JOIN shared AS s
    ON s.p1 = a.p AND s.p2 = b.p
  JOIN payers AS x
    ON x.p = a.p
  JOIN payers AS y
    ON y.p = b.p
), members AS (
  SELECT
    p AS account_id,
    'payer' AS role,
    txn_id,
    ts,
    amount_kzt
  FROM block
  UNION ALL
  SELECT
    q,
    'payee',
    txn_id,
    ts,
    amount_kzt
  FROM block
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'role': MIN(role), 'payments': COUNT(DISTINCT txn_id), 'kzt': SUM(amount_kzt)} AS metrics,
  ARRAY_AGG(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
