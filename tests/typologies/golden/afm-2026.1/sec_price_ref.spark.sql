WITH obs AS (
  SELECT
    contract_id AS obs_id,
    hs6,
    LN(unit_kzt) AS lu
  FROM sec_contract
  WHERE
    unit_kzt > 0
  UNION ALL
  SELECT
    -d.declaration_id,
    LEFT(d.hs_code, 6),
    LN(CAST(d.customs_value_kzt AS DOUBLE) / d.quantity)
  FROM customs_declarations AS d
  WHERE
    d.quantity > 0
    AND d.customs_value_kzt > 0
    AND d.declared < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMP) AS DATE)
    AND (
      d.contract_id IS NULL
      OR NOT d.contract_id IN (
        SELECT
          contract_id
        FROM sec_contract
      )
    )
), pairs AS (
  SELECT
    c.contract_id,
    LN(c.unit_kzt) AS own_lu,
    o.lu
  FROM sec_contract AS c
  JOIN obs AS o
    ON o.hs6 = c.hs6 AND o.obs_id <> c.contract_id
  WHERE
    c.unit_kzt > 0
), centre AS (
  SELECT
    contract_id,
    ANY_VALUE(own_lu) IGNORE NULLS AS own_lu,
    MEDIAN(lu) AS ref_lu,
    COUNT(*) AS n_ref
  FROM pairs
  GROUP BY
    contract_id
)
SELECT
  m.contract_id,
  m.own_lu,
  m.ref_lu,
  m.n_ref,
  MEDIAN(ABS(p.lu - m.ref_lu)) AS mad_lu
FROM centre AS m
JOIN pairs AS p
  ON p.contract_id = m.contract_id
GROUP BY
  m.contract_id,
  m.own_lu,
  m.ref_lu,
  m.n_ref
