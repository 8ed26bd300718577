/*
 * valuekey.c
 *	  Exact integer keys for ranking values, and the selection, sorting and
 *	  rank-limit arithmetic that value tiers and concentration share.
 *
 * Ranking millions of numerics with numeric_cmp costs more than the scan that
 * feeds it.  Money has few decimals, so each value maps to an int64 that
 * orders exactly as the value does (see valuekey.h); everything after
 * that is integer work: an in-place radix selection for cut-offs and an LSD
 * radix sort for summaries, both linear whatever the input order.
 */
#include "common.h"
#include "valuekey.h"

#include <errno.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/fmgrprotos.h"

/*
 * Decoded numeric -> value * 10^4 as int64; false when that is not exact.
 * The digits at exponents weight .. -1 make the integer part of value*10^4.
 */
static bool
parts_key(const CsNumericParts *p, int64 *key)
{
	int64		acc = 0;
	int			i;

	*key = 0;
	if (p->ndigits == 0)
		return true;
	for (i = 0; i <= p->weight + 1; i++)
	{
		int16		d = i < p->ndigits ? cs_numeric_digit(p, i) : 0;

		if (pg_mul_s64_overflow(acc, CS_NUMERIC_NBASE, &acc) || pg_add_s64_overflow(acc, d, &acc))
			return false;
	}
	/* any nonzero digit beyond 10^-4 cannot be represented exactly */
	for (i = Max(p->weight + 2, 0); i < p->ndigits; i++)
		if (cs_numeric_digit(p, i) != 0)
			return false;
	*key = p->negative ? -acc : acc;
	return true;
}

/*
 * numeric -> value * 10^4 as int64; false when that is not exact.  Decodes
 * the datum in place (valuekey.h), packed short headers straight from a
 * tuple included, so no per-row detoast copy; TOASTed values are fetched.
 */
bool
cs_numeric_key_try(Datum value, int64 *key, int *dscale)
{
	struct varlena *v = cs_numeric_untoast(value);
	CsNumericParts p;
	bool		ok;

	cs_numeric_decode(v, &p);
	if (p.special)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot rank or sum NaN or infinite values"),
				 errdetail("The value is %s.", cs_numeric_text(value)),
				 errhint("Replace NaN and infinities with NULL or a real amount.")));
	*dscale = p.dscale;
	ok = parts_key(&p, key);
	if ((Pointer) v != DatumGetPointer(value))
		pfree(v);
	return ok;
}

int64
cs_numeric_key(Datum value, int *dscale)
{
	int64		key;

	if (!cs_numeric_key_try(value, &key, dscale))
		ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value cannot be ranked exactly"),
			 errdetail("The value is %s; ranked numeric values may have at most %d decimal places and an absolute value below 922337203685477.",
					   cs_numeric_text(value), CS_NUMERIC_KEY_SCALE),
			 errhint("Round the values first, e.g. round(net, 2), or rank them as float8.")));
	return key;
}

int64
cs_float8_key(double value)
{
	int64		bits;

	if (isnan(value) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot rank NaN or infinite values"),
				 errdetail("The value is %s.", isnan(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity"),
				 errhint("Replace NaN and infinities with NULL (unranked) or a real amount.")));
	if (value == 0.0)
		value = 0.0;			/* -0 ranks as 0 */
	memcpy(&bits, &value, sizeof(bits));
	return bits >= 0 ? bits : bits ^ PG_INT64_MAX;
}

double
cs_key_to_float8(int64 key)
{
	int64		bits = key >= 0 ? key : key ^ PG_INT64_MAX;
	double		value;

	memcpy(&value, &bits, sizeof(value));
	return value;
}

/*
 * key -> numeric with the given display scale (exact: key is value * 10^4).
 * When the scale is at most 4 the key's last 4 - dscale digits are zero (the
 * values had no more decimals), so one int64_div_fast_to_numeric does it.
 */
static const int64 key_pow10[] = {10000, 1000, 100, 10, 1};

Datum
cs_key_to_numeric(int64 key, int dscale)
{
	Datum		n;

	Assert(dscale >= 0);
	if (dscale >= 0 && dscale <= CS_NUMERIC_KEY_SCALE && key % key_pow10[dscale] == 0)
		return NumericGetDatum(int64_div_fast_to_numeric(key / key_pow10[dscale], dscale));
	n = NumericGetDatum(int64_div_fast_to_numeric(key, CS_NUMERIC_KEY_SCALE));
	return DirectFunctionCall2(numeric_round, n, Int32GetDatum(dscale));
}

/*
 * Whether a key (value * 10^4) has no more decimals than dscale: true of
 * every key summed or summarised from values of at most that display scale,
 * so a stored state whose keys are finer than its scale is corrupt (its
 * sums would be rounded when read).
 */
bool
cs_key_fits_scale(int64 key, int dscale)
{
	return dscale >= CS_NUMERIC_KEY_SCALE || (dscale >= 0 && key % key_pow10[dscale] == 0);
}

/*
 * bigint -> the float8 of the same value, for a summary: exact up to 2^53 in
 * absolute value; beyond, where a float8 would be rounded (two distinct
 * values could tie), an ERROR.
 */
#define CS_INT8_FLOAT8_MAX (INT64CONST(1) << 53)

double
cs_int8_float8(int64 value)
{
	if (value > CS_INT8_FLOAT8_MAX || value < -CS_INT8_FLOAT8_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value cannot be summarised exactly"),
				 errdetail("The value is " INT64_FORMAT "; summarised bigint values must have an absolute value of at most 2^53 (" INT64_FORMAT ").",
						   value, CS_INT8_FLOAT8_MAX),
				 errhint("Summarise a coarser unit (e.g. value / 1000), or cast to float8 to summarise the values rounded to 53 bits.")));
	return (double) value;
}

int64
cs_value_key(Datum value, CsKind kind, int *dscale)
{
	if (kind == CS_KIND_FLOAT8)
	{
		*dscale = 0;
		return cs_float8_key(DatumGetFloat8(value));
	}
	if (kind == CS_KIND_INT8)
	{
		*dscale = 0;
		return DatumGetInt64(value);
	}
	return cs_numeric_key(value, dscale);
}

/* keys handled between two CHECK_FOR_INTERRUPTS() in the loops below */
#define INTERRUPT_MASK 0xFFFF

/* the smallest and largest of n >= 1 keys */
static void
keys_range(const int64 *keys, int64 n, int64 *min, int64 *max)
{
	int64		i;

	*min = *max = keys[0];
	for (i = 1; i < n; i++)
	{
		if ((i & INTERRUPT_MASK) == 0)
			CHECK_FOR_INTERRUPTS();
		if (keys[i] < *min)
			*min = keys[i];
		if (keys[i] > *max)
			*max = keys[i];
	}
}

/*
 * LSD radix sort, 8 bits a pass, on keys biased by the minimum so that passes
 * whose byte is the same in every key (the high bytes of money) are skipped.
 * Linear whatever the input order.
 */
void
cs_sort_keys(int64 *keys, int64 n)
{
	int64		min,
				max;
	uint64	   *src,
			   *dst,
			   *tmp;
	int64		i;
	int			pass;

	if (n < 2)
		return;
	keys_range(keys, n, &min, &max);
	if (min == max)
		return;

	src = (uint64 *) keys;
	for (i = 0; i < n; i++)
		src[i] = (uint64) keys[i] - (uint64) min;
	dst = palloc_extended(n * sizeof(uint64), MCXT_ALLOC_HUGE);

	for (pass = 0; pass < 8; pass++)
	{
		int			shift = pass * 8;
		int64		count[256] = {0};
		int64		pos = 0;
		int			b;

		if ((((uint64) max - (uint64) min) >> shift) == 0)
			break;
		/* a pass is a few ms a million keys: check between passes */
		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xFF]++;
		for (b = 0; b < 256; b++)
		{
			int64		c = count[b];

			count[b] = pos;
			pos += c;
		}
		for (i = 0; i < n; i++)
			dst[count[(src[i] >> shift) & 0xFF]++] = src[i];
		tmp = src;
		src = dst;
		dst = tmp;
	}
	if (src != (uint64 *) keys)
	{
		memcpy(keys, src, n * sizeof(uint64));
		dst = src;
	}
	pfree(dst);
	for (i = 0; i < n; i++)
		keys[i] = (int64) ((uint64) keys[i] + (uint64) min);
}

/*
 * Selection: in-place MSD radix partitioning (American flag) on the key's
 * bytes, high to low, descending.  Each level moves every key of its range at
 * most once and there are at most 8 levels, so the worst case is linear
 * whatever the order of the input: quickselect's pivot choice can be defeated
 * by crafted input (interleaved descending runs went quadratic), a byte
 * histogram cannot.  Every bucket that holds a wanted position is refined,
 * so many positions (deciles, percentiles) cost no more than one.
 */

/* a key as an unsigned integer of the same order */
#define KEY_BITS(k) ((uint64) (k) ^ ((uint64) 1 << 63))
#define KEY_BYTE(k, shift) ((int) ((KEY_BITS(k) >> (shift)) & 0xFF))

/* below this many keys, insertion sort beats another radix level */
#define SELECT_SMALL 32

static void
select_level(int64 *keys, int64 lo, int64 hi, int shift,
			 const int64 *pos, int npos, int64 *out)
{
	int64		count[256];
	int64		start[256],
				next[256];
	int64		i,
				moved = 0;
	int			b,
				j;

	if (hi - lo <= SELECT_SMALL)
	{
		/* descending insertion sort, then every wanted position is there */
		for (i = lo + 1; i < hi; i++)
		{
			int64		x = keys[i],
						m = i;

			for (; m > lo && keys[m - 1] < x; m--)
				keys[m] = keys[m - 1];
			keys[m] = x;
		}
		for (j = 0; j < npos; j++)
			out[j] = keys[pos[j]];
		return;
	}

	/* find the highest byte at which the range's keys differ */
	for (;; shift -= 8)
	{
		if (shift < 0)
		{
			/* all keys of the range are equal */
			for (j = 0; j < npos; j++)
				out[j] = keys[lo];
			return;
		}
		memset(count, 0, sizeof(count));
		for (i = lo; i < hi; i++)
		{
			if ((i & INTERRUPT_MASK) == 0)
				CHECK_FOR_INTERRUPTS();
			count[KEY_BYTE(keys[i], shift)]++;
		}
		if (count[KEY_BYTE(keys[lo], shift)] != hi - lo)
			break;
	}

	/* buckets in descending byte order */
	i = lo;
	for (b = 255; b >= 0; b--)
	{
		start[b] = next[b] = i;
		i += count[b];
	}

	/* cycle each misplaced key into its bucket: every key moves once */
	for (b = 255; b >= 0; b--)
	{
		int64		end = start[b] + count[b];

		while (next[b] < end)
		{
			int64		x = keys[next[b]];
			int			d = KEY_BYTE(x, shift);

			while (d != b)
			{
				int64		y = keys[next[d]];

				keys[next[d]++] = x;
				x = y;
				d = KEY_BYTE(x, shift);
				if ((++moved & INTERRUPT_MASK) == 0)
					CHECK_FOR_INTERRUPTS();
			}
			keys[next[b]++] = x;
			if ((++moved & INTERRUPT_MASK) == 0)
				CHECK_FOR_INTERRUPTS();
		}
	}

	/* refine only the buckets that hold wanted positions */
	for (j = 0; j < npos;)
	{
		int64		bend;
		int			k = j;

		b = KEY_BYTE(keys[pos[j]], shift);
		bend = start[b] + count[b];
		while (k < npos && pos[k] < bend)
			k++;
		if (shift == 0)
		{
			/* the bucket's keys agree on every byte */
			for (; j < k; j++)
				out[j] = keys[pos[j]];
		}
		else
			select_level(keys, start[b], bend, shift - 8, pos + j, k - j, out + j);
		j = k;
	}
}

/*
 * Rearranges keys[0 .. n-1] so that, for each of the npos ascending
 * descending-order positions pos[] (0-based), keys[pos[j]] holds the key of
 * that position, keys before it are >= and keys after it are <= (as C++
 * nth_element would), and sets out[j] to it.  Linear in n.
 */
void
cs_select_desc_many(int64 *keys, int64 n, const int64 *pos, int npos, int64 *out)
{
	int64		min,
				max;
	int			j,
				shift;

	for (j = 0; j < npos; j++)
		if (pos[j] < 0 || pos[j] >= n || (j > 0 && pos[j] < pos[j - 1]))
			elog(ERROR, "selection position " INT64_FORMAT " out of order or range", pos[j]);
	if (npos == 0)
		return;

	/* start at the highest byte where any two keys differ (money's are equal) */
	keys_range(keys, n, &min, &max);
	if (min == max)
	{
		for (j = 0; j < npos; j++)
			out[j] = min;
		return;
	}
	shift = pg_leftmost_one_pos64(KEY_BITS(min) ^ KEY_BITS(max)) / 8 * 8;
	select_level(keys, 0, n, shift, pos, npos, out);
}

/*
 * ceil(n * share1 * share2), computed in exact decimal on the shares as
 * written (0.2 means 0.2, not the binary float nearest to it), so that
 * 10000 rows at 20% of 25% give 500 ranks, as the same rule written in SQL
 * with numeric literals does.
 */
int64
cs_rank_limit(int64 n, double share1, double share2)
{
	Datum		r = NumericGetDatum(int64_to_numeric(n));

	r = DirectFunctionCall2(numeric_mul, r, DirectFunctionCall1(float8_numeric, Float8GetDatum(share1)));
	if (share2 != 1.0)
		r = DirectFunctionCall2(numeric_mul, r, DirectFunctionCall1(float8_numeric, Float8GetDatum(share2)));
	r = DirectFunctionCall1(numeric_ceil, r);
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, r));
}

/*
 * The API contract's shares (docs/api-contract.md, rule 3): cumulative fractions of the
 * group from the top, best tier first, each in (0, 1] and strictly
 * increasing, between nmin and nmax of them.  Every function that takes
 * shares reports bad ones through here, so the messages are the same
 * everywhere: structure errors 22023 (NULLs 22004, as for any argument that
 * must not be NULL), values outside (0, 1] 22003 with cs_check_share's
 * hint, each naming the element as shares[i] (1 = the first).
 */
static void
shares_hint_example(const char *example)
{
	errhint("Pass cumulative shares of all rows from the top, best tier first, e.g. '%s'.", example);
}

void
cs_check_shares(const double *shares, int nshares, int nmin, int nmax, const char *example)
{
	int			i;

	if (nshares < nmin || nshares > nmax)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 nmin == nmax
				 ? errmsg("shares must have %d elements, not %d", nmin, nshares)
				 : errmsg("shares must have %d to %d elements, not %d", nmin, nmax, nshares),
				 shares_hint_example(example)));
	for (i = 0; i < nshares; i++)
	{
		if (!(shares[i] > 0.0 && shares[i] <= 1.0))
			cs_check_share(shares[i], psprintf("shares[%d]", i + 1));
		if (i > 0 && shares[i] <= shares[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("shares must be strictly increasing"),
					 errdetail("shares[%d] = %g is not greater than shares[%d] = %g.", i + 1, shares[i], i, shares[i - 1]),
					 errhint("Shares are cumulative from the top: '{0.05,0.20}' means the top 5%%, then the next 15%%.")));
	}
}

/*
 * A shares float8[] argument (not NULL): its elements in place, after the
 * structure checks (one dimension, no NULLs, nmin..nmax elements) and, when
 * check_values, cs_check_shares.  Callers that see the same array on every
 * row check the values once and then compare.
 */
const double *
cs_shares_array(ArrayType *arr, int nmin, int nmax, const char *example, bool check_values, int *nshares)
{
	int			n;

	if (ARR_ELEMTYPE(arr) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("shares must be a float8[] array"),
				 shares_hint_example(example)));
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shares must be a one-dimensional array, not %d-dimensional", ARR_NDIM(arr)),
				 shares_hint_example(example)));
	n = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	if (n < nmin || n > nmax)
		cs_check_shares(NULL, n, nmin, nmax, example);
	if (ARR_HASNULL(arr))
	{
		bits8	   *bitmap = ARR_NULLBITMAP(arr);
		int			i;

		for (i = 0; i < n; i++)
			if (!(bitmap[i / 8] & (1 << (i % 8))))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("shares[%d] must not be NULL", i + 1),
						 shares_hint_example(example)));
	}
	if (check_values)
		cs_check_shares((const double *) ARR_DATA_PTR(arr), n, nmin, nmax, example);
	*nshares = n;
	return (const double *) ARR_DATA_PTR(arr);
}

/*
 * A finite numeric as the nearest double, exactly as numeric::float8 gives
 * it.  Values with at most 4 decimals and |key| <= 2^53 are key / 10^4, one
 * correctly rounded division of two exact doubles, so the nearest double to
 * the value, as strtod gives it; others go through numeric_float8.
 */
double
cs_numeric_double(Datum value, const char *what)
{
	struct varlena *v = cs_numeric_untoast(value);
	CsNumericParts p;
	int64		key;
	char	   *str;
	double		d;

	cs_numeric_decode(v, &p);
	if (p.special)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", what),
				 errdetail("%s is %s.", what, cs_numeric_text(PointerGetDatum(v))),
				 errhint("Replace NaN and infinities with NULL or a real value.")));
	if (parts_key(&p, &key) && key <= ((int64) 1 << 53) && key >= -((int64) 1 << 53))
		return (double) key / 10000.0;

	/* numeric_float8's own way (strtod of the text), with our error */
	str = DatumGetCString(DirectFunctionCall1(numeric_out, PointerGetDatum(v)));
	errno = 0;
	d = strtod(str, NULL);
	if (errno == ERANGE && (d == 0 || isinf(d)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range for type double precision", what),
				 errdetail("%s is %s.", what, cs_echo(str, -1)),
				 errhint("Pass a value between 1e-307 and 1e308 in magnitude, or 0.")));
	pfree(str);
	return d;
}
