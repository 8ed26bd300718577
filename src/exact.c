/*
 * exact.c
 *	  Exact arithmetic: numeric operations with a clear error on overflow,
 *	  the exact int64 key of an amount to sum, and 128-bit integers through
 *	  common/int128.h (native, or its two-word fallback) with the division,
 *	  remainder and decimal output that header lacks.
 */
#include "common.h"
#include "exact.h"
#include "valuekey.h"

#include <math.h>

#include "port/pg_bitutils.h"
#include "utils/builtins.h"

/* op(a, b) of numeric.c's *_opt_error functions, with a clear error on overflow */
static Numeric
checked(Numeric (*op) (Numeric, Numeric, bool *), Numeric a, Numeric b)
{
	bool		have_error = false;
	Numeric		r = op(a, b, &have_error);

	if (have_error)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value overflows numeric format"),
				 errhint("Check the inputs for implausibly large amounts or rates.")));
	return r;
}

Numeric
cs_numeric_add(Numeric a, Numeric b)
{
	return checked(numeric_add_opt_error, a, b);
}

Numeric
cs_numeric_sub(Numeric a, Numeric b)
{
	return checked(numeric_sub_opt_error, a, b);
}

Numeric
cs_numeric_mul(Numeric a, Numeric b)
{
	return checked(numeric_mul_opt_error, a, b);
}

int64
cs_sum_key(Datum value, const char *what, int32 *dscale)
{
	int64		key;
	int			scale;

	if (!cs_numeric_key_try(value, &key, &scale))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s cannot be summed exactly", what),
				 errdetail("%s is %s; amounts may have at most 4 decimal places and an absolute value below 922337203685477.",
						   what, cs_numeric_text(value)),
				 errhint("Round the amounts first, e.g. round(amount, 2).")));
	if (scale > *dscale)
		*dscale = scale;
	return key;
}

/*
 * cs_int128_ratio: unsigned 128-bit magnitudes as two words, enough for a
 * restoring division that yields 56 quotient bits plus a sticky bit, which
 * is what rounding to a 53-bit mantissa needs to be exact.
 */
typedef struct U128
{
	uint64		hi,
				lo;
} U128;

static U128
u128_magnitude(INT128 v, bool *negative)
{
	int64		hi;
	U128		u;

	cs_int128_split(v, &hi, &u.lo);
	u.hi = (uint64) hi;
	*negative = hi < 0;
	if (*negative)
	{
		u.lo = ~u.lo + 1;
		u.hi = ~u.hi + (u.lo == 0);
	}
	return u;
}

static int
u128_bits(U128 a)
{
	if (a.hi)
		return 65 + pg_leftmost_one_pos64(a.hi);
	return a.lo ? 1 + pg_leftmost_one_pos64(a.lo) : 0;
}

static U128
u128_shl(U128 a, int k)
{
	U128		r;

	if (k == 0)
		return a;
	if (k >= 64)
	{
		r.hi = a.lo << (k - 64);
		r.lo = 0;
	}
	else
	{
		r.hi = (a.hi << k) | (a.lo >> (64 - k));
		r.lo = a.lo << k;
	}
	return r;
}

double
cs_int128_ratio(INT128 a, INT128 b)
{
	bool		aneg,
				bneg;
	U128		x = u128_magnitude(a, &aneg),
				y = u128_magnitude(b, &bneg);
	int			shift,
				extra,
				i;
	uint64		q = 0,
				mant,
				rest,
				half;
	bool		sticky;
	double		r;

	Assert(u128_bits(y) > 0);
	if (u128_bits(x) == 0)
		return 0.0;
	/* both exact in a double: IEEE division rounds the quotient once */
	if (u128_bits(x) <= 53 && u128_bits(y) <= 53)
	{
		r = (double) x.lo / (double) y.lo;
		return aneg != bneg ? -r : r;
	}
	/* align the leading bits: x / y is then in (1/2, 2), times 2^shift */
	shift = u128_bits(x) - u128_bits(y);
	if (shift >= 0)
		y = u128_shl(y, shift);
	else
		x = u128_shl(x, -shift);
	for (i = 0; i < 56; i++)
	{
		q <<= 1;
		if (x.hi > y.hi || (x.hi == y.hi && x.lo >= y.lo))
		{
			x.hi = x.hi - y.hi - (x.lo < y.lo);
			x.lo = x.lo - y.lo;
			q |= 1;
		}
		x = u128_shl(x, 1);
	}
	sticky = (x.hi | x.lo) != 0;
	/* q = floor(x / y * 2^55) has 55 or 56 bits: keep 53, round the rest */
	extra = pg_leftmost_one_pos64(q) + 1 - 53;
	mant = q >> extra;
	rest = q & ((UINT64CONST(1) << extra) - 1);
	half = UINT64CONST(1) << (extra - 1);
	if (rest > half || (rest == half && (sticky || (mant & 1))))
		mant++;
	r = ldexp((double) mant, shift - 55 + extra);
	return aneg != bneg ? -r : r;
}

/*
 * sum += v; false, leaving sum alone, where 128 bits would wrap: both
 * addends of one sign and the result of the other.
 */
bool
cs_int128_add(INT128 *sum, INT128 v)
{
	int64		ahi,
				bhi,
				rhi;
	uint64		alo,
				blo,
				rlo;

	cs_int128_split(*sum, &ahi, &alo);
	cs_int128_split(v, &bhi, &blo);
	rlo = alo + blo;
	rhi = (int64) ((uint64) ahi + (uint64) bhi + (rlo < alo));
	if ((ahi < 0) == (bhi < 0) && (rhi < 0) != (ahi < 0))
		return false;
	*sum = cs_int128_join(rhi, rlo);
	return true;
}

/*
 * |v| as four 32-bit words, most significant first, so that dividing by a
 * small number is schoolbook long division in uint64; true when v < 0.
 */
static bool
int128_words(INT128 v, uint32 w[4])
{
	bool		negative;
	U128		u = u128_magnitude(v, &negative);

	w[0] = (uint32) (u.hi >> 32);
	w[1] = (uint32) u.hi;
	w[2] = (uint32) (u.lo >> 32);
	w[3] = (uint32) u.lo;
	return negative;
}

/* w /= d in place; returns the remainder */
static uint32
words_divmod(uint32 w[4], uint32 d)
{
	uint64		rem = 0;
	int			j;

	for (j = 0; j < 4; j++)
	{
		uint64		cur = (rem << 32) | w[j];

		w[j] = (uint32) (cur / d);
		rem = cur % d;
	}
	return (uint32) rem;
}

uint32
cs_int128_mod(INT128 v, uint32 m)
{
	uint32		w[4];

	Assert(m > 0);
	int128_words(v, w);
	return words_divmod(w, m);
}

Datum
cs_int128_key_to_numeric(INT128 key, int dscale)
{
	int64		hi;
	uint64		lo;
	uint32		w[4];
	char		buf[48];
	char	   *p = buf + sizeof(buf) - 1;
	int			digits = 0;
	bool		negative;

	cs_int128_split(key, &hi, &lo);
	if ((hi == 0 && lo <= (uint64) PG_INT64_MAX) || (hi == -1 && lo > (uint64) PG_INT64_MAX))
		return cs_key_to_numeric((int64) lo, dscale);
	negative = int128_words(key, w);
	*p = '\0';
	do
	{
		*--p = '0' + words_divmod(w, 10);
		if (++digits == CS_NUMERIC_KEY_SCALE)
			*--p = '.';
	} while (w[0] | w[1] | w[2] | w[3]);
	if (negative)
		*--p = '-';
	return DirectFunctionCall2(numeric_round,
							   DirectFunctionCall3(numeric_in, CStringGetDatum(p),
												   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)),
							   Int32GetDatum(dscale));
}

Datum
cs_int128_scaled_to_numeric(INT128 v, int scale, int dscale)
{
	uint32		w[4];
	char		buf[96];
	char	   *p = buf + sizeof(buf) - 1;
	int			digits = 0;
	bool		negative;

	Assert(scale >= 0 && scale <= 40);
	if (scale == CS_NUMERIC_KEY_SCALE)
		return cs_int128_key_to_numeric(v, dscale);
	negative = int128_words(v, w);
	*p = '\0';
	/* every decimal digit, then at least one digit before the point */
	do
	{
		*--p = '0' + words_divmod(w, 10);
		if (++digits == scale)
			*--p = '.';
	} while ((w[0] | w[1] | w[2] | w[3]) || digits <= scale);
	if (negative)
		*--p = '-';
	return DirectFunctionCall2(numeric_round,
							   DirectFunctionCall3(numeric_in, CStringGetDatum(p),
												   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)),
							   Int32GetDatum(dscale));
}
