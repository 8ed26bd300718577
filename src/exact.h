/*
 * exact.h
 *	  Exact arithmetic (src/exact.c): numeric operations that raise a clear
 *	  error on overflow, the exact key of an amount to sum, and 128-bit
 *	  integers that build and answer the same with and without a native
 *	  128-bit type.
 */
#ifndef CS_EXACT_H
#define CS_EXACT_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"
#include "common/int128.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

/* -1, 0 or 1 as a < b, a = b, a > b */
static inline int
cs_numeric_cmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), NumericGetDatum(b)));
}

/*
 * 128-bit integers: common/int128.h's INT128, native where the compiler has
 * a 128-bit type and a two-word struct elsewhere (or when built with
 * -DUSE_NATIVE_INT128=0, which test/portable does), so never use int128
 * directly.  Its API adds int64s and products of two int64s and compares;
 * these take one apart into its two's-complement words and put it back
 * together, for storing it in two int64 slots and for wider arithmetic.
 */
static inline void
cs_int128_split(INT128 v, int64 *hi, uint64 *lo)
{
#if USE_NATIVE_INT128
	*hi = (int64) (v >> 64);
	*lo = (uint64) v;
#else
	*hi = v.hi;
	*lo = v.lo;
#endif
}

static inline INT128
cs_int128_join(int64 hi, uint64 lo)
{
#if USE_NATIVE_INT128
	return (INT128) (((uint128) (uint64) hi << 64) | lo);
#else
	INT128		v;

	v.hi = hi;
	v.lo = lo;
	return v;
#endif
}

/* a / b rounded once to the nearest double (ties to even); b != 0, |a|, |b| < 2^127. */
extern double cs_int128_ratio(INT128 a, INT128 b);

/* *sum += v, or false (sum unchanged) where 128 bits would wrap. */
extern bool cs_int128_add(INT128 *sum, INT128 v);

/* |v| mod m, m > 0: e.g. 0 when a sum of keys has no more decimals than a scale. */
extern uint32 cs_int128_mod(INT128 v, uint32 m);

/* A 128-bit sum of value keys (units of 10^-4) as numeric at dscale. */
extern Datum cs_int128_key_to_numeric(INT128 key, int dscale);

/*
 * A 128-bit integer v counting units of 10^-scale (0 <= scale <= 40) as
 * numeric rounded to dscale (exact when v has no more decimals than dscale).
 */
extern Datum cs_int128_scaled_to_numeric(INT128 v, int scale, int dscale);

/* Exact numeric arithmetic with a clear error on overflow. */
extern Numeric cs_numeric_add(Numeric a, Numeric b);
extern Numeric cs_numeric_sub(Numeric a, Numeric b);
extern Numeric cs_numeric_mul(Numeric a, Numeric b);

/* the key of an amount to sum exactly, else an ERROR naming it; *dscale = max(*dscale, its scale) */
extern int64 cs_sum_key(Datum value, const char *what, int32 *dscale);

#endif							/* CS_EXACT_H */
