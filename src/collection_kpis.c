/*
 * collection_kpis.c
 *	  Collection KPIs: the recovery_rate and roll_rate aggregates (state:
 *	  credit_state), and the dso and cei formulas.  Each formula is written
 *	  out in the README's reference.
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
 * roll_rate(from_cycle, to_cycle, balance)
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

/*
 * A cell already in the state is updated in place.  A new one needs a
 * state one cell bigger: it is built here and returned, and nodeAgg copies
 * it into the aggregate's context and frees the old one.  At most 64 cells,
 * so a group is copied at most 64 times, and one of a few (from, to) pairs
 * costs a few dozen bytes, not a whole 8 x 8 matrix.
 */
PG_FUNCTION_INFO_V1(cs_roll_add);
Datum
cs_roll_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL);
	int			f = check_cycle(PG_GETARG_INT32(1), "from_cycle");
	int			t = check_cycle(PG_GETARG_INT32(2), "to_cycle");
	int64		key = nonnegative_key(s, PG_GETARG_DATUM(3), "balance");
	int64		cell = f * NUM_CYCLES + t;
	int			n = ROLL_CELLS(s),
				i = 0,
				step;
	CreditState *r;

	/*
	 * i = the number of cells below cell: a binary search without branches
	 * on the data (steps 64, 32, ..., 1 reach any i in 0..64), since
	 * consecutive rows rarely hit the same cell
	 */
	for (step = ROLL_NCELLS; step > 0; step /= 2)
		i += (i + step <= n && ROLL_CELL(s, i + step - 1) < cell) ? step : 0;
	if (i < n && ROLL_CELL(s, i) == cell)
	{
		credit_add(&ROLL_SUM(s, i), key);
		credit_add(&ROLL_COUNT(s, i), 1);
		PG_RETURN_POINTER(s);
	}
	r = credit_state_alloc(KIND_ROLL, (n + 1) * ROLL_CELL_SLOTS, s->dscale);
	memcpy(&ROLL_CELL(r, 0), &ROLL_CELL(s, 0), i * ROLL_CELL_SLOTS * sizeof(int64));
	ROLL_CELL(r, i) = cell;
	ROLL_SUM(r, i) = key;
	ROLL_COUNT(r, i) = 1;
	memcpy(&ROLL_CELL(r, i + 1), &ROLL_CELL(s, i), (n - i) * ROLL_CELL_SLOTS * sizeof(int64));
	PG_RETURN_POINTER(r);
}

/* roll_rate[]: one row per starting cycle that has accounts */
PG_FUNCTION_INFO_V1(cs_roll_final);
Datum
cs_roll_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL);
	Oid			elemtype;
	TupleDesc	tupdesc;
	Datum		rows[NUM_CYCLES];
	int			nrows = 0,
				i;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	/* the result type is roll_rate[]; its element type names the composite */
	if (get_call_result_type(fcinfo, &elemtype, NULL) != TYPEFUNC_SCALAR)
		elog(ERROR, "roll_rate must return an array");
	elemtype = get_element_type(elemtype);
	tupdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(elemtype, -1));

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
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(rows, nrows, elemtype, typlen, typbyval, typalign));
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

/* dso(receivables, credit_sales, days) = receivables / credit_sales * days */
PG_FUNCTION_INFO_V1(cs_dso);
Datum
cs_dso(PG_FUNCTION_ARGS)
{
	Numeric		receivables = kpi_amount(fcinfo, 0, "receivables");
	Numeric		sales = kpi_amount(fcinfo, 1, "credit_sales");
	int32		days = PG_GETARG_INT32(2);

	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the days of the period the credit sales cover, e.g. 365 or 90.")));
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
