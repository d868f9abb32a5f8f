WITH fw AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    sender
  FROM forwarded_credit
), gathered AS (
  SELECT
    a.account_id,
    a.ts AS first_ts,
    COUNT(DISTINCT w.sender) AS senders,
    SUM(w.amount_kzt) AS gathered_kzt
  FROM fw AS a
  JOIN fw AS w
    ON w.account_id = a.account_id AND w.ts >= a.ts AND w.ts < a.ts + INTERVAL '7' DAY
  GROUP BY
    a.account_id,
    a.txn_id,
    a.ts
  HAVING
    COUNT(DISTINCT w.sender) >= 3 AND SUM(w.amount_kzt) >= 5000000
), hit AS (
  SELECT
    g.account_id,
    g.senders,
    g.gathered_kzt,
    w.txn_id,
    w.ts,
    w.sender
  FROM gathered AS g
  JOIN fw AS w
    ON w.account_id = g.account_id
    AND w.ts >= g.first_ts
    AND w.ts < g.first_ts + INTERVAL '7' DAY
), members AS (
  SELECT
    account_id,
    'collector' AS role,
    senders,
    gathered_kzt,
    txn_id,
    ts
  FROM hit
  UNION ALL
  SELECT
    sender,
    'forwarding sender',
    senders,
    gathered_kzt,
    txn_id,
    ts
  FROM hit
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  STRUCT(MIN(role) AS role, MAX(senders) AS senders, MAX(gathered_kzt) AS forwarded_kzt) AS metrics,
  COLLECT_LIST(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
