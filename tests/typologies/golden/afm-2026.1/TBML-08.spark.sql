SELECT
  'contract' AS subject_type,
  contract_id AS subject_id,
  signed AS window_start,
  COALESCE(delivery_due, signed) AS window_end,
  CASE
    WHEN LOWER(COALESCE(goods_desc, '')) RLIKE '(согласно|по) спецификаци|товары? народного потребления|^товары?$|^оборудование$|^продукция$|as per specification|^goods$|^equipment$|consumer goods|спецификацияға сәйкес'
    THEN 1.0
    ELSE 0.6
  END AS score,
  STRUCT(goods_desc AS goods, amendments AS amendments) AS metrics,
  ARRAY(contract_id) AS evidence
FROM sec_contract
WHERE
  LOWER(COALESCE(goods_desc, '')) RLIKE '(согласно|по) спецификаци|товары? народного потребления|^товары?$|^оборудование$|^продукция$|as per specification|^goods$|^equipment$|consumer goods|спецификацияға сәйкес'
  OR amendments >= 3
