-- title: Collection pipeline
-- note: Customers with an overdue amount, by who works it (the model's collection_channel: in-house teams 1 to 3, agency, law firm, by the days past due of the oldest overdue invoice): accounts, overdue balance, expected net recovery (the model's expected_net_recovery) and the agent-months the in-house teams need (each account recovered, with the model's recovery_probability, costs calls_per_recovery calls; an agent-month is 250 calls a day for 20 working days).
WITH r AS (
    SELECT coalesce(max(value) FILTER (WHERE rule = 'collection_calls_per_recovery'), '125')::numeric AS calls
    FROM :"model".rules)
SELECT ch.channel, count(c.customer_id) AS accounts, coalesce(sum(c.overdue_amount), 0) AS balance,
       coalesce(sum(c.expected_net_recovery), 0) AS expected_net_recovery,
       CASE WHEN sort_key(ch.channel) <= 3 THEN round(coalesce(sum(c.recovery_probability), 0) * r.calls / (250 * 20), 2) ELSE 0 END
         AS agent_months
FROM unnest(enum_range(NULL::collection_channel_label)) AS ch(channel)
CROSS JOIN r
LEFT JOIN :"model".customer_segments c ON c.collection_channel = ch.channel
WHERE EXISTS (SELECT FROM :"model".customer_segments WHERE collection_channel IS NOT NULL)   -- nothing overdue: an empty panel
GROUP BY ch.channel, r.calls
ORDER BY sort_key(ch.channel);
-- coverage
WITH s AS (
    SELECT CASE WHEN collection_channel IS NOT NULL THEN 1 WHEN reason IS NULL THEN 2 ELSE 3 END AS part, reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'payment: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS other
    FROM s),
r AS (
    SELECT coalesce(max(value) FILTER (WHERE rule = 'collection_recovery_probability'), 'ecl') AS p,
           coalesce(max(value) FILTER (WHERE rule = 'collection_calls_per_recovery'), '125') AS calls
    FROM :"model".rules)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no customer has an overdue amount on the as-of date' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers have an overdue amount routed to a channel', to_char(counted, 'FM999,999,999'),
                       to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN other > 0 THEN format('left out: %s with invoices, none overdue on the as-of date', to_char(other, 'FM999,999,999')) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason
      UNION ALL
      SELECT 5, format('recovery probability %s, %s calls per recovery (the model''s rules)',
                       CASE WHEN p = 'ecl' THEN 'one less the loss rate of the oldest overdue invoice''s aging bucket' ELSE p END, calls) FROM r) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
