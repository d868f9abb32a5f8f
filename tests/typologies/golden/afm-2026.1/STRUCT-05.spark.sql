WITH dep AS (
  SELECT
    o.account_id,
    o.txn_id,
    o.ts,
    o.amount_kzt
  FROM cash_op AS o
  WHERE
    o.type = 'cash_deposit'
    AND (
      (
        o.amount_kzt >= 0.8 * 500000 AND o.amount_kzt <= 500000
      )
      OR (
        o.amount_kzt >= 0.8 * 7000000 AND o.amount_kzt < 7000000
      )
    )
), passed AS (
  SELECT DISTINCT
    x.txn_id,
    x.ts,
    x.amount_kzt,
    x.src_account_id AS depositor,
    x.dst_account_id AS collector,
    d.txn_id AS deposit_txn
  FROM xfer AS x
  JOIN dep AS d
    ON d.account_id = x.src_account_id
    AND x.ts > d.ts
    AND x.ts <= d.ts + INTERVAL '96' HOUR
  WHERE
    NOT x.dst_account_id IS NULL
    AND NOT (
      x.src_type = x.dst_type AND x.src_holder = x.dst_holder
    )
    AND x.amount_kzt >= 0.5 * d.amount_kzt
), collectors AS (
  SELECT
    collector,
    COUNT(DISTINCT depositor) AS depositors,
    SUM(amount_kzt) AS collected_kzt,
    MIN(ts) AS start_ts,
    MAX(ts) AS end_ts,
    COLLECT_LIST(txn_id) AS txns
  FROM passed
  GROUP BY
    collector
  HAVING
    COUNT(DISTINCT depositor) >= 2
    OR (
      COUNT(DISTINCT deposit_txn) >= 2 AND SUM(amount_kzt) >= 7000000
    )
), depositors AS (
  SELECT
    p.depositor,
    MAX(c.depositors) AS depositors,
    SUM(p.amount_kzt) AS passed_kzt,
    MIN(p.ts) AS start_ts,
    MAX(p.ts) AS end_ts,
    COLLECT_LIST(p.txn_id) AS txns
  FROM passed AS p
  JOIN collectors AS c
    ON c.collector = p.collector
  GROUP BY
    p.depositor
)
/* one depositor passing on their own deposits scores 0.6: alone that is STRUCT-01's */
/* split deposit, here it only corroborates (alone it raised 15 false alerts and no */
/* true one on fifteen tuning worlds: shop takings, one-off cash) */
SELECT
  'account' AS subject_type,
  collector AS subject_id,
  start_ts AS window_start,
  end_ts AS window_end,
  CASE WHEN depositors >= 2 THEN LEAST(1.0, 0.5 + 0.2 * depositors) ELSE 0.6 END AS score,
  STRUCT('collecting' AS role, depositors AS depositors, collected_kzt AS kzt) AS metrics,
  txns AS evidence
FROM collectors
UNION ALL
SELECT
  'account',
  depositor,
  start_ts,
  end_ts,
  CASE WHEN depositors >= 2 THEN LEAST(1.0, 0.5 + 0.2 * depositors) ELSE 0.6 END,
  STRUCT('depositing' AS role, depositors AS depositors, passed_kzt AS kzt),
  txns
FROM depositors
