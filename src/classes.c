/*
 * classes.c
 *	  Classes from boundaries: holding style and finer holding classes from
 *	  average holding days, and risk appetite from the share of risky assets.
 *
 * Classes follow width_bucket(): a value equal to a boundary starts the next
 * class, so with the default {60,180} holding days 60 is mid-term and 180 is
 * long-term.
 */
#include "common.h"

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
read_class_bounds(FunctionCallInfo fcinfo, int argno, Datum *bounds, int expected, const char *example,
				  bool fractions)
{
	ArrayType  *arr;
	int			n,
				i;
	Datum	   *elems;
	bool	   *nulls;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	arr = PG_GETARG_ARRAYTYPE_P(argno);
	n = ARR_NDIM(arr) == 1 ? ARR_DIMS(arr)[0] : 0;
	if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr) || n < 1 || n > MAX_CLASS_BOUNDS ||
		(expected > 0 && n != expected))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("boundaries must be a one-dimensional array of %s without NULLs",
						expected > 0 ? psprintf("%d values", expected) : psprintf("1 to %d values", MAX_CLASS_BOUNDS)),
				 errdetail("The boundaries are %s.", cs_array_text(PointerGetDatum(arr))),
				 errhint("Pass increasing boundaries, e.g. %s.", example)));
	if (ARR_ELEMTYPE(arr) != INT4OID && ARR_ELEMTYPE(arr) != NUMERICOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("boundaries must be an int[] or numeric[]"),
				 errdetail("The boundaries are of type %s.", format_type_be(ARR_ELEMTYPE(arr))),
				 errhint("Pass increasing boundaries, e.g. %s.", example)));
	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		Numeric		b = ARR_ELEMTYPE(arr) == INT4OID ? int64_to_numeric(DatumGetInt32(elems[i]))
			: DatumGetNumeric(elems[i]);

		if (fractions)
			cs_check_rate(b, "boundary");
		cs_check_money(b, "boundary");
		if (cs_numeric_sign(b) < 0 ||
			(i > 0 && DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(b), bounds[i - 1])) <= 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("boundaries must be non-negative and strictly increasing"),
					 errdetail("Boundary %d is %s%s%s.", i + 1, cs_numeric_text(NumericGetDatum(b)),
							   i > 0 ? ", boundary before it " : "",
							   i > 0 ? cs_numeric_text(bounds[i - 1]) : ""),
					 errhint("Pass increasing boundaries, e.g. %s.", example)));
		bounds[i] = NumericGetDatum(b);
	}
	return n;
}

/*
 * Per call site: the last boundaries array (its bytes; none kept while the
 * default boundaries are in use) and its values, so a row costs a few
 * comparisons.
 */
typedef struct ClassCache
{
	CsArrayCopy arr;
	int			nbounds;
	Datum		bounds[MAX_CLASS_BOUNDS];
} ClassCache;

static void
class_cache_set(FunctionCallInfo fcinfo, ClassCache *c, const Datum *bounds, int n)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	int			i;

	for (i = 0; i < c->nbounds; i++)
		pfree(DatumGetPointer(c->bounds[i]));
	for (i = 0; i < n; i++)
		c->bounds[i] = datumCopy(bounds[i], false, -1);
	c->nbounds = n;
	MemoryContextSwitchTo(old);
}

/*
 * The boundaries of argument argno.  defaults (the SQL parameter's DEFAULT,
 * as numeric literals, ndefaults of them) is what NULL means, as the API
 * contract says of every option; without a default (holding_class), NULL
 * is an error.
 */
static ClassCache *
class_cache(FunctionCallInfo fcinfo, ClassCache *c, int argno, int expected, const char *example,
			bool fractions, const char *const *defaults, int ndefaults)
{
	Datum		bounds[MAX_CLASS_BOUNDS];
	int			n,
				i;

	if (PG_ARGISNULL(argno))
	{
		if (defaults == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("boundaries must not be NULL"),
					 errdetail("The boundaries have no default."),
					 errhint("Pass increasing boundaries, e.g. %s.", example)));
		if (c->nbounds == 0 || c->arr.bytes != NULL)	/* not the defaults yet */
		{
			for (i = 0; i < ndefaults; i++)
				bounds[i] = DirectFunctionCall3(numeric_in, CStringGetDatum(defaults[i]),
												ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
			class_cache_set(fcinfo, c, bounds, ndefaults);
			cs_array_forget(&c->arr);
		}
		return c;
	}
	if (cs_array_same(&c->arr, PG_GETARG_ARRAYTYPE_P(argno)))
		return c;
	/* checked before the cache changes; boundaries that change per row must not pile up */
	n = read_class_bounds(fcinfo, argno, bounds, expected, example, fractions);
	class_cache_set(fcinfo, c, bounds, n);
	cs_array_remember(fcinfo, &c->arr, PG_GETARG_ARRAYTYPE_P(argno));
	return c;
}

/*
 * 0-based class of a non-negative value (a fraction in [0, 1] when
 * fractions): the number of boundaries <= it
 */
static int
class_of(FunctionCallInfo fcinfo, int argno, const ClassCache *c, const char *what, bool fractions)
{
	Numeric		v = PG_GETARG_NUMERIC(argno);
	int			k = 0;

	if (fractions)
		cs_check_rate(v, what);
	cs_check_money(v, what);
	if (cs_numeric_sign(v) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errdetail("%s is %s.", what, cs_numeric_text(NumericGetDatum(v))),
				 errhint("Pass days >= 0.")));
	while (k < c->nbounds &&
		   DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(v), c->bounds[k])) >= 0)
		k++;
	return k;
}

static const char *const holding_labels[] = {"short_term", "mid_term", "long_term"};
static const char *const appetite_labels[] = {"conservative", "balanced", "aggressive"};

/* per call site of holding_style / risk_appetite: label OIDs and boundaries */
typedef struct ThreeClassCache
{
	Oid			labels[3];
	ClassCache	bounds;
} ThreeClassCache;

/* one of three enum labels for (value, two boundaries; NULL: defaults) */
static Datum
three_classes(FunctionCallInfo fcinfo, const char *const *labels, const char *example, const char *what,
			  bool fractions, const char *const *defaults)
{
	ThreeClassCache *c = cs_fn_cache(fcinfo, ThreeClassCache);

	cs_enum_lookup(fcinfo, c->labels, labels, 3);
	class_cache(fcinfo, &c->bounds, 1, 2, example, fractions, defaults, 2);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_OID(c->labels[class_of(fcinfo, 0, &c->bounds, what, fractions)]);
}

/* holding_style(avg_holding_days numeric, boundaries int[]) */
PG_FUNCTION_INFO_V1(cs_holding_style);
Datum
cs_holding_style(PG_FUNCTION_ARGS)
{
	static const char *const defaults[] = {"60", "180"};

	return three_classes(fcinfo, holding_labels, "'{60,180}'", "avg_holding_days", false, defaults);
}

/*
 * risk_appetite(risky_share numeric, boundaries numeric[]): the share and
 * the boundaries are fractions of the portfolio, checked as rates (the API
 * contract: 30 is almost surely 30% and is refused with a hint).
 */
PG_FUNCTION_INFO_V1(cs_risk_appetite);
Datum
cs_risk_appetite(PG_FUNCTION_ARGS)
{
	static const char *const defaults[] = {"0.3", "0.7"};

	return three_classes(fcinfo, appetite_labels, "'{0.3,0.7}'", "risky_share", true, defaults);
}

/*
 * holding_class(avg_holding_days numeric, boundaries int[], labels text[]):
 * the boundaries and the labels are cached separately, each keyed on its
 * own array, and their counts are checked against each other on every
 * call, since either can change while the other stays the same.
 */
typedef struct LabelCache
{
	ClassCache	bounds;
	CsArrayCopy arr;
	int			nlabels;
	text	   *labels[MAX_CLASS_BOUNDS + 1];
} LabelCache;

static void
bad_labels(int nbounds, Datum labels)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("labels must be a one-dimensional text[] of %d labels without NULLs, one more than the boundaries",
					nbounds + 1),
			 errdetail("The labels are %s.", cs_array_text(labels)),
			 errhint("Pass one label per class, e.g. '{day,week,month,quarter,half_year,year}' for '{7,30,90,180,365}'.")));
}

PG_FUNCTION_INFO_V1(cs_holding_class);
Datum
cs_holding_class(PG_FUNCTION_ARGS)
{
	LabelCache *c = cs_fn_cache(fcinfo, LabelCache);
	ArrayType  *arr;

	class_cache(fcinfo, &c->bounds, 1, 0, "'{7,30,90,180,365}'", false, NULL, 0);
	if (PG_ARGISNULL(2))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("labels must not be NULL"),
				 errdetail("The labels have no default."),
				 errhint("Pass one label more than boundaries, e.g. '{day,week,month,quarter,half_year,year}'.")));
	arr = PG_GETARG_ARRAYTYPE_P(2);
	if (!cs_array_same(&c->arr, arr))
	{
		Datum	   *elems;
		bool	   *nulls;
		int			n,
					i;
		MemoryContext old;

		if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != TEXTOID ||
			ARR_DIMS(arr)[0] != c->bounds.nbounds + 1)
			bad_labels(c->bounds.nbounds, PointerGetDatum(arr));
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
	else if (c->nlabels != c->bounds.nbounds + 1)
		bad_labels(c->bounds.nbounds, PointerGetDatum(arr));	/* the same labels, other boundaries */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(DatumGetTextPCopy(PointerGetDatum(c->labels[class_of(fcinfo, 0, &c->bounds, "avg_holding_days", false)])));
}
