WITH circle AS (
  SELECT
    deal_id,
    ts,
    buyer_id AS person_id
  FROM sec_deal
  WHERE
    asset_class = 'real_estate' AND buyer_type = 'person'
  UNION
  SELECT
    deal_id,
    ts,
    payer_id
  FROM sec_deal
  WHERE
    asset_class = 'real_estate' AND payer_type = 'person' AND NOT payer_id IS NULL
  UNION
  SELECT
    d.deal_id,
    d.ts,
    k.relative_id
  FROM sec_deal AS d
  JOIN sec_kin AS k
    ON k.person_id = d.buyer_id
  WHERE
    d.asset_class = 'real_estate' AND d.buyer_type = 'person'
  UNION
  SELECT
    i.deal_id,
    d.ts,
    i.src_id
  FROM sec_deal_inflow AS i
  JOIN sec_deal AS d
    ON d.deal_id = i.deal_id
  WHERE
    d.asset_class = 'real_estate'
    AND i.src_type = 'person'
    AND i.amount_kzt >= 0.5 * d.price_kzt
), linked AS (
  SELECT DISTINCT
    a.deal_id,
    b.deal_id AS other
  FROM circle AS a
  JOIN circle AS b
    ON b.person_id = a.person_id
    AND b.deal_id <> a.deal_id
    AND ABS(DATE_DIFF('DAY', a.ts, b.ts)) <= 90
)
SELECT
  'deal' AS subject_type,
  l.deal_id AS subject_id,
  MIN(d.ts) AS window_start,
  MAX(d.ts) AS window_end,
  LEAST(1.0, 0.5 + 0.25 * COUNT(*)) AS score,
  {'related_purchases': COUNT(*)} AS metrics,
  ARRAY_AGG(l.other) AS evidence
FROM linked AS l
JOIN sec_deal AS d
  ON d.deal_id = l.deal_id
GROUP BY
  l.deal_id
