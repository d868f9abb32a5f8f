WITH shared AS (
  /* two equi-joins (an OR in a join condition compares every pair) */
  SELECT
    contract_id,
    MAX(same_address) AS same_address,
    MAX(same_phone) AS same_phone
  FROM (
    SELECT
      c.contract_id,
      COUNT(DISTINCT o.entity_id) AS same_address,
      0 AS same_phone
    FROM sec_contract AS c
    JOIN legal_entities AS o
      ON o.address_id = c.address_id AND o.entity_id <> c.entity_id
    GROUP BY
      c.contract_id
    UNION ALL
    SELECT
      c.contract_id,
      0,
      COUNT(DISTINCT o.entity_id)
    FROM sec_contract AS c
    JOIN legal_entities AS o
      ON o.phone = c.phone AND o.entity_id <> c.entity_id
    GROUP BY
      c.contract_id
  ) AS x
  GROUP BY
    contract_id
), hub_owner AS (
  SELECT
    c.contract_id,
    MAX(r.share) AS share
  FROM sec_contract AS c
  JOIN relations AS r
    ON r.dst_type = 'entity'
    AND r.dst_id = c.entity_id
    AND r.src_type = 'entity'
    AND r.kind IN ('owner', 'founder')
  JOIN legal_entities AS o
    ON o.entity_id = r.src_id
  WHERE
    ARRAY_CONTAINS(
      ['AE', 'AM', 'AZ', 'CY', 'GE', 'HK', 'KG', 'MY', 'SG', 'TH', 'TR', 'UZ'],
      o.country
    )
  GROUP BY
    c.contract_id
), f AS (
  SELECT
    c.contract_id,
    c.signed,
    c.delivery_due,
    c.registered,
    c.employees,
    CAST(c.registered > c.signed - INTERVAL (
      24
    ) MONTH AS INT) AS is_new,
    CAST(COALESCE(c.employees, 0) <= 5 AS INT) AS is_small,
    CAST(COALESCE(s.same_address, 0) + COALESCE(s.same_phone, 0) > 0 AS INT) AS is_shared,
    CAST(COALESCE(h.share, 0) >= 0.5 AS INT) AS hub_owned,
    COALESCE(s.same_address, 0) AS same_address,
    COALESCE(s.same_phone, 0) AS same_phone
  FROM sec_contract AS c
  LEFT JOIN shared AS s
    ON s.contract_id = c.contract_id
  LEFT JOIN hub_owner AS h
    ON h.contract_id = c.contract_id
  WHERE
    ARRAY_CONTAINS(
      [
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
      ],
      c.hs6
    )
    OR ARRAY_CONTAINS(
      [
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
      ],
      LEFT(c.hs_code, 4)
    )
)
SELECT
  'contract' AS subject_type,
  contract_id AS subject_id,
  signed AS window_start,
  COALESCE(delivery_due, signed) AS window_end,
  LEAST(1.0, 0.5 * (
    is_new + is_small + is_shared + hub_owned
  )) AS score,
  {'registered': registered, 'employees': employees, 'entities_at_address': same_address, 'entities_on_phone': same_phone, 'owned_from_hub': hub_owned} AS metrics,
  [contract_id] AS evidence
FROM f
WHERE
  is_new + is_small + is_shared + hub_owned > 0
