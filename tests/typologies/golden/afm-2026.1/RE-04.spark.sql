WITH funders AS (
  SELECT
    i.deal_id,
    i.src_type,
    i.src_id,
    SUM(i.amount_kzt) AS funded,
    COLLECT_LIST(i.txn_id) AS txns
  FROM sec_deal_inflow AS i
  WHERE
    i.type = 'transfer' AND NOT i.src_id IS NULL
  GROUP BY
    i.deal_id,
    i.src_type,
    i.src_id
), top_funder AS (
  SELECT
    f.deal_id,
    MAX(f.funded) AS funded
  FROM funders AS f
  GROUP BY
    f.deal_id
), funded AS (
  SELECT
    f.deal_id,
    f.funded,
    f.txns
  FROM funders AS f
  JOIN top_funder AS t
    ON t.deal_id = f.deal_id AND t.funded = f.funded
), d AS (
  SELECT
    s.deal_id,
    s.ts,
    s.price_kzt,
    s.payer_country,
    COALESCE(
      NOT s.payer_id IS NULL
      AND (
        s.payer_id <> s.buyer_id OR s.payer_type <> s.buyer_type
      ),
      FALSE
    ) AS third_payer,
    COALESCE(s.payer_country <> 'KZ', FALSE) AS foreign_payer,
    f.funded,
    f.txns
  FROM sec_deal AS s
  LEFT JOIN funded AS f
    ON f.deal_id = s.deal_id AND f.funded >= 0.5 * s.price_kzt
  WHERE
    s.asset_class = 'real_estate'
)
SELECT
  'deal' AS subject_type,
  deal_id AS subject_id,
  ts - INTERVAL '30' DAY AS window_start,
  ts AS window_end,
  CASE WHEN third_payer OR foreign_payer THEN 1.0 ELSE 0.8 END AS score,
  STRUCT(
    third_payer AS third_party_payer,
    payer_country AS payer_country,
    funded AS funded_before_kzt,
    price_kzt AS price_kzt
  ) AS metrics,
  COALESCE(txns, ARRAY()) AS evidence
FROM d
WHERE
  third_payer OR foreign_payer OR NOT funded IS NULL
