WITH z AS (
  SELECT
    c.contract_id,
    c.signed,
    c.delivery_due,
    c.hs6,
    r.n_ref,
    r.pub_hs,
    r.pub_unit,
    NOT r.pub_lu IS NULL AS published,
    EXP(r.own_lu - COALESCE(r.pub_lu, r.ref_lu)) AS ratio,
    GREATEST(r.own_lu - r.pub_hi_lu, r.pub_lo_lu - r.own_lu) AS outside_lu, /* log distance beyond the published range (negative inside it) */
    ABS(r.own_lu - r.ref_lu) / GREATEST(1.4826 * r.mad_lu, 0.2) AS robust_z
  FROM sec_contract AS c
  JOIN sec_price_ref AS r
    ON r.contract_id = c.contract_id
  WHERE
    (
      NOT r.pub_lu IS NULL OR r.n_ref >= 2
    )
    AND NOT (
      ARRAY_CONTAINS(
        ARRAY(
          '2844',
          '2845',
          '8401',
          '854231',
          '854232',
          '854233',
          '854239',
          '854110',
          '854129',
          '854160',
          '853221',
          '853224',
          '850440',
          '851762',
          '851769',
          '852589',
          '852610',
          '852691',
          '852692',
          '852990',
          '880730',
          '880790',
          '847150',
          '847180',
          '847330',
          '845611',
          '845612',
          '845710',
          '845811',
          '845891',
          '845961',
          '846693',
          '846694',
          '848210',
          '848220',
          '848230',
          '848250',
          '901320',
          '901380',
          '901410',
          '901420',
          '901480',
          '902720',
          '902750',
          '903020',
          '903031',
          '903040',
          '903082',
          '903180'
        ),
        c.hs6
      )
      OR ARRAY_CONTAINS(
        ARRAY(
          '2844',
          '2845',
          '8401',
          '854231',
          '854232',
          '854233',
          '854239',
          '854110',
          '854129',
          '854160',
          '853221',
          '853224',
          '850440',
          '851762',
          '851769',
          '852589',
          '852610',
          '852691',
          '852692',
          '852990',
          '880730',
          '880790',
          '847150',
          '847180',
          '847330',
          '845611',
          '845612',
          '845710',
          '845811',
          '845891',
          '845961',
          '846693',
          '846694',
          '848210',
          '848220',
          '848230',
          '848250',
          '901320',
          '901380',
          '901410',
          '901420',
          '901480',
          '902720',
          '902750',
          '903020',
          '903031',
          '903040',
          '903082',
          '903180'
        ),
        LEFT(c.hs_code, 4)
      )
    )
), d AS (
  SELECT
    *,
    CASE WHEN published THEN outside_lu / LN(1.5) ELSE robust_z END AS distance
  FROM z
), far AS (
  SELECT
    *,
    CASE
      WHEN published
      THEN LEAST(1.0, 0.85 + 0.15 * (
        distance - 1.0
      ))
      ELSE LEAST(1.0, 0.85 + 0.15 * (
        distance - 2.0
      ) / 2.0)
    END AS score
  FROM d
  WHERE
    (
      published AND distance >= 1.0
    )
    OR (
      NOT published AND distance >= 2.0 AND (
        ratio >= 3.0 OR ratio <= 1.0 / 3.0
      )
    )
)
SELECT
  'contract' AS subject_type,
  contract_id AS subject_id,
  signed AS window_start,
  COALESCE(delivery_due, signed) AS window_end,
  score,
  STRUCT(
    ratio AS ratio_to_reference,
    CASE WHEN published THEN 'published' ELSE 'derived' END AS reference,
    CASE WHEN published THEN EXP(outside_lu) END AS outside_published_range,
    pub_hs AS reference_hs,
    pub_unit AS reference_unit,
    CASE WHEN published THEN NULL ELSE robust_z END AS robust_z,
    n_ref AS reference_values,
    hs6 AS hs6
  ) AS metrics,
  ARRAY(contract_id) AS evidence
FROM far
