WITH ins AS (
  SELECT
    account_id,
    txn_id,
    ts,
    amount_kzt,
    other_key
  FROM big_flow
  WHERE
    dir = 'in' AND amount_kzt >= 500000
), around AS (
  SELECT
    i.account_id,
    i.txn_id,
    i.ts,
    i.amount_kzt,
    i.other_key,
    SUM(CASE WHEN o.ts > i.ts THEN o.amount_kzt ELSE 0 END) AS after_kzt,
    SUM(CASE WHEN o.ts <= i.ts THEN o.amount_kzt ELSE 0 END) AS before_kzt
  FROM ins AS i
  LEFT JOIN big_flow AS o
    ON o.account_id = i.account_id
    AND o.dir = 'out'
    AND o.ts > i.ts - INTERVAL '72' HOUR
    AND o.ts <= i.ts + INTERVAL '72' HOUR
    AND o.amount_kzt >= 0.02 * i.amount_kzt
  GROUP BY
    i.account_id,
    i.txn_id,
    i.ts,
    i.amount_kzt,
    i.other_key
)
SELECT
  a.account_id,
  a.txn_id,
  a.ts,
  a.amount_kzt,
  a.other_key,
  COALESCE(a.after_kzt, 0) AS after_kzt,
  COALESCE(a.before_kzt, 0) AS before_kzt,
  COALESCE(a.after_kzt, 0) - COALESCE(a.before_kzt, 0) >= 0.85 * a.amount_kzt
  AND COALESCE(a.after_kzt, 0) - COALESCE(a.before_kzt, 0) <= 1.05 * a.amount_kzt
  AND COALESCE(a.after_kzt, 0) <= 1.5 * a.amount_kzt AS relayed
FROM around AS a
