/* customer_seg 0.1.0 -> 0.2.0: credit grades and collection KPIs, loyalty, trading behaviour and RFM */

\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.2.0'" to load this file. \quit

--------------------------------------------------------------------------
-- Credit grades, collection classes and KPIs (src/credit_state.c, payment_profile.c, grades.c, collection_kpis.c)
--------------------------------------------------------------------------

-- credit_state: the state of payment_profile, recovery_rate and roll_rate
CREATE TYPE @extschema@.credit_state;
CREATE FUNCTION @extschema@.credit_state_in(pg_catalog.cstring) RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_credit_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.credit_state_out(@extschema@.credit_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_credit_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.credit_state_recv(pg_catalog.internal) RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_credit_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.credit_state_send(@extschema@.credit_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_credit_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.credit_state (
    INPUT = @extschema@.credit_state_in, OUTPUT = @extschema@.credit_state_out,
    RECEIVE = @extschema@.credit_state_recv, SEND = @extschema@.credit_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE @extschema@.credit_state IS
'state of payment_profile, recovery_rate and roll_rate: v1;kind;dscale;integer slots (amounts in units of 0.0001)';
COMMENT ON FUNCTION @extschema@.credit_state_in(pg_catalog.cstring) IS 'credit_state text input';
COMMENT ON FUNCTION @extschema@.credit_state_out(@extschema@.credit_state) IS 'credit_state text output (exact)';
COMMENT ON FUNCTION @extschema@.credit_state_recv(pg_catalog.internal) IS 'credit_state binary input';
COMMENT ON FUNCTION @extschema@.credit_state_send(@extschema@.credit_state) IS 'credit_state binary output';

CREATE FUNCTION @extschema@.credit_state_combine(@extschema@.credit_state, @extschema@.credit_state)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_credit_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.credit_state_combine(@extschema@.credit_state, @extschema@.credit_state) IS
'aggregate combine function of payment_profile, recovery_rate and roll_rate: merges two states of one kind';
CREATE AGGREGATE @extschema@.credit_state_merge(@extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.credit_state_merge(@extschema@.credit_state) IS
'merge stored payment, recovery or roll states; read with payment_profile_final, recovery_rate_final or roll_rate_final';

-- payment_profile
CREATE TYPE @extschema@.payment_profile AS (
    invoices pg_catalog.int8, paid pg_catalog.int8,
    avg_days_to_pay pg_catalog.numeric, on_time_share pg_catalog.numeric,
    max_days_past_due pg_catalog.int4, overdue_count pg_catalog.int8,
    overdue_amount pg_catalog.numeric, oldest_overdue_days pg_catalog.int4,
    open_amount pg_catalog.numeric, credit_notes pg_catalog.numeric);
COMMENT ON TYPE @extschema@.payment_profile IS
'a customer''s payment behaviour as of a date: invoice and paid counts, amount-weighted days to pay, on-time share, worst lateness, open and overdue amounts, credit notes';

CREATE FUNCTION @extschema@.payment_profile_add(@extschema@.credit_state, pg_catalog.date, pg_catalog.date,
    pg_catalog.date, pg_catalog.numeric, pg_catalog.date)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_payment_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_profile_add(@extschema@.credit_state, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'aggregate transition function of payment_profile';
CREATE FUNCTION @extschema@.payment_profile_final(@extschema@.credit_state)
RETURNS @extschema@.payment_profile
AS 'MODULE_PATHNAME', 'cs_payment_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_profile_final(@extschema@.credit_state) IS
'payment_profile composite from a payment state';

CREATE AGGREGATE @extschema@.payment_profile(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, as_of pg_catalog.date) (
    SFUNC = @extschema@.payment_profile_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.payment_profile_final,
    INITCOND = 'v1;payment', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.payment_state(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, as_of pg_catalog.date) (
    SFUNC = @extschema@.payment_profile_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;payment', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.payment_profile(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'payment behaviour of a customer''s invoices as of a date (paid_date NULL = open; negative amounts are credit notes)';
COMMENT ON AGGREGATE @extschema@.payment_state(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'payment_profile state as a value, to store and merge later with credit_state_merge';

-- credit grades and terms
CREATE TYPE @extschema@.credit_grade AS ENUM ('A', 'B', 'C', 'D');
COMMENT ON TYPE @extschema@.credit_grade IS
'credit grade by payment speed: A pays within 2 months, B within 5, C within 8, D slower or unreliable';

CREATE FUNCTION @extschema@.credit_grade(avg_days_to_pay pg_catalog.numeric,
    limits pg_catalog.int4[] DEFAULT '{60,150,240}')
RETURNS @extschema@.credit_grade
AS 'MODULE_PATHNAME', 'cs_credit_grade' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.credit_grade(pg_catalog.numeric, pg_catalog.int4[]) IS
'credit grade of an average days to pay: A if <= limits[1], B if <= limits[2], C if <= limits[3], else D; NULL days give NULL';

CREATE FUNCTION @extschema@.credit_grade(profile @extschema@.payment_profile,
    limits pg_catalog.int4[] DEFAULT '{60,150,240}')
RETURNS @extschema@.credit_grade
AS 'MODULE_PATHNAME', 'cs_credit_grade_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.credit_grade(@extschema@.payment_profile, pg_catalog.int4[]) IS
'credit grade of a payment profile: by avg_days_to_pay, and D when max_days_past_due exceeds limits[3]; no invoices gives NULL';

CREATE FUNCTION @extschema@.collection_terms(grade @extschema@.credit_grade)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_collection_terms' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_terms(@extschema@.credit_grade) IS
'terms to offer a grade: standard_contract (A), part_prepayment_preferred (B), part_prepayment_required (C), cash_on_delivery (D)';

-- overdue classes and risk groups
CREATE TYPE @extschema@.overdue_class AS ENUM ('A', 'B', 'C');
COMMENT ON TYPE @extschema@.overdue_class IS
'overdue-customer class: A focus (calls, visits), B regular reminders, C risk review and legal means';

CREATE FUNCTION @extschema@.overdue_class(overdue_amount pg_catalog.numeric, days_past_due pg_catalog.int4,
    grade @extschema@.credit_grade DEFAULT NULL,
    large_amount pg_catalog.numeric DEFAULT 10000, legal_days pg_catalog.int4 DEFAULT 180)
RETURNS @extschema@.overdue_class
AS 'MODULE_PATHNAME', 'cs_overdue_class' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.overdue_class(pg_catalog.numeric, pg_catalog.int4, @extschema@.credit_grade, pg_catalog.numeric, pg_catalog.int4) IS
'collection class of an overdue customer: C if grade D or days_past_due > legal_days, A if overdue_amount >= large_amount, else B; NULL when nothing is overdue';

CREATE TYPE @extschema@.risk_group AS ENUM ('low', 'medium', 'high');
COMMENT ON TYPE @extschema@.risk_group IS
'risk group of a customer for monitoring: low, medium, high';

CREATE FUNCTION @extschema@.risk_group(overdue_count pg_catalog.int8, overdue_amount pg_catalog.numeric,
    max_days_past_due pg_catalog.int4, grade @extschema@.credit_grade DEFAULT NULL,
    medium_count pg_catalog.int8 DEFAULT 2, high_count pg_catalog.int8 DEFAULT 4,
    medium_amount pg_catalog.numeric DEFAULT 1000, high_amount pg_catalog.numeric DEFAULT 10000,
    medium_days pg_catalog.int4 DEFAULT 31, high_days pg_catalog.int4 DEFAULT 91)
RETURNS @extschema@.risk_group
AS 'MODULE_PATHNAME', 'cs_risk_group' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_group(pg_catalog.int8, pg_catalog.numeric, pg_catalog.int4, @extschema@.credit_grade, pg_catalog.int8, pg_catalog.int8, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4) IS
'risk group: high if any measure reaches its high_* threshold or grade D, medium if any reaches its medium_* threshold or grade C, else low; NULL measures are left out';

-- profile shorthands: the same rules read from a payment_profile
CREATE FUNCTION @extschema@.overdue_class(profile @extschema@.payment_profile,
    large_amount pg_catalog.numeric DEFAULT 10000, legal_days pg_catalog.int4 DEFAULT 180)
RETURNS @extschema@.overdue_class
AS 'MODULE_PATHNAME', 'cs_overdue_class_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.overdue_class(@extschema@.payment_profile, pg_catalog.numeric, pg_catalog.int4) IS
'overdue class of a payment profile: its overdue_amount, oldest_overdue_days and credit_grade(profile)';

CREATE FUNCTION @extschema@.risk_group(profile @extschema@.payment_profile,
    medium_count pg_catalog.int8 DEFAULT 2, high_count pg_catalog.int8 DEFAULT 4,
    medium_amount pg_catalog.numeric DEFAULT 1000, high_amount pg_catalog.numeric DEFAULT 10000,
    medium_days pg_catalog.int4 DEFAULT 31, high_days pg_catalog.int4 DEFAULT 91)
RETURNS @extschema@.risk_group
AS 'MODULE_PATHNAME', 'cs_risk_group_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_group(@extschema@.payment_profile, pg_catalog.int8, pg_catalog.int8, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4) IS
'risk group of a payment profile: its overdue_count, overdue_amount, max_days_past_due and credit_grade(profile); no invoices gives NULL';

-- KPIs
CREATE FUNCTION @extschema@.recovery_rate_add(@extschema@.credit_state, pg_catalog.numeric, pg_catalog.numeric)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_recovery_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.recovery_rate_final(@extschema@.credit_state)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_recovery_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_rate_add(@extschema@.credit_state, pg_catalog.numeric, pg_catalog.numeric) IS
'aggregate transition function of recovery_rate';
COMMENT ON FUNCTION @extschema@.recovery_rate_final(@extschema@.credit_state) IS
'recovery rate from a recovery state';
CREATE AGGREGATE @extschema@.recovery_rate(recovered pg_catalog.numeric, overdue_at_start pg_catalog.numeric) (
    SFUNC = @extschema@.recovery_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.recovery_rate_final,
    INITCOND = 'v1;recovery', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.recovery_state(recovered pg_catalog.numeric, overdue_at_start pg_catalog.numeric) (
    SFUNC = @extschema@.recovery_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;recovery', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_rate(pg_catalog.numeric, pg_catalog.numeric) IS
'recovery rate: sum(recovered) / sum(overdue_at_start); NULL when nothing was overdue';
COMMENT ON AGGREGATE @extschema@.recovery_state(pg_catalog.numeric, pg_catalog.numeric) IS
'recovery_rate state as a value, to store and merge later with credit_state_merge';

CREATE TYPE @extschema@.roll_rate AS (
    from_cycle pg_catalog.int4, accounts pg_catalog.int8, balance pg_catalog.numeric,
    rolled_forward pg_catalog.numeric, stayed pg_catalog.numeric, cured pg_catalog.numeric);
COMMENT ON TYPE @extschema@.roll_rate IS
'roll rates of one starting delinquency cycle: accounts, balance, and the shares of the balance that rolled forward, stayed or cured (moved to a lower cycle)';
CREATE FUNCTION @extschema@.roll_rate_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_roll_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.roll_rate_final(@extschema@.credit_state)
RETURNS @extschema@.roll_rate[]
AS 'MODULE_PATHNAME', 'cs_roll_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.roll_rate_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'aggregate transition function of roll_rate';
COMMENT ON FUNCTION @extschema@.roll_rate_final(@extschema@.credit_state) IS
'roll rates from a roll state, one element per starting cycle';
CREATE AGGREGATE @extschema@.roll_rate(from_cycle pg_catalog.int4, to_cycle pg_catalog.int4, balance pg_catalog.numeric) (
    SFUNC = @extschema@.roll_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.roll_rate_final,
    INITCOND = 'v1;roll', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.roll_state(from_cycle pg_catalog.int4, to_cycle pg_catalog.int4, balance pg_catalog.numeric) (
    SFUNC = @extschema@.roll_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;roll', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.roll_rate(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'roll rates between two snapshots: per starting delinquency cycle (0..7), the balance shares that rolled forward, stayed or cured';
COMMENT ON AGGREGATE @extschema@.roll_state(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'roll_rate state as a value, to store and merge later with credit_state_merge';

CREATE FUNCTION @extschema@.dso(receivables pg_catalog.numeric, credit_sales pg_catalog.numeric,
    days pg_catalog.int4 DEFAULT 365)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_dso' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dso(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'days sales outstanding: receivables / credit_sales * days; NULL when there were no credit sales';

CREATE FUNCTION @extschema@.cei(beginning_receivables pg_catalog.numeric, credit_sales pg_catalog.numeric,
    ending_receivables pg_catalog.numeric, ending_current_receivables pg_catalog.numeric)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_cei' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cei(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'collection effectiveness index in percent: (begin + sales - end) / (begin + sales - end_current) * 100; NULL when nothing was collectible';

--------------------------------------------------------------------------
-- Loyalty (src/loyalty.c)
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_score(tenure_days pg_catalog.int4, trades_per_year pg_catalog.numeric,
    discount_rate pg_catalog.numeric, referrals pg_catalog.int4, new_products pg_catalog.int4 DEFAULT 0,
    weights pg_catalog.float8[] DEFAULT '{0.30,0.25,0.20,0.15,0.10}')
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_loyalty_score' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8[]) IS
'loyalty index 0-100: weighted saturating transforms of tenure (10 years), trades per year (log, 250), 1 - discount, referrals r/(r+2), new products n/(n+2)';

CREATE TYPE @extschema@.loyalty_tier AS ENUM ('low', 'medium', 'high');
COMMENT ON TYPE @extschema@.loyalty_tier IS 'loyalty by percentile: high (top 20% by default), medium (next 30%), low (rest)';

CREATE FUNCTION @extschema@.loyalty_tier(score pg_catalog.numeric, high_share pg_catalog.float8 DEFAULT 0.2,
    medium_share pg_catalog.float8 DEFAULT 0.3)
RETURNS @extschema@.loyalty_tier
AS 'MODULE_PATHNAME', 'cs_loyalty_tier_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_tier(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS
'window: loyalty tier by score percentile, high = top high_share, medium = next medium_share, low = rest; ties share the better tier';

--------------------------------------------------------------------------
-- Trading behaviour and RFM (src/classes.c, holding.c, rfm.c)
--------------------------------------------------------------------------

CREATE TYPE @extschema@.holding_style AS ENUM ('short_term', 'mid_term', 'long_term');
COMMENT ON TYPE @extschema@.holding_style IS 'holding style by average holding period: short_term (< 2 months), mid_term, long_term (6 months and more)';

CREATE FUNCTION @extschema@.holding_style(avg_holding_days pg_catalog.numeric,
    boundaries pg_catalog.int4[] DEFAULT '{60,180}')
RETURNS @extschema@.holding_style
AS 'MODULE_PATHNAME', 'cs_holding_style' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.holding_style(pg_catalog.numeric, pg_catalog.int4[]) IS
'holding style: short_term below boundaries[1] days, mid_term below boundaries[2], long_term from boundaries[2] on (width_bucket rule)';

CREATE FUNCTION @extschema@.holding_class(avg_holding_days pg_catalog.numeric, boundaries pg_catalog.int4[],
    labels pg_catalog.text[])
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_holding_class' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.holding_class(pg_catalog.numeric, pg_catalog.int4[], pg_catalog.text[]) IS
'finer holding classes: labels[k + 1] where k = the number of boundaries <= avg_holding_days, e.g. day/week/month/quarter/half_year/year';

CREATE FUNCTION @extschema@.avg_holding_add(pg_catalog.int8[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cs_holding_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.avg_holding_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cs_holding_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.avg_holding_final(pg_catalog.int8[])
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_holding_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_holding_add(pg_catalog.int8[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS 'aggregate transition function of avg_holding_days';
COMMENT ON FUNCTION @extschema@.avg_holding_combine(pg_catalog.int8[], pg_catalog.int8[]) IS 'aggregate combine function of avg_holding_days';
COMMENT ON FUNCTION @extschema@.avg_holding_final(pg_catalog.int8[]) IS 'average holding days from a holding state';
CREATE AGGREGATE @extschema@.avg_holding_days(trade_value pg_catalog.numeric, avg_assets pg_catalog.numeric,
    period_days pg_catalog.int4) (
    SFUNC = @extschema@.avg_holding_add, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine, FINALFUNC = @extschema@.avg_holding_final,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.holding_state(trade_value pg_catalog.numeric, avg_assets pg_catalog.numeric,
    period_days pg_catalog.int4) (
    SFUNC = @extschema@.avg_holding_add, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.holding_state_merge(pg_catalog.int8[]) (
    SFUNC = @extschema@.avg_holding_combine, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.avg_holding_days(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'average holding period from turnover: avg_assets * period_days / (sum |trade_value| / 2); NULL without trades';
COMMENT ON AGGREGATE @extschema@.holding_state(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'avg_holding_days state as a value (int8[]: version, trades, traded * 10^4, assets * 10^4, period_days, scale)';
COMMENT ON AGGREGATE @extschema@.holding_state_merge(pg_catalog.int8[]) IS
'merge stored holding states; read with avg_holding_final()';

CREATE TYPE @extschema@.risk_appetite AS ENUM ('conservative', 'balanced', 'aggressive');
COMMENT ON TYPE @extschema@.risk_appetite IS 'risk appetite: conservative, balanced, aggressive';

CREATE FUNCTION @extschema@.risk_appetite(risky_share pg_catalog.numeric,
    boundaries pg_catalog.numeric[] DEFAULT '{0.3,0.7}')
RETURNS @extschema@.risk_appetite
AS 'MODULE_PATHNAME', 'cs_risk_appetite' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_appetite(pg_catalog.numeric, pg_catalog.numeric[]) IS
'risk appetite from the share of the portfolio in high-risk products (or a questionnaire score with your boundaries): conservative below boundaries[1], balanced below boundaries[2], aggressive from it on';

CREATE FUNCTION @extschema@.is_dormant(last_trade pg_catalog.date, as_of pg_catalog.date,
    days pg_catalog.int4 DEFAULT 180)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'cs_is_dormant' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_dormant(pg_catalog.date, pg_catalog.date, pg_catalog.int4) IS
'true when the last trade is more than days before as_of, or there was none (NULL last_trade); NULL as_of gives NULL';

CREATE FUNCTION @extschema@.rfm_score(recency_days pg_catalog.int4, frequency pg_catalog.numeric,
    monetary pg_catalog.numeric)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_rfm_score_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric) IS
'window: RFM score, three digits 1-5 by quintile as ntile(5) gives them (recency: fewer days is better); ties share the better quintile; NULL measures give NULL';

CREATE TYPE @extschema@.rfm_segment AS ENUM ('champions', 'loyal', 'potential_loyalist', 'new_customer',
    'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose_them', 'hibernating', 'lost');
COMMENT ON TYPE @extschema@.rfm_segment IS 'RFM segments from the recency score and the rounded-up mean of the frequency and monetary scores';

CREATE FUNCTION @extschema@.rfm_segment(score pg_catalog.text)
RETURNS @extschema@.rfm_segment
AS 'MODULE_PATHNAME', 'cs_rfm_segment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_segment(pg_catalog.text) IS
'RFM segment of a score such as ''545'' (see the README grid)';
