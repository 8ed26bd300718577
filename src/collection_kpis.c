/*
 * collection_kpis.c
 *	  Collection KPIs: the recovery_rate, cycle_migration, roll_rate and
 *	  dso_countback aggregates (state: credit_state), and the dso and cei
 *	  formulas.  Each formula is written out in docs/credit.md.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"
#include "credit_state.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

/* ---------------------------------------------------------------------
 * recovery_rate(recovered, overdue_at_start)
 * --------------------------------------------------------------------- */

static int64
nonnegative_key(CreditState *s, Datum amount, const char *what)
{
	int64		key = cs_sum_key(amount, what, &s->dscale);

	if (key < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errdetail("%s is %s.", what, cs_numeric_text(amount)),
				 errhint("Pass balances and recoveries as amounts >= 0.")));
	return key;
}

/*
 * NULLs (since 0.3.0 the SQL function is not STRICT; 0.2.0's STRICT one
 * never passes a NULL here): a NULL recovered is nothing recovered, as a
 * LEFT JOIN of the overdue accounts to their recoveries gives for an account
 * that paid nothing; a NULL overdue_at_start is no account, and the row is
 * skipped.
 */
PG_FUNCTION_INFO_V1(cs_recovery_add);
Datum
cs_recovery_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_RECOVERY);

	if (PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	if (!PG_ARGISNULL(1))
		credit_add(&s->slots[R_RECOVERED], nonnegative_key(s, PG_GETARG_DATUM(1), "recovered"));
	credit_add(&s->slots[R_START], nonnegative_key(s, PG_GETARG_DATUM(2), "overdue_at_start"));
	credit_add(&s->slots[R_COUNT], 1);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_recovery_final);
Datum
cs_recovery_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_RECOVERY);
	bool		isnull;
	Datum		r = credit_key_ratio(cs_key_to_numeric(s->slots[R_RECOVERED], s->dscale), s->slots[R_START], s->dscale, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

/* ---------------------------------------------------------------------
 * cycle_migration(from_cycle, to_cycle, balance): roll_rate in 0.2.0
 * --------------------------------------------------------------------- */

static int
check_cycle(int32 c, const char *what)
{
	if (c < 0 || c >= NUM_CYCLES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %d is not a delinquency cycle 0..7", what, c),
				 errhint("Compute cycles with delinquency_cycle(days_past_due).")));
	return c;
}

PG_FUNCTION_INFO_V1(cs_roll_add);
Datum
cs_roll_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL);
	int			f = check_cycle(PG_GETARG_INT32(1), "from_cycle");
	int			t = check_cycle(PG_GETARG_INT32(2), "to_cycle");
	int64		key = nonnegative_key(s, PG_GETARG_DATUM(3), "balance");

	PG_RETURN_POINTER(credit_cell_add(s, f * NUM_CYCLES + t, key));
}

/*
 * The final functions return an array of a composite (cycle_migration_row[],
 * roll_rate_row[]): the row descriptor of its element type, found from the
 * function's result type (so a renamed type keeps working).
 */
static TupleDesc
row_array_tupdesc(FunctionCallInfo fcinfo, Oid *elemtype)
{
	if (get_call_result_type(fcinfo, elemtype, NULL) != TYPEFUNC_SCALAR ||
		!OidIsValid(*elemtype = get_element_type(*elemtype)))
		elog(ERROR, "function must return an array of rows");
	return BlessTupleDesc(lookup_rowtype_tupdesc_copy(*elemtype, -1));
}

static Datum
row_array(Datum *rows, int nrows, Oid elemtype)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;

	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(rows, nrows, elemtype, typlen, typbyval, typalign));
}

/* cycle_migration_row[]: one row per starting cycle that has accounts */
PG_FUNCTION_INFO_V1(cs_roll_final);
Datum
cs_roll_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL);
	Oid			elemtype;
	TupleDesc	tupdesc = row_array_tupdesc(fcinfo, &elemtype);
	Datum		rows[NUM_CYCLES];
	int			nrows = 0,
				i;

	/* cells are sorted by from_cycle, then to_cycle: one row per run of f */
	for (i = 0; i < ROLL_CELLS(s);)
	{
		int64		accounts = 0,
					total = 0,
					fwd = 0,
					stay = 0,
					cure = 0;
		int			f = (int) (ROLL_CELL(s, i) / NUM_CYCLES);
		Datum		values[6];
		bool		nulls[6] = {0};

		for (; i < ROLL_CELLS(s) && ROLL_CELL(s, i) / NUM_CYCLES == f; i++)
		{
			int			t = (int) (ROLL_CELL(s, i) % NUM_CYCLES);
			int64		b = ROLL_SUM(s, i);

			CHECK_FOR_INTERRUPTS();
			credit_add(&accounts, ROLL_COUNT(s, i));
			credit_add(&total, b);
			credit_add(t > f ? &fwd : t == f ? &stay : &cure, b);
		}
		values[0] = Int32GetDatum(f);
		values[1] = Int64GetDatum(accounts);
		values[2] = cs_key_to_numeric(total, s->dscale);
		values[3] = credit_key_ratio(cs_key_to_numeric(fwd, s->dscale), total, s->dscale, &nulls[3]);
		values[4] = credit_key_ratio(cs_key_to_numeric(stay, s->dscale), total, s->dscale, &nulls[4]);
		values[5] = credit_key_ratio(cs_key_to_numeric(cure, s->dscale), total, s->dscale, &nulls[5]);
		rows[nrows++] = HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
	}
	return row_array(rows, nrows, elemtype);
}

/* ---------------------------------------------------------------------
 * roll_rate(from_bucket, to_bucket, balance, charged_off): the textbook
 * roll rate, with charge-off as the state after the last bucket
 * --------------------------------------------------------------------- */

/*
 * Not strict: a row without a starting bucket (the account was not on the
 * book at the start) or without a balance is skipped; no bucket at the end
 * means paid off (left the book), unless charged_off says it was written
 * off; a NULL charged_off is false.  to_bucket is checked even when the
 * account was charged off, so a wrong bucket never goes unseen.
 */
PG_FUNCTION_INFO_V1(cs_roll_rate_add);
Datum
cs_roll_rate_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL_RATE);
	int			f,
				t;
	int64		key;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(s);
	f = check_cycle(PG_GETARG_INT32(1), "from_bucket");
	t = PG_ARGISNULL(2) ? RR_PAID_OFF : check_cycle(PG_GETARG_INT32(2), "to_bucket");
	if (!PG_ARGISNULL(4) && PG_GETARG_BOOL(4))
		t = RR_CHARGED_OFF;
	key = nonnegative_key(s, PG_GETARG_DATUM(3), "balance");
	PG_RETURN_POINTER(credit_cell_add(s, f * RR_TO_STATES + t, key));
}

/*
 * roll_rate_row[]: one row per starting bucket that has accounts.  The
 * starting balance is split by where it went: cured (a lower bucket),
 * paid_off, stayed, rolled (the next state: bucket f + 1, or charged off
 * from the last bucket) and rolled_further (two buckets or more, or charged
 * off from a bucket below the last); charged_off repeats the part of rolled
 * or rolled_further that was written off.  roll_rate = rolled / balance.
 */
#define RR_NATTS 10

PG_FUNCTION_INFO_V1(cs_roll_rate_final);
Datum
cs_roll_rate_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL_RATE);
	Oid			elemtype;
	TupleDesc	tupdesc = row_array_tupdesc(fcinfo, &elemtype);
	Datum		rows[NUM_CYCLES];
	int			nrows = 0,
				i;

	for (i = 0; i < ROLL_CELLS(s);)
	{
		/* amounts: cured, paid_off, stayed, rolled, rolled_further, charged_off */
		int64		accounts = 0,
					total = 0,
					amounts[6] = {0};
		int			f = (int) (ROLL_CELL(s, i) / RR_TO_STATES),
					k;
		Datum		values[RR_NATTS];
		bool		nulls[RR_NATTS] = {0};

		for (; i < ROLL_CELLS(s) && ROLL_CELL(s, i) / RR_TO_STATES == f; i++)
		{
			int			t = (int) (ROLL_CELL(s, i) % RR_TO_STATES);
			int64		b = ROLL_SUM(s, i);

			CHECK_FOR_INTERRUPTS();
			credit_add(&accounts, ROLL_COUNT(s, i));
			credit_add(&total, b);
			if (t == RR_PAID_OFF)
				credit_add(&amounts[1], b);
			else
			{
				/* charged off: the state after the last bucket */
				int			to = t == RR_CHARGED_OFF ? NUM_CYCLES : t;

				if (t == RR_CHARGED_OFF)
					credit_add(&amounts[5], b);
				credit_add(&amounts[to < f ? 0 : to == f ? 2 : to == f + 1 ? 3 : 4], b);
			}
		}
		values[0] = Int32GetDatum(f);
		values[1] = Int64GetDatum(accounts);
		values[2] = cs_key_to_numeric(total, s->dscale);
		for (k = 0; k < 6; k++)
			values[3 + k] = cs_key_to_numeric(amounts[k], s->dscale);
		values[9] = credit_key_ratio(values[6], total, s->dscale, &nulls[9]);
		rows[nrows++] = HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
	}
	return row_array(rows, nrows, elemtype);
}

/*
 * roll_rate_flow(rates roll_rate_row[], from_bucket): the product of the
 * roll rates of buckets from_bucket..7, the share of a balance in
 * from_bucket that reaches charge-off if the rates hold (the flow rate of
 * loss forecasts).  NULL when a bucket on the way has no rate.  The product
 * is exact, then rounded once to the largest scale of its factors.  Not
 * STRICT since 0.3.1: a NULL from_bucket is its default 0, NULL rates give
 * NULL (the API contract's rule for NULLs).
 */
PG_FUNCTION_INFO_V1(cs_roll_rate_flow);
Datum
cs_roll_rate_flow(PG_FUNCTION_ARGS)
{
	ArrayType  *arr;
	int32		from = PG_ARGISNULL(1) ? 0 : check_cycle(PG_GETARG_INT32(1), "from_bucket");
	bool		seen[NUM_CYCLES] = {0};
	Datum	   *elems;
	bool	   *elnulls;
	int			n,
				i,
				b,
				scale = 0;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Numeric		rates[NUM_CYCLES] = {0};
	Numeric		product;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	arr = PG_GETARG_ARRAYTYPE_P(0);
	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &elnulls, &n);
	for (i = 0; i < n; i++)
	{
		HeapTupleHeader row;
		bool		isnull;
		Datum		bucket,
					rate;
		int32		k;

		CHECK_FOR_INTERRUPTS();
		if (elnulls[i])
			continue;
		row = DatumGetHeapTupleHeader(elems[i]);
		bucket = GetAttributeByNum(row, 1, &isnull);
		if (isnull)
			continue;
		k = check_cycle(DatumGetInt32(bucket), "from_bucket of a roll_rate_row");
		/* a bucket seen before, with a rate or without one (NULL) */
		if (seen[k])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bucket %d appears twice among the roll rates", k),
					 errdetail("Element %d gives from_bucket %d again.", i + 1, k),
					 errhint("Pass the array one roll_rate() call returns, one element per starting bucket.")));
		seen[k] = true;
		rate = GetAttributeByNum(row, 10, &isnull);
		if (isnull)
			continue;
		rates[k] = DatumGetNumeric(rate);
		cs_check_money(rates[k], "roll_rate");
		if (cs_numeric_sign(rates[k]) < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("roll rate of bucket %d must not be negative", k),
					 errdetail("The roll rate of bucket %d is %s.", k, cs_numeric_text(NumericGetDatum(rates[k]))),
					 errhint("Pass the array one roll_rate() call returns.")));
	}
	product = NULL;
	for (b = from; b < NUM_CYCLES; b++)
	{
		if (rates[b] == NULL)
			PG_RETURN_NULL();
		scale = Max(scale, (int) DatumGetInt32(DirectFunctionCall1(numeric_scale, NumericGetDatum(rates[b]))));
		product = product == NULL ? rates[b] : cs_numeric_mul(product, rates[b]);
	}
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_round, NumericGetDatum(product), Int32GetDatum(scale)));
}

/* ---------------------------------------------------------------------
 * DSO and CEI
 * --------------------------------------------------------------------- */

static Numeric
kpi_amount(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Numeric		n = PG_GETARG_NUMERIC(argno);

	cs_check_money(n, what);
	if (cs_numeric_sign(n) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errdetail("%s is %s.", what, cs_numeric_text(NumericGetDatum(n))),
				 errhint("Receivables and sales are balances >= 0 for the period.")));
	return n;
}

/*
 * dso(receivables, credit_sales, days) = receivables / credit_sales * days.
 * Not STRICT since 0.3.1: a NULL days is its default 365; a NULL amount
 * gives NULL (days is checked first, so a bad one fails on every row).
 */
PG_FUNCTION_INFO_V1(cs_dso);
Datum
cs_dso(PG_FUNCTION_ARGS)
{
	Numeric		receivables,
				sales;
	int32		days = PG_ARGISNULL(2) ? 365 : PG_GETARG_INT32(2);

	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the days of the period the credit sales cover, e.g. 365 or 90.")));
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	receivables = kpi_amount(fcinfo, 0, "receivables");
	sales = kpi_amount(fcinfo, 1, "credit_sales");
	if (cs_numeric_sign(sales) == 0)
		PG_RETURN_NULL();
	/* multiplied first, so the one division rounds the result */
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										NumericGetDatum(cs_numeric_mul(receivables, int64_to_numeric(days))),
										NumericGetDatum(sales)));
}

/*
 * cei(beginning_receivables, credit_sales, ending_receivables,
 * ending_current_receivables) =
 *	(begin + sales - end) / (begin + sales - end_current) * 100
 */
PG_FUNCTION_INFO_V1(cs_cei);
Datum
cs_cei(PG_FUNCTION_ARGS)
{
	Numeric		begin = kpi_amount(fcinfo, 0, "beginning_receivables");
	Numeric		sales = kpi_amount(fcinfo, 1, "credit_sales");
	Numeric		end = kpi_amount(fcinfo, 2, "ending_receivables");
	Numeric		current = kpi_amount(fcinfo, 3, "ending_current_receivables");
	Numeric		available = cs_numeric_add(begin, sales);
	Numeric		collectible = cs_numeric_sub(available, current);
	Numeric		collected = cs_numeric_sub(available, end);

	if (cs_numeric_cmp(current, end) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ending_current_receivables must not exceed ending_receivables"),
				 errdetail("ending_current_receivables is %s, ending_receivables %s.",
						   cs_numeric_text(NumericGetDatum(current)), cs_numeric_text(NumericGetDatum(end))),
				 errhint("The current (not yet due) receivables are part of the ending receivables.")));
	if (cs_numeric_sign(collectible) <= 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										NumericGetDatum(cs_numeric_mul(collected, int64_to_numeric(100))),
										NumericGetDatum(collectible)));
}

/* ---------------------------------------------------------------------
 * dso_countback(receivables, credit_sales, days, period_end): the Credit
 * Research Foundation's countback DSO over a series of periods
 * --------------------------------------------------------------------- */

/*
 * Not strict: a row without period_end or days is no period and is skipped;
 * NULL credit_sales are no sales (0); NULL receivables are not known for
 * that period (only the latest period's are used).  The period is appended;
 * the final function sorts and checks the periods.
 */
PG_FUNCTION_INFO_V1(cs_countback_add);
Datum
cs_countback_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_COUNTBACK);
	int64		period[CB_SLOTS];
	int32		days;

	if (PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_POINTER(s);
	days = PG_GETARG_INT32(3);
	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the number of days of the period, e.g. 31 for January.")));
	cs_check_finite_date(PG_GETARG_DATEADT(4), "period_end");
	period[CB_END] = PG_GETARG_DATEADT(4);
	period[CB_DAYS] = days;
	period[CB_SALES] = PG_ARGISNULL(2) ? 0 : nonnegative_key(s, PG_GETARG_DATUM(2), "credit_sales");
	period[CB_RECEIVABLES] = PG_ARGISNULL(1) ? CB_NO_RECEIVABLES :
		nonnegative_key(s, PG_GETARG_DATUM(1), "receivables");
	PG_RETURN_POINTER(credit_slots_append(s, period, CB_SLOTS));
}

static int
countback_cmp(const void *a, const void *b)
{
	int64		x = ((const int64 *) a)[CB_END],
				y = ((const int64 *) b)[CB_END];

	return x < y ? -1 : x > y;
}

/*
 * a period's end in ISO form, whatever DateStyle says (dates in the state
 * are finite), so the message reads the same in every session
 */
static char *
countback_date(int64 d)
{
	int			y,
				m,
				day;

	j2date((int) d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return psprintf("%04d-%02d-%02d", y, m, day);
}

/*
 * Walk back from the latest period: while the receivables left exceed a
 * period's credit sales, subtract them and count all its days; in the
 * period where they no longer do, count days * left / sales and stop.  Days
 * between two periods (no row) count as a period without sales.  NULL when
 * the latest period's receivables are not known, or when they exceed every
 * sale of the series (more history is needed).
 */
PG_FUNCTION_INFO_V1(cs_countback_final);
Datum
cs_countback_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_COUNTBACK);
	int			n = CB_PERIODS(s),
				i;
	int64	   *p;
	int64		left,
				full = 0;

	if (n == 0)
		PG_RETURN_NULL();
	/* sorted by period_end in a copy: the state may be the aggregate's own */
	p = palloc(n * CB_SLOTS * sizeof(int64));
	memcpy(p, s->slots, n * CB_SLOTS * sizeof(int64));
	qsort(p, n, CB_SLOTS * sizeof(int64), countback_cmp);
	for (i = 1; i < n; i++)
	{
		int64	   *prev = &p[(i - 1) * CB_SLOTS],
				   *cur = &p[i * CB_SLOTS];

		CHECK_FOR_INTERRUPTS();
		if (cur[CB_END] == prev[CB_END])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("two periods end on %s", countback_date(cur[CB_END])),
					 errhint("Pass one row per period: sum the credit sales of a period first.")));
		if (cur[CB_END] - cur[CB_DAYS] < prev[CB_END])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the period of " INT64_FORMAT " days ending %s overlaps the period ending %s",
							cur[CB_DAYS], countback_date(cur[CB_END]), countback_date(prev[CB_END])),
					 errhint("A period of d days ending on e covers the days after e - d up to e; periods must not overlap.")));
	}

	left = p[(n - 1) * CB_SLOTS + CB_RECEIVABLES];
	if (left == CB_NO_RECEIVABLES)
		PG_RETURN_NULL();
	if (left == 0)
		PG_RETURN_DATUM(NumericGetDatum(int64_to_numeric(0)));
	for (i = n - 1; i >= 0; i--)
	{
		int64	   *cur = &p[i * CB_SLOTS];

		CHECK_FOR_INTERRUPTS();
		/* the days between this period and the next one: no sales */
		if (i < n - 1)
			full += p[(i + 1) * CB_SLOTS + CB_END] - p[(i + 1) * CB_SLOTS + CB_DAYS] - cur[CB_END];
		if (left > cur[CB_SALES])
		{
			left -= cur[CB_SALES];
			full += cur[CB_DAYS];
			continue;
		}
		/* the last, partial period: one division, rounded as numeric's / */
		{
			Numeric		part = cs_numeric_mul(int64_to_numeric(cur[CB_DAYS]),
											  DatumGetNumeric(cs_key_to_numeric(left, s->dscale)));
			Datum		frac = DirectFunctionCall2(numeric_div, NumericGetDatum(part),
												   cs_key_to_numeric(cur[CB_SALES], s->dscale));

			PG_RETURN_NUMERIC(cs_numeric_add(int64_to_numeric(full), DatumGetNumeric(frac)));
		}
	}
	PG_RETURN_NULL();
}
