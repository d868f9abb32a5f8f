WITH relays AS (
  SELECT
    *
  FROM relay
  WHERE
    NOT to_cash
    AND relayed_kzt >= 500000
    AND relayed_kzt >= 0.4 * inflow_kzt
    AND p2p_peak_senders < 8
), from_relays AS (
  SELECT
    f.other_account AS account_id,
    CONCAT('a', CAST(f.account_id AS TEXT)) AS source_key,
    f.account_id AS relay,
    f.txn_id,
    f.ts,
    f.amount_kzt
  FROM fast_out AS f
  JOIN relays AS r
    ON r.account_id = f.account_id
  WHERE
    NOT f.other_account IS NULL
), from_abroad AS (
  SELECT DISTINCT
    b.account_id,
    b.other_key AS source_key,
    CAST(NULL AS BIGINT) AS relay,
    b.txn_id,
    b.ts,
    b.amount_kzt
  FROM big_flow AS b
  JOIN from_relays AS r
    ON r.account_id = b.account_id
    AND b.ts >= r.ts - INTERVAL '72' HOUR
    AND b.ts <= r.ts + INTERVAL '72' HOUR
  WHERE
    b.dir = 'in' AND STARTS_WITH(b.other_key, 'x')
), recv AS (
  SELECT
    *
  FROM from_relays
  UNION ALL
  SELECT
    *
  FROM from_abroad
), collectors AS (
  SELECT
    r.account_id,
    COUNT(DISTINCT r.source_key) AS sources,
    COUNT(DISTINCT r.relay) AS relays
  FROM recv AS r
  JOIN relay AS q
    ON q.account_id = r.account_id
  GROUP BY
    r.account_id,
    q.big_in_kzt
  HAVING
    COUNT(DISTINCT r.source_key) >= 2 AND SUM(r.amount_kzt) >= 0.5 * q.big_in_kzt
), paid AS (
  SELECT DISTINCT
    b.other_account AS account_id,
    c.sources,
    b.txn_id,
    b.ts,
    b.amount_kzt
  FROM collectors AS c
  JOIN recv AS r
    ON r.account_id = c.account_id
  JOIN big_flow AS b
    ON b.account_id = c.account_id
    AND b.dir = 'out'
    AND b.ts > r.ts
    AND b.ts <= r.ts + INTERVAL '72' HOUR
  WHERE
    NOT b.other_account IS NULL
), onward AS (
  SELECT
    p.*
  FROM paid AS p
  JOIN (
    SELECT
      p2.account_id
    FROM paid AS p2
    JOIN relay AS q
      ON q.account_id = p2.account_id
    GROUP BY
      p2.account_id,
      q.big_in_kzt
    HAVING
      SUM(p2.amount_kzt) >= 0.5 * q.big_in_kzt
  ) AS l
    ON l.account_id = p.account_id
), members AS (
  SELECT
    r.account_id,
    'collecting' AS role,
    c.sources,
    r.txn_id,
    r.ts,
    r.amount_kzt
  FROM recv AS r
  JOIN collectors AS c
    ON c.account_id = r.account_id
  UNION ALL
  SELECT
    r.relay,
    'feeding a collector',
    c.sources,
    r.txn_id,
    r.ts,
    r.amount_kzt
  FROM from_relays AS r
  JOIN collectors AS c
    ON c.account_id = r.account_id
  UNION ALL
  SELECT
    account_id,
    'paid by a collector',
    sources,
    txn_id,
    ts,
    amount_kzt
  FROM onward
)
SELECT
  'account' AS subject_type,
  account_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  LEAST(1.0, 0.5 + 0.2 * MAX(sources)) AS score,
  {'role': MIN(role), 'sources_of_the_collector': MAX(sources), 'kzt': SUM(amount_kzt)} AS metrics,
  ARRAY_AGG(txn_id) AS evidence
FROM members
GROUP BY
  account_id
