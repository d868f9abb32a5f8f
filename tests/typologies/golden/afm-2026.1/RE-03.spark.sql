WITH pairs AS (
  SELECT
    a.deal_id AS first_id,
    b.deal_id AS resale_id,
    a.ts AS first_ts,
    b.ts AS resale_ts,
    b.price_kzt / a.price_kzt AS change
  FROM sec_deal AS a
  JOIN sec_deal AS b
    ON b.item_id = a.item_id
    AND b.deal_id <> a.deal_id
    AND b.ts > a.ts
    AND b.ts <= a.ts + INTERVAL '6' MONTH
  WHERE
    a.asset_class = 'real_estate'
    AND NOT a.item_id IS NULL
    AND a.price_kzt > 0
    AND ABS(LN(b.price_kzt / a.price_kzt)) >= LN(1.0 + 0.3)
), both_sides AS (
  SELECT
    first_id AS deal_id,
    first_ts AS ts,
    resale_ts AS other_ts,
    change,
    resale_id AS other
  FROM pairs
  UNION ALL
  SELECT
    resale_id,
    first_ts,
    resale_ts,
    change,
    first_id
  FROM pairs
)
SELECT
  'deal' AS subject_type,
  deal_id AS subject_id,
  MIN(ts) AS window_start,
  MAX(other_ts) AS window_end,
  1.0 AS score,
  STRUCT(MAX(change) AS price_change, MAX(DATEDIFF(DAY, ts, other_ts)) AS days_between) AS metrics,
  COLLECT_LIST(other) AS evidence
FROM both_sides
GROUP BY
  deal_id
