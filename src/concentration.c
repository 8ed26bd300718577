/*
 * concentration.c
 *	  How concentrated customer value is: the share of the total
 *	  earned by the top fraction of customers ("20/80"), and the whale curve.
 *
 * Both are final functions over a value_summary, so they are exact,
 * parallel and splittable like the tier cut-offs.  A share is returned as
 * float8 because it is a ratio for a dashboard, not money; it is the same on
 * every IEEE-754 platform:
 *  - numeric values: the sums of their exact keys are exact 128-bit integers
 *    (common/int128.h), and a share is their quotient rounded once;
 *  - float8 values: summed in double with an error-free transformation
 *    (the rounding error of each addition and product is carried along, as
 *    in Ogita, Rump and Oishi's Sum2), in the summary's fixed descending
 *    order, so the result is as if summed in twice the precision; no long
 *    double, whose width differs between platforms.  A sum beyond DBL_MAX
 *    is an error.
 * A total <= 0 makes shares meaningless, so it gives NULL.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"
#include "value_summary.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/float.h"

#define DEFAULT_CURVE_POINTS 100

/* Running sum of values: exact for numeric keys, compensated for float8. */
typedef struct KeySum
{
	CsKind		kind;
	INT128		exact;			/* numeric: sum of keys (value * 10^4) */
	double		hi,				/* float8: the sum is hi + lo */
				lo;
} KeySum;

static void
keysum_init(KeySum *sum, CsKind kind)
{
	sum->kind = kind;
	sum->exact = int64_to_int128(0);
	sum->hi = sum->lo = 0.0;
}

/*
 * Add key * count.  For float8, p + pe is the product exactly (fma gives
 * its rounding error) and s plus the TwoSum term the sum exactly (Knuth);
 * the errors go to lo.  Both need each operation rounded as written: the
 * Makefile's -ffp-contract=off keeps compilers from fusing them.
 */
static inline void
keysum_add(KeySum *sum, int64 key, int64 count)
{
	double		v,
				c,
				p,
				pe,
				s,
				bv;

	if (sum->kind == CS_KIND_NUMERIC)
	{
		int128_add_int64_mul_int64(&sum->exact, key, count);
		return;
	}
	v = cs_key_to_float8(key);
	if (count == 1)
	{
		p = v;
		pe = 0.0;
	}
	else
	{
		c = (double) count;
		p = v * c;
		pe = fma(v, c, -p);
	}
	s = sum->hi + p;
	bv = s - sum->hi;
	sum->lo += ((sum->hi - (s - bv)) + (p - bv)) + pe;
	sum->hi = s;
}

/* the sum of a float8 KeySum as the nearest double */
static inline double
keysum_double(const KeySum *sum)
{
	return sum->hi + sum->lo;
}

/* a / b for sums of the same kind, b > 0 */
static double
keysum_ratio(const KeySum *a, const KeySum *b)
{
	double		q,
				p,
				pe,
				r;

	if (a->kind == CS_KIND_NUMERIC)
		return cs_int128_ratio(a->exact, b->exact);
	/* (ah + al) / (bh + bl): q, then the remainder exactly enough to correct it */
	q = a->hi / b->hi;
	p = q * b->hi;
	pe = fma(q, b->hi, -p);
	r = ((a->hi - p) - pe) + a->lo;
	r = fma(-q, b->lo, r);
	return q + r / b->hi;
}

/* The total of the summary's values; false when it is <= 0. */
static bool
summary_total(CsSummary *s, KeySum *total)
{
	CsSummaryIter it;
	int64		key,
				count;

	keysum_init(total, cs_summary_kind(s));
	cs_summary_iter_init(s, &it);
	while (cs_summary_iter_next(&it, &key, &count))
	{
		CHECK_FOR_INTERRUPTS();
		keysum_add(total, key, count);
	}
	if (total->kind == CS_KIND_NUMERIC)
		return int128_compare(total->exact, int64_to_int128(0)) > 0;

	/*
	 * A float8 sum, or a partial sum in descending order, beyond DBL_MAX
	 * would be infinite or NaN: refuse it rather than return a share that
	 * depends on how a platform overflows.
	 */
	if (!isfinite(total->hi) || !isfinite(total->lo))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the sum of the values is out of range for type double precision"),
				 errhint("Scale the values down, e.g. to thousands, before summarising them.")));
	return keysum_double(total) > 0;
}

/*
 * Cumulative shares of the total at ascending rank limits: out[j] = (sum of
 * the top limits[j] values) / total.  False when the total is <= 0.
 */
static bool
shares_at_ranks(CsSummary *s, const int64 *limits, int nlimits, double *out)
{
	KeySum		total;
	CsSummaryIter it;
	KeySum		top;
	int64		key,
				count,
				seen = 0;
	int			j = 0;

	if (!summary_total(s, &total))
		return false;
	keysum_init(&top, total.kind);
	cs_summary_iter_init(s, &it);
	while (j < nlimits && cs_summary_iter_next(&it, &key, &count))
	{
		CHECK_FOR_INTERRUPTS();
		while (j < nlimits && seen + count >= limits[j])
		{
			/* part of this run reaches the limit */
			KeySum		at = top;

			keysum_add(&at, key, limits[j] - seen);
			out[j++] = keysum_ratio(&at, &total);
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
	/* n = q * points + r, so ceil(n * k / points) = q * k + ceil(r * k / points), exactly in int64 */
	for (i = 0; i < points; i++)
		limits[i] = (n / points) * (i + 1) + ((n % points) * (i + 1) + points - 1) / points;
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
				 errhint("Read a value_curve_partial() state with value_curve_final(summary, points).")));
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
