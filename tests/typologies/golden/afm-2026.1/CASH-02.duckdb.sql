WITH inflow AS (
  SELECT
    x.dst_account_id AS account_id,
    SUM(x.amount_kzt) AS inflow_kzt,
    COUNT(DISTINCT x.src_holder) AS payer_firms,
    MIN(x.ts) AS first_ts,
    MAX(x.ts) AS last_ts,
    ARRAY_AGG(x.txn_id) AS txns
  FROM xfer AS x
  WHERE
    NOT x.related AND x.src_type = 'entity' AND x.dst_type = 'entity'
  GROUP BY
    x.dst_account_id
  HAVING
    SUM(x.amount_kzt) >= 20000000
), upkeep AS (
  SELECT DISTINCT
    t.src_account_id AS account_id
  FROM transactions AS t
  WHERE
    t.status = 'completed'
    AND t.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
    AND t.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
    AND (
      t.type = 'bill_payment' OR t.knp IN ('819', '851', '911')
    )
)
SELECT
  'account' AS subject_type,
  i.account_id AS subject_id,
  i.first_ts AS window_start,
  i.last_ts AS window_end,
  LEAST(1.0, i.inflow_kzt / (
    2 * 20.0 * GREATEST(COALESCE(a.tax_paid_kzt, 0), 1.0)
  )) AS score,
  {'firm_inflow_kzt': i.inflow_kzt, 'tax_paid_12m_kzt': COALESCE(a.tax_paid_kzt, 0), 'registered': a.registered, 'paying_firms': i.payer_firms} AS metrics,
  i.txns AS evidence
FROM inflow AS i
JOIN acct AS a
  ON a.account_id = i.account_id AND a.entity_kind = 'company'
LEFT JOIN upkeep AS u
  ON u.account_id = i.account_id
WHERE
  u.account_id IS NULL
  AND i.inflow_kzt >= 20.0 * COALESCE(a.tax_paid_kzt, 0)
  AND a.registered >= CAST(i.first_ts AS DATE) - INTERVAL (
    24
  ) MONTH
