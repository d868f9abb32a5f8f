WITH nominee AS (
  SELECT DISTINCT
    dst_id AS entity_id
  FROM relations
  WHERE
    dst_type = 'entity' AND kind IN ('nominee', 'trustee', 'settlor')
), foreign_owner AS (
  SELECT DISTINCT
    r.dst_id AS entity_id
  FROM relations AS r
  JOIN legal_entities AS o
    ON r.src_type = 'entity' AND o.entity_id = r.src_id
  WHERE
    r.dst_type = 'entity'
    AND r.kind IN ('owner', 'founder')
    AND (
      o.country <> 'KZ' OR o.kind IN ('trust', 'foreign_structure')
    )
)
SELECT
  'deal' AS subject_type,
  d.deal_id AS subject_id,
  d.ts AS window_start,
  d.ts AS window_end,
  CASE
    WHEN ARRAY_CONTAINS(
      ARRAY(
        'AD',
        'AG',
        'AI',
        'AW',
        'BB',
        'BH',
        'BM',
        'BS',
        'BZ',
        'CK',
        'CW',
        'DM',
        'GD',
        'GG',
        'GI',
        'IM',
        'JE',
        'KN',
        'KY',
        'LB',
        'LC',
        'LI',
        'LR',
        'MC',
        'MH',
        'MS',
        'MU',
        'MV',
        'NR',
        'NU',
        'PA',
        'PW',
        'SC',
        'SX',
        'TC',
        'TO',
        'VC',
        'VG',
        'VI',
        'VU',
        'WS'
      ),
      d.buyer_country
    )
    OR d.buyer_kind IN ('trust', 'foreign_structure')
    THEN 1.0
    ELSE 0.8
  END AS score,
  STRUCT(
    d.buyer_kind AS buyer_kind,
    d.buyer_country AS buyer_country,
    NOT n.entity_id IS NULL AS nominee_or_trustee,
    NOT f.entity_id IS NULL AS foreign_owner
  ) AS metrics,
  ARRAY(d.deal_id) AS evidence
FROM sec_deal AS d
LEFT JOIN nominee AS n
  ON n.entity_id = d.buyer_id
LEFT JOIN foreign_owner AS f
  ON f.entity_id = d.buyer_id
WHERE
  d.asset_class = 'real_estate'
  AND d.buyer_type = 'entity'
  AND (
    d.buyer_country <> 'KZ'
    OR d.buyer_kind IN ('trust', 'foreign_structure')
    OR NOT n.entity_id IS NULL
    OR NOT f.entity_id IS NULL
  )
