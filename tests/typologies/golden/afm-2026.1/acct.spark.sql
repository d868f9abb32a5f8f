WITH cards_per_account AS (
  SELECT
    account_id,
    COUNT(*) AS cards
  FROM cards
  GROUP BY
    account_id
), ie_owner AS (
  SELECT
    r.dst_id AS entity_id,
    MIN(r.src_id) AS person_id
  FROM relations AS r
  JOIN legal_entities AS e
    ON e.entity_id = r.dst_id
  WHERE
    r.kind = 'owner'
    AND r.src_type = 'person'
    AND r.dst_type = 'entity'
    AND e.kind = 'individual_entrepreneur'
  GROUP BY
    r.dst_id
)
SELECT
  a.account_id,
  a.bank_id,
  a.holder_type,
  a.holder_id,
  a.product,
  a.opened,
  CASE a.holder_type
    WHEN 'person'
    THEN 2 * a.holder_id
    WHEN 'entity'
    THEN 2 * a.holder_id + 1
  END AS holder_key,
  CASE WHEN NOT o.person_id IS NULL THEN 'person' ELSE a.holder_type END AS customer_type,
  COALESCE(o.person_id, a.holder_id) AS customer_id,
  p.birth_date,
  CAST(p.declared_income_kzt AS DOUBLE) AS declared_income_kzt,
  p.resident,
  e.kind AS entity_kind,
  e.registered,
  e.employees,
  CAST(e.tax_paid_kzt AS DOUBLE) AS tax_paid_kzt,
  e.status AS entity_status,
  COALESCE(c.cards, 0) AS cards,
  COUNT(*) OVER (PARTITION BY a.holder_type, a.holder_id, a.bank_id) AS holder_accounts_in_bank,
  SUM(COALESCE(c.cards, 0)) OVER (PARTITION BY a.holder_type, a.holder_id, a.bank_id) AS holder_cards_in_bank,
  COUNT(*) OVER (PARTITION BY a.holder_type, a.holder_id) AS holder_accounts
FROM accounts AS a
LEFT JOIN cards_per_account AS c
  ON c.account_id = a.account_id
LEFT JOIN persons AS p
  ON a.holder_type = 'person' AND p.person_id = a.holder_id
LEFT JOIN legal_entities AS e
  ON a.holder_type = 'entity' AND e.entity_id = a.holder_id
LEFT JOIN ie_owner AS o
  ON a.holder_type = 'entity' AND o.entity_id = a.holder_id
