-- title: RFM segments
-- note: Customers who traded in the last 365 days by RFM segment (rfm_score of recency, trades and commission → rfm_segment).
WITH rfm AS (
    SELECT customer_id,
           DATE :'as_of' - max(trade_date) AS recency,
           count(*)                        AS frequency,
           sum(commission)                 AS monetary
    FROM seg_input.trades
    WHERE trade_date > DATE :'as_of' - 365 AND trade_date <= DATE :'as_of'
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
GROUP BY s.segment
ORDER BY s.segment;
