WITH paid AS (
  SELECT
    f.payer_account AS account_id,
    f.payer_entity AS entity_id,
    f.person_id,
    SUM(f.amount_kzt) AS kzt,
    COUNT(*) AS payments,
    COUNT_IF(f.type = 'salary' OR f.knp = '311') AS salary_payments,
    MIN(f.ts) AS first_ts,
    MAX(f.ts) AS last_ts
  FROM firm_payout AS f
  GROUP BY
    f.payer_account,
    f.payer_entity,
    f.person_id
), payer AS (
  SELECT
    p.account_id,
    MAX(p.entity_id) AS entity_id,
    COUNT(*) AS payees,
    SUM(p.kzt) AS paid_kzt,
    SUM(p.kzt * c.cash_share) AS cashed_kzt,
    SUM(p.salary_payments) AS salary_payments,
    MIN(p.first_ts) AS first_ts,
    MAX(p.last_ts) AS last_ts
  FROM paid AS p
  JOIN person_cashout AS c
    ON c.person_id = p.person_id
  GROUP BY
    p.account_id
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
