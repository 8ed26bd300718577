-- title: Whale curve
-- note: Cumulative share of total net value earned by the top x% of customers (value_curve). Above the dashed 100% line the rest lose money; the marker is the top 20% (top_share).
WITH v AS (
    SELECT value_curve(net) AS curve, top_share(net, 0.20) AS top20
    FROM seg_input.customers
    WHERE opened <= DATE :'as_of')
SELECT u.i - 1                             AS top_pct_customers,
       round((100 * u.share)::numeric, 2) AS pct_net_value,
       round((100 * v.top20)::numeric, 1) AS top20_pct_net_value
FROM v, unnest(ARRAY[0::float8] || v.curve) WITH ORDINALITY AS u(share, i)
ORDER BY u.i;
