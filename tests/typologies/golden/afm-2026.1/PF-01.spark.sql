WITH h AS (
  SELECT
    party_type,
    party_id,
    LOWER(TRIM(party_name)) AS name,
    role,
    list_id,
    list_name,
    score
  FROM screening_hits
  WHERE
    score >= 0.9
), m AS (
  /* the Kazakhstani party, or a firm owned 50 % or more by a listed party */
  SELECT
    c.contract_id,
    h.role,
    h.list_id,
    h.list_name,
    h.score
  FROM sec_contract AS c
  JOIN h
    ON h.party_type = 'entity' AND h.party_id = c.entity_id
  UNION ALL
  /* the foreign party named on the contract */
  SELECT
    c.contract_id,
    'contract counterparty',
    h.list_id,
    h.list_name,
    h.score
  FROM sec_contract AS c
  JOIN h
    ON h.party_type = 'counterparty' AND h.name = LOWER(TRIM(c.cp_name))
  UNION ALL
  /* the party named on a payment that settles it */
  SELECT
    p.contract_id,
    'payment counterparty',
    h.list_id,
    h.list_name,
    h.score
  FROM sec_trade_payment AS p
  JOIN h
    ON h.party_type = 'counterparty' AND h.name = LOWER(TRIM(p.cp_name))
)
SELECT
  'contract' AS subject_type,
  c.contract_id AS subject_id,
  c.signed AS window_start,
  COALESCE(c.delivery_due, c.signed) AS window_end,
  MAX(m.score) AS score,
  STRUCT(
    ARRAY_SORT(COLLECT_LIST(DISTINCT m.role)) AS matched_as,
    ARRAY_SORT(COLLECT_LIST(DISTINCT m.list_id)) AS lists,
    ARRAY_SORT(COLLECT_LIST(DISTINCT m.list_name)) AS listed_names,
    MIN(c.goods_desc) AS goods
  ) AS metrics,
  ARRAY(c.contract_id) AS evidence
FROM m
JOIN sec_contract AS c
  ON c.contract_id = m.contract_id
GROUP BY
  c.contract_id,
  c.signed,
  c.delivery_due
