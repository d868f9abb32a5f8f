SELECT
  c.contract_id,
  c.entity_id,
  c.direction,
  c.hs_code,
  LEFT(c.hs_code, 6) AS hs6,
  LEFT(c.hs_code, 2) AS hs2,
  c.goods_desc,
  c.quantity,
  LOWER(TRIM(c.unit)) AS unit,
  CAST(c.amount_kzt AS DOUBLE) AS amount_kzt,
  CASE WHEN c.quantity > 0 THEN CAST(c.amount_kzt AS DOUBLE) / c.quantity END AS unit_kzt,
  COALESCE(c.prepay_pct, 0.0) AS prepay_pct,
  c.signed,
  c.delivery_due,
  c.cp_name,
  c.cp_country,
  c.route_countries,
  COALESCE(c.amendments, 0) AS amendments,
  e.name AS entity_name,
  e.oked,
  LEFT(e.oked, 2) AS oked_div,
  e.registered,
  e.employees,
  CAST(COALESCE(e.tax_paid_kzt, 0) AS DOUBLE) AS tax_paid_kzt,
  e.address_id,
  e.phone
FROM trade_contracts AS c
LEFT JOIN legal_entities AS e
  ON e.entity_id = c.entity_id
WHERE
  c.signed < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMP) AS DATE)
  AND COALESCE(c.delivery_due, c.signed) >= CAST(CAST('2026-01-01 00:00:00' AS TIMESTAMP) AS DATE) - INTERVAL '180' DAY
