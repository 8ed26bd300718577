-- contract: the API contract (docs/api-contract.md) checked against the catalog
-- (volatility, names, argument order, sort keys, splittable aggregates,
-- fractions), and sort_key(label) (src/sort_key.c)
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
  WHEN 'collection_channel_label' THEN sort_key(e.enumlabel::collection_channel_label)
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
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'not_due' THEN 1 WHEN 'reminder' THEN 2 WHEN 'notice' THEN 3 WHEN 'warning' THEN 4 WHEN 'lawyer_letter' THEN 5 WHEN 'legal' THEN 6 END
UNION ALL
SELECT 'collection_channel_label' AS enum, l::text AS label, sort_key(l) AS key FROM unnest(enum_range(NULL::collection_channel_label)) l
WHERE sort_key(l) IS DISTINCT FROM CASE l::text WHEN 'in_house_1' THEN 1 WHEN 'in_house_2' THEN 2 WHEN 'in_house_3' THEN 3 WHEN 'agency' THEN 4 WHEN 'law_firm' THEN 5 END;

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
SELECT 'collection_stage_label' AS enum FROM unnest(enum_range(NULL::collection_stage_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r)
UNION ALL
SELECT 'collection_channel_label' AS enum FROM unnest(enum_range(NULL::collection_channel_label)) WITH ORDINALITY u(l, r) HAVING array_agg(sort_key(l) ORDER BY sort_key(l)) <> array_agg(r::int ORDER BY r);

-- BI sorting: by sort_key, not by the label's text or the enum's order
SELECT l AS loyalty, sort_key(l) FROM unnest(enum_range(NULL::loyalty_tier_label)) l ORDER BY sort_key(l);
SELECT sort_key(NULL::credit_grade_label) AS null_gives_null, sort_key('champions'::rfm_segment_label) AS champions,
       sort_key('legal'::collection_stage_label) AS legal, sort_key(value_tier(5::numeric, '(1,10,5)'::value_cutoffs_row)) AS important;
SELECT pg_temp.expect_error($$SELECT sort_key('A')$$);
SELECT p.provolatile, p.proisstrict, p.proparallel, count(*) FROM pg_proc p
WHERE p.proname = 'sort_key' AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'customer_seg')
GROUP BY 1, 2, 3;

-- ---------------------------------------------------------------------------
-- The contract as catalog rules.  pg_temp.contract_violations() lists every
-- object of the extension that breaks a rule (zero rows = pass); it is run
-- on the real catalog, then on deliberately broken objects added to the
-- extension inside a transaction that is rolled back, to show each rule
-- catches what it is meant to.
-- ---------------------------------------------------------------------------

-- the extension's functions, aggregates and window functions, and its types
CREATE FUNCTION pg_temp.ext_objects(catalog regclass) RETURNS SETOF oid LANGUAGE sql STABLE AS $$
  SELECT d.objid FROM pg_depend d JOIN pg_extension x ON x.oid = d.refobjid
  WHERE x.extname = 'customer_seg' AND d.classid = catalog AND d.deptype = 'e' $$;

-- A deprecated alias says so in its comment; it is exempt from the
-- aggregate rule (it goes away in the next release) but not from the others.
CREATE FUNCTION pg_temp.deprecated(fn oid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(obj_description(fn, 'pg_proc') LIKE 'Deprecated%', false) $$;

-- Support functions, exempt from the rule that every parameter is named:
-- exactly the functions that a type uses for its I/O (input, output,
-- receive, send, typmod, analyze) or an aggregate uses as its transition,
-- combine, serial or deserial function (value_summary_add, *_combine, ...).
-- Final functions are not exempt: users call A_final(state [, options]).
CREATE FUNCTION pg_temp.support_function(fn oid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT FROM pg_type t WHERE fn IN (t.typinput, t.typoutput, t.typreceive, t.typsend,
                                                    t.typmodin, t.typmodout, t.typanalyze))
      OR EXISTS (SELECT FROM pg_aggregate a WHERE fn IN (a.aggtransfn, a.aggcombinefn, a.aggserialfn,
                                                         a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn)) $$;

-- The arguments of a function, 1-based
CREATE FUNCTION pg_temp.args(fn oid) RETURNS TABLE (pos int, name text, typ oid) LANGUAGE sql STABLE AS $$
  SELECT i, coalesce(p.proargnames[i], ''), p.proargtypes[i - 1]
  FROM pg_proc p, generate_series(1, p.pronargs) i WHERE p.oid = fn $$;

-- Sample calls for the fraction rule (contract rule 4): every parameter
-- named fraction, *_share, *share, *shares or *_rate of every function of
-- the extension has one call here, with {x} where the value goes; arrays
-- get {x} as their element.
CREATE TEMP TABLE fraction_call (fn text, param text, call text, PRIMARY KEY (fn, param));
INSERT INTO fraction_call VALUES
 ('economic_profit(numeric,numeric,numeric,numeric,numeric,numeric,numeric)', 'ftp_rate',
  'SELECT economic_profit(1000, 200, funding_balance => 10000, ftp_rate => {x})'),
 ('economic_profit(numeric,numeric,numeric,numeric,numeric,numeric,numeric)', 'hurdle_rate',
  'SELECT economic_profit(1000, 200, capital => 5000, hurdle_rate => {x})'),
 ('value_tier(numeric,boolean,double precision[])', 'shares',
  'SELECT value_tier(g::numeric, shares => ARRAY[0.05, {x}]) OVER () FROM generate_series(1, 3) g'),
 ('value_tier(double precision,boolean,double precision[])', 'shares',
  'SELECT value_tier(g::float8, shares => ARRAY[0.05, {x}]) OVER () FROM generate_series(1, 3) g'),
 ('percentile_tier(numeric,double precision[])', 'shares',
  'SELECT percentile_tier(g::numeric, ARRAY[{x}]::float8[]) OVER () FROM generate_series(1, 3) g'),
 ('percentile_tier(double precision,double precision[])', 'shares',
  'SELECT percentile_tier(g::float8, ARRAY[{x}]::float8[]) OVER () FROM generate_series(1, 3) g'),
 ('value_cutoffs(numeric,double precision[])', 'shares',
  'SELECT value_cutoffs(g::numeric, ARRAY[0.05, {x}]) FROM generate_series(1, 3) g'),
 ('value_cutoffs_final(value_summary,double precision[])', 'shares',
  $$SELECT value_cutoffs_final('v1;numeric;0;-;-;3;10,20,30'::value_summary, ARRAY[0.05, {x}])$$),
 ('value_summary_add(value_summary,numeric,double precision[])', 'shares',
  'SELECT value_summary_add(NULL, 1, ARRAY[0.05, {x}])'),
 ('top_share(numeric,double precision)', 'fraction', 'SELECT top_share(g::numeric, {x}) FROM generate_series(1, 3) g'),
 ('top_share(double precision,double precision)', 'fraction', 'SELECT top_share(g::float8, {x}) FROM generate_series(1, 3) g'),
 ('top_share(bigint,double precision)', 'fraction', 'SELECT top_share(g::bigint, {x}) FROM generate_series(1, 3) g'),
 ('value_tier(bigint,boolean,double precision[])', 'shares',
  'SELECT value_tier(g::bigint, shares => ARRAY[0.05, {x}]) OVER () FROM generate_series(1, 3) g'),
 ('percentile_tier(bigint,double precision[])', 'shares',
  'SELECT percentile_tier(g::bigint, ARRAY[{x}]::float8[]) OVER () FROM generate_series(1, 3) g'),
 ('top_share_final(value_summary,double precision)', 'fraction',
  $$SELECT top_share_final('v1;numeric;0;-;-;3;10,20,30'::value_summary, {x})$$),
 ('top_share(value_summary,double precision)', 'fraction',
  $$SELECT top_share('v1;numeric;0;-;-;3;10,20,30'::value_summary, {x})$$),
 ('loyalty_score(integer,numeric,numeric,integer,integer,double precision[])', 'discount_rate',
  'SELECT loyalty_score(365, 12, {x}, 1)'),
 ('loyalty_tier(numeric,double precision[])', 'shares',
  'SELECT loyalty_tier(g::numeric, ARRAY[0.2, {x}]) OVER () FROM generate_series(1, 3) g'),
 ('loyalty_cutoffs(numeric,double precision[])', 'shares',
  'SELECT loyalty_cutoffs(g::numeric, ARRAY[0.2, {x}]) FROM generate_series(1, 3) g'),
 ('loyalty_cutoffs_add(value_summary,numeric,double precision[])', 'shares',
  'SELECT loyalty_cutoffs_add(NULL, 1, ARRAY[0.2, {x}])'),
 ('loyalty_cutoffs_final(value_summary,double precision[])', 'shares',
  $$SELECT loyalty_cutoffs_final('v1;numeric;0;-;-;3;10,20,30'::value_summary, ARRAY[0.2, {x}])$$),
 ('risk_appetite(numeric,numeric[])', 'risky_share', 'SELECT risk_appetite({x})'),
 ('collection_recovery(numeric,numeric,numeric,numeric)', 'commission_rate', 'SELECT collection_recovery(7000, 0.4, {x})'),
 ('collection_best_channel(integer,numeric,numeric,numeric,numeric,text,integer[],numeric,numeric)', 'commission_rate',
  'SELECT collection_best_channel(45, 7000, 0.5, 2, commission_rate => {x})'),
 ('collection_workload(collection_channel_label,numeric,numeric,numeric)', 'commission_rate',
  $$SELECT collection_workload('agency', 7000, 0.4, {x}) FROM generate_series(1, 3) g$$),
 ('collection_workload_partial(collection_channel_label,numeric,numeric,numeric)', 'commission_rate',
  $$SELECT collection_workload_partial('agency', 7000, 0.4, {x}) FROM generate_series(1, 3) g$$),
 ('customer_lifetime_value(bgnbd_row,gamma_gamma_row,integer,double precision,double precision,double precision,integer,double precision,double precision)',
  'discount_rate', $$SELECT customer_lifetime_value(ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL), ROW(6.25, 3.74, 15.44, NULL, NULL, NULL), 2, 30.43, 38.86, 35.5, 13, 4, {x})$$);

-- The outcome of passing 1.5 (a percentage written as 150%) to each
-- fraction parameter: the contract wants 22003 with the percent hint.
CREATE FUNCTION pg_temp.fraction_outcomes() RETURNS TABLE (fn text, param text, ok boolean, outcome text)
LANGUAGE sql AS $$
  SELECT c.fn, c.param, o.outcome LIKE '22003: %(hint: Write a percentage as a fraction: 25\% is 0.25.)', o.outcome
  FROM fraction_call c
  CROSS JOIN LATERAL (SELECT CASE WHEN to_regprocedure(c.fn) IS NULL THEN 'no such function'
                                  ELSE pg_temp.expect_error(replace(c.call, '{x}', '1.5')) END AS outcome) o $$;

-- The one exemption from "IMMUTABLE and PARALLEL SAFE": the four functions
-- of the segmentation model that run DDL or read the model's tables
-- (docs/model.md), by their exact signatures.  They must be VOLATILE and
-- PARALLEL UNSAFE instead; they take text arguments and no as_of (the
-- as-of date is a rule of the model).  So is value_cutoffs_bounded, which
-- runs queries over the relation it is given (docs/tiers.md).
CREATE FUNCTION pg_temp.orchestration(fn oid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT fn IN (SELECT to_regprocedure(s) FROM unnest(ARRAY[
    'segmentation_model_create(text,text)', 'segmentation_model_refresh(text,boolean)',
    'segmentation_model_drop(text)', 'segmentation_rules(text)',
    'value_cutoffs_bounded(regclass,name,double precision[])']) s) $$;

CREATE FUNCTION pg_temp.contract_violations() RETURNS TABLE (rule text, object text, problem text)
LANGUAGE sql STABLE AS $$
  -- 0. every function is IMMUTABLE and PARALLEL SAFE (the orchestration
  -- functions VOLATILE and PARALLEL UNSAFE), and none is SECURITY DEFINER
  SELECT '0 volatility', p.oid::regprocedure::text,
         CASE WHEN p.prosecdef THEN 'is SECURITY DEFINER'
              WHEN pg_temp.orchestration(p.oid) THEN 'runs DDL but is not VOLATILE and PARALLEL UNSAFE'
              ELSE 'is not IMMUTABLE and PARALLEL SAFE' END
  FROM pg_proc p
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc'))
    AND (p.prosecdef OR (p.provolatile, p.proparallel) <> CASE WHEN pg_temp.orchestration(p.oid)
                                                              THEN ('v'::"char", 'u'::"char") ELSE ('i'::"char", 's'::"char") END)
  UNION ALL
  -- 1. no function has the name of a type (the extension's, pg_catalog's,
  -- or a type name of the SQL grammar): name('...') would be read as a cast
  SELECT '1 names', p.oid::regprocedure::text, 'has the name of the type ' || t.name
  FROM pg_proc p
  JOIN (SELECT typname::text AS name FROM pg_type
        WHERE typnamespace = 'pg_catalog'::regnamespace OR oid IN (SELECT pg_temp.ext_objects('pg_type'))
        UNION SELECT unnest(ARRAY['int', 'integer', 'smallint', 'bigint', 'real', 'float', 'double', 'decimal',
                                  'dec', 'boolean', 'character', 'varchar', 'nchar', 'national', 'time'])) t
    ON t.name = p.proname
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc'))
  UNION ALL
  -- 2. every parameter of a function users call has a name
  SELECT '2 argument names', p.oid::regprocedure::text, 'argument ' || a.pos || ' has no name'
  FROM pg_proc p, pg_temp.args(p.oid) a
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND NOT pg_temp.support_function(p.oid) AND a.name = ''
    AND NOT pg_temp.deprecated(p.oid)
  UNION ALL
  -- 2. as_of is a date and the last argument without a default; an
  -- aggregate, which cannot have defaults, may have options after as_of
  -- when it also exists without them (purchase_summary(..., as_of) and
  -- purchase_summary(..., as_of, unit_days))
  SELECT '2 as_of', p.oid::regprocedure::text,
         CASE WHEN a.typ <> 'date'::regtype THEN 'as_of is ' || format_type(a.typ, NULL) || ', not date'
              ELSE 'as_of is argument ' || a.pos || ', not ' || (p.pronargs - p.pronargdefaults)
                   || ' (the last without a default)' END
  FROM pg_proc p, pg_temp.args(p.oid) a
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND a.name = 'as_of'
    AND (a.typ <> 'date'::regtype OR a.pos <> p.pronargs - p.pronargdefaults)
    AND NOT (a.typ = 'date'::regtype AND p.prokind = 'a'
             AND EXISTS (SELECT FROM pg_proc o WHERE o.oid IN (SELECT pg_temp.ext_objects('pg_proc'))
                           AND o.prokind = 'a' AND o.proname = p.proname AND o.pronargs = a.pos
                           AND (o.proargtypes::oid[])[0:a.pos - 1] = (p.proargtypes::oid[])[0:a.pos - 1]))
  UNION ALL
  -- 2. dates are date only: no timestamp arguments
  SELECT '2 dates', p.oid::regprocedure::text, 'argument ' || a.pos || ' is ' || format_type(a.typ, NULL)
  FROM pg_proc p, pg_temp.args(p.oid) a
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc'))
    AND a.typ IN ('timestamp'::regtype, 'timestamptz'::regtype)
  UNION ALL
  -- 4. every fraction parameter has a sample call (its outcome: below)
  SELECT '4 fractions', p.oid::regprocedure::text, 'parameter ' || a.name || ' has no sample call in fraction_call'
  FROM pg_proc p, pg_temp.args(p.oid) a
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND NOT pg_temp.deprecated(p.oid)
    AND (a.name = 'fraction' OR a.name LIKE '%share' OR a.name LIKE '%shares' OR a.name LIKE '%\_rate')
    AND NOT EXISTS (SELECT FROM fraction_call c WHERE to_regprocedure(c.fn) = p.oid AND c.param = a.name)
  UNION ALL
  -- 5. every enum has sort_key(label) -> int
  SELECT '5 sort_key', format_type(t.oid, NULL), 'has no sort_key(' || format_type(t.oid, NULL) || ') returning int'
  FROM pg_type t
  WHERE t.oid IN (SELECT pg_temp.ext_objects('pg_type')) AND t.typtype = 'e'
    AND NOT EXISTS (SELECT FROM pg_proc p
                    WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND p.proname = 'sort_key'
                      AND p.proargtypes = ARRAY[t.oid]::oidvector AND p.prorettype = 'int4'::regtype)
  UNION ALL
  -- 6. aggregates: a combine function and a state that is not internal
  SELECT '6 aggregates', p.oid::regprocedure::text, v.problem
  FROM pg_proc p JOIN pg_aggregate g ON g.aggfnoid = p.oid
  CROSS JOIN LATERAL (VALUES (CASE WHEN g.aggcombinefn = 0 THEN 'has no combine function' END),
                             (CASE WHEN g.aggtranstype = 'internal'::regtype THEN 'has an internal state' END)) v(problem)
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND NOT pg_temp.deprecated(p.oid) AND v.problem IS NOT NULL
  UNION ALL
  -- 6. each aggregate A has A_partial (A's inputs without options: a prefix
  -- of A's arguments) with A's state, A_merge(state) and A_final(state
  -- [, options]) returning what A returns
  SELECT '6 aggregates', p.oid::regprocedure::text, v.problem
  FROM pg_proc p JOIN pg_aggregate g ON g.aggfnoid = p.oid
  CROSS JOIN LATERAL (VALUES
    (CASE WHEN NOT EXISTS (SELECT FROM pg_proc c JOIN pg_aggregate cg ON cg.aggfnoid = c.oid
                           WHERE c.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND c.proname = p.proname || '_partial'
                             AND cg.aggtranstype = g.aggtranstype
                             AND (c.proargtypes::oid[])[0:c.pronargs - 1] = (p.proargtypes::oid[])[0:c.pronargs - 1])
          THEN 'has no ' || p.proname || '_partial for its inputs' END),
    (CASE WHEN NOT EXISTS (SELECT FROM pg_proc c JOIN pg_aggregate cg ON cg.aggfnoid = c.oid
                           WHERE c.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND c.proname = p.proname || '_merge'
                             AND c.proargtypes = ARRAY[g.aggtranstype]::oidvector AND cg.aggtranstype = g.aggtranstype)
          THEN 'has no ' || p.proname || '_merge(' || format_type(g.aggtranstype, NULL) || ')' END),
    (CASE WHEN NOT EXISTS (SELECT FROM pg_proc c
                           WHERE c.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND c.proname = p.proname || '_final'
                             AND c.prokind = 'f' AND c.proargtypes[0] = g.aggtranstype AND c.prorettype = p.prorettype)
          THEN 'has no ' || p.proname || '_final(' || format_type(g.aggtranstype, NULL) || ' [, options]) returning '
               || format_type(p.prorettype, NULL) END)) v(problem)
  WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND NOT pg_temp.deprecated(p.oid)
    AND p.proname !~ '_(partial|merge)$' AND v.problem IS NOT NULL
  UNION ALL
  -- 6. A_partial and A_merge belong to an aggregate A and agree with it: a
  -- partial with A's very inputs adds rows as A does (same transition
  -- function and initial state); a merge merges with A's combine function
  SELECT '6 aggregates', c.oid::regprocedure::text, v.problem
  FROM pg_proc c JOIN pg_aggregate cg ON cg.aggfnoid = c.oid
  CROSS JOIN LATERAL (SELECT substring(c.proname FROM '^(.*)_(partial|merge)$') AS base,
                             c.proname LIKE '%\_partial' AS partial) n
  CROSS JOIN LATERAL (VALUES
    (CASE WHEN NOT EXISTS (SELECT FROM pg_proc p JOIN pg_aggregate g ON g.aggfnoid = p.oid
                           WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND p.proname = n.base
                             AND g.aggtranstype = cg.aggtranstype)
          THEN 'is not a companion of an aggregate ' || n.base || ' with state ' || format_type(cg.aggtranstype, NULL) END),
    (CASE WHEN n.partial AND EXISTS (SELECT FROM pg_proc p JOIN pg_aggregate g ON g.aggfnoid = p.oid
                                     WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND p.proname = n.base
                                       AND p.proargtypes = c.proargtypes
                                       AND (g.aggtransfn, g.agginitval) IS DISTINCT FROM (cg.aggtransfn, cg.agginitval))
          THEN 'adds rows unlike ' || n.base || ' (transition function or initial state differ)' END),
    (CASE WHEN NOT n.partial AND EXISTS (SELECT FROM pg_proc p JOIN pg_aggregate g ON g.aggfnoid = p.oid
                                         WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND p.proname = n.base
                                           AND g.aggtranstype = cg.aggtranstype AND g.aggcombinefn <> cg.aggtransfn)
          THEN 'does not merge with the combine function of ' || n.base END)) v(problem)
  WHERE c.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND NOT pg_temp.deprecated(c.oid)
    AND n.base IS NOT NULL AND v.problem IS NOT NULL
  ORDER BY 1, 2, 3 $$;

-- (a) the real catalog (zero rows = pass)
SELECT * FROM pg_temp.contract_violations();
SELECT count(*) AS violations_before FROM pg_temp.contract_violations() \gset
-- fraction parameters: the outcome of passing 1.5 (ok = 22003 with the hint)
SELECT fn, param, ok, outcome FROM pg_temp.fraction_outcomes() ORDER BY ok, fn, param;
-- the deprecated aliases (each says what replaces it)
SELECT p.oid::regprocedure AS deprecated, obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p WHERE p.oid IN (SELECT pg_temp.ext_objects('pg_proc')) AND pg_temp.deprecated(p.oid)
ORDER BY p.oid::regprocedure::text;

-- (b) broken objects, added to the extension and rolled back: each rule
-- catches its own
BEGIN;
CREATE FUNCTION value_summary(v numeric) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT 1';
CREATE FUNCTION broken_unnamed(numeric, days int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT days';
CREATE FUNCTION broken_as_of(as_of date, amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT amount';
CREATE FUNCTION broken_as_of_default(amount numeric, as_of date DEFAULT '2026-06-30') RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT amount';
CREATE FUNCTION broken_as_of_time(amount numeric, as_of timestamptz) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT amount';
CREATE FUNCTION broken_as_of_agg_add(numeric, numeric, date, int) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT $1 + $2';
CREATE AGGREGATE broken_as_of_agg(amount numeric, as_of date, days int) (SFUNC = broken_as_of_agg_add, STYPE = numeric,
    COMBINEFUNC = pg_catalog.numeric_add, PARALLEL = SAFE);
CREATE TYPE broken_label AS ENUM ('good', 'bad');
CREATE AGGREGATE broken_total(amount numeric) (SFUNC = pg_catalog.numeric_add, STYPE = numeric, PARALLEL = SAFE);
CREATE AGGREGATE broken_total_partial(amount numeric) (SFUNC = pg_catalog.numeric_larger, STYPE = numeric,
    COMBINEFUNC = pg_catalog.numeric_larger, PARALLEL = SAFE);
CREATE AGGREGATE broken_avg(amount numeric) (SFUNC = pg_catalog.numeric_avg_accum, STYPE = internal,
    FINALFUNC = pg_catalog.numeric_avg, COMBINEFUNC = pg_catalog.numeric_avg_combine,
    SERIALFUNC = pg_catalog.numeric_avg_serialize, DESERIALFUNC = pg_catalog.numeric_avg_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE aging_profile_merge(amount numeric) (SFUNC = pg_catalog.numeric_add, STYPE = numeric,
    COMBINEFUNC = pg_catalog.numeric_add, PARALLEL = SAFE);
CREATE FUNCTION broken_share(amount numeric, top_share float8) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT amount * top_share';
CREATE FUNCTION broken_rate(amount numeric, tax_rate numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS 'SELECT amount * tax_rate';
CREATE FUNCTION broken_volatile(amount numeric) RETURNS numeric LANGUAGE sql VOLATILE AS 'SELECT amount';
CREATE FUNCTION broken_definer(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE SECURITY DEFINER AS 'SELECT amount';
INSERT INTO fraction_call VALUES ('broken_rate(numeric,numeric)', 'tax_rate', 'SELECT broken_rate(100, {x})');
ALTER EXTENSION customer_seg ADD FUNCTION value_summary(numeric);
ALTER EXTENSION customer_seg ADD FUNCTION broken_unnamed(numeric, int);
ALTER EXTENSION customer_seg ADD FUNCTION broken_as_of(date, numeric);
ALTER EXTENSION customer_seg ADD FUNCTION broken_as_of_default(numeric, date);
ALTER EXTENSION customer_seg ADD FUNCTION broken_as_of_time(numeric, timestamptz);
ALTER EXTENSION customer_seg ADD FUNCTION broken_as_of_agg_add(numeric, numeric, date, int);
ALTER EXTENSION customer_seg ADD AGGREGATE broken_as_of_agg(numeric, date, int);
ALTER EXTENSION customer_seg ADD TYPE broken_label;
ALTER EXTENSION customer_seg ADD AGGREGATE broken_total(numeric);
ALTER EXTENSION customer_seg ADD AGGREGATE broken_total_partial(numeric);
ALTER EXTENSION customer_seg ADD AGGREGATE broken_avg(numeric);
ALTER EXTENSION customer_seg ADD AGGREGATE aging_profile_merge(numeric);
ALTER EXTENSION customer_seg ADD FUNCTION broken_share(numeric, float8);
ALTER EXTENSION customer_seg ADD FUNCTION broken_rate(numeric, numeric);
ALTER EXTENSION customer_seg ADD FUNCTION broken_volatile(numeric);
ALTER EXTENSION customer_seg ADD FUNCTION broken_definer(numeric);
-- an orchestration function made IMMUTABLE is caught too
ALTER FUNCTION segmentation_model_drop(text) IMMUTABLE;
-- every rule reports the broken objects (and, on this branch, what (a) showed)
SELECT * FROM pg_temp.contract_violations() v
WHERE v.object ~ '(broken|value_summary\(|aging_profile_merge\(numeric|segmentation)';
SELECT fn, param, ok, outcome FROM pg_temp.fraction_outcomes() WHERE fn LIKE 'broken%';
ROLLBACK;
-- nothing of it is left
SELECT count(*) = :violations_before AS same_violations_as_before,
       (SELECT count(*) FROM pg_proc WHERE proname LIKE 'broken%') AS broken_functions_left
FROM pg_temp.contract_violations();

-- ---------------------------------------------------------------------------
-- Each trio gives what its aggregate gives: A_final(A_merge(A_partial(...)
-- per part)) = A(...) on generated data, five parts (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE trio_rows AS
SELECT i, i % 5 AS part, round(((i * 7919) % 20001 - 5000) / 100.0, 2) AS net,
       ((i * 7919) % 20001 - 5000)::float8 / 7 AS f, (i * 7919) % 400 - 60 AS dpd,
       DATE '2025-06-01' + (i * 31) % 390 AS inv, DATE '2025-06-01' + (i * 31) % 390 + 30 AS due,
       CASE WHEN i % 5 <> 0 THEN DATE '2025-06-01' + (i * 31) % 390 + (i * 13) % 200 END AS paid,
       -- purchase summaries (frequency x, recency tx, age big_t) and average spend m
       least(floor(ln(((i * 29) % 97 + 1) / 98.0) / ln(1 - ((i * 13) % 10 + 1) / 25.0)), floor(38 * ((i * 37) % 100 + 1) / 100.0))::int AS x, least(floor(ln(((i * 29) % 97 + 1) / 98.0) / ln(1 - ((i * 13) % 10 + 1) / 25.0)), floor(38 * ((i * 37) % 100 + 1) / 100.0)) * 100.0 / ((i * 37) % 100 + 1) AS tx, 40 - i % 3 AS big_t,
       1 + i % 5 AS gx, (10 + (i * 37) % 41) * (1 + (i * 11) % 7) AS m
FROM generate_series(1, 5000) i;
CREATE TEMP TABLE trio_parts AS
SELECT part, value_cutoffs_partial(net) AS vc, top_share_partial(net) AS ts, top_share_partial(f) AS tsf,
       value_curve_partial(net) AS cu, value_curve_partial(f) AS cuf,
       aging_profile_partial(net, dpd) AS ap, aging_bucket_totals_partial(net, dpd, '{0,45,365}') AS bt,
       payment_profile_partial(inv, due, paid, net, '2026-06-30') AS pp,
       recovery_rate_partial(abs(net) / 2, abs(net)) AS rr, avg_holding_days_partial(net, 1000, 365) AS hd,
       value_cutoffs_partial(i) AS vci, bgnbd_fit_partial(x, tx, big_t) AS bg, gamma_gamma_fit_partial(gx, m) AS gg, purchase_summary_partial(inv, net, '2026-06-30') AS ps
FROM trio_rows GROUP BY part;
WITH whole AS (
  SELECT value_cutoffs(net) AS vc, top_share(net, 0.2) AS ts, top_share(f, 0.2) AS tsf,
         value_curve(net, 10) AS cu, value_curve(f) AS cuf, aging_profile(net, dpd) AS ap,
         aging_bucket_totals(net, dpd, '{0,45,365}') AS bt, payment_profile(inv, due, paid, net, '2026-06-30') AS pp,
         recovery_rate(abs(net) / 2, abs(net)) AS rr, avg_holding_days(net, 1000, 365) AS hd,
         value_cutoffs(i::numeric) AS vci, bgnbd_fit(x, tx, big_t) AS bg, gamma_gamma_fit(gx, m) AS gg, purchase_summary(inv, net, '2026-06-30', 7) AS ps
  FROM trio_rows),
merged AS (
  SELECT value_cutoffs_final(value_cutoffs_merge(vc)) AS vc, top_share_final(top_share_merge(ts), 0.2) AS ts,
         top_share_final(top_share_merge(tsf), 0.2) AS tsf, value_curve_final(value_curve_merge(cu), 10) AS cu,
         value_curve_final(value_curve_merge(cuf)) AS cuf, aging_profile_final(aging_profile_merge(ap)) AS ap,
         aging_bucket_totals_final(aging_bucket_totals_merge(bt)) AS bt,
         payment_profile_final(payment_profile_merge(pp)) AS pp, recovery_rate_final(recovery_rate_merge(rr)) AS rr,
         avg_holding_days_final(avg_holding_days_merge(hd)) AS hd, value_cutoffs_final(value_cutoffs_merge(vci)) AS vci,
         bgnbd_fit_final(bgnbd_fit_merge(bg)) AS bg, gamma_gamma_fit_final(gamma_gamma_fit_merge(gg)) AS gg, purchase_summary_final(purchase_summary_merge(ps), 7) AS ps
  FROM trio_parts)
SELECT x.name FROM whole w, merged m, LATERAL (VALUES
  ('value_cutoffs', w.vc IS DISTINCT FROM m.vc), ('top_share', w.ts IS DISTINCT FROM m.ts),
  ('top_share float8', w.tsf IS DISTINCT FROM m.tsf), ('value_curve', w.cu IS DISTINCT FROM m.cu),
  ('value_curve float8, 100 points', w.cuf IS DISTINCT FROM m.cuf), ('aging_profile', w.ap IS DISTINCT FROM m.ap),
  ('aging_bucket_totals', w.bt IS DISTINCT FROM m.bt), ('payment_profile', w.pp IS DISTINCT FROM m.pp),
  ('recovery_rate', w.rr IS DISTINCT FROM m.rr), ('avg_holding_days', w.hd IS DISTINCT FROM m.hd),
  ('value_cutoffs of an int column', w.vci IS DISTINCT FROM m.vci),
  ('bgnbd_fit', w.bg::text IS DISTINCT FROM m.bg::text), ('gamma_gamma_fit', w.gg::text IS DISTINCT FROM m.gg::text),

  ('purchase_summary', w.ps::text IS DISTINCT FROM m.ps::text)) x(name, differs)
WHERE x.differs;

-- hand-checked: an int column makes a numeric state (the 0.2.0 trap:
-- value_summary(int) made a float8 summary that value_cutoffs refused)
SELECT value_cutoffs_partial(v) AS numeric_state, value_cutoffs_final(value_cutoffs_partial(v)) AS cutoffs,
       top_share_final(top_share_partial(v), 0.5) AS top_half, value_curve_final(value_curve_partial(v), 3) AS curve
FROM (VALUES (10), (5), (1), (-2), (-4)) t(v);
-- value_summary is only a type now: value_summary('...') is a cast
SELECT value_summary('v1;numeric;0;-;-;2;1,5')::text AS cast_to_the_type;
SELECT (aging_profile_final(s)).total, aging_bucket_totals_final(s) AS default_buckets
FROM (SELECT aging_profile_partial(a, d) AS s FROM (VALUES (100.00, 0), (50.5, 10), (30, 200)) t(a, d)) x;
SELECT aging_bucket_totals(a, d, '{0,60}') AS totals,
       aging_bucket_totals_final(aging_bucket_totals_partial(a, d, '{0,60}')) AS from_partial
FROM (VALUES (100.00, 0), (50.5, 10), (30, 200)) t(a, d);
-- no rows: every final function gives what its aggregate gives
SELECT value_cutoffs_final(NULL) AS cutoffs, top_share_final(NULL, 0.2) AS top_share,
       value_curve_final(NULL) AS curve, aging_bucket_totals_final(aging_bucket_totals_partial(a, d, '{0,60}')) AS totals
FROM (VALUES (1::numeric, 1)) t(a, d) WHERE false;
SELECT pg_temp.expect_error($$SELECT top_share_final(top_share_partial(v)) FROM (VALUES (1)) t(v)$$);

-- the deprecated aliases answer as what replaces them (zero rows = pass)
SELECT x.name FROM trio_parts p, LATERAL (VALUES
  ('value_summary_merge', (SELECT value_summary_merge(vc)::text FROM trio_parts) IS DISTINCT FROM (SELECT value_cutoffs_merge(vc)::text FROM trio_parts)),
  ('aging_state_merge', (SELECT aging_state_merge(ap)::text FROM trio_parts) IS DISTINCT FROM (SELECT aging_profile_merge(ap)::text FROM trio_parts)),
  ('credit_state_merge', (SELECT credit_state_merge(pp)::text FROM trio_parts) IS DISTINCT FROM (SELECT payment_profile_merge(pp)::text FROM trio_parts)),
  ('holding_state_merge', (SELECT holding_state_merge(hd)::text FROM trio_parts) IS DISTINCT FROM (SELECT avg_holding_days_merge(hd)::text FROM trio_parts)),
  ('top_share(summary)', top_share(p.ts, 0.3) IS DISTINCT FROM top_share_final(p.ts, 0.3)),
  ('value_curve(summary)', value_curve(p.cu) IS DISTINCT FROM value_curve_final(p.cu)),
  ('avg_holding_final', avg_holding_final(p.hd) IS DISTINCT FROM avg_holding_days_final(p.hd)),
  ('aging_profile_final_array', aging_profile_final_array(p.bt) IS DISTINCT FROM aging_bucket_totals_final(p.bt))) x(name, differs)
WHERE x.differs
UNION ALL
SELECT x.name FROM (VALUES
  ('payment_state', (SELECT payment_state(inv, due, paid, net, '2026-06-30')::text FROM trio_rows)
                    IS DISTINCT FROM (SELECT payment_profile_partial(inv, due, paid, net, '2026-06-30')::text FROM trio_rows)),
  ('recovery_state', (SELECT recovery_state(abs(net) / 2, abs(net))::text FROM trio_rows)
                     IS DISTINCT FROM (SELECT recovery_rate_partial(abs(net) / 2, abs(net))::text FROM trio_rows)),
  ('holding_state', (SELECT holding_state(net, 1000, 365)::text FROM trio_rows)
                    IS DISTINCT FROM (SELECT avg_holding_days_partial(net, 1000, 365)::text FROM trio_rows))) x(name, differs)
WHERE x.differs;
DROP TABLE trio_rows, trio_parts;

-- The 0.2.0 cast traps are calls now: a varchar or a bare literal reaches
-- the function (rfm_segment scores '545', where 0.2.0 raised an enum error,
-- and refuses 'champions', which 0.2.0 returned unscored).
SELECT rfm_segment('545'::varchar) AS varchar_score, rfm_segment('545') AS literal_score,
       holding_style('90') AS literal_days, credit_grade(75) AS grade;
SELECT pg_temp.expect_error($$SELECT rfm_segment('champions'::varchar)$$);
-- a bare literal where two forms take different types is ambiguous (write
-- a number), never a cast
SELECT pg_temp.expect_error($$SELECT credit_grade('75')$$);
