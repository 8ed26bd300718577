-- title: RFM segments
-- note: Customers who traded in the last 365 days by RFM segment (rfm_score of recency, trades and commission → rfm_segment).
WITH rfm AS (
    SELECT customer_id,
           DATE :'as_of' - max(trade_date) AS recency,
           count(*)                        AS frequency,
           sum(commission)                 AS monetary
    FROM seg_input.trades
    WHERE trade_date > DATE :'as_of' - 365 AND trade_date <= DATE :'as_of'
      AND customer_id IN (SELECT customer_id FROM seg_input.customers)
    GROUP BY customer_id),
scored AS (
    SELECT *, rfm_segment(rfm_score(recency, frequency, monetary) OVER ()) AS segment
    FROM rfm)
SELECT s.segment, count(r.segment) AS customers,
       round(avg(r.recency), 0)     AS avg_recency_days,
       round(avg(r.frequency), 1)   AS avg_trades,
       coalesce(sum(r.monetary), 0) AS commission
FROM unnest(enum_range(NULL::rfm_segment_label)) AS s(segment)
LEFT JOIN scored r USING (segment)
WHERE EXISTS (SELECT FROM scored WHERE segment IS NOT NULL)   -- nobody scored: an empty panel
GROUP BY s.segment
ORDER BY s.segment;
-- coverage
WITH rfm AS (
    SELECT customer_id, sum(commission) AS monetary
    FROM seg_input.trades
    WHERE trade_date > DATE :'as_of' - 365 AND trade_date <= DATE :'as_of'
      AND customer_id IN (SELECT customer_id FROM seg_input.customers)
    GROUP BY customer_id),
n AS (
    SELECT (SELECT count(*) FROM seg_input.customers)     AS total,
           count(*)                                       AS traded,
           count(*) FILTER (WHERE monetary IS NULL)       AS no_commission
    FROM rfm)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN traded = 0 THEN 'no customer traded in the last 365 days'
             WHEN traded = no_commission THEN 'no customer who traded has a commission' END),
    (2, format('%s of %s customers in an RFM segment', to_char(traded - no_commission, 'FM999,999,999'), to_char(total, 'FM999,999,999'))),
    (3, CASE WHEN no_commission > 0 THEN format('left out: %s whose trades have no commission (NULL)', to_char(no_commission, 'FM999,999,999')) END),
    (4, CASE WHEN total > traded THEN format('left out: %s with no trade in the last 365 days', to_char(total - traded, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
