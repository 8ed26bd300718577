-- title: Whale curve
-- note: Cumulative share of total net value earned by the top x% of the ranked customers (value_curve). Above the dashed 100% line the rest lose money; the marker is the top 20% (top_share). Undefined when the total net value is not positive.
WITH v AS (
    SELECT value_curve(net) AS curve, top_share(net, 0.20) AS top20
    FROM seg_input.customers
    WHERE opened <= DATE :'as_of')
SELECT u.i - 1                             AS top_pct_customers,
       round((100 * u.share)::numeric, 2) AS pct_net_value,
       round((100 * v.top20)::numeric, 1) AS top20_pct_net_value
FROM v, unnest(ARRAY[0::float8] || v.curve) WITH ORDINALITY AS u(share, i)
WHERE v.curve IS NOT NULL   -- NULL when the total net value is <= 0
ORDER BY u.i;
-- coverage
WITH n AS (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NOT NULL)        AS ranked,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NULL)            AS no_net,
           count(*) FILTER (WHERE opened IS NULL OR opened > DATE :'as_of')           AS not_open,
           sum(net) FILTER (WHERE opened <= DATE :'as_of')                            AS total_net
    FROM seg_input.customers)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN ranked = 0 THEN 'no customer to rank: none has a net value and an opening date on or before the as-of date'
             WHEN total_net <= 0 THEN format('undefined for this data: the total net value is %s, not positive, so no share of it means anything', total_net) END),
    (2, format('%s of %s customers ranked', to_char(ranked, 'FM999,999,999'), to_char(total, 'FM999,999,999'))),
    (3, CASE WHEN no_net > 0 THEN format('left out: %s with no net value (NULL)', to_char(no_net, 'FM999,999,999')) END),
    (4, CASE WHEN not_open > 0 THEN format('left out: %s opened after the as-of date or with no opening date', to_char(not_open, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
