WITH pairs AS (
  SELECT
    b.buyer_id AS person_id,
    b.deal_id AS bought,
    s.deal_id AS pawned,
    b.ts,
    s.ts AS pawned_ts
  FROM sec_deal AS b
  JOIN sec_deal AS s
    ON s.item_id = b.item_id
    AND s.seller_type = 'person'
    AND s.seller_id = b.buyer_id
    AND s.ts > b.ts
    AND s.ts <= b.ts + INTERVAL '30' DAY
  JOIN legal_entities AS e
    ON s.buyer_type = 'entity' AND e.entity_id = s.buyer_id
  WHERE
    b.asset_class <> 'real_estate'
    AND b.buyer_type = 'person'
    AND NOT b.item_id IS NULL
    AND ARRAY_CONTAINS(ARRAY('64.92', '64.99'), e.oked)
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(pawned_ts) AS window_end,
  1.0 AS score,
  STRUCT(COUNT(*) AS items_pawned) AS metrics,
  COLLECT_LIST(pawned) AS evidence
FROM pairs
GROUP BY
  person_id
