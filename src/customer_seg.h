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
#include "access/htup_details.h"
#include "access/tupdesc.h"
#include "utils/numeric.h"

/* ERROR unless num is a finite number; "what" names the argument. */
extern void cs_check_money(Numeric num, const char *what);

/* ERROR 22008 unless the date (a DateADT) is finite; "what" names it. */
extern void cs_check_finite_date(int32 d, const char *what);

/* -1, 0 or 1; num must not be NaN. */
extern int	cs_numeric_sign(Numeric num);

/* ERROR unless num is finite and >= 0 (rates, losses). */
extern void cs_check_nonnegative(Numeric num, const char *what);

/* ERROR unless share is a number in (0, 1]. */
extern void cs_check_share(double share, const char *what);

/*
 * The OIDs of an enum return type's labels, in the given order, looked up
 * once per call site and kept in fn_extra; `extra` zeroed bytes follow them
 * (at cs_enum_extra()) for the caller's own per-call-site cache.
 */
extern Oid *cs_enum_oids(FunctionCallInfo fcinfo, const char *const *labels, int nlabels, Size extra);
#define cs_enum_extra(oids, nlabels) ((void *) ((char *) (oids) + MAXALIGN(sizeof(Oid) * (nlabels))))

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

/* Parse a decimal integer at *p, advancing it; false if there is none. */
extern bool cs_parse_int64(const char **p, int64 *value);

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

extern bool cs_numeric_key_try(Datum value, int64 *key, int *dscale);
extern int64 cs_numeric_key(Datum value, int *dscale);
extern int64 cs_float8_key(double value);
extern Datum cs_key_to_numeric(int64 key, int dscale);
extern bool cs_key_fits_scale(int64 key, int dscale);
extern double cs_key_to_float8(int64 key);
extern long double cs_key_to_long_double(int64 key, CsKind kind);
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
