/*
 * value_summary.c
 *	  The value_summary type: an exact, mergeable summary of a set of values
 *	  (a sorted run-length list of (value, count)), and the aggregates that
 *	  build and merge it.
 *
 * Value tiers and concentration need the whole distribution, and engines
 * that split an aggregate across processes (parallel query) or machines
 * (Citus, postgres_fdw rollups) need its state as a real type with exact text
 * and binary forms, not `internal` (../shared/scaleout.md sections 3 and 5).
 *
 * In memory the state is an expanded object: rows are appended as int64 keys
 * (8 bytes a row, see valuekey.c) to an unsorted array, and merged summaries
 * are kept as a sorted (key, count) run list.  Inside an aggregate the
 * transition function updates the object in place and returns the same
 * read-write pointer, so nodeAgg neither copies nor flattens it per row.  It
 * is flattened, sorted and run-length encoded, only when stored or sent:
 *
 *   int32 varlena header | uint8 version | uint8 kind | uint16 dscale | int32 pad
 *   | float8 p1 | float8 p2 | int64 n | int64 nruns | nruns x (int64 key, int64 count)
 *
 * p1 and p2 carry the aggregate's parameters (shares, points) so that the
 * final function never reads them from the call expression (Citus rewrites
 * it); NaN means "not given".
 */
#include "customer_seg.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "utils/float.h"

#define CS_SUMMARY_VERSION 1

typedef struct CsSummaryFlat
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint16		dscale;
	int32		pad;
	float8		p1;
	float8		p2;
	int64		n;
	int64		nruns;
	int64		runs[FLEXIBLE_ARRAY_MEMBER];
} CsSummaryFlat;

#define CS_FLAT_HDRSZ offsetof(CsSummaryFlat, runs)

struct CsSummary
{
	ExpandedObjectHeader hdr;
	CsKind		kind;
	int			dscale;
	double		p1,
				p2;
	int64		n;				/* values summarised, with multiplicity */
	int64	   *keys;			/* appended single values */
	int64		nkeys,
				keycap;
	bool		keys_sorted;
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

static CsSummary *
cs_summary_new(MemoryContext parent)
{
	MemoryContext objcxt = AllocSetContextCreate(parent, "value_summary", ALLOCSET_DEFAULT_SIZES);
	CsSummary  *s = MemoryContextAllocZero(objcxt, sizeof(CsSummary));

	EOH_init_header(&s->hdr, &cs_summary_methods, objcxt);
	s->p1 = s->p2 = get_float8_nan();
	s->keys_sorted = true;
	s->ndistinct = -1;
	return s;
}

static void
count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value_summary count out of range"),
			 errhint("A summary counts at most 9223372036854775807 values; summarise smaller groups.")));
}

/* Read-only view of a summary datum: expanded in place, or a flat value. */
static CsSummary *
cs_summary_expand(Datum d, MemoryContext parent)
{
	CsSummaryFlat *f;
	CsSummary  *s;

	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return (CsSummary *) DatumGetEOHP(d);

	f = (CsSummaryFlat *) PG_DETOAST_DATUM(d);
	if (VARSIZE(f) < CS_FLAT_HDRSZ || f->version != CS_SUMMARY_VERSION ||
		f->kind > CS_KIND_FLOAT8 || f->nruns < 0 || f->n < 0 ||
		(VARSIZE(f) - CS_FLAT_HDRSZ) % (2 * sizeof(int64)) != 0 ||
		f->nruns != (int64) ((VARSIZE(f) - CS_FLAT_HDRSZ) / (2 * sizeof(int64))))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid value_summary"),
				 errhint("The summary was written by another version of customer_seg; rebuild it.")));
	s = cs_summary_new(parent);
	s->kind = f->kind;
	s->dscale = f->dscale;
	s->p1 = f->p1;
	s->p2 = f->p2;
	s->n = f->n;
	s->nruns = f->nruns;
	s->ndistinct = f->nruns;
	if (f->nruns > 0)
	{
		s->runs = MemoryContextAllocExtended(s->hdr.eoh_context, f->nruns * 2 * sizeof(int64), MCXT_ALLOC_HUGE);
		memcpy(s->runs, f->runs, f->nruns * 2 * sizeof(int64));
	}
	return s;
}

CsSummary *
cs_summary_from_datum(Datum d)
{
	return cs_summary_expand(d, CurrentMemoryContext);
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

void
cs_summary_params(CsSummary *s, double *p1, double *p2)
{
	*p1 = s->p1;
	*p2 = s->p2;
}

/* Sorting the appended keys changes no value: allowed on a read-only state. */
static void
cs_summary_sort(CsSummary *s)
{
	if (!s->keys_sorted)
	{
		cs_sort_keys(s->keys, s->nkeys);
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

static Size
cs_summary_flat_size(ExpandedObjectHeader *eohptr)
{
	CsSummary  *s = (CsSummary *) eohptr;

	if (s->ndistinct < 0 || !s->keys_sorted)
	{
		CsSummaryIter it;
		int64		k,
					c,
					nd = 0;

		cs_summary_iter_init(s, &it);
		while (cs_summary_iter_next(&it, &k, &c))
			nd++;
		s->ndistinct = nd;
	}
	return CS_FLAT_HDRSZ + s->ndistinct * 2 * sizeof(int64);
}

static void
cs_summary_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	CsSummary  *s = (CsSummary *) eohptr;
	CsSummaryFlat *f = (CsSummaryFlat *) result;
	CsSummaryIter it;
	int64		k,
				c,
				i;

	Assert(allocated_size == cs_summary_flat_size(eohptr));
	memset(f, 0, CS_FLAT_HDRSZ);
	SET_VARSIZE(f, allocated_size);
	f->version = CS_SUMMARY_VERSION;
	f->kind = s->kind;
	f->dscale = s->dscale;
	f->p1 = s->p1;
	f->p2 = s->p2;
	f->n = s->n;
	f->nruns = s->ndistinct;
	/* the iterator runs largest first; the flat list is ascending */
	i = s->ndistinct;
	cs_summary_iter_init(s, &it);
	while (cs_summary_iter_next(&it, &k, &c))
	{
		i--;
		f->runs[2 * i] = k;
		f->runs[2 * i + 1] = c;
	}
	Assert(i == 0);
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
					 errmsg("cannot merge a value_summary of numeric values with one of float8 values"),
					 errhint("Build every summary from the same column type.")));
	}
	if (isnan(dst->p1))
	{
		dst->p1 = src->p1;
		dst->p2 = src->p2;
	}
	else if (!isnan(src->p1) &&
			 (dst->p1 != src->p1 || (dst->p2 != src->p2 && !(isnan(dst->p2) && isnan(src->p2)))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge summaries built with different parameters (%g, %g) and (%g, %g)",
						dst->p1, dst->p2, src->p1, src->p2),
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

/*
 * The state to update: the read-write expanded object nodeAgg hands back, or
 * a fresh one in the aggregate context (first row, or a flat input such as a
 * combine's first partial).  Outside an aggregate the input is never
 * modified: a copy is made.
 */
static CsSummary *
cs_summary_state(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;
	CsSummary  *s;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		aggcontext = CurrentMemoryContext;
	else if (!PG_ARGISNULL(0) &&
			 DatumIsReadWriteExpandedObject(PG_GETARG_DATUM(0), false, -1))
		return (CsSummary *) DatumGetEOHP(PG_GETARG_DATUM(0));

	if (PG_ARGISNULL(0))
		return cs_summary_new(aggcontext);
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(0))))
	{
		s = cs_summary_new(aggcontext);
		cs_summary_merge_into(s, cs_summary_expand(PG_GETARG_DATUM(0), aggcontext), false);
		return s;
	}
	return cs_summary_expand(PG_GETARG_DATUM(0), aggcontext);
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
	if (s->nkeys < Max(1024 * 1024, 2 * s->nruns))
		return false;
	cs_summary_sort(s);
	for (i = 0; i < s->nkeys; i++)
		if (i == 0 || s->keys[i] != s->keys[i - 1])
			distinct++;
	if (distinct > s->nkeys / 4)
		return false;

	/* merge the sorted keys, as a summary of their own, into the runs */
	memset(&keys_only, 0, sizeof(keys_only));
	keys_only.kind = s->kind;
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
	CS_PARAM_POINTS				/* an int >= 2 */
} CsParamKind;

/*
 * Transition: add one value.  nparams parameters follow the value; they
 * must be the same on every row and are kept in the state for the final
 * function.
 */
static Datum
cs_summary_add(FunctionCallInfo fcinfo, CsKind kind, int nparams, CsParamKind pkind)
{
	CsSummary  *s = cs_summary_state(fcinfo);
	double		p[2] = {get_float8_nan(), get_float8_nan()};
	int			i;
	int			dscale;

	static const char *const share_names[2][2] = {{"fraction", NULL}, {"top_share", "vip_share"}};
	const char *const *names = pkind == CS_PARAM_POINTS ? (const char *const[]) {"points", NULL}
		: nparams > 0 ? share_names[nparams - 1] : NULL;

	for (i = 0; i < nparams; i++)
	{
		if (PG_ARGISNULL(2 + i))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s must not be NULL", names[i]),
					 errhint("Omit the argument to use the default.")));
		if (pkind == CS_PARAM_POINTS)
		{
			int32		points = PG_GETARG_INT32(2 + i);

			if (points < 2)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("points must be at least 2, not %d", points),
						 errhint("A curve needs at least two points; 100 gives percent steps.")));
			p[i] = points;
		}
		else
			p[i] = PG_GETARG_FLOAT8(2 + i);
	}
	if (nparams > 0 && (isnan(s->p1) || s->p1 != p[0] || (nparams > 1 && s->p2 != p[1])))
	{
		if (!isnan(s->p1))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the aggregate's parameters must be the same for every row"),
					 errhint("Pass constants for shares and points.")));
		if (pkind == CS_PARAM_SHARE)
			for (i = 0; i < nparams; i++)
				cs_check_share(p[i], names[i]);
		s->p1 = p[0];
		s->p2 = p[1];
	}

	if (!PG_ARGISNULL(1))
	{
		int64		key = cs_value_key(PG_GETARG_DATUM(1), kind, &dscale);

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
			s->keycap = Max(1024, s->keycap * 2);
			s->keys = s->keys
				? repalloc_huge(s->keys, s->keycap * sizeof(int64))
				: MemoryContextAllocExtended(s->hdr.eoh_context, s->keycap * sizeof(int64), MCXT_ALLOC_HUGE);
		}
		s->keys[s->nkeys++] = key;
		s->keys_sorted = false;
		s->n++;
	}
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
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
/* value_curve(v, points) */
CS_ADD_FUNCTION(cs_summary_add_numeric_points, CS_KIND_NUMERIC, 1, CS_PARAM_POINTS)
CS_ADD_FUNCTION(cs_summary_add_float8_points, CS_KIND_FLOAT8, 1, CS_PARAM_POINTS)

/*
 * Combine two summaries: the aggregates' combine function and the transition
 * of value_summary_merge().  STRICT: nodeAgg starts from the first non-NULL.
 */
PG_FUNCTION_INFO_V1(cs_summary_combine);
Datum
cs_summary_combine(PG_FUNCTION_ARGS)
{
	CsSummary  *s = cs_summary_state(fcinfo);

	cs_summary_merge_into(s, cs_summary_expand(PG_GETARG_DATUM(1), CurrentMemoryContext), false);
	PG_RETURN_DATUM(EOHPGetRWDatum(&s->hdr));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O.  Text: "v1;numeric;2;p1;p2;n;run,run,..." with runs
 * ascending, each "value" or "value*count"; numeric values are written
 * exactly, float8 values in shortest round-trip form; absent parameters as
 * "-".  Parsing is strict: the runs must be ascending and count to n.
 * --------------------------------------------------------------------- */

static const char *const kind_names[] = {"none", "numeric", "float8"};

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

/* The distinct values and counts, ascending, as (key, count) pairs. */
static int64 *
cs_summary_runs_ascending(CsSummary *s, int64 *nruns)
{
	CsSummaryIter it;
	int64		k,
				c;
	int64		i = (cs_summary_flat_size(&s->hdr) - CS_FLAT_HDRSZ) / (2 * sizeof(int64));
	int64	   *runs = palloc_extended(Max(i, 1) * 2 * sizeof(int64), MCXT_ALLOC_HUGE);

	*nruns = i;
	cs_summary_iter_init(s, &it);
	while (cs_summary_iter_next(&it, &k, &c))
	{
		i--;
		runs[2 * i] = k;
		runs[2 * i + 1] = c;
	}
	return runs;
}

PG_FUNCTION_INFO_V1(cs_summary_out);
Datum
cs_summary_out(PG_FUNCTION_ARGS)
{
	CsSummary  *s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		nruns,
				i;
	int64	   *runs = cs_summary_runs_ascending(s, &nruns);

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;%s;%d;", CS_SUMMARY_VERSION, kind_names[s->kind], s->dscale);
	append_param(&buf, s->p1);
	appendStringInfoChar(&buf, ';');
	append_param(&buf, s->p2);
	appendStringInfo(&buf, ";" INT64_FORMAT ";", s->n);
	for (i = 0; i < nruns; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		append_key(&buf, runs[2 * i], s->kind);
		if (runs[2 * i + 1] != 1)
			appendStringInfo(&buf, "*" INT64_FORMAT, runs[2 * i + 1]);
	}
	PG_RETURN_CSTRING(buf.data);
}

static void
bad_text(const char *str, const char *why)
{
	cs_bad_state_text("value_summary", str, why, "'v1;numeric;2;-;-;3;1.5*2,7'");
}

/* Parse "[-]digits[.dddd]" into value * 10^4. */
static int64
parse_numeric_key(const char **pp, const char *str)
{
	const char *p = *pp;
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
			bad_text(str, "A value is out of range.");
		p++;
		any = true;
	}
	if (*p == '.')
	{
		p++;
		while (isdigit((unsigned char) *p))
		{
			if (++fracdigits > CS_NUMERIC_KEY_SCALE)
				bad_text(str, "A value has more than 4 decimal places.");
			if (pg_mul_s64_overflow(acc, 10, &acc) || pg_add_s64_overflow(acc, *p - '0', &acc))
				bad_text(str, "A value is out of range.");
			p++;
			any = true;
		}
	}
	if (!any)
		bad_text(str, "A value is missing.");
	for (; fracdigits < CS_NUMERIC_KEY_SCALE; fracdigits++)
		if (pg_mul_s64_overflow(acc, 10, &acc))
			bad_text(str, "A value is out of range.");
	*pp = p;
	return neg ? -acc : acc;
}

static double
parse_double(const char **pp, const char *str, bool allow_dash)
{
	char	   *end;
	double		d;

	if (allow_dash && **pp == '-' && ((*pp)[1] == ';' || (*pp)[1] == '\0'))
	{
		(*pp)++;
		return get_float8_nan();
	}
	errno = 0;
	d = strtod(*pp, &end);
	if (end == *pp || errno != 0 || isnan(d) || isinf(d))
		bad_text(str, "A number is malformed.");
	*pp = end;
	return d;
}

static int64
parse_int64(const char **pp, const char *str)
{
	int64		v;

	if (!cs_parse_int64(pp, &v) || v < 0)
		bad_text(str, "A count is malformed.");
	return v;
}

static void
expect_char(const char **pp, char c, const char *str)
{
	if (**pp != c)
		bad_text(str, psprintf("Expected \"%c\".", c));
	(*pp)++;
}

/* Check a run list and build the flat value. */
static Datum
cs_summary_build_flat(CsKind kind, int dscale, double p1, double p2, int64 n,
					  int64 *runs, int64 nruns, const char *what, int sqlstate)
{
	CsSummaryFlat *f;
	int64		i,
				total = 0;

	for (i = 0; i < nruns; i++)
	{
		if (runs[2 * i + 1] < 1 || (i > 0 && runs[2 * i] <= runs[2 * i - 2]) ||
			pg_add_s64_overflow(total, runs[2 * i + 1], &total))
			ereport(ERROR,
					(errcode(sqlstate),
					 errmsg("invalid value_summary %s", what),
					 errdetail("Values must be strictly ascending with counts of at least 1."),
					 errhint("Use the form that value_summary's output gives, e.g. 'v1;numeric;2;-;-;3;1.5*2,7'.")));
		/* numeric values have at most dscale decimals: else they would be rounded */
		if (kind == CS_KIND_NUMERIC && !cs_key_fits_scale(runs[2 * i], dscale))
			ereport(ERROR,
					(errcode(sqlstate),
					 errmsg("invalid value_summary %s", what),
					 errdetail("A value has more decimals than the scale %d.", dscale),
					 errhint("Use the form that value_summary's output gives, e.g. 'v1;numeric;2;-;-;3;1.5*2,7'.")));
	}
	if (total != n || (nruns > 0 && kind == CS_KIND_NONE) || dscale < 0 || dscale > NUMERIC_MAX_DISPLAY_SCALE ||
		(!isnan(p1) && (isinf(p1) || p1 <= 0)) || (!isnan(p2) && (isinf(p2) || p2 <= 0)))
		ereport(ERROR,
				(errcode(sqlstate),
				 errmsg("invalid value_summary %s", what),
				 errdetail("The counts must add up to n, and the scale and parameters must be valid."),
				 errhint("Use the form that value_summary's output gives, e.g. 'v1;numeric;2;-;-;3;1.5*2,7'.")));
	f = palloc_extended(CS_FLAT_HDRSZ + nruns * 2 * sizeof(int64), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	SET_VARSIZE(f, CS_FLAT_HDRSZ + nruns * 2 * sizeof(int64));
	f->version = CS_SUMMARY_VERSION;
	f->kind = kind;
	f->dscale = dscale;
	f->p1 = p1;
	f->p2 = p2;
	f->n = n;
	f->nruns = nruns;
	if (nruns > 0)
		memcpy(f->runs, runs, nruns * 2 * sizeof(int64));
	PG_RETURN_POINTER(f);
}

PG_FUNCTION_INFO_V1(cs_summary_in);
Datum
cs_summary_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	CsKind		kind;
	int			dscale;
	double		p1,
				p2;
	int64		n,
				scale,
				nruns = 0,
				cap = 64;
	int64	   *runs;

	if (strncmp(p, "v1;", 3) != 0)
		bad_text(str, "It must start with the format version \"v1;\".");
	p += 3;
	if (strncmp(p, "numeric;", 8) == 0)
		kind = CS_KIND_NUMERIC, p += 8;
	else if (strncmp(p, "float8;", 7) == 0)
		kind = CS_KIND_FLOAT8, p += 7;
	else if (strncmp(p, "none;", 5) == 0)
		kind = CS_KIND_NONE, p += 5;
	else
		bad_text(str, "The kind must be numeric, float8 or none.");
	scale = parse_int64(&p, str);
	if (scale > NUMERIC_MAX_DISPLAY_SCALE)
		bad_text(str, "The scale is out of range.");
	dscale = (int) scale;
	expect_char(&p, ';', str);
	p1 = parse_double(&p, str, true);
	expect_char(&p, ';', str);
	p2 = parse_double(&p, str, true);
	expect_char(&p, ';', str);
	n = parse_int64(&p, str);
	expect_char(&p, ';', str);

	runs = palloc(cap * 2 * sizeof(int64));
	while (*p != '\0')
	{
		int64		key,
					count = 1;

		if (nruns > 0)
			expect_char(&p, ',', str);
		if (kind == CS_KIND_FLOAT8)
			key = cs_float8_key(parse_double(&p, str, false));
		else
			key = parse_numeric_key(&p, str);
		if (*p == '*')
		{
			p++;
			count = parse_int64(&p, str);
		}
		if (nruns == cap)
		{
			cap *= 2;
			runs = repalloc_huge(runs, cap * 2 * sizeof(int64));
		}
		runs[2 * nruns] = key;
		runs[2 * nruns + 1] = count;
		nruns++;
	}
	return cs_summary_build_flat(kind, dscale, p1, p2, n, runs, nruns, "text",
								 ERRCODE_INVALID_TEXT_REPRESENTATION);
}

PG_FUNCTION_INFO_V1(cs_summary_send);
Datum
cs_summary_send(PG_FUNCTION_ARGS)
{
	CsSummary  *s = cs_summary_from_datum(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		nruns,
				i;
	int64	   *runs = cs_summary_runs_ascending(s, &nruns);

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, CS_SUMMARY_VERSION);
	pq_sendbyte(&buf, s->kind);
	pq_sendint16(&buf, s->dscale);
	pq_sendfloat8(&buf, s->p1);
	pq_sendfloat8(&buf, s->p2);
	pq_sendint64(&buf, s->n);
	pq_sendint64(&buf, nruns);
	for (i = 0; i < 2 * nruns; i++)
		pq_sendint64(&buf, runs[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_summary_recv);
Datum
cs_summary_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	int			kind = pq_getmsgbyte(buf);
	int			dscale = pq_getmsgint(buf, 2);
	double		p1 = pq_getmsgfloat8(buf);
	double		p2 = pq_getmsgfloat8(buf);
	int64		n = pq_getmsgint64(buf);
	int64		nruns = pq_getmsgint64(buf);
	int64	   *runs;
	int64		i;

	if (version != CS_SUMMARY_VERSION || kind > CS_KIND_FLOAT8 || nruns < 0 ||
		nruns > (buf->len - buf->cursor) / (int64) (2 * sizeof(int64)))
		cs_bad_state_binary("value_summary");
	runs = palloc_extended(Max(nruns, 1) * 2 * sizeof(int64), MCXT_ALLOC_HUGE);
	for (i = 0; i < 2 * nruns; i++)
		runs[i] = pq_getmsgint64(buf);
	pq_getmsgend(buf);
	return cs_summary_build_flat(kind, dscale, p1, p2, n, runs, nruns, "binary value",
								 ERRCODE_INVALID_BINARY_REPRESENTATION);
}
