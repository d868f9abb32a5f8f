WITH ctl AS (
  SELECT
    dst_id AS entity_id,
    src_type,
    src_id
  FROM relations
  WHERE
    dst_type = 'entity'
    AND kind IN ('owner', 'founder', 'director', 'nominee', 'beneficiary', 'trustee', 'settlor')
), sides AS (
  SELECT
    loan_id,
    'lender' AS side,
    lender_party_type AS t,
    lender_id AS id
  FROM sec_loan
  WHERE
    NOT lender_id IS NULL AND NOT lender_party_type IS NULL
  UNION ALL
  SELECT
    loan_id,
    'borrower',
    borrower_type,
    borrower_id
  FROM sec_loan
), parties AS (
  SELECT
    loan_id,
    side,
    t,
    id,
    FALSE AS via_entity
  FROM sides
  UNION ALL
  SELECT
    s.loan_id,
    s.side,
    c.src_type,
    c.src_id,
    TRUE
  FROM sides AS s
  JOIN ctl AS c
    ON s.t = 'entity' AND c.entity_id = s.id
), kin AS (
  SELECT
    src_id AS a,
    dst_id AS b
  FROM relations
  WHERE
    kind = 'relative' AND src_type = 'person' AND dst_type = 'person'
  UNION ALL
  SELECT
    dst_id,
    src_id
  FROM relations
  WHERE
    kind = 'relative' AND src_type = 'person' AND dst_type = 'person'
), links AS (
  /* the same person or company on both sides (shared owner, director, nominee…); */
  /* a founder lending to their own company directly is the ordinary case, not a */
  /* link through a company */
  SELECT
    l.loan_id,
    l.via_entity OR (
      b.via_entity AND l.t <> 'person'
    ) AS via_entity
  FROM parties AS l
  JOIN parties AS b
    ON b.loan_id = l.loan_id AND b.t = l.t AND b.id = l.id
  WHERE
    l.side = 'lender' AND b.side = 'borrower'
  UNION ALL
  /* relatives on the two sides */
  SELECT
    l.loan_id,
    l.via_entity OR b.via_entity
  FROM parties AS l
  JOIN kin AS k
    ON k.a = l.id
  JOIN parties AS b
    ON b.loan_id = l.loan_id AND b.t = 'person' AND b.id = k.b
  WHERE
    l.side = 'lender' AND l.t = 'person' AND b.side = 'borrower'
), structural AS (
  SELECT
    loan_id,
    MAX(CASE WHEN via_entity THEN 0.8 ELSE 0.3 END) AS score
  FROM links
  GROUP BY
    loan_id
), back AS (
  SELECT
    d.loan_id,
    d.amount_kzt AS disbursed,
    t1.txn_id AS first_leg,
    t2.txn_id AS second_leg,
    LEAST(t1.amount_kzt, t2.amount_kzt) AS amt
  FROM sec_loan_disbursement AS d
  JOIN sec_loan_party_account AS b
    ON b.loan_id = d.loan_id AND b.side = 'borrower'
  JOIN sec_watch_txn AS t1
    ON t1.src_account_id = b.account_id
    AND t1.ts > d.ts
    AND t1.ts <= d.ts + INTERVAL '14' DAY
  JOIN sec_watch_txn AS t2
    ON t2.src_account_id = t1.dst_account_id
    AND t2.ts > t1.ts
    AND t2.ts <= d.ts + INTERVAL '14' DAY
  JOIN sec_loan_party_account AS le
    ON le.loan_id = d.loan_id
    AND le.side = 'lender'
    AND le.account_id = t2.dst_account_id
  LEFT JOIN sec_loan_party_account AS own
    ON own.loan_id = d.loan_id AND own.account_id = t1.dst_account_id
  WHERE
    own.account_id IS NULL
), circular AS (
  SELECT
    loan_id,
    SUM(amt) AS returned
  FROM back
  GROUP BY
    loan_id
  HAVING
    SUM(amt) >= 0.5 * ANY_VALUE(disbursed) IGNORE NULLS
), legs AS (
  SELECT
    loan_id,
    first_leg AS txn_id
  FROM back
  UNION
  SELECT
    loan_id,
    second_leg
  FROM back
), circular_legs AS (
  SELECT
    g.loan_id,
    COLLECT_LIST(g.txn_id) AS txns
  FROM legs AS g
  JOIN circular AS c
    ON c.loan_id = g.loan_id
  GROUP BY
    g.loan_id
)
SELECT
  'loan' AS subject_type,
  l.loan_id AS subject_id,
  l.issued AS window_start,
  l.issued + INTERVAL '14' DAY AS window_end,
  CASE WHEN NOT c.loan_id IS NULL THEN 1.0 ELSE s.score END AS score,
  STRUCT(
    NOT s.score IS NULL AS linked_parties,
    COALESCE(s.score >= 0.8, FALSE) AS link_through_company,
    c.returned AS returned_kzt
  ) AS metrics,
  COALESCE(g.txns, ARRAY(d.txn_id)) AS evidence
FROM sec_loan AS l
LEFT JOIN sec_loan_disbursement AS d
  ON d.loan_id = l.loan_id
LEFT JOIN structural AS s
  ON s.loan_id = l.loan_id
LEFT JOIN circular AS c
  ON c.loan_id = l.loan_id
LEFT JOIN circular_legs AS g
  ON g.loan_id = l.loan_id
WHERE
  NOT s.loan_id IS NULL OR NOT c.loan_id IS NULL
