WITH payer AS (
  SELECT
    payer_account AS account_id,
    MAX(payer_entity) AS entity_id,
    COUNT(DISTINCT person_id) AS payees,
    SUM(amount_kzt) AS paid_kzt,
    SUM(cashed_kzt) AS cashed_kzt,
    COUNT_IF(type = 'salary' OR knp = '311') AS salary_payments,
    MIN(ts) AS first_ts,
    MAX(ts) AS last_ts
  FROM payout_cash
  GROUP BY
    payer_account
), funding AS (
  SELECT
    x.dst_account_id AS account_id,
    COUNT(DISTINCT x.src_holder) AS payer_firms,
    SUM(x.amount_kzt) AS firm_inflow_kzt
  FROM xfer AS x
  WHERE
    NOT x.related
    AND x.src_type = 'entity'
    AND x.dst_type = 'entity'
    AND x.dst_account_id IN (
      SELECT
        account_id
      FROM payer
    )
  GROUP BY
    x.dst_account_id
)
SELECT
  p.account_id,
  p.entity_id,
  p.payees,
  p.paid_kzt,
  p.cashed_kzt,
  p.cashed_kzt / p.paid_kzt AS cashout_share,
  p.salary_payments,
  COALESCE(f.payer_firms, 0) AS payer_firms,
  COALESCE(f.firm_inflow_kzt, 0) AS firm_inflow_kzt,
  p.first_ts,
  p.last_ts
FROM payer AS p
LEFT JOIN funding AS f
  ON f.account_id = p.account_id
