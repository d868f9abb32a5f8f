WITH d AS (
  SELECT
    contract_id,
    SUM(quantity) AS qty,
    CAST(SUM(customs_value_kzt) AS DOUBLE) AS value_kzt,
    ARRAY_AGG(declaration_id) AS ids
  FROM customs_declarations
  WHERE
    NOT contract_id IS NULL
    AND declared < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
  GROUP BY
    contract_id
), g AS (
  SELECT
    c.contract_id,
    c.signed,
    c.delivery_due,
    d.ids,
    (
      d.value_kzt / d.qty
    ) / c.unit_kzt AS unit_value_ratio,
    d.qty / c.quantity AS quantity_ratio
  FROM sec_contract AS c
  JOIN d
    ON d.contract_id = c.contract_id
  WHERE
    c.quantity > 0 AND d.qty > 0 AND c.unit_kzt > 0
)
SELECT
  'contract' AS subject_type,
  contract_id AS subject_id,
  signed AS window_start,
  COALESCE(delivery_due, signed) AS window_end,
  LEAST(
    1.0,
    GREATEST(ABS(LN(unit_value_ratio)), ABS(LN(quantity_ratio))) / (
      2.0 * LN(1.0 + 0.3)
    )
  ) AS score,
  {'unit_value_ratio': unit_value_ratio, 'quantity_ratio': quantity_ratio} AS metrics,
  ids AS evidence
FROM g
WHERE
  GREATEST(ABS(LN(unit_value_ratio)), ABS(LN(quantity_ratio))) >= LN(1.0 + 0.3)
