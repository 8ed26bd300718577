-- The API contract's checks (docs/api-contract.md, rules 2, 4, 7, 8
-- and 9): fractions and rates, errors that name the offending value, swapped
-- arguments, NULL policies, exact float8 sums, date-only arguments.
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
SET extra_float_digits = 3;

-- ---------------------------------------------------------------------------
-- Rule 4: fractions and rates.  A rate is in [0, 1]; 0 is valid; NaN,
-- infinities, negatives and values above 1 raise 22003 with the value, and
-- above 1 the hint says a percentage is written as a fraction.
-- ---------------------------------------------------------------------------
SELECT economic_profit(100, 10, 1000, 0, 100, 0, 0) AS zero_rates,
       economic_profit(100, 10, 1000, 1, 100, 1, 0) AS rates_of_one;
SELECT economic_profit(100, 10, 1000, ftp_rate => 2.5, capital => 0, hurdle_rate => 0, expected_loss => 0);
SELECT economic_profit(100, 10, 1000, 0.03, 100, hurdle_rate => 12, expected_loss => 0);
SELECT economic_profit(100, 10, 1000, 'NaN', 100, 0.1, 0);
SELECT economic_profit(100, 10, 1000, 0.03, 100, '-Infinity', 0);
SELECT risk_appetite(30);
SELECT risk_appetite(0), risk_appetite(1), risk_appetite(0.3), risk_appetite(0.3, '{0.2,0.5}');
SELECT risk_appetite(0.3, '{20,50}');
SELECT risk_appetite(-0.01);
SELECT loyalty_score(365, 12, 15, 1);
SELECT loyalty_score(365, 12, 0, 1) AS no_discount, loyalty_score(365, 12, 1, 1) AS full_discount;
SELECT top_share(v, 20) FROM generate_series(1, 10) v;
SELECT top_share(v, 0) FROM generate_series(1, 10) v;

-- ---------------------------------------------------------------------------
-- Rule 8: an error raised by one row names the offending value, so one bad
-- row of a large query can be found.
-- ---------------------------------------------------------------------------
-- one negative tenure among 5,000 rows
SELECT sum(loyalty_score(CASE WHEN g = 4321 THEN -17 ELSE g END, 12, 0.1, 1))
FROM generate_series(1, 5000) g;
SELECT loyalty_score(365, -2.5, 0.1, 1);
SELECT loyalty_score(365, 12, 0.1, -3);
SELECT loyalty_score(365, 12, 0.1, 1, -4);
-- amounts that cannot be summed exactly name the argument and the value
SELECT recovery_rate(r, s)
FROM (VALUES (10.5, 100), (0.123456, 100)) t(r, s);
SELECT recovery_rate(r, s)
FROM (VALUES (10.5, 100), (1, -100)) t(r, s);
SELECT payment_profile(DATE '2026-01-01', DATE '2026-02-01', NULL, a, DATE '2026-06-30')
FROM (VALUES (100), (99.00001)) t(a);
SELECT aging_profile(a, 10) FROM (VALUES (1e15), (1)) t(a);
SELECT avg_holding_days(v, 1000, 365) FROM (VALUES (10), (0.000001)) t(v);
SELECT avg_holding_days(v, a, 365) FROM (VALUES (10, 1000), (20, 1001)) t(v, a);
SELECT avg_holding_days(10, -1000, 365);
SELECT cycle_migration(0, 1, b) FROM (VALUES (10), (-5)) t(b);
-- ranked values
SELECT top_share(v, 0.2) FROM (VALUES (1::numeric), ('NaN')) t(v);
SELECT top_share(v, 0.2) FROM (VALUES (1::numeric), (0.000001)) t(v);
SELECT top_share(v, 0.2) FROM (VALUES (1::float8), ('-Infinity')) t(v);
SELECT value_curve(v, p) FROM (VALUES (1::numeric, 5), (2, 6)) t(v, p);
SELECT top_share(v, f) FROM (VALUES (1::numeric, 0.2), (2, 0.3)) t(v, f);
-- money, dates and thresholds
SELECT net_value('Infinity', 1);
SELECT economic_profit(100, 10, expected_loss => -3);
SELECT dso(-100, 1000);
SELECT final_deadline(DATE '5874897-12-01', 60);
SELECT days_past_due(DATE 'infinity', DATE '2026-06-30');
SELECT is_dormant(DATE '-infinity', DATE '2026-06-30');
SELECT risk_group(1, 100, 10, medium_amount => 0);
SELECT risk_group(1, 100, 10, medium_days => 100, high_days => 90);
SELECT payment_profile(DATE '2026-01-01', DATE '2026-02-01', NULL, 100, a)
FROM (VALUES (DATE '2026-06-30'), (DATE '2026-07-31')) t(a);
SELECT holding_style(-1);
SELECT holding_style(10, '{60,30}');
SELECT aging_bucket(10, '{0,-30}');

-- ---------------------------------------------------------------------------
-- Rule 8: swapped arguments that the result would hide raise an error.
-- ---------------------------------------------------------------------------
-- payment_profile: a due date before the invoice date (swapped), an invoice
-- dated after as_of (not filtered), a payment before the invoice date
SELECT payment_profile(i, d, NULL, 100, DATE '2026-06-30')
FROM (VALUES (DATE '2026-01-01', DATE '2026-01-31'), (DATE '2026-03-31', DATE '2026-03-01')) t(i, d);
SELECT payment_profile(i, i + 30, NULL, 100, DATE '2026-06-30')
FROM (VALUES (DATE '2026-01-01'), (DATE '2026-07-01')) t(i);
SELECT payment_profile(DATE '2026-03-01', DATE '2026-03-31', DATE '2026-02-20', 100, DATE '2026-06-30');
-- the documented fixes: filter to as_of; a prepayment as paid on the invoice date
SELECT (payment_profile(i, i + 30, NULL, 100, DATE '2026-06-30')).invoices
FROM (VALUES (DATE '2026-01-01'), (DATE '2026-07-01')) t(i)
WHERE i <= DATE '2026-06-30';
SELECT (p).paid, (p).avg_days_to_pay, (p).on_time_share
FROM (SELECT payment_profile(DATE '2026-03-01', DATE '2026-03-31', greatest(DATE '2026-02-20', DATE '2026-03-01'),
                             100, DATE '2026-06-30') AS p) x;
-- a due date on the invoice date and a payment on it are valid
SELECT (payment_profile(DATE '2026-03-01', DATE '2026-03-01', DATE '2026-03-01', 100, DATE '2026-06-30')).*;
-- a credit note is checked the same way
SELECT payment_profile(DATE '2026-03-31', DATE '2026-03-01', NULL, -100, DATE '2026-06-30');
-- cei: current receivables above all ending receivables (swapped)
SELECT cei(1000, 5000, 800, 1200);
SELECT cei(1000, 5000, 1200, 800);
-- dso: negative inputs are errors; receivables above the period's sales
-- are legal (dso above days); no credit sales gives NULL
SELECT dso(-1, 100), dso(100, -1);
SELECT dso(1000, -100);
SELECT dso(receivables => 60000, credit_sales => 365000) AS dso_60,
       dso(receivables => 365000, credit_sales => 60000) AS swapped_inputs,
       dso(100, 0) AS no_sales;
-- days_past_due cannot tell due_date from as_of: a negative result means
-- "not yet due, due in N days"
SELECT days_past_due(DATE '2026-06-30', DATE '2026-06-01') AS due_in_29_days,
       days_past_due(DATE '2026-06-01', DATE '2026-06-30') AS past_due_29_days;
-- is_dormant: a last trade after as_of
SELECT is_dormant(DATE '2026-07-01', DATE '2026-06-30');
SELECT is_dormant(DATE '2026-06-30', DATE '2026-06-30') AS same_day, is_dormant(NULL, DATE '2026-06-30') AS never;

-- ---------------------------------------------------------------------------
-- Rule 7: NULL policies of the aggregates with several inputs.
-- ---------------------------------------------------------------------------
-- recovery_rate: a NULL recovered is 0 recovered (a LEFT JOIN of overdue
-- accounts to their recoveries); a NULL overdue_at_start skips the row
CREATE TEMP TABLE overdue_start (account int, amount numeric);
CREATE TEMP TABLE recovered (account int, amount numeric);
INSERT INTO overdue_start VALUES (1, 100), (2, 100);
INSERT INTO recovered VALUES (1, 50);
SELECT recovery_rate(r.amount, o.amount) AS left_join_rate
FROM overdue_start o LEFT JOIN recovered r USING (account);
SELECT recovery_rate(r, s) AS null_start_skipped
FROM (VALUES (50, 100), (NULL, 100), (30, NULL), (NULL, NULL)) t(r, s);
SELECT recovery_rate(r, s) AS nothing_overdue FROM (VALUES (NULL::numeric, NULL::numeric)) t(r, s);
SELECT recovery_state(r, s) AS state FROM (VALUES (50, 100), (NULL, 100), (30, NULL)) t(r, s);
SELECT proisstrict FROM pg_proc
WHERE oid = 'recovery_rate_add(credit_state, numeric, numeric)'::regprocedure;
-- against plain SQL on generated data, serially and in parallel (zero rows = pass)
SELECT setseed(0.41) \g /dev/null
CREATE TEMP TABLE rec_gen AS
SELECT i % 300 AS grp,
       CASE WHEN random() < 0.3 THEN NULL ELSE round((random() * 100)::numeric, 2) END AS r,
       CASE WHEN random() < 0.1 THEN NULL ELSE round((random() * 200)::numeric, 2) END AS s
FROM generate_series(1, 30000) i;
SELECT grp FROM (
  SELECT grp, recovery_rate(r, s) AS ours,
         sum(coalesce(r, 0)) FILTER (WHERE s IS NOT NULL) / nullif(sum(s), 0) AS plain
  FROM rec_gen GROUP BY grp) x
WHERE ours IS DISTINCT FROM plain;
SELECT recovery_rate_final(credit_state_merge(st)) = (SELECT recovery_rate(r, s) FROM rec_gen) AS split_equals_whole
FROM (SELECT recovery_state(r, s) AS st FROM rec_gen GROUP BY grp) x;

-- payment_profile: a NULL paid date is open; a NULL due date counts in
-- invoices, paid, avg_days_to_pay and open_amount but is never overdue and
-- takes no part in on_time_share or the days past due; a row with a NULL
-- amount or invoice date is skipped
SELECT (p).*
FROM (SELECT payment_profile(i, d, pd, a, DATE '2026-06-30') AS p
      FROM (VALUES (DATE '2026-01-01', DATE '2026-01-31', DATE '2026-01-21', 100.00),  -- on time
                   (DATE '2026-01-01', NULL, DATE '2026-04-01', 300.00),               -- paid, no due date
                   (DATE '2026-03-01', NULL, NULL, 50.00),                             -- open, no due date
                   (DATE '2026-03-01', DATE '2026-03-31', NULL, NULL),                 -- no amount: skipped
                   (NULL, DATE '2026-03-31', NULL, 70.00)                              -- no invoice date: skipped
           ) t(i, d, pd, a)) x;
-- only invoices without a due date: counted, never judged
SELECT (p).*
FROM (SELECT payment_profile(DATE '2026-01-01', NULL, pd, 100, DATE '2026-06-30') AS p
      FROM (VALUES (NULL::date), (DATE '2026-02-01')) t(pd)) x;
-- against plain SQL on generated data with every kind of NULL (zero rows = pass)
SELECT setseed(0.43) \g /dev/null
CREATE TEMP TABLE pay_gen AS
SELECT i % 500 AS customer_id, inv,
       CASE WHEN u < 0.15 THEN NULL ELSE inv + term END AS due,
       CASE WHEN u2 < 0.3 THEN NULL ELSE inv + (u3 * 200)::int END AS paid,
       CASE WHEN v < 0.05 THEN NULL WHEN v < 0.08 THEN -round((v * 1000)::numeric, 2)
            ELSE round((exp(3 + v * 5))::numeric, 2) END AS amount
FROM (SELECT i, CASE WHEN random() < 0.03 THEN NULL ELSE DATE '2025-07-01' + (random() * 364)::int END AS inv,
             (ARRAY[0, 30, 60])[1 + (random() * 2.99)::int] AS term,
             random() AS u, random() AS u2, random() AS u3, random() AS v
      FROM generate_series(1, 40000) i OFFSET 0) g;
CREATE TEMP VIEW pay_plain AS
SELECT customer_id,
       count(*) FILTER (WHERE ok) AS invoices,
       count(*) FILTER (WHERE ok AND is_paid) AS paid,
       sum(amount * (end_date - inv)) FILTER (WHERE ok) / nullif(sum(amount) FILTER (WHERE ok), 0) AS avg_days_to_pay,
       coalesce(sum(amount) FILTER (WHERE judged AND is_paid AND paid <= due), 0)
         / nullif(sum(amount) FILTER (WHERE judged AND (is_paid OR end_date > due)), 0) AS on_time_share,
       max(greatest(end_date - due, 0)) FILTER (WHERE judged) AS max_days_past_due,
       count(*) FILTER (WHERE judged AND NOT is_paid AND end_date > due) AS overdue_count,
       coalesce(sum(amount) FILTER (WHERE judged AND NOT is_paid AND end_date > due), 0) AS overdue_amount,
       max(end_date - due) FILTER (WHERE judged AND NOT is_paid AND end_date > due) AS oldest_overdue_days,
       coalesce(sum(amount) FILTER (WHERE ok AND NOT is_paid), 0) AS open_amount,
       coalesce(sum(amount) FILTER (WHERE amount < 0), 0) AS credit_notes
FROM (SELECT *, amount >= 0 AS ok, amount >= 0 AND due IS NOT NULL AS judged,
             coalesce(paid <= '2026-06-30', false) AS is_paid,
             least(coalesce(paid, '2026-06-30'), '2026-06-30') AS end_date
      FROM pay_gen WHERE inv IS NOT NULL AND amount IS NOT NULL) x
GROUP BY customer_id;
SELECT count(*) AS rows, count(*) FILTER (WHERE due IS NULL) AS no_due, count(*) FILTER (WHERE paid IS NULL) AS open,
       count(*) FILTER (WHERE amount IS NULL) AS no_amount, count(*) FILTER (WHERE inv IS NULL) AS no_invoice_date
FROM pay_gen;
SELECT * FROM (SELECT customer_id, (payment_profile(inv, due, paid, amount, '2026-06-30')).* FROM pay_gen GROUP BY customer_id) o
FULL JOIN pay_plain p USING (customer_id)
WHERE (o.*) IS DISTINCT FROM (p.*);
:force_parallel_plan
SELECT * FROM (SELECT customer_id, (payment_profile(inv, due, paid, amount, '2026-06-30')).* FROM pay_gen GROUP BY customer_id) o
FULL JOIN pay_plain p USING (customer_id)
WHERE (o.*) IS DISTINCT FROM (p.*);
SELECT recovery_rate(r, s) = (SELECT sum(coalesce(r, 0)) FILTER (WHERE s IS NOT NULL) / sum(s) FROM rec_gen) AS parallel_rate
FROM rec_gen;
RESET ALL;
SET extra_float_digits = 3;

-- purchase_summary: a row with a NULL date or amount is skipped; as_of is
-- one date for the whole aggregate, so NULL is an error (22004), not a
-- skipped row; a NULL unit_days is the unit's default, 1 day
SELECT purchase_summary(d, a, DATE '2026-06-30') AS days,
       purchase_summary(d, a, DATE '2026-06-30', NULL) AS null_unit,
       purchase_summary(d, a, DATE '2026-06-30', 7) AS weeks
FROM (VALUES (DATE '2026-01-01', 100.00), ('2026-02-01', NULL), (NULL, 70.00), ('2026-03-01', 50.00),
             ('2026-03-01', -10.00), ('2026-07-01', 1000.00)) t(d, a);
SELECT purchase_summary(d, a, DATE '2026-06-30') AS nothing_qualifies
FROM (VALUES (NULL::date, 1.00), ('2026-07-01', 2.00)) t(d, a);
SELECT purchase_summary(d, 10, a) FROM (VALUES (DATE '2026-01-01', DATE '2026-06-30'), ('2026-02-01', NULL)) t(d, a);
-- one amount that cannot be summed exactly among many names its value
SELECT purchase_summary(DATE '2026-01-01' + g, CASE WHEN g = 77 THEN 1.00001 ELSE g END, DATE '2026-06-30')
FROM generate_series(1, 100) g;

-- ---------------------------------------------------------------------------
-- Rule 2: dates are date only.  A timestamptz finds no function; the caller
-- converts it in the time zone meant.  (No timestamptz overloads: an
-- unknown literal such as '2026-01-01' would then resolve to timestamptz,
-- the preferred type of its category, and the day would depend on TimeZone.)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE bookings (customer int, booked_at timestamptz);
INSERT INTO bookings VALUES (1, '2025-12-31 20:00:00+00'), (1, '2026-01-01 17:30:00+00');
SELECT is_dormant(max(booked_at), DATE '2026-06-30') FROM bookings;
SELECT is_dormant(TIMESTAMPTZ '2026-01-01 10:00:00+00', DATE '2026-06-30');
SELECT days_past_due(TIMESTAMPTZ '2026-01-01 10:00:00+00', DATE '2026-06-30');
-- the documented fix: ::date in the session's time zone, or AT TIME ZONE
SET TimeZone = 'UTC';
SELECT max(booked_at)::date AS utc_day,
       (max(booked_at) AT TIME ZONE 'Asia/Shanghai')::date AS shanghai_day,
       is_dormant(max(booked_at)::date, DATE '2026-07-01') AS dormant_utc,
       is_dormant((max(booked_at) AT TIME ZONE 'Asia/Shanghai')::date, DATE '2026-07-01') AS dormant_shanghai
FROM bookings;
RESET TimeZone;
-- unknown literals resolve to the date functions
SELECT is_dormant('2026-01-01', '2026-06-30') AS literal_dates,
       days_past_due('2026-01-31', '2026-03-01') AS literal_days;

-- ---------------------------------------------------------------------------
-- Rule 9: float8 values are summed exactly and each sum is rounded once;
-- a share is the quotient of two exact sums (within one unit in the last
-- place), the same bits on every platform and in every order.
-- ---------------------------------------------------------------------------
SET extra_float_digits = 3;
-- the top fifth of (1e25, 1, 1, 1, -1e25) is 1e25 of a total of exactly 3
-- (0.2.0: NaN)
SELECT top_share(v, 0.2) AS top_share, float8 '1e25' / 3 AS expected,
       sum(v) AS naive_sum
FROM unnest(ARRAY[1e25, 1, 1, 1, -1e25]::float8[]) v;
SELECT value_curve(v, 5) FROM unnest(ARRAY[1e25, 1, 1, 1, -1e25]::float8[]) v;
-- catastrophic cancellation: 1e16 + 999 ones - 1e16 is the ones alone;
-- the top half is 1e16 and 500 ones
SELECT top_share(v, 0.5) AS top_half, ((1e16 + 500) / 999)::float8 AS expected, sum(v) AS naive_sum
FROM (SELECT 1e16::float8 AS v UNION ALL SELECT -1e16 UNION ALL SELECT 1 FROM generate_series(1, 999)) t;
-- many tiny values next to a huge one: 2^53 and 10,000 ones (naive
-- summation in descending order loses every one)
SELECT top_share(v, 0.00005) AS huge_share, float8 '9007199254740992' / 9007199254750992 AS expected
FROM (SELECT 9007199254740992::float8 AS v UNION ALL SELECT 1 FROM generate_series(1, 10000)) t;
-- partial sums beyond DBL_MAX are fine when the total is not
SELECT top_share(v, 0.3) AS top_one, float8 '1.5e308' / float8 '1.4e308' AS expected
FROM unnest(ARRAY[1.5e308, 1.5e308, -1.6e308]::float8[]) v;
SELECT top_share(v, 0.5) FROM unnest(ARRAY[1.5e308, 1.5e308]::float8[]) v;
-- subnormals are summed exactly too
SELECT top_share(v, 0.5) AS top_half FROM unnest(ARRAY[5e-324, 5e-324, 1e-323, 1.5e-323]::float8[]) v;
-- exact against numeric: integer values (exact as numeric too), shares
-- compared with the numeric quotient to 40 decimals rounded to float8
-- (zero rows = pass)
SELECT setseed(0.61) \g /dev/null
CREATE TEMP TABLE xs_gen AS
SELECT i % 50 AS grp,
       (CASE WHEN random() < 0.3 THEN -1 ELSE 1 END * floor(exp(random() * 34)))::float8 AS v
FROM generate_series(1, 50000) i;
SELECT o.grp, ours, tiny, huge, plain FROM
  (SELECT grp, top_share(v, 0.1) AS ours, top_share(v * power(2::float8, -1000), 0.1) AS tiny,
          top_share(v * power(2::float8, 900), 0.1) AS huge
   FROM xs_gen GROUP BY grp) o
  FULL JOIN
  (SELECT grp, CASE WHEN sum(v::numeric) > 0
                    THEN (sum(v::numeric) FILTER (WHERE rn <= n / 10) * 1.0000000000000000000000000000000000000000
                          / sum(v::numeric))::float8 END AS plain
   FROM (SELECT grp, v, row_number() OVER (PARTITION BY grp ORDER BY v DESC) AS rn,
                count(*) OVER (PARTITION BY grp) AS n
         FROM xs_gen) r
   GROUP BY grp) p USING (grp)
WHERE ours IS DISTINCT FROM plain OR tiny IS DISTINCT FROM plain OR huge IS DISTINCT FROM plain;
SELECT count(*) FILTER (WHERE s > 0) AS positive_groups FROM (SELECT sum(v) AS s FROM xs_gen GROUP BY grp) x;
-- the same multiset in other orders and splits gives the same bits:
-- summaries merged from 7 or 13 parts, a parallel plan, and the whole
SELECT setseed(0.62) \g /dev/null
CREATE TEMP TABLE xs_mix AS
SELECT i, (CASE WHEN random() < 0.4 THEN -1 ELSE 1 END * exp(random() * 60 - 30))::float8 AS v
FROM generate_series(1, 20000) i;
CREATE TEMP TABLE xs_results AS
SELECT 'whole' AS how, top_share(v, 0.05) AS share, value_curve(v, 7) AS curve FROM xs_mix;
INSERT INTO xs_results
SELECT '7 parts', top_share(value_summary_merge(s), 0.05), value_curve(value_summary_merge(s), 7)
FROM (SELECT top_share_partial(v) AS s FROM xs_mix GROUP BY i % 7) x;
INSERT INTO xs_results
SELECT '13 parts, reversed', top_share(value_summary_merge(s ORDER BY k DESC), 0.05), value_curve(value_summary_merge(s ORDER BY k DESC), 7)
FROM (SELECT i % 13 AS k, top_share_partial(v ORDER BY v) AS s FROM xs_mix GROUP BY i % 13) x;
:force_parallel_plan
INSERT INTO xs_results SELECT 'parallel', top_share(v, 0.05), value_curve(v, 7) FROM xs_mix;
RESET ALL;
SET extra_float_digits = 3;
SELECT how, share = (SELECT share FROM xs_results WHERE how = 'whole') AS same_share,
       curve = (SELECT curve FROM xs_results WHERE how = 'whole') AS same_curve
FROM xs_results ORDER BY how;

-- the rate range [0, 1] at its edges (the check reads the digits in place)
SELECT v, pg_temp.expect_error(format('SELECT economic_profit(100, 10, 1000, %s::numeric)', quote_literal(v))) AS outcome
FROM unnest(ARRAY['0', '-0.0', '0.0001', '0.99999999', '1', '1.0000', '1.00000001', '10000', '-0.0001', 'NaN', 'Infinity']) v;

-- ---------------------------------------------------------------------------
-- Rule 7: options and required inputs.  An option (a parameter with a
-- DEFAULT) given as NULL means its default: the call with the option NULL
-- answers as the call without it.  A required input of a scalar function
-- given as NULL gives NULL, unless the function's entry gives NULL a
-- business meaning (listed below).  One sample call per function that has
-- options, every argument given by name with a valid value, the other
-- options not at their defaults (so an option read wrongly shows); {args}
-- is where the arguments go.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE ck_values AS SELECT g * 10 AS net FROM generate_series(1, 5) g;
CREATE TEMP TABLE option_call (fn regprocedure PRIMARY KEY, call text NOT NULL, valid text[] NOT NULL);
INSERT INTO option_call VALUES
 ('economic_profit(numeric,numeric,numeric,numeric,numeric,numeric,numeric)', 'SELECT economic_profit({args})',
  ARRAY['1000', '200', '10000', '0.025', '5000', '0.12', '15']),
 ('days_past_due(date,date,date)', 'SELECT days_past_due({args})', ARRAY[$$'2026-05-02'$$, $$'2026-06-30'$$, $$'2026-06-01'$$]),
 ('aging_bucket(integer,integer[])', 'SELECT aging_bucket({args})', ARRAY['45', $$'{0,7,14,30,90}'$$]),
 ('aging_bucket(date,date,date,integer[])', 'SELECT aging_bucket({args})',
  ARRAY[$$'2026-05-02'$$, $$'2026-06-30'$$, $$'2026-06-01'$$, $$'{0,7,14,30,90}'$$]),
 ('aging_bucket_no(integer,integer[])', 'SELECT aging_bucket_no({args})', ARRAY['45', $$'{0,7,14,30,90}'$$]),
 ('aging_bucket_labels(integer[])', 'SELECT aging_bucket_labels({args})', ARRAY[$$'{0,7,14,30,90}'$$]),
 ('collection_stage(integer,integer,integer)', 'SELECT collection_stage({args})', ARRAY['45', '60', '10']),
 ('credit_grade(numeric,integer[])', 'SELECT credit_grade({args})', ARRAY['70', $$'{30,60,90}'$$]),
 ('credit_grade(payment_profile_row,integer[])', 'SELECT credit_grade({args})',
  ARRAY[$$(SELECT payment_profile(DATE '2026-01-01', DATE '2026-01-31', DATE '2026-03-15', 100, DATE '2026-06-30'))$$, $$'{30,60,90}'$$]),
 ('overdue_class(numeric,integer,credit_grade_label,numeric,integer)', 'SELECT overdue_class({args})',
  ARRAY['20000', '40', $$'B'$$, '5000', '30']),
 ('overdue_class(payment_profile_row,numeric,integer)', 'SELECT overdue_class({args})',
  ARRAY[$$(SELECT payment_profile(DATE '2026-01-01', DATE '2026-05-31', NULL, 20000, DATE '2026-06-30'))$$, '50000', '20']),
 ('risk_group(bigint,numeric,integer,credit_grade_label,bigint,bigint,numeric,numeric,integer,integer)', 'SELECT risk_group({args})',
  ARRAY['3', '500', '40', $$'B'$$, '1', '5', '100', '20000', '10', '100']),
 ('risk_group(payment_profile_row,bigint,bigint,numeric,numeric,integer,integer)', 'SELECT risk_group({args})',
  ARRAY[$$(SELECT payment_profile(DATE '2026-01-01', DATE '2026-05-31', NULL, 500, DATE '2026-06-30'))$$,
        '1', '5', '100', '20000', '10', '100']),
 ('dso(numeric,numeric,integer)', 'SELECT dso({args})', ARRAY['150000', '900000', '90']),
 ('roll_rate_flow(roll_rate_row[],integer)', 'SELECT roll_rate_flow({args})',
  ARRAY['ARRAY(SELECT ROW(b, 1, 100, 0, 0, 0, 90, 0, 0, 0.9)::roll_rate_row FROM generate_series(0, 7) b)', '6']),
 ('ecl_allowance(numeric[],numeric[],numeric[])', 'SELECT ecl_allowance({args})',
  ARRAY[$$'{100.00,50.00}'$$, $$'{0.02,0.5}'$$, $$'{1.1}'$$]),
 ('collection_channel(integer,numeric,integer[],numeric)', 'SELECT collection_channel({args})',
  ARRAY['400', '60000', $$'{30,60,300,700}'$$, '50000']),
 ('collection_commission(integer,text,integer[],numeric[])', 'SELECT collection_commission({args})',
  ARRAY['400', $$'telecom'$$, $$'{365}'$$, $$'{0.1,0.2}'$$]),
 ('collection_recovery(numeric,numeric,numeric,numeric)', 'SELECT collection_recovery({args})',
  ARRAY['7000', '0.4', '0.15', '100']),
 ('collection_best_channel(integer,numeric,numeric,numeric,numeric,text,integer[],numeric,numeric)', 'SELECT collection_best_channel({args})',
  ARRAY['400', '7000', '0.5', '2', '100', $$'telecom'$$, $$'{30,60,300,700}'$$, '5000', '0.35']),
 ('collection_workload_final(collection_state,numeric,numeric,numeric,numeric)', 'SELECT collection_workload_final({args})',
  ARRAY[$$(SELECT collection_workload_partial('in_house_1', 7000, 0.4, NULL))$$, '100', '200', '21', '2']),
 ('loyalty_score(integer,numeric,numeric,integer,integer,double precision[])', 'SELECT loyalty_score({args})',
  ARRAY['365', '12', '0.10', '1', '2', $$'{0.2,0.2,0.2,0.2,0.2}'$$]),
 ('loyalty_tier(numeric,double precision[])', 'SELECT loyalty_tier({args}) OVER () FROM generate_series(1, 5) g',
  ARRAY['g * 10', $$'{0.4,0.8}'$$]),
 ('loyalty_tier_deprecated(numeric,double precision,double precision)',
  'SELECT loyalty_tier_deprecated({args}) OVER () FROM generate_series(1, 5) g', ARRAY['g * 10', '0.4', '0.4']),
 ('holding_style(numeric,integer[])', 'SELECT holding_style({args})', ARRAY['90', $$'{30,100}'$$]),
 ('risk_appetite(numeric,numeric[])', 'SELECT risk_appetite({args})', ARRAY['0.5', $$'{0.1,0.6}'$$]),
 ('is_dormant(date,date,integer)', 'SELECT is_dormant({args})', ARRAY[$$'2026-03-01'$$, $$'2026-06-30'$$, '300']),
 ('rfm_score(integer,numeric,numeric,integer,text,integer[],numeric[],numeric[])',
  'SELECT rfm_score({args}) OVER () FROM generate_series(1, 5) g',
  ARRAY['g * 10', 'g', 'g * 100', '3', $$'r_rfm'$$, $$'{15,25}'$$, $$'{2,3}'$$, $$'{150,250}'$$]),
 ('rfm_cutoffs(value_summary,value_summary,value_summary,integer,text)', 'SELECT rfm_cutoffs({args})',
  ARRAY[$$'v1;numeric;0;-;-;5;10,20,30,40,50'$$, $$'v1;numeric;0;-;-;5;1,2,3,4,5'$$,
        $$'v1;numeric;0;-;-;5;100,200,300,400,500'$$, '3', $$'r_rfm'$$]),
 ('value_tier(numeric,boolean,double precision[])', 'SELECT value_tier({args}) OVER () FROM generate_series(1, 5) g',
  ARRAY['g * 10 - 10', 'g = 1', $$'{0.4,0.8}'$$]),
 ('value_tier(double precision,boolean,double precision[])', 'SELECT value_tier({args}) OVER () FROM generate_series(1, 5) g',
  ARRAY['g * 10 - 10', 'g = 1', $$'{0.4,0.8}'$$]),
 ('value_tier(bigint,boolean,double precision[])', 'SELECT value_tier({args}) OVER () FROM generate_series(1, 5) g',
  ARRAY['g * 10 - 10', 'g = 1', $$'{0.4,0.8}'$$]),
 ('value_tier(numeric,value_cutoffs_row,boolean)', 'SELECT value_tier({args})', ARRAY['-5', 'ROW(3, 30, 20)', 'true']),
 ('value_tier_deprecated(numeric,boolean,double precision,double precision)',
  'SELECT value_tier_deprecated({args}) OVER () FROM generate_series(1, 5) g', ARRAY['g * 10 - 10', 'g = 1', '0.4', '0.4']),
 ('value_tier_deprecated(double precision,boolean,double precision,double precision)',
  'SELECT value_tier_deprecated({args}) OVER () FROM generate_series(1, 5) g', ARRAY['g * 10 - 10', 'g = 1', '0.4', '0.4']),
 ('value_cutoffs_deprecated(value_summary,double precision,double precision)', 'SELECT value_cutoffs_deprecated({args})',
  ARRAY[$$'v1;numeric;0;-;-;5;10,20,30,40,50'$$, '0.4', '0.4']),
 ('value_curve_final(value_summary,integer)', 'SELECT value_curve_final({args})', ARRAY[$$'v1;numeric;0;-;-;5;10,20,30,40,50'$$, '3']),
 ('value_curve(value_summary,integer)', 'SELECT value_curve({args})', ARRAY[$$'v1;numeric;0;-;-;5;10,20,30,40,50'$$, '3']),
 ('customer_lifetime_value(bgnbd_row,gamma_gamma_row,integer,double precision,double precision,double precision,integer,double precision,double precision)',
  'SELECT round(customer_lifetime_value({args})::numeric, 10)',
  ARRAY['ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL)', 'ROW(6.25, 3.74, 15.44, NULL, NULL, NULL)',
        '2', '30.43', '38.86', '35.5', '13', '4', '0.01']),
 -- bounded-traffic cut-offs (ck_values: five rows, created above)
 ('cutoff_round(cutoff_histogram,double precision[])', 'SELECT cutoff_result(cutoff_round({args}))',
  ARRAY['(SELECT cutoff_counts(g * 10) FROM generate_series(1, 5) g)', $$'{0.4,0.8}'$$]),
 ('value_cutoffs_bounded(regclass,name,double precision[])', 'SELECT value_cutoffs_bounded({args})',
  ARRAY[$$'ck_values'$$, $$'net'$$, $$'{0.4,0.8}'$$]),
 -- the segmentation model's functions, on schemas without a model or input
 -- (nothing is created): NULL and the default must give the same answer
 ('segmentation_model_create(text,text)', 'SELECT segmentation_model_create({args})', ARRAY[$$'nowhere'$$, $$'no_input'$$]),
 ('segmentation_model_refresh(text,boolean)', 'SELECT segmentation_model_refresh({args})', ARRAY[$$'nowhere'$$, 'false']),
 ('segmentation_model_drop(text)', 'SELECT segmentation_model_drop({args})', ARRAY[$$'nowhere'$$]);

-- every function with options has a sample call
SELECT p.oid::regprocedure AS options_without_sample
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE p.pronargdefaults > 0 AND NOT EXISTS (SELECT FROM option_call o WHERE o.fn = p.oid)
  -- a set-returning function with OUT columns, which the calls below cannot
  -- name; sql/model.sql shows segmentation_rules(NULL) = segmentation_rules()
  AND p.oid <> 'segmentation_rules(text)'::regprocedure;

-- One call's result (rows joined with ' | ', NULL as ~) or its error.
CREATE FUNCTION pg_temp.call_outcome(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    r text; st text; msg text;
BEGIN
    EXECUTE 'SELECT string_agg(coalesce(x::text, ''~''), '' | '') FROM (' || stmt || ') AS t(x)' INTO r;
    RETURN r;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN 'ERROR ' || st || ': ' || msg;
END $$;

-- Each sample call with argument k NULL (NULL::its type), and for an option
-- also with argument k left out; the others as given, all by name.
CREATE TEMP TABLE option_outcome AS
SELECT o.fn::text AS fn, a.k, a.name, a.optional,
       pg_temp.call_outcome(replace(o.call, '{args}', (
           SELECT string_agg(format('%s => %s', quote_ident(n.name),
                                    CASE WHEN n.i = a.k THEN 'NULL::' || format_type(n.typ, NULL)
                                         ELSE '(' || o.valid[n.i] || ')::' || format_type(n.typ, NULL) END), ', ' ORDER BY n.i)
           FROM unnest(p.proargnames, p.proargtypes::oid[]) WITH ORDINALITY n(name, typ, i)))) AS given_null,
       CASE WHEN a.optional THEN pg_temp.call_outcome(replace(o.call, '{args}', (
           SELECT coalesce(string_agg(format('%s => (%s)::%s', quote_ident(n.name), o.valid[n.i], format_type(n.typ, NULL)), ', ' ORDER BY n.i), '')
           FROM unnest(p.proargnames, p.proargtypes::oid[]) WITH ORDINALITY n(name, typ, i) WHERE n.i <> a.k))) END AS left_out,
       p.prokind
FROM option_call o
JOIN pg_proc p ON p.oid = o.fn
CROSS JOIN LATERAL (SELECT i::int AS k, proargnames[i] AS name, i > pronargs - pronargdefaults AS optional
                    FROM generate_series(1, p.pronargs) i) a;

-- the sample calls work as given (a NULL argument given by the sample is a
-- NULL default, e.g. paid_date)
SELECT fn, pg_temp.call_outcome(replace(o.call, '{args}', (
           SELECT string_agg(format('%s => (%s)::%s', quote_ident(n.name), o.valid[n.i], format_type(n.typ, NULL)), ', ' ORDER BY n.i)
           FROM unnest(p.proargnames, p.proargtypes::oid[]) WITH ORDINALITY n(name, typ, i)))) AS as_given
FROM option_call o JOIN pg_proc p ON p.oid = o.fn ORDER BY fn::text;
SELECT count(*) FILTER (WHERE optional) AS options, count(*) FILTER (WHERE NOT optional) AS required_inputs,
       count(DISTINCT fn) AS functions
FROM option_outcome;
-- options whose NULL is not their default (zero rows = pass); the
-- deprecated 0.2.0 forms keep 0.2.0's behaviour until they are removed
SELECT fn, name AS option, left(given_null, 60) AS given_null, left(left_out, 60) AS left_out
FROM option_outcome WHERE optional AND given_null IS DISTINCT FROM left_out
  AND fn NOT LIKE '%\_deprecated(%' ORDER BY fn, k;
-- required inputs of scalar functions whose NULL does not give NULL: each
-- is a business meaning its entry documents (is_dormant: never traded is
-- dormant; risk_group: a NULL measure is left out; collection_workload_final:
-- calls_per_recovery has no default only so that the one-argument form is
-- not ambiguous, and NULL is its 125; rfm_cutoffs: a NULL summary is the
-- summary of no rows, so one NULL beside summaries of rows counts
-- different rows, an error)
SELECT fn, name AS required_input, given_null
FROM option_outcome WHERE NOT optional AND prokind = 'f' AND given_null IS DISTINCT FROM '~' ORDER BY fn, k;
