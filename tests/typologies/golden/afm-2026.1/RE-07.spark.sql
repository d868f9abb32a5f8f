WITH cash_in AS (
  SELECT
    deal_id,
    SUM(amount_kzt) AS cash_kzt,
    COLLECT_LIST(txn_id) AS txns
  FROM sec_deal_inflow
  WHERE
    type = 'cash_deposit'
  GROUP BY
    deal_id
)
SELECT
  'deal' AS subject_type,
  d.deal_id AS subject_id,
  d.ts - INTERVAL '30' DAY AS window_start,
  d.ts AS window_end,
  CASE
    WHEN d.payment_form = 'cash'
    THEN 1.0
    WHEN COALESCE(c.cash_kzt, 0) >= 0.5 * d.price_kzt
    THEN 0.9
    ELSE 0.5
  END AS score,
  STRUCT(
    d.payment_form AS payment_form,
    c.cash_kzt AS cash_deposited_before_kzt,
    d.price_kzt AS price_kzt
  ) AS metrics,
  COALESCE(c.txns, ARRAY()) AS evidence
FROM sec_deal AS d
LEFT JOIN cash_in AS c
  ON c.deal_id = d.deal_id
WHERE
  d.asset_class = 'real_estate'
  AND (
    d.payment_form IN ('cash', 'mixed')
    OR COALESCE(c.cash_kzt, 0) >= 0.5 * d.price_kzt
  )
