/*
 * value_summary.c
 *	  The value_summary type: an exact, mergeable summary of a set of values
 *	  (a sorted run-length list of (value, count)), and the aggregates that
 *	  build and merge it.
 *
 * Value tiers and concentration need the whole distribution, and engines
 * that split an aggregate across processes (parallel query) or machines
 * (Citus, postgres_fdw rollups) need its state as a real type with exact text
 * and binary forms, not `internal`.
 *
 * Stored and sent, a summary is always the canonical flat form, sorted and
 * run-length encoded:
 *
 *   int32 varlena header | uint8 version | uint8 kind | uint16 dscale
 *   | uint8 pkind | 3 zero bytes | (4 zero bytes) | float8 p1 | float8 p2
 *   | int64 n | int64 nruns | nruns x (int64 key, int64 count), keys strictly
 *   ascending
 *
 * p1 and p2 carry the aggregate's parameters so that the final function
 * never reads them from the call expression (Citus rewrites it).  pkind says
 * what they are: CS_PARAMS_ARGS (0, the only kind 0.2.0 wrote, in bytes that
 * were zero padding then): the aggregate's option arguments as given (top_share
 * and vip_share, a fraction, points), NaN meaning "not given";
 * CS_PARAMS_SHARES (1): the two cumulative shares of value_cutoffs(net,
 * shares).  The kind keeps value_cutoffs' two meanings of two numbers apart.
 * The flat form is limited by palloc's 1 GB to CS_MAX_RUNS distinct values.
 *
 * Inside an aggregate the state is an expanded object: rows are appended as
 * int64 keys (see valuekey.c) to an unsorted array that starts at 4 keys and
 * doubles (folded into the runs from 1M keys when values repeat), and merged
 * summaries are kept as a sorted (key, count) run list.
 * The transition function updates the object in place and returns the same
 * read-write pointer, so nodeAgg neither copies nor flattens it per row.
 *
 * Memory: every state of one aggregate context lives in ONE shared child
 * context of it, not in a context of its own.  PostgreSQL 15's hash
 * aggregation adds up the memory of every child context of its hash table
 * context each time it creates a group (hash_agg_check_limits), so a
 * context per group made hash aggregation quadratic in the number of groups
 * (100,000 groups of two values: 17.5 s hashed, 0.8 s sorted) and cost 8 kB
 * or more a group.  In the shared context a group of two values costs about
 * 190 bytes, and the same hash aggregation takes 1.6 s.
 *
 * This is safe because nodeAgg and WindowAgg delete a read-write state
 * (DeleteExpandedObject, which deletes its context) only when the transition
 * function returns a different pointer, and ours always returns the state it
 * was given.  A new state is returned once, when the old one was NULL or
 * flat, and its context's parent is the aggregate context, so nodeAgg keeps
 * it as is (ExecAggTransReparent).  Final functions get read-only pointers,
 * and results leave the aggregate flattened.  Resetting the aggregate
 * context (a new sorted group, a hash table reset or spill) deletes the
 * shared context with every state in it.  Outside an aggregate a state gets
 * a small context of its own, the usual expanded-object ownership
 * (src/expanded.c makes both, for btyd_state too).
 */
#include "common.h"
#include "expanded.h"
#include "state_io.h"
#include "valuekey.h"
#include "value_summary.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "utils/float.h"

#define CS_SUMMARY_VERSION 1
#define CS_SUMMARY_EXAMPLE "'v1;numeric;2;-;-;3;1.5*2,7'"

typedef struct CsSummaryFlat
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint16		dscale;
	uint8		pkind;			/* a CsSummaryParams */
	uint8		pad[3];
	float8		p1;
	float8		p2;
	int64		n;
	int64		nruns;
	int64		runs[FLEXIBLE_ARRAY_MEMBER];
} CsSummaryFlat;

#define CS_FLAT_HDRSZ offsetof(CsSummaryFlat, runs)

/* The most distinct values a flat summary can hold: 67,108,860 (1 GB). */
#define CS_MAX_RUNS ((int64) ((MaxAllocSize - CS_FLAT_HDRSZ) / (2 * sizeof(int64))))


/*
 * Key buffer: initial size, and the size from which it may be folded into
 * runs.  Folding costs a sort and a merge each time; below a million keys
 * (8 MB) one sort at the end is faster (measured: folding from 64k keys
 * made a 1M-row top_share 30% slower).
 */
#define CS_KEYS_INITIAL 4
#define CS_COMPACT_MIN (1024 * 1024)

/* The name of the shared context of the states of an aggregate context. */
#define CS_STATES_CONTEXT "value_summary states"

/*
 * A summary in memory: a read-write expanded object (hdr set up), or a
 * read-only view of a flat value (hdr unused, runs pointing into the flat
 * value, no keys).  128 bytes, so one palloc chunk of 128.
 */
struct CsSummary
{
	ExpandedObjectHeader hdr;
	uint8		kind;			/* a CsKind */
	bool		keys_sorted;
	uint8		pkind;			/* a CsSummaryParams */
	uint16		dscale;
	double		p1,
				p2;
	int64		n;				/* values summarised, with multiplicity */
	int64	   *keys;			/* appended single values */
	int64		nkeys,
				keycap;
	int64	   *runs;			/* sorted (key, count) pairs */
	int64		nruns;
	int64		ndistinct;		/* cached for flattening; -1 = unknown */
};

static Size cs_summary_flat_size(ExpandedObjectHeader *eohptr);
static void cs_summary_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods cs_summary_methods = {
	cs_summary_flat_size,
	cs_summary_flatten
};

static void cs_summary_init(ExpandedObjectHeader *eoh);

static const CsExpandedType cs_summary_type = {
	"value_summary", "summary", CS_STATES_CONTEXT, sizeof(CsSummary), &cs_summary_methods, cs_summary_init
};

static void
count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value_summary count out of range"),
			 errhint("A summary counts at most 9223372036854775807 values; summarise smaller groups.")));
}

/* ERROR 54000 unless a flat summary of nruns distinct values fits in 1 GB. */
static void
check_runs_limit(int64 nruns)
{
	if (nruns > CS_MAX_RUNS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("value_summary of " INT64_FORMAT " distinct values is too large to store or send", nruns),
				 errdetail("A stored or sent value_summary holds at most " INT64_FORMAT " distinct values (1 GB).",
						   CS_MAX_RUNS),
				 errhint("Summarise smaller groups and merge their summaries in the query, or round the values so that fewer are distinct.")));
}

/* The fields of a new empty read-write summary that are not zero. */
static void
cs_summary_init(ExpandedObjectHeader *eoh)
{
	CsSummary  *s = (CsSummary *) eoh;

	StaticAssertStmt(sizeof(CsSummary) <= 128, "CsSummary should fit a 128-byte chunk");
	s->p1 = s->p2 = get_float8_nan();
	s->keys_sorted = true;
	s->ndistinct = -1;
}

/*
 * Read-only view of a summary datum: the expanded object itself, or a view
 * of the flat value's runs, in place (no copy; the flat value is detoasted
 * only when it is toasted or has a short header).
 */
CsSummary *
cs_summary_from_datum(Datum d)
{
	CsSummaryFlat *f;
	CsSummary  *s = (CsSummary *) cs_expanded_of(d, &cs_summary_type);

	if (s != NULL)
		return s;
	f = (CsSummaryFlat *) PG_DETOAST_DATUM(d);
	if (VARSIZE(f) < CS_FLAT_HDRSZ || f->version != CS_SUMMARY_VERSION ||
		f->kind > CS_KIND_FLOAT8 || f->pkind > CS_PARAMS_SHARES || f->n < 0 ||
		!cs_holds_entries(VARSIZE(f) - CS_FLAT_HDRSZ, f->nruns, 2 * sizeof(int64)))
		cs_expanded_bad_flat(&cs_summary_type, VARSIZE(f));
	s = palloc0(sizeof(CsSummary));
	s->kind = f->kind;
	s->dscale = f->dscale;
	s->pkind = f->pkind;
	s->p1 = f->p1;
	s->p2 = f->p2;
	s->n = f->n;
	s->keys_sorted = true;
	s->runs = f->runs;
	s->nruns = f->nruns;
	s->ndistinct = f->nruns;
	return s;
}

CsKind
cs_summary_kind(CsSummary *s)
{
	return s->kind;
}

int
cs_summary_dscale(CsSummary *s)
{
	return s->dscale;
}

int64
cs_summary_count(CsSummary *s)
{
	return s->n;
}

/*
 * The two parameters as kept, NaN when absent: the option arguments of the
 * aggregate that built the summary, unless cs_summary_shares() says they
 * are shares.  (A final function given a summary of another aggregate by
 * hand reads them as its own options and checks them, as in 0.2.0.)
 */
void
cs_summary_params(CsSummary *s, double *p1, double *p2)
{
	*p1 = s->p1;
	*p2 = s->p2;
}

/* The cumulative shares kept by value_cutoffs(net, shares), if any. */
bool
cs_summary_shares(CsSummary *s, double *shares)
{
	if (s->pkind != CS_PARAMS_SHARES)
		return false;
	shares[0] = s->p1;
	shares[1] = s->p2;
	return true;
}

/*
 * Order statistics of a summary: out[j] = the key at 0-based position pos[j]
 * in descending order (pos ascending, each < the count), what
 * cs_select_desc_many gives over the keys themselves; one walk down the
 * runs.  Tiers and RFM bins read their cut-offs from a summary this way.
 */
void
cs_summary_desc_stats(CsSummary *s, const int64 *pos, int npos, int64 *out)
{
	CsSummaryIter it;
	int64		key,
				count,
				seen = 0,
				steps = 0;
	int			j = 0;

	cs_summary_iter_init(s, &it);
	while (j < npos && cs_summary_iter_next(&it, &key, &count))
	{
		if ((++steps & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		seen += count;
		for (; j < npos && pos[j] < seen; j++)
			out[j] = key;
	}
	if (j < npos)
		elog(ERROR, "order statistic " INT64_FORMAT " of a summary of " INT64_FORMAT " values",
			 pos[j], s->n);
}

/*
 * Sorting the appended keys changes no value: allowed on a read-only state,
 * and from the expanded-object callbacks.
 * A GROUP BY's small groups are sorted by insertion: the radix sort's fixed
 * cost (a scratch copy, a 256-bucket histogram a byte) dwarfs a few keys.
 */
#define CS_INSERTION_SORT_MAX 32

static void
cs_summary_sort(CsSummary *s)
{
	if (!s->keys_sorted && s->nkeys <= CS_INSERTION_SORT_MAX)
	{
		int64		i,
					j;

		for (i = 1; i < s->nkeys; i++)
		{
			int64		k = s->keys[i];

			for (j = i; j > 0 && s->keys[j - 1] > k; j--)
				s->keys[j] = s->keys[j - 1];
			s->keys[j] = k;
		}
		s->keys_sorted = true;
		s->ndistinct = -1;
	}
	else if (!s->keys_sorted)
	{
		/*
		 * The sort's scratch goes in the summary's own context: this runs
		 * from the flat_size callback too, where CurrentMemoryContext is the
		 * caller's (a Bump context in tuplesort since PostgreSQL 17, where
		 * pfree is not allowed).
		 */
		MemoryContext old = MemoryContextSwitchTo(s->hdr.eoh_context);

		cs_sort_keys(s->keys, s->nkeys);
		MemoryContextSwitchTo(old);
		s->keys_sorted = true;
		s->ndistinct = -1;
	}
}

void
cs_summary_iter_init(CsSummary *s, CsSummaryIter *it)
{
	cs_summary_sort(s);
	it->keys = s->keys;
	it->nkeys = s->nkeys;
	it->runs = s->runs;
	it->nruns = s->nruns;
	it->ki = s->nkeys - 1;
	it->ri = s->nruns - 1;
}

/* Next distinct value, largest first, with its total count. */
bool
cs_summary_iter_next(CsSummaryIter *it, int64 *key, int64 *count)
{
	int64		k,
				c = 0;

	if (it->ki < 0 && it->ri < 0)
		return false;
	if (it->ri < 0 || (it->ki >= 0 && it->keys[it->ki] > it->runs[2 * it->ri]))
		k = it->keys[it->ki];
	else
		k = it->runs[2 * it->ri];
	while (it->ki >= 0 && it->keys[it->ki] == k)
	{
		c++;
		it->ki--;
	}
	while (it->ri >= 0 && it->runs[2 * it->ri] == k)
	{
		c += it->runs[2 * it->ri + 1];
		it->ri--;
	}
	*key = k;
	*count = c;
	return true;
}

/*
 * The same walk, smallest first, for the forms written ascending (flat,
 * text, binary): no copy of the runs is made to reverse them.
 */
typedef struct CsAscIter
{
	const int64 *keys;
	int64		nkeys;
	const int64 *runs;
	int64		nruns;
	int64		ki,
				ri;
} CsAscIter;

static void
asc_iter_init(CsSummary *s, CsAscIter *it)
{
	cs_summary_sort(s);
	it->keys = s->keys;
	it->nkeys = s->nkeys;
	it->runs = s->runs;
	it->nruns = s->nruns;
	it->ki = 0;
	it->ri = 0;
}

static bool
asc_iter_next(CsAscIter *it, int64 *key, int64 *count)
{
	int64		k,
				c = 0;

	if (it->ki >= it->nkeys && it->ri >= it->nruns)
		return false;
	if (it->ri >= it->nruns || (it->ki < it->nkeys && it->keys[it->ki] < it->runs[2 * it->ri]))
		k = it->keys[it->ki];
	else
		k = it->runs[2 * it->ri];
	while (it->ki < it->nkeys && it->keys[it->ki] == k)
	{
		c++;
		it->ki++;
	}
	while (it->ri < it->nruns && it->runs[2 * it->ri] == k)
	{
		c += it->runs[2 * it->ri + 1];
		it->ri++;
	}
	*key = k;
	*count = c;
	return true;
}

/* Number of distinct values (cached); ERROR if too many to flatten. */
static int64
cs_summary_ndistinct(CsSummary *s)
{
	if (s->ndistinct < 0 || !s->keys_sorted)
	{
		CsAscIter	it;
		int64		k,
					c,
					nd = 0;

		asc_iter_init(s, &it);
		while (asc_iter_next(&it, &k, &c))
		{
			CHECK_FOR_INTERRUPTS();
			nd++;
		}
		s->ndistinct = nd;
	}
	return s->ndistinct;
}

static Size
cs_summary_flat_size(ExpandedObjectHeader *eohptr)
{
	CsSummary  *s = (CsSummary *) eohptr;
	int64		nd = cs_summary_ndistinct(s);

	/* before anyone tries to allocate it */
	check_runs_limit(nd);
	return CS_FLAT_HDRSZ + nd * 2 * sizeof(int64);
}

static void
cs_summary_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	CsSummary  *s = (CsSummary *) eohptr;
	CsSummaryFlat *f = (CsSummaryFlat *) result;
	CsAscIter	it;
	int64		k,
				c,
				i = 0;

	Assert(allocated_size == cs_summary_flat_size(eohptr));
	memset(f, 0, CS_FLAT_HDRSZ);
	SET_VARSIZE(f, allocated_size);
	f->version = CS_SUMMARY_VERSION;
	f->kind = s->kind;
	f->dscale = s->dscale;
	f->pkind = s->pkind;
	f->p1 = s->p1;
	f->p2 = s->p2;
	f->n = s->n;
	f->nruns = cs_summary_ndistinct(s);
	asc_iter_init(s, &it);
	while (asc_iter_next(&it, &k, &c))
	{
		CHECK_FOR_INTERRUPTS();
		f->runs[2 * i] = k;
		f->runs[2 * i + 1] = c;
		i++;
	}
	Assert(i == f->nruns);
}

/* Whether two parameter sets are the same (absent p2s are equal). */
static bool
params_equal(uint8 k1, double a1, double b1, uint8 k2, double a2, double b2)
{
	return k1 == k2 && a1 == a2 && (b1 == b2 || (isnan(b1) && isnan(b2)));
}

/* Parameters for messages: (0.2, 0.25), or shares {0.05,0.2}. */
static char *
params_text(uint8 pkind, double p1, double p2)
{
	if (pkind == CS_PARAMS_SHARES)
		return psprintf("shares {%g,%g}", p1, p2);
	if (isnan(p2))
		return psprintf("(%g)", p1);
	return psprintf("(%g, %g)", p1, p2);
}

/* A summary's parameters for messages: "no parameters", "(100)", ... */
char *
cs_summary_params_text(CsSummary *s)
{
	if (s->pkind != CS_PARAMS_SHARES && isnan(s->p1) && isnan(s->p2))
		return pstrdup("no parameters");
	return params_text(s->pkind, s->p1, s->p2);
}

/*
 * Merge src into dst: one sorted run list, dst's single keys folded in.  With
 * keep_keys, dst's (emptied) key buffer is kept for reuse.
 */
static void
cs_summary_merge_into(CsSummary *dst, CsSummary *src, bool keep_keys)
{
	CsSummaryIter a,
				b;
	int64		ak = 0,
				ac = 0,
				bk = 0,
				bc = 0,
				total = 0,
				i;
	bool		ha,
				hb;
	int64	   *runs;
	int64		merged_n;
	int			pass;

	if (src->kind != CS_KIND_NONE)
	{
		if (dst->kind == CS_KIND_NONE)
			dst->kind = src->kind;
		else if (dst->kind != src->kind)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("cannot merge a value_summary of %s values with one of %s values",
							dst->kind == CS_KIND_FLOAT8 ? "float8" : "numeric",
							src->kind == CS_KIND_FLOAT8 ? "float8" : "numeric"),
					 errhint("Build every summary from the same column type.")));
	}
	if (isnan(dst->p1))
	{
		dst->pkind = src->pkind;
		dst->p1 = src->p1;
		dst->p2 = src->p2;
	}
	else if (!isnan(src->p1) && !params_equal(dst->pkind, dst->p1, dst->p2, src->pkind, src->p1, src->p2))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge summaries built with different parameters %s and %s",
						params_text(dst->pkind, dst->p1, dst->p2), params_text(src->pkind, src->p1, src->p2)),
				 errhint("Use the same shares or points in every part of the aggregate.")));
	dst->dscale = Max(dst->dscale, src->dscale);
	if (src->n == 0)
		return;
	/* the counts of each add up to its n: no run's merged count overflows */
	if (pg_add_s64_overflow(dst->n, src->n, &merged_n))
		count_overflow();

	/* pass 0 counts the merged runs, pass 1 writes them from the top down */
	runs = NULL;
	for (pass = 0; pass < 2; pass++)
	{
		cs_summary_iter_init(dst, &a);
		cs_summary_iter_init(src, &b);
		ha = cs_summary_iter_next(&a, &ak, &ac);
		hb = cs_summary_iter_next(&b, &bk, &bc);
		i = total;
		while (ha || hb)
		{
			int64		k,
						c;

			CHECK_FOR_INTERRUPTS();
			if (ha && (!hb || ak >= bk))
			{
				k = ak;
				c = ac;
				if (hb && bk == ak)
				{
					c += bc;
					hb = cs_summary_iter_next(&b, &bk, &bc);
				}
				ha = cs_summary_iter_next(&a, &ak, &ac);
			}
			else
			{
				k = bk;
				c = bc;
				hb = cs_summary_iter_next(&b, &bk, &bc);
			}
			if (pass == 0)
				total++;
			else
			{
				i--;
				runs[2 * i] = k;
				runs[2 * i + 1] = c;
			}
		}
		if (pass == 0)
			runs = MemoryContextAllocExtended(dst->hdr.eoh_context, total * 2 * sizeof(int64), MCXT_ALLOC_HUGE);
	}
	if (dst->runs)
		pfree(dst->runs);
	if (dst->keys && !keep_keys)
	{
		pfree(dst->keys);
		dst->keys = NULL;
		dst->keycap = 0;
	}
	dst->nkeys = 0;
	dst->keys_sorted = true;
	dst->runs = runs;
	dst->nruns = total;
	dst->ndistinct = total;
	dst->n = merged_n;
}

/* The state to update (see cs_expanded_for_update), holding argument 0. */
static CsSummary *
cs_summary_state(FunctionCallInfo fcinfo)
{
	bool		fresh;
	CsSummary  *s = (CsSummary *) cs_expanded_for_update(fcinfo, &cs_summary_type, &fresh);

	if (fresh && !PG_ARGISNULL(0))
		cs_summary_merge_into(s, cs_summary_from_datum(PG_GETARG_DATUM(0)), false);
	return s;
}

/*
 * Money repeats: a few hundred thousand distinct cents among millions of
 * rows.  When the key buffer is full, sort it, and if it holds at least four
 * rows per distinct value, fold it into the run list and reuse the buffer
 * instead of doubling it.  Memory then follows the distinct values, not the
 * rows.  Returns whether the buffer was emptied.
 */
static bool
cs_summary_compact(CsSummary *s)
{
	int64		distinct = 0,
				i;
	CsSummary	keys_only;

	/* the merge costs O(runs): only worth it once the buffer outweighs them */
	if (s->nkeys < Max(CS_COMPACT_MIN, 2 * s->nruns))
		return false;
	cs_summary_sort(s);
	for (i = 0; i < s->nkeys; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (i == 0 || s->keys[i] != s->keys[i - 1])
			distinct++;
	}
	if (distinct > s->nkeys / 4)
		return false;

	/* merge the sorted keys, as a summary of their own, into the runs */
	memset(&keys_only, 0, sizeof(keys_only));
	keys_only.kind = s->kind;
	keys_only.pkind = s->pkind;
	keys_only.p1 = s->p1;
	keys_only.p2 = s->p2;
	keys_only.keys = s->keys;
	keys_only.nkeys = s->nkeys;
	keys_only.keys_sorted = true;
	keys_only.n = s->nkeys;
	s->n -= s->nkeys;
	s->nkeys = 0;
	cs_summary_merge_into(s, &keys_only, true);
	return true;
}

typedef enum CsParamKind
{
	CS_PARAM_SHARE,				/* a fraction in (0, 1] */
	CS_PARAM_POINTS,			/* an int >= 2 */
	CS_PARAM_SHARES_ARRAY		/* one float8[] of two cumulative shares */
} CsParamKind;

static const double cs_default_shares[2] = {CS_DEFAULT_VIP_SHARE, CS_DEFAULT_VALUABLE_SHARE};

int32
cs_check_curve_points(int64 points)
{
	if (points < CS_MIN_CURVE_POINTS || points > CS_MAX_CURVE_POINTS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("points must be between %d and %d, not " INT64_FORMAT,
						CS_MIN_CURVE_POINTS, CS_MAX_CURVE_POINTS, points),
				 errhint("A curve has %d to %d points; the default, %d, gives percent steps.",
						 CS_MIN_CURVE_POINTS, CS_MAX_CURVE_POINTS, CS_DEFAULT_CURVE_POINTS)));
	return (int32) points;
}

/*
 * Transition: add one value.  nparams parameters follow the value; they
 * must be the same on every row and are kept in the state for the final
 * function.  CS_PARAM_SHARES_ARRAY: one argument, the shares of
 * value_cutoffs(net, shares), NULL meaning the defaults, kept as
 * CS_PARAMS_SHARES.
 */
static Datum
cs_summary_add_defaults(FunctionCallInfo fcinfo, CsKind kind, int nparams, CsParamKind pkind,
						const double *default_shares, const char *example)
{
	CsSummary  *s = cs_summary_state(fcinfo);
	double		p[2] = {get_float8_nan(), get_float8_nan()};
	uint8		want = pkind == CS_PARAM_SHARES_ARRAY ? CS_PARAMS_SHARES : CS_PARAMS_ARGS;
	int			nkept = nparams;	/* parameters kept in the state */
	int			i;
	int			dscale;

	static const char *const share_names[2][2] = {{"fraction", NULL}, {"top_share", "vip_share"}};
	const char *const *names = pkind == CS_PARAM_POINTS ? (const char *const[]) {"points", NULL}
		: nparams > 0 ? share_names[nparams - 1] : NULL;

	if (pkind == CS_PARAM_SHARES_ARRAY)
	{
		const double *shares = default_shares;
		int			n;

		/* two values: checked on every row, so every bad row reports the same */
		if (!PG_ARGISNULL(2))
			shares = cs_shares_array(PG_GETARG_ARRAYTYPE_P(2), 2, 2, example, true, &n);
		p[0] = shares[0];
		p[1] = shares[1];
		nkept = 2;
		nparams = 0;			/* read */
	}
	for (i = 0; i < nparams; i++)
	{
		if (pkind == CS_PARAM_POINTS)
		{
			/* NULL points means the default (the API contract, rule 7) */
			p[i] = PG_ARGISNULL(2 + i) ? CS_DEFAULT_CURVE_POINTS
				: cs_check_curve_points(PG_GETARG_INT32(2 + i));
			continue;
		}
		if (PG_ARGISNULL(2 + i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be NULL", names[i]),
					 nparams == 1 ? errhint(CS_FRACTION_NULL_HINT)
					 : errhint("Omit the argument to use the default.")));
		p[i] = PG_GETARG_FLOAT8(2 + i);
	}
	if (nkept > 0 && (isnan(s->p1) || s->pkind != want || s->p1 != p[0] || (nkept > 1 && s->p2 != p[1])))
	{
		if (!isnan(s->p1) && want == CS_PARAMS_SHARES)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("shares must be the same for every row of a group"),
					 errdetail("The state has %s, this row %s.", params_text(s->pkind, s->p1, s->p2),
							   params_text(want, p[0], p[1])),
					 errhint("Pass constant shares.")));
		if (!isnan(s->p1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the aggregate's parameters must be the same for every row"),
					 s->pkind != want ? errdetail("The state has %s, this row %s.", params_text(s->pkind, s->p1, s->p2),
												  params_text(want, p[0], p[1]))
					 : nparams > 1 ? errdetail("A row has %s %g and %s %g, an earlier row %g and %g.",
											   names[0], p[0], names[1], p[1], s->p1, s->p2)
					 : errdetail("A row has %s %g, an earlier row %g.", names[0], p[0], s->p1),
					 errhint("Pass constants for shares and points.")));
		if (pkind == CS_PARAM_SHARE)
			for (i = 0; i < nparams; i++)
				cs_check_share(p[i], names[i]);
		s->pkind = want;
		s->p1 = p[0];
		s->p2 = p[1];
	}

	if (!PG_ARGISNULL(1))
	{
		int64		key;

		/* a bigint is added as the float8 of the same value, when exact */
		if (kind == CS_KIND_INT8)
		{
			key = cs_float8_key(cs_int8_float8(PG_GETARG_INT64(1)));
			dscale = 0;
			kind = CS_KIND_FLOAT8;
		}
		else
			key = cs_value_key(PG_GETARG_DATUM(1), kind, &dscale);
		if (s->kind != CS_KIND_NONE && s->kind != kind)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("cannot add a %s value to a value_summary of %s values",
							kind == CS_KIND_FLOAT8 ? "float8" : "numeric",
							kind == CS_KIND_FLOAT8 ? "numeric" : "float8"),
					 errhint("Build every summary from the same column type.")));
		if (s->n == PG_INT64_MAX)
			count_overflow();
		s->kind = kind;
		if (dscale > s->dscale)
			s->dscale = dscale;
		if (s->nkeys == s->keycap && !cs_summary_compact(s))
		{
			/* start small: most groups of a GROUP BY hold a few values */
			s->keycap = Max(CS_KEYS_INITIAL, s->keycap * 2);
			s->keys = cs_expanded_realloc(&s->hdr, s->keys, s->keycap * sizeof(int64));
		}
		s->keys[s->nkeys++] = key;
		s->keys_sorted = false;
		s->n++;
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

static Datum
cs_summary_add(FunctionCallInfo fcinfo, CsKind kind, int nparams, CsParamKind pkind)
{
	return cs_summary_add_defaults(fcinfo, kind, nparams, pkind, cs_default_shares, "{0.05,0.20}");
}

#define CS_ADD_FUNCTION(name, kind, nparams, pkind) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	return cs_summary_add(fcinfo, kind, nparams, pkind); \
}

/* value_summary(v), value_cutoffs(v), value_curve(v) */
CS_ADD_FUNCTION(cs_summary_add_numeric, CS_KIND_NUMERIC, 0, CS_PARAM_SHARE)
CS_ADD_FUNCTION(cs_summary_add_float8, CS_KIND_FLOAT8, 0, CS_PARAM_SHARE)
/* top_share(v, fraction) */
CS_ADD_FUNCTION(cs_summary_add_numeric_share, CS_KIND_NUMERIC, 1, CS_PARAM_SHARE)
CS_ADD_FUNCTION(cs_summary_add_float8_share, CS_KIND_FLOAT8, 1, CS_PARAM_SHARE)
/* value_cutoffs(v, top_share, vip_share) */
CS_ADD_FUNCTION(cs_summary_add_numeric_shares, CS_KIND_NUMERIC, 2, CS_PARAM_SHARE)
CS_ADD_FUNCTION(cs_summary_add_float8_shares, CS_KIND_FLOAT8, 2, CS_PARAM_SHARE)
/* value_cutoffs(net, shares float8[]) */
CS_ADD_FUNCTION(cs_summary_add_numeric_cumshares, CS_KIND_NUMERIC, 1, CS_PARAM_SHARES_ARRAY)
/*
 * loyalty_cutoffs(score, shares float8[]): the same state, NULL shares
 * meaning loyalty_tier's default {0.2,0.5}
 */
static const double cs_loyalty_default_shares[2] = {0.2, 0.5};

PG_FUNCTION_INFO_V1(cs_summary_add_numeric_loyalty_shares);
Datum
cs_summary_add_numeric_loyalty_shares(PG_FUNCTION_ARGS)
{
	return cs_summary_add_defaults(fcinfo, CS_KIND_NUMERIC, 1, CS_PARAM_SHARES_ARRAY,
								   cs_loyalty_default_shares, "{0.2,0.5}");
}

/* value_curve(v, points) */
CS_ADD_FUNCTION(cs_summary_add_numeric_points, CS_KIND_NUMERIC, 1, CS_PARAM_POINTS)
CS_ADD_FUNCTION(cs_summary_add_float8_points, CS_KIND_FLOAT8, 1, CS_PARAM_POINTS)
/* bigint: value_curve(v), top_share(v, fraction), value_curve(v, points) */
CS_ADD_FUNCTION(cs_summary_add_int8, CS_KIND_INT8, 0, CS_PARAM_SHARE)
CS_ADD_FUNCTION(cs_summary_add_int8_share, CS_KIND_INT8, 1, CS_PARAM_SHARE)
CS_ADD_FUNCTION(cs_summary_add_int8_points, CS_KIND_INT8, 1, CS_PARAM_POINTS)

/*
 * Combine two summaries: the aggregates' combine function and the transition
 * of value_summary_merge().  STRICT: nodeAgg starts from the first non-NULL.
 * The second summary is read in place.
 */
PG_FUNCTION_INFO_V1(cs_summary_combine);
Datum
cs_summary_combine(PG_FUNCTION_ARGS)
{
	CsSummary  *s = cs_summary_state(fcinfo);

	cs_summary_merge_into(s, cs_summary_from_datum(PG_GETARG_DATUM(1)), false);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O.  Text: "v1;numeric;2;p1;p2;n;run,run,..." with runs
 * ascending, each "value" or "value*count"; numeric values are written
 * exactly, float8 values in shortest round-trip form; absent parameters as
 * "-".  A summary whose parameters are not 0.2.0's option arguments is
 * written in version 2, which names their kind before them:
 * "v2;numeric;2;shares;0.05;0.2;n;runs" (value_cutoffs(net, shares)).
 * Binary: version 1 is version, kind, dscale, p1, p2, n, nruns, runs;
 * version 2 has the parameters' kind as a byte after dscale.  Summaries of
 * 0.2.0's kind are written as version 1, byte for byte as 0.2.0 wrote them,
 * and both versions are read.  Both inputs build the flat value and pass it
 * to one check, cs_summary_check_flat, so that they accept exactly the same
 * summaries, and every value in them is one that adding a value can give.
 * --------------------------------------------------------------------- */

static const char *const kind_names[] = {"none", "numeric", "float8"};
static const char *const params_names[] = {"args", "shares"};
static const char *const version_names[] = {NULL, "v1", "v2"};

static void
append_key(StringInfo buf, int64 key, CsKind kind)
{
	if (kind == CS_KIND_FLOAT8)
	{
		char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

		double_to_shortest_decimal_buf(cs_key_to_float8(key), tmp);
		appendStringInfoString(buf, tmp);
	}
	else
	{
		uint64		mag = key < 0 ? -(uint64) key : (uint64) key;
		int			frac = mag % 10000;

		appendStringInfo(buf, "%s" UINT64_FORMAT, key < 0 ? "-" : "", mag / 10000);
		if (frac != 0)
		{
			char		digits[6];

			snprintf(digits, sizeof(digits), ".%04d", frac);
			while (digits[strlen(digits) - 1] == '0')
				digits[strlen(digits) - 1] = '\0';
			appendStringInfoString(buf, digits);
		}
	}
}

static void
append_param(StringInfo buf, double p)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	if (isnan(p))
		appendStringInfoChar(buf, '-');
	else
	{
		double_to_shortest_decimal_buf(p, tmp);
		appendStringInfoString(buf, tmp);
	}
}

/* A key as its text, for error messages. */
static char *
key_text(int64 key, CsKind kind)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_key(&buf, key, kind);
	return buf.data;
}

/*
 * Whether a key is one that adding a value can produce: numeric keys other
 * than the int64 minimum (a negated magnitude never reaches it) with no
 * more decimals than the scale; float8 keys of finite values, with -0 as 0.
 */
static bool
key_is_valid(int64 key, CsKind kind, int dscale)
{
	if (kind == CS_KIND_FLOAT8)
	{
		double		d = cs_key_to_float8(key);

		return !isnan(d) && !isinf(d) && cs_float8_key(d) == key;
	}
	return key != PG_INT64_MIN && cs_key_fits_scale(key, dscale);
}

pg_noreturn static void
bad_flat(const char *what, int sqlstate, const char *detail)
{
	cs_bad_state_flat("value_summary", what, sqlstate, detail, CS_SUMMARY_EXAMPLE);
}

/*
 * The one check of a flat summary read from text or binary input: the
 * header, every key valid for the kind and scale, keys strictly ascending,
 * counts of at least 1 that add up to n.  NaN parameters are made the one
 * NaN the aggregates write, so that equal summaries have equal bytes.
 */
static void
cs_summary_check_flat(CsSummaryFlat *f, const char *what, int sqlstate)
{
	int64		i,
				total = 0;

	if (f->version != CS_SUMMARY_VERSION)
		bad_flat(what, sqlstate, psprintf("The format version is %d, not 1 or 2.", f->version));
	if (f->pkind > CS_PARAMS_SHARES)
		bad_flat(what, sqlstate, psprintf("The parameters' kind %d is not 0 (args) or 1 (shares).", f->pkind));
	/* value_cutoffs(net, shares) checks its shares: two, cumulative */
	if (f->pkind == CS_PARAMS_SHARES &&
		!(f->p1 > 0 && f->p1 < f->p2 && f->p2 <= 1))
		bad_flat(what, sqlstate, psprintf("The shares (%g, %g) must be two cumulative shares, 0 < first < second <= 1.",
										  f->p1, f->p2));
	if (f->kind > CS_KIND_FLOAT8)
		bad_flat(what, sqlstate, psprintf("The kind %d is not 0 (none), 1 (numeric) or 2 (float8).", f->kind));
	if (f->dscale > CS_NUMERIC_DSCALE_MAX)
		bad_flat(what, sqlstate, psprintf("The scale %d is above %d.", f->dscale, CS_NUMERIC_DSCALE_MAX));
	if ((!isnan(f->p1) && (isinf(f->p1) || f->p1 <= 0)) || (!isnan(f->p2) && (isinf(f->p2) || f->p2 <= 0)))
		bad_flat(what, sqlstate, psprintf("The parameters (%g, %g) must be positive numbers, or absent.", f->p1, f->p2));
	if (isnan(f->p1))
		f->p1 = get_float8_nan();
	if (isnan(f->p2))
		f->p2 = get_float8_nan();
	check_runs_limit(f->nruns);
	if (f->nruns > 0 && f->kind == CS_KIND_NONE)
		bad_flat(what, sqlstate, "A summary of kind none has no values.");
	for (i = 0; i < f->nruns; i++)
	{
		int64		key = f->runs[2 * i],
					count = f->runs[2 * i + 1];

		CHECK_FOR_INTERRUPTS();
		if (!key_is_valid(key, f->kind, f->dscale))
			bad_flat(what, sqlstate,
					 f->kind == CS_KIND_FLOAT8
					 ? psprintf("Value %s is not a finite float8 value as a summary keeps it.", key_text(key, f->kind))
					 : psprintf("Value %s is out of range or has more decimals than the scale %d.",
								key_text(key, f->kind), f->dscale));
		if (i > 0 && key <= f->runs[2 * i - 2])
			bad_flat(what, sqlstate,
					 psprintf("Value %s follows %s: values must be strictly ascending.",
							  key_text(key, f->kind), key_text(f->runs[2 * i - 2], f->kind)));
		if (count < 1)
			bad_flat(what, sqlstate,
					 psprintf("Value %s has count " INT64_FORMAT ": counts must be at least 1.",
							  key_text(key, f->kind), count));
		if (pg_add_s64_overflow(total, count, &total))
			bad_flat(what, sqlstate, "The counts add up to more than 9223372036854775807.");
	}
	if (total != f->n)
		bad_flat(what, sqlstate,
				 psprintf("The counts add up to " INT64_FORMAT ", not n = " INT64_FORMAT ".", total, f->n));
}

PG_FUNCTION_INFO_V1(cs_summary_out);
Datum
cs_summary_out(PG_FUNCTION_ARGS)
{
	CsSummary  *s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;
	CsAscIter	it;
	int64		k,
				c;
	bool		first = true;

	/* text that the input would refuse is not written either */
	check_runs_limit(cs_summary_ndistinct(s));
	initStringInfo(&buf);
	if (s->pkind == CS_PARAMS_ARGS)
		appendStringInfo(&buf, "v1;%s;%d;", kind_names[s->kind], s->dscale);
	else
		appendStringInfo(&buf, "v2;%s;%d;%s;", kind_names[s->kind], s->dscale, params_names[s->pkind]);
	append_param(&buf, s->p1);
	appendStringInfoChar(&buf, ';');
	append_param(&buf, s->p2);
	appendStringInfo(&buf, ";" INT64_FORMAT ";", s->n);
	asc_iter_init(s, &it);
	while (asc_iter_next(&it, &k, &c))
	{
		CHECK_FOR_INTERRUPTS();
		/* one run takes at most 46 bytes: stop before the 1 GB limit */
		if (buf.len > (int) (MaxAllocSize - 64))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("value_summary of " INT64_FORMAT " values is too large for its text form (1 GB)", s->n),
					 errhint("Use binary COPY or the binary protocol (value_summary_send), or summarise smaller groups.")));
		if (!first)
			appendStringInfoChar(&buf, ',');
		first = false;
		append_key(&buf, k, s->kind);
		if (c != 1)
			appendStringInfo(&buf, "*" INT64_FORMAT, c);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* Parse "[-]digits[.dddd]" into value * 10^4. */
static int64
parse_numeric_key(CsStateReader *r)
{
	const char *p = r->p;
	bool		neg = false;
	int64		acc = 0;
	int			fracdigits = 0;
	bool		any = false;

	if (*p == '-')
	{
		neg = true;
		p++;
	}
	while (isdigit((unsigned char) *p))
	{
		if (pg_mul_s64_overflow(acc, 10, &acc) || pg_add_s64_overflow(acc, *p - '0', &acc))
			cs_reader_fail(r, "A value is out of range.");
		p++;
		any = true;
	}
	if (*p == '.')
	{
		p++;
		while (isdigit((unsigned char) *p))
		{
			if (++fracdigits > CS_NUMERIC_KEY_SCALE)
				cs_reader_fail(r, "A value has more than 4 decimal places.");
			if (pg_mul_s64_overflow(acc, 10, &acc) || pg_add_s64_overflow(acc, *p - '0', &acc))
				cs_reader_fail(r, "A value is out of range.");
			p++;
			any = true;
		}
	}
	if (!any)
		cs_reader_fail(r, "A value is missing.");
	for (; fracdigits < CS_NUMERIC_KEY_SCALE; fracdigits++)
		if (pg_mul_s64_overflow(acc, 10, &acc))
			cs_reader_fail(r, "A value is out of range.");
	r->p = p;
	return neg ? -acc : acc;
}

/* A float8 as the output writes it; with allow_dash, "-" (absent) is NaN. */
static double
parse_double(CsStateReader *r, bool allow_dash)
{
	if (allow_dash && r->p[0] == '-' && (r->p[1] == ';' || r->p[1] == '\0'))
	{
		r->p++;
		return get_float8_nan();
	}
	return cs_reader_double(r);
}

PG_FUNCTION_INFO_V1(cs_summary_in);
Datum
cs_summary_in(PG_FUNCTION_ARGS)
{
	CsStateReader r;
	CsSummaryFlat *f;
	int64		nruns = 0,
				cap = 16;
	int			version;

	cs_reader_init(&r, "value_summary", PG_GETARG_CSTRING(0), CS_SUMMARY_EXAMPLE);
	/* parse straight into the flat value, grown by doubling */
	f = palloc0(CS_FLAT_HDRSZ + cap * 2 * sizeof(int64));
	f->version = CS_SUMMARY_VERSION;
	version = cs_reader_word(&r, version_names, lengthof(version_names), "The format version must be v1 or v2.");
	cs_reader_expect(&r, ";");
	f->kind = cs_reader_word(&r, kind_names, lengthof(kind_names), "The kind must be numeric, float8 or none.");
	cs_reader_expect(&r, ";");
	f->dscale = (uint16) cs_reader_int(&r, 0, CS_NUMERIC_DSCALE_MAX);
	cs_reader_expect(&r, ";");
	if (version == 2)
	{
		f->pkind = cs_reader_word(&r, params_names, lengthof(params_names),
								  "The parameters' kind must be args or shares.");
		cs_reader_expect(&r, ";");
	}
	f->p1 = parse_double(&r, true);
	cs_reader_expect(&r, ";");
	f->p2 = parse_double(&r, true);
	cs_reader_expect(&r, ";");
	f->n = cs_reader_int(&r, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ";");

	while (*r.p != '\0')
	{
		int64		key,
					count = 1;

		CHECK_FOR_INTERRUPTS();
		if (nruns > 0)
			cs_reader_expect(&r, ",");
		if (f->kind == CS_KIND_FLOAT8)
			key = cs_float8_key(parse_double(&r, false));
		else
			key = parse_numeric_key(&r);
		if (cs_reader_skip(&r, '*'))
			count = cs_reader_int(&r, 0, PG_INT64_MAX);
		if (nruns == cap)
		{
			check_runs_limit(nruns + 1);
			cap = Min(cap * 2, CS_MAX_RUNS);
			f = repalloc(f, CS_FLAT_HDRSZ + cap * 2 * sizeof(int64));
		}
		f->runs[2 * nruns] = key;
		f->runs[2 * nruns + 1] = count;
		nruns++;
	}
	f->nruns = nruns;
	SET_VARSIZE(f, CS_FLAT_HDRSZ + nruns * 2 * sizeof(int64));
	cs_summary_check_flat(f, "text", ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(f);
}

PG_FUNCTION_INFO_V1(cs_summary_send);
Datum
cs_summary_send(PG_FUNCTION_ARGS)
{
	CsSummary  *s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		nruns = cs_summary_ndistinct(s);
	CsAscIter	it;
	int64		k,
				c;

	check_runs_limit(nruns);
	pq_begintypsend(&buf);
	enlargeStringInfo(&buf, 37 + nruns * 2 * sizeof(int64));
	pq_sendbyte(&buf, s->pkind == CS_PARAMS_ARGS ? 1 : 2);
	pq_sendbyte(&buf, s->kind);
	pq_sendint16(&buf, s->dscale);
	if (s->pkind != CS_PARAMS_ARGS)
		pq_sendbyte(&buf, s->pkind);
	pq_sendfloat8(&buf, s->p1);
	pq_sendfloat8(&buf, s->p2);
	pq_sendint64(&buf, s->n);
	pq_sendint64(&buf, nruns);
	asc_iter_init(s, &it);
	while (asc_iter_next(&it, &k, &c))
	{
		CHECK_FOR_INTERRUPTS();
		pq_sendint64(&buf, k);
		pq_sendint64(&buf, c);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_summary_recv);
Datum
cs_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CsSummaryFlat hdr;
	CsSummaryFlat *f;
	int64		i;

	if (buf->len - buf->cursor < 36)
		cs_bad_state_binary("value_summary");
	hdr.version = pq_getmsgbyte(buf);
	hdr.kind = pq_getmsgbyte(buf);
	hdr.dscale = pq_getmsgint(buf, 2);
	hdr.pkind = CS_PARAMS_ARGS;
	if (hdr.version == 2)
	{
		if (buf->len - buf->cursor < 33)
			cs_bad_state_binary("value_summary");
		/* the flat form is version 1 with the kind in its own byte */
		hdr.version = CS_SUMMARY_VERSION;
		hdr.pkind = pq_getmsgbyte(buf);
	}
	hdr.p1 = pq_getmsgfloat8(buf);
	hdr.p2 = pq_getmsgfloat8(buf);
	hdr.n = pq_getmsgint64(buf);
	hdr.nruns = pq_getmsgint64(buf);
	/* the size limit first, so that a forged count allocates nothing */
	if (hdr.nruns >= 0)
		check_runs_limit(hdr.nruns);
	if (!cs_holds_entries(buf->len - buf->cursor, hdr.nruns, 2 * sizeof(int64)))
		cs_bad_state_binary("value_summary");

	f = palloc0(CS_FLAT_HDRSZ + hdr.nruns * 2 * sizeof(int64));
	SET_VARSIZE(f, CS_FLAT_HDRSZ + hdr.nruns * 2 * sizeof(int64));
	f->version = hdr.version;
	f->kind = hdr.kind;
	f->dscale = hdr.dscale;
	f->pkind = hdr.pkind;
	f->p1 = hdr.p1;
	f->p2 = hdr.p2;
	f->n = hdr.n;
	f->nruns = hdr.nruns;
	for (i = 0; i < 2 * hdr.nruns; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		f->runs[i] = pq_getmsgint64(buf);
	}
	cs_summary_check_flat(f, "binary value", ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(f);
}
