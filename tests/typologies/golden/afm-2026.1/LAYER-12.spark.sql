WITH forwarded AS (
  SELECT
    *
  FROM forwarded_credit
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
      FROM forwarded
    )
), gathered AS (
  SELECT
    a.account_id,
    a.txn_id AS anchor,
    COUNT(DISTINCT w.sender) AS senders,
    SUM(w.amount_kzt) AS in_kzt
  FROM outs AS a
  JOIN forwarded AS w
    ON w.account_id = a.account_id AND w.ts < a.ts AND w.ts >= a.ts - INTERVAL '7' DAY
  GROUP BY
    a.account_id,
    a.txn_id
  HAVING
    COUNT(DISTINCT w.sender) >= 3
), scattered AS (
  /* pieces of a split over several payees: none above half the gathered sum (a busy */
  /* hub's large payment to a new supplier in the same hours is not one of them) */
  SELECT
    g.account_id,
    g.anchor,
    g.in_kzt,
    COUNT(DISTINCT o.other_key) AS payees,
    SUM(o.amount_kzt) AS out_kzt
  FROM gathered AS g
  JOIN outs AS a
    ON a.txn_id = g.anchor
  JOIN outs AS o
    ON o.account_id = a.account_id
    AND o.ts >= a.ts
    AND o.ts <= a.ts + INTERVAL '48' HOUR
    AND o.amount_kzt <= 0.5 * g.in_kzt
  GROUP BY
    g.account_id,
    g.anchor,
    g.in_kzt
  HAVING
    COUNT(DISTINCT o.other_key) >= 3
), hub AS (
  SELECT
    g.account_id,
    g.anchor,
    a.ts AS anchor_ts,
    g.senders,
    g.in_kzt,
    s.payees,
    s.out_kzt
  FROM gathered AS g
  JOIN scattered AS s
    ON s.account_id = g.account_id AND s.anchor = g.anchor
  JOIN outs AS a
    ON a.txn_id = g.anchor
  WHERE
    s.out_kzt >= 0.85 * g.in_kzt AND s.out_kzt <= 1.1 * g.in_kzt
), members AS (
  SELECT
    w.account_id,
    'hub' AS role,
    h.senders,
    h.payees,
    w.txn_id,
    w.ts
  FROM hub AS h
  JOIN forwarded AS w
    ON w.account_id = h.account_id
    AND w.ts < h.anchor_ts
    AND w.ts >= h.anchor_ts - INTERVAL '7' DAY
  UNION ALL
  SELECT
    w.sender,
    'forwarding sender',
    h.senders,
    h.payees,
    w.txn_id,
    w.ts
  FROM hub AS h
  JOIN forwarded AS w
    ON w.account_id = h.account_id
    AND w.ts < h.anchor_ts
    AND w.ts >= h.anchor_ts - INTERVAL '7' DAY
  UNION ALL
  SELECT
    o.other_account,
    'payee',
    h.senders,
    h.payees,
    o.txn_id,
    o.ts
  FROM hub AS h
  JOIN outs AS o
    ON o.account_id = h.account_id
    AND o.ts >= h.anchor_ts
    AND o.ts <= h.anchor_ts + INTERVAL '48' HOUR
    AND o.amount_kzt <= 0.5 * h.in_kzt
  /* a piece of the split (at least half the average piece), not the hub's day-to-day */
  /* payment to a new supplier in the same hours */
  WHERE
    NOT o.other_account IS NULL AND o.amount_kzt >= 0.5 * h.out_kzt / h.payees
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  1.0 AS score,
  STRUCT(MIN(role) AS role, MAX(senders) AS senders, MAX(payees) AS payees) AS metrics,
  COLLECT_LIST(DISTINCT txn_id) AS evidence
FROM members
GROUP BY
  account_id
