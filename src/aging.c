/*
 * aging.c
 *	  Receivables aging: days past due, aging
 *	  buckets, the aging_profile aggregate, the final collection deadline,
 *	  the escalation stage and the banks' delinquency cycles (M0..M7+).
 *
 * Buckets are given by strictly increasing non-negative upper bounds,
 * default {0,30,60,90,180}: current (<= 0 days), 1-30, 31-60, 61-90, 91-180,
 * 181+.  A bucket's number is 1 + the count of bounds below the days, so
 * the first bucket also holds invoices not yet due.
 *
 * aging_profile keeps a fixed-size state (aging_state) updated in place:
 * per-bucket sums of amount * 10^4 as int64 (exact for money with up to 4
 * decimals; overflow is an error, not a wrap), the amount-weighted days of
 * overdue amounts, and the bounds themselves so that parts built with other
 * bounds refuse to merge.  Being a real fixed-size type with text and binary
 * I/O, it splits under parallel query and Citus.
 */
#include "common.h"
#include "exact.h"
#include "state_io.h"
#include "valuekey.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"

#define AGING_MAX_BOUNDS CS_AGING_MAX_BOUNDS
#define AGING_MAX_BUCKETS (AGING_MAX_BOUNDS + 1)
#define AGING_STATE_VERSION 1

static const int32 default_bounds[] = CS_AGING_DEFAULT_BOUNDS;
#define NUM_DEFAULT_BOUNDS CS_AGING_NUM_DEFAULT_BOUNDS

/* ---------------------------------------------------------------------
 * Days past due
 * --------------------------------------------------------------------- */

/* paid - due for an invoice paid by as_of; as_of - due for one still open */
static bool
compute_dpd(FunctionCallInfo fcinfo, int32 *dpd)
{
	DateADT		due,
				as_of,
				upto;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return false;
	due = PG_GETARG_DATEADT(0);
	as_of = PG_GETARG_DATEADT(1);
	cs_check_finite_date(due, "due_date");
	cs_check_finite_date(as_of, "as_of");
	upto = as_of;
	if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
	{
		DateADT		paid = PG_GETARG_DATEADT(2);

		cs_check_finite_date(paid, "paid_date");
		if (paid <= as_of)
			upto = paid;
	}
	*dpd = upto - due;
	return true;
}

PG_FUNCTION_INFO_V1(cs_days_past_due);
Datum
cs_days_past_due(PG_FUNCTION_ARGS)
{
	int32		dpd;

	if (!compute_dpd(fcinfo, &dpd))
		PG_RETURN_NULL();
	PG_RETURN_INT32(dpd);
}

/* ---------------------------------------------------------------------
 * Bucket bounds and labels
 * --------------------------------------------------------------------- */

/* Bounds from an int[]: 1..9 strictly increasing non-negative values. */
static int
read_bounds(ArrayType *arr, int32 *bounds)
{
	int			n,
				i;

	if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != INT4OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aging boundaries must be a one-dimensional int[] without NULLs"),
				 errdetail("The boundaries are %s.", cs_array_text(PointerGetDatum(arr))),
				 errhint("Pass upper bounds in days, e.g. '{0,30,60,90,180}'.")));
	n = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	if (n < 1 || n > AGING_MAX_BOUNDS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aging boundaries must have 1 to %d elements, not %d", AGING_MAX_BOUNDS, n),
				 errdetail("The boundaries are %s.", cs_array_text(PointerGetDatum(arr))),
				 errhint("Pass upper bounds in days, e.g. '{0,30,60,90,180}'.")));
	memcpy(bounds, ARR_DATA_PTR(arr), n * sizeof(int32));
	for (i = 0; i < n; i++)
	{
		if (bounds[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("aging boundaries must not be negative"),
					 errdetail("Bound %d is %d.", i + 1, bounds[i]),
					 errhint("Bounds are days past due; 0 is the \"current\" bucket.")));
		if (i > 0 && bounds[i] <= bounds[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("aging boundaries must be strictly increasing"),
					 errdetail("Bound %d (%d) is not greater than bound %d (%d).", i + 1, bounds[i], i, bounds[i - 1]),
					 errhint("Pass upper bounds in ascending order, e.g. '{0,30,60,90,180}'.")));
	}
	return n;
}

/* 0-based bucket of a days-past-due value: the number of bounds below it. */
static inline int
bucket_of(int32 dpd, const int32 *bounds, int nbounds)
{
	int			b = 0;

	while (b < nbounds && dpd > bounds[b])
		b++;
	return b;
}

/* 0-based bucket of aging_profile's default boundaries (src/ecl.c shares them) */
int
cs_aging_default_bucket(int32 dpd)
{
	return bucket_of(dpd, default_bounds, NUM_DEFAULT_BOUNDS);
}

/* the same for loss_rates' caller's boundaries (src/ecl.c) */
int
cs_aging_read_bounds(ArrayType *arr, int32 *bounds)
{
	return read_bounds(arr, bounds);
}

bool
cs_aging_bounds_default(const int32 *bounds, int nbounds)
{
	return nbounds == NUM_DEFAULT_BOUNDS && memcmp(bounds, default_bounds, sizeof(default_bounds)) == 0;
}

static char *
bucket_label(int b, const int32 *bounds, int nbounds)
{
	if (b == 0)
		return bounds[0] == 0 ? pstrdup("current") : psprintf("0-%d", bounds[0]);
	if (b == nbounds)
		return psprintf(INT64_FORMAT "+", (int64) bounds[nbounds - 1] + 1);
	if (bounds[b - 1] + 1 == bounds[b])
		return psprintf("%d", bounds[b]);
	return psprintf("%d-%d", bounds[b - 1] + 1, bounds[b]);
}

/*
 * Per call site: the last bounds array seen (its bytes; none kept while the
 * default bounds are in use) and its labels, so a row costs a short linear
 * search and a label copy, like an inline CASE.
 */
typedef struct BucketCache
{
	CsArrayCopy arr;
	int			nbounds;
	int32		bounds[AGING_MAX_BOUNDS];
	int			nlabels;		/* nbounds + 1 once set */
	text	   *labels[AGING_MAX_BUCKETS];
} BucketCache;

static void
bucket_cache_set(FunctionCallInfo fcinfo, BucketCache *c, const int32 *bounds, int nbounds)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	int			b;

	for (b = 0; b < c->nlabels; b++)
		pfree(c->labels[b]);	/* bounds that change per row must not pile up */
	c->nbounds = nbounds;
	memcpy(c->bounds, bounds, nbounds * sizeof(int32));
	for (b = 0; b <= c->nbounds; b++)
		c->labels[b] = cstring_to_text(bucket_label(b, c->bounds, c->nbounds));
	c->nlabels = c->nbounds + 1;
	MemoryContextSwitchTo(old);
}

/*
 * The bounds of argument argno.  Where the SQL parameter has a default
 * (has_default), NULL means the default bounds, as the API contract says
 * of every option; aging_bucket_totals' boundaries have none, and NULL
 * there is an error.
 */
static BucketCache *
bucket_cache(FunctionCallInfo fcinfo, int argno, bool has_default)
{
	BucketCache *c = cs_fn_cache(fcinfo, BucketCache);
	ArrayType  *arr;
	int32		bounds[AGING_MAX_BOUNDS];
	int			nbounds;

	if (PG_ARGISNULL(argno))
	{
		if (!has_default)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("aging boundaries must not be NULL"),
					 errdetail("aging_bucket_totals has no default boundaries."),
					 errhint("Pass upper bounds in days, e.g. '{0,30,60,90,180}', or use aging_profile(amount, days_past_due) for those.")));
		if (c->nlabels == 0 || c->arr.bytes != NULL)	/* not the defaults yet */
		{
			bucket_cache_set(fcinfo, c, default_bounds, NUM_DEFAULT_BOUNDS);
			cs_array_forget(&c->arr);
		}
		return c;
	}
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (cs_array_same(&c->arr, arr))
		return c;

	/* checked before the cache changes: a failed check leaves it as it was */
	nbounds = read_bounds(arr, bounds);
	bucket_cache_set(fcinfo, c, bounds, nbounds);
	cs_array_remember(fcinfo, &c->arr, arr);
	return c;
}

static Datum
label_datum(BucketCache *c, int b)
{
	text	   *src = c->labels[b];
	text	   *t = palloc(VARSIZE(src));

	memcpy(t, src, VARSIZE(src));
	PG_RETURN_TEXT_P(t);
}

/* aging_bucket(days_past_due int, boundaries int[]) */
PG_FUNCTION_INFO_V1(cs_aging_bucket);
Datum
cs_aging_bucket(PG_FUNCTION_ARGS)
{
	BucketCache *c = bucket_cache(fcinfo, 1, true);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	return label_datum(c, bucket_of(PG_GETARG_INT32(0), c->bounds, c->nbounds));
}

/* aging_bucket_no(days_past_due int, boundaries int[]): 1 = first bucket */
PG_FUNCTION_INFO_V1(cs_aging_bucket_no);
Datum
cs_aging_bucket_no(PG_FUNCTION_ARGS)
{
	BucketCache *c = bucket_cache(fcinfo, 1, true);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_INT32(1 + bucket_of(PG_GETARG_INT32(0), c->bounds, c->nbounds));
}

/* aging_bucket(due_date, as_of, paid_date, boundaries) */
PG_FUNCTION_INFO_V1(cs_aging_bucket_dates);
Datum
cs_aging_bucket_dates(PG_FUNCTION_ARGS)
{
	BucketCache *c = bucket_cache(fcinfo, 3, true);
	int32		dpd;

	if (!compute_dpd(fcinfo, &dpd))
		PG_RETURN_NULL();
	return label_datum(c, bucket_of(dpd, c->bounds, c->nbounds));
}

/* aging_bucket_labels(boundaries): every label, in order */
PG_FUNCTION_INFO_V1(cs_aging_bucket_labels);
Datum
cs_aging_bucket_labels(PG_FUNCTION_ARGS)
{
	BucketCache *c = bucket_cache(fcinfo, 0, true);
	Datum		elems[AGING_MAX_BUCKETS];
	int			b;

	for (b = 0; b <= c->nbounds; b++)
		elems[b] = PointerGetDatum(c->labels[b]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, c->nbounds + 1, TEXTOID, -1, false, TYPALIGN_INT));
}

/* ---------------------------------------------------------------------
 * aging_state and the aging_profile aggregates
 * --------------------------------------------------------------------- */

typedef struct AgingState
{
	int32		version;		/* AGING_STATE_VERSION */
	int32		nbounds;		/* 0 until the first row sets the bounds */
	int32		dscale;			/* largest display scale of the amounts */
	int32		pad;
	int64		count;			/* rows aggregated */
	int64		weighted_days;	/* sum of overdue amount*10^4 * days */
	int64		sums[AGING_MAX_BUCKETS];	/* amount * 10^4 per bucket */
	int32		bounds[AGING_MAX_BOUNDS];
	int32		pad2;
} AgingState;

StaticAssertDecl(sizeof(AgingState) == 152, "aging_state must match its SQL INTERNALLENGTH");

static void
sum_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("aging_profile sum out of range"),
			 errhint("Sums are exact to 0.0001 up to 922337203685477; aggregate smaller groups.")));
}

/* bounds as an int[] literal, for error details */
static char *
bounds_text(const int32 *bounds, int nbounds)
{
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < nbounds; i++)
		appendStringInfo(&buf, "%s%d", i ? "," : "", bounds[i]);
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

static void
set_bounds(AgingState *s, const int32 *bounds, int nbounds)
{
	if (s->nbounds == 0)
	{
		s->nbounds = nbounds;
		memcpy(s->bounds, bounds, nbounds * sizeof(int32));
	}
	else if (s->nbounds != nbounds || memcmp(s->bounds, bounds, nbounds * sizeof(int32)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aging boundaries must be the same for every row of an aging profile"),
				 errdetail("A row has boundaries %s, the state %s.", bounds_text(bounds, nbounds),
						   bounds_text(s->bounds, s->nbounds)),
				 errhint("Pass a constant boundaries array.")));
}

/* The state to update in place inside an aggregate, else a copy. */
static AgingState *
aging_state_arg(FunctionCallInfo fcinfo)
{
	AgingState *s;

	cs_check_state_arg(fcinfo, 0, "aging_state");
	s = (AgingState *) PG_GETARG_POINTER(0);
	if (!AggCheckCallContext(fcinfo, NULL))
	{
		AgingState *copy = palloc(sizeof(AgingState));

		memcpy(copy, s, sizeof(AgingState));
		s = copy;
	}
	if (s->version != AGING_STATE_VERSION)
		cs_bad_state_version("aging_state", s->version, AGING_STATE_VERSION);
	return s;
}

static void
aging_add(AgingState *s, Datum amount, int32 dpd, const int32 *bounds, int nbounds)
{
	int64		key = cs_sum_key(amount, "amount", &s->dscale);
	int			b = bucket_of(dpd, bounds, nbounds);

	if (pg_add_s64_overflow(s->sums[b], key, &s->sums[b]))
		sum_overflow();
	if (dpd > 0)
	{
		int64		w;

		if (pg_mul_s64_overflow(key, dpd, &w) || pg_add_s64_overflow(s->weighted_days, w, &s->weighted_days))
			sum_overflow();
	}
	if (pg_add_s64_overflow(s->count, 1, &s->count))
		sum_overflow();
}

/* aging_profile(amount, days_past_due): default bounds */
PG_FUNCTION_INFO_V1(cs_aging_add);
Datum
cs_aging_add(PG_FUNCTION_ARGS)
{
	AgingState *s = aging_state_arg(fcinfo);

	/* a state with other bounds (a hand-made INITCOND) must not take the row */
	set_bounds(s, default_bounds, NUM_DEFAULT_BOUNDS);
	/* the built-in bounds, not the state's copy: one cache line less a row */
	aging_add(s, PG_GETARG_DATUM(1), PG_GETARG_INT32(2), default_bounds, NUM_DEFAULT_BOUNDS);
	PG_RETURN_POINTER(s);
}

/* aging_profile(amount, days_past_due, boundaries) */
PG_FUNCTION_INFO_V1(cs_aging_add_bounds);
Datum
cs_aging_add_bounds(PG_FUNCTION_ARGS)
{
	AgingState *s = aging_state_arg(fcinfo);
	BucketCache *c = bucket_cache(fcinfo, 3, false);	/* NULL bounds: an error */

	/* not STRICT, so that NULL bounds cannot silently skip rows */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	set_bounds(s, c->bounds, c->nbounds);
	aging_add(s, PG_GETARG_DATUM(1), PG_GETARG_INT32(2), c->bounds, c->nbounds);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_aging_combine);
Datum
cs_aging_combine(PG_FUNCTION_ARGS)
{
	AgingState *s = aging_state_arg(fcinfo);
	AgingState *o = (AgingState *) PG_GETARG_POINTER(1);
	int			b;

	if (o->nbounds == 0)
		PG_RETURN_POINTER(s);
	set_bounds(s, o->bounds, o->nbounds);
	for (b = 0; b <= s->nbounds; b++)
		if (pg_add_s64_overflow(s->sums[b], o->sums[b], &s->sums[b]))
			sum_overflow();
	if (pg_add_s64_overflow(s->weighted_days, o->weighted_days, &s->weighted_days) ||
		pg_add_s64_overflow(s->count, o->count, &s->count))
		sum_overflow();
	s->dscale = Max(s->dscale, o->dscale);
	PG_RETURN_POINTER(s);
}

/* final: the composite aging_profile for the default bounds */
PG_FUNCTION_INFO_V1(cs_aging_final);
Datum
cs_aging_final(PG_FUNCTION_ARGS)
{
	AgingState *s = (AgingState *) PG_GETARG_POINTER(0);
	TupleDesc	tupdesc;
	Datum		values[10];
	bool		nulls[10] = {0};
	int64		total = 0,
				overdue = 0;
	int			b;

	tupdesc = cs_result_tupdesc(fcinfo);
	/* no rows: nbounds is still 0 and every sum is 0 */
	if (s->nbounds != 0 &&
		(s->nbounds != NUM_DEFAULT_BOUNDS || memcmp(s->bounds, default_bounds, sizeof(default_bounds)) != 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("aging_profile_final needs a state built with the default boundaries"),
				 errdetail("The state's boundaries are %s.", bounds_text(s->bounds, s->nbounds)),
				 errhint("Read a state with custom boundaries with aging_bucket_totals_final().")));

	for (b = 0; b <= NUM_DEFAULT_BOUNDS; b++)
	{
		values[b] = cs_key_to_numeric(s->sums[b], s->dscale);
		if (pg_add_s64_overflow(total, s->sums[b], &total) ||
			(b > 0 && pg_add_s64_overflow(overdue, s->sums[b], &overdue)))
			sum_overflow();
	}
	values[6] = cs_key_to_numeric(total, s->dscale);
	values[7] = cs_key_to_numeric(overdue, s->dscale);
	if (total == 0)
		nulls[8] = true;
	else
		values[8] = DirectFunctionCall2(numeric_div, values[7], values[6]);
	if (overdue == 0)
		nulls[9] = true;
	else
		values[9] = DirectFunctionCall2(numeric_div,
										NumericGetDatum(int64_to_numeric(s->weighted_days)),
										NumericGetDatum(int64_to_numeric(overdue)));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* final: numeric[] of bucket sums for custom bounds */
PG_FUNCTION_INFO_V1(cs_aging_final_array);
Datum
cs_aging_final_array(PG_FUNCTION_ARGS)
{
	AgingState *s = (AgingState *) PG_GETARG_POINTER(0);
	Datum		elems[AGING_MAX_BUCKETS];
	int			b;

	if (s->nbounds == 0)
		PG_RETURN_NULL();		/* no rows: the bounds were never seen */
	for (b = 0; b <= s->nbounds; b++)
		elems[b] = cs_key_to_numeric(s->sums[b], s->dscale);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, s->nbounds + 1, NUMERICOID, -1, false, TYPALIGN_INT));
}

/*
 * Text form: "v1;dscale;count;weighted_days;bound,bound,...;sum,sum,..."
 * with sums in units of 0.0001 (exact integers).
 */
PG_FUNCTION_INFO_V1(cs_aging_state_out);
Datum
cs_aging_state_out(PG_FUNCTION_ARGS)
{
	AgingState *s = (AgingState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;%d;" INT64_FORMAT ";" INT64_FORMAT ";",
					 s->version, s->dscale, s->count, s->weighted_days);
	for (i = 0; i < s->nbounds; i++)
		appendStringInfo(&buf, "%s%d", i ? "," : "", s->bounds[i]);
	appendStringInfoChar(&buf, ';');
	for (i = 0; i <= (s->nbounds ? s->nbounds : -1); i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, i ? "," : "", s->sums[i]);
	PG_RETURN_CSTRING(buf.data);
}

/*
 * What every state built by the aggregates satisfies, checked on text and
 * binary input: bounds as read_bounds() requires them; no rows, no sums
 * and no bounds beyond the last bucket until the bounds are set; sums with
 * no more decimals than the display scale (else they would be rounded).
 */
static bool
aging_state_valid(const AgingState *s)
{
	int			i;

	if (s->version != AGING_STATE_VERSION || s->nbounds < 0 || s->nbounds > AGING_MAX_BOUNDS ||
		s->dscale < 0 || s->dscale > CS_NUMERIC_DSCALE_MAX || s->count < 0 ||
		(s->nbounds == 0 && (s->count != 0 || s->weighted_days != 0)) ||
		!cs_key_fits_scale(s->weighted_days, s->dscale))
		return false;
	for (i = 0; i < AGING_MAX_BOUNDS; i++)
		if (i < s->nbounds ? s->bounds[i] < 0 || (i > 0 && s->bounds[i] <= s->bounds[i - 1])
			: s->bounds[i] != 0)
			return false;
	for (i = 0; i < AGING_MAX_BUCKETS; i++)
		if (s->nbounds == 0 || i > s->nbounds ? s->sums[i] != 0 : !cs_key_fits_scale(s->sums[i], s->dscale))
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(cs_aging_state_in);
Datum
cs_aging_state_in(PG_FUNCTION_ARGS)
{
	CsStateReader r;
	AgingState *s = palloc0(sizeof(AgingState));
	int			n = 0;

	cs_reader_init(&r, "aging_state", PG_GETARG_CSTRING(0), "'v1;0;0;0;;'");
	cs_reader_expect(&r, "v1;");
	s->version = AGING_STATE_VERSION;
	s->dscale = (int32) cs_reader_int(&r, 0, CS_NUMERIC_DSCALE_MAX);
	cs_reader_expect(&r, ";");
	s->count = cs_reader_int(&r, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ";");
	s->weighted_days = cs_reader_int(&r, PG_INT64_MIN, PG_INT64_MAX);
	cs_reader_expect(&r, ";");
	while (!cs_reader_skip(&r, ';'))
	{
		if (n > 0)
			cs_reader_expect(&r, ",");
		if (n >= AGING_MAX_BOUNDS)
			cs_reader_fail(&r, psprintf("An aging state has at most %d bounds.", AGING_MAX_BOUNDS));
		s->bounds[n++] = (int32) cs_reader_int(&r, 0, PG_INT32_MAX);
	}
	s->nbounds = n;
	/* one sum a bucket once there are bounds; none before */
	cs_reader_ints(&r, s->sums, s->nbounds > 0 ? s->nbounds + 1 : 0, PG_INT64_MIN, PG_INT64_MAX);
	cs_reader_end(&r, aging_state_valid(s));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_aging_state_send);
Datum
cs_aging_state_send(PG_FUNCTION_ARGS)
{
	AgingState *s = (AgingState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, s->version);
	pq_sendint32(&buf, s->nbounds);
	pq_sendint32(&buf, s->dscale);
	pq_sendint64(&buf, s->count);
	pq_sendint64(&buf, s->weighted_days);
	for (i = 0; i < AGING_MAX_BOUNDS; i++)
		pq_sendint32(&buf, s->bounds[i]);
	cs_send_int64s(&buf, s->sums, AGING_MAX_BUCKETS);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_aging_state_recv);
Datum
cs_aging_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	AgingState *s = palloc0(sizeof(AgingState));
	int			i;

	s->version = pq_getmsgint(buf, 4);
	s->nbounds = pq_getmsgint(buf, 4);
	s->dscale = pq_getmsgint(buf, 4);
	s->count = pq_getmsgint64(buf);
	s->weighted_days = pq_getmsgint64(buf);
	for (i = 0; i < AGING_MAX_BOUNDS; i++)
		s->bounds[i] = pq_getmsgint(buf, 4);
	cs_recv_int64s(buf, s->sums, AGING_MAX_BUCKETS);
	pq_getmsgend(buf);
	if (!aging_state_valid(s))
		cs_bad_state_binary("aging_state");
	PG_RETURN_POINTER(s);
}

/* ---------------------------------------------------------------------
 * Deadlines, escalation and delinquency cycles
 * --------------------------------------------------------------------- */

void
cs_bad_term(int32 term)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("term_days must not be negative, not %d", term),
			 errhint("The payment term is the days from invoice to due date, e.g. 60.")));
	pg_unreachable();
}

void
cs_bad_step_days(int32 step)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("step_days must be at least 1, not %d", step),
			 errhint("Each escalation step lasts step_days days; the default is 30.")));
	pg_unreachable();
}

/* invoice_date + term + floor(term / 3): term 60 -> day 80 */
PG_FUNCTION_INFO_V1(cs_final_deadline);
Datum
cs_final_deadline(PG_FUNCTION_ARGS)
{
	DateADT		invoice = PG_GETARG_DATEADT(0);
	int32		term = PG_GETARG_INT32(1);
	int64		result;

	cs_check_finite_date(invoice, "invoice_date");
	cs_check_term(term);
	result = (int64) invoice + term + term / 3;		/* int64: cannot overflow */
	if (result > PG_INT32_MAX || !IS_VALID_DATE((DateADT) result))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("invoice_date is %s, term_days %d.", cs_date_text(invoice), term),
				 errhint("Check the invoice date and term.")));
	PG_RETURN_DATEADT((DateADT) result);
}

/* the labels of the collection stages (common.h's CsCollectionStage) */
const char *const cs_collection_stage_labels[CS_NUM_STAGES] =
{"not_due", "reminder", "notice", "warning", "lawyer_letter", "legal"};

/*
 * collection_stage(days_past_due, term_days, step_days): reminder while
 * within the grace of floor(term / 3) days, then notice, warning and
 * lawyer's letter for step_days each, then legal action
 * (cs_collection_stage_of, common.h).
 */
/* per call site: the stage labels' OIDs */
typedef struct StageCache
{
	Oid			labels[CS_NUM_STAGES];
} StageCache;

PG_FUNCTION_INFO_V1(cs_collection_stage);
Datum
cs_collection_stage(PG_FUNCTION_ARGS)
{
	int32		dpd,
				term,
				step = 30;		/* step_days' default */
	StageCache *c = cs_fn_cache(fcinfo, StageCache);
	Oid		   *oids = c->labels;

	/*
	 * Not STRICT since 0.3.1: a NULL step_days is its default, a NULL
	 * days_past_due or term_days gives NULL (the API contract's rule for
	 * NULLs); step_days is checked first, so a bad one fails on every row.
	 */
	if (!PG_ARGISNULL(2))
		step = PG_GETARG_INT32(2);
	cs_check_step_days(step);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	dpd = PG_GETARG_INT32(0);
	term = PG_GETARG_INT32(1);
	cs_enum_lookup(fcinfo, oids, cs_collection_stage_labels, CS_NUM_STAGES);
	cs_check_term(term);
	PG_RETURN_OID(oids[cs_collection_stage_of(dpd, term, step)]);
}

/* 30-day cycles: 0 = not past due, 1 = 1-30, ..., 7 = 181 and more (M7+) */
static int32
cycle_of(int32 dpd)
{
	if (dpd <= 0)
		return 0;
	return (int32) Min(((int64) dpd + 29) / 30, 7);
}

PG_FUNCTION_INFO_V1(cs_delinquency_cycle);
Datum
cs_delinquency_cycle(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(cycle_of(PG_GETARG_INT32(0)));
}

PG_FUNCTION_INFO_V1(cs_delinquency_label);
Datum
cs_delinquency_label(PG_FUNCTION_ARGS)
{
	int32		c = cycle_of(PG_GETARG_INT32(0));

	PG_RETURN_TEXT_P(cstring_to_text(c == 7 ? "M7+" : psprintf("M%d", c)));
}
