/*
 * common.h
 *	  Argument checks and per-call-site caches shared by every customer_seg
 *	  source file (src/common.c).
 *
 * Money is never NaN or infinite, and shares are fractions in (0, 1]; these
 * checks live here once so every function reports bad input the same way.
 */
#ifndef CS_COMMON_H
#define CS_COMMON_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"
#include "access/htup_details.h"
#include "access/tupdesc.h"
#include "utils/array.h"
#include "utils/numeric.h"

/*
 * test/portable builds with -DUSE_NATIVE_INT128=0 -DCS_NO_INT128: INT128 is
 * then int128.h's two-word struct, and any direct use of the compiler's
 * 128-bit types fails to build, as it would where there are none.
 */
#ifdef CS_NO_INT128
#pragma GCC poison int128 uint128
#endif

/*
 * The text of a value for an error's message or detail (the API contract:
 * one bad row of a large query can be found), a numeric cut to CS_ECHO_LEN
 * bytes.
 */
extern char *cs_numeric_text(Datum num);
extern char *cs_date_text(int32 d);

/* The text form of an array argument (any element type), cut likewise. */
extern char *cs_array_text(Datum arr);

/* ERROR unless num is a finite number; "what" names the argument. */
extern void cs_check_money(Numeric num, const char *what);

/* ERROR 22008 unless the date (a DateADT) is finite; "what" names it. */
extern void cs_check_finite_date(int32 d, const char *what);

/* -1, 0 or 1; num must not be NaN. */
extern int	cs_numeric_sign(Numeric num);

/* ERROR unless num is finite and >= 0, with the caller's hint. */
extern void cs_check_nonnegative(Numeric num, const char *what, const char *hint);

/*
 * The API contract's rule for fractions: ERROR 22003 with the value unless
 * share is a number in (0, 1] (cs_check_share), or a rate is a finite
 * number in [0, 1] (cs_check_rate); above 1 the hint says to write 25% as
 * 0.25.
 */
extern void cs_check_share(double share, const char *what);
extern void cs_check_rate(Numeric num, const char *what);

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
 * sort_key(label): the 1-based position of argument 0, a value of one of our
 * enum types, in best_first (the labels, best or first one first); the
 * labels' OIDs are cached in fn_extra.
 */
extern int32 cs_sort_key(FunctionCallInfo fcinfo, const char *const *best_first, int nlabels);

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
 * Forgets the array kept: the call site now holds its parameter's default,
 * which a cache tells by a set value and no array kept.
 */
static inline void
cs_array_forget(CsArrayCopy *c)
{
	if (c->bytes)
		pfree(c->bytes);
	c->bytes = NULL;
}

/*
 * ERROR unless argument argno (an aggregate state) is not NULL: transition
 * functions that are not STRICT can be called by hand with a NULL state.
 */
extern void cs_check_state_arg(FunctionCallInfo fcinfo, int argno, const char *type);

/*
 * ERROR XX001 for a stored state of a version (or kind, or layout) this
 * build does not read: the input functions never make one, so only a value
 * of another customer_seg version or damaged storage gets here.
 * cs_bad_state names what was found in the message's detail.
 */
#define CS_REBUILD_STATE_HINT "The state was written by another version of customer_seg; rebuild it."
pg_noreturn extern void cs_bad_state_version(const char *type, int found, int expected);
pg_noreturn extern void cs_bad_state(const char *type, const char *detail);

/*
 * At most CS_ECHO_LEN bytes of str (len bytes, or -1: NUL-terminated) cut
 * at a character boundary, with "..." when cut: for error messages that
 * quote the input.
 */
#define CS_ECHO_LEN 60
extern char *cs_echo(const char *str, int len);

/*
 * The 0-based bucket of a number of days past due in aging_profile's
 * default boundaries {0,30,60,90,180} (src/aging.c): 0 to 5.
 */
extern int	cs_aging_default_bucket(int32 dpd);

/* those default boundaries, for the functions that inline the bucket */
#define CS_AGING_DEFAULT_BOUNDS {0, 30, 60, 90, 180}
#define CS_AGING_NUM_DEFAULT_BOUNDS 5

/*
 * Caller's aging boundaries (src/aging.c): at most CS_AGING_MAX_BOUNDS;
 * cs_aging_read_bounds checks an int[] as aging_bucket_totals does (22023
 * with the value for a bad one) and returns their number;
 * cs_aging_bounds_default tells the default boundaries.
 */
#define CS_AGING_MAX_BOUNDS 9
extern int	cs_aging_read_bounds(ArrayType *arr, int32 *bounds);
extern bool cs_aging_bounds_default(const int32 *bounds, int nbounds);

/*
 * Collection stages (src/aging.c), in the order of the labels of their
 * enum type: collection_stage and invoice_summary's worst_stage.
 */
typedef enum CsCollectionStage
{
	CS_STAGE_NOT_DUE,
	CS_STAGE_REMINDER,
	CS_STAGE_NOTICE,
	CS_STAGE_WARNING,
	CS_STAGE_LAWYER_LETTER,
	CS_STAGE_LEGAL,
	CS_NUM_STAGES
} CsCollectionStage;

extern const char *const cs_collection_stage_labels[CS_NUM_STAGES];

/* the errors of cs_check_term and cs_check_step_days (22023, with the value) */
pg_noreturn extern void cs_bad_term(int32 term);
pg_noreturn extern void cs_bad_step_days(int32 step);

/* ERROR unless a payment term (days from invoice to due date) is >= 0 */
static inline void
cs_check_term(int32 term)
{
	if (unlikely(term < 0))
		cs_bad_term(term);
}

/* ERROR unless an escalation step lasts at least 1 day */
static inline void
cs_check_step_days(int32 step)
{
	if (unlikely(step < 1))
		cs_bad_step_days(step);
}

/*
 * The stage of an invoice dpd days past due with a payment term of term
 * (>= 0) days and escalation steps of step (>= 1) days: not due until
 * dpd > 0, reminder within the grace of floor(term / 3) days, then notice,
 * warning and lawyer's letter for step days each, then legal action.
 * Inline: collection_stage and invoice_summary's transition call it per row.
 */
static inline CsCollectionStage
cs_collection_stage_of(int32 dpd, int32 term, int32 step)
{
	int64		grace = term / 3;
	int64		steps;

	if (dpd <= 0)
		return CS_STAGE_NOT_DUE;
	if (dpd <= grace)
		return CS_STAGE_REMINDER;
	steps = ((int64) dpd - grace - 1) / step;
	return steps >= 3 ? CS_STAGE_LEGAL : (CsCollectionStage) (CS_STAGE_NOTICE + steps);
}

/*
 * Day lists (purchase_summary, trade_summary): a customer's days kept as
 * fixed-size entries of `size` bytes, each beginning with its int32 date,
 * appended in row order and sorted only when the room runs out or the
 * list is read.  merge adds one entry into another of the same day (NULL:
 * a repeated day is dropped).
 *
 * cs_days_compact sorts n entries in place and merges each day's: the
 * number left.  cs_days_sorted gives them sorted and merged without
 * changing them: the entries themselves when sorted, else a palloc'd copy.
 * cs_days_reserve makes room for n more entries: 0 when the list has it
 * (merging its days first if that leaves at least half the room free),
 * else the room of the larger list the caller must allocate and copy to,
 * twice the old or what is needed.  The merging is paid for by the
 * entries appended since the last one, so an entry costs O(log n)
 * amortised, whatever the order of the rows or the number of states merged.
 */
typedef void (*cs_day_merge_fn) (void *into, const void *from);
extern int32 cs_days_compact(void *entries, int32 n, Size size, cs_day_merge_fn merge);
extern const void *cs_days_sorted(const void *entries, int32 n, bool sorted, Size size,
								  cs_day_merge_fn merge, int32 *nout);
extern int64 cs_days_reserve(void *entries, int32 *ndays, int16 *sorted, int64 n, int64 room,
							 int64 first_room, Size size, cs_day_merge_fn merge);

#endif							/* CS_COMMON_H */
