/*
 * customer_seg.h
 *	  Shared checks and helpers for every customer_seg source file.
 *
 * Money is never NaN or infinite, and shares are fractions in (0, 1]; these
 * checks live here once so every function reports bad input the same way.
 */
#ifndef CUSTOMER_SEG_H
#define CUSTOMER_SEG_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "access/htup_details.h"
#include "access/tupdesc.h"
#include "utils/fmgrprotos.h"
#include "common/int128.h"
#include "utils/numeric.h"

/*
 * test/portable builds with -DUSE_NATIVE_INT128=0 -DCS_NO_INT128: INT128 is
 * then int128.h's two-word struct, and any direct use of the compiler's
 * 128-bit types fails to build, as it would where there are none.
 */
#ifdef CS_NO_INT128
#pragma GCC poison int128 uint128
#endif

/* ERROR unless num is a finite number; "what" names the argument. */
extern void cs_check_money(Numeric num, const char *what);

/* ERROR 22008 unless the date (a DateADT) is finite; "what" names it. */
extern void cs_check_finite_date(int32 d, const char *what);

/* -1, 0 or 1; num must not be NaN. */
extern int	cs_numeric_sign(Numeric num);

/*
 * numeric's on-disk format, read in place so that ranking and summing do not
 * call numeric functions per row.  The names mirror numeric.c's macros, which
 * utils/numeric.h does not export; the layout itself is stable (pg_upgrade
 * keeps numeric columns as they are).  After the varlena header comes a
 * uint16: its top two bits say long positive (00), long negative (01), short
 * (10) or special (11: NaN and the infinities).  Short: sign, display scale
 * and a 7-bit signed weight in that uint16.  Long: display scale in its low
 * 14 bits, then an int16 weight.  Then base-10000 int16 digits; the value is
 * sum(digit[i] * 10000^(weight - i)), and no digits means zero.
 */
#define CS_NUMERIC_SIGN_MASK		0xC000
#define CS_NUMERIC_POS				0x0000
#define CS_NUMERIC_NEG				0x4000
#define CS_NUMERIC_SHORT			0x8000
#define CS_NUMERIC_SPECIAL			0xC000
#define CS_NUMERIC_DSCALE_MASK		0x3FFF
#define CS_NUMERIC_SHORT_SIGN_MASK	0x2000
#define CS_NUMERIC_SHORT_DSCALE_MASK 0x1F80
#define CS_NUMERIC_SHORT_DSCALE_SHIFT 7
#define CS_NUMERIC_SHORT_WEIGHT_SIGN_MASK 0x0040
#define CS_NUMERIC_SHORT_WEIGHT_MASK 0x003F
#define CS_NUMERIC_NBASE			10000

typedef struct CsNumericParts
{
	bool		special;		/* NaN or an infinity: the rest is zero */
	bool		negative;
	int			dscale;
	int			weight;
	int			ndigits;
	const char *digits;			/* ndigits int16s, not necessarily aligned */
} CsNumericParts;

/*
 * A numeric datum ready to decode in place: external (TOASTed) and compressed
 * values are fetched (palloc'd), inline ones are used as they are, packed
 * 1-byte headers included, so the common case copies nothing.  The test must
 * be on external/compressed, not on "extended and not short": a TOAST pointer
 * has a 1-byte header too.
 */
static inline struct varlena *
cs_numeric_untoast(Datum value)
{
	return pg_detoast_datum_packed((struct varlena *) DatumGetPointer(value));
}

/* Decode an untoasted numeric (cs_numeric_untoast, or a detoasted Numeric). */
static inline void
cs_numeric_decode(const struct varlena *v, CsNumericParts *p)
{
	const char *data = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint16		header;
	int			hdrlen;

	memcpy(&header, data, sizeof(uint16));
	p->special = (header & CS_NUMERIC_SIGN_MASK) == CS_NUMERIC_SPECIAL;
	if (p->special)
	{
		p->negative = false;
		p->dscale = p->weight = p->ndigits = 0;
		p->digits = NULL;
		return;
	}
	if ((header & CS_NUMERIC_SIGN_MASK) == CS_NUMERIC_SHORT)
	{
		p->negative = (header & CS_NUMERIC_SHORT_SIGN_MASK) != 0;
		p->dscale = (header & CS_NUMERIC_SHORT_DSCALE_MASK) >> CS_NUMERIC_SHORT_DSCALE_SHIFT;
		p->weight = (header & CS_NUMERIC_SHORT_WEIGHT_MASK);
		if (header & CS_NUMERIC_SHORT_WEIGHT_SIGN_MASK)
			p->weight -= CS_NUMERIC_SHORT_WEIGHT_SIGN_MASK;
		hdrlen = sizeof(uint16);
	}
	else
	{
		int16		w;

		p->negative = (header & CS_NUMERIC_SIGN_MASK) == CS_NUMERIC_NEG;
		p->dscale = header & CS_NUMERIC_DSCALE_MASK;
		memcpy(&w, data + sizeof(uint16), sizeof(int16));
		p->weight = w;
		hdrlen = sizeof(uint16) + sizeof(int16);
	}
	p->ndigits = (len - hdrlen) / sizeof(int16);
	p->digits = data + hdrlen;
}

/* Digit i (0-based) of decoded parts. */
static inline int16
cs_numeric_digit(const CsNumericParts *p, int i)
{
	int16		d;

	memcpy(&d, p->digits + i * sizeof(int16), sizeof(int16));
	return d;
}

/* ERROR unless num is finite and >= 0 (rates, losses). */
extern void cs_check_nonnegative(Numeric num, const char *what);

/* ERROR unless share is a number in (0, 1]. */
extern void cs_check_share(double share, const char *what);

/*
 * The per-call-site cache of a function: fcinfo->flinfo->fn_extra as a
 * zeroed struct of the function's own cache type, allocated in fn_mcxt on
 * the first call.  Each function that caches declares one typed struct.
 */
#define cs_fn_cache(fcinfo, type) \
	((type *) cs_fn_extra((fcinfo), sizeof(type)))
extern void *cs_fn_extra(FunctionCallInfo fcinfo, Size size);

/*
 * The OIDs of the labels of the function's enum return type, in the given
 * order, looked up into oids[] on the first call (oids[0] invalid until then).
 */
extern void cs_enum_lookup(FunctionCallInfo fcinfo, Oid *oids, const char *const *labels, int nlabels);

/* For a function whose only cache is its labels: fn_extra is their OIDs. */
extern Oid *cs_enum_oids(FunctionCallInfo fcinfo, const char *const *labels, int nlabels);

/*
 * Position of an enum value among labels (an argument of one of our enum
 * types); the labels' OIDs are looked up into oids[], zeroed until the
 * first call, and kept there.
 */
extern int	cs_enum_index(Oid value, Oid *oids, const char *const *labels, int nlabels);

/*
 * The blessed result descriptor of a function returning a composite type,
 * built on the first call and kept in fn_extra (so the function must not use
 * fn_extra for anything else).
 */
extern TupleDesc cs_result_tupdesc(FunctionCallInfo fcinfo);

/*
 * Deform a composite argument; its descriptor is looked up on the first
 * call into *cache (allocated in mcxt) and reused.
 */
extern void cs_composite_deform(HeapTupleHeader t, TupleDesc *cache, MemoryContext mcxt,
								Datum *values, bool *nulls);

/*
 * An array argument's bytes, kept per call site so that a constant array is
 * checked and parsed once: test with cs_array_same(), and after checking a
 * new array, keep it with cs_array_remember() (in fn_mcxt).
 */
typedef struct CsArrayCopy
{
	Size		len;
	char	   *bytes;			/* NULL: none kept */
} CsArrayCopy;

static inline bool
cs_array_same(const CsArrayCopy *c, const void *arr)
{
	return c->bytes != NULL && c->len == VARSIZE(arr) && memcmp(c->bytes, arr, c->len) == 0;
}
extern void cs_array_remember(FunctionCallInfo fcinfo, CsArrayCopy *c, const void *arr);

/*
 * ERROR unless argument argno (an aggregate state) is not NULL: transition
 * functions that are not STRICT can be called by hand with a NULL state.
 */
extern void cs_check_state_arg(FunctionCallInfo fcinfo, int argno, const char *type);

/*
 * At most CS_ECHO_LEN bytes of str (len bytes, or -1: NUL-terminated) cut
 * at a character boundary, with "..." when cut: for error messages that
 * quote the input.
 */
#define CS_ECHO_LEN 60
extern char *cs_echo(const char *str, int len);

/*
 * Errors of the state types' input functions (value_summary, aging_state,
 * credit_state): malformed text, quoted and clipped, with an optional detail
 * and an example of valid text; malformed binary input.
 */
extern void cs_bad_state_text(const char *type, const char *str, const char *detail,
							  const char *example) pg_attribute_noreturn();
extern void cs_bad_state_binary(const char *type) pg_attribute_noreturn();

/*
 * A reader of a state type's text form: each call consumes what it reads or
 * raises the type's malformed-text error (22P02, quoting the text, with the
 * example of valid text as hint).
 */
typedef struct CsStateReader
{
	const char *type;
	const char *str;
	const char *p;				/* next character */
	const char *example;
} CsStateReader;

extern void cs_reader_init(CsStateReader *r, const char *type, const char *str, const char *example);
extern void cs_reader_fail(const CsStateReader *r, const char *detail) pg_attribute_noreturn();
extern void cs_reader_expect(CsStateReader *r, const char *lit);
/* the index of the word (NULL entries never match) that comes next, ended by ';', ',' or the end */
extern int	cs_reader_word(CsStateReader *r, const char *const *words, int nwords, const char *detail);
/* consume c if it comes next */
extern bool cs_reader_skip(CsStateReader *r, char c);
extern int64 cs_reader_int(CsStateReader *r, int64 min, int64 max);
/* n integers in [min, max] separated by commas */
extern void cs_reader_ints(CsStateReader *r, int64 *values, int n, int64 min, int64 max);
/* the end of the text, and a state the aggregates can build (valid) */
extern void cs_reader_end(const CsStateReader *r, bool valid);

/* The state types' binary forms: n int64 values, in network order. */
extern void cs_send_int64s(StringInfo buf, const int64 *values, int n);
extern void cs_recv_int64s(StringInfo buf, int64 *values, int n);


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

/* Exact numeric arithmetic with a clear error on overflow. */
extern Numeric cs_numeric_add(Numeric a, Numeric b);
extern Numeric cs_numeric_sub(Numeric a, Numeric b);
extern Numeric cs_numeric_mul(Numeric a, Numeric b);

#endif							/* CUSTOMER_SEG_H */

/*
 * Value keys (src/valuekey.c).  Ranking works on int64 keys that order
 * exactly as the values do, so selection and sorting run on plain integers:
 *  - numeric: the value times 10^4 (numeric's base-10000 digits make this a
 *    digit shift).  Values with more than 4 nonzero decimals or beyond
 *    +-922,337,203,685,477.5807 are an ERROR, never rounded.
 *  - float8: the IEEE bits remapped so integer order is float order.
 * NaN and infinities are an ERROR: they have no place in a value ranking.
 */
typedef enum CsKind
{
	CS_KIND_NONE = 0,			/* no value seen yet */
	CS_KIND_NUMERIC = 1,
	CS_KIND_FLOAT8 = 2
} CsKind;

#define CS_NUMERIC_KEY_SCALE 4

/*
 * The largest display scale a numeric can carry (numeric.c's
 * NUMERIC_DSCALE_MAX): typmods stop at 1000, but arithmetic gives scales up
 * to this, and the states keep the largest scale they have seen.
 */
#define CS_NUMERIC_DSCALE_MAX CS_NUMERIC_DSCALE_MASK

extern bool cs_numeric_key_try(Datum value, int64 *key, int *dscale);
/* the key of an amount to sum exactly, else an ERROR naming it; *dscale = max(*dscale, its scale) */
extern int64 cs_sum_key(Datum value, const char *what, int32 *dscale);
extern int64 cs_numeric_key(Datum value, int *dscale);
extern int64 cs_float8_key(double value);
extern Datum cs_key_to_numeric(int64 key, int dscale);
extern bool cs_key_fits_scale(int64 key, int dscale);
extern double cs_key_to_float8(int64 key);
extern int64 cs_value_key(Datum value, CsKind kind, int *dscale);
extern double cs_numeric_double(Datum value, const char *what);

extern void cs_sort_keys(int64 *keys, int64 n);
extern void cs_select_desc_many(int64 *keys, int64 n, const int64 *pos, int npos, int64 *out);
extern int64 cs_rank_limit(int64 n, double share1, double share2);
extern void cs_check_shares(double *shares, int nshares);

/*
 * value_summary (src/value_summary.c): an exact, mergeable multiset of
 * ranked values, the state of every tier and concentration aggregate.
 * Iterate it in descending value order with CsSummaryIter.
 */
typedef struct CsSummary CsSummary;

typedef struct CsSummaryIter
{
	const int64 *keys;			/* sorted single keys (count 1 each) */
	int64		nkeys;
	const int64 *runs;			/* sorted (key, count) pairs */
	int64		nruns;
	int64		ki,				/* next positions, counting down */
				ri;
} CsSummaryIter;

extern CsSummary *cs_summary_from_datum(Datum d);
extern CsKind cs_summary_kind(CsSummary *s);
extern int	cs_summary_dscale(CsSummary *s);
extern int64 cs_summary_count(CsSummary *s);
extern void cs_summary_params(CsSummary *s, double *p1, double *p2);
extern void cs_summary_iter_init(CsSummary *s, CsSummaryIter *it);
extern bool cs_summary_iter_next(CsSummaryIter *it, int64 *key, int64 *count);

/*
 * Window helper (src/tiers.c): the percentile tier (1 = top) of the current
 * row's argument 0 among cumulative shares from the top, 0 when it is NULL.
 * Ties share the better tier.  The shares must be the same for every row.
 */
#include "windowapi.h"
extern int	cs_window_percentile_tier(WindowObject winobj, CsKind kind, const double *shares, int nshares);

/*
 * A loop over every row of a window partition (src/tiers.c): call
 * cs_partition_scan_row() once a row; the argument values read in between
 * live in a scratch context that is reset every few rows, and the loop
 * answers cancels.  Allocate what must outlive the loop before _begin.
 */
typedef struct CsPartitionScan
{
	MemoryContext scratch;
	MemoryContext caller;
	int64		rows;
} CsPartitionScan;

extern void cs_partition_scan_begin(CsPartitionScan *scan);
extern void cs_partition_scan_row(CsPartitionScan *scan);
extern void cs_partition_scan_end(CsPartitionScan *scan);
