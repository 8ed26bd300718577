/*
 * tiers.c
 *	  Percentile value tiers: VIP / important / general
 *	  / potential / no value, and general percentile tiers such as deciles.
 *
 * Rule: with N = rows whose value is not NULL, rank by value
 * descending, ties sharing the best rank (as rank() does).  With cumulative
 * shares (the API contract: fractions of all N from the top, best tier
 * first), a row is VIP when rank <= ceil(N * shares[1]) and its value is > 0,
 * important when rank <= ceil(N * shares[2]) and value > 0, general for any
 * other positive value, potential for value <= 0 with the caller's potential
 * flag, no_value otherwise.  (The deprecated 0.2.0 forms take top_share and
 * vip_share, a fraction of top_share: VIP limit ceil(N * top_share *
 * vip_share), important limit ceil(N * top_share).)  Since rank(v) <= K
 * exactly when v >= the K-th largest value, a tier only needs the cut-off
 * values, never a sort: the window functions find
 * them by selection once per partition; value_cutoffs() finds them from a
 * value_summary, which is how the two-step form splits across processes and
 * machines.  Both paths share the comparison below, so they agree.
 */
#include "common.h"
#include "valuekey.h"
#include "value_summary.h"
#include "tiers.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/datum.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "windowapi.h"

/* 0.2.0's nested defaults: the same tiers as CS_DEFAULT_VIP_SHARE and _VALUABLE_ */
#define DEFAULT_TOP_SHARE 0.20
#define DEFAULT_VIP_SHARE 0.25

typedef enum ValueTier
{
	TIER_VIP,
	TIER_IMPORTANT,
	TIER_GENERAL,
	TIER_POTENTIAL,
	TIER_NO_VALUE,
	NUM_TIERS
} ValueTier;

static const char *const tier_labels[NUM_TIERS] =
{"vip", "important", "general", "potential", "no_value"};

/*
 * The tier of a value given its relation to the two cut-offs.  vip_cut and
 * valuable_cut say whether value >= the VIP / valuable cut-off.
 */
static inline ValueTier
tier_of(int sign, bool vip_cut, bool valuable_cut, bool potential)
{
	if (sign > 0)
		return vip_cut ? TIER_VIP : valuable_cut ? TIER_IMPORTANT : TIER_GENERAL;
	return potential ? TIER_POTENTIAL : TIER_NO_VALUE;
}

static double
get_share(WindowObject winobj, int argno, const char *name)
{
	bool		isnull;
	double		share = DatumGetFloat8(WinGetFuncArgCurrent(winobj, argno, &isnull));

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be NULL", name),
				 errhint("Omit the argument to use the default.")));
	cs_check_share(share, name);
	return share;
}

/*
 * Loops over every row of a window partition.  WinGetFuncArgInPartition
 * evaluates the argument expressions in CurrentMemoryContext, which the
 * executor resets only once per output row: over a whole partition, an
 * argument such as net * 1 or x::numeric would pile up its results (60 bytes
 * a row measured).  The loop runs in a scratch context reset every
 * CS_SCAN_BATCH rows instead, and checks for interrupts there.
 */
#define CS_SCAN_BATCH 1024

void
cs_partition_scan_begin(CsPartitionScan *scan)
{
	scan->scratch = AllocSetContextCreate(CurrentMemoryContext, "customer_seg partition scan",
										  ALLOCSET_DEFAULT_SIZES);
	scan->caller = MemoryContextSwitchTo(scan->scratch);
	scan->rows = 0;
}

void
cs_partition_scan_row(CsPartitionScan *scan)
{
	if (++scan->rows % CS_SCAN_BATCH == 0)
	{
		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(scan->scratch);
	}
}

void
cs_partition_scan_end(CsPartitionScan *scan)
{
	MemoryContextSwitchTo(scan->caller);
	MemoryContextDelete(scan->scratch);
}

/*
 * Read every non-NULL value of the partition as a key (the partition's row
 * order does not matter).  Returns a palloc'd array; *n gets its length.
 */
static int64 *
partition_keys(WindowObject winobj, CsKind kind, int64 *n)
{
	int64		rows = WinGetPartitionRowCount(winobj);
	int64	   *keys = palloc_extended(Max(rows, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	int64		i,
				m = 0;
	int			dscale;
	CsPartitionScan scan;

	cs_partition_scan_begin(&scan);
	for (i = 0; i < rows; i++)
	{
		bool		isnull,
					isout;
		Datum		v;

		cs_partition_scan_row(&scan);
		v = WinGetFuncArgInPartition(winobj, 0, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (!isnull)
			keys[m++] = cs_value_key(v, kind, &dscale);
	}
	cs_partition_scan_end(&scan);
	*n = m;
	return keys;
}

/*
 * Cut-off keys for ascending rank limits: cuts[j] = the limits[j]-th largest
 * key.  Selection, not sorting (linear whatever the input order); keys is
 * rearranged.
 */
static void
select_cuts(int64 *keys, int64 n, const int64 *limits, int nlimits, int64 *cuts)
{
	int64	   *pos = palloc(nlimits * sizeof(int64));
	int			j;

	for (j = 0; j < nlimits; j++)
		pos[j] = Min(limits[j], n) - 1;
	cs_select_desc_many(keys, n, pos, nlimits, cuts);
	pfree(pos);
}

/*
 * Rank limits of the VIP and valuable (VIP or important) tiers among n
 * values.  cumulative: a and b are the shares of the contract, VIP =
 * ceil(n * a), valuable = ceil(n * b).  Otherwise they are 0.2.0's nested
 * top_share and vip_share: VIP = ceil(n * top_share * vip_share), valuable
 * = ceil(n * top_share).  Either way each limit is one ceil() of the shares
 * as written in decimal, so '{0.05,0.20}' gives exactly what 0.20 and 0.25
 * gave.
 */
static void
tier_limits(int64 n, double a, double b, bool cumulative, int64 *limits)
{
	if (cumulative)
	{
		limits[0] = cs_rank_limit(n, a, 1.0);
		limits[1] = cs_rank_limit(n, b, 1.0);
	}
	else
	{
		limits[0] = cs_rank_limit(n, a, b);
		limits[1] = cs_rank_limit(n, a, 1.0);
	}
}

/*
 * Shares as an error's detail shows them: each in its shortest exact form
 * (two shares that differ never print alike), the first ten of a longer list.
 */
static char *
shares_text(const double *shares, int n)
{
	StringInfoData b;
	int			i;

	initStringInfo(&b);
	appendStringInfoChar(&b, '{');
	for (i = 0; i < n && i < 10; i++)
		appendStringInfo(&b, "%s%s", i > 0 ? "," : "", float8out_internal(shares[i]));
	if (n > 10)
		appendStringInfo(&b, ",... (%d shares)", n);
	appendStringInfoChar(&b, '}');
	return b.data;
}

/* the shares of value_tier and value_cutoffs: VIP, then VIP and important */
static const double value_tier_default_shares[2] = {CS_DEFAULT_VIP_SHARE, CS_DEFAULT_VALUABLE_SHARE};

#define VALUE_TIER_SHARES_EXAMPLE "{0.05,0.20}"

typedef struct TierPartition
{
	bool		ready;
	bool		empty;
	double		a,				/* the two shares the cut-offs were found for */
				b;
	int64		vip_cut,
				valuable_cut;
} TierPartition;

/*
 * The window forms: value_tier(net, potential, shares) and the deprecated
 * value_tier(net, potential, top_share, vip_share) OVER (...).  The shares
 * are read on every row (they must not change within a partition).
 */
static Datum
value_tier_window(FunctionCallInfo fcinfo, CsKind kind, bool cumulative)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	TierPartition *part = WinGetPartitionLocalMemory(winobj, sizeof(TierPartition));
	Oid		   *tiers = cs_enum_oids(fcinfo, tier_labels, NUM_TIERS);
	double		a,
				b;
	bool		isnull;
	Datum		value;
	bool		potential;
	int64		key;
	int			dscale;

	if (cumulative)
	{
		Datum		d = WinGetFuncArgCurrent(winobj, 2, &isnull);
		const double *shares = value_tier_default_shares;
		int			n;

		/*
		 * A NULL option means its default (the API contract, rule 7).  Two
		 * values: checked on every row, so every bad row reports the same.
		 */
		if (!isnull)
			shares = cs_shares_array(DatumGetArrayTypeP(d), 2, 2, VALUE_TIER_SHARES_EXAMPLE, true, &n);
		a = shares[0];
		b = shares[1];
	}
	else
	{
		a = get_share(winobj, 2, "top_share");
		b = get_share(winobj, 3, "vip_share");
	}

	if (!part->ready)
	{
		int64		n;
		int64	   *keys = partition_keys(winobj, kind, &n);

		part->a = a;
		part->b = b;
		part->empty = (n == 0);
		if (n > 0)
		{
			int64		limits[2];
			int64		cuts[2];

			tier_limits(n, a, b, cumulative, limits);
			select_cuts(keys, n, limits, 2, cuts);
			part->vip_cut = cuts[0];
			part->valuable_cut = cuts[1];
		}
		pfree(keys);
		part->ready = true;
	}
	else if (a != part->a || b != part->b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 cumulative
				 ? errmsg("shares must be the same for every row of a partition")
				 : errmsg("top_share and vip_share must be the same for every row of a partition"),
				 cumulative
				 ? errdetail("A row has shares %s, an earlier row %s.",
							 shares_text((double[]) {a, b}, 2), shares_text((double[]) {part->a, part->b}, 2))
				 : errdetail("A row has top_share %s and vip_share %s, an earlier row %s and %s.",
							 float8out_internal(a), float8out_internal(b),
							 float8out_internal(part->a), float8out_internal(part->b)),
				 cumulative ? errhint("Pass constant shares.") : errhint("Pass constants for the shares.")));

	value = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	key = cs_value_key(value, kind, &dscale);
	potential = DatumGetBool(WinGetFuncArgCurrent(winobj, 1, &isnull)) && !isnull;
	PG_RETURN_OID(tiers[tier_of((key > 0) - (key < 0), key >= part->vip_cut,
								key >= part->valuable_cut, potential)]);
}

/* value_tier(net, potential, shares) OVER (...) */
PG_FUNCTION_INFO_V1(cs_value_tier_shares_numeric_window);
Datum
cs_value_tier_shares_numeric_window(PG_FUNCTION_ARGS)
{
	return value_tier_window(fcinfo, CS_KIND_NUMERIC, true);
}

PG_FUNCTION_INFO_V1(cs_value_tier_shares_float8_window);
Datum
cs_value_tier_shares_float8_window(PG_FUNCTION_ARGS)
{
	return value_tier_window(fcinfo, CS_KIND_FLOAT8, true);
}

/* bigint: ranked exactly by its own value, where the float8 form would round above 2^53 */
PG_FUNCTION_INFO_V1(cs_value_tier_shares_int8_window);
Datum
cs_value_tier_shares_int8_window(PG_FUNCTION_ARGS)
{
	return value_tier_window(fcinfo, CS_KIND_INT8, true);
}

/* value_tier_deprecated(net, potential, top_share, vip_share) OVER (...) */
PG_FUNCTION_INFO_V1(cs_value_tier_numeric_window);
Datum
cs_value_tier_numeric_window(PG_FUNCTION_ARGS)
{
	return value_tier_window(fcinfo, CS_KIND_NUMERIC, false);
}

PG_FUNCTION_INFO_V1(cs_value_tier_float8_window);
Datum
cs_value_tier_float8_window(PG_FUNCTION_ARGS)
{
	return value_tier_window(fcinfo, CS_KIND_FLOAT8, false);
}

/* ---------------------------------------------------------------------
 * percentile_tier(value, shares float8[]) OVER (...): 1 = top.  With
 * cumulative shares s_1 < ... < s_m, a row is in the first tier j whose
 * rank limit ceil(N * s_j) its rank meets, else in tier m + 1.
 * --------------------------------------------------------------------- */

#define MAX_SHARES CS_MAX_SHARES

typedef struct PercentilePartition
{
	bool		ready;
	int			nshares;
	double		shares[MAX_SHARES];
	int64		cuts[MAX_SHARES];
} PercentilePartition;

int
cs_window_percentile_tier(WindowObject winobj, CsKind kind, const double *shares, int nshares)
{
	PercentilePartition *part = WinGetPartitionLocalMemory(winobj, sizeof(PercentilePartition));
	bool		isnull;
	Datum		value;
	int64		key;
	int			dscale,
				j,
				lo,
				hi;

	if (!part->ready)
	{
		int64		n;
		int64	   *keys;
		int64		limits[MAX_SHARES];

		cs_check_shares(shares, nshares, 1, MAX_SHARES, "{0.05,0.20}");
		part->nshares = nshares;
		memcpy(part->shares, shares, nshares * sizeof(double));
		keys = partition_keys(winobj, kind, &n);
		if (n > 0)
		{
			for (j = 0; j < part->nshares; j++)
				limits[j] = cs_rank_limit(n, part->shares[j], 1.0);
			select_cuts(keys, n, limits, part->nshares, part->cuts);
		}
		pfree(keys);
		part->ready = true;
	}
	else if (nshares != part->nshares || memcmp(shares, part->shares, nshares * sizeof(double)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("shares must be the same for every row of a partition"),
				 errdetail("A row has shares %s, an earlier row %s.",
						   shares_text(shares, nshares), shares_text(part->shares, part->nshares)),
				 errhint("Pass constant shares.")));

	value = WinGetFuncArgCurrent(winobj, 0, &isnull);
	if (isnull)
		return 0;
	key = cs_value_key(value, kind, &dscale);

	/*
	 * The cut-offs never increase, so the cut-offs above key are a prefix:
	 * its length, found by binary search (up to 1000 shares), is tier - 1.
	 */
	lo = 0;
	hi = part->nshares;
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (key < part->cuts[mid])
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1;
}

int
cs_window_percentile_tier_arg(WindowObject winobj, CsKind kind, int argno, const CsSharesArg *rule)
{
	PercentilePartition *part = WinGetPartitionLocalMemory(winobj, sizeof(PercentilePartition));
	bool		isnull;
	Datum		d = WinGetFuncArgCurrent(winobj, argno, &isnull);
	const double *shares = rule->defaults;
	int			n = rule->ndefaults;

	if (isnull && rule->defaults == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("shares must not be NULL"),
				 errhint("Pass cumulative shares of all rows from the top, best tier first, e.g. '%s'.",
						 rule->example)));
	/* the values are checked on a partition's first row; later rows compare */
	if (!isnull)
		shares = cs_shares_array(DatumGetArrayTypeP(d), rule->nmin, rule->nmax, rule->example,
								 !part->ready, &n);
	return cs_window_percentile_tier(winobj, kind, shares, n);
}

static Datum
percentile_tier_window(FunctionCallInfo fcinfo, CsKind kind)
{
	static const CsSharesArg rule = {1, MAX_SHARES, NULL, 0, "{0.05,0.20}"};
	int			tier = cs_window_percentile_tier_arg(PG_WINDOW_OBJECT(), kind, 1, &rule);

	if (tier == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32(tier);
}

PG_FUNCTION_INFO_V1(cs_percentile_tier_numeric_window);
Datum
cs_percentile_tier_numeric_window(PG_FUNCTION_ARGS)
{
	return percentile_tier_window(fcinfo, CS_KIND_NUMERIC);
}

PG_FUNCTION_INFO_V1(cs_percentile_tier_float8_window);
Datum
cs_percentile_tier_float8_window(PG_FUNCTION_ARGS)
{
	return percentile_tier_window(fcinfo, CS_KIND_FLOAT8);
}

PG_FUNCTION_INFO_V1(cs_percentile_tier_int8_window);
Datum
cs_percentile_tier_int8_window(PG_FUNCTION_ARGS)
{
	return percentile_tier_window(fcinfo, CS_KIND_INT8);
}

/* ---------------------------------------------------------------------
 * The two-step form: value_cutoffs (aggregate, or from a summary) returns
 * (n, vip_min, valuable_min): the smallest value that is VIP and the
 * smallest that is VIP or important, NULL when there is none.  Then
 * value_tier(net, cutoffs, potential) tiers each row with no ranking.
 * --------------------------------------------------------------------- */

/*
 * The cut-offs of a summary (NULL: no rows) for two shares, cumulative or
 * 0.2.0's nested pair (tier_limits).
 */
static Datum
cutoffs_from_summary(FunctionCallInfo fcinfo, CsSummary *s, double a, double b, bool cumulative)
{
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, true, true};
	int64		n = s ? cs_summary_count(s) : 0;

	tupdesc = cs_result_tupdesc(fcinfo);
	if (!cumulative)
	{
		cs_check_share(a, "top_share");
		cs_check_share(b, "vip_share");
	}
	if (s && cs_summary_kind(s) == CS_KIND_FLOAT8)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("value_cutoffs needs a summary of numeric values"),
				 errhint("Summarise net::numeric, or use value_tier(net) OVER (...) for float8.")));
	values[0] = Int64GetDatum(n);
	if (n > 0)
	{
		int64		limits[2];
		CsSummaryIter it;
		int64		key,
					count,
					seen = 0,
					last_positive = 0,
					steps = 0;
		bool		have_positive = false;
		int			j = 0;

		tier_limits(n, a, b, cumulative, limits);
		cs_summary_iter_init(s, &it);
		/* walk down from the top until both limits are met or values turn <= 0 */
		while (j < 2 && cs_summary_iter_next(&it, &key, &count))
		{
			if ((++steps & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			if (key <= 0)
				break;
			seen += count;
			last_positive = key;
			have_positive = true;
			for (; j < 2 && seen >= limits[j]; j++)
			{
				values[1 + j] = cs_key_to_numeric(key, cs_summary_dscale(s));
				nulls[1 + j] = false;
			}
		}
		/* fewer positive values than a limit: every positive value qualifies */
		for (; j < 2 && have_positive; j++)
		{
			values[1 + j] = cs_key_to_numeric(last_positive, cs_summary_dscale(s));
			nulls[1 + j] = false;
		}
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * Final function of the value_cutoffs aggregates: the shares come from the
 * state (value_cutoffs(net, shares) keeps them as shares, 0.2.0's
 * value_cutoffs(net, top_share, vip_share) as its two arguments), 0.2.0's
 * nested defaults when it has none (the same tiers as '{0.05,0.20}').
 */
PG_FUNCTION_INFO_V1(cs_value_cutoffs_final);
Datum
cs_value_cutoffs_final(PG_FUNCTION_ARGS)
{
	CsSummary  *s = PG_ARGISNULL(0) ? NULL : cs_summary_from_datum(PG_GETARG_DATUM(0));
	double		p[2];

	if (s && cs_summary_shares(s, p))
		return cutoffs_from_summary(fcinfo, s, p[0], p[1], true);
	p[0] = p[1] = get_float8_nan();
	if (s)
		cs_summary_params(s, &p[0], &p[1]);
	return cutoffs_from_summary(fcinfo, s,
								isnan(p[0]) ? DEFAULT_TOP_SHARE : p[0],
								isnan(p[1]) ? DEFAULT_VIP_SHARE : p[1], false);
}

/* the shares argument argno of a scalar form; NULL means the defaults */
static const double *
cutoffs_shares_arg(FunctionCallInfo fcinfo, int argno)
{
	int			n;

	if (PG_ARGISNULL(argno))
		return value_tier_default_shares;
	return cs_shares_array(PG_GETARG_ARRAYTYPE_P(argno), 2, 2, VALUE_TIER_SHARES_EXAMPLE, true, &n);
}

/*
 * value_cutoffs_final(summary, shares): what value_cutoffs(net, shares)
 * returns, whatever shares the summary was built with; a NULL summary is
 * the aggregate's state over no rows.
 */
PG_FUNCTION_INFO_V1(cs_value_cutoffs_final_shares);
Datum
cs_value_cutoffs_final_shares(PG_FUNCTION_ARGS)
{
	const double *shares = cutoffs_shares_arg(fcinfo, 1);

	return cutoffs_from_summary(fcinfo, PG_ARGISNULL(0) ? NULL : cs_summary_from_datum(PG_GETARG_DATUM(0)),
								shares[0], shares[1], true);
}

/* value_cutoffs_deprecated(summary, top_share, vip_share) */
PG_FUNCTION_INFO_V1(cs_value_cutoffs_summary);
Datum
cs_value_cutoffs_summary(PG_FUNCTION_ARGS)
{
	return cutoffs_from_summary(fcinfo, cs_summary_from_datum(PG_GETARG_DATUM(0)),
								PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), false);
}

/*
 * value_tier(net numeric, cutoffs value_cutoffs, potential boolean), called
 * once a row.  The cut-offs are one value for the whole query, or one per
 * group when joined per branch, so decoded cut-offs are cached per call site
 * in a small table keyed on the cut-offs' bytes (compared in full), looked up
 * first where the last row hit, then by a hash of the bytes.  The bytes are
 * read where they lie, so a cut-offs value packed into a join's tuple is not
 * copied.  A row then costs one integer key of net and two integer
 * comparisons, where the equivalent CASE pays a numeric comparison (and a
 * copy of each packed numeric) per cut-off.
 */
#define CUTOFFS_RAW_MAX 128		/* a value_cutoffs datum is about 60 bytes */
#define CUTOFFS_SLOTS 64

typedef struct CutoffsEntry
{
	bool		valid;
	Size		len;
	char		raw[CUTOFFS_RAW_MAX];	/* the datum's bytes after its header */
	bool		has[2];			/* vip_min, valuable_min not NULL */
	bool		keyed[2];		/* cut-off fits a key: compare keys */
	int64		key[2];
	Datum		num[2];			/* else compare numerics: never cached */
} CutoffsEntry;

typedef struct CutoffsCache
{
	Oid			tiers[NUM_TIERS];	/* the value_tier labels' OIDs */
	TupleDesc	tupdesc;		/* of value_cutoffs, looked up once */
	int			last;			/* slot the previous row used */
	CutoffsEntry slot[CUTOFFS_SLOTS];
} CutoffsCache;

/* a cut-off's key; false when it has no exact key.  ERROR on NaN/infinity. */
static bool
cutoff_key(Datum d, const char *what, int64 *key)
{
	struct varlena *v = cs_numeric_untoast(d);
	CsNumericParts parts;
	int			dscale;

	cs_numeric_decode(v, &parts);
	if (parts.special)			/* NaN or an infinity: raises */
		cs_check_money(DatumGetNumeric(PointerGetDatum(v)), what);
	return cs_numeric_key_try(PointerGetDatum(v), key, &dscale);
}

/* check and decode cut-offs into e; cacheable unless a cut-off has no key */
static bool
decode_cutoffs(FunctionCallInfo fcinfo, CutoffsCache *cache, Datum cutoffs, CutoffsEntry *e)
{
	Datum		values[3];
	bool		nulls[3];
	bool		all_keyed = true;
	int			j;

	cs_composite_deform(DatumGetHeapTupleHeader(cutoffs), &cache->tupdesc,
						fcinfo->flinfo->fn_mcxt, values, nulls);
	for (j = 0; j < 2; j++)
	{
		e->has[j] = !nulls[1 + j];
		e->keyed[j] = false;
		if (e->has[j])
		{
			e->num[j] = values[1 + j];
			e->keyed[j] = cutoff_key(values[1 + j], j == 0 ? "vip_min" : "valuable_min", &e->key[j]);
			all_keyed &= e->keyed[j];
		}
	}
	return all_keyed;
}

PG_FUNCTION_INFO_V1(cs_value_tier_cutoffs);
Datum
cs_value_tier_cutoffs(PG_FUNCTION_ARGS)
{
	CutoffsCache *cache = cs_fn_cache(fcinfo, CutoffsCache);
	Oid		   *tiers = cache->tiers;
	struct varlena *cut;
	const char *raw;
	Size		len;
	CutoffsEntry *e;
	CutoffsEntry uncached;
	Datum		net;
	bool		potential;
	bool		ge[2];
	int64		key;
	bool		keyed;
	int			dscale,
				sign,
				j;

	cs_enum_lookup(fcinfo, tiers, tier_labels, NUM_TIERS);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	net = PG_GETARG_DATUM(0);
	potential = !PG_ARGISNULL(2) && PG_GETARG_BOOL(2);

	/* the cut-offs' bytes as they lie (a short header is fine, no copy) */
	cut = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(1));
	raw = VARDATA_ANY(cut);
	len = VARSIZE_ANY_EXHDR(cut);

#define ENTRY_IS(e) ((e)->valid && (e)->len == len && memcmp((e)->raw, raw, len) == 0)
	e = &cache->slot[cache->last];
	if (!ENTRY_IS(e))
	{
		int			i = len <= CUTOFFS_RAW_MAX ? hash_bytes((const unsigned char *) raw, (int) len) % CUTOFFS_SLOTS : 0;

		e = &cache->slot[i];
		if (!ENTRY_IS(e))
		{
			bool		all_keyed = decode_cutoffs(fcinfo, cache, PointerGetDatum(cut), &uncached);

			if (all_keyed && len <= CUTOFFS_RAW_MAX)
			{
				/* replaces what the slot held */
				*e = uncached;
				e->valid = true;
				e->len = len;
				memcpy(e->raw, raw, len);
			}
			else
			{
				/* numerics point into this call's argument: decoded per row */
				e = &uncached;
				i = cache->last;
			}
		}
		cache->last = i;
	}
#undef ENTRY_IS

	/* rejects NaN and infinities; reads packed values without a copy */
	keyed = cs_numeric_key_try(net, &key, &dscale);
	sign = keyed ? (key > 0) - (key < 0) : cs_numeric_sign(DatumGetNumeric(net));
	for (j = 0; j < 2; j++)
	{
		if (!e->has[j])
			ge[j] = false;
		else if (keyed && e->keyed[j])
			ge[j] = key >= e->key[j];
		else
		{
			/* rare: a value or cut-off with more than 4 decimals or beyond 9e14 */
			Datum		c = e->keyed[j] ? cs_key_to_numeric(e->key[j], CS_NUMERIC_KEY_SCALE) : e->num[j];

			ge[j] = DatumGetInt32(DirectFunctionCall2(numeric_cmp, net, c)) >= 0;
		}
	}
	PG_RETURN_OID(tiers[tier_of(sign, ge[0], ge[1], potential)]);
}
