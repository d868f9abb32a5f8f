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
    AND d.declared < CAST(CAST('2026-03-01 00:00:00' AS TIMESTAMPTZ) AS DATE)
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
    ANY_VALUE(own_lu) AS own_lu,
    MEDIAN(lu) AS ref_lu,
    COUNT(*) AS n_ref
  FROM pairs
  GROUP BY
    contract_id
), derived AS (
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
), listed AS (
  SELECT
    c.contract_id,
    LN(c.unit_kzt) AS own_lu,
    LN(CAST(r.price_kzt AS DOUBLE)) AS pub_lu,
    LN(CAST(LEAST(COALESCE(r.price_min_kzt, r.price_kzt), r.price_kzt) AS DOUBLE)) AS pub_lo_lu,
    LN(CAST(GREATEST(COALESCE(r.price_max_kzt, r.price_kzt), r.price_kzt) AS DOUBLE)) AS pub_hi_lu,
    r.hs_code AS pub_hs,
    ROW_NUMBER() OVER (PARTITION BY c.contract_id ORDER BY LENGTH(r.hs_code) DESC, r.valid_from DESC) AS pick
  FROM sec_contract AS c
  JOIN reference_prices AS r
    ON LEFT(r.hs_code, 6) = c.hs6 /* an equality the engine can hash on */
    AND LEFT(c.hs_code, LENGTH(r.hs_code)) = r.hs_code
    AND LOWER(TRIM(r.unit)) = c.unit
    AND r.valid_from <= c.signed
    AND COALESCE(r.valid_to, c.signed) >= c.signed
  WHERE
    c.unit_kzt > 0 AND r.price_kzt > 0 AND LENGTH(r.hs_code) >= 6
), published AS (
  SELECT
    contract_id,
    own_lu,
    pub_lu,
    pub_lo_lu,
    pub_hi_lu,
    pub_hs
  FROM listed
  WHERE
    pick = 1
)
SELECT
  COALESCE(d.contract_id, p.contract_id) AS contract_id,
  COALESCE(d.own_lu, p.own_lu) AS own_lu,
  d.ref_lu,
  COALESCE(d.n_ref, 0) AS n_ref,
  d.mad_lu,
  p.pub_lu,
  p.pub_lo_lu,
  p.pub_hi_lu,
  p.pub_hs
FROM derived AS d
FULL JOIN published AS p
  ON p.contract_id = d.contract_id
