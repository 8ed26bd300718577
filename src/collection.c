/*
 * collection.c
 *	  Collection channels and their economics: who works an overdue account
 *	  (collection_channel), what an outside collector charges
 *	  (collection_commission), what a balance is expected to bring in gross
 *	  and net (collection_recovery), which channel brings in the most
 *	  (collection_best_channel), and the workload of a whole book per channel
 *	  (the collection_workload aggregate).  docs/collection.md has the rules
 *	  and their sources; every figure below is a default the caller can
 *	  override.
 *
 * Routing by age.  A creditor's own collection department works in three
 * teams by the age of the debt: team 1 within the first month past due,
 * team 2 in the second and third month, team 3 from there on; what the
 * teams cannot recover goes out to a collection agency, and the oldest (or,
 * with an amount threshold, the largest) debts to a law firm.  The usual
 * description of the teams ("within one month, two to three months, six
 * months and more") leaves two gaps, which are resolved towards the next
 * team: one to two months goes to team 2 (an account that has left team 1
 * is escalated, not parked), three to six months to team 3.  So the default
 * upper bounds in days past due are {30, 90, 365, 730}: team 1 1-30, team 2
 * 31-90, team 3 91-365, agency 366-730, law firm 731 and more.  An account
 * older than the team-3 bound whose amount is at least law_firm_amount goes
 * straight to the law firm.  Not past due (0 days or fewer): no channel.
 *
 * Commission by age.  Outside agencies charge a share of what they
 * recover: about 15% for banks' debts, 8 points more for joint-stock
 * banks, about 30% for debts over a year; 15% to 25% in telecoms, rising
 * with age; 15% to 20% for law firms on property fees.  The presets are
 * schedules of upper bounds in days and rates (bank {365}: 0.15, 0.30;
 * joint_stock_bank {365}: 0.23, 0.38; telecom {90,180}: 0.15, 0.20, 0.25;
 * property {365}: 0.15, 0.20); a caller's schedule replaces them.
 *
 * Expected recovery.  gross = balance * p for a recovery probability p;
 * an outside channel keeps commission = gross * rate; the in-house teams
 * spend calls: one recovered debt costs calls_per_recovery calls (an agent
 * makes about 250 calls a day and recovers about 40 debts a month from
 * some 5,000 calls, so 125 calls a recovery), so an account costs
 * p * calls_per_recovery * cost_per_call.  net = gross - commission - cost.
 *
 * The workload aggregate keeps, per channel, the accounts (int64) and four
 * exact numeric sums: balance, expected recoveries (sum of p), expected
 * gross (sum of balance * p) and commission (sum of balance * p * rate).
 * Probabilities and rates may carry any number of decimals (one minus a
 * loss rate has twenty), so the sums are numeric, not scaled integers: the
 * state (collection_state) is a small flat varlena rebuilt per row, whose
 * size is bounded by the sums' digits, not by the rows.  Calls and
 * agent-months are derived in the final function from the expected
 * recoveries of the in-house channels: calls = recoveries *
 * calls_per_recovery, agent_months = calls / (calls_per_agent_day *
 * working_days).
 */
#include "common.h"
#include "exact.h"
#include "state_io.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

typedef enum Channel
{
	CH_IN_HOUSE_1,
	CH_IN_HOUSE_2,
	CH_IN_HOUSE_3,
	CH_AGENCY,
	CH_LAW_FIRM,
	NUM_CHANNELS
} Channel;

static const char *const channel_labels[NUM_CHANNELS] =
{"in_house_1", "in_house_2", "in_house_3", "agency", "law_firm"};

#define IS_IN_HOUSE(c) ((c) <= CH_IN_HOUSE_3)

/* upper bounds of team 1, team 2, team 3 and the agency, in days past due */
#define NUM_CHANNEL_BOUNDS 4
static const int32 default_channel_bounds[NUM_CHANNEL_BOUNDS] = {30, 90, 365, 730};

#define CHANNEL_HINT "Pass four increasing upper bounds in days past due (team 1, team 2, team 3, agency), e.g. '{30,90,365,730}'."

/* ---------------------------------------------------------------------
 * Routing
 * --------------------------------------------------------------------- */

static void
read_channel_bounds(ArrayType *arr, int32 *bounds)
{
	int			n,
				i;

	if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("channel boundaries must be a one-dimensional int[] without NULLs"),
				 errdetail("The boundaries are %s.", cs_array_text(PointerGetDatum(arr))),
				 errhint(CHANNEL_HINT)));
	n = ArrayGetNItems(ARR_NDIM(arr), ARR_DIMS(arr));
	if (n != NUM_CHANNEL_BOUNDS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("channel boundaries must have %d elements, not %d", NUM_CHANNEL_BOUNDS, n),
				 errdetail("The boundaries are %s.", cs_array_text(PointerGetDatum(arr))),
				 errhint(CHANNEL_HINT)));
	memcpy(bounds, ARR_DATA_PTR(arr), n * sizeof(int32));
	for (i = 0; i < n; i++)
	{
		if (bounds[i] < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("channel boundaries must be at least 1"),
					 errdetail("Bound %d is %d.", i + 1, bounds[i]),
					 errhint("Bounds are days past due; an account 1 day past due is in team 1.")));
		if (i > 0 && bounds[i] <= bounds[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("channel boundaries must be strictly increasing"),
					 errdetail("Bound %d (%d) is not greater than bound %d (%d).", i + 1, bounds[i], i, bounds[i - 1]),
					 errhint(CHANNEL_HINT)));
	}
}

/* per call site: the labels' OIDs and the boundaries last read */
typedef struct ChannelCache
{
	Oid			labels[NUM_CHANNELS];
	bool		set;
	CsArrayCopy arr;
	int32		bounds[NUM_CHANNEL_BOUNDS];
	/* collection_commission's schedule (collection_best_channel uses both) */
	bool		sched_set;
	CsArrayCopy sched_bounds_arr;
	CsArrayCopy sched_rates_arr;
	int			industry;		/* preset in use, -1: the caller's schedule */
	int			nsched;			/* rates */
	int32		sched_bounds[16];
	Datum		sched_rates[17];	/* numerics in fn_mcxt */
} ChannelCache;

/* the boundaries of argument argno (NULL: the defaults) */
static const int32 *
channel_bounds(FunctionCallInfo fcinfo, ChannelCache *c, int argno)
{
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
	{
		if (!c->set || c->arr.bytes != NULL)
		{
			memcpy(c->bounds, default_channel_bounds, sizeof(default_channel_bounds));
			cs_array_forget(&c->arr);
			c->set = true;
		}
	}
	else
	{
		ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(argno);

		if (!cs_array_same(&c->arr, arr))
		{
			read_channel_bounds(arr, c->bounds);
			cs_array_remember(fcinfo, &c->arr, arr);
			c->set = true;
		}
	}
	return c->bounds;
}

/* an optional money argument: NULL when NULL, else checked finite */
static Numeric
money_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Numeric		n;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return NULL;
	n = PG_GETARG_NUMERIC(argno);
	cs_check_money(n, what);
	return n;
}

static Numeric
nonnegative_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Numeric		n;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return NULL;
	n = PG_GETARG_NUMERIC(argno);
	cs_check_nonnegative(n, what, "Pass an amount of money as a non-negative number.");
	return n;
}

/* the channel of dpd >= 1 days past due and an amount (NULL: unknown) */
static Channel
route(int32 dpd, Numeric amount, Numeric law_firm_amount, const int32 *bounds)
{
	if (dpd <= bounds[0])
		return CH_IN_HOUSE_1;
	if (dpd <= bounds[1])
		return CH_IN_HOUSE_2;
	if (dpd <= bounds[2])
		return CH_IN_HOUSE_3;
	if (amount && law_firm_amount && cs_numeric_cmp(amount, law_firm_amount) >= 0)
		return CH_LAW_FIRM;
	if (dpd <= bounds[3])
		return CH_AGENCY;
	return CH_LAW_FIRM;
}

/*
 * collection_channel(days_past_due, amount, boundaries, law_firm_amount):
 * not STRICT, so that NULL options are their defaults and bad options fail
 * on every row; NULL days past due, or not past due, gives NULL.
 */
PG_FUNCTION_INFO_V1(cs_collection_channel);
Datum
cs_collection_channel(PG_FUNCTION_ARGS)
{
	ChannelCache *c = cs_fn_cache(fcinfo, ChannelCache);
	const int32 *bounds = channel_bounds(fcinfo, c, 2);
	Numeric		amount = money_arg(fcinfo, 1, "amount");
	Numeric		law_firm_amount = nonnegative_arg(fcinfo, 3, "law_firm_amount");
	int32		dpd;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	dpd = PG_GETARG_INT32(0);
	if (dpd <= 0)
		PG_RETURN_NULL();
	cs_enum_lookup(fcinfo, c->labels, channel_labels, NUM_CHANNELS);
	PG_RETURN_OID(c->labels[route(dpd, amount, law_firm_amount, bounds)]);
}

/* ---------------------------------------------------------------------
 * Commission schedules
 * --------------------------------------------------------------------- */

typedef struct Preset
{
	const char *name;
	int			nrates;
	int32		bounds[2];
	const char *rates[3];
} Preset;

static const Preset presets[] = {
	{"bank", 2, {365}, {"0.15", "0.30"}},
	{"joint_stock_bank", 2, {365}, {"0.23", "0.38"}},
	{"telecom", 3, {90, 180}, {"0.15", "0.20", "0.25"}},
	{"property", 2, {365}, {"0.15", "0.20"}},
};

#define NUM_PRESETS lengthof(presets)
#define MAX_SCHEDULE 16

/* forgets the rates of the schedule kept */
static void
clear_schedule(ChannelCache *c)
{
	int			i;

	for (i = 0; i < c->nsched; i++)
		if (c->sched_rates[i])
			pfree(DatumGetPointer(c->sched_rates[i]));
	c->nsched = 0;
	c->sched_set = false;
}

static void
set_rate(FunctionCallInfo fcinfo, ChannelCache *c, int i, Datum rate)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

	c->sched_rates[i] = PointerGetDatum(DatumGetNumericCopy(rate));
	MemoryContextSwitchTo(old);
}

/*
 * The schedule of the call: industry (argument ind_arg, NULL: bank), or the
 * caller's upper bounds and rates (arguments bounds_arg and rates_arg; the
 * rates given make it the caller's schedule).
 */
static int
industry_preset(FunctionCallInfo fcinfo, int ind_arg)
{
	char	   *name;
	int			p;

	if (PG_ARGISNULL(ind_arg))
		return 0;
	name = text_to_cstring(PG_GETARG_TEXT_PP(ind_arg));
	for (p = 0; p < (int) NUM_PRESETS; p++)
		if (strcmp(name, presets[p].name) == 0)
			return p;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("industry \"%s\" has no commission preset", cs_echo(name, -1)),
			 errhint("Pass bank, joint_stock_bank, telecom or property, or your own boundaries and commission_rates.")));
	return -1;					/* keep the compiler quiet */
}

static void
commission_schedule(FunctionCallInfo fcinfo, ChannelCache *c, int ind_arg, int bounds_arg, int rates_arg)
{
	int			preset = industry_preset(fcinfo, ind_arg);	/* checked even when unused */

	if (rates_arg >= 0 && !PG_ARGISNULL(rates_arg))
	{
		ArrayType  *rates = PG_GETARG_ARRAYTYPE_P(rates_arg);
		ArrayType  *bounds = PG_ARGISNULL(bounds_arg) ? NULL : PG_GETARG_ARRAYTYPE_P(bounds_arg);
		Datum	   *elems;
		bool	   *nulls;
		int			nrates,
					nbounds,
					i;

		if (c->sched_set && c->industry < 0 && cs_array_same(&c->sched_rates_arr, rates) &&
			(bounds ? cs_array_same(&c->sched_bounds_arr, bounds) : c->sched_bounds_arr.bytes == NULL))
			return;
		if (ARR_NDIM(rates) != 1 || ARR_HASNULL(rates) || ARR_ELEMTYPE(rates) != NUMERICOID ||
			(nrates = ArrayGetNItems(1, ARR_DIMS(rates))) > MAX_SCHEDULE + 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("commission_rates must be a one-dimensional numeric[] of 1 to %d rates without NULLs", MAX_SCHEDULE + 1),
					 errdetail("The rates are %s.", cs_array_text(PointerGetDatum(rates))),
					 errhint("Pass one rate more than boundaries, e.g. boundaries => '{365}', commission_rates => '{0.15,0.30}'.")));
		nbounds = 0;
		if (bounds)
		{
			if (ARR_NDIM(bounds) > 1 || ARR_HASNULL(bounds) || ARR_ELEMTYPE(bounds) != INT4OID)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("commission boundaries must be a one-dimensional int[] without NULLs"),
						 errdetail("The boundaries are %s.", cs_array_text(PointerGetDatum(bounds))),
						 errhint("Pass increasing upper bounds in days past due, e.g. '{365}'.")));
			nbounds = ArrayGetNItems(ARR_NDIM(bounds), ARR_DIMS(bounds));
		}
		if (nbounds != nrates - 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("commission_rates must have one rate more than the boundaries"),
					 errdetail("There are %d boundaries and %d rates.", nbounds, nrates),
					 errhint("Pass one rate more than boundaries, e.g. boundaries => '{365}', commission_rates => '{0.15,0.30}'.")));
		if (nbounds > 0)
			memcpy(c->sched_bounds, ARR_DATA_PTR(bounds), nbounds * sizeof(int32));
		for (i = 0; i < nbounds; i++)
		{
			if (c->sched_bounds[i] < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("commission boundaries must not be negative"),
						 errdetail("Bound %d is %d.", i + 1, c->sched_bounds[i]),
						 errhint("Bounds are days past due, e.g. '{365}'.")));
			if (i > 0 && c->sched_bounds[i] <= c->sched_bounds[i - 1])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("commission boundaries must be strictly increasing"),
						 errdetail("Bound %d (%d) is not greater than bound %d (%d).", i + 1,
								   c->sched_bounds[i], i, c->sched_bounds[i - 1]),
						 errhint("Pass increasing upper bounds in days past due, e.g. '{90,180}'.")));
		}
		deconstruct_array(rates, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &nrates);
		for (i = 0; i < nrates; i++)
			cs_check_rate(DatumGetNumeric(elems[i]), "commission rate");
		clear_schedule(c);
		for (i = 0; i < nrates; i++)
			set_rate(fcinfo, c, i, elems[i]);
		c->nsched = nrates;
		c->industry = -1;
		cs_array_remember(fcinfo, &c->sched_rates_arr, rates);
		if (bounds)
			cs_array_remember(fcinfo, &c->sched_bounds_arr, bounds);
		else
			cs_array_forget(&c->sched_bounds_arr);
		c->sched_set = true;
	}
	else
	{
		int			p = preset;
		int			i;

		if (c->sched_set && c->industry == p)
			return;
		clear_schedule(c);
		c->nsched = presets[p].nrates;
		for (i = 0; i < c->nsched; i++)
			set_rate(fcinfo, c, i, DirectFunctionCall3(numeric_in, CStringGetDatum(presets[p].rates[i]),
													   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		memcpy(c->sched_bounds, presets[p].bounds, (c->nsched - 1) * sizeof(int32));
		c->industry = p;
		c->sched_set = true;
	}
}

static Numeric
schedule_rate(const ChannelCache *c, int32 dpd)
{
	int			i = 0;

	while (i < c->nsched - 1 && dpd > c->sched_bounds[i])
		i++;
	return DatumGetNumeric(c->sched_rates[i]);
}

/* collection_commission(days_past_due, industry, boundaries, commission_rates) */
PG_FUNCTION_INFO_V1(cs_collection_commission);
Datum
cs_collection_commission(PG_FUNCTION_ARGS)
{
	ChannelCache *c = cs_fn_cache(fcinfo, ChannelCache);

	commission_schedule(fcinfo, c, 1, 2, 3);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_NUMERIC(DatumGetNumericCopy(NumericGetDatum(schedule_rate(c, PG_GETARG_INT32(0)))));
}

/* ---------------------------------------------------------------------
 * Expected recovery
 * --------------------------------------------------------------------- */

static Numeric
zero(void)
{
	return int64_to_numeric(0);
}

static Numeric
rate_arg(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Numeric		n;

	if (PG_ARGISNULL(argno))
		return NULL;
	n = PG_GETARG_NUMERIC(argno);
	cs_check_rate(n, what);
	return n;
}

/*
 * collection_recovery(balance, recovery_probability, commission_rate, cost)
 * -> collection_recovery_row (gross, commission, cost, net).  NULL balance
 * or probability: NULL; NULL commission_rate or cost: 0 (their defaults).
 */
PG_FUNCTION_INFO_V1(cs_collection_recovery);
Datum
cs_collection_recovery(PG_FUNCTION_ARGS)
{
	Numeric		rate = rate_arg(fcinfo, 2, "commission_rate");
	Numeric		cost = nonnegative_arg(fcinfo, 3, "cost");
	Numeric		balance = money_arg(fcinfo, 0, "balance");
	Numeric		p = rate_arg(fcinfo, 1, "recovery_probability");
	Numeric		gross,
				commission;
	TupleDesc	tupdesc;
	Datum		values[4];
	bool		nulls[4] = {0};

	if (!balance || !p)
		PG_RETURN_NULL();
	tupdesc = cs_result_tupdesc(fcinfo);
	gross = cs_numeric_mul(balance, p);
	/* a NULL rate is its default 0, and gives the same scale as 0 */
	commission = cs_numeric_mul(gross, rate ? rate : zero());
	if (!cost)
		cost = zero();
	values[0] = NumericGetDatum(gross);
	values[1] = NumericGetDatum(commission);
	values[2] = NumericGetDatum(cost);
	values[3] = NumericGetDatum(cs_numeric_sub(cs_numeric_sub(gross, commission), cost));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

static Numeric
positive_arg(FunctionCallInfo fcinfo, int argno, const char *what, const char *deflt)
{
	Numeric		n;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(deflt),
												   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	n = PG_GETARG_NUMERIC(argno);
	cs_check_money(n, what);
	if (cs_numeric_sign(n) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be positive", what),
				 errdetail("%s is %s.", what, cs_numeric_text(NumericGetDatum(n))),
				 errhint("The default is %s.", deflt)));
	return n;
}

/*
 * collection_best_channel(days_past_due, balance, recovery_probability,
 * cost_per_call, calls_per_recovery, industry, boundaries, law_firm_amount,
 * commission_rate): of the in-house team (the routed one, or team 3 for an
 * account routed outside) and the outside collector (the routed one, or the
 * agency for an account routed in-house), the one with the larger expected
 * net recovery; a tie keeps the routed channel.
 */
PG_FUNCTION_INFO_V1(cs_collection_best_channel);
Datum
cs_collection_best_channel(PG_FUNCTION_ARGS)
{
	ChannelCache *c = cs_fn_cache(fcinfo, ChannelCache);
	const int32 *bounds = channel_bounds(fcinfo, c, 6);
	Numeric		calls = positive_arg(fcinfo, 4, "calls_per_recovery", "125");
	Numeric		law_firm_amount = nonnegative_arg(fcinfo, 7, "law_firm_amount");
	Numeric		rate = rate_arg(fcinfo, 8, "commission_rate");
	Numeric		cost_per_call = nonnegative_arg(fcinfo, 3, "cost_per_call");
	Numeric		balance = money_arg(fcinfo, 1, "balance");
	Numeric		p = rate_arg(fcinfo, 2, "recovery_probability");
	Numeric		gross,
				in_net,
				out_net;
	Channel		routed,
				inside,
				outside;
	int32		dpd;
	int			cmp;

	if (!rate)
		commission_schedule(fcinfo, c, 5, -1, -1);
	if (PG_ARGISNULL(0) || !balance || !p || !cost_per_call)
		PG_RETURN_NULL();
	dpd = PG_GETARG_INT32(0);
	if (dpd <= 0)
		PG_RETURN_NULL();
	cs_enum_lookup(fcinfo, c->labels, channel_labels, NUM_CHANNELS);
	routed = route(dpd, balance, law_firm_amount, bounds);
	inside = IS_IN_HOUSE(routed) ? routed : CH_IN_HOUSE_3;
	outside = IS_IN_HOUSE(routed) ? CH_AGENCY : routed;
	if (!rate)
		rate = schedule_rate(c, dpd);
	gross = cs_numeric_mul(balance, p);
	in_net = cs_numeric_sub(gross, cs_numeric_mul(cs_numeric_mul(p, calls), cost_per_call));
	out_net = cs_numeric_sub(gross, cs_numeric_mul(gross, rate));
	cmp = cs_numeric_cmp(in_net, out_net);
	if (cmp == 0)
		PG_RETURN_OID(c->labels[routed]);
	PG_RETURN_OID(c->labels[cmp > 0 ? inside : outside]);
}

/* ---------------------------------------------------------------------
 * collection_state and the collection_workload aggregate
 * --------------------------------------------------------------------- */

#define WORKLOAD_VERSION 1
#define NUM_SUMS 4				/* balance, recoveries, gross, commission */
#define NUM_CELLS (NUM_CHANNELS * NUM_SUMS)

/*
 * Flat: the header, then NUM_CELLS numerics (4-byte headers), cell channel *
 * NUM_SUMS + sum at data + cell * slot.  Every cell has room for slot
 * bytes, more than its numeric needs, so that inside an aggregate a row
 * can write its new sums in place; a sum that outgrows its slot makes a
 * new state with larger slots.
 */
typedef struct WorkloadState
{
	int32		vl_len_;
	int32		version;
	int32		slot;			/* bytes per cell, a multiple of 4 */
	int32		pad;
	int64		accounts[NUM_CHANNELS];
	char		data[FLEXIBLE_ARRAY_MEMBER];
} WorkloadState;

#define WORKLOAD_MIN_SLOT 40	/* 4 + 2 + 34: a numeric of up to 17 base-10000 digits */
#define WORKLOAD_SLACK 16

typedef struct Workload
{
	int64		accounts[NUM_CHANNELS];
	Numeric		sums[NUM_CELLS];
} Workload;

static const char *const workload_example = "'v1;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0'";

static void
workload_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("collection_workload account count out of range"),
			 errhint("Aggregate smaller groups.")));
}

/* the cells of a flat state, pointing into it */
static void
workload_read(WorkloadState *s, Workload *w)
{
	int			i;

	if (VARSIZE(s) < offsetof(WorkloadState, data))
		cs_bad_state("collection_state", psprintf("It is %u bytes.", (unsigned int) VARSIZE(s)));
	if (s->version != WORKLOAD_VERSION)
		cs_bad_state_version("collection_state", s->version, WORKLOAD_VERSION);
	if (s->slot < VARHDRSZ || s->slot % 4 != 0 ||
		VARSIZE(s) != offsetof(WorkloadState, data) + (Size) s->slot * NUM_CELLS)
		cs_bad_state("collection_state", psprintf("It is %u bytes, with cells of %d bytes.",
												  (unsigned int) VARSIZE(s), (int) s->slot));
	memcpy(w->accounts, s->accounts, sizeof(w->accounts));
	for (i = 0; i < NUM_CELLS; i++)
	{
		char	   *p = s->data + (Size) i * s->slot;

		if (VARATT_IS_SHORT(p) || VARSIZE(p) < VARHDRSZ || VARSIZE(p) > (Size) s->slot)
			cs_bad_state("collection_state", psprintf("Its cell %d is not a number of at most %d bytes.", i, (int) s->slot));
		w->sums[i] = (Numeric) p;
	}
}

static WorkloadState *
workload_write(const Workload *w)
{
	Size		slot = WORKLOAD_MIN_SLOT,
				size;
	WorkloadState *s;
	int			i;

	for (i = 0; i < NUM_CELLS; i++)
		slot = Max(slot, INTALIGN(VARSIZE(w->sums[i]) + WORKLOAD_SLACK));
	size = offsetof(WorkloadState, data) + slot * NUM_CELLS;
	s = palloc0(size);
	SET_VARSIZE(s, size);
	s->version = WORKLOAD_VERSION;
	s->slot = (int32) slot;
	memcpy(s->accounts, w->accounts, sizeof(w->accounts));
	for (i = 0; i < NUM_CELLS; i++)
		memcpy(s->data + i * slot, w->sums[i], VARSIZE(w->sums[i]));
	return s;
}

static WorkloadState *
workload_arg(FunctionCallInfo fcinfo, int argno)
{
	cs_check_state_arg(fcinfo, argno, "collection_state");
	return (WorkloadState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
}

/*
 * collection_workload_add(state, channel, balance, recovery_probability,
 * commission_rate).  Not STRICT: a row with a NULL channel (not past due)
 * or balance is skipped; a NULL probability counts the account and its
 * balance but no expected recovery; a NULL commission_rate is 0.  Inside
 * an aggregate the new sums are written into the state's slots in place;
 * when one does not fit (or outside an aggregate, where the input must not
 * change) a new state is made, which the aggregate keeps while it frees the
 * old one, so memory does not grow with the rows.
 */
PG_FUNCTION_INFO_V1(cs_collection_workload_add);
Datum
cs_collection_workload_add(PG_FUNCTION_ARGS)
{
	ChannelCache *c = cs_fn_cache(fcinfo, ChannelCache);
	WorkloadState *s = workload_arg(fcinfo, 0);
	Numeric		balance,
				p,
				rate;
	Workload	w;
	int			ch,
				base;

	rate = rate_arg(fcinfo, 4, "commission_rate");
	p = rate_arg(fcinfo, 3, "recovery_probability");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	balance = PG_GETARG_NUMERIC(2);
	cs_check_money(balance, "balance");
	ch = cs_enum_index(PG_GETARG_OID(1), c->labels, channel_labels, NUM_CHANNELS);
	workload_read(s, &w);
	base = ch * NUM_SUMS;
	if (pg_add_s64_overflow(w.accounts[ch], 1, &w.accounts[ch]))
		workload_overflow();
	w.sums[base] = cs_numeric_add(w.sums[base], balance);
	if (p)
	{
		Numeric		gross = cs_numeric_mul(balance, p);

		w.sums[base + 1] = cs_numeric_add(w.sums[base + 1], p);
		w.sums[base + 2] = cs_numeric_add(w.sums[base + 2], gross);
		if (rate)
			w.sums[base + 3] = cs_numeric_add(w.sums[base + 3], cs_numeric_mul(gross, rate));
	}
	if (AggCheckCallContext(fcinfo, NULL) && (Pointer) s == DatumGetPointer(PG_GETARG_DATUM(0)))
	{
		int			k;
		bool		fits = true;

		for (k = 0; k < NUM_SUMS; k++)
			fits = fits && VARSIZE(w.sums[base + k]) <= (Size) s->slot;
		if (fits)
		{
			for (k = 0; k < NUM_SUMS; k++)
			{
				char	   *cell = s->data + (Size) (base + k) * s->slot;

				if ((Pointer) w.sums[base + k] != cell)
					memcpy(cell, w.sums[base + k], VARSIZE(w.sums[base + k]));
			}
			s->accounts[ch] = w.accounts[ch];
			PG_RETURN_POINTER(s);
		}
	}
	PG_RETURN_POINTER(workload_write(&w));
}

PG_FUNCTION_INFO_V1(cs_collection_workload_combine);
Datum
cs_collection_workload_combine(PG_FUNCTION_ARGS)
{
	WorkloadState *a = workload_arg(fcinfo, 0);
	WorkloadState *b = workload_arg(fcinfo, 1);
	Workload	wa,
				wb;
	int			i;

	workload_read(a, &wa);
	workload_read(b, &wb);
	for (i = 0; i < NUM_CHANNELS; i++)
		if (pg_add_s64_overflow(wa.accounts[i], wb.accounts[i], &wa.accounts[i]))
			workload_overflow();
	for (i = 0; i < NUM_CELLS; i++)
		wa.sums[i] = cs_numeric_add(wa.sums[i], wb.sums[i]);
	PG_RETURN_POINTER(workload_write(&wa));
}

/*
 * collection_workload_final(state, calls_per_recovery, calls_per_agent_day,
 * working_days, cost_per_call) -> collection_workload_row[], one row per
 * channel in channel order; NULL when no account was aggregated.
 */
PG_FUNCTION_INFO_V1(cs_collection_workload_final);
Datum
cs_collection_workload_final(PG_FUNCTION_ARGS)
{
	WorkloadState *s;
	Numeric		per_recovery = positive_arg(fcinfo, 1, "calls_per_recovery", "125");
	Numeric		per_day = positive_arg(fcinfo, 2, "calls_per_agent_day", "250");
	Numeric		days = positive_arg(fcinfo, 3, "working_days", "20");
	Numeric		cost_per_call = nonnegative_arg(fcinfo, 4, "cost_per_call");
	Numeric		capacity;
	Workload	w;
	Oid			labels[NUM_CHANNELS] = {InvalidOid};
	Oid			elemtype;
	TupleDesc	tupdesc;
	Datum		rows[NUM_CHANNELS];
	int64		total = 0;
	int			i;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = workload_arg(fcinfo, 0);
	workload_read(s, &w);
	for (i = 0; i < NUM_CHANNELS; i++)
		total += w.accounts[i];
	if (total == 0)
		PG_RETURN_NULL();
	if (!cost_per_call)
		cost_per_call = zero();
	capacity = cs_numeric_mul(per_day, days);

	if (get_call_result_type(fcinfo, &elemtype, NULL) != TYPEFUNC_SCALAR ||
		!OidIsValid(elemtype = get_element_type(elemtype)))
		elog(ERROR, "function must return an array of rows");
	tupdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(elemtype, -1));
	/* the labels' type: the row's first column */
	for (i = 0; i < NUM_CHANNELS; i++)
		labels[i] = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(channel_labels[i]),
														 ObjectIdGetDatum(TupleDescAttr(tupdesc, 0)->atttypid)));
	for (i = 0; i < NUM_CHANNELS; i++)
	{
		Datum		values[10];
		bool		nulls[10] = {0};
		Numeric    *sums = &w.sums[i * NUM_SUMS];
		Numeric		calls,
					cost;

		if (IS_IN_HOUSE(i))
			calls = cs_numeric_mul(sums[1], per_recovery);
		else
			calls = zero();
		cost = cs_numeric_mul(calls, cost_per_call);
		values[0] = ObjectIdGetDatum(labels[i]);
		values[1] = Int64GetDatum(w.accounts[i]);
		values[2] = NumericGetDatum(sums[0]);
		values[3] = NumericGetDatum(sums[1]);
		values[4] = NumericGetDatum(sums[2]);
		values[5] = NumericGetDatum(sums[3]);
		values[6] = NumericGetDatum(calls);
		values[7] = DirectFunctionCall2(numeric_div, NumericGetDatum(calls), NumericGetDatum(capacity));
		values[8] = NumericGetDatum(cost);
		values[9] = NumericGetDatum(cs_numeric_sub(cs_numeric_sub(sums[2], sums[3]), cost));
		rows[i] = HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(rows, NUM_CHANNELS, elemtype, typlen, typbyval, typalign));
}

/*
 * Text form: "v1" then per channel ";accounts,balance,recoveries,gross,
 * commission" in channel order, the sums as numeric's own text (exact).
 */
PG_FUNCTION_INFO_V1(cs_collection_state_out);
Datum
cs_collection_state_out(PG_FUNCTION_ARGS)
{
	WorkloadState *s = (WorkloadState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	Workload	w;
	StringInfoData buf;
	int			i,
				k;

	workload_read(s, &w);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", WORKLOAD_VERSION);
	for (i = 0; i < NUM_CHANNELS; i++)
	{
		appendStringInfo(&buf, ";" INT64_FORMAT, w.accounts[i]);
		for (k = 0; k < NUM_SUMS; k++)
			appendStringInfo(&buf, ",%s",
							 DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(w.sums[i * NUM_SUMS + k]))));
	}
	PG_RETURN_CSTRING(buf.data);
}

/*
 * What the aggregate can build: counts not negative; a channel without
 * accounts has zero sums; expected recoveries from 0 to the accounts.
 */
static bool
workload_valid(const Workload *w)
{
	int			i,
				k;

	for (i = 0; i < NUM_CHANNELS; i++)
	{
		Numeric const *sums = &w->sums[i * NUM_SUMS];

		if (w->accounts[i] < 0)
			return false;
		for (k = 0; k < NUM_SUMS; k++)
			if (numeric_is_nan(sums[k]) || numeric_is_inf(sums[k]) ||
				(w->accounts[i] == 0 && cs_numeric_sign(sums[k]) != 0))
				return false;
		if (cs_numeric_sign(sums[1]) < 0 ||
			cs_numeric_cmp(sums[1], int64_to_numeric(w->accounts[i])) > 0)
			return false;
	}
	return true;
}

/* a numeric of the text form: digits, an optional sign and point */
static Numeric
read_numeric(CsStateReader *r)
{
	const char *start = r->p;
	const char *q = r->p;

	if (*q == '-')
		q++;
	while ((*q >= '0' && *q <= '9') || *q == '.')
		q++;
	if (q == start || (q == start + 1 && *start == '-'))
		cs_reader_fail(r, psprintf("Expected a number at character %d.", (int) (start - r->str) + 1));
	r->p = q;
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(pnstrdup(start, q - start)),
											   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

PG_FUNCTION_INFO_V1(cs_collection_state_in);
Datum
cs_collection_state_in(PG_FUNCTION_ARGS)
{
	CsStateReader r;
	Workload	w;
	int			i,
				k;

	cs_reader_init(&r, "collection_state", PG_GETARG_CSTRING(0), workload_example);
	cs_reader_expect(&r, "v1");
	for (i = 0; i < NUM_CHANNELS; i++)
	{
		cs_reader_expect(&r, ";");
		w.accounts[i] = cs_reader_int(&r, 0, PG_INT64_MAX);
		for (k = 0; k < NUM_SUMS; k++)
		{
			cs_reader_expect(&r, ",");
			w.sums[i * NUM_SUMS + k] = read_numeric(&r);
		}
	}
	cs_reader_end(&r, workload_valid(&w));
	PG_RETURN_POINTER(workload_write(&w));
}

PG_FUNCTION_INFO_V1(cs_collection_state_send);
Datum
cs_collection_state_send(PG_FUNCTION_ARGS)
{
	WorkloadState *s = (WorkloadState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	Workload	w;
	StringInfoData buf;
	int			i;

	workload_read(s, &w);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, WORKLOAD_VERSION);
	cs_send_int64s(&buf, w.accounts, NUM_CHANNELS);
	for (i = 0; i < NUM_CELLS; i++)
	{
		bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(w.sums[i])));

		pq_sendint32(&buf, VARSIZE_ANY_EXHDR(b));
		pq_sendbytes(&buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_collection_state_recv);
Datum
cs_collection_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Workload	w;
	int			i;

	if (pq_getmsgint(buf, 4) != WORKLOAD_VERSION)
		cs_bad_state_binary("collection_state");
	cs_recv_int64s(buf, w.accounts, NUM_CHANNELS);
	for (i = 0; i < NUM_CELLS; i++)
	{
		int			len = pq_getmsgint(buf, 4);
		StringInfoData part;
		Numeric		n;

		if (len < 0 || len > buf->len - buf->cursor)
			cs_bad_state_binary("collection_state");
		part.data = (char *) pq_getmsgbytes(buf, len);
		part.len = len;
		part.maxlen = len;
		part.cursor = 0;
		n = DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&part),
												ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
		if (part.cursor != part.len)
			cs_bad_state_binary("collection_state");
		w.sums[i] = n;
	}
	pq_getmsgend(buf);
	if (!workload_valid(&w))
		cs_bad_state_binary("collection_state");
	PG_RETURN_POINTER(workload_write(&w));
}
