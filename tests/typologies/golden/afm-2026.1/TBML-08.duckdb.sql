SELECT
  'contract' AS subject_type,
  contract_id AS subject_id,
  signed AS window_start,
  COALESCE(delivery_due, signed) AS window_end,
  CASE
    WHEN REGEXP_MATCHES(
      LOWER(COALESCE(goods_desc, '')),
      '(согласно|по) спецификаци|товары? народного потребления|^товары?$|^оборудование$|^продукция$|as per specification|^goods$|^equipment$|consumer goods|спецификацияға сәйкес'
    )
    THEN 1.0
    ELSE 0.6
  END AS score,
  {'goods': goods_desc, 'amendments': amendments} AS metrics,
  [contract_id] AS evidence
FROM sec_contract
WHERE
  REGEXP_MATCHES(
    LOWER(COALESCE(goods_desc, '')),
    '(согласно|по) спецификаци|товары? народного потребления|^товары?$|^оборудование$|^продукция$|as per specification|^goods$|^equipment$|consumer goods|спецификацияға сәйкес'
  )
  OR amendments >= 3
