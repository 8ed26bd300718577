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
 *  - float8 values: summed exactly, in a fixed-point integer wide enough
 *    for any double times any count (ExactSum below), and each sum rounded
 *    once to double; a share is the quotient of two exact sums, within one
 *    unit in the last place.  Integer arithmetic only (no extended
 *    precision, whose width differs between platforms), so the same
 *    multiset of values gives the same bits in any order, serial or
 *    parallel.  A sum that rounds beyond DBL_MAX is an error.
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
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/float.h"

/*
 * An exact float8 sum: a fixed-point integer in units of 2^-1074 (the least
 * subnormal), covering every double times any count (|sum| < 2^1088), kept
 * as XS_NLIMBS signed limbs of 32 bits each.  A limb takes at most two
 * 32-bit parts per addition, so carries need propagating only every 2^28
 * additions; the sum is rounded to double once, when it is read.  Every
 * operation is on integers, so the result is the same on every platform
 * and in every order of addition.
 */
#define XS_LIMB_BITS 32
#define XS_LIMB_MASK INT64CONST(0xFFFFFFFF)
#define XS_NLIMBS 70			/* 2240 bits: 1074 below the unit, 1166 above */
#define XS_MAX_ADDS (1 << 28)
#define XS_BIAS 1074			/* bit 0 of limb 0 is 2^-1074 */

typedef struct ExactSum
{
	int64		limb[XS_NLIMBS];	/* the sum is sum(limb[i] * 2^(32 i - 1074)) */
	int32		adds;			/* additions since carries were last propagated */
} ExactSum;

/* Running sum of values: exact for numeric keys (128 bits) and for float8. */
typedef struct KeySum
{
	CsKind		kind;
	INT128		exact;			/* numeric: sum of keys (value * 10^4) */
	ExactSum	fl;				/* float8 */
	bool		split;			/* float8: hi and lo below are set */
	double		hi,				/* float8: the sum as hi + lo, for a divisor */
				lo;
} KeySum;

/* carries up: limbs 0 .. n-2 in [0, 2^32), the top limb signed */
static void
xs_normalize(ExactSum *x)
{
	int			i;

	for (i = 0; i < XS_NLIMBS - 1; i++)
	{
		int64		low = x->limb[i] & XS_LIMB_MASK;

		/* an exact division: limb - low is a multiple of 2^32 */
		x->limb[i + 1] += (x->limb[i] - low) / (XS_LIMB_MASK + 1);
		x->limb[i] = low;
	}
	x->adds = 0;
}

/* x += v * count, exactly; v finite, count >= 0 */
static inline void
xs_add(ExactSum *x, double v, int64 count)
{
	uint64		bits,
				m,
				words[4];
	int			exp,
				pos,
				idx,
				sh,
				k,
				nwords;
	int64		hi = 0;
	uint64		lo;
	bool		negative;

	memcpy(&bits, &v, sizeof(bits));
	negative = (bits >> 63) != 0;
	exp = (int) ((bits >> 52) & 0x7FF);
	m = bits & ((UINT64CONST(1) << 52) - 1);
	if (exp != 0)
		m |= UINT64CONST(1) << 52;	/* normal: the hidden bit */
	if (m == 0 || count == 0)
		return;
	/* v = m * 2^(pos - 1074): a subnormal's exponent is that of exp 1 */
	pos = exp == 0 ? 0 : exp - 1;

	/* m * count < 2^53 * 2^63: up to four 32-bit words (two for one value) */
	if (count == 1)
		lo = m;
	else
	{
		INT128		prod = int64_to_int128(0);

		int128_add_int64_mul_int64(&prod, (int64) m, count);
		cs_int128_split(prod, &hi, &lo);
	}
	words[0] = lo & XS_LIMB_MASK;
	words[1] = lo >> 32;
	words[2] = (uint64) hi & XS_LIMB_MASK;
	words[3] = (uint64) hi >> 32;
	nwords = hi == 0 ? 2 : 4;

	idx = pos / XS_LIMB_BITS;
	sh = pos % XS_LIMB_BITS;
	for (k = 0; k < nwords; k++)
	{
		uint64		t = words[k] << sh;	/* < 2^63 */
		int64		a = (int64) (t & XS_LIMB_MASK),
					b = (int64) (t >> 32);

		if (negative)
		{
			x->limb[idx + k] -= a;
			x->limb[idx + k + 1] -= b;
		}
		else
		{
			x->limb[idx + k] += a;
			x->limb[idx + k + 1] += b;
		}
	}
	if (++x->adds >= XS_MAX_ADDS)
		xs_normalize(x);
}

/* 64 bits of the non-negative normalized x from bit q (q may be negative) */
static uint64
xs_bits(const ExactSum *x, int q)
{
	uint64		r = 0;
	int			i;

	for (i = 0; i < XS_NLIMBS; i++)
	{
		int			at = i * XS_LIMB_BITS - q;	/* where limb i lands in r */

		if (x->limb[i] == 0 || at >= 64 || at <= -XS_LIMB_BITS)
			continue;
		r |= at >= 0 ? (uint64) x->limb[i] << at : (uint64) x->limb[i] >> -at;
	}
	return r;
}

/* any bit of the non-negative normalized x below bit q */
static bool
xs_any_below(const ExactSum *x, int q)
{
	int			i;

	for (i = 0; i < XS_NLIMBS && i * XS_LIMB_BITS < q; i++)
	{
		int			n = q - i * XS_LIMB_BITS;	/* bits of limb i below q */

		if (n >= XS_LIMB_BITS ? x->limb[i] != 0 : (x->limb[i] & ((INT64CONST(1) << n) - 1)) != 0)
			return true;
	}
	return false;
}

/*
 * The sum rounded once to the nearest double (ties to even), as IEEE
 * arithmetic rounds; beyond DBL_MAX it is infinite.
 */
static double
xs_round(const ExactSum *in)
{
	ExactSum	x = *in;
	bool		negative;
	int			top,
				len,
				i;
	uint64		m,
				q53,
				rem;
	double		r;

	xs_normalize(&x);
	negative = x.limb[XS_NLIMBS - 1] < 0;
	if (negative)
	{
		for (i = 0; i < XS_NLIMBS; i++)
			x.limb[i] = -x.limb[i];
		xs_normalize(&x);
	}
	for (top = XS_NLIMBS - 1; top >= 0 && x.limb[top] == 0; top--)
		;
	if (top < 0)
		return 0.0;
	len = top * XS_LIMB_BITS + pg_leftmost_one_pos64((uint64) x.limb[top]) + 1;	/* bits */
	if (len <= 53)
		r = ldexp((double) xs_bits(&x, 0), -XS_BIAS);	/* exact, subnormals included */
	else
	{
		/* the top 64 bits, then 53 of them rounded with the rest as sticky */
		m = xs_bits(&x, len - 64);
		q53 = m >> 11;
		rem = m & 0x7FF;
		if (rem > 0x400 || (rem == 0x400 && ((q53 & 1) || xs_any_below(&x, len - 64))))
			q53++;
		/* q53 = 2^53 after a carry is still exact in a double */
		r = ldexp((double) q53, len - 53 - XS_BIAS);
	}
	return negative ? -r : r;
}

/* the sum as hi + lo: hi rounded once, lo the rest rounded once */
static void
xs_split(const ExactSum *x, double *hi, double *lo)
{
	ExactSum	rest = *x;

	*hi = xs_round(x);
	if (!isfinite(*hi))
	{
		*lo = 0.0;
		return;
	}
	xs_add(&rest, -*hi, 1);
	*lo = xs_round(&rest);
}

static void
keysum_init(KeySum *sum, CsKind kind)
{
	sum->kind = kind;
	sum->exact = int64_to_int128(0);
	sum->split = false;
	if (kind == CS_KIND_FLOAT8)
		memset(&sum->fl, 0, sizeof(sum->fl));
}

/* Add key * count, exactly. */
static inline void
keysum_add(KeySum *sum, int64 key, int64 count)
{
	sum->split = false;
	if (sum->kind == CS_KIND_NUMERIC)
		int128_add_int64_mul_int64(&sum->exact, key, count);
	else
		xs_add(&sum->fl, cs_key_to_float8(key), count);
}

static void
sum_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the sum of the values is out of range for type double precision"),
			 errhint("Scale the values down, e.g. to thousands, before summarising them.")));
}

/*
 * a / b for sums of the same kind, b > 0.  float8: both exact sums as
 * hi + lo (each part rounded once), then the quotient of the two
 * double-doubles: q, and its remainder exactly enough to correct it (fma
 * gives a product's rounding error; -ffp-contract=off keeps the compiler
 * from fusing anything else).  The result is within one unit in the last
 * place of the exact quotient, and the same bits on every platform.
 */
static double
keysum_ratio(const KeySum *a, KeySum *b)
{
	double		ah,
				al,
				bh,
				bl,
				q,
				p,
				pe,
				r;

	if (a->kind == CS_KIND_NUMERIC)
		return cs_int128_ratio(a->exact, b->exact);
	xs_split(&a->fl, &ah, &al);
	/* the divisor is the total of every share: split once */
	if (!b->split)
	{
		xs_split(&b->fl, &b->hi, &b->lo);
		b->split = true;
	}
	bh = b->hi;
	bl = b->lo;
	if (!isfinite(ah) || !isfinite(bh))
		sum_out_of_range();
	q = ah / bh;
	p = q * bh;
	pe = fma(q, bh, -p);
	r = ((ah - p) - pe) + al;
	r = fma(-q, bl, r);
	return q + r / bh;
}

/* The total of the summary's values; false when it is <= 0. */
static bool
summary_total(CsSummary *s, KeySum *total)
{
	CsSummaryIter it;
	int64		key,
				count;
	int			i;

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
	 * The exact sum's sign decides; a total that rounds beyond DBL_MAX is an
	 * error (a share of it would depend on how a platform overflows), but
	 * partial sums beyond it on the way are not, since nothing is rounded
	 * until the end.
	 */
	xs_normalize(&total->fl);
	for (i = XS_NLIMBS - 1; i >= 0 && total->fl.limb[i] == 0; i--)
		;
	if (i < 0 || total->fl.limb[XS_NLIMBS - 1] < 0)
		return false;
	if (!isfinite(xs_round(&total->fl)))
		sum_out_of_range();
	return true;
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
				p2,
				kept[2];
	Datum		r;

	/*
	 * No rows: the transition function, which checks the fraction, never
	 * ran, and the final function reads only the state (never the call
	 * expression, which engines that finish aggregates elsewhere rewrite).
	 */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	cs_summary_params(s, &p1, &p2);

	/*
	 * top_share(value, fraction) keeps its fraction, checked, and nothing
	 * else; any other summary (a partial aggregate's keeps nothing) was not
	 * built by it.
	 */
	if (cs_summary_shares(s, kept) || !isnan(p2) || !(p1 > 0.0 && p1 <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_summary keeps no top_share fraction"),
				 errdetail("top_share_aggfinal reads the fraction that top_share(value, fraction) keeps in its state; this summary keeps %s.",
						   cs_summary_params_text(s)),
				 errhint("Read a stored summary with top_share_final(summary, fraction).")));
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

	cs_check_curve_points(points);
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
				p2,
				kept[2];
	ArrayType  *r;

	/* no rows: as for top_share, the points were never read */
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	cs_summary_params(s, &p1, &p2);

	/*
	 * value_curve(value, points) keeps its points, checked, and nothing
	 * else; value_curve(value) and the partial aggregates keep nothing (100
	 * points).  Any other summary was built by another aggregate.
	 */
	if (cs_summary_shares(s, kept) || !isnan(p2) ||
		(!isnan(p1) && !(p1 >= CS_MIN_CURVE_POINTS && p1 <= CS_MAX_CURVE_POINTS && p1 == floor(p1))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value_summary keeps no number of curve points"),
				 errdetail("value_curve_aggfinal reads the points that value_curve(value, points) keeps in its state; this summary keeps %s.",
						   cs_summary_params_text(s)),
				 errhint("Read a stored summary with value_curve_final(summary, points).")));
	r = value_curve_of(s, isnan(p1) ? CS_DEFAULT_CURVE_POINTS : (int64) p1);
	if (r == NULL)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(r);
}

/*
 * value_curve_final(summary, points) and its alias value_curve(summary,
 * points): NULL points means the default, as in the aggregate; a NULL
 * summary is no rows (NULL), once the points are checked.
 */
PG_FUNCTION_INFO_V1(cs_value_curve_summary);
Datum
cs_value_curve_summary(PG_FUNCTION_ARGS)
{
	int64		points = PG_ARGISNULL(1) ? CS_DEFAULT_CURVE_POINTS : PG_GETARG_INT32(1);
	ArrayType  *r = value_curve_of(PG_ARGISNULL(0) ? NULL : cs_summary_from_datum(PG_GETARG_DATUM(0)), points);

	if (r == NULL)
		PG_RETURN_NULL();
	PG_RETURN_ARRAYTYPE_P(r);
}
