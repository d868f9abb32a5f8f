WITH rca AS (
  SELECT DISTINCT
    k.person_id
  FROM sec_kin AS k
  JOIN persons AS p
    ON p.person_id = k.relative_id
  WHERE
    p.pep
)
SELECT
  'deal' AS subject_type,
  d.deal_id AS subject_id,
  d.ts AS window_start,
  d.ts AS window_end,
  CASE WHEN d.buyer_pep THEN 1.0 ELSE 0.8 END AS score,
  {'buyer_pep': d.buyer_pep, 'relative_of_pep': NOT r.person_id IS NULL, 'price_kzt': d.price_kzt} AS metrics,
  [d.deal_id] AS evidence
FROM sec_deal AS d
LEFT JOIN rca AS r
  ON r.person_id = d.buyer_id
WHERE
  d.asset_class = 'real_estate'
  AND d.buyer_type = 'person'
  AND d.price_kzt >= 20000000
  AND (
    d.buyer_pep OR NOT r.person_id IS NULL
  )
