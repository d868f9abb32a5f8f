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
), acc AS (
  SELECT
    a.*,
    COALESCE(c.cards, 0) AS cards
  FROM accounts AS a
  LEFT JOIN cards_per_account AS c
    ON c.account_id = a.account_id
), per_bank AS (
  /* per-holder counts as GROUP BY joined back, not count(*) OVER (PARTITION BY …): */
  /* two hash aggregates and joins instead of two sorted windows, half the CPU */
  SELECT
    holder_type,
    holder_id,
    bank_id,
    COUNT(*) AS accounts,
    SUM(cards) AS cards
  FROM acc
  GROUP BY
    holder_type,
    holder_id,
    bank_id
), per_holder AS (
  SELECT
    holder_type,
    holder_id,
    COUNT(*) AS accounts
  FROM acc
  GROUP BY
    holder_type,
    holder_id
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
  a.cards,
  b.accounts AS holder_accounts_in_bank,
  b.cards AS holder_cards_in_bank,
  h.accounts AS holder_accounts
FROM acc AS a
/* IS NOT DISTINCT FROM: a NULL key forms its group, as in a window's PARTITION BY */
JOIN per_bank AS b
  ON b.holder_type IS NOT DISTINCT FROM a.holder_type
  AND b.holder_id IS NOT DISTINCT FROM a.holder_id
  AND b.bank_id IS NOT DISTINCT FROM a.bank_id
JOIN per_holder AS h
  ON h.holder_type IS NOT DISTINCT FROM a.holder_type
  AND h.holder_id IS NOT DISTINCT FROM a.holder_id
LEFT JOIN persons AS p
  ON a.holder_type = 'person' AND p.person_id = a.holder_id
LEFT JOIN legal_entities AS e
  ON a.holder_type = 'entity' AND e.entity_id = a.holder_id
LEFT JOIN ie_owner AS o
  ON a.holder_type = 'entity' AND o.entity_id = a.holder_id
