WITH cash AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt
  FROM cash_op
  WHERE
    type = 'cash_deposit' AND amount_kzt >= 1000000
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
      FROM cash
    )
), legs AS (
  /* each first-time payment in the hours after a deposit, matched once */
  SELECT
    c.account_id,
    c.txn_id AS cash_txn,
    c.amount_kzt AS cash_kzt,
    o.txn_id,
    o.ts,
    o.amount_kzt,
    o.other_account,
    o.other_key
  FROM cash AS c
  JOIN outs AS o
    ON o.account_id = c.account_id AND o.ts > c.ts AND o.ts <= c.ts + INTERVAL '48' HOUR
), placed AS (
  SELECT
    cash_txn,
    COUNT(DISTINCT other_key) AS payees
  FROM legs
  GROUP BY
    cash_txn,
    cash_kzt
  HAVING
    SUM(amount_kzt) >= 0.95 * cash_kzt AND SUM(amount_kzt) <= 1.2 * cash_kzt
), paid AS (
  SELECT
    l.account_id AS depositor,
    l.cash_kzt,
    p.payees,
    l.cash_txn,
    l.other_account,
    l.txn_id,
    l.ts
  FROM legs AS l
  JOIN placed AS p
    ON p.cash_txn = l.cash_txn
), collector AS (
  SELECT
    a.other_account AS account_id
  FROM paid AS a
  JOIN paid AS b
    ON b.other_account = a.other_account
    AND b.ts >= a.ts
    AND b.ts < a.ts + INTERVAL '7' DAY
  WHERE
    NOT a.other_account IS NULL
  GROUP BY
    a.other_account,
    a.txn_id
  HAVING
    COUNT(DISTINCT b.depositor) >= 2
), members AS (
  SELECT
    depositor AS account_id,
    'depositor' AS role,
    payees,
    cash_kzt,
    txn_id,
    ts
  FROM paid
  UNION ALL
  SELECT
    depositor,
    'depositor',
    payees,
    cash_kzt,
    cash_txn,
    ts
  FROM paid
  UNION ALL
  SELECT
    other_account,
    'payee',
    payees,
    cash_kzt,
    txn_id,
    ts
  FROM paid
  WHERE
    other_account IN (
      SELECT
        account_id
      FROM collector
    ) OR payees >= 5
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  CASE WHEN MAX(role) = 'payee' OR MAX(payees) >= 2 THEN 1.0 ELSE 0.6 END AS score,
  STRUCT(MIN(role) AS role, MAX(payees) AS payees, MAX(cash_kzt) AS cash_kzt) AS metrics,
  COLLECT_LIST(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
