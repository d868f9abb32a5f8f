WITH relays AS (
  SELECT
    *
  FROM relay
  WHERE
    NOT to_cash
    AND relayed_kzt >= 500000
    AND relayed_kzt >= 0.4 * inflow_kzt
    AND p2p_peak_senders < 8
), splitters AS (
  SELECT
    *
  FROM relays
  WHERE
    recipients >= 3 AND recipients <= 20
), paid AS (
  SELECT
    f.other_account AS account_id,
    s.recipients,
    f.txn_id,
    f.ts,
    f.amount_kzt
  FROM splitters AS s
  JOIN fast_out AS f
    ON f.account_id = s.account_id
  WHERE
    NOT f.other_account IS NULL
), largest AS (
  SELECT
    b.account_id,
    MAX(b.amount_kzt) AS largest_in_kzt
  FROM big_flow AS b
  WHERE
    b.dir = 'in' AND b.account_id IN (
      SELECT
        account_id
      FROM paid
    )
  GROUP BY
    b.account_id
), layered AS (
  SELECT
    p.account_id
  FROM paid AS p
  JOIN relay AS q
    ON q.account_id = p.account_id
  JOIN largest AS m
    ON m.account_id = p.account_id
  GROUP BY
    p.account_id,
    q.big_in_kzt,
    m.largest_in_kzt
  HAVING
    SUM(p.amount_kzt) >= 0.5 * q.big_in_kzt
    OR (
      MAX(p.amount_kzt) >= m.largest_in_kzt AND SUM(p.amount_kzt) >= 0.2 * q.big_in_kzt
    )
), members AS (
  SELECT
    s.account_id,
    'splitting' AS role,
    s.recipients,
    f.txn_id,
    f.ts
  FROM splitters AS s
  JOIN fast_out AS f
    ON f.account_id = s.account_id
  UNION ALL
  SELECT
    p.account_id,
    'recipient',
    p.recipients,
    p.txn_id,
    p.ts
  FROM paid AS p
  JOIN layered AS l
    ON l.account_id = p.account_id
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  CASE WHEN MIN(role) = 'splitting' THEN 1.0 ELSE 0.9 END AS score,
  STRUCT(MIN(role) AS role, MAX(recipients) AS recipients_of_split) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM members
GROUP BY
  account_id
