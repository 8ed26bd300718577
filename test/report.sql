-- test/report.sql: the segmentation report over the sample warehouse.
-- Run by test/demo; every figure comes from one query over the warehouse.

\pset footer off
\pset null '(null)'

\echo
\echo '== Net value per customer (last twelve months) =='
SELECT count(*) FILTER (WHERE net > 0)  AS customers_creating_value,
       count(*) FILTER (WHERE net <= 0) AS customers_destroying_value,
       sum(net)                         AS total_net_value,
       sum(net) FILTER (WHERE net > 0)  AS value_created,
       sum(net) FILTER (WHERE net <= 0) AS value_destroyed
FROM customer_value;

\echo
\echo '== Concentration: share of total net value earned by the top 20% of customers =='
SELECT round(sum(net) FILTER (WHERE rn <= ceil(n * 0.20)) / sum(net), 4) AS top20_share,
       round(sum(net) FILTER (WHERE rn <= ceil(n * 0.05)) / sum(net), 4) AS top5_share
FROM (SELECT net, row_number() OVER (ORDER BY net DESC) AS rn, count(*) OVER () AS n
      FROM customer_value) r;

\echo
\echo '== Economic profit of the ten most valuable customers =='
\echo '   (net value less a 10% hurdle on capital of 1% of assets and an expected loss of 0.05% of assets)'
SELECT customer_id, branch, assets, net AS net_value,
       economic_profit(revenue => net, operating_cost => 0,
                       capital => round(assets * 0.01, 2), hurdle_rate => 0.10,
                       expected_loss => round(assets * 0.0005, 2)) AS economic_profit
FROM customer_value
ORDER BY net DESC, customer_id
LIMIT 10;
