WITH relays AS (
  SELECT
    *
  FROM relay
  WHERE
    NOT to_cash
    AND relayed_kzt >= 500000
    AND relayed_kzt >= 0.4 * inflow_kzt
    AND p2p_peak_senders < 8
), links AS (
  SELECT
    f.account_id AS src,
    f.other_account AS dst,
    f.txn_id,
    f.ts,
    f.amount_kzt
  FROM fast_out AS f
  JOIN relays AS r
    ON r.account_id = f.account_id
  WHERE
    NOT f.other_account IS NULL
), pairs AS (
  SELECT
    l.src,
    l.dst,
    l.txn_id,
    l.ts
  FROM links AS l
  JOIN relays AS r
    ON r.account_id = l.dst
), between_relays AS (
  SELECT
    l.dst AS account_id,
    l.src AS up,
    b.other_account AS down,
    l.txn_id AS t_in,
    b.txn_id AS t_out,
    l.ts AS start_ts,
    b.ts AS end_ts
  FROM links AS l
  JOIN big_flow AS b
    ON b.account_id = l.dst
    AND b.dir = 'out'
    AND b.ts > l.ts
    AND b.ts <= l.ts + INTERVAL '72' HOUR
    AND b.amount_kzt >= 0.8 * l.amount_kzt
    AND b.amount_kzt <= 1.05 * l.amount_kzt
  JOIN relays AS r
    ON r.account_id = b.other_account
  LEFT JOIN relays AS q
    ON q.account_id = l.dst
  WHERE
    q.account_id IS NULL
), members AS (
  SELECT
    src AS account_id,
    'relay' AS role,
    txn_id,
    ts AS start_ts,
    ts AS end_ts
  FROM pairs
  UNION ALL
  SELECT
    dst,
    'relay',
    txn_id,
    ts,
    ts
  FROM pairs
  UNION ALL
  SELECT
    account_id,
    'between relays',
    t_in,
    start_ts,
    end_ts
  FROM between_relays
  UNION ALL
  SELECT
    account_id,
    'between relays',
    t_out,
    start_ts,
    end_ts
  FROM between_relays
  UNION ALL
  SELECT
    up,
    'relay',
    t_in,
    start_ts,
    start_ts
  FROM between_relays
  UNION ALL
  SELECT
    down,
    'relay',
    t_out,
    end_ts,
    end_ts
  FROM between_relays
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(start_ts) AS window_start,
  MAX(end_ts) AS window_end,
  1.0 AS score,
  STRUCT(MIN(role) AS role, COUNT(DISTINCT txn_id) AS links) AS metrics,
  COLLECT_LIST(txn_id) AS evidence
FROM members
GROUP BY
  account_id
