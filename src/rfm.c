/*
 * rfm.c
 *	  Recency, frequency and monetary value: the rfm_score window function,
 *	  the rfm_segment grid, and is_dormant (no trade for too long).
 *
 * rfm_score gives each dimension the quintile ntile(5) gives it (recency
 * ordered by days descending, frequency and monetary ascending, 5 = best),
 * except that tied values share the better quintile instead of being split
 * by row order.  With distinct values it equals the three ntile(5) windows.
 */
#include "common.h"
#include "valuekey.h"
#include "tiers.h"

#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

/* ---------------------------------------------------------------------
 * Dormancy
 * --------------------------------------------------------------------- */

/*
 * is_dormant(last_trade, as_of, days): no trade in more than `days` days
 * before as_of; never traded (NULL last_trade) is dormant.
 */
PG_FUNCTION_INFO_V1(cs_is_dormant);
Datum
cs_is_dormant(PG_FUNCTION_ARGS)
{
	DateADT		as_of;
	int32		days;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_NULL();
	as_of = PG_GETARG_DATEADT(1);
	days = PG_GETARG_INT32(2);
	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the days without a trade after which an account is dormant, e.g. 180.")));
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
 * rfm_score(recency_days, frequency, monetary) OVER (...)
 * --------------------------------------------------------------------- */

/*
 * ntile(5) with ties sharing the better bucket is a function of the value
 * alone: in ascending order (recency negated, so that fewer days comes
 * last), a value's bucket is ntile5(p) with p the number of keys <= it,
 * which exceeds the last position of bucket b exactly when the value is >=
 * the key just after that position.  So each dimension needs only four
 * cut-off keys, found by selection (linear, in place), and each row is
 * scored from its own arguments: no sort, no per-row scores kept.
 */
typedef struct RfmPartition
{
	bool		ready;
	int			ncuts[3];		/* cut-offs that exist (fewer when n < 5) */
	int64		cuts[3][4];		/* ascending: bucket = 1 + #(key >= cut) */
} RfmPartition;

/* last 1-based position of ntile(5) bucket b (1..5) among n rows */
static int64
ntile5_last(int b, int64 n)
{
	int64		q = n / 5,
				r = n % 5;

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

/*
 * The partition's cut-off keys: read every row's keys once (24 bytes a row
 * while this runs), then per dimension select the keys just after the last
 * position of buckets 1-4.
 */
static void
rfm_cuts_partition(WindowObject winobj, RfmPartition *part)
{
	int64		rows = WinGetPartitionRowCount(winobj);
	int64	   *keys[3];
	int64		n = 0,
				i;
	int			d;
	CsPartitionScan scan;

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
		int64		pos[4];
		int64		sel[4];
		int			b,
					m = 0;

		/* descending positions of the ascending keys after buckets 4..1 */
		for (b = 4; b >= 1; b--)
			if (ntile5_last(b, n) < n)
				pos[m++] = n - 1 - ntile5_last(b, n);
		cs_select_desc_many(keys[d], n, pos, m, sel);
		/* ascending cut-offs: buckets 1..m's ends */
		for (b = 0; b < m; b++)
			part->cuts[d][b] = sel[m - 1 - b];
		part->ncuts[d] = m;
		pfree(keys[d]);
	}
}

PG_FUNCTION_INFO_V1(cs_rfm_score_window);
Datum
cs_rfm_score_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	RfmPartition *part = WinGetPartitionLocalMemory(winobj, sizeof(RfmPartition));
	int64		k[3];
	text	   *t;
	char	   *s;
	int			d,
				b;

	if (!part->ready)
	{
		rfm_cuts_partition(winobj, part);
		part->ready = true;
	}
	if (!rfm_row_keys(winobj, -1, k))
		PG_RETURN_NULL();
	t = (text *) palloc(VARHDRSZ + 3);
	SET_VARSIZE(t, VARHDRSZ + 3);
	s = VARDATA(t);
	for (d = 0; d < 3; d++)
	{
		int			bucket = 1;

		for (b = 0; b < part->ncuts[d]; b++)
			bucket += k[d] >= part->cuts[d][b];
		s[d] = '0' + bucket;
	}
	PG_RETURN_TEXT_P(t);
}

/* ---------------------------------------------------------------------
 * rfm_segment(score): the segment of an R and FM grid
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

PG_FUNCTION_INFO_V1(cs_rfm_segment);
Datum
cs_rfm_segment(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, segment_labels, NUM_SEGMENTS);
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *p = VARDATA_ANY(t);
	int			r,
				f,
				m;

	if (VARSIZE_ANY_EXHDR(t) != 3 || p[0] < '1' || p[0] > '5' || p[1] < '1' || p[1] > '5' ||
		p[2] < '1' || p[2] > '5')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid RFM score \"%s\"", cs_echo(p, VARSIZE_ANY_EXHDR(t))),
				 errhint("An RFM score is three digits 1-5 (recency, frequency, monetary), e.g. '545', as rfm_score() gives it.")));
	r = p[0] - '0';
	f = p[1] - '0';
	m = p[2] - '0';
	PG_RETURN_OID(oids[segment_grid[r - 1][(f + m + 1) / 2 - 1]]);
}
