/*
 * loyalty.c
 *	  Loyalty (domain.md section 4): loyalty_score, a 0-100 index of tenure,
 *	  trading, the commission discount the customer demands, referrals and
 *	  new-product purchases; and loyalty_tier(score) OVER (...), high /
 *	  medium / low by percentile.
 *
 * Each component maps through a saturating transform to 0..1, so that no
 * single measure can dominate and more of a good thing never lowers the
 * score:
 *	tenure		 min(tenure_days / 3650, 1)				  (ten years = 1)
 *	trades		 min(ln(1 + trades_per_year) / ln(251), 1)  (250 a year = 1)
 *	discount	 1 - discount_rate							  (counts against)
 *	referrals	 referrals / (referrals + 2)				  (2 = 0.5)
 *	new products new_products / (new_products + 2)
 * and the score is 100 * sum(w_i * c_i) / sum(w_i), rounded to 2 decimals as
 * round(x::numeric, 2) rounds it.  The arithmetic is float8 in the same
 * order as the SQL formula in the README, so the two agree.
 */
#include "customer_seg.h"

#include <float.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#define NUM_COMPONENTS 5

/* Per call site: the last weights array seen and their sum. */
typedef struct WeightCache
{
	CsArrayCopy arr;
	double		w[NUM_COMPONENTS];
	double		wsum;
	double		trades_scale;	/* ln(251) */
} WeightCache;

static void
bad_weights(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("loyalty weights must be 5 finite non-negative numbers, not all zero"),
			 errdetail("%s", detail),
			 errhint("Weigh tenure, trades, discount, referrals and new products, e.g. '{0.30,0.25,0.20,0.15,0.10}'.")));
}

/* ln(251), computed at run time as SQL's ln(251::float8) computes it */
static double
trades_scale(void)
{
	static volatile double base = 251.0;

	return log(base);
}

static WeightCache *
weights(FunctionCallInfo fcinfo, int argno)
{
	WeightCache *c = fcinfo->flinfo->fn_extra;
	ArrayType  *arr;
	double		w[NUM_COMPONENTS];
	double		wsum = 0;
	int			i;

	if (PG_ARGISNULL(argno))
		bad_weights("The weights are NULL.");
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (c && cs_array_same(&c->arr, arr))
		return c;
	if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != FLOAT8OID ||
		ARR_DIMS(arr)[0] != NUM_COMPONENTS)
		bad_weights("The weights must be a one-dimensional float8[] of 5 elements without NULLs.");
	memcpy(w, ARR_DATA_PTR(arr), sizeof(w));
	for (i = 0; i < NUM_COMPONENTS; i++)
	{
		if (isnan(w[i]) || isinf(w[i]) || w[i] < 0)
			bad_weights("A weight is negative, NaN or infinite.");
		wsum += w[i];
	}
	if (wsum <= 0)
		bad_weights("Every weight is zero.");
	/* 100 * (a weighted sum <= wsum) must stay finite, or the score is NaN */
	if (!(wsum <= DBL_MAX / 100))
		bad_weights("The weights add up to more than 1.7e306; scale them down.");
	if (c == NULL)
		c = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(WeightCache));
	cs_array_remember(fcinfo, &c->arr, arr);
	memcpy(c->w, w, sizeof(w));
	c->wsum = wsum;
	c->trades_scale = trades_scale();
	return c;
}

static void
negative(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must not be negative", what),
			 errhint("Loyalty measures are counts, days or rates >= 0.")));
}

/* the exact-rounding argument below needs an x87-or-wider long double */
StaticAssertDecl(LDBL_MANT_DIG >= 64, "round2_numeric needs a long double with at least 64 mantissa bits");

/*
 * round(x::numeric, 2) for a finite x >= 0, without the text round trip:
 * float8::numeric keeps 15 significant digits, then round() goes half away
 * from zero.  x * 100 is exact in long double (53 + 7 bits), so is its
 * fraction; the 15-digit step matters only when it lands the fraction on
 * exactly one half, that is when the fraction is within half a unit of the
 * 15th digit below 0.5.
 */
static Datum
round2_numeric(double x)
{
	long double y = (long double) x * 100;
	long double whole = floorl(y);
	long double frac = y - whole;
	int64		v = (int64) whole;
	long double tol;

	/* half a unit of the 15th significant digit, in units of y */
	if (x >= 100)
		tol = 0.5e-10L;
	else if (x >= 10)
		tol = 0.5e-11L;
	else if (x >= 1)
		tol = 0.5e-12L;
	else
		tol = x == 0 ? 0 : 0.5L * powl(10.0L, floor(log10(x)) - 12);

	if (frac >= 0.5L || 0.5L - frac <= tol)
		v++;
	return NumericGetDatum(int64_div_fast_to_numeric(v, 2));
}

/*
 * loyalty_score(tenure_days int, trades_per_year numeric, discount_rate
 * numeric, referrals int, new_products int, weights float8[]): NULL when a
 * measure is NULL.
 */
PG_FUNCTION_INFO_V1(cs_loyalty_score);
Datum
cs_loyalty_score(PG_FUNCTION_ARGS)
{
	WeightCache *c = weights(fcinfo, 5);
	int32		tenure,
				referrals,
				products;
	double		trades,
				discount,
				sum,
				score;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	tenure = PG_GETARG_INT32(0);
	trades = cs_numeric_double(PG_GETARG_DATUM(1), "trades_per_year");
	discount = cs_numeric_double(PG_GETARG_DATUM(2), "discount_rate");
	referrals = PG_GETARG_INT32(3);
	products = PG_GETARG_INT32(4);
	if (tenure < 0)
		negative("tenure_days");
	if (trades < 0)
		negative("trades_per_year");
	if (referrals < 0)
		negative("referrals");
	if (products < 0)
		negative("new_products");
	if (!(discount >= 0 && discount <= 1))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("discount_rate %g is not in the range [0, 1]", discount),
				 errhint("Pass the commission discount as a fraction of list price, e.g. 0.15 for 15%% off.")));

	sum = c->w[0] * fmin(tenure / 3650.0, 1.0) +
		c->w[1] * fmin(log(1.0 + trades) / c->trades_scale, 1.0) +
		c->w[2] * (1.0 - discount) +
		c->w[3] * (referrals / (referrals + 2.0)) +
		c->w[4] * (products / (products + 2.0));
	score = 100.0 * sum / c->wsum;
	PG_RETURN_DATUM(round2_numeric(score));
}

/* ---------------------------------------------------------------------
 * loyalty_tier(score, high_share, medium_share) OVER (...)
 * --------------------------------------------------------------------- */

static const char *const loyalty_labels[] = {"low", "medium", "high"};

static double
share_arg(WindowObject winobj, int argno, const char *what)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, argno, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", what),
				 errhint("Omit the argument to use the default.")));
	return DatumGetFloat8(d);
}

/* high = the top high_share, medium = the next medium_share, low = the rest */
PG_FUNCTION_INFO_V1(cs_loyalty_tier_window);
Datum
cs_loyalty_tier_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Oid		   *oids = cs_enum_oids(fcinfo, loyalty_labels, 3, 0);
	double		shares[2];
	int			tier;

	shares[0] = share_arg(winobj, 1, "high_share");
	shares[1] = share_arg(winobj, 2, "medium_share");
	cs_check_share(shares[0], "high_share");
	cs_check_share(shares[1], "medium_share");
	shares[1] += shares[0];
	if (shares[1] > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("high_share + medium_share must not exceed 1"),
				 errhint("The shares are of the whole population, e.g. 0.2 high and 0.3 medium.")));
	tier = cs_window_percentile_tier(winobj, CS_KIND_NUMERIC, shares, shares[1] < 1.0 ? 2 : 1);
	if (tier == 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[3 - tier]);
}
