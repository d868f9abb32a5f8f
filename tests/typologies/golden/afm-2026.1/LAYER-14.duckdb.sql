WITH ins AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt
  FROM fresh_flow
  WHERE
    dir = 'in' AND amount_kzt >= 3000000
), outs AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    other_account,
    other_key
  FROM fresh_flow
  WHERE
    dir = 'out' AND account_id IN (
      SELECT
        account_id
      FROM ins
    )
), legs AS (
  SELECT
    i.account_id,
    i.txn_id AS in_txn,
    i.ts AS in_ts,
    i.amount_kzt AS in_kzt,
    o.txn_id,
    o.ts,
    o.amount_kzt,
    o.other_account,
    o.other_key,
    o.amount_kzt >= 0.03 * i.amount_kzt AS piece
  FROM ins AS i
  JOIN outs AS o
    ON o.account_id = i.account_id
    AND o.ts > i.ts
    AND o.ts <= i.ts + INTERVAL (
      48
    ) HOUR
), split AS (
  SELECT
    account_id,
    in_txn AS txn_id,
    in_ts AS ts,
    in_kzt,
    COUNT(DISTINCT CASE WHEN piece THEN other_key END) AS payees
  FROM legs
  GROUP BY
    account_id,
    in_txn,
    in_ts,
    in_kzt
  HAVING
    COUNT(DISTINCT CASE WHEN piece THEN other_key END) >= 5
    AND COUNT(DISTINCT CASE WHEN piece THEN other_key END) <= 20
    AND SUM(CASE WHEN piece THEN amount_kzt ELSE 0 END) >= 0.9 * in_kzt
    AND SUM(amount_kzt) <= 1.2 * in_kzt
    AND MAX(CASE WHEN piece THEN amount_kzt END) <= 2.0 * MIN(CASE WHEN piece THEN amount_kzt END)
    AND /* money whose payees turn it into cash is a cash-out (CASH-*), not layering */ NOT account_id IN (
      SELECT
        account_id
      FROM relay
      WHERE
        to_cash
    )
), paid AS (
  SELECT
    s.account_id AS hub,
    s.payees,
    s.in_kzt,
    l.other_account,
    l.txn_id,
    l.ts
  FROM split AS s
  JOIN legs AS l
    ON l.account_id = s.account_id AND l.in_txn = s.txn_id
  WHERE
    l.piece
), members AS (
  SELECT
    s.account_id,
    'hub' AS role,
    s.payees,
    s.in_kzt,
    s.txn_id,
    s.ts
  FROM split AS s
  UNION ALL
  SELECT
    hub,
    'hub',
    payees,
    in_kzt,
    txn_id,
    ts
  FROM paid
  UNION ALL
  SELECT
    other_account,
    'payee',
    payees,
    in_kzt,
    txn_id,
    ts
  FROM paid
  WHERE
    NOT other_account IS NULL
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'role': MIN(role), 'payees': MAX(payees), 'split_kzt': MAX(in_kzt)} AS metrics,
  ARRAY_AGG(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
