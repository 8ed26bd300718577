/*
 * ecl.c
 *	  Expected credit loss on receivables (the simplified approach of IFRS 9
 *	  and CECL): the loss_rates aggregate, historical loss rates per aging
 *	  bucket by the cohort (loss-rate) method, and ecl_allowance, the
 *	  provision matrix applied to an aging.  docs/ecl.md has the rules and
 *	  the worked example.
 *
 * The cohort method: of the invoices whose outcome is known on the as-of
 * date, each paid one reached every aging bucket up to the bucket of its
 * lateness when paid, and each lost one (written off, or still unpaid more
 * than charge_off_days past due) reached every bucket.  The loss rate of a
 * bucket is the lost amount over the amount that reached it.  The state is
 * a credit_state of kind loss_rates (src/credit_state.c): exact sums of
 * amounts paid per bucket, the lost and open amounts and the as-of date.
 * The buckets are aging_profile's default ones, so the rates apply to an
 * aging_profile or aging_bucket_totals of the same book.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"
#include "credit_state.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"

/* ---------------------------------------------------------------------
 * loss_rates(due_date, paid_date, amount, written_off, charge_off_days, as_of)
 * --------------------------------------------------------------------- */

/*
 * Not strict.  A row without a due date or an amount, or with a negative
 * amount (a credit note), is skipped; a NULL paid_date is unpaid, a NULL
 * written_off false, and a NULL charge_off_days means that only
 * written_off decides a loss.  as_of is required.
 */
PG_FUNCTION_INFO_V1(cs_loss_rates_add);
Datum
cs_loss_rates_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_LOSS_RATES);
	DateADT		due,
				as_of;
	int64		key;
	bool		paid,
				lost;

	if (PG_ARGISNULL(6))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errdetail("The as-of date has no default."),
				 errhint("Pass the date the outcomes are judged on, e.g. DATE '2026-06-30'.")));
	as_of = PG_GETARG_DATEADT(6);
	cs_check_finite_date(as_of, "as_of");
	if (!PG_ARGISNULL(5) && PG_GETARG_INT32(5) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("charge_off_days must not be negative, not %d", PG_GETARG_INT32(5)),
				 errhint("An invoice still unpaid more than charge_off_days days past due is lost, e.g. 180.")));
	credit_set_as_of(s, as_of);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(s);
	due = PG_GETARG_DATEADT(1);
	cs_check_finite_date(due, "due_date");
	if (!PG_ARGISNULL(2))
		cs_check_finite_date(PG_GETARG_DATEADT(2), "paid_date");
	key = credit_amount_key(s, PG_GETARG_DATUM(3));
	if (key < 0)
		PG_RETURN_POINTER(s);

	paid = !PG_ARGISNULL(2) && PG_GETARG_DATEADT(2) <= as_of;
	lost = (!PG_ARGISNULL(4) && PG_GETARG_BOOL(4)) ||
		(!paid && !PG_ARGISNULL(5) && (int64) as_of - due > PG_GETARG_INT32(5));
	if (lost)
	{
		credit_add(&s->slots[L_LOST], key);
		credit_add(&s->slots[L_INVOICES], 1);
	}
	else if (paid)
	{
		credit_add(&s->slots[L_PAID + cs_aging_default_bucket(PG_GETARG_DATEADT(2) - due)], key);
		credit_add(&s->slots[L_INVOICES], 1);
	}
	else
	{
		credit_add(&s->slots[L_OPEN], key);
		credit_add(&s->slots[L_OPEN_INVOICES], 1);
	}
	PG_RETURN_POINTER(s);
}

/* a one-dimensional numeric[] of n elements, NULL where nulls[i] */
static Datum
numeric_array(Datum *values, bool *nulls, int n)
{
	int			dims[1] = {n},
				lbs[1] = {1};

	return PointerGetDatum(construct_md_array(values, nulls, 1, dims, lbs, NUMERICOID, -1, false, 'i'));
}

/*
 * loss_rates_row: invoices (outcome known), open_invoices and open_amount
 * (outcome unknown, left out), lost, reached[b] (the lost amount plus what
 * was paid in bucket b or later) and loss_rate[b] = lost / reached[b].
 */
#define LR_NATTS 6

PG_FUNCTION_INFO_V1(cs_loss_rates_final);
Datum
cs_loss_rates_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_LOSS_RATES);
	TupleDesc	tupdesc = cs_result_tupdesc(fcinfo);
	Datum		values[LR_NATTS],
				reached[LOSS_BUCKETS],
				rates[LOSS_BUCKETS];
	bool		nulls[LR_NATTS] = {0},
				rate_nulls[LOSS_BUCKETS] = {0};
	Datum		lost = cs_key_to_numeric(s->slots[L_LOST], s->dscale);
	int64		sum = s->slots[L_LOST];
	int			b;

	/* from the last bucket down: what reached b is what reached b + 1 and what was paid in b */
	for (b = LOSS_BUCKETS - 1; b >= 0; b--)
	{
		credit_add(&sum, s->slots[L_PAID + b]);
		reached[b] = cs_key_to_numeric(sum, s->dscale);
		rates[b] = credit_key_ratio(lost, sum, s->dscale, &rate_nulls[b]);
	}
	values[0] = Int64GetDatum(s->slots[L_INVOICES]);
	values[1] = Int64GetDatum(s->slots[L_OPEN_INVOICES]);
	values[2] = cs_key_to_numeric(s->slots[L_OPEN], s->dscale);
	values[3] = lost;
	values[4] = numeric_array(reached, NULL, LOSS_BUCKETS);
	values[5] = numeric_array(rates, rate_nulls, LOSS_BUCKETS);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---------------------------------------------------------------------
 * ecl_allowance(gross, loss_rates, forward_factors): the provision matrix
 * --------------------------------------------------------------------- */

/* the elements of a one-dimensional numeric[] argument (NULL elements allowed) */
static int
numeric_elements(ArrayType *arr, const char *what, Datum **elems, bool **nulls)
{
	int			n;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a one-dimensional array", what),
				 errdetail("%s is %s.", what, cs_array_text(PointerGetDatum(arr))),
				 errhint("Pass one element per aging bucket, e.g. aging_bucket_totals(...).")));
	deconstruct_array(arr, NUMERICOID, -1, false, 'i', elems, nulls, &n);
	return n;
}

/*
 * ecl_allowance_row: loss_rate[b] (the rate applied: the historical rate
 * times its forward-looking factor, at most 1), allowance[b] = gross[b] *
 * loss_rate[b] rounded once to the cent (or to the gross amounts' scale
 * when larger), gross_total and allowance_total (the sum of the rounded
 * allowances, so that the disclosure adds up).  A bucket with a NULL gross,
 * or a NULL rate and a gross other than 0, has a NULL allowance, and the
 * totals are then NULL.
 */
#define AL_NATTS 4

PG_FUNCTION_INFO_V1(cs_ecl_allowance);
Datum
cs_ecl_allowance(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum	   *gross,
			   *rates,
			   *factors = NULL;
	bool	   *gnulls,
			   *rnulls,
			   *fnulls = NULL;
	int			n,
				nrates,
				nfactors = 0,
				scale = 2,
				b;
	Datum	   *applied,
			   *allowance,
				values[AL_NATTS];
	bool	   *anulls,
			   *alnulls,
				nulls[AL_NATTS] = {0};
	Numeric		one = int64_to_numeric(1),
				gross_total = int64_to_numeric(0),
				allowance_total = int64_to_numeric(0);

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	tupdesc = cs_result_tupdesc(fcinfo);
	n = numeric_elements(PG_GETARG_ARRAYTYPE_P(0), "gross", &gross, &gnulls);
	nrates = numeric_elements(PG_GETARG_ARRAYTYPE_P(1), "loss_rates", &rates, &rnulls);
	if (nrates != n)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gross has %d buckets, loss_rates %d", n, nrates),
				 errdetail("loss_rates is %s.", cs_array_text(PG_GETARG_DATUM(1))),
				 errhint("Pass one loss rate per aging bucket of gross, in the same order.")));
	if (!PG_ARGISNULL(2))
	{
		nfactors = numeric_elements(PG_GETARG_ARRAYTYPE_P(2), "forward_factors", &factors, &fnulls);
		if (nfactors != 1 && nfactors != n)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("forward_factors has %d elements, not 1 or %d", nfactors, n),
					 errdetail("forward_factors is %s.", cs_array_text(PG_GETARG_DATUM(2))),
					 errhint("Pass one factor for every bucket, e.g. '{1.1}', or one per bucket.")));
		for (b = 0; b < nfactors; b++)
		{
			if (fnulls[b])
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("forward_factors[%d] must not be NULL", b + 1),
						 errhint("Write 1 for a bucket whose historical rate needs no adjustment.")));
			cs_check_nonnegative(DatumGetNumeric(factors[b]), "forward factor");
		}
	}
	for (b = 0; b < n; b++)
	{
		CHECK_FOR_INTERRUPTS();
		if (!gnulls[b])
		{
			cs_check_money(DatumGetNumeric(gross[b]), "gross");
			scale = Max(scale, DatumGetInt32(DirectFunctionCall1(numeric_scale, gross[b])));
		}
		if (!rnulls[b])
		{
			char		what[32];

			snprintf(what, sizeof(what), "loss_rates[%d]", b + 1);
			cs_check_rate(DatumGetNumeric(rates[b]), what);
		}
	}

	applied = palloc(n * sizeof(Datum));
	allowance = palloc(n * sizeof(Datum));
	anulls = palloc0(n * sizeof(bool));
	alnulls = palloc0(n * sizeof(bool));
	for (b = 0; b < n; b++)
	{
		Numeric		rate;

		anulls[b] = rnulls[b];
		if (!rnulls[b])
		{
			rate = DatumGetNumeric(rates[b]);
			if (nfactors > 0)
			{
				rate = cs_numeric_mul(rate, DatumGetNumeric(factors[nfactors == 1 ? 0 : b]));
				if (cs_numeric_cmp(rate, one) > 0)
					rate = one;
			}
			applied[b] = NumericGetDatum(rate);
		}
		if (gnulls[b] || (rnulls[b] && cs_numeric_sign(DatumGetNumeric(gross[b])) != 0))
		{
			alnulls[b] = true;
			nulls[2] = nulls[3] = true;
			continue;
		}
		allowance[b] = rnulls[b] ? DirectFunctionCall2(numeric_round, gross[b], Int32GetDatum(scale)) :
			DirectFunctionCall2(numeric_round,
								NumericGetDatum(cs_numeric_mul(DatumGetNumeric(gross[b]), DatumGetNumeric(applied[b]))),
								Int32GetDatum(scale));
		gross_total = cs_numeric_add(gross_total, DatumGetNumeric(gross[b]));
		allowance_total = cs_numeric_add(allowance_total, DatumGetNumeric(allowance[b]));
	}
	values[0] = numeric_array(applied, anulls, n);
	values[1] = numeric_array(allowance, alnulls, n);
	values[2] = nulls[2] ? (Datum) 0 : DirectFunctionCall2(numeric_round, NumericGetDatum(gross_total), Int32GetDatum(scale));
	values[3] = nulls[3] ? (Datum) 0 : NumericGetDatum(allowance_total);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
