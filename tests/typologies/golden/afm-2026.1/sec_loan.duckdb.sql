WITH sched AS (
  SELECT
    loan_id,
    COUNT(*) AS n_sched,
    CAST(SUM(principal) AS DOUBLE) AS sched_principal,
    CAST(MAX(principal) AS DOUBLE) AS max_principal
  FROM loan_schedules
  GROUP BY
    loan_id
), founded AS (
  SELECT DISTINCT
    src_id AS person_id,
    dst_id AS entity_id
  FROM relations
  WHERE
    kind IN ('owner', 'founder') AND src_type = 'person' AND dst_type = 'entity'
)
SELECT
  l.loan_id,
  l.lender_type,
  l.lender_party_type,
  l.lender_id,
  l.lender_name,
  l.lender_country,
  l.borrower_type,
  l.borrower_id,
  CAST(l.amount_kzt AS DOUBLE) AS amount_kzt,
  l.rate,
  l.term_months,
  l.collateral,
  l.issued,
  l.status,
  l.status_date,
  COALESCE(s.n_sched, 0) AS n_sched,
  COALESCE(s.sched_principal, 0.0) AS sched_principal,
  s.max_principal,
  CAST(bp.declared_income_kzt AS DOUBLE) AS borrower_income,
  CAST(be.tax_paid_kzt AS DOUBLE) AS borrower_tax,
  be.employees AS borrower_employees,
  CAST(lp.declared_income_kzt AS DOUBLE) AS lender_income,
  CAST(le.tax_paid_kzt AS DOUBLE) AS lender_tax,
  le.oked AS lender_oked,
  COALESCE(le.country, l.lender_country) AS lender_reg_country,
  NOT f.person_id IS NULL AS lender_owns_borrower
FROM loans AS l
LEFT JOIN sched AS s
  ON s.loan_id = l.loan_id
LEFT JOIN founded AS f
  ON l.lender_party_type = 'person'
  AND l.borrower_type = 'entity'
  AND f.person_id = l.lender_id
  AND f.entity_id = l.borrower_id
LEFT JOIN persons AS bp
  ON l.borrower_type = 'person' AND bp.person_id = l.borrower_id
LEFT JOIN legal_entities AS be
  ON l.borrower_type = 'entity' AND be.entity_id = l.borrower_id
LEFT JOIN persons AS lp
  ON l.lender_party_type = 'person' AND lp.person_id = l.lender_id
LEFT JOIN legal_entities AS le
  ON l.lender_party_type = 'entity' AND le.entity_id = l.lender_id
WHERE
  NOT l.lender_type IN ('bank', 'mfo')
  AND l.issued < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
  AND COALESCE(l.status_date, l.issued) >= CAST(CAST('2026-01-01 00:00:00' AS TIMESTAMPTZ) AS DATE) - INTERVAL '365' DAY
