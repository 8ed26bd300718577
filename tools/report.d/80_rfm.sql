-- title: RFM segments
-- note: Customers who traded in the lookback window by the model's RFM segment (rfm_summary: rfm_score of recency, trades and commission → rfm_segment).
SELECT s.segment, coalesce(r.customers, 0) AS customers,
       r.avg_recency_days,
       r.avg_trades,
       coalesce(r.commission, 0) AS commission
FROM unnest(enum_range(NULL::rfm_segment_label)) AS s(segment)
LEFT JOIN :"model".rfm_summary r ON r.rfm_segment = s.segment
WHERE EXISTS (SELECT FROM :"model".rfm_summary)   -- nobody in a segment: an empty panel
ORDER BY s.segment;
-- coverage
WITH s AS (
    SELECT CASE WHEN rfm_segment IS NOT NULL THEN 1 WHEN rfm_r IS NOT NULL THEN 2 ELSE 3 END AS part,
           coalesce(reason, 'no reason recorded') AS reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'rfm: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS unsegmented,
           (SELECT value FROM :"model".rules WHERE rule = 'rfm_bins') AS bins
    FROM s)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 AND unsegmented = 0 THEN 'no customer traded in the lookback window' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers in an RFM segment', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN unsegmented > 0 THEN format('left out: %s scored but in no segment: segments need the rules'' rfm_bins = 5, not %s',
                                                      to_char(unsegmented, 'FM999,999,999'), bins) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
