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
), split AS (
  SELECT
    i.account_id,
    i.txn_id,
    i.ts,
    i.amount_kzt AS in_kzt,
    COUNT(DISTINCT o.other_key) AS payees,
    SUM(o.amount_kzt) AS out_kzt
  FROM ins AS i
  JOIN outs AS o
    ON o.account_id = i.account_id AND o.ts > i.ts AND o.ts <= i.ts + INTERVAL '48' HOUR
  GROUP BY
    i.account_id,
    i.txn_id,
    i.ts,
    i.amount_kzt
  HAVING
    COUNT(DISTINCT o.other_key) >= 5
    AND COUNT(DISTINCT o.other_key) <= 20
    AND SUM(o.amount_kzt) >= 0.9 * i.amount_kzt
    AND SUM(o.amount_kzt) <= 1.2 * i.amount_kzt
    AND MAX(o.amount_kzt) <= 2.0 * MIN(o.amount_kzt)
    AND /* money whose payees turn it into cash is a cash-out (CASH-*), not layering */ NOT i.account_id IN (
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
    o.other_account,
    o.txn_id,
    o.ts
  FROM split AS s
  JOIN outs AS o
    ON o.account_id = s.account_id AND o.ts > s.ts AND o.ts <= s.ts + INTERVAL '48' HOUR
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
  STRUCT(MIN(role) AS role, MAX(payees) AS payees, MAX(in_kzt) AS split_kzt) AS metrics,
  COLLECT_LIST(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
