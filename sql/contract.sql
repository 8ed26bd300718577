-- contract: the API contract of the README checked against the catalog
-- (names, argument order, sort keys, splittable aggregates, fractions), and
-- sort_key(label) (src/sort_key.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- sort_key(label): 1 for the best or first label.  Every label of every enum
-- with its key, in the enum's own order:
SELECT format_type(e.enumtypid, NULL) AS enum, string_agg(e.enumlabel || ' ' || k.key, ', ' ORDER BY e.enumsortorder) AS keys
FROM pg_enum e
CROSS JOIN LATERAL (SELECT CASE format_type(e.enumtypid, NULL)
  WHEN 'value_tier_label' THEN sort_key(e.enumlabel::value_tier_label)
  WHEN 'credit_grade_label' THEN sort_key(e.enumlabel::credit_grade_label)
  WHEN 'rfm_segment_label' THEN sort_key(e.enumlabel::rfm_segment_label)
  WHEN 'holding_style_label' THEN sort_key(e.enumlabel::holding_style_label)
  WHEN 'loyalty_tier_label' THEN sort_key(e.enumlabel::loyalty_tier_label)
  WHEN 'risk_group_label' THEN sort_key(e.enumlabel::risk_group_label)
  WHEN 'risk_appetite_label' THEN sort_key(e.enumlabel::risk_appetite_label)
  WHEN 'overdue_class_label' THEN sort_key(e.enumlabel::overdue_class_label)
  WHEN 'collection_stage_label' THEN sort_key(e.enumlabel::collection_stage_label)
  END AS key) k
WHERE e.enumtypid IN (SELECT d.objid FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
                      WHERE x.extname = 'customer_seg' AND d.classid = 'pg_type'::regclass AND d.deptype = 'e')
GROUP BY 1 ORDER BY 1;

-- the documented order as plain SQL: sort_key over enum_range() equals a
-- CASE on the label (zero rows = pass)
SELECT 'value_tier_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::value_tier_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'vip' THEN 1 WHEN 'important' THEN 2 WHEN 'general' THEN 3 WHEN 'potential' THEN 4 WHEN 'no_value' THEN 5 END
UNION ALL
SELECT 'credit_grade_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::credit_grade_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 WHEN 'D' THEN 4 END
UNION ALL
SELECT 'rfm_segment_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::rfm_segment_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'champions' THEN 1 WHEN 'loyal' THEN 2 WHEN 'potential_loyalist' THEN 3 WHEN 'new_customer' THEN 4 WHEN 'promising' THEN 5 WHEN 'need_attention' THEN 6 WHEN 'about_to_sleep' THEN 7 WHEN 'at_risk' THEN 8 WHEN 'cant_lose_them' THEN 9 WHEN 'hibernating' THEN 10 WHEN 'lost' THEN 11 END
UNION ALL
SELECT 'holding_style_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::holding_style_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'short_term' THEN 1 WHEN 'mid_term' THEN 2 WHEN 'long_term' THEN 3 END
UNION ALL
SELECT 'loyalty_tier_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::loyalty_tier_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 END
UNION ALL
SELECT 'risk_group_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::risk_group_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'low' THEN 1 WHEN 'medium' THEN 2 WHEN 'high' THEN 3 END
UNION ALL
SELECT 'risk_appetite_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::risk_appetite_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'conservative' THEN 1 WHEN 'balanced' THEN 2 WHEN 'aggressive' THEN 3 END
UNION ALL
SELECT 'overdue_class_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::overdue_class_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 END
UNION ALL
SELECT 'collection_stage_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::collection_stage_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'not_due' THEN 1 WHEN 'reminder' THEN 2 WHEN 'notice' THEN 3 WHEN 'warning' THEN 4 WHEN 'lawyer_letter' THEN 5 WHEN 'legal' THEN 6 END;

-- every key from 1 to the number of labels once (zero rows = pass)
SELECT 'value_tier_label' AS enum FROM unnest(enum_range(NULL::value_tier_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'credit_grade_label' AS enum FROM unnest(enum_range(NULL::credit_grade_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'rfm_segment_label' AS enum FROM unnest(enum_range(NULL::rfm_segment_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'holding_style_label' AS enum FROM unnest(enum_range(NULL::holding_style_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'loyalty_tier_label' AS enum FROM unnest(enum_range(NULL::loyalty_tier_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'risk_group_label' AS enum FROM unnest(enum_range(NULL::risk_group_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'risk_appetite_label' AS enum FROM unnest(enum_range(NULL::risk_appetite_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'overdue_class_label' AS enum FROM unnest(enum_range(NULL::overdue_class_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'collection_stage_label' AS enum FROM unnest(enum_range(NULL::collection_stage_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r);

-- BI sorting: by sort_key, not by the label's text or the enum's order
SELECT l AS loyalty, sort_key(l) FROM unnest(enum_range(NULL::loyalty_tier_label)) l ORDER BY sort_key(l);
SELECT sort_key(NULL::credit_grade_label) AS null_gives_null, sort_key('champions'::rfm_segment_label) AS champions,
       sort_key('legal'::collection_stage_label) AS legal, sort_key(value_tier(5::numeric, '(1,10,5)'::value_cutoffs_row)) AS important;
SELECT pg_temp.expect_error($$SELECT sort_key('A')$$);
SELECT p.provolatile, p.proisstrict, p.proparallel, count(*) FROM pg_proc p
WHERE p.proname = 'sort_key' AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'customer_seg')
GROUP BY 1, 2, 3;
