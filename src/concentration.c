/*
 * concentration.c
 *	  How concentrated value is (domain.md section 1): the share of the total
 *	  earned by the top fraction of customers ("20/80"), and the whale curve.
 *
 * Both are final functions over a value_summary, so they are exact,
 * parallel and splittable like the tier cut-offs.  Sums run over the exact
 * keys (int128 for numeric, long double for float8); a share is returned as
 * float8 because it is a ratio for a dashboard, not money.  A total <= 0
 * makes shares meaningless, so it gives NULL.
 */
#include "customer_seg.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/float.h"

#define DEFAULT_CURVE_POINTS 100

/* Running sum of keys, exact for numeric keys. */
typedef struct KeySum
{
	CsKind		kind;
#ifdef HAVE_INT128
	int128		exact;
#endif
	long double approx;
} KeySum;

static inline void
keysum_add(KeySum *sum, int64 key, int64 count)
{
#ifdef HAVE_INT128
	if (sum->kind == CS_KIND_NUMERIC)
	{
		sum->exact += (int128) key * count;
		return;
	}
#endif
	sum->approx += cs_key_to_long_double(key, sum->kind) * count;
}

static inline long double
keysum_value(const KeySum *sum)
{
#ifdef HAVE_INT128
	if (sum->kind == CS_KIND_NUMERIC)
		return (long double) sum->exact / 10000.0L;
#endif
	return sum->approx;
}

static long double
summary_total(CsSummary *s)
{
	CsSummaryIter it;
	KeySum		total = {cs_summary_kind(s)};
	int64		key,
				count;

	cs_summary_iter_init(s, &it);
	while (cs_summary_iter_next(&it, &key, &count))
		keysum_add(&total, key, count);

	/*
	 * float8 values near DBL_MAX: an x87 long double still holds their sum,
	 * a 64-bit one (other platforms, valgrind) overflows to NaN.  Refuse them
	 * everywhere, so no platform returns a different share.
	 */
	if (!(fabsl(keysum_value(&total)) <= DBL_MAX))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the sum of the values is out of range for type double precision"),
				 errhint("Scale the values down, e.g. to thousands, before summarising them.")));
	return keysum_value(&total);
}

/*
 * Cumulative shares of the total at ascending rank limits: out[j] = (sum of
 * the top limits[j] values) / total.  False when the total is <= 0.
 */
static bool
shares_at_ranks(CsSummary *s, const int64 *limits, int nlimits, double *out)
{
	long double total = summary_total(s);
	CsSummaryIter it;
	KeySum		top = {cs_summary_kind(s)};
	int64		key,
				count,
				seen = 0;
	int			j = 0;

	if (!(total > 0))
		return false;
	cs_summary_iter_init(s, &it);
	while (j < nlimits && cs_summary_iter_next(&it, &key, &count))
	{
		while (j < nlimits && seen + count >= limits[j])
		{
			/* part of this run reaches the limit */
			KeySum		at = top;

			keysum_add(&at, key, limits[j] - seen);
			out[j++] = (double) (keysum_value(&at) / total);
		}
		keysum_add(&top, key, count);
		seen += count;
	}
	return true;
}

static Datum
top_share_of(CsSummary *s, double fraction)
{
	int64		limit;
	double		share;

	cs_check_share(fraction, "fraction");
	if (s == NULL || cs_summary_count(s) == 0)
		return (Datum) 0;
	limit = cs_rank_limit(cs_summary_count(s), fraction, 1.0);
	if (!shares_at_ranks(s, &limit, 1, &share))
		return (Datum) 0;
	return Float8GetDatum(share);
}

/* final function of top_share(value, fraction) */
PG_FUNCTION_INFO_V1(cs_top_share_final);
Datum
cs_top_share_final(PG_FUNCTION_ARGS)
{
	CsSummary  *s;
	double		p1,
				p2;
	Datum		r;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	cs_summary_params(s, &p1, &p2);
	if (cs_summary_count(s) == 0)
		PG_RETURN_NULL();
	r = top_share_of(s, p1);
	if (r == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

/* top_share(summary, fraction) */
PG_FUNCTION_INFO_V1(cs_top_share_summary);
Datum
cs_top_share_summary(PG_FUNCTION_ARGS)
{
	Datum		r = top_share_of(cs_summary_from_datum(PG_GETARG_DATUM(0)), PG_GETARG_FLOAT8(1));

	if (r == (Datum) 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

/*
 * The whale curve: at each of `points` evenly spaced ranks from the top,
 * r_i = ceil(N * i / points), the cumulative share of the total.
 */
static ArrayType *
value_curve_of(CsSummary *s, int64 points)
{
	int64		n;
	int64	   *limits;
	double	   *shares;
	Datum	   *elems;
	int64		i;

	if (points < 2 || points > 100000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("points must be between 2 and 100000, not " INT64_FORMAT, points),
				 errhint("A curve needs at least two points; 100 gives percent steps.")));
	if (s == NULL || (n = cs_summary_count(s)) == 0)
		return NULL;
	limits = palloc(points * sizeof(int64));
	shares = palloc(points * sizeof(double));
	for (i = 0; i < points; i++)
	{
#ifdef HAVE_INT128
		limits[i] = (int64) (((int128) n * (i + 1) + points - 1) / points);
#else
		limits[i] = (int64) ceil((double) n * (i + 1) / points);
#endif
	}
	if (!shares_at_ranks(s, limits, points, shares))
		return NULL;
	elems = palloc(points * sizeof(Datum));
	for (i = 0; i < points; i++)
		elems[i] = Float8GetDatum(shares[i]);
	return construct_array(elems, points, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

/* final function of value_curve(value[, points]) */
PG_FUNCTION_INFO_V1(cs_value_curve_final);
Datum
cs_value_curve_final(PG_FUNCTION_ARGS)
{
	CsSummary  *s;
	double		p1,
				p2;
	ArrayType  *r;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	cs_summary_params(s, &p1, &p2);
	/* a summary built by another aggregate carries shares, not points */
	if (!isnan(p1) && !(p1 >= 2 && p1 <= 100000 && p1 == floor(p1)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_summary parameter %g is not a number of curve points", p1),
				 errhint("Read a summary built by value_summary() with value_curve(summary, points).")));
	r = value_curve_of(s, isnan(p1) ? DEFAULT_CURVE_POINTS : (int64) p1);
	if (r == NULL)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(r);
}

/* value_curve(summary, points) */
PG_FUNCTION_INFO_V1(cs_value_curve_summary);
Datum
cs_value_curve_summary(PG_FUNCTION_ARGS)
{
	ArrayType  *r = value_curve_of(cs_summary_from_datum(PG_GETARG_DATUM(0)), PG_GETARG_INT32(1));

	if (r == NULL)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(r);
}
