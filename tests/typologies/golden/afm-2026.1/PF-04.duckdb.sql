WITH cu AS (
  SELECT
    *
  FROM sec_contract
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
      hs6
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
      LEFT(hs_code, 4)
    )
), consignee AS (
  SELECT
    c.contract_id,
    COUNT(*) AS other_consignee
  FROM cu AS c
  JOIN customs_declarations AS d
    ON d.contract_id = c.contract_id
  WHERE
    c.direction = 'import'
    AND d.direction = 'import'
    AND NOT d.consignee IS NULL
    AND LOWER(TRIM(d.consignee)) <> LOWER(TRIM(COALESCE(c.entity_name, '')))
  GROUP BY
    c.contract_id
), route AS (
  SELECT
    c.contract_id,
    COUNT(*) AS hubs
  FROM cu AS c
  CROSS JOIN UNNEST(STR_SPLIT(COALESCE(c.route_countries, ''), ';')) AS r(country)
  WHERE
    ARRAY_CONTAINS(
      ['AE', 'AM', 'AZ', 'CY', 'GE', 'HK', 'KG', 'MY', 'SG', 'TH', 'TR', 'UZ'],
      TRIM(r.country)
    )
    AND (
      c.direction = 'export' OR TRIM(r.country) <> c.cp_country
    )
  GROUP BY
    c.contract_id
), reexport AS (
  SELECT
    i.contract_id AS import_id,
    e.contract_id AS export_id
  FROM cu AS i
  JOIN cu AS e
    ON e.entity_id = i.entity_id
    AND e.hs6 = i.hs6
    AND i.direction = 'import'
    AND e.direction = 'export'
    AND e.signed >= i.signed
    AND e.signed <= i.signed + INTERVAL (
      60
    ) DAY
), reexported AS (
  SELECT
    import_id AS contract_id
  FROM reexport
  UNION
  SELECT
    export_id
  FROM reexport
)
SELECT
  'contract' AS subject_type,
  c.contract_id AS subject_id,
  c.signed AS window_start,
  COALESCE(c.delivery_due, c.signed) AS window_end,
  CASE
    WHEN NOT n.other_consignee IS NULL OR NOT x.contract_id IS NULL
    THEN 1.0
    ELSE 0.6
  END AS score,
  {'forwarder_consignee': NOT n.other_consignee IS NULL, 'hub_countries': COALESCE(r.hubs, 0), 're_export': NOT x.contract_id IS NULL, 'route': c.route_countries} AS metrics,
  [c.contract_id] AS evidence
FROM cu AS c
LEFT JOIN consignee AS n
  ON n.contract_id = c.contract_id
LEFT JOIN route AS r
  ON r.contract_id = c.contract_id
LEFT JOIN reexported AS x
  ON x.contract_id = c.contract_id
WHERE
  NOT n.other_consignee IS NULL OR NOT r.hubs IS NULL OR NOT x.contract_id IS NULL
