WITH per_bank AS (
  SELECT
    holder_id,
    bank_id,
    MAX(holder_cards_in_bank) AS cards
  FROM acct
  WHERE
    holder_type = 'person'
  GROUP BY
    holder_id,
    bank_id
), per_holder AS (
  SELECT
    holder_id,
    MAX(cards) AS max_cards_in_bank,
    COUNT_IF(cards >= 2) AS banks_with_several
  FROM per_bank
  GROUP BY
    holder_id
  HAVING
    MAX(cards) >= 5 OR COUNT_IF(cards >= 2) >= 3
)
SELECT
  'account' AS subject_type,
  a.account_id AS subject_id,
  CAST(MAX(b.opened) AS TIMESTAMP) AS window_start,
  CAST(MAX(b.opened) AS TIMESTAMP) AS window_end,
  1.0 AS score,
  {'max_cards_in_one_bank': MIN(h.max_cards_in_bank), 'banks_with_several_cards': MIN(h.banks_with_several)} AS metrics,
  ARRAY_AGG(a.account_id) AS evidence
FROM per_holder AS h
JOIN acct AS a
  ON a.holder_type = 'person' AND a.holder_id = h.holder_id
JOIN acct AS b
  ON b.holder_type = 'person' AND b.holder_id = h.holder_id AND b.cards > 0
WHERE
  a.cards > 0
  AND a.opened < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
GROUP BY
  a.account_id
