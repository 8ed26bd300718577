/*
 * rfm.c
 *	  Recency, frequency and monetary value: the rfm_score window function,
 *	  the rfm_segment grid, and is_dormant (no trade for too long).
 *
 * rfm_score gives each dimension a bin 1..bins (bins = best): by default
 * the bin ntile(bins) gives it (recency ordered by days descending,
 * frequency and monetary ascending), except that tied values share the
 * better bin instead of being split by row order; or R's rfm package's value
 * cut-points; or the user's breakpoints.  The score is the composite
 * rfm_score_row (r, f, m); 0.2.0's text form is rfm_score_deprecated.
 */
#include "common.h"
#include "valuekey.h"
#include "tiers.h"
#include "value_summary.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* ---------------------------------------------------------------------
 * Dormancy
 * --------------------------------------------------------------------- */

/*
 * is_dormant(last_trade, as_of, days): no trade in more than `days` days
 * before as_of; never traded (NULL last_trade) is dormant.  A NULL days is
 * its default 180 (the API contract's rule for options); a NULL as_of
 * gives NULL.
 */
PG_FUNCTION_INFO_V1(cs_is_dormant);
Datum
cs_is_dormant(PG_FUNCTION_ARGS)
{
	DateADT		as_of;
	int32		days = PG_ARGISNULL(2) ? 180 : PG_GETARG_INT32(2);

	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the days without a trade after which an account is dormant, e.g. 180.")));
	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	as_of = PG_GETARG_DATEADT(1);
	if (DATE_NOT_FINITE(as_of) || (!PG_ARGISNULL(0) && DATE_NOT_FINITE(PG_GETARG_DATEADT(0))))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("last_trade and as_of must be finite dates"),
				 errdetail("last_trade is %s, as_of %s.",
						   PG_ARGISNULL(0) ? "NULL" : cs_date_text(PG_GETARG_DATEADT(0)), cs_date_text(as_of)),
				 errhint("Use NULL for a customer who never traded.")));
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(true);
	/* a trade after as_of: swapped arguments, or trades not filtered to as_of */
	if (PG_GETARG_DATEADT(0) > as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("last_trade is after as_of"),
				 errdetail("last_trade is %s, as_of %s.", cs_date_text(PG_GETARG_DATEADT(0)), cs_date_text(as_of)),
				 errhint("Take the last trade up to as_of (max(trade_date) FILTER (WHERE trade_date <= as_of)), and check the argument order: is_dormant(last_trade, as_of).")));
	PG_RETURN_BOOL((int64) as_of - PG_GETARG_DATEADT(0) > days);
}


/* ---------------------------------------------------------------------
 * rfm_score(recency_days, frequency, monetary [, options]) OVER (...)
 *
 * Each dimension is scored 1..bins, bins being best, by one of three rules:
 *  - ntile (the default): the bin ntile(bins) gives the row's position in
 *    ascending order (recency by days descending), tied values sharing the
 *    better bin, that is the bin of the position count(*) OVER (ORDER BY x);
 *  - r_rfm: the cut-points of R's rfm package (0.1.0 to 0.3.0,
 *    rfm_table_customer): breaks quantile(x, k / bins) + 1 (type 7), a value
 *    >= break k is above it;
 *  - breakpoints given by the user for that dimension (width_bucket's rule:
 *    a value on a breakpoint starts the higher-value bin).
 * --------------------------------------------------------------------- */

#define RFM_MAX_BINS 100
#define RFM_MAX_CUTS (RFM_MAX_BINS - 1)
#define RFM_DEFAULT_BINS 5
#define RFM_NOPTIONS 5			/* bins, method, three breakpoint arrays */

typedef enum RfmRule
{
	RFM_NTILE,
	RFM_R_RFM,
	RFM_BREAKS
} RfmRule;

static const char *const rfm_breaks_names[3] = {"recency_breaks", "frequency_breaks", "monetary_breaks"};
static const char *const rfm_option_names[RFM_NOPTIONS] =
{"bins", "method", "recency_breaks", "frequency_breaks", "monetary_breaks"};

typedef struct RfmDim
{
	RfmRule		rule;
	int			bins;
	int			ncuts;
	/* ntile: keys (recency negated), ascending; breaks: days or value keys */
	int64		cuts[RFM_MAX_CUTS];
	/* r_rfm: R's breaks, in the doubles R compares with */
	double		rcuts[RFM_MAX_CUTS];
} RfmDim;

/* an option argument as the partition's first row passed it */
typedef struct RfmArgCopy
{
	bool		isnull;
	Datum		byval;
	Size		len;			/* varlena: its bytes, in the partition context */
	char	   *bytes;
} RfmArgCopy;

typedef struct RfmScorePartition
{
	bool		ready;
	RfmArgCopy	opts[RFM_NOPTIONS];
	RfmDim		dim[3];
} RfmScorePartition;

/* last 1-based position of ntile(bins) bucket b among n rows */
static int64
ntile_last(int b, int64 n, int bins)
{
	int64		q = n / bins,
				r = n % bins;

	return b <= r ? b * (q + 1) : r * (q + 1) + (b - r) * q;
}

static int64
rfm_key(Datum d, int dim)
{
	int			dscale;

	/* recency: fewer days is better, so it ranks as -days */
	if (dim == 0)
		return -(int64) DatumGetInt32(d);
	return cs_value_key(d, CS_KIND_NUMERIC, &dscale);
}

/* the three keys of partition row pos (-1: the current row); false if a NULL */
static bool
rfm_row_keys(WindowObject winobj, int64 pos, int64 *keys)
{
	int			d;

	for (d = 0; d < 3; d++)
	{
		bool		isnull,
					isout;
		Datum		v;

		if (pos < 0)
			v = WinGetFuncArgCurrent(winobj, d, &isnull);
		else
			v = WinGetFuncArgInPartition(winobj, d, pos, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (isnull)
			return false;
		keys[d] = rfm_key(v, d);
	}
	return true;
}

/* a frequency or monetary key as the double R reads the value as */
static double
rfm_key_double(int64 key)
{
	if (key <= ((int64) 1 << 53) && key >= -((int64) 1 << 53))
		return (double) key / 10000.0;	/* one correctly rounded division */
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, cs_key_to_numeric(key, CS_NUMERIC_KEY_SCALE)));
}

/* the value of dimension d as R compares it (recency: days) */
static double
rfm_value_double(int64 key, int d)
{
	return d == 0 ? (double) -key : rfm_key_double(key);
}

/* how many of the n ascending cuts are <= v */
static int
count_le_int64(const int64 *cuts, int n, int64 v)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cuts[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
count_le_double(const double *cuts, int n, double v)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cuts[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* the score of dimension d of a row with key key */
static int
rfm_dim_score(const RfmDim *dim, int d, int64 key)
{
	int			c;

	switch (dim->rule)
	{
		case RFM_NTILE:
			return 1 + count_le_int64(dim->cuts, dim->ncuts, key);
		case RFM_BREAKS:
			/* recency breakpoints are days: more days, lower score */
			c = count_le_int64(dim->cuts, dim->ncuts, d == 0 ? -key : key);
			break;
		default:
			c = count_le_double(dim->rcuts, dim->ncuts, rfm_value_double(key, d));
			break;
	}
	return d == 0 ? dim->bins - c : 1 + c;
}

static void
rfm_bad_breaks(int d, const char *msg, char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s %s", rfm_breaks_names[d], msg),
			 detail ? errdetail("%s", detail) : 0,
			 errhint("Pass NULL to use bins, or breakpoints in strictly increasing order, e.g. %s.",
					 d == 0 ? "'{30,90,180,365}' (days)" : d == 1 ? "'{2,4,8,16}'" : "'{100,500,1000,5000}'")));
}

/* Parse a breakpoint array into dim: days for recency, value keys otherwise. */
static void
rfm_parse_breaks(Datum arrd, int d, RfmDim *dim)
{
	ArrayType  *arr = DatumGetArrayTypeP(arrd);
	int			n,
				i;
	Datum	   *elems;
	bool	   *nulls;

	if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr))
		rfm_bad_breaks(d, "must be a one-dimensional array without NULLs",
					   psprintf("%s is %s.", rfm_breaks_names[d], cs_array_text(arrd)));
	n = ARR_NDIM(arr) == 0 ? 0 : ARR_DIMS(arr)[0];
	if (n == 0)
		rfm_bad_breaks(d, "must not be empty", psprintf("%s is %s.", rfm_breaks_names[d], cs_array_text(arrd)));
	if (n > RFM_MAX_CUTS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s may have at most %d breakpoints, not %d", rfm_breaks_names[d], RFM_MAX_CUTS, n),
				 errdetail("%s is %s.", rfm_breaks_names[d], cs_array_text(arrd)),
				 errhint("At most %d bins are allowed; use fewer, coarser bins.", RFM_MAX_BINS)));
	if (d == 0)
		deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &nulls, &n);
	else
		deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		int64		v;

		if (d == 0)
			v = DatumGetInt32(elems[i]);
		else
		{
			Numeric		num = DatumGetNumeric(elems[i]);
			int			dscale;

			if (numeric_is_nan(num) || numeric_is_inf(num))
				rfm_bad_breaks(d, "must be finite numbers",
							   psprintf("Breakpoint %d is %s.", i + 1,
										numeric_is_nan(num) ? "NaN" : "infinite"));
			if (!cs_numeric_key_try(elems[i], &v, &dscale))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("%s: breakpoint %d cannot be compared exactly", rfm_breaks_names[d], i + 1),
						 errdetail("Breakpoint %d is %s; breakpoints may have at most %d decimal places and an absolute value below 922337203685477.",
								   i + 1, cs_echo(DatumGetCString(DirectFunctionCall1(numeric_out, elems[i])), -1),
								   CS_NUMERIC_KEY_SCALE),
						 errhint("Round the breakpoints, e.g. to cents.")));
		}
		/* days and purchase counts are never negative; money may be */
		if (d < 2 && v < 0)
			rfm_bad_breaks(d, "must not be negative",
						   psprintf("Breakpoint %d is %s.", i + 1,
									d == 0 ? psprintf(INT64_FORMAT, v)
									: DatumGetCString(DirectFunctionCall1(numeric_out, elems[i]))));
		if (i > 0 && v <= dim->cuts[i - 1])
			rfm_bad_breaks(d, "must be strictly increasing",
						   psprintf("Breakpoint %d (%s) is not greater than breakpoint %d (%s).", i + 1,
									d == 0 ? psprintf(INT64_FORMAT, v) : DatumGetCString(DirectFunctionCall1(numeric_out, elems[i])),
									i,
									d == 0 ? psprintf(INT64_FORMAT, dim->cuts[i - 1]) : DatumGetCString(DirectFunctionCall1(numeric_out, elems[i - 1]))));
		dim->cuts[i] = v;
	}
	dim->rule = RFM_BREAKS;
	dim->ncuts = n;
	dim->bins = n + 1;
}

static int32
rfm_check_bins(int32 bins)
{
	if (bins < 1 || bins > RFM_MAX_BINS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bins must be between 1 and %d, not %d", RFM_MAX_BINS, bins),
				 errhint("Pass the number of bins per dimension, e.g. 5 for quintiles, or NULL for the default 5.")));
	return bins;
}

static RfmRule
rfm_parse_method(Datum v)
{
	text	   *t = DatumGetTextPP(v);
	const char *s = VARDATA_ANY(t);
	int			len = VARSIZE_ANY_EXHDR(t);

	if (len == 5 && memcmp(s, "ntile", 5) == 0)
		return RFM_NTILE;
	if (len == 5 && memcmp(s, "r_rfm", 5) == 0)
		return RFM_R_RFM;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown RFM method \"%s\"", cs_echo(s, len)),
			 errhint("Use 'ntile' (equal-count bins by rank, ties to the better bin) or 'r_rfm' (the value cut-points of R's rfm package).")));
	return RFM_NTILE;			/* not reached */
}

/* The rule of each dimension from the options of the current row. */
static void
rfm_read_options(WindowObject winobj, int nargs, RfmDim *dims)
{
	int32		bins = RFM_DEFAULT_BINS;
	RfmRule		rule = RFM_NTILE;
	bool		isnull;
	Datum		v;
	int			d;

	if (nargs > 3)
	{
		v = WinGetFuncArgCurrent(winobj, 3, &isnull);
		if (!isnull)
			bins = DatumGetInt32(v);
		rfm_check_bins(bins);
	}
	if (nargs > 4)
	{
		v = WinGetFuncArgCurrent(winobj, 4, &isnull);
		if (!isnull)
			rule = rfm_parse_method(v);
	}
	for (d = 0; d < 3; d++)
	{
		dims[d].rule = rule;
		dims[d].bins = bins;
		dims[d].ncuts = 0;
		if (nargs > 5 + d)
		{
			v = WinGetFuncArgCurrent(winobj, 5 + d, &isnull);
			if (!isnull)
				rfm_parse_breaks(v, d, &dims[d]);
		}
	}
}

/*
 * Whether the options of the current row are those the partition started
 * with (copies kept on the first row, compared byte for byte): the bins are
 * set once per partition, so options that vary within one are an error.
 * When not, *which is the first option that differs.
 */
static bool
rfm_options_same(WindowObject winobj, int nargs, RfmScorePartition *part, bool keep, int *which)
{
	/* the partition-local memory is one chunk of the partition's context */
	MemoryContext partcxt = GetMemoryChunkContext(part);
	RfmArgCopy *opts = part->opts;
	int			i;

	for (i = 0; i < RFM_NOPTIONS && 3 + i < nargs; i++)
	{
		bool		isnull;
		Datum		v = WinGetFuncArgCurrent(winobj, 3 + i, &isnull);
		struct varlena *p = NULL;

		if (!isnull && i > 0)
			p = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(v));
		if (keep)
		{
			opts[i].isnull = isnull;
			if (!isnull && i == 0)
				opts[i].byval = v;
			else if (!isnull)
			{
				opts[i].len = VARSIZE_ANY_EXHDR(p);
				opts[i].bytes = MemoryContextAlloc(partcxt, Max(opts[i].len, 1));
				memcpy(opts[i].bytes, VARDATA_ANY(p), opts[i].len);
			}
			continue;
		}
		*which = i;
		if (isnull != opts[i].isnull)
			return false;
		if (isnull)
			continue;
		if (i == 0 ? DatumGetInt32(v) != DatumGetInt32(opts[i].byval)
			: (VARSIZE_ANY_EXHDR(p) != opts[i].len || memcmp(VARDATA_ANY(p), opts[i].bytes, opts[i].len) != 0))
			return false;
	}
	return true;
}

/* option i (rfm_option_names) as an error's detail shows it; NULL is its default */
static char *
rfm_option_text(int i, bool isnull, Datum v)
{
	text	   *t;

	if (isnull)
		return pstrdup("NULL");
	if (i == 0)
		return psprintf("%d", DatumGetInt32(v));
	if (i > 1)
		return cs_array_text(v);
	t = DatumGetTextPP(v);
	return psprintf("\"%s\"", cs_echo(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)));
}

/* ERROR: option i of the current row is not the one of the partition's first row */
pg_noreturn static void
rfm_options_differ(WindowObject winobj, const RfmScorePartition *part, int i)
{
	const RfmArgCopy *first = &part->opts[i];
	Datum		first_value = first->byval;
	bool		isnull;
	Datum		v = WinGetFuncArgCurrent(winobj, 3 + i, &isnull);

	if (!first->isnull && i > 0)
	{
		struct varlena *p = palloc(first->len + VARHDRSZ);

		SET_VARSIZE(p, first->len + VARHDRSZ);
		memcpy(VARDATA(p), first->bytes, first->len);
		first_value = PointerGetDatum(p);
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("rfm_score's options must be the same for every row of a partition"),
			 errdetail("A row has %s %s, the partition's first row %s.", rfm_option_names[i],
					   rfm_option_text(i, isnull, v), rfm_option_text(i, first->isnull, first_value)),
			 errhint("Pass constants for bins, method and the breakpoints.")));
	pg_unreachable();
}

/*
 * The values of one dimension that cut-offs are selected from: the keys of
 * a window partition (recency negated), or a value_summary of the values
 * (recency in days) that rfm_cutoffs reads.  Both give the same order
 * statistics, so the window and two-step forms find the same cut-offs.
 */
typedef struct RfmValues
{
	int64	   *keys;			/* the partition's keys, or NULL */
	CsSummary  *summary;		/* else the summary */
	int64		n;
	int			d;
} RfmValues;

/* a summary key of recency as days (an integer, as recency_days is) */
static int64
rfm_summary_days(int64 key)
{
	if (key % 10000 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the recency summary holds a value that is not a whole number of days"),
				 errdetail("The value is %s.", cs_numeric_text(cs_key_to_numeric(key, CS_NUMERIC_KEY_SCALE))),
				 errhint("Summarise recency_days (int) with value_cutoffs_partial(recency_days).")));
	return key / 10000;
}

/*
 * out[j] = the key (recency: -days) at 0-based position pos[j] in
 * descending key order, pos ascending: cs_select_desc_many's contract.
 */
static void
rfm_select_desc(RfmValues *v, const int64 *pos, int npos, int64 *out)
{
	int64		rev[2 * RFM_MAX_CUTS];
	int64		sel[2 * RFM_MAX_CUTS];
	int			j;

	if (npos <= 0)
		return;
	if (v->keys)
	{
		cs_select_desc_many(v->keys, v->n, pos, npos, out);
		return;
	}
	if (v->d > 0)
	{
		cs_summary_desc_stats(v->summary, pos, npos, out);
		return;
	}
	/* descending -days is ascending days: the summary's positions reversed */
	for (j = 0; j < npos; j++)
		rev[j] = v->n - 1 - pos[npos - 1 - j];
	cs_summary_desc_stats(v->summary, rev, npos, sel);
	for (j = 0; j < npos; j++)
		out[j] = -rfm_summary_days(sel[npos - 1 - j]);
}

/*
 * The order statistics R's type-7 quantile reads: each 0-based ascending
 * position of pos[0 .. npos-1] (ascending, distinct) gets its key in out[],
 * in the dimension's own value order (recency keys are negated days, so
 * ascending days are descending keys).
 */
static void
rfm_order_stats(RfmValues *v, bool negated, const int64 *pos, int npos, int64 *out)
{
	int64		desc[2 * RFM_MAX_CUTS];
	int64		sel[2 * RFM_MAX_CUTS];
	int64		n = v->n;
	int			j;

	/* rfm_select_desc wants descending-order positions, ascending */
	for (j = 0; j < npos; j++)
	{
		if (negated)
			desc[j] = pos[j];
		else
			desc[npos - 1 - j] = n - 1 - pos[j];
	}
	rfm_select_desc(v, desc, npos, sel);
	for (j = 0; j < npos; j++)
		out[j] = negated ? sel[j] : sel[npos - 1 - j];
}

static int
int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a,
				y = *(const int64 *) b;

	return x < y ? -1 : x > y;
}

/*
 * R's rfm package, rfm_table_customer (0.1.0 to 0.3.0): breaks are
 * quantile(x, probs = seq(0, 1, length.out = bins + 1))[-c(1, bins + 1)] + 1,
 * type 7, computed in double exactly as R does: p = k * (1 / bins), index =
 * 1 + (n - 1) * p, and (1 - h) * x[lo] + h * x[hi] unless x[hi] == x[lo].
 */
static void
rfm_cuts_r(RfmValues *v, RfmDim *dim)
{
	int64		n = v->n;
	int			d = v->d;
	int			bins = dim->bins,
				k,
				npos = 0,
				j;
	double		index[RFM_MAX_CUTS];
	int64		pos[2 * RFM_MAX_CUTS];
	int64		stat[2 * RFM_MAX_CUTS];

	dim->ncuts = 0;
	if (n == 0)
		return;
	for (k = 1; k < bins; k++)
	{
		double		p = k * (1.0 / bins);

		index[k - 1] = 1.0 + (double) (n - 1) * p;
		pos[npos++] = Min((int64) floor(index[k - 1]), n) - 1;
		pos[npos++] = Min((int64) ceil(index[k - 1]), n) - 1;
	}
	qsort(pos, npos, sizeof(int64), int64_cmp);
	for (j = 0, k = 0; j < npos; j++)
		if (k == 0 || pos[j] != pos[k - 1])
			pos[k++] = pos[j];
	npos = k;
	rfm_order_stats(v, d == 0, pos, npos, stat);
	for (k = 1; k < bins; k++)
	{
		double		idx = index[k - 1];
		double		lof = floor(idx);
		int64		lo = Min((int64) lof, n) - 1,
					hi = Min((int64) ceil(idx), n) - 1;
		int64	   *plo = bsearch(&lo, pos, npos, sizeof(int64), int64_cmp);
		int64	   *phi = bsearch(&hi, pos, npos, sizeof(int64), int64_cmp);
		double		xlo = rfm_value_double(stat[plo - pos], d),
					xhi = rfm_value_double(stat[phi - pos], d),
					qs = xlo;

		if (idx > lof && xhi != qs)
		{
			double		h = idx - lof;

			qs = (1 - h) * qs + h * xhi;
		}
		dim->rcuts[k - 1] = qs + 1;
	}
	dim->ncuts = bins - 1;
}

/* ntile(bins) with ties to the better bin: the keys that start bins 2.. */
static void
rfm_cuts_ntile(RfmValues *v, RfmDim *dim)
{
	int64		n = v->n;
	int64		pos[RFM_MAX_CUTS];
	int64		sel[RFM_MAX_CUTS];
	int			b,
				m = 0;

	/*
	 * A value's bin is ntile's bin of p, the number of keys <= it, which
	 * exceeds the last position of bin b exactly when the value is >= the key
	 * just after that position: one cut-off key per bin boundary.
	 */
	for (b = dim->bins - 1; b >= 1; b--)
		if (ntile_last(b, n, dim->bins) < n)
			pos[m++] = n - 1 - ntile_last(b, n, dim->bins);
	if (m == 0)
	{
		dim->ncuts = 0;
		return;
	}
	rfm_select_desc(v, pos, m, sel);
	for (b = 0; b < m; b++)
		dim->cuts[b] = sel[m - 1 - b];
	dim->ncuts = m;
}

/*
 * The partition's cut-offs: read every row's keys once (24 bytes a row
 * while this runs), then per dimension select the few keys its rule needs
 * (linear, in place).  Rows are then scored from their own values: no sort.
 */
static void
rfm_prepare(WindowObject winobj, RfmDim *dims)
{
	int64		rows = WinGetPartitionRowCount(winobj);
	int64	   *keys[3];
	int64		n = 0,
				i;
	int			d;
	CsPartitionScan scan;

	if (dims[0].rule == RFM_BREAKS && dims[1].rule == RFM_BREAKS && dims[2].rule == RFM_BREAKS)
		return;
	for (d = 0; d < 3; d++)
		keys[d] = palloc_extended(Max(rows, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	cs_partition_scan_begin(&scan);
	for (i = 0; i < rows; i++)
	{
		int64		k[3];

		cs_partition_scan_row(&scan);
		if (!rfm_row_keys(winobj, i, k))
			continue;
		for (d = 0; d < 3; d++)
			keys[d][n] = k[d];
		n++;
	}
	cs_partition_scan_end(&scan);

	for (d = 0; d < 3; d++)
	{
		RfmValues	v = {keys[d], NULL, n, d};

		if (dims[d].rule == RFM_NTILE)
			rfm_cuts_ntile(&v, &dims[d]);
		else if (dims[d].rule == RFM_R_RFM)
			rfm_cuts_r(&v, &dims[d]);
		pfree(keys[d]);
	}
}

/* The current row's scores; false when a measure is NULL. */
static bool
rfm_window_scores(FunctionCallInfo fcinfo, int *scores)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	RfmScorePartition *part = WinGetPartitionLocalMemory(winobj, sizeof(RfmScorePartition));
	int			nargs = PG_NARGS();
	int64		k[3];
	int			d,
				which = 0;

	if (!part->ready)
	{
		rfm_read_options(winobj, nargs, part->dim);
		rfm_options_same(winobj, nargs, part, true, &which);
		rfm_prepare(winobj, part->dim);
		part->ready = true;
	}
	else if (nargs > 3 && !rfm_options_same(winobj, nargs, part, false, &which))
		rfm_options_differ(winobj, part, which);
	if (!rfm_row_keys(winobj, -1, k))
		return false;
	for (d = 0; d < 3; d++)
		scores[d] = rfm_dim_score(&part->dim[d], d, k[d]);
	return true;
}

/* 0.2.0's rfm_score, now rfm_score_deprecated: five bins, as text '545' */
PG_FUNCTION_INFO_V1(cs_rfm_score_window);
Datum
cs_rfm_score_window(PG_FUNCTION_ARGS)
{
	int			scores[3];
	text	   *t;
	int			d;

	if (!rfm_window_scores(fcinfo, scores))
		PG_RETURN_NULL();
	t = (text *) palloc(VARHDRSZ + 3);
	SET_VARSIZE(t, VARHDRSZ + 3);
	for (d = 0; d < 3; d++)
		VARDATA(t)[d] = '0' + scores[d];
	PG_RETURN_TEXT_P(t);
}

/* rfm_score(...) returning rfm_score_row (r, f, m) */
PG_FUNCTION_INFO_V1(cs_rfm_score_row_window);
Datum
cs_rfm_score_row_window(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc = cs_result_tupdesc(fcinfo);
	int			scores[3];
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int			d;

	if (!rfm_window_scores(fcinfo, scores))
		PG_RETURN_NULL();
	for (d = 0; d < 3; d++)
		values[d] = Int32GetDatum(scores[d]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---------------------------------------------------------------------
 * The two-step form.  rfm_cutoffs(recency, frequency, monetary, bins,
 * method) reads one value_summary per dimension (value_cutoffs_partial of
 * the rows whose three measures are all present: mergeable, so it splits
 * across parallel workers and shards) and returns rfm_cutoffs_row: each
 * dimension's cut-offs, found by the same selection code as the window
 * form from the summary's order statistics instead of the partition's
 * keys.  rfm_score(recency_days, frequency, monetary, cutoffs) then scores a
 * row as the window form does, by the same comparison (rfm_dim_score).
 *
 * The cut-offs of a dimension, in the order of the bins they start:
 *  - ntile: frequency and monetary ascending, a value >= cut k is in a bin
 *    above k; recency in days descending, a row with at most cut k days is
 *    in a bin above k;
 *  - r_rfm: R's breaks, ascending, as the shortest decimals that read back
 *    as the same doubles (compared in double, as R compares them).
 * One aggregate has one state, and a value_summary holds one dimension,
 * hence three summaries (the window form's breakpoints need no cut-offs).
 * --------------------------------------------------------------------- */

static const char *const rfm_dim_names[3] = {"recency", "frequency", "monetary"};

static Datum
rfm_cuts_array(const RfmDim *dim, int d, int dscale)
{
	Datum		elems[RFM_MAX_CUTS];
	int			i;

	for (i = 0; i < dim->ncuts; i++)
	{
		if (dim->rule == RFM_R_RFM)
		{
			char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

			double_to_shortest_decimal_buf(dim->rcuts[i], buf);
			elems[i] = DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
										   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
		}
		else if (d == 0)
			elems[i] = NumericGetDatum(int64_to_numeric(-dim->cuts[i]));
		else
			elems[i] = cs_key_to_numeric(dim->cuts[i], dscale);
	}
	return PointerGetDatum(construct_array(elems, dim->ncuts, NUMERICOID, -1, false, TYPALIGN_INT));
}

/* rfm_cutoffs(recency, frequency, monetary value_summary, bins, method) */
PG_FUNCTION_INFO_V1(cs_rfm_cutoffs);
Datum
cs_rfm_cutoffs(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc = cs_result_tupdesc(fcinfo);
	CsSummary  *sum[3];
	int64		n[3];
	int32		bins = rfm_check_bins(PG_ARGISNULL(3) ? RFM_DEFAULT_BINS : PG_GETARG_INT32(3));
	RfmRule		rule = PG_ARGISNULL(4) ? RFM_NTILE : rfm_parse_method(PG_GETARG_DATUM(4));
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	int			d;

	for (d = 0; d < 3; d++)
	{
		sum[d] = PG_ARGISNULL(d) ? NULL : cs_summary_from_datum(PG_GETARG_DATUM(d));
		n[d] = sum[d] ? cs_summary_count(sum[d]) : 0;
		if (sum[d] && cs_summary_kind(sum[d]) == CS_KIND_FLOAT8)
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("rfm_cutoffs needs summaries of numeric values, and the %s summary is of float8 values",
							rfm_dim_names[d]),
					 errhint("Summarise each measure with value_cutoffs_partial(x), which takes numeric.")));
	}
	if (n[0] != n[1] || n[0] != n[2])
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the three RFM summaries must count the same rows"),
				 errdetail("recency counts " INT64_FORMAT ", frequency " INT64_FORMAT ", monetary " INT64_FORMAT ".",
						   n[0], n[1], n[2]),
				 errhint("Summarise the rows whose three measures are all present: value_cutoffs_partial(x) FILTER (WHERE recency_days IS NOT NULL AND frequency IS NOT NULL AND monetary IS NOT NULL).")));
	values[0] = Int64GetDatum(n[0]);
	values[1] = Int32GetDatum(bins);
	values[2] = CStringGetTextDatum(rule == RFM_NTILE ? "ntile" : "r_rfm");
	for (d = 0; d < 3; d++)
	{
		RfmDim		dim;
		RfmValues	v = {NULL, sum[d], n[d], d};

		dim.rule = rule;
		dim.bins = bins;
		dim.ncuts = 0;
		if (n[d] > 0 && rule == RFM_NTILE)
			rfm_cuts_ntile(&v, &dim);
		else if (n[d] > 0)
			rfm_cuts_r(&v, &dim);
		values[3 + d] = rfm_cuts_array(&dim, d, sum[d] ? cs_summary_dscale(sum[d]) : 0);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* the decoded cut-offs of a call site, and the bytes they came from */
typedef struct RfmCutoffsCache
{
	TupleDesc	cutdesc;
	TupleDesc	rowdesc;
	Size		len;
	char	   *raw;			/* in fn_mcxt; NULL: nothing decoded */
	RfmDim		dim[3];
} RfmCutoffsCache;

static void
rfm_bad_cutoffs(const char *msg, Datum cutoffs)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid RFM cut-offs: %s", msg),
			 errdetail("The cut-offs are %s.",
					   cs_echo(OidOutputFunctionCall(F_RECORD_OUT, cutoffs), -1)),
			 errhint("Pass the cut-offs rfm_cutoffs() returns.")));
}

static void
rfm_decode_cutoffs(FunctionCallInfo fcinfo, RfmCutoffsCache *c, Datum cutoffs)
{
	Datum		values[6];
	bool		nulls[6];
	int			d;

	cs_composite_deform(DatumGetHeapTupleHeader(cutoffs), &c->cutdesc, fcinfo->flinfo->fn_mcxt, values, nulls);
	for (d = 1; d < 6; d++)
		if (nulls[d])
			rfm_bad_cutoffs("bins, method and the three cut-off arrays must not be NULL", cutoffs);
	for (d = 0; d < 3; d++)
	{
		RfmDim	   *dim = &c->dim[d];
		ArrayType  *arr = DatumGetArrayTypeP(values[3 + d]);
		Datum	   *elems;
		bool	   *enulls;
		int			i,
					ncut;

		dim->bins = rfm_check_bins(DatumGetInt32(values[1]));
		dim->rule = rfm_parse_method(values[2]);
		if (ARR_NDIM(arr) > 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != NUMERICOID)
			rfm_bad_cutoffs("each dimension's cut-offs must be a one-dimensional numeric[] without NULLs", cutoffs);
		deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &enulls, &ncut);
		if (ncut > dim->bins - 1)
			rfm_bad_cutoffs("a dimension has more cut-offs than bins - 1", cutoffs);
		for (i = 0; i < ncut; i++)
		{
			int			dscale;

			if (numeric_is_nan(DatumGetNumeric(elems[i])) || numeric_is_inf(DatumGetNumeric(elems[i])))
				rfm_bad_cutoffs("a cut-off is NaN or infinite", cutoffs);
			if (dim->rule == RFM_R_RFM)
				dim->rcuts[i] = DatumGetFloat8(DirectFunctionCall1(numeric_float8, elems[i]));
			else
			{
				int64		key = cs_value_key(elems[i], CS_KIND_NUMERIC, &dscale);

				if (d == 0 && key % 10000 != 0)
					rfm_bad_cutoffs("a recency cut-off is not a whole number of days", cutoffs);
				dim->cuts[i] = d == 0 ? -(key / 10000) : key;
			}
			/* in the order the selection gives them: never decreasing */
			if (i > 0 && (dim->rule == RFM_R_RFM ? dim->rcuts[i] < dim->rcuts[i - 1]
						  : dim->cuts[i] < dim->cuts[i - 1]))
				rfm_bad_cutoffs("a dimension's cut-offs are out of order", cutoffs);
		}
		dim->ncuts = ncut;
	}
}

/* rfm_score(recency_days, frequency, monetary, cutoffs rfm_cutoffs_row) */
PG_FUNCTION_INFO_V1(cs_rfm_score_cutoffs);
Datum
cs_rfm_score_cutoffs(PG_FUNCTION_ARGS)
{
	RfmCutoffsCache *c = cs_fn_cache(fcinfo, RfmCutoffsCache);
	struct varlena *cut;
	Size		len;
	Datum		values[3];
	bool		nulls[3] = {false, false, false};
	int			d;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	cut = pg_detoast_datum_packed((struct varlena *) PG_GETARG_POINTER(3));
	len = VARSIZE_ANY_EXHDR(cut);
	if (c->raw == NULL || c->len != len || memcmp(c->raw, VARDATA_ANY(cut), len) != 0)
	{
		if (c->raw)
			pfree(c->raw);
		c->raw = NULL;
		rfm_decode_cutoffs(fcinfo, c, PointerGetDatum(cut));
		c->raw = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, Max(len, 1));
		memcpy(c->raw, VARDATA_ANY(cut), len);
		c->len = len;
	}
	for (d = 0; d < 3; d++)
		values[d] = Int32GetDatum(rfm_dim_score(&c->dim[d], d, rfm_key(PG_GETARG_DATUM(d), d)));
	if (c->rowdesc == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	td;

		/* not cs_result_tupdesc: fn_extra is this cache */
		if (get_call_result_type(fcinfo, NULL, &td) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function returning a record called in a context that cannot accept one");
		c->rowdesc = BlessTupleDesc(td);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->rowdesc, values, nulls)));
}

/* ---------------------------------------------------------------------
 * rfm_segment(score): the segment of an R and FM grid, or of a user's map
 * --------------------------------------------------------------------- */

#define NUM_SEGMENTS 11
static const char *const segment_labels[NUM_SEGMENTS] = {
	"champions", "loyal", "potential_loyalist", "new_customer", "promising",
	"need_attention", "about_to_sleep", "at_risk", "cant_lose_them", "hibernating", "lost"
};

enum
{
	CHAMPIONS, LOYAL, POTENTIAL, NEW, PROMISING, ATTENTION, SLEEPY, AT_RISK, CANT_LOSE, HIBERNATING, LOST
};

/* [R - 1][FM - 1], FM = ceil((F + M) / 2) */
static const int segment_grid[5][5] = {
	/* R = 1 */ {LOST, HIBERNATING, AT_RISK, CANT_LOSE, CANT_LOSE},
	/* R = 2 */ {HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, CANT_LOSE},
	/* R = 3 */ {SLEEPY, SLEEPY, ATTENTION, LOYAL, LOYAL},
	/* R = 4 */ {PROMISING, POTENTIAL, POTENTIAL, LOYAL, CHAMPIONS},
	/* R = 5 */ {NEW, POTENTIAL, POTENTIAL, CHAMPIONS, CHAMPIONS},
};

/*
 * The same grid as a segment map (first match wins), which
 * rfm_default_segment_map() returns for users to copy and edit; the tests
 * check that it gives the grid's segment for all 125 scores.
 */
static const char rfm_default_map[] =
	"["
	"{\"segment\": \"champions\", \"r\": 5, \"fm\": [4, 5]},"
	"{\"segment\": \"champions\", \"r\": 4, \"fm\": 5},"
	"{\"segment\": \"loyal\", \"r\": 4, \"fm\": 4},"
	"{\"segment\": \"loyal\", \"r\": 3, \"fm\": [4, 5]},"
	"{\"segment\": \"potential_loyalist\", \"r\": [4, 5], \"fm\": [2, 3]},"
	"{\"segment\": \"new_customer\", \"r\": 5, \"fm\": 1},"
	"{\"segment\": \"promising\", \"r\": 4, \"fm\": 1},"
	"{\"segment\": \"need_attention\", \"r\": 3, \"fm\": 3},"
	"{\"segment\": \"about_to_sleep\", \"r\": 3, \"fm\": [1, 2]},"
	"{\"segment\": \"at_risk\", \"r\": 2, \"fm\": [3, 4]},"
	"{\"segment\": \"at_risk\", \"r\": 1, \"fm\": 3},"
	"{\"segment\": \"cant_lose_them\", \"r\": 2, \"fm\": 5},"
	"{\"segment\": \"cant_lose_them\", \"r\": 1, \"fm\": [4, 5]},"
	"{\"segment\": \"hibernating\", \"r\": 2, \"fm\": [1, 2]},"
	"{\"segment\": \"hibernating\", \"r\": 1, \"fm\": 2},"
	"{\"segment\": \"lost\", \"r\": 1, \"fm\": 1}"
	"]";

#define RFM_MAX_RULES 1000
#define RFM_NRULE_DIMS 4

static const char *const rule_dims[RFM_NRULE_DIMS] = {"r", "f", "m", "fm"};

/* one rule of a segment map: inclusive ranges of r, f, m and fm */
typedef struct RfmSegRule
{
	int			lo[RFM_NRULE_DIMS],
				hi[RFM_NRULE_DIMS];
	text	   *label;
} RfmSegRule;

typedef struct RfmSegmentCache
{
	Oid			oids[NUM_SEGMENTS];
	TupleDesc	rowdesc;
	CsArrayCopy map;			/* the map the rules were parsed from */
	MemoryContext mapcxt;
	RfmSegRule *rules;
	int			nrules;
	RfmSegRule *defrules;		/* rfm_default_map, parsed once */
	int			ndefrules;
} RfmSegmentCache;

static int
rfm_grid_segment(int r, int f, int m)
{
	return segment_grid[r - 1][(f + m + 1) / 2 - 1];
}

/* 0.2.0's rfm_segment(score text): three digits 1-5 */
PG_FUNCTION_INFO_V1(cs_rfm_segment);
Datum
cs_rfm_segment(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, segment_labels, NUM_SEGMENTS);
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *p = VARDATA_ANY(t);

	if (VARSIZE_ANY_EXHDR(t) != 3 || p[0] < '1' || p[0] > '5' || p[1] < '1' || p[1] > '5' ||
		p[2] < '1' || p[2] > '5')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid RFM score \"%s\"", cs_echo(p, VARSIZE_ANY_EXHDR(t))),
				 errhint("An RFM score is three digits 1-5 (recency, frequency, monetary), e.g. '545', as rfm_score() gives it.")));
	PG_RETURN_OID(oids[rfm_grid_segment(p[0] - '0', p[1] - '0', p[2] - '0')]);
}

/* the r, f, m of an rfm_score_row argument; false if any is NULL */
static bool
rfm_score_arg(FunctionCallInfo fcinfo, RfmSegmentCache *c, int *rfm)
{
	Datum		values[3];
	bool		nulls[3];
	int			d;

	cs_composite_deform(PG_GETARG_HEAPTUPLEHEADER(0), &c->rowdesc, fcinfo->flinfo->fn_mcxt, values, nulls);
	for (d = 0; d < 3; d++)
	{
		if (nulls[d])
			return false;
		rfm[d] = DatumGetInt32(values[d]);
	}
	return true;
}

static void
rfm_check_score(const int *rfm, int max, const char *hint)
{
	int			d;

	for (d = 0; d < 3; d++)
		if (rfm[d] < 1 || rfm[d] > max)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("RFM score (%d,%d,%d) is out of range", rfm[0], rfm[1], rfm[2]),
					 errdetail("Each of r, f and m must be between 1 and %d.", max),
					 errhint("%s", hint)));
}

/* rfm_segment(score rfm_score_row) → rfm_segment_label: the default grid */
PG_FUNCTION_INFO_V1(cs_rfm_segment_row);
Datum
cs_rfm_segment_row(PG_FUNCTION_ARGS)
{
	RfmSegmentCache *c = cs_fn_cache(fcinfo, RfmSegmentCache);
	int			rfm[3];

	cs_enum_lookup(fcinfo, c->oids, segment_labels, NUM_SEGMENTS);
	if (!rfm_score_arg(fcinfo, c, rfm))
		PG_RETURN_NULL();
	rfm_check_score(rfm, 5, "The default segment map is for five bins; for other bins pass a map: rfm_segment(score, segment_map => ...).");
	PG_RETURN_OID(c->oids[rfm_grid_segment(rfm[0], rfm[1], rfm[2])]);
}

static void
rfm_bad_rule(int i, JsonbValue *rule, const char *msg)
{
	Jsonb	   *jb = JsonbValueToJsonb(rule);

	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid RFM segment map: rule %d %s", i + 1, msg),
			 errdetail("Rule %d is %s.", i + 1, cs_echo(JsonbToCString(NULL, &jb->root, VARSIZE(jb)), -1)),
			 errhint("A segment map is a JSON array of rules such as {\"segment\": \"champions\", \"r\": [4, 5], \"fm\": 5}: "
					 "inclusive ranges of r, f, m and fm = ceil((f + m) / 2), each an integer or [low, high] in 1-%d; "
					 "the first rule that matches names the segment.", RFM_MAX_BINS)));
}

/* an integer 1..RFM_MAX_BINS of a rule, or -1 */
static int
rfm_rule_int(JsonbValue *v)
{
	int64		key;
	int			dscale;

	if (v->type != jbvNumeric || numeric_is_nan(v->val.numeric) || numeric_is_inf(v->val.numeric) ||
		!cs_numeric_key_try(NumericGetDatum(v->val.numeric), &key, &dscale) ||
		key % 10000 != 0 || key < 10000 || key > (int64) RFM_MAX_BINS * 10000)
		return -1;
	return (int) (key / 10000);
}

/* Parse and check a segment map (in the current memory context). */
static RfmSegRule *
rfm_parse_map(Jsonb *map, int *nrules)
{
	RfmSegRule *rules;
	int			n,
				i;

	if (!JB_ROOT_IS_ARRAY(map) || JB_ROOT_IS_SCALAR(map) || JB_ROOT_COUNT(map) == 0 ||
		JB_ROOT_COUNT(map) > RFM_MAX_RULES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segment_map must be a JSON array of 1 to %d rules", RFM_MAX_RULES),
				 errdetail("The map is %s.", cs_echo(JsonbToCString(NULL, &map->root, VARSIZE(map)), -1)),
				 errhint("Start from rfm_default_segment_map(), e.g. '[{\"segment\": \"best\", \"r\": 5, \"f\": [4, 5]}, {\"segment\": \"other\"}]'.")));
	n = JB_ROOT_COUNT(map);
	rules = palloc0(n * sizeof(RfmSegRule));
	for (i = 0; i < n; i++)
	{
		JsonbValue *rule = getIthJsonbValueFromContainer(&map->root, i);
		JsonbIterator *it;
		JsonbIteratorToken tok;
		JsonbValue	k,
					v;
		int			d;

		CHECK_FOR_INTERRUPTS();
		if (rule->type != jbvBinary || !JsonContainerIsObject(rule->val.binary.data))
			rfm_bad_rule(i, rule, "is not a JSON object");
		for (d = 0; d < RFM_NRULE_DIMS; d++)
		{
			rules[i].lo[d] = INT_MIN;
			rules[i].hi[d] = INT_MAX;
		}
		it = JsonbIteratorInit(rule->val.binary.data);
		while ((tok = JsonbIteratorNext(&it, &k, true)) != WJB_DONE)
		{
			if (tok != WJB_KEY)
				continue;
			tok = JsonbIteratorNext(&it, &v, true);
			Assert(tok == WJB_VALUE);
			if (k.val.string.len == 7 && memcmp(k.val.string.val, "segment", 7) == 0)
			{
				if (v.type != jbvString || v.val.string.len == 0)
					rfm_bad_rule(i, rule, "has a \"segment\" that is not a non-empty string");
				rules[i].label = cstring_to_text_with_len(v.val.string.val, v.val.string.len);
				continue;
			}
			for (d = 0; d < RFM_NRULE_DIMS; d++)
				if (k.val.string.len == strlen(rule_dims[d]) &&
					memcmp(k.val.string.val, rule_dims[d], k.val.string.len) == 0)
					break;
			if (d == RFM_NRULE_DIMS)
				rfm_bad_rule(i, rule, "has a key other than \"segment\", \"r\", \"f\", \"m\" and \"fm\"");
			if (v.type == jbvBinary && JsonContainerIsArray(v.val.binary.data) &&
				JsonContainerSize(v.val.binary.data) == 2)
			{
				rules[i].lo[d] = rfm_rule_int(getIthJsonbValueFromContainer(v.val.binary.data, 0));
				rules[i].hi[d] = rfm_rule_int(getIthJsonbValueFromContainer(v.val.binary.data, 1));
			}
			else
				rules[i].lo[d] = rules[i].hi[d] = rfm_rule_int(&v);
			if (rules[i].lo[d] < 0 || rules[i].hi[d] < 0)
				rfm_bad_rule(i, rule, psprintf("has a range of \"%s\" that is not an integer or [low, high] in 1-%d",
											   rule_dims[d], RFM_MAX_BINS));
			if (rules[i].lo[d] > rules[i].hi[d])
				rfm_bad_rule(i, rule, psprintf("has a range of \"%s\" whose low end is above its high end", rule_dims[d]));
		}
		if (rules[i].label == NULL)
			rfm_bad_rule(i, rule, "has no \"segment\"");
	}
	*nrules = n;
	return rules;
}

/* the label of the first rule that matches, or NULL */
static text *
rfm_map_match(const RfmSegRule *rules, int n, const int *rfm)
{
	int			v[RFM_NRULE_DIMS] = {rfm[0], rfm[1], rfm[2], (rfm[1] + rfm[2] + 1) / 2};
	int			i,
				d;

	for (i = 0; i < n; i++)
	{
		for (d = 0; d < RFM_NRULE_DIMS; d++)
			if (v[d] < rules[i].lo[d] || v[d] > rules[i].hi[d])
				break;
		if (d == RFM_NRULE_DIMS)
			return rules[i].label;
	}
	return NULL;
}

static Jsonb *
rfm_default_map_jsonb(void)
{
	return DatumGetJsonbP(DirectFunctionCall1(jsonb_in, CStringGetDatum(rfm_default_map)));
}

/*
 * rfm_segment(score rfm_score_row, segment_map jsonb) → text: the first rule
 * of the map that matches; NULL when none does; a NULL map is the default.
 * The map is parsed once per call site (kept with a copy of its bytes).
 */
PG_FUNCTION_INFO_V1(cs_rfm_segment_map);
Datum
cs_rfm_segment_map(PG_FUNCTION_ARGS)
{
	RfmSegmentCache *c = cs_fn_cache(fcinfo, RfmSegmentCache);
	const RfmSegRule *rules;
	int			nrules;
	int			rfm[3];
	text	   *label;

	if (PG_ARGISNULL(0) || !rfm_score_arg(fcinfo, c, rfm))
		PG_RETURN_NULL();
	if (c->mapcxt == NULL)
		c->mapcxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "rfm segment map", ALLOCSET_SMALL_SIZES);
	if (PG_ARGISNULL(1))
	{
		if (c->defrules == NULL)
		{
			MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

			c->defrules = rfm_parse_map(rfm_default_map_jsonb(), &c->ndefrules);
			MemoryContextSwitchTo(old);
		}
		rules = c->defrules;
		nrules = c->ndefrules;
	}
	else
	{
		Jsonb	   *map = PG_GETARG_JSONB_P(1);

		if (!cs_array_same(&c->map, map))
		{
			MemoryContext old;

			/* forget the old map first: parsing the new one may fail */
			if (c->map.bytes)
				pfree(c->map.bytes);
			c->map.bytes = NULL;
			MemoryContextReset(c->mapcxt);
			old = MemoryContextSwitchTo(c->mapcxt);
			c->rules = rfm_parse_map(map, &c->nrules);
			MemoryContextSwitchTo(old);
			cs_array_remember(fcinfo, &c->map, map);
		}
		rules = c->rules;
		nrules = c->nrules;
	}
	rfm_check_score(rfm, RFM_MAX_BINS, "Scores are 1 to 100 in each dimension, as rfm_score() gives them.");
	label = rfm_map_match(rules, nrules, rfm);
	if (label == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(label);
}

/* rfm_default_segment_map() → jsonb: the default grid as a segment map */
PG_FUNCTION_INFO_V1(cs_rfm_default_segment_map);
Datum
cs_rfm_default_segment_map(PG_FUNCTION_ARGS)
{
	PG_RETURN_JSONB_P(rfm_default_map_jsonb());
}
