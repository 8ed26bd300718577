/*
 * holding.c
 *	  The avg_holding_days aggregate: how long a customer holds assets,
 *	  estimated from turnover (average assets x period days / half the
 *	  traded value), with an int8[] state that parallel query and other
 *	  engines can split and merge.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* ---------------------------------------------------------------------
 * avg_holding_days(trade_value, avg_assets, period_days): from turnover
 * --------------------------------------------------------------------- */

/* int8[] state slots, updated in place like int8_avg_accum's */
enum
{
	H_VERSION,					/* 1 */
	H_TRADES,					/* rows */
	H_TRADED,					/* sum of |trade_value| * 10^4 */
	H_ASSETS,					/* avg_assets * 10^4, -1 until known */
	H_DAYS,						/* period_days, 0 until known */
	H_DSCALE,
	H_NSLOTS
};

/*
 * Whether the slots are a state the aggregate can build: counts and sums
 * not negative, the scale a numeric display scale, sums with no more
 * decimals than it (else they would be rounded when read), and the assets
 * and period either both unknown (no trade yet) or both set.
 */
static bool
holding_state_valid(const int64 *s)
{
	if (s[H_VERSION] != 1 || s[H_TRADES] < 0 || s[H_TRADED] < 0 ||
		s[H_DSCALE] < 0 || s[H_DSCALE] > CS_NUMERIC_DSCALE_MAX ||
		!cs_key_fits_scale(s[H_TRADED], (int) s[H_DSCALE]))
		return false;
	if (s[H_DAYS] == 0)
		return s[H_ASSETS] == -1 && s[H_TRADES] == 0 && s[H_TRADED] == 0;
	return s[H_DAYS] >= 1 && s[H_DAYS] <= PG_INT32_MAX && s[H_ASSETS] >= 0 &&
		cs_key_fits_scale(s[H_ASSETS], (int) s[H_DSCALE]);
}

/*
 * The int8[] state argument argno: in place inside an aggregate when
 * writable, else a copy (a state passed by hand is never modified).  *slots
 * gets its data.
 */
static ArrayType *
holding_state(FunctionCallInfo fcinfo, int argno, bool writable, int64 **slots)
{
	ArrayType  *arr;

	cs_check_state_arg(fcinfo, argno, "of avg_holding_days");
	if (writable && AggCheckCallContext(fcinfo, NULL))
		arr = PG_GETARG_ARRAYTYPE_P(argno);
	else
		arr = PG_GETARG_ARRAYTYPE_P_COPY(argno);
	if (ARR_NDIM(arr) != 1 || ARR_DIMS(arr)[0] != H_NSLOTS || ARR_HASNULL(arr) ||
		ARR_ELEMTYPE(arr) != INT8OID || !holding_state_valid((int64 *) ARR_DATA_PTR(arr)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid avg_holding_days state"),
				 errdetail("The state is %s.", cs_array_text(PointerGetDatum(arr))),
				 errhint("Pass a state built by avg_holding_days_partial().")));
	*slots = (int64 *) ARR_DATA_PTR(arr);
	return arr;
}

static void
holding_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("avg_holding_days sum out of range"),
			 errhint("Sums are exact to 0.0001 up to 922337203685477; aggregate smaller groups.")));
}

static void
holding_set_params(int64 *s, int64 assets, int64 days)
{
	if (s[H_DAYS] == 0)
	{
		s[H_ASSETS] = assets;
		s[H_DAYS] = days;
	}
	else if (s[H_ASSETS] != assets || s[H_DAYS] != days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_assets and period_days must be the same for every row of a customer"),
				 errdetail("A row has avg_assets %s and period_days %lld, an earlier row %s and %lld.",
						   cs_numeric_text(cs_key_to_numeric(assets, CS_NUMERIC_KEY_SCALE)), (long long) days,
						   cs_numeric_text(cs_key_to_numeric(s[H_ASSETS], CS_NUMERIC_KEY_SCALE)), (long long) s[H_DAYS]),
				 errhint("Join the customer's average assets to each of the customer's trades.")));
}

/* the state's dscale slot is an int64 (validated to a numeric display scale) */
static int64
money_key(Datum d, int64 *dscale, const char *what)
{
	int32		scale = (int32) *dscale;
	int64		key = cs_sum_key(d, what, &scale);

	*dscale = scale;
	return key;
}

PG_FUNCTION_INFO_V1(cs_holding_add);
Datum
cs_holding_add(PG_FUNCTION_ARGS)
{
	int64	   *s;
	ArrayType  *arr = holding_state(fcinfo, 0, true, &s);
	int64		v,
				assets;
	int32		days;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_ARRAYTYPE_P(arr);	/* a row without a value is no trade */
	days = PG_GETARG_INT32(3);
	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_days must be at least 1, not %d", days),
				 errhint("Pass the days the trades cover, e.g. 365.")));
	assets = money_key(PG_GETARG_DATUM(2), &s[H_DSCALE], "avg_assets");
	if (assets < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_assets must not be negative"),
				 errdetail("avg_assets is %s.", cs_numeric_text(PG_GETARG_DATUM(2))),
				 errhint("Pass the customer's average assets over the period.")));
	holding_set_params(s, assets, days);
	v = money_key(PG_GETARG_DATUM(1), &s[H_DSCALE], "trade_value");
	if (pg_add_s64_overflow(s[H_TRADED], v < 0 ? -v : v, &s[H_TRADED]) ||
		pg_add_s64_overflow(s[H_TRADES], 1, &s[H_TRADES]))
		holding_overflow();
	/* the array updated: the argument itself inside an aggregate, else a copy */
	PG_RETURN_ARRAYTYPE_P(arr);
}

PG_FUNCTION_INFO_V1(cs_holding_combine);
Datum
cs_holding_combine(PG_FUNCTION_ARGS)
{
	int64	   *s,
			   *o;
	ArrayType  *arr = holding_state(fcinfo, 0, true, &s);

	holding_state(fcinfo, 1, false, &o);
	if (o[H_DAYS] != 0)
		holding_set_params(s, o[H_ASSETS], o[H_DAYS]);
	if (pg_add_s64_overflow(s[H_TRADED], o[H_TRADED], &s[H_TRADED]) ||
		pg_add_s64_overflow(s[H_TRADES], o[H_TRADES], &s[H_TRADES]))
		holding_overflow();
	s[H_DSCALE] = Max(s[H_DSCALE], o[H_DSCALE]);
	PG_RETURN_ARRAYTYPE_P(arr);
}

/*
 * avg_assets * period_days / (sum |trade_value| / 2): the period over the
 * turnover, half of the value bought and sold being the value turned over.
 * NULL when nothing was traded.
 */
PG_FUNCTION_INFO_V1(cs_holding_final);
Datum
cs_holding_final(PG_FUNCTION_ARGS)
{
	int64	   *s;
	Datum		num;

	holding_state(fcinfo, 0, false, &s);
	if (s[H_TRADED] == 0)
		PG_RETURN_NULL();
	num = DirectFunctionCall2(numeric_mul,
							  DirectFunctionCall2(numeric_mul, cs_key_to_numeric(s[H_ASSETS], (int) s[H_DSCALE]),
												  NumericGetDatum(int64_to_numeric(s[H_DAYS]))),
							  NumericGetDatum(int64_to_numeric(2)));
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div, num, cs_key_to_numeric(s[H_TRADED], (int) s[H_DSCALE])));
}


/*
 * holding_days(traded, avg_assets, period_days): avg_holding_days for a
 * customer whose trades are already summed, traded being the sum of their
 * absolute values (sum(abs(trade_value))).  The same rule and the same
 * checks as the aggregate, the same numeric result (the scale of the
 * division is that of the aggregate: the larger of the two inputs'
 * scales), so that a query can sum the trades of every customer alone and
 * apply the rule once per customer instead of joining the customer's
 * assets to every trade.  STRICT: a NULL argument gives NULL.
 */
PG_FUNCTION_INFO_V1(cs_holding_days);
Datum
cs_holding_days(PG_FUNCTION_ARGS)
{
	int32		days = PG_GETARG_INT32(2);
	int64		dscale = 0,
				assets,
				traded;
	Datum		num;

	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_days must be at least 1, not %d", days),
				 errhint("Pass the days the trades cover, e.g. 365.")));
	assets = money_key(PG_GETARG_DATUM(1), &dscale, "avg_assets");
	if (assets < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_assets must not be negative"),
				 errdetail("avg_assets is %s.", cs_numeric_text(PG_GETARG_DATUM(1))),
				 errhint("Pass the customer's average assets over the period.")));
	traded = money_key(PG_GETARG_DATUM(0), &dscale, "traded");
	if (traded < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("traded must not be negative"),
				 errdetail("traded is %s.", cs_numeric_text(PG_GETARG_DATUM(0))),
				 errhint("Pass the sum of the absolute trade values, sum(abs(amount)).")));
	if (traded == 0)
		PG_RETURN_NULL();
	num = DirectFunctionCall2(numeric_mul,
							  DirectFunctionCall2(numeric_mul, cs_key_to_numeric(assets, (int) dscale),
												  NumericGetDatum(int64_to_numeric(days))),
							  NumericGetDatum(int64_to_numeric(2)));
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div, num, cs_key_to_numeric(traded, (int) dscale)));
}
