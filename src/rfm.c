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
#include "customer_seg.h"

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
				 errhint("Use NULL for a customer who never traded.")));
	if (PG_ARGISNULL(0))
		PG_RETURN_BOOL(true);
	PG_RETURN_BOOL((int64) as_of - PG_GETARG_DATEADT(0) > days);
}


/* ---------------------------------------------------------------------
 * rfm_score(recency_days, frequency, monetary) OVER (...)
 * --------------------------------------------------------------------- */

typedef struct RfmPartition
{
	bool		ready;
	char	   *scores;			/* 3 digits a partition row; '\0' = NULL */
} RfmPartition;

/* ntile(5) bucket of 1-based position pos among n rows */
static int
ntile5(int64 pos, int64 n)
{
	int64		q = n / 5,
				r = n % 5;

	if (pos <= r * (q + 1))
		return (int) ((pos - 1) / (q + 1) + 1);
	return (int) (r + (pos - r * (q + 1) - 1) / q + 1);
}

static int64
rfm_key(Datum d, int dim)
{
	int			dscale;

	if (dim == 0)
		return DatumGetInt32(d);
	return cs_value_key(d, CS_KIND_NUMERIC, &dscale);
}

/*
 * Score every row of the partition at once: per dimension, sort the keys
 * with their row numbers, and give each run of equal keys the ntile(5)
 * bucket of its best-placed row.
 */
static void
rfm_score_partition(WindowObject winobj, RfmPartition *part)
{
	int64		rows = WinGetPartitionRowCount(winobj);
	MemoryContext mcxt = GetMemoryChunkContext(part);
	int64	   *keys[3];
	int32	   *idx = palloc_extended(Max(rows, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	int64		n = 0,
				i,
				j;
	int			d;

	if (rows > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rfm_score supports at most %d rows a partition", PG_INT32_MAX),
				 errhint("Partition the window, e.g. by region.")));
	part->scores = MemoryContextAllocExtended(mcxt, Max(rows, 1) * 3, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (d = 0; d < 3; d++)
		keys[d] = palloc_extended(Max(rows, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	for (i = 0; i < rows; i++)
	{
		Datum		v[3];
		bool		isnull = false,
					isout;

		for (d = 0; d < 3 && !isnull; d++)
			v[d] = WinGetFuncArgInPartition(winobj, d, i, WINDOW_SEEK_HEAD, false, &isnull, &isout);
		if (isnull)
			continue;
		for (d = 0; d < 3; d++)
			keys[d][n] = rfm_key(v[d], d);
		idx[n++] = (int32) i;
	}
	for (d = 0; d < 3; d++)
	{
		int32	   *rowof = palloc_extended(Max(n, 1) * sizeof(int32), MCXT_ALLOC_HUGE);

		memcpy(rowof, idx, n * sizeof(int32));
		cs_sort_keys_index(keys[d], rowof, n);
		for (i = 0; i < n; i = j)
		{
			int64		pos;
			char		digit;

			for (j = i + 1; j < n && keys[d][j] == keys[d][i]; j++)
				;
			/* recency: fewer days is better, so the run's best is its first */
			pos = d == 0 ? n - i : j;
			digit = '0' + ntile5(pos, n);
			for (; i < j; i++)
				part->scores[(int64) rowof[i] * 3 + d] = digit;
		}
		pfree(rowof);
		pfree(keys[d]);
	}
	pfree(idx);
}

PG_FUNCTION_INFO_V1(cs_rfm_score_window);
Datum
cs_rfm_score_window(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	RfmPartition *part = WinGetPartitionLocalMemory(winobj, sizeof(RfmPartition));
	const char *s;
	text	   *t;

	if (!part->ready)
	{
		rfm_score_partition(winobj, part);
		part->ready = true;
	}
	s = part->scores + WinGetCurrentPosition(winobj) * 3;
	if (s[0] == '\0')
		PG_RETURN_NULL();
	t = (text *) palloc(VARHDRSZ + 3);
	SET_VARSIZE(t, VARHDRSZ + 3);
	memcpy(VARDATA(t), s, 3);
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
	Oid		   *oids = cs_enum_oids(fcinfo, segment_labels, NUM_SEGMENTS, 0);
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
