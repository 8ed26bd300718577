/*
 * loyalty.c
 *	  Loyalty: loyalty_score, a 0-100 index of tenure,
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
 * order as the SQL formula in docs/loyalty.md, so the two agree.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"
#include "tiers.h"
#include "value_summary.h"

#include <float.h>
#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "catalog/pg_type.h"
#include "common/int128.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

#define NUM_COMPONENTS 5

/*
 * Per call site: the last weights array seen (none kept while the default
 * weights are in use) and their sum.
 */
typedef struct WeightCache
{
	CsArrayCopy arr;
	bool		ready;
	double		w[NUM_COMPONENTS];
	double		wsum;
	double		trades_scale;	/* ln(251) */
} WeightCache;

/* the SQL parameter's DEFAULT '{0.30,0.25,0.20,0.15,0.10}' */
static const double default_weights[NUM_COMPONENTS] = {0.30, 0.25, 0.20, 0.15, 0.10};

static void
bad_weights(ArrayType *arr, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("loyalty weights must be 5 finite non-negative numbers, not all zero"),
			 errdetail("The weights are %s: %s.", cs_array_text(PointerGetDatum(arr)), why),
			 errhint("Weigh tenure, trades, discount, referrals and new products, e.g. '{0.30,0.25,0.20,0.15,0.10}'.")));
}

/* ln(251), computed at run time as SQL's ln(251::float8) computes it */
static double
trades_scale(void)
{
	static volatile double base = 251.0;

	return log(base);
}

static void
weights_set(WeightCache *c, const double *w, double wsum)
{
	memcpy(c->w, w, sizeof(c->w));
	c->wsum = wsum;
	c->trades_scale = trades_scale();
	c->ready = true;
}

/* the weights argument argno; NULL means the default weights */
static WeightCache *
weights(FunctionCallInfo fcinfo, int argno)
{
	WeightCache *c = cs_fn_cache(fcinfo, WeightCache);
	ArrayType  *arr;
	double		w[NUM_COMPONENTS];
	double		wsum = 0;
	int			i;

	if (PG_ARGISNULL(argno))
	{
		if (!c->ready || c->arr.bytes != NULL)	/* not the defaults yet */
		{
			for (i = 0; i < NUM_COMPONENTS; i++)
				wsum += default_weights[i];
			weights_set(c, default_weights, wsum);
			cs_array_forget(&c->arr);
		}
		return c;
	}
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (cs_array_same(&c->arr, arr))
		return c;
	if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != FLOAT8OID ||
		ARR_DIMS(arr)[0] != NUM_COMPONENTS)
		bad_weights(arr, "they must be a one-dimensional float8[] of 5 elements without NULLs");
	memcpy(w, ARR_DATA_PTR(arr), sizeof(w));
	for (i = 0; i < NUM_COMPONENTS; i++)
	{
		if (isnan(w[i]) || isinf(w[i]) || w[i] < 0)
			bad_weights(arr, psprintf("weight %d is negative, NaN or infinite", i + 1));
		wsum += w[i];
	}
	if (wsum <= 0)
		bad_weights(arr, "every weight is zero");
	/* 100 * (a weighted sum <= wsum) must stay finite, or the score is NaN */
	if (!(wsum <= DBL_MAX / 100))
		bad_weights(arr, "they add up to more than 1.7e306; scale them down");
	weights_set(c, w, wsum);
	cs_array_remember(fcinfo, &c->arr, arr);
	return c;
}

static void
negative(const char *what, const char *value)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must not be negative", what),
			 errdetail("%s is %s.", what, value),
			 errhint("Loyalty measures are counts, days or rates >= 0.")));
}

/*
 * round(x::numeric, 2) for a finite x >= 0, without the text round trip and
 * in integer arithmetic, so that every IEEE-754 platform gives the answer
 * the x86-64 server gives.  float8::numeric keeps 15 significant digits
 * (correctly rounded), then round() goes half away from zero.
 *
 * x = m * 2^-s exactly (m < 2^53), so 100x = N / 2^s with N = 100m: whole
 * part w = N >> s, fraction r / 2^s.  The answer is w + 1 when the 15-digit
 * value of x reaches (w + 1/2) / 100, else w.  For x < 10^12 that point is
 * on the 15-digit grid, so x reaches it when x is at least the point minus
 * half a grid step, h = 5 * 10^(E-13) in units of 100x, where
 * 10^E <= x < 10^(E+1): r / 2^s >= 1/2 - h, that is (P = 10^(13-E))
 * r * P >= 2^s * (P/2 - 5), compared exactly in 128 bits.  x never equals
 * the point minus h (that is not a fraction over a power of 2), so there
 * is no tie for the 15-digit rounding to break.  Below 0.004 the answer is
 * 0.00 (15 digits cannot reach 0.005); scores are at most 100, anything
 * else goes through numeric itself.
 */
static Datum
round2_numeric(double x)
{
	int			exp2,
				s,
				e10,
				i;
	uint64		m,
				n,
				r,
				w,
				p;
	INT128		lhs = int64_to_int128(0),
				rhs = int64_to_int128(0);

	if (x >= 0 && x < 0.004)
		return NumericGetDatum(int64_div_fast_to_numeric(0, 2));
	if (!(x >= 0.004 && x < 1e12))
		return DirectFunctionCall2(numeric_round,
								   DirectFunctionCall1(float8_numeric, Float8GetDatum(x)),
								   Int32GetDatum(2));

	m = (uint64) ldexp(frexp(x, &exp2), 53);	/* x = m * 2^(exp2 - 53) */
	s = 53 - exp2;				/* 13..60 in this range */
	n = m * 100;				/* < 2^60 */
	w = n >> s;
	r = n & ((UINT64CONST(1) << s) - 1);

	/* E from w = floor(100x): 10^(E+2) <= w < 10^(E+3); below 0.01, E = -3 */
	e10 = -3;
	for (p = 1; p <= w; p *= 10)
		e10++;
	for (p = 1, i = 0; i < 13 - e10; i++)
		p *= 10;

	int128_add_int64_mul_int64(&lhs, (int64) r, (int64) p);
	int128_add_int64_mul_int64(&rhs, (int64) (UINT64CONST(1) << s), (int64) (p / 2 - 5));
	if (int128_compare(lhs, rhs) >= 0)
		w++;
	return NumericGetDatum(int64_div_fast_to_numeric((int64) w, 2));
}

/*
 * loyalty_score(tenure_days int, trades_per_year numeric, discount_rate
 * numeric, referrals int, new_products int, weights float8[]): NULL when a
 * required measure is NULL; new_products and weights have defaults (0 and
 * the default weights), which a NULL means (the API contract's rule for
 * options).
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

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	tenure = PG_GETARG_INT32(0);
	trades = cs_numeric_double(PG_GETARG_DATUM(1), "trades_per_year");
	cs_check_rate(PG_GETARG_NUMERIC(2), "discount_rate");
	discount = cs_numeric_double(PG_GETARG_DATUM(2), "discount_rate");
	referrals = PG_GETARG_INT32(3);
	products = PG_ARGISNULL(4) ? 0 : PG_GETARG_INT32(4);
	if (tenure < 0)
		negative("tenure_days", psprintf("%d", tenure));
	if (trades < 0)
		negative("trades_per_year", cs_numeric_text(PG_GETARG_DATUM(1)));
	if (referrals < 0)
		negative("referrals", psprintf("%d", referrals));
	if (products < 0)
		negative("new_products", psprintf("%d", products));

	sum = c->w[0] * fmin(tenure / 3650.0, 1.0) +
		c->w[1] * fmin(log(1.0 + trades) / c->trades_scale, 1.0) +
		c->w[2] * (1.0 - discount) +
		c->w[3] * (referrals / (referrals + 2.0)) +
		c->w[4] * (products / (products + 2.0));
	score = 100.0 * sum / c->wsum;
	PG_RETURN_DATUM(round2_numeric(score));
}

/* ---------------------------------------------------------------------
 * loyalty_tier(score, shares) OVER (...): shares[1] = high, shares[2] =
 * high or medium, cumulative from the top (default '{0.2,0.5}': the top
 * 20% high, the next 30% medium); and the deprecated 0.2.0 form
 * loyalty_tier(score, high_share, medium_share), where medium_share was
 * added to high_share.
 * --------------------------------------------------------------------- */

static const char *const loyalty_labels[] = {"low", "medium", "high"};

/* a share argument; NULL means its default (the SQL parameter's DEFAULT) */
static double
share_arg(WindowObject winobj, int argno, double dflt)
{
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, argno, &isnull);

	return isnull ? dflt : DatumGetFloat8(d);
}

/* loyalty_tier(score, shares) */
PG_FUNCTION_INFO_V1(cs_loyalty_tier_shares_window);
Datum
cs_loyalty_tier_shares_window(PG_FUNCTION_ARGS)
{
	static const double defaults[2] = {0.2, 0.5};
	static const CsSharesArg rule = {2, 2, defaults, 2, "{0.2,0.5}"};
	Oid		   *oids = cs_enum_oids(fcinfo, loyalty_labels, 3);
	int			tier = cs_window_percentile_tier_arg(PG_WINDOW_OBJECT(), CS_KIND_NUMERIC, 1, &rule);

	if (tier == 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[3 - tier]);
}

/*
 * loyalty_tier_deprecated(score, high_share, medium_share): high = the top
 * high_share, medium = the next medium_share, low = the rest
 */
PG_FUNCTION_INFO_V1(cs_loyalty_tier_window);
Datum
cs_loyalty_tier_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	Oid		   *oids = cs_enum_oids(fcinfo, loyalty_labels, 3);
	double		shares[2],
				medium;
	int			tier;

	shares[0] = share_arg(winobj, 1, 0.2);
	shares[1] = share_arg(winobj, 2, 0.3);
	cs_check_share(shares[0], "high_share");
	cs_check_share(shares[1], "medium_share");
	medium = shares[1];
	shares[1] += shares[0];
	if (shares[1] > 1.0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("high_share + medium_share must not exceed 1"),
				 errdetail("high_share is %g, medium_share %g.", shares[0], medium),
				 errhint("The shares are of the whole population, e.g. 0.2 high and 0.3 medium.")));
	tier = cs_window_percentile_tier(winobj, CS_KIND_NUMERIC, shares, shares[1] < 1.0 ? 2 : 1);
	if (tier == 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[3 - tier]);
}

/* ---------------------------------------------------------------------
 * The two-step form: loyalty_cutoffs (aggregate over a value_summary, or
 * loyalty_cutoffs_final from a stored one) returns (n, high_min,
 * medium_min), the smallest score that is high and the smallest that is
 * high or medium; then loyalty_tier_of(score, cutoffs) tiers each row with no
 * ranking.  The window form's rule is "rank <= ceil(N * share)", ties
 * sharing the better tier, which holds exactly when the score is >= the
 * ceil(N * share)-th largest score: the cut-offs are those order
 * statistics, read from the summary by the same comparison of keys
 * (cs_value_key) the window form uses, so the two agree on every row.
 * --------------------------------------------------------------------- */

static const double loyalty_default_shares[2] = {0.2, 0.5};

#define LOYALTY_SHARES_EXAMPLE "{0.2,0.5}"

static Datum
loyalty_cutoffs_from_summary(FunctionCallInfo fcinfo, CsSummary *s, const double *shares)
{
	TupleDesc	tupdesc = cs_result_tupdesc(fcinfo);
	Datum		values[3];
	bool		nulls[3] = {false, true, true};
	int64		n = s ? cs_summary_count(s) : 0;

	if (s && cs_summary_kind(s) == CS_KIND_FLOAT8)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("loyalty_cutoffs needs a summary of numeric scores"),
				 errhint("Summarise numeric scores with loyalty_cutoffs_partial(score).")));
	values[0] = Int64GetDatum(n);
	if (n > 0)
	{
		int64		pos[2],
					cuts[2];
		int			j;

		for (j = 0; j < 2; j++)
			pos[j] = Min(cs_rank_limit(n, shares[j], 1.0), n) - 1;
		cs_summary_desc_stats(s, pos, 2, cuts);
		for (j = 0; j < 2; j++)
		{
			values[1 + j] = cs_key_to_numeric(cuts[j], cs_summary_dscale(s));
			nulls[1 + j] = false;
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * loyalty_cutoffs_final(summary): the aggregate's final function; the
 * shares are those loyalty_cutoffs(score, shares) kept in the state, the
 * default '{0.2,0.5}' for a summary without shares.
 */
PG_FUNCTION_INFO_V1(cs_loyalty_cutoffs_final);
Datum
cs_loyalty_cutoffs_final(PG_FUNCTION_ARGS)
{
	CsSummary  *s = PG_ARGISNULL(0) ? NULL : cs_summary_from_datum(PG_GETARG_DATUM(0));
	double		shares[2];

	if (s == NULL || !cs_summary_shares(s, shares))
		memcpy(shares, loyalty_default_shares, sizeof(shares));
	else
		cs_check_shares(shares, 2, 2, 2, LOYALTY_SHARES_EXAMPLE);
	return loyalty_cutoffs_from_summary(fcinfo, s, shares);
}

/* loyalty_cutoffs_final(summary, shares): NULL shares means the default */
PG_FUNCTION_INFO_V1(cs_loyalty_cutoffs_final_shares);
Datum
cs_loyalty_cutoffs_final_shares(PG_FUNCTION_ARGS)
{
	const double *shares = loyalty_default_shares;
	int			n;

	if (!PG_ARGISNULL(1))
		shares = cs_shares_array(PG_GETARG_ARRAYTYPE_P(1), 2, 2, LOYALTY_SHARES_EXAMPLE, true, &n);
	return loyalty_cutoffs_from_summary(fcinfo, PG_ARGISNULL(0) ? NULL : cs_summary_from_datum(PG_GETARG_DATUM(0)),
										shares);
}

/*
 * loyalty_tier_of(score numeric, cutoffs loyalty_cutoffs_row), once a row: the
 * cut-offs are decoded into keys once per call site and again only when
 * their bytes change (one value for the whole query, as a rule).
 */
#define LOYALTY_CUTOFFS_RAW_MAX 128

typedef struct LoyaltyCutoffsCache
{
	Oid			oids[3];
	TupleDesc	tupdesc;
	bool		valid;
	Size		len;
	char		raw[LOYALTY_CUTOFFS_RAW_MAX];
	bool		has[2];
	int64		key[2];
} LoyaltyCutoffsCache;

static void
loyalty_decode_cutoffs(FunctionCallInfo fcinfo, LoyaltyCutoffsCache *c, Datum cutoffs)
{
	Datum		values[3];
	bool		nulls[3];
	int			j,
				dscale;

	cs_composite_deform(DatumGetHeapTupleHeader(cutoffs), &c->tupdesc, fcinfo->flinfo->fn_mcxt, values, nulls);
	for (j = 0; j < 2; j++)
	{
		c->has[j] = !nulls[1 + j];
		if (c->has[j])
			c->key[j] = cs_value_key(values[1 + j], CS_KIND_NUMERIC, &dscale);
	}
	if (c->has[0] && c->has[1] && c->key[0] < c->key[1])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("loyalty cut-offs must have high_min >= medium_min"),
				 errdetail("The cut-offs are high_min %s, medium_min %s.",
						   cs_numeric_text(values[1]), cs_numeric_text(values[2])),
				 errhint("Pass the cut-offs loyalty_cutoffs() returns.")));
}

PG_FUNCTION_INFO_V1(cs_loyalty_tier_cutoffs);
Datum
cs_loyalty_tier_cutoffs(PG_FUNCTION_ARGS)
{
	LoyaltyCutoffsCache *c = cs_fn_cache(fcinfo, LoyaltyCutoffsCache);
	struct varlena *cut;
	Size		len;
	int64		key;
	int			dscale,
				tier;

	cs_enum_lookup(fcinfo, c->oids, loyalty_labels, 3);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	cut = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(1));
	len = VARSIZE_ANY_EXHDR(cut);
	if (!c->valid || c->len != len || memcmp(c->raw, VARDATA_ANY(cut), len) != 0)
	{
		c->valid = false;
		loyalty_decode_cutoffs(fcinfo, c, PointerGetDatum(cut));
		if (len <= LOYALTY_CUTOFFS_RAW_MAX)
		{
			memcpy(c->raw, VARDATA_ANY(cut), len);
			c->len = len;
			c->valid = true;
		}
	}
	key = cs_value_key(PG_GETARG_DATUM(0), CS_KIND_NUMERIC, &dscale);
	/* 3 = high, 2 = medium, 1 = low: the cut-offs the key reaches, as the window form counts them */
	tier = c->has[0] && key >= c->key[0] ? 3 : c->has[1] && key >= c->key[1] ? 2 : 1;
	PG_RETURN_OID(c->oids[tier - 1]);
}
