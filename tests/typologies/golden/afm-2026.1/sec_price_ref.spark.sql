WITH obs AS (
  SELECT
    contract_id AS obs_id,
    hs6,
    LN(unit_kzt) AS lu,
    unit
  FROM sec_contract
  WHERE
    unit_kzt > 0
  UNION ALL
  /* a declaration's quantity is in the heading's own unit, which it does not name */
  SELECT
    -d.declaration_id,
    LEFT(d.hs_code, 6),
    LN(CAST(d.customs_value_kzt AS DOUBLE) / d.quantity),
    CAST(NULL AS STRING)
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
  /* another contract counts when priced per the same unit, or per another unit of the */
  /* same kind (scaled to this contract's unit); a declaration always counts */
  SELECT
    c.contract_id,
    LN(c.unit_kzt) AS own_lu,
    o.lu + CASE
      WHEN o.unit IS NULL OR o.unit = c.unit
      THEN 0.0
      ELSE LN(cu.factor / ou.factor)
    END AS lu
  FROM sec_contract AS c
  JOIN obs AS o
    ON o.hs6 = c.hs6 AND o.obs_id <> c.contract_id
  LEFT JOIN units AS cu
    ON cu.unit = c.unit
  LEFT JOIN units AS ou
    ON ou.unit = o.unit
  WHERE
    c.unit_kzt > 0
    AND (
      o.unit IS NULL OR o.unit = c.unit OR cu.dimension = ou.dimension
    )
), centre AS (
  SELECT
    contract_id,
    ANY_VALUE(own_lu) IGNORE NULLS AS own_lu,
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
), candidates AS (
  /* a listed price per the contract's unit, or per another unit of the same kind */
  /* (per kg for a contract in tonnes: the reference units table gives their sizes), */
  /* scaled to the contract's unit */
  SELECT
    c.contract_id,
    LN(c.unit_kzt) AS own_lu,
    r.hs_code,
    r.valid_from,
    r.price_kzt,
    r.price_min_kzt,
    r.price_max_kzt,
    r.unit AS pub_unit,
    r.unit = c.unit AS same_unit,
    CASE WHEN r.unit = c.unit THEN 0.0 ELSE LN(cu.factor / ru.factor) END AS scale_lu
  FROM sec_contract AS c
  JOIN (
    SELECT
      hs_code,
      LOWER(TRIM(unit)) AS unit,
      price_kzt,
      price_min_kzt,
      price_max_kzt,
      valid_from,
      valid_to
    FROM reference_prices
    WHERE
      price_kzt > 0 AND LENGTH(hs_code) >= 6
  ) AS r
    ON LEFT(r.hs_code, 6) = c.hs6 /* an equality the engine can hash on */
    AND LEFT(c.hs_code, LENGTH(r.hs_code)) = r.hs_code
    AND r.valid_from <= c.signed
    AND COALESCE(r.valid_to, c.signed) >= c.signed
  LEFT JOIN units AS cu
    ON cu.unit = c.unit
  LEFT JOIN units AS ru
    ON ru.unit = r.unit
  WHERE
    c.unit_kzt > 0 AND (
      r.unit = c.unit OR cu.dimension = ru.dimension
    )
), listed AS (
  SELECT
    contract_id,
    own_lu,
    LN(CAST(price_kzt AS DOUBLE)) + scale_lu AS pub_lu,
    LN(CAST(LEAST(COALESCE(price_min_kzt, price_kzt), price_kzt) AS DOUBLE)) + scale_lu AS pub_lo_lu,
    LN(CAST(GREATEST(COALESCE(price_max_kzt, price_kzt), price_kzt) AS DOUBLE)) + scale_lu AS pub_hi_lu,
    hs_code AS pub_hs,
    pub_unit,
    ROW_NUMBER() OVER (
      PARTITION BY contract_id
      ORDER BY LENGTH(hs_code) DESC, same_unit DESC, valid_from DESC
    ) AS pick /* the longest code first, then a price per the contract's own unit, the latest */
  FROM candidates
), published AS (
  SELECT
    contract_id,
    own_lu,
    pub_lu,
    pub_lo_lu,
    pub_hi_lu,
    pub_hs,
    pub_unit
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
  p.pub_hs,
  p.pub_unit
FROM derived AS d
FULL JOIN published AS p
  ON p.contract_id = d.contract_id
