WITH below AS (
  SELECT
    d.buyer_id AS person_id,
    d.deal_id,
    d.ts,
    d.price_kzt,
    CAST(l.level AS DOUBLE) AS level
  FROM sec_deal AS d
  LATERAL VIEW
  EXPLODE(ARRAY(1000000, 3000000, 5000000)) l AS level
  WHERE
    d.asset_class <> 'real_estate'
    AND d.buyer_type = 'person'
    AND d.payment_form = 'cash'
    AND d.price_kzt < l.level
    AND d.price_kzt >= (
      1.0 - 0.15
    ) * l.level
), runs AS (
  SELECT
    a.person_id,
    a.level,
    a.ts AS anchor_ts,
    COUNT(DISTINCT b.deal_id) AS n
  FROM below AS a
  JOIN below AS b
    ON b.person_id = a.person_id
    AND b.level = a.level
    AND b.ts >= a.ts
    AND b.ts <= a.ts + INTERVAL '30' DAY
  GROUP BY
    a.person_id,
    a.level,
    a.ts
  HAVING
    COUNT(DISTINCT b.deal_id) >= 3
), members AS (
  SELECT
    r.person_id,
    r.level,
    r.n,
    b.deal_id,
    b.ts
  FROM runs AS r
  JOIN below AS b
    ON b.person_id = r.person_id
    AND b.level = r.level
    AND b.ts >= r.anchor_ts
    AND b.ts <= r.anchor_ts + INTERVAL '30' DAY
)
SELECT
  'person' AS subject_type,
  person_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(ts) AS window_end,
  LEAST(1.0, 0.7 + 0.1 * (
    MAX(n) - 3
  )) AS score,
  STRUCT(MAX(n) AS purchases_just_below, MAX(level) AS level_kzt) AS metrics,
  COLLECT_LIST(DISTINCT deal_id) AS evidence
FROM members
GROUP BY
  person_id
