SELECT
  'deal' AS subject_type,
  deal_id AS subject_id,
  ts AS window_start,
  ts AS window_end,
  LEAST(1.0, ABS(LN(price_kzt / valuation_kzt)) / (
    1.5 * LN(1.0 + 0.5)
  )) AS score,
  STRUCT(
    price_kzt AS price_kzt,
    valuation_kzt AS valuation_kzt,
    price_kzt / valuation_kzt AS price_to_valuation
  ) AS metrics,
  ARRAY(deal_id) AS evidence
FROM sec_deal
WHERE
  asset_class = 'real_estate'
  AND valuation_kzt > 0
  AND price_kzt > 0
  AND ABS(LN(price_kzt / valuation_kzt)) >= LN(1.0 + 0.5)
