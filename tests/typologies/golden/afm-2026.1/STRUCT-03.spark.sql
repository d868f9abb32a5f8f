WITH below AS (
  SELECT
    o.account_id,
    o.card_id,
    o.atm_id,
    o.txn_id,
    o.ts,
    o.amount_kzt,
    a.holder_id
  FROM cash_op AS o
  JOIN acct AS a
    ON a.account_id = o.account_id
  WHERE
    o.type = 'cash_deposit'
    AND o.channel = 'atm'
    AND o.amount_kzt >= 0.8 * 500000
    AND o.amount_kzt <= 500000
), repeated AS (
  SELECT
    b.account_id,
    b.txn_id AS anchor,
    COUNT(*) AS n
  FROM below AS b
  JOIN below AS o
    ON o.account_id = b.account_id AND o.ts > b.ts - INTERVAL '7' DAY AND o.ts <= b.ts
  GROUP BY
    b.account_id,
    b.txn_id
  HAVING
    COUNT(*) >= 2
), sessions AS (
  SELECT
    b.account_id,
    b.txn_id AS anchor,
    COUNT(DISTINCT o.holder_id) AS n
  FROM below AS b
  JOIN below AS o
    ON o.atm_id = b.atm_id
    AND o.ts >= b.ts - INTERVAL '30' MINUTE
    AND o.ts <= b.ts + INTERVAL '30' MINUTE
  GROUP BY
    b.account_id,
    b.txn_id
  HAVING
    COUNT(DISTINCT o.holder_id) >= 2
), per_account AS (
  SELECT
    account_id,
    MAX(n) AS ops,
    0 AS people
  FROM repeated
  GROUP BY
    account_id
  UNION ALL
  SELECT
    account_id,
    0,
    MAX(n)
  FROM sessions
  GROUP BY
    account_id
), hit AS (
  SELECT
    account_id,
    MAX(ops) AS ops,
    MAX(people) AS people
  FROM per_account
  GROUP BY
    account_id
), busy AS (
  SELECT
    b.atm_id,
    b.ts,
    b.txn_id
  FROM below AS b
  JOIN sessions AS s
    ON s.anchor = b.txn_id
  WHERE
    s.n >= 3
), present AS (
  SELECT
    o.account_id,
    o.txn_id,
    o.ts,
    CAST(u.ts AS DATE) AS session_day,
    u.atm_id
  FROM busy AS u
  JOIN cash_op AS o
    ON o.atm_id = u.atm_id AND o.ts < u.ts AND o.ts >= u.ts - INTERVAL '20' MINUTE
  LEFT JOIN below AS b
    ON b.txn_id = o.txn_id
  WHERE
    b.txn_id IS NULL
), carrier AS (
  SELECT
    account_id,
    COUNT(DISTINCT CONCAT(COALESCE(atm_id, ''), COALESCE(CAST(session_day AS STRING), ''))) AS sessions,
    MIN(ts) AS start_ts,
    MAX(ts) AS end_ts,
    COLLECT_LIST(DISTINCT txn_id) AS txns
  FROM present
  GROUP BY
    account_id
  HAVING
    COUNT(DISTINCT CONCAT(COALESCE(atm_id, ''), COALESCE(CAST(session_day AS STRING), ''))) >= 2
)
SELECT
  'account' AS subject_type,
  h.account_id AS subject_id,
  MIN(b.ts) AS window_start,
  MAX(b.ts) AS window_end,
  LEAST(1.0, 0.2 * h.ops + 0.2 * h.people) AS score,
  STRUCT(
    'topped up' AS role,
    h.ops AS top_ups_of_one_card,
    h.people AS people_topped_up_in_one_session,
    COUNT(*) AS top_ups_below_threshold
  ) AS metrics,
  COLLECT_LIST(b.txn_id) AS evidence
FROM hit AS h
JOIN below AS b
  ON b.account_id = h.account_id
GROUP BY
  h.account_id,
  h.ops,
  h.people
UNION ALL
SELECT
  'account',
  account_id,
  start_ts,
  end_ts,
  0.8,
  STRUCT(
    'card used at the ATM just before several people\'s cards were topped up' AS role,
    0 AS top_ups_of_one_card,
    sessions AS people_topped_up_in_one_session,
    0 AS top_ups_below_threshold
  ),
  txns
FROM carrier
