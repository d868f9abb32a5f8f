WITH credits AS (
  SELECT
    dst_account_id AS account_id,
    src_account_id AS sender,
    txn_id,
    ts
  FROM transactions
  WHERE
    status = 'completed'
    AND type = 'transfer'
    AND NOT dst_account_id IS NULL
    AND ts >= CAST('2024-06-01 00:00:00' AS TIMESTAMP)
    AND ts < CAST('2024-07-01 00:00:00' AS TIMESTAMP)
), rolling AS (
  SELECT
    account_id,
    ts,
    SIZE(
      COLLECT_SET(sender) OVER (
        PARTITION BY account_id
        ORDER BY ts NULLS LAST
        RANGE BETWEEN INTERVAL '7' DAYS PRECEDING AND CURRENT ROW
      )
    ) AS senders
  FROM credits
), peak AS (
  SELECT
    account_id,
    ts AS peak_ts,
    senders
  FROM (
    SELECT
      account_id,
      ts,
      senders,
      ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY senders DESC, ts NULLS LAST) AS rn
    FROM rolling
  ) AS r
  WHERE
    rn = 1 AND senders >= 4
)
SELECT
  'account' AS subject_type,
  p.account_id AS subject_id,
  p.peak_ts - INTERVAL '7' DAY AS window_start,
  p.peak_ts AS window_end,
  LEAST(1.0, p.senders / (
    2.0 * 4
  )) AS score,
  STRUCT(p.senders AS senders) AS metrics,
  COLLECT_LIST(c.txn_id) AS evidence
FROM peak AS p
JOIN credits AS c
  ON c.account_id = p.account_id
  AND c.ts >= p.peak_ts - INTERVAL '7' DAY
  AND c.ts <= p.peak_ts
GROUP BY
  p.account_id,
  p.peak_ts,
  p.senders
