/*
 * behavior.c
 *	  Trading behaviour (domain.md sections 2 and 3): holding style and
 *	  finer holding classes, the avg_holding_days aggregate (from turnover),
 *	  risk appetite, dormancy, and RFM scores and segments.
 *
 * Classes from boundaries follow width_bucket(): a value equal to a boundary
 * starts the next class, so with the default {60,180} holding days 60 is
 * mid-term and 180 is long-term.
 *
 * rfm_score gives each dimension the quintile ntile(5) gives it (recency
 * ordered by days descending, frequency and monetary ascending, 5 = best),
 * except that tied values share the better quintile instead of being split
 * by row order.  With distinct values it equals the three ntile(5) windows.
 */
#include "customer_seg.h"

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
 * Classes from boundaries
 * --------------------------------------------------------------------- */

#define MAX_CLASS_BOUNDS 20

/*
 * Boundaries from an array of int4 or numeric, as numerics allocated in the
 * current memory context; returns how many.
 */
static int
read_class_bounds(FunctionCallInfo fcinfo, int argno, Datum *bounds, int expected, const char *example)
{
	ArrayType  *arr;
	int			n,
				i;
	Datum	   *elems;
	bool	   *nulls;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("boundaries must not be NULL"),
				 errhint("Omit the argument to use the default %s.", example)));
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	n = ARR_NDIM(arr) == 1 ? ARR_DIMS(arr)[0] : 0;
	if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr) || n < 1 || n > MAX_CLASS_BOUNDS ||
		(expected > 0 && n != expected))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("boundaries must be a one-dimensional array of %s without NULLs",
						expected > 0 ? psprintf("%d values", expected) : psprintf("1 to %d values", MAX_CLASS_BOUNDS)),
				 errhint("Pass increasing boundaries, e.g. %s.", example)));
	if (ARR_ELEMTYPE(arr) != INT4OID && ARR_ELEMTYPE(arr) != NUMERICOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("boundaries must be an int[] or numeric[]"),
				 errhint("Pass increasing boundaries, e.g. %s.", example)));
	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		Numeric		b = ARR_ELEMTYPE(arr) == INT4OID ? int64_to_numeric(DatumGetInt32(elems[i]))
			: DatumGetNumeric(elems[i]);

		cs_check_money(b, "boundary");
		if (cs_numeric_sign(b) < 0 ||
			(i > 0 && DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(b), bounds[i - 1])) <= 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("boundaries must be non-negative and strictly increasing"),
					 errhint("Pass increasing boundaries, e.g. %s.", example)));
		bounds[i] = NumericGetDatum(b);
	}
	return n;
}

/*
 * Per call site: the last boundaries array (its bytes) and its values, so a
 * row costs a few comparisons.
 */
typedef struct ClassCache
{
	CsArrayCopy arr;
	int			nbounds;
	Datum		bounds[MAX_CLASS_BOUNDS];
} ClassCache;

static ClassCache *
class_cache(FunctionCallInfo fcinfo, ClassCache *c, int argno, int expected, const char *example)
{
	Datum		bounds[MAX_CLASS_BOUNDS];
	MemoryContext old;
	int			n,
				i;

	if (!PG_ARGISNULL(argno) && cs_array_same(&c->arr, PG_GETARG_ARRAYTYPE_P(argno)))
		return c;
	/* checked before the cache changes; boundaries that change per row must not pile up */
	n = read_class_bounds(fcinfo, argno, bounds, expected, example);
	old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	for (i = 0; i < c->nbounds; i++)
		pfree(DatumGetPointer(c->bounds[i]));
	for (i = 0; i < n; i++)
		c->bounds[i] = datumCopy(bounds[i], false, -1);
	c->nbounds = n;
	MemoryContextSwitchTo(old);
	cs_array_remember(fcinfo, &c->arr, PG_GETARG_ARRAYTYPE_P(argno));
	return c;
}

/* 0-based class of a non-negative value: the number of boundaries <= it */
static int
class_of(FunctionCallInfo fcinfo, int argno, const ClassCache *c, const char *what)
{
	Numeric		v = PG_GETARG_NUMERIC(argno);
	int			k = 0;

	cs_check_money(v, what);
	if (cs_numeric_sign(v) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Pass days or shares >= 0.")));
	while (k < c->nbounds &&
		   DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(v), c->bounds[k])) >= 0)
		k++;
	return k;
}

static const char *const holding_labels[] = {"short_term", "mid_term", "long_term"};
static const char *const appetite_labels[] = {"conservative", "balanced", "aggressive"};

/* one of three enum labels for (value, two boundaries) */
static Datum
three_classes(FunctionCallInfo fcinfo, const char *const *labels, const char *example, const char *what)
{
	Oid		   *oids = cs_enum_oids(fcinfo, labels, 3, sizeof(ClassCache));
	ClassCache *c = class_cache(fcinfo, cs_enum_extra(oids, 3), 1, 2, example);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[class_of(fcinfo, 0, c, what)]);
}

/* holding_style(avg_holding_days numeric, boundaries int[]) */
PG_FUNCTION_INFO_V1(cs_holding_style);
Datum
cs_holding_style(PG_FUNCTION_ARGS)
{
	return three_classes(fcinfo, holding_labels, "'{60,180}'", "avg_holding_days");
}

/* risk_appetite(risky_share numeric, boundaries numeric[]) */
PG_FUNCTION_INFO_V1(cs_risk_appetite);
Datum
cs_risk_appetite(PG_FUNCTION_ARGS)
{
	return three_classes(fcinfo, appetite_labels, "'{0.3,0.7}'", "risky_share");
}

/* holding_class(avg_holding_days numeric, boundaries int[], labels text[]) */
typedef struct LabelCache
{
	ClassCache	bounds;
	CsArrayCopy arr;
	int			nlabels;
	text	   *labels[MAX_CLASS_BOUNDS + 1];
} LabelCache;

PG_FUNCTION_INFO_V1(cs_holding_class);
Datum
cs_holding_class(PG_FUNCTION_ARGS)
{
	LabelCache *c = fcinfo->flinfo->fn_extra;
	ArrayType  *arr;

	if (c == NULL)
		c = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LabelCache));
	class_cache(fcinfo, &c->bounds, 1, 0, "'{7,30,90,180,365}'");
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("labels must not be NULL"),
				 errhint("Pass one label more than boundaries, e.g. '{day,week,month,quarter,half_year,year}'.")));
	arr = PG_GETARG_ARRAYTYPE_P(2);
	if (!cs_array_same(&c->arr, arr))
	{
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					i;
		MemoryContext old;

		if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_DIMS(arr)[0] != c->bounds.nbounds + 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("labels must be a one-dimensional text[] of %d labels without NULLs, one more than the boundaries",
							c->bounds.nbounds + 1),
					 errhint("Pass one label per class, e.g. '{day,week,month,quarter,half_year,year}' for '{7,30,90,180,365}'.")));
		deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		for (i = 0; i < c->nlabels; i++)
			pfree(c->labels[i]);	/* labels that change per row must not pile up */
		for (i = 0; i < n; i++)
			c->labels[i] = DatumGetTextPCopy(elems[i]);
		c->nlabels = n;
		MemoryContextSwitchTo(old);
		cs_array_remember(fcinfo, &c->arr, arr);
	}
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(c->labels[class_of(fcinfo, 0, &c->bounds, "avg_holding_days")])));
}

/* ---------------------------------------------------------------------
 * Dormancy
 * --------------------------------------------------------------------- */

/*
 * is_dormant(last_trade, as_of, days): no trade in more than `days` days
 * before as_of; never traded (NULL last_trade) is dormant.
 */
PG_FUNCTION_INFO_V1(cs_is_dormant);
Datum
cs_is_dormant(PG_FUNCTION_ARGS)
{
	DateADT		as_of;
	int32		days;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	as_of = PG_GETARG_DATEADT(1);
	days = PG_GETARG_INT32(2);
	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the days without a trade after which an account is dormant, e.g. 180.")));
	if (DATE_NOT_FINITE(as_of) || (!PG_ARGISNULL(0) && DATE_NOT_FINITE(PG_GETARG_DATEADT(0))))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("last_trade and as_of must be finite dates"),
				 errhint("Use NULL for a customer who never traded.")));
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL((int64) as_of - PG_GETARG_DATEADT(0) > days);
}

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
		s[H_DSCALE] < 0 || s[H_DSCALE] > NUMERIC_MAX_DISPLAY_SCALE ||
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
				 errhint("Pass a state built by holding_state().")));
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
				 errhint("Join the customer's average assets to each of the customer's trades.")));
}

static int64
money_key(Datum d, int64 *dscale, const char *what)
{
	int64		key;
	int			scale;

	if (!cs_numeric_key_try(d, &key, &scale))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s cannot be summed exactly", what),
				 errdetail("Amounts may have at most 4 decimal places and an absolute value below 922337203685477."),
				 errhint("Round the amounts first, e.g. round(amount, 2).")));
	if (scale > *dscale)
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

/* ---------------------------------------------------------------------
 * rfm_score(recency_days, frequency, monetary) OVER (...)
 * --------------------------------------------------------------------- */

typedef struct RfmPartition
{
	bool		ready;
	char	   *scores;			/* 3 digits a partition row; '\0' = NULL */
} RfmPartition;

/* ntile(5) bucket of 1-based position pos among n rows */
static int
ntile5(int64 pos, int64 n)
{
	int64		q = n / 5,
				r = n % 5;

	if (pos <= r * (q + 1))
		return (int) ((pos - 1) / (q + 1) + 1);
	return (int) (r + (pos - r * (q + 1) - 1) / q + 1);
}

static int64
rfm_key(Datum d, int dim)
{
	int			dscale;

	if (dim == 0)
		return DatumGetInt32(d);
	return cs_value_key(d, CS_KIND_NUMERIC, &dscale);
}

/*
 * Score every row of the partition at once: per dimension, sort the keys
 * with their row numbers, and give each run of equal keys the ntile(5)
 * bucket of its best-placed row.
 */
static void
rfm_score_partition(WindowObject winobj, RfmPartition *part)
{
	int64		rows = WinGetPartitionRowCount(winobj);
	MemoryContext mcxt = GetMemoryChunkContext(part);
	int64	   *keys[3];
	int32	   *idx = palloc_extended(Max(rows, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	int64		n = 0,
				i,
				j;
	int			d;

	if (rows > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rfm_score supports at most %d rows a partition", PG_INT32_MAX),
				 errhint("Partition the window, e.g. by region.")));
	part->scores = MemoryContextAllocExtended(mcxt, Max(rows, 1) * 3, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (d = 0; d < 3; d++)
		keys[d] = palloc_extended(Max(rows, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	for (i = 0; i < rows; i++)
	{
		Datum		v[3];
		bool		isnull = false,
					isout;

		for (d = 0; d < 3 && !isnull; d++)
			v[d] = WinGetFuncArgInPartition(winobj, d, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (isnull)
			continue;
		for (d = 0; d < 3; d++)
			keys[d][n] = rfm_key(v[d], d);
		idx[n++] = (int32) i;
	}
	for (d = 0; d < 3; d++)
	{
		int32	   *rowof = palloc_extended(Max(n, 1) * sizeof(int32), MCXT_ALLOC_HUGE);

		memcpy(rowof, idx, n * sizeof(int32));
		cs_sort_keys_index(keys[d], rowof, n);
		for (i = 0; i < n; i = j)
		{
			int64		pos;
			char		digit;

			for (j = i + 1; j < n && keys[d][j] == keys[d][i]; j++)
				;
			/* recency: fewer days is better, so the run's best is its first */
			pos = d == 0 ? n - i : j;
			digit = '0' + ntile5(pos, n);
			for (; i < j; i++)
				part->scores[(int64) rowof[i] * 3 + d] = digit;
		}
		pfree(rowof);
		pfree(keys[d]);
	}
	pfree(idx);
}

PG_FUNCTION_INFO_V1(cs_rfm_score_window);
Datum
cs_rfm_score_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	RfmPartition *part = WinGetPartitionLocalMemory(winobj, sizeof(RfmPartition));
	const char *s;
	text	   *t;

	if (!part->ready)
	{
		rfm_score_partition(winobj, part);
		part->ready = true;
	}
	s = part->scores + WinGetCurrentPosition(winobj) * 3;
	if (s[0] == '\0')
		PG_RETURN_NULL();
	t = (text *) palloc(VARHDRSZ + 3);
	SET_VARSIZE(t, VARHDRSZ + 3);
	memcpy(VARDATA(t), s, 3);
	PG_RETURN_TEXT_P(t);
}

/* ---------------------------------------------------------------------
 * rfm_segment(score): the segment of an R and FM grid
 * --------------------------------------------------------------------- */

#define NUM_SEGMENTS 11
static const char *const segment_labels[NUM_SEGMENTS] = {
	"champions", "loyal", "potential_loyalist", "new_customer", "promising",
	"need_attention", "about_to_sleep", "at_risk", "cant_lose_them", "hibernating", "lost"
};

enum
{
	CHAMPIONS, LOYAL, POTENTIAL, NEW, PROMISING, ATTENTION, SLEEPY, AT_RISK, CANT_LOSE, HIBERNATING, LOST
};

/* [R - 1][FM - 1], FM = ceil((F + M) / 2) */
static const int segment_grid[5][5] = {
	/* R = 1 */ {LOST, HIBERNATING, AT_RISK, CANT_LOSE, CANT_LOSE},
	/* R = 2 */ {HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, CANT_LOSE},
	/* R = 3 */ {SLEEPY, SLEEPY, ATTENTION, LOYAL, LOYAL},
	/* R = 4 */ {PROMISING, POTENTIAL, POTENTIAL, LOYAL, CHAMPIONS},
	/* R = 5 */ {NEW, POTENTIAL, POTENTIAL, CHAMPIONS, CHAMPIONS},
};

PG_FUNCTION_INFO_V1(cs_rfm_segment);
Datum
cs_rfm_segment(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, segment_labels, NUM_SEGMENTS, 0);
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *p = VARDATA_ANY(t);
	int			r,
				f,
				m;

	if (VARSIZE_ANY_EXHDR(t) != 3 || p[0] < '1' || p[0] > '5' || p[1] < '1' || p[1] > '5' ||
		p[2] < '1' || p[2] > '5')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid RFM score \"%s\"", cs_echo(p, VARSIZE_ANY_EXHDR(t))),
				 errhint("An RFM score is three digits 1-5 (recency, frequency, monetary), e.g. '545', as rfm_score() gives it.")));
	r = p[0] - '0';
	f = p[1] - '0';
	m = p[2] - '0';
	PG_RETURN_OID(oids[segment_grid[r - 1][(f + m + 1) / 2 - 1]]);
}
