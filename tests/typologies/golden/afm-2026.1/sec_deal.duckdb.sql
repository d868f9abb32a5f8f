SELECT
  d.deal_id,
  d.ts,
  d.asset_class,
  d.item_id,
  d.buyer_type,
  d.buyer_id,
  d.payer_type,
  d.payer_id,
  d.payer_country,
  d.seller_type,
  d.seller_id,
  CAST(d.price_kzt AS DOUBLE) AS price_kzt,
  CAST(d.valuation_kzt AS DOUBLE) AS valuation_kzt,
  d.payment_form,
  CAST(p.declared_income_kzt AS DOUBLE) AS buyer_income,
  COALESCE(p.pep, FALSE) AS buyer_pep,
  e.kind AS buyer_kind,
  e.country AS buyer_country,
  e.oked AS buyer_oked
FROM property_deals AS d
LEFT JOIN persons AS p
  ON d.buyer_type = 'person' AND p.person_id = d.buyer_id
LEFT JOIN legal_entities AS e
  ON d.buyer_type = 'entity' AND e.entity_id = d.buyer_id
WHERE
  d.ts >= CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ)
  AND d.ts < CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ)
