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
 * The buckets are aging_profile's default ones, or the caller's boundaries
 * as aging_bucket_totals takes them, so the rates apply to an aging of the
 * same book over the same buckets.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"
#include "credit_state.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"

/* ---------------------------------------------------------------------
 * loss_rates(due_date, paid_date, amount, written_off, charge_off_days, as_of)
 * --------------------------------------------------------------------- */

/* aging_profile's default boundaries, as src/aging.c has them */
static const int32 loss_default_bounds[] = CS_AGING_DEFAULT_BOUNDS;

/*
 * The 0-based bucket of a lateness: the number of bounds below it, counted
 * without a data-dependent branch (the lateness of consecutive rows is
 * random, and a search that stops at the bucket mispredicts often).
 */
static inline int
loss_bucket(int32 late, const int32 *bounds, int nbounds)
{
	int			b = 0,
				k;

	for (k = 0; k < nbounds; k++)
		b += late > bounds[k];
	return b;
}

/*
 * amount * 10^4 as credit_amount_key gives it, the display scale tracked:
 * inline for an in-line numeric below 10^12 with at most 4 decimals (4
 * base-10000 digits up to 10^-4: no overflow), the shared, checked path
 * otherwise (TOASTed, special, larger or finer values, and their errors).
 * The transition's largest cost after the scan was this conversion's calls.
 */
static inline int64
loss_amount_key(CreditState *s, Datum amount)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(amount);
	CsNumericParts p;
	int64		acc = 0;
	int			i;

	/* a TOAST pointer has a 1-byte header too: test external, not short */
	if (unlikely(VARATT_IS_EXTERNAL(v) || VARATT_IS_COMPRESSED(v)))
		return credit_amount_key(s, amount);
	cs_numeric_decode(v, &p);
	if (unlikely(p.special || p.weight > 2 || p.ndigits > p.weight + 2))
		return credit_amount_key(s, amount);
	for (i = 0; i <= p.weight + 1; i++)
		acc = acc * CS_NUMERIC_NBASE + (i < p.ndigits ? cs_numeric_digit(&p, i) : 0);
	if (p.dscale > s->dscale)
		s->dscale = p.dscale;
	return p.negative ? -acc : acc;
}

/*
 * Not strict.  A row without a due date or an amount, or with a negative
 * amount (a credit note), is skipped; a NULL paid_date is unpaid, a NULL
 * written_off false, and a NULL charge_off_days means that only
 * written_off decides a loss.  as_of is required.  bounds: the caller's
 * aging boundaries (state of that layout), or NULL for the defaults.
 */
static inline CreditState *
loss_rates_row(FunctionCallInfo fcinfo, CreditState *s, const int32 *bounds, int nbounds)
{
	DateADT		due,
				as_of,
				paid_date = 0;
	int64		key;
	bool		paid,
				lost;

	if (unlikely(PG_ARGISNULL(6)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errdetail("The as-of date has no default."),
				 errhint("Pass the date the outcomes are judged on, e.g. DATE '2026-06-30'.")));
	as_of = PG_GETARG_DATEADT(6);
	/* the state holds a finite as_of once set: the same one needs no check */
	if (unlikely(!s->slots[L_HAS_AS_OF] || s->slots[L_AS_OF] != as_of))
	{
		cs_check_finite_date(as_of, "as_of");
		credit_set_as_of(s, as_of);
	}
	if (unlikely(!PG_ARGISNULL(5) && PG_GETARG_INT32(5) < 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("charge_off_days must not be negative, not %d", PG_GETARG_INT32(5)),
				 errhint("An invoice still unpaid more than charge_off_days days past due is lost, e.g. 180.")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return s;
	due = PG_GETARG_DATEADT(1);
	if (unlikely(DATE_NOT_FINITE(due)))
		cs_check_finite_date(due, "due_date");
	paid = false;
	if (!PG_ARGISNULL(2))
	{
		paid_date = PG_GETARG_DATEADT(2);
		if (unlikely(DATE_NOT_FINITE(paid_date)))
			cs_check_finite_date(paid_date, "paid_date");
		paid = paid_date <= as_of;
	}
	key = loss_amount_key(s, PG_GETARG_DATUM(3));
	if (key < 0)
		return s;

	lost = (!PG_ARGISNULL(4) && PG_GETARG_BOOL(4)) ||
		(!paid && !PG_ARGISNULL(5) && (int64) as_of - due > PG_GETARG_INT32(5));
	if (lost)
	{
		credit_add(&s->slots[L_LOST], key);
		credit_add(&s->slots[L_INVOICES], 1);
	}
	else if (paid)
	{
		/* dates are within a few million days: the difference fits */
		int32		late = paid_date - due;

		credit_add(&s->slots[L_PAID + (bounds ? loss_bucket(late, bounds, nbounds) :
										loss_bucket(late, loss_default_bounds, CS_AGING_NUM_DEFAULT_BOUNDS))], key);
		credit_add(&s->slots[L_INVOICES], 1);
	}
	else
	{
		credit_add(&s->slots[L_OPEN], key);
		credit_add(&s->slots[L_OPEN_INVOICES], 1);
	}
	return s;
}

/* loss_rates(due_date, paid_date, amount, written_off, charge_off_days, as_of) */
PG_FUNCTION_INFO_V1(cs_loss_rates_add);
Datum
cs_loss_rates_add(PG_FUNCTION_ARGS)
{
	CreditState *s;

	/*
	 * Inside the aggregate the state is the plain varlena this function
	 * returned (or the initial value): checked inline, without the calls of
	 * credit_state_arg, which handles everything else.
	 */
	if (likely(!PG_ARGISNULL(0) && fcinfo->context != NULL && IsA(fcinfo->context, AggState) &&
			   !VARATT_IS_EXTENDED(DatumGetPointer(PG_GETARG_DATUM(0))) &&
			   ((CreditState *) PG_GETARG_POINTER(0))->kind == KIND_LOSS_RATES &&
			   ((CreditState *) PG_GETARG_POINTER(0))->version == CREDIT_STATE_VERSION))
		s = (CreditState *) PG_GETARG_POINTER(0);
	else
		s = credit_state_arg(fcinfo, 0, KIND_LOSS_RATES);

	/* a state of other boundaries (a hand-made INITCOND) must not take the row */
	if (unlikely(s->nslots != L_NSLOTS))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aging boundaries must be the same for every row of loss rates"),
				 errdetail("A row has the default boundaries, the state %s.", credit_loss_bounds_text(s)),
				 errhint("Pass a constant boundaries array.")));
	PG_RETURN_POINTER(loss_rates_row(fcinfo, s, NULL, 0));
}

/* the caller's boundaries, parsed once per call site */
typedef struct LossBoundsCache
{
	CsArrayCopy arr;
	int			nbounds;
	int32		bounds[CS_AGING_MAX_BOUNDS];
	int64		bounds64[CS_AGING_MAX_BOUNDS];
	bool		is_default;
} LossBoundsCache;

/* loss_rates(due_date, paid_date, amount, written_off, charge_off_days, as_of, boundaries) */
PG_FUNCTION_INFO_V1(cs_loss_rates_add_bounds);
Datum
cs_loss_rates_add_bounds(PG_FUNCTION_ARGS)
{
	/* no initial state: over no rows the result is NULL, as for aging_bucket_totals */
	CreditState *s = PG_ARGISNULL(0) ? NULL : credit_state_arg(fcinfo, 0, KIND_LOSS_RATES);
	LossBoundsCache *c = cs_fn_cache(fcinfo, LossBoundsCache);
	ArrayType  *arr;
	int			nslots;

	if (unlikely(PG_ARGISNULL(7)))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("aging boundaries must not be NULL"),
				 errdetail("loss_rates with boundaries has no default boundaries."),
				 errhint("Pass upper bounds in days, e.g. '{0,30,60,90,180}', or call loss_rates without boundaries for those.")));
	arr = PG_GETARG_ARRAYTYPE_P(7);
	if (unlikely(!cs_array_same(&c->arr, arr)))
	{
		int			nb = cs_aging_read_bounds(arr, c->bounds),
					i;

		c->nbounds = nb;
		for (i = 0; i < nb; i++)
			c->bounds64[i] = c->bounds[i];
		c->is_default = cs_aging_bounds_default(c->bounds, nb);
		cs_array_remember(fcinfo, &c->arr, arr);
	}
	nslots = c->is_default ? L_NSLOTS : LR_NSLOTS_FOR(c->nbounds);
	if (s == NULL || (!s->slots[L_HAS_AS_OF] && s->nslots != nslots))
	{
		/* the first row: the state takes the boundaries' layout */
		CreditState *r = credit_state_alloc(KIND_LOSS_RATES, nslots, s ? s->dscale : 0);

		memcpy(LR_BOUNDS(r), c->bounds64, c->nbounds * sizeof(int64));
		s = r;
	}
	else if (unlikely(s->nslots != nslots ||
					  (!c->is_default && memcmp(LR_BOUNDS(s), c->bounds64, c->nbounds * sizeof(int64)) != 0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aging boundaries must be the same for every row of loss rates"),
				 errdetail("A row has boundaries %s, the state %s.",
						   cs_array_text(PointerGetDatum(arr)), credit_loss_bounds_text(s)),
				 errhint("Pass a constant boundaries array.")));
	PG_RETURN_POINTER(loss_rates_row(fcinfo, s, c->is_default ? NULL : c->bounds, c->nbounds));
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
	int			nbuckets = LR_NBOUNDS(s) + 1;
	Datum		values[LR_NATTS],
				reached[CS_AGING_MAX_BOUNDS + 1],
				rates[CS_AGING_MAX_BOUNDS + 1];
	bool		nulls[LR_NATTS] = {0},
				rate_nulls[CS_AGING_MAX_BOUNDS + 1] = {0};
	Datum		lost = cs_key_to_numeric(s->slots[L_LOST], s->dscale);
	int64		sum = s->slots[L_LOST];
	int			b;

	/* from the last bucket down: what reached b is what reached b + 1 and what was paid in b */
	for (b = nbuckets - 1; b >= 0; b--)
	{
		credit_add(&sum, s->slots[L_PAID + b]);
		reached[b] = cs_key_to_numeric(sum, s->dscale);
		rates[b] = credit_key_ratio(lost, sum, s->dscale, &rate_nulls[b]);
	}
	values[0] = Int64GetDatum(s->slots[L_INVOICES]);
	values[1] = Int64GetDatum(s->slots[L_OPEN_INVOICES]);
	values[2] = cs_key_to_numeric(s->slots[L_OPEN], s->dscale);
	values[3] = lost;
	values[4] = numeric_array(reached, NULL, nbuckets);
	values[5] = numeric_array(rates, rate_nulls, nbuckets);
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
			cs_check_nonnegative(DatumGetNumeric(factors[b]), "forward factor",
									 "Pass a forward factor as a non-negative multiplier, e.g. 1.1 to raise the rates by 10%.");
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
