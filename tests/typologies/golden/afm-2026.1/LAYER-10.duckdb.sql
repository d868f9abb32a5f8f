WITH forwarded AS (
  SELECT
    *
  FROM forwarded_credit
), gathered AS (
  SELECT
    o.account_id,
    o.txn_id AS out_txn,
    o.ts AS out_ts,
    o.amount_kzt AS out_kzt,
    o.other_account AS payee,
    w.txn_id AS in_txn,
    w.ts AS in_ts,
    w.amount_kzt AS in_kzt,
    w.sender
  FROM big_flow AS o
  JOIN forwarded AS w
    ON w.account_id = o.account_id
    AND w.ts < o.ts
    AND w.ts >= o.ts - INTERVAL (
      7
    ) DAY
  WHERE
    o.dir = 'out'
), collections AS (
  SELECT
    account_id,
    out_txn,
    COUNT(DISTINCT sender) AS senders,
    SUM(in_kzt) AS gathered_kzt
  FROM gathered
  GROUP BY
    account_id,
    out_txn,
    out_kzt
  HAVING
    COUNT(DISTINCT sender) >= 3
    AND out_kzt >= 0.85 * SUM(in_kzt)
    AND out_kzt <= 1.05 * SUM(in_kzt)
), hit AS (
  SELECT
    g.*,
    c.senders,
    c.gathered_kzt,
    COALESCE(q.big_in_kzt, 0) AS payee_in_kzt
  FROM gathered AS g
  JOIN collections AS c
    ON c.account_id = g.account_id AND c.out_txn = g.out_txn
  LEFT JOIN relay AS q
    ON q.account_id = g.payee
), members AS (
  SELECT
    account_id,
    'collector' AS role,
    senders,
    gathered_kzt,
    out_kzt,
    in_txn AS txn_id,
    in_ts AS ts
  FROM hit
  UNION ALL
  SELECT DISTINCT
    account_id,
    'collector',
    senders,
    gathered_kzt,
    out_kzt,
    out_txn,
    out_ts
  FROM hit
  UNION ALL
  SELECT
    sender,
    'forwarding sender',
    senders,
    gathered_kzt,
    out_kzt,
    in_txn,
    in_ts
  FROM hit
  UNION ALL
  SELECT DISTINCT
    payee,
    'payee',
    senders,
    gathered_kzt,
    out_kzt,
    out_txn,
    out_ts
  FROM hit
  WHERE
    NOT payee IS NULL AND out_kzt >= 0.5 * payee_in_kzt
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'role': MIN(role), 'senders': MAX(senders), 'forwarded_kzt': MAX(gathered_kzt), 'paid_on_kzt': MAX(out_kzt)} AS metrics,
  ARRAY_AGG(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
