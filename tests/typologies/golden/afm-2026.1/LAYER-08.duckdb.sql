WITH outs AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    other_account
  FROM big_flow
  WHERE
    dir = 'out' AND amount_kzt >= 500000
), gathered AS (
  SELECT
    o.account_id,
    o.txn_id AS out_txn,
    o.ts AS out_ts,
    o.amount_kzt AS out_kzt,
    o.other_account AS payee,
    i.txn_id AS in_txn,
    i.ts AS in_ts,
    i.amount_kzt AS in_kzt,
    i.other_key,
    i.other_account AS sender
  FROM outs AS o
  JOIN big_flow AS i
    ON i.account_id = o.account_id
    AND i.dir = 'in'
    AND i.ts < o.ts
    AND i.ts >= o.ts - INTERVAL (
      7
    ) DAY
    AND i.amount_kzt >= 500000
), collections AS (
  SELECT
    g.account_id,
    g.out_txn,
    COUNT(DISTINCT g.other_key) AS senders,
    SUM(g.in_kzt) AS gathered_kzt
  FROM gathered AS g
  JOIN relay AS h
    ON h.account_id = g.account_id
  GROUP BY
    g.account_id,
    g.out_txn,
    g.out_kzt,
    h.big_in_kzt
  HAVING
    COUNT(DISTINCT g.other_key) >= 4
    AND g.out_kzt >= 0.85 * SUM(g.in_kzt)
    AND g.out_kzt <= 1.05 * SUM(g.in_kzt)
    AND SUM(g.in_kzt) >= 0.7 * h.big_in_kzt
), hit AS (
  SELECT
    g.*,
    c.senders,
    c.gathered_kzt,
    COALESCE(q.big_in_kzt, 0) AS payee_in_kzt,
    COALESCE(h.big_in_kzt, 0) AS hub_in_kzt
  FROM gathered AS g
  JOIN collections AS c
    ON c.account_id = g.account_id AND c.out_txn = g.out_txn
  LEFT JOIN relay AS q
    ON q.account_id = g.payee
  LEFT JOIN relay AS h
    ON h.account_id = g.account_id
), members AS (
  SELECT
    account_id,
    'collector' AS role,
    senders,
    gathered_kzt,
    out_kzt,
    payee_in_kzt,
    hub_in_kzt,
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
    payee_in_kzt,
    hub_in_kzt,
    out_txn,
    out_ts
  FROM hit
  UNION ALL
  SELECT
    sender,
    'sender',
    senders,
    gathered_kzt,
    out_kzt,
    payee_in_kzt,
    hub_in_kzt,
    in_txn,
    in_ts
  FROM hit
  WHERE
    NOT sender IS NULL
  UNION ALL
  SELECT DISTINCT
    payee,
    'payee',
    senders,
    gathered_kzt,
    out_kzt,
    payee_in_kzt,
    hub_in_kzt,
    out_txn,
    out_ts
  FROM hit
  WHERE
    out_kzt >= 0.5 * payee_in_kzt
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  {'role': MIN(role), 'senders': MAX(senders), 'gathered_kzt': MAX(gathered_kzt), 'paid_on_kzt': MAX(out_kzt), 'payee_large_credits_kzt': MAX(payee_in_kzt), 'collector_large_credits_kzt': MAX(hub_in_kzt)} AS metrics,
  ARRAY_AGG(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
