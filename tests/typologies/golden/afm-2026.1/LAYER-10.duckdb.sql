WITH gathered AS (
  /* every first-time credit before the collector's payment, and whether its sender */
  /* had just received that sum (forwarded_credit) */
  SELECT
    o.account_id,
    o.txn_id AS out_txn,
    o.ts AS out_ts,
    o.amount_kzt AS out_kzt,
    o.other_account AS payee,
    w.txn_id AS in_txn,
    w.ts AS in_ts,
    w.amount_kzt AS in_kzt,
    w.other_key AS sender,
    w.other_account AS sender_account,
    NOT f.txn_id IS NULL AS forwarded
  FROM big_flow AS o
  JOIN fresh_flow AS w
    ON w.account_id = o.account_id
    AND w.dir = 'in'
    AND w.ts < o.ts
    AND w.ts >= o.ts - INTERVAL (
      7
    ) DAY
  LEFT JOIN forwarded_credit AS f
    ON f.txn_id = w.txn_id
  WHERE
    o.dir = 'out'
    AND /* only where enough senders forwarded at all (the same rows, a tenth of the work) */ o.account_id IN (
      SELECT
        account_id
      FROM forwarded_credit
      GROUP BY
        account_id
      HAVING
        COUNT(DISTINCT sender) >= 3
    )
), collections AS (
  SELECT
    account_id,
    out_txn,
    COUNT(DISTINCT CASE WHEN forwarded THEN sender END) AS senders,
    SUM(in_kzt) AS gathered_kzt
  FROM gathered
  GROUP BY
    account_id,
    out_txn,
    out_kzt
  HAVING
    COUNT(DISTINCT CASE WHEN forwarded THEN sender END) >= 3
    AND (
      (
        out_kzt >= 0.85 * SUM(in_kzt) AND out_kzt <= 1.05 * SUM(in_kzt)
      )
      OR (
        out_kzt >= 0.85 * SUM(CASE WHEN forwarded THEN in_kzt ELSE 0 END)
        AND out_kzt <= 1.05 * SUM(CASE WHEN forwarded THEN in_kzt ELSE 0 END)
      )
    )
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
    sender_account,
    CASE WHEN forwarded THEN 'forwarding sender' ELSE 'first-time sender' END,
    senders,
    gathered_kzt,
    out_kzt,
    in_txn,
    in_ts
  FROM hit
  WHERE
    NOT sender_account IS NULL AND forwarded
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
