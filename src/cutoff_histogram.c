/*
 * cutoff_histogram.c
 *	  Exact tier cut-offs with bounded traffic: the cutoff_histogram state,
 *	  its aggregates and the round function.
 *
 * value_cutoffs(net, shares) needs the K-th largest net value for two rank
 * limits K (see tiers.c).  Its value_summary state keeps every distinct
 * value, which is exact but grows with the data: a distributed engine ships
 * one summary per shard to the coordinator.  Selection needs far less:
 * counts per value range, exact, in rounds.
 *
 *  - Round 1: each shard counts its non-NULL values (N), its positive values
 *    (P), and its positive value keys (value x 10^4 as an int64, valuekey.h)
 *    on a fixed grid: keys below 32 one bin each, then 32 bins per power of
 *    two (a bin holds keys with the same bit length and the same 5 bits
 *    after the leading one), 1,888 bins in all.
 *  - cutoff_round() reads the merged histogram: the rank limits K1, K2 come
 *    from N and the shares as in value_cutoffs; a cut-off is always positive,
 *    the min(K, P)-th largest positive key (none when P = 0).  Walking the
 *    bins from the top finds the bin holding each rank and how many keys lie
 *    above it.  The next round narrows each target to its bin: a bin of one
 *    key pins the value; a bin with at most CH_VALUES_CAP(nwin) keys in all
 *    asks the shards for its keys themselves (values mode, exact in one more
 *    round); otherwise the bin is split into up to CH_SLOTS / nwin equal bins
 *    (bins mode).  Two targets in the same bin share one window.
 *  - Later rounds count only the keys inside the windows (and N and P again,
 *    so a table that changed between rounds is an ERROR, not a wrong answer).
 *
 * Every round either pins a target or divides its key range by at least
 * 1,024 (2,048 for a single window), so the rounds always end: a grid bin
 * spans at most 2^57 keys, hence at most 7 aggregate passes in all, fewer
 * for ordinary amounts (a value below 10^8 has a key below 2^40: 5 passes at
 * most) and usually 3 (the values mode ends a round early once a bin is
 * thin).  Heavy ties never need more: a tied value is a bin that narrows to
 * one key.
 *
 * The state has a fixed size (CH_SLOTS int64 slots, about 16.5 kB)
 * whatever the number of rows, so memory is bounded per group and the bytes
 * a shard ships per round are bounded: the text form lists only the nonzero
 * bins, at most 2,048 entries of "index:count", under 64 kB.
 *
 * The aggregate's state is the histogram itself (a varlena of our own type,
 * modified in place inside the aggregate's memory context), so the text and
 * binary forms are the state's: what Citus ships between nodes.  The plan of
 * a round is a histogram too: cutoff_round() returns the next round's plan
 * (its windows, the target ranks, the counts expected), or a finished plan
 * that holds the cut-offs, read by cutoff_result().
 */
#include "common.h"
#include "valuekey.h"
#include "value_summary.h"
#include "state_io.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define CH_VERSION 1
#define CH_SLOTS 2048			/* int64 slots for every window's bins */
#define CH_GRID_BINS 1888		/* round 1: 32 small keys + 59 * 32 */
#define CH_MAXWIN 2				/* one window per cut-off at most */
#define CH_NTARGETS 2			/* vip_min, valuable_min */
#define CH_MODE_BINS 0
#define CH_MODE_VALUES 1

/* values mode: key/count pairs, at most half the window's slots */
#define CH_VALUES_CAP(nwin) (CH_SLOTS / (nwin) / 2)

#define CH_TYPE "cutoff_histogram"
#define CH_EXAMPLE "'v1;round=1;n=1;p=1;dscale=2;expect=0,0;done=0;rank=0,0;target=-1,-1;cut=-,-;grid=5:1'"

typedef struct CutoffWindow
{
	int64		lo;				/* key range, inclusive */
	int64		hi;
	int64		width;			/* bins mode: keys per bin */
	int64		above;			/* positive keys above hi (from earlier rounds) */
	int32		mode;			/* CH_MODE_BINS or CH_MODE_VALUES */
	int32		nslots;			/* bins, or the most key/count pairs */
	int32		used;			/* values mode: pairs in use */
	int32		pad;
} CutoffWindow;

typedef struct CutoffHist
{
	int32		vl_len_;
	int32		version;
	int32		round;			/* 1: the grid; later: the windows */
	int32		nwin;
	int32		done;			/* a finished plan: the cut-offs below */
	int32		dscale;			/* largest display scale seen */
	int64		n;				/* non-NULL values counted */
	int64		p;				/* positive values counted */
	int64		expect_n;		/* later rounds: N and P of round 1 */
	int64		expect_p;
	int64		rank[CH_NTARGETS];	/* rank among positive keys, 1 = largest; 0 none */
	int32		target_win[CH_NTARGETS];	/* the window of each open target, -1 pinned */
	int32		has_cut[CH_NTARGETS];
	int64		cut[CH_NTARGETS];	/* pinned keys */
	CutoffWindow win[CH_MAXWIN];
	int64		slab[CH_SLOTS];
} CutoffHist;

#define DatumGetCutoffHist(d) ((CutoffHist *) PG_DETOAST_DATUM(d))

/* ---------------------------------------------------------------------
 * The round 1 grid
 * --------------------------------------------------------------------- */

static int
bit_length(uint64 k)
{
	int			l = 0;

	while (k)
	{
		l++;
		k >>= 1;
	}
	return l;
}

static int
grid_index(int64 key)
{
	int			l;

	Assert(key > 0);
	if (key < 32)
		return (int) key;
	l = bit_length((uint64) key);
	return 32 + (l - 6) * 32 + (int) ((key >> (l - 6)) - 32);
}

static void
grid_range(int i, int64 *lo, int64 *hi)
{
	int			s,
				j;

	if (i < 32)
	{
		*lo = *hi = i;
		return;
	}
	s = (i - 32) / 32;
	j = (i - 32) % 32;
	*lo = (int64) (32 + j) << s;
	*hi = *lo + (((int64) 1) << s) - 1;
}

/* ---------------------------------------------------------------------
 * Checks, shared by the input functions and the combine
 * --------------------------------------------------------------------- */

pg_noreturn static void
bad_flat(const char *what, int sqlstate, const char *detail)
{
	cs_bad_state_flat(CH_TYPE, what, sqlstate, detail, CH_EXAMPLE);
}

/* the first slot of window w */
static inline int64 *
win_slots(CutoffHist *h, int w)
{
	return h->slab + w * (CH_SLOTS / h->nwin);
}

/* slots that must be zero: round 1 beyond the grid, later rounds past each window's use */
static bool
slot_in_use(const CutoffHist *h, int i)
{
	int			share,
				w;

	if (h->round == 1)
		return i >= 1 && i < CH_GRID_BINS;
	if (h->nwin == 0)
		return false;
	share = CH_SLOTS / h->nwin;
	w = i / share;
	if (w >= h->nwin)
		return false;
	i -= w * share;
	return h->win[w].mode == CH_MODE_BINS ? i < h->win[w].nslots : i < 2 * h->win[w].used;
}

/* whether a flat histogram is one the functions can have built */
static void
ch_validate(const CutoffHist *h, const char *what, int sqlstate)
{
	int			w,
				t,
				i;
	uint64		total = 0;

	if (VARSIZE(h) != sizeof(CutoffHist) || h->version != CH_VERSION)
		bad_flat(what, sqlstate, "The size or version is wrong.");
	if (h->round < 1 || h->n < 0 || h->p < 0 || h->p > h->n ||
		h->dscale < 0 || h->dscale > CS_NUMERIC_DSCALE_MAX ||
		(h->done != 0 && h->done != 1))
		bad_flat(what, sqlstate, "A count or the scale is out of range.");
	if (h->round == 1 ? h->nwin != 0 : (h->nwin < 0 || h->nwin > CH_MAXWIN))
		bad_flat(what, sqlstate, "The number of windows is out of range.");
	if (h->done && (h->nwin != 0 || h->round == 1))
		bad_flat(what, sqlstate, "A finished plan has windows.");
	if (h->round > 1 && (h->expect_n < 0 || h->expect_p < 0 || h->expect_p > h->expect_n))
		bad_flat(what, sqlstate, "The expected counts are out of range.");
	for (t = 0; t < CH_NTARGETS; t++)
	{
		if (h->rank[t] < 0 || h->target_win[t] < -1 || h->target_win[t] >= h->nwin ||
			(h->has_cut[t] != 0 && h->has_cut[t] != 1) || (h->has_cut[t] && h->cut[t] <= 0) ||
			(h->target_win[t] >= 0 && h->has_cut[t]) || (h->round > 1 && h->rank[t] > h->expect_p))
			bad_flat(what, sqlstate, "A target is out of range.");
		if (h->has_cut[t] && !cs_key_fits_scale(h->cut[t], h->dscale))
			bad_flat(what, sqlstate, "A cut-off has more decimals than the scale.");
	}
	for (w = 0; w < h->nwin; w++)
	{
		const CutoffWindow *win = &h->win[w];
		const int64 *s = h->slab + w * (CH_SLOTS / h->nwin);

		if (win->lo <= 0 || win->hi < win->lo || win->above < 0 ||
			(win->mode != CH_MODE_BINS && win->mode != CH_MODE_VALUES) || win->pad != 0)
			bad_flat(what, sqlstate, "A window is out of range.");
		if (win->mode == CH_MODE_BINS)
		{
			if (win->width < 1 || win->used != 0 || win->nslots < 1 || win->nslots > CH_SLOTS / h->nwin ||
				(uint64) (win->hi - win->lo) / (uint64) win->width != (uint64) (win->nslots - 1))
				bad_flat(what, sqlstate, "A window's bins are out of range.");
		}
		else
		{
			if (win->width != 0 || win->nslots != CH_VALUES_CAP(h->nwin) ||
				win->used < 0 || win->used > win->nslots)
				bad_flat(what, sqlstate, "A window's values are out of range.");
			for (i = 0; i < win->used; i++)
				if (s[2 * i] < win->lo || s[2 * i] > win->hi || s[2 * i + 1] < 1 ||
					(i > 0 && s[2 * i] <= s[2 * i - 2]))
					bad_flat(what, sqlstate, "A window's values are not sorted keys inside it.");
		}
	}
	for (i = 0; i < CH_SLOTS; i++)
	{
		bool		counts;
		int64		v = h->slab[i];

		if (!slot_in_use(h, i))
		{
			if (v != 0)
				bad_flat(what, sqlstate, "A slot outside the bins is not zero.");
			continue;
		}
		/* values mode: even slots are keys, odd ones counts */
		counts = true;
		if (h->round > 1)
		{
			int			share = CH_SLOTS / h->nwin;

			counts = h->win[i / share].mode == CH_MODE_BINS || (i % share) % 2 == 1;
		}
		if (!counts)
			continue;
		if (v < 0 || (uint64) v > (uint64) h->p - total)
			bad_flat(what, sqlstate, "The counts exceed the positive values.");
		total += v;
	}
}

/* ---------------------------------------------------------------------
 * Building
 * --------------------------------------------------------------------- */

static CutoffHist *
ch_new_round1(void)
{
	CutoffHist *h = palloc0(sizeof(CutoffHist));

	SET_VARSIZE(h, sizeof(CutoffHist));
	h->version = CH_VERSION;
	h->round = 1;
	h->target_win[0] = h->target_win[1] = -1;
	return h;
}

/* an empty histogram for the round a plan describes */
static CutoffHist *
ch_from_plan(const CutoffHist *plan)
{
	CutoffHist *h;
	int			w;

	if (plan->done)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the cut-offs plan is finished: there is no further round"),
				 errhint("Read the cut-offs with cutoff_result(plan).")));
	if (plan->round == 1 || plan->expect_n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the plan argument must be a plan from cutoff_round(), not a histogram of round %d", plan->round),
				 errhint("Pass cutoff_round(histogram, shares) of the previous round.")));
	h = palloc(sizeof(CutoffHist));
	memcpy(h, plan, sizeof(CutoffHist));
	h->n = h->p = 0;
	h->dscale = 0;
	for (w = 0; w < h->nwin; w++)
		h->win[w].used = 0;
	memset(h->slab, 0, sizeof(h->slab));
	return h;
}

/* the window of a key in a later round, or -1 (windows are disjoint) */
static inline int
ch_window_of(const CutoffHist *h, int64 key)
{
	int			w;

	for (w = 0; w < h->nwin; w++)
		if (key >= h->win[w].lo && key <= h->win[w].hi)
			return w;
	return -1;
}

pg_noreturn static void
ch_changed(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("the values changed between cut-off rounds"),
			 errdetail("A window holds more distinct values than the previous round counted."),
			 errhint("Run the rounds in one REPEATABLE READ transaction, or on data that does not change meanwhile.")));
}

/* count in a values window: find or insert key, with count c */
static void
values_add(CutoffHist *h, int w, int64 key, int64 c)
{
	CutoffWindow *win = &h->win[w];
	int64	   *s = win_slots(h, w);
	int			lo = 0,
				hi = win->used;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (s[2 * mid] < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < win->used && s[2 * lo] == key)
	{
		s[2 * lo + 1] += c;
		return;
	}
	if (win->used >= win->nslots)
		ch_changed();
	memmove(s + 2 * lo + 2, s + 2 * lo, (win->used - lo) * 2 * sizeof(int64));
	s[2 * lo] = key;
	s[2 * lo + 1] = c;
	win->used++;
}

static void
ch_add_key(CutoffHist *h, int64 key, int dscale)
{
	h->n++;
	if (dscale > h->dscale)
		h->dscale = dscale;
	if (key <= 0)
		return;
	h->p++;
	if (h->round == 1)
		h->slab[grid_index(key)]++;
	else
	{
		int			w = ch_window_of(h, key);

		if (w < 0)
			return;
		if (h->win[w].mode == CH_MODE_BINS)
			win_slots(h, w)[(uint64) (key - h->win[w].lo) / (uint64) h->win[w].width]++;
		else
			values_add(h, w, key, 1);
	}
}

/* the writable state of a transition or combine call: in place in an aggregate */
static CutoffHist *
ch_writable(FunctionCallInfo fcinfo, int argno)
{
	CutoffHist *h = DatumGetCutoffHist(PG_GETARG_DATUM(argno));

	if ((Pointer) h == DatumGetPointer(PG_GETARG_DATUM(argno)) && !AggCheckCallContext(fcinfo, NULL))
	{
		CutoffHist *copy = palloc(sizeof(CutoffHist));

		memcpy(copy, h, sizeof(CutoffHist));
		h = copy;
	}
	return h;
}

/*
 * cutoff_counts_add(state, net [, plan]): the transition function.  The
 * first row of a group builds the state from the plan (round 1 without one);
 * NULL net values only make sure the state exists.
 */
PG_FUNCTION_INFO_V1(cs_cutoff_histogram_add);
Datum
cs_cutoff_histogram_add(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	CutoffHist *h;

	/* called directly (not as a transition function): a new value each call */
	if (!AggCheckCallContext(fcinfo, &aggcontext))
		aggcontext = CurrentMemoryContext;
	if (PG_ARGISNULL(0))
	{
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		if (PG_NARGS() > 2 && !PG_ARGISNULL(2))
		{
			CutoffHist *plan = DatumGetCutoffHist(PG_GETARG_DATUM(2));

			h = ch_from_plan(plan);
		}
		else
			h = ch_new_round1();
		MemoryContextSwitchTo(old);
	}
	else
		h = ch_writable(fcinfo, 0);
	if (!PG_ARGISNULL(1))
	{
		int			dscale;
		int64		key = cs_numeric_key(PG_GETARG_DATUM(1), &dscale);

		ch_add_key(h, key, dscale);
	}
	PG_RETURN_POINTER(h);
}

/* whether two histograms count the same round of the same plan */
static bool
same_round(const CutoffHist *a, const CutoffHist *b)
{
	int			w,
				t;

	if (a->round != b->round || a->nwin != b->nwin || a->done != b->done ||
		a->expect_n != b->expect_n || a->expect_p != b->expect_p)
		return false;
	for (t = 0; t < CH_NTARGETS; t++)
		if (a->rank[t] != b->rank[t] || a->target_win[t] != b->target_win[t] ||
			a->has_cut[t] != b->has_cut[t] || a->cut[t] != b->cut[t])
			return false;
	for (w = 0; w < a->nwin; w++)
		if (a->win[w].lo != b->win[w].lo || a->win[w].hi != b->win[w].hi ||
			a->win[w].width != b->win[w].width || a->win[w].above != b->win[w].above ||
			a->win[w].mode != b->win[w].mode || a->win[w].nslots != b->win[w].nslots)
			return false;
	return true;
}

/* cutoff_counts_combine(a, b): the combine function, and the merge aggregate's */
PG_FUNCTION_INFO_V1(cs_cutoff_histogram_combine);
Datum
cs_cutoff_histogram_combine(PG_FUNCTION_ARGS)
{
	CutoffHist *a = ch_writable(fcinfo, 0);
	CutoffHist *b = DatumGetCutoffHist(PG_GETARG_DATUM(1));
	int			i,
				w;

	if (!same_round(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge cutoff_histogram states of different rounds or plans"),
				 errdetail("One is of round %d, the other of round %d.", a->round, b->round),
				 errhint("Merge the states that one round built with the same plan.")));
	a->n += b->n;
	a->p += b->p;
	a->dscale = Max(a->dscale, b->dscale);
	if (a->round == 1)
		for (i = 0; i < CH_GRID_BINS; i++)
			a->slab[i] += b->slab[i];
	else
		for (w = 0; w < a->nwin; w++)
		{
			int64	   *sa = win_slots(a, w);
			int64	   *sb = win_slots(b, w);

			if (a->win[w].mode == CH_MODE_BINS)
				for (i = 0; i < a->win[w].nslots; i++)
					sa[i] += sb[i];
			else
				for (i = 0; i < b->win[w].used; i++)
				{
					CHECK_FOR_INTERRUPTS();
					values_add(a, w, sb[2 * i], sb[2 * i + 1]);
				}
		}
	PG_RETURN_POINTER(a);
}

/* cutoff_counts_final(state): the histogram itself */
PG_FUNCTION_INFO_V1(cs_cutoff_histogram_final);
Datum
cs_cutoff_histogram_final(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(PG_GETARG_DATUM(0));
}

/* ---------------------------------------------------------------------
 * The round function
 * --------------------------------------------------------------------- */

/* one open target after reading a round: its key range and keys above it */
typedef struct Target
{
	int64		lo,
				hi,
				count,			/* positive keys in [lo, hi] */
				above;
} Target;

/*
 * Find rank r (1 = largest) among counts of bins from the top: bins are
 * visited from the highest; *above gets the keys above the bin found.
 */
static int
find_bin(const int64 *counts, int nbins, int64 r, int64 *above)
{
	int			i;

	for (i = nbins - 1; i >= 0; i--)
	{
		if (*above + counts[i] >= r)
			return i;
		*above += counts[i];
	}
	return -1;
}

pg_noreturn static void
ch_lost(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_EXCEPTION),
			 errmsg("the values changed between cut-off rounds"),
			 errdetail("A cut-off rank is no longer inside its window."),
			 errhint("Run the rounds in one REPEATABLE READ transaction, or on data that does not change meanwhile.")));
}

PG_FUNCTION_INFO_V1(cs_cutoff_round);
Datum
cs_cutoff_round(PG_FUNCTION_ARGS)
{
	static const double default_shares[2] = {CS_DEFAULT_VIP_SHARE, CS_DEFAULT_VALUABLE_SHARE};
	const double *shares = default_shares;
	CutoffHist *h;
	CutoffHist *plan;
	Target		tg[CH_NTARGETS];
	bool		open[CH_NTARGETS];
	int64		ranks[CH_NTARGETS];
	int			t,
				u,
				nwin;
	int			nshares;

	if (!PG_ARGISNULL(1))
		shares = cs_shares_array(PG_GETARG_ARRAYTYPE_P(1), 2, 2, "{0.05,0.20}", true, &nshares);

	plan = ch_new_round1();
	if (PG_ARGISNULL(0))
	{
		/* no rows at all: finished, (0,,) */
		plan->round = 2;
		plan->done = 1;
		PG_RETURN_POINTER(plan);
	}
	h = DatumGetCutoffHist(PG_GETARG_DATUM(0));
	ch_validate(h, "histogram", ERRCODE_INVALID_PARAMETER_VALUE);
	if (h->done)
		PG_RETURN_POINTER(h);

	/* the rank limits, from round 1's N and P */
	{
		int64		n = h->round == 1 ? h->n : h->expect_n;
		int64		p = h->round == 1 ? h->p : h->expect_p;

		if (h->round > 1 && (h->n != n || h->p != p))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_EXCEPTION),
					 errmsg("the values changed between cut-off rounds"),
					 errdetail("Round 1 counted " INT64_FORMAT " values, " INT64_FORMAT " positive; round %d counted " INT64_FORMAT ", " INT64_FORMAT ".",
							   n, p, h->round, h->n, h->p),
					 errhint("Run the rounds in one REPEATABLE READ transaction, or on data that does not change meanwhile.")));
		for (t = 0; t < CH_NTARGETS; t++)
			ranks[t] = p == 0 ? 0 : Min(cs_rank_limit(n, shares[t], 1.0), p);
		if (h->round > 1 && (ranks[0] != h->rank[0] || ranks[1] != h->rank[1]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("shares must be the same in every cut-off round"),
					 errhint("Pass the shares of the first round to cutoff_round() every time.")));
		plan->expect_n = n;
		plan->expect_p = p;
		plan->dscale = h->dscale;
		plan->round = h->round + 1;
	}

	/* where each target stands after this round */
	for (t = 0; t < CH_NTARGETS; t++)
	{
		plan->rank[t] = ranks[t];
		plan->target_win[t] = -1;
		open[t] = false;
		if (ranks[t] == 0)
			continue;
		if (h->round > 1 && h->has_cut[t])
		{
			plan->has_cut[t] = 1;
			plan->cut[t] = h->cut[t];
			continue;
		}
		if (h->round == 1)
		{
			int64		above = 0;
			int			i = find_bin(h->slab, CH_GRID_BINS, ranks[t], &above);

			if (i < 1)
				ch_lost();
			grid_range(i, &tg[t].lo, &tg[t].hi);
			tg[t].count = h->slab[i];
			tg[t].above = above;
		}
		else
		{
			int			w = h->target_win[t];
			CutoffWindow *win;
			int64	   *s;
			int64		above;

			if (w < 0)
				ch_lost();
			win = &h->win[w];
			s = win_slots(h, w);
			above = win->above;
			if (win->mode == CH_MODE_VALUES)
			{
				int			i;

				for (i = win->used - 1; i >= 0; i--)
				{
					if (above + s[2 * i + 1] >= ranks[t])
						break;
					above += s[2 * i + 1];
				}
				if (i < 0)
					ch_lost();
				plan->has_cut[t] = 1;
				plan->cut[t] = s[2 * i];
				continue;
			}
			else
			{
				int			i = find_bin(s, win->nslots, ranks[t], &above);

				if (i < 0)
					ch_lost();
				tg[t].lo = win->lo + i * win->width;
				tg[t].hi = (uint64) (win->hi - tg[t].lo) < (uint64) (win->width - 1) ? win->hi : tg[t].lo + (win->width - 1);
				tg[t].count = s[i];
				tg[t].above = above;
			}
		}
		if (tg[t].lo == tg[t].hi)
		{
			plan->has_cut[t] = 1;
			plan->cut[t] = tg[t].lo;
		}
		else
			open[t] = true;
	}

	/* the windows of the next round: one per distinct open range */
	nwin = 0;
	for (t = 0; t < CH_NTARGETS; t++)
	{
		if (!open[t])
			continue;
		for (u = 0; u < t; u++)
			if (open[u] && tg[u].lo == tg[t].lo && tg[u].hi == tg[t].hi)
				break;
		if (u < t)
			plan->target_win[t] = plan->target_win[u];
		else
		{
			CutoffWindow *win = &plan->win[nwin];

			win->lo = tg[t].lo;
			win->hi = tg[t].hi;
			win->above = tg[t].above;
			win->mode = CH_MODE_BINS;	/* the size is set below */
			win->width = tg[t].count;	/* for now */
			plan->target_win[t] = nwin++;
		}
	}
	plan->nwin = nwin;
	for (u = 0; u < nwin; u++)
	{
		CutoffWindow *win = &plan->win[u];
		int64		count = win->width;
		uint64		span = (uint64) (win->hi - win->lo) + 1;
		int			share = CH_SLOTS / nwin;

		if (count <= CH_VALUES_CAP(nwin))
		{
			win->mode = CH_MODE_VALUES;
			win->width = 0;
			win->nslots = CH_VALUES_CAP(nwin);
		}
		else
		{
			win->mode = CH_MODE_BINS;
			win->width = (int64) ((span + share - 1) / share);
			win->nslots = (int) ((span - 1) / (uint64) win->width) + 1;
		}
	}
	if (nwin == 0)
	{
		plan->done = 1;
		plan->round = h->round + 1;
	}
	PG_RETURN_POINTER(plan);
}

/* cutoff_result(plan): the cut-offs of a finished plan, NULL before */
PG_FUNCTION_INFO_V1(cs_cutoff_result);
Datum
cs_cutoff_result(PG_FUNCTION_ARGS)
{
	CutoffHist *h = DatumGetCutoffHist(PG_GETARG_DATUM(0));
	TupleDesc	tupdesc;
	Datum		values[3];
	bool		nulls[3] = {false, true, true};
	int			t;

	ch_validate(h, "plan", ERRCODE_INVALID_PARAMETER_VALUE);
	if (!h->done)
		PG_RETURN_NULL();
	tupdesc = cs_result_tupdesc(fcinfo);
	values[0] = Int64GetDatum(h->expect_n);
	for (t = 0; t < CH_NTARGETS; t++)
		if (h->has_cut[t])
		{
			values[1 + t] = cs_key_to_numeric(h->cut[t], h->dscale);
			nulls[1 + t] = false;
		}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---------------------------------------------------------------------
 * Text and binary forms
 *
 * Text: "v1;round=R;n=N;p=P;dscale=D;expect=EN,EP;done=0|1;rank=R1,R2;"
 * "target=W1,W2;cut=K1,K2;" (- for none) then, in round 1, "grid=" and the
 * nonzero bins as index:count separated by commas; in later rounds one
 * "win=lo,hi,width,above,mode,nslots:" per window with its nonzero bins as
 * index:count (bins mode) or its keys as key:count (values mode), windows
 * separated by ';'.
 * --------------------------------------------------------------------- */

static void
out_pairs(StringInfo buf, const int64 *s, int n, bool values)
{
	int			i;
	bool		first = true;

	for (i = 0; i < n; i++)
	{
		int64		a = values ? s[2 * i] : i;
		int64		c = values ? s[2 * i + 1] : s[i];

		if (c == 0)
			continue;
		appendStringInfo(buf, "%s" INT64_FORMAT ":" INT64_FORMAT, first ? "" : ",", a, c);
		first = false;
	}
}

PG_FUNCTION_INFO_V1(cs_cutoff_histogram_out);
Datum
cs_cutoff_histogram_out(PG_FUNCTION_ARGS)
{
	CutoffHist *h = DatumGetCutoffHist(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int			t,
				w;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v1;round=%d;n=" INT64_FORMAT ";p=" INT64_FORMAT ";dscale=%d;expect=" INT64_FORMAT "," INT64_FORMAT ";done=%d;rank=",
					 h->round, h->n, h->p, h->dscale, h->expect_n, h->expect_p, h->done);
	for (t = 0; t < CH_NTARGETS; t++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, t ? "," : "", h->rank[t]);
	appendStringInfoString(&buf, ";target=");
	for (t = 0; t < CH_NTARGETS; t++)
		appendStringInfo(&buf, "%s%d", t ? "," : "", h->target_win[t]);
	appendStringInfoString(&buf, ";cut=");
	for (t = 0; t < CH_NTARGETS; t++)
	{
		if (t)
			appendStringInfoChar(&buf, ',');
		if (h->has_cut[t])
			appendStringInfo(&buf, INT64_FORMAT, h->cut[t]);
		else
			appendStringInfoChar(&buf, '-');
	}
	if (h->round == 1)
	{
		appendStringInfoString(&buf, ";grid=");
		out_pairs(&buf, h->slab, CH_GRID_BINS, false);
	}
	for (w = 0; w < h->nwin; w++)
	{
		CutoffWindow *win = &h->win[w];

		appendStringInfo(&buf, ";win=" INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT ",%s,%d:",
						 win->lo, win->hi, win->width, win->above,
						 win->mode == CH_MODE_BINS ? "bins" : "values", win->nslots);
		out_pairs(&buf, win_slots(h, w), win->mode == CH_MODE_BINS ? win->nslots : win->used,
				  win->mode == CH_MODE_VALUES);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* index:count or key:count pairs until ';' or the end */
static void
in_pairs(CsStateReader *r, CutoffHist *h, int w, int64 *s, int nslots, bool values)
{
	int64		last = PG_INT64_MIN;

	while (*r->p != '\0' && *r->p != ';')
	{
		int64		a,
					c;

		if (last != PG_INT64_MIN)
			cs_reader_expect(r, ",");
		a = cs_reader_int(r, values ? 1 : 0, values ? PG_INT64_MAX : nslots - 1);
		cs_reader_expect(r, ":");
		c = cs_reader_int(r, 1, PG_INT64_MAX);
		if (last != PG_INT64_MIN && a <= last)
			cs_reader_fail(r, "The entries are not in ascending order.");
		last = a;
		if (values)
		{
			if (h->win[w].used >= h->win[w].nslots)
				cs_reader_fail(r, "A window holds too many values.");
			s[2 * h->win[w].used] = a;
			s[2 * h->win[w].used + 1] = c;
			h->win[w].used++;
		}
		else
			s[a] = c;
	}
}

PG_FUNCTION_INFO_V1(cs_cutoff_histogram_in);
Datum
cs_cutoff_histogram_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	CsStateReader r;
	CutoffHist *h = ch_new_round1();
	int			t;

	cs_reader_init(&r, CH_TYPE, str, CH_EXAMPLE);
	cs_reader_expect(&r, "v1;round=");
	h->round = (int32) cs_reader_int(&r, 1, PG_INT32_MAX);
	cs_reader_expect(&r, ";n=");
	h->n = cs_reader_int(&r, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ";p=");
	h->p = cs_reader_int(&r, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ";dscale=");
	h->dscale = (int32) cs_reader_int(&r, 0, CS_NUMERIC_DSCALE_MAX);
	cs_reader_expect(&r, ";expect=");
	h->expect_n = cs_reader_int(&r, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ",");
	h->expect_p = cs_reader_int(&r, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ";done=");
	h->done = (int32) cs_reader_int(&r, 0, 1);
	cs_reader_expect(&r, ";rank=");
	cs_reader_ints(&r, h->rank, CH_NTARGETS, 0, PG_INT64_MAX);
	cs_reader_expect(&r, ";target=");
	for (t = 0; t < CH_NTARGETS; t++)
	{
		if (t)
			cs_reader_expect(&r, ",");
		h->target_win[t] = (int32) cs_reader_int(&r, -1, CH_MAXWIN - 1);
	}
	cs_reader_expect(&r, ";cut=");
	for (t = 0; t < CH_NTARGETS; t++)
	{
		if (t)
			cs_reader_expect(&r, ",");
		if (cs_reader_skip(&r, '-'))
			continue;
		h->has_cut[t] = 1;
		h->cut[t] = cs_reader_int(&r, 1, PG_INT64_MAX);
	}
	if (h->round == 1)
	{
		cs_reader_expect(&r, ";grid=");
		in_pairs(&r, h, -1, h->slab, CH_GRID_BINS, false);
	}
	else
	{
		CutoffWindow wins[CH_MAXWIN + 1];
		const char *starts[CH_MAXWIN + 1];
		int			nwin = 0,
					w;

		/* read the window headers first: the slots depend on their number */
		while (cs_reader_skip(&r, ';'))
		{
			static const char *const modes[] = {"bins", "values"};

			if (nwin >= CH_MAXWIN)
				cs_reader_fail(&r, "There are too many windows.");
			cs_reader_expect(&r, "win=");
			memset(&wins[nwin], 0, sizeof(CutoffWindow));
			wins[nwin].lo = cs_reader_int(&r, 1, PG_INT64_MAX);
			cs_reader_expect(&r, ",");
			wins[nwin].hi = cs_reader_int(&r, 1, PG_INT64_MAX);
			cs_reader_expect(&r, ",");
			wins[nwin].width = cs_reader_int(&r, 0, PG_INT64_MAX);
			cs_reader_expect(&r, ",");
			wins[nwin].above = cs_reader_int(&r, 0, PG_INT64_MAX);
			cs_reader_expect(&r, ",");
			wins[nwin].mode = cs_reader_word(&r, modes, 2, "A window's mode must be bins or values.");
			cs_reader_expect(&r, ",");
			wins[nwin].nslots = (int32) cs_reader_int(&r, 1, CH_SLOTS);
			cs_reader_expect(&r, ":");
			starts[nwin] = r.p;
			while (*r.p != '\0' && *r.p != ';')
				r.p++;
			nwin++;
		}
		h->nwin = nwin;
		memcpy(h->win, wins, nwin * sizeof(CutoffWindow));
		for (w = 0; w < nwin; w++)
		{
			const char *end = r.p;

			if (h->win[w].mode == CH_MODE_BINS && h->win[w].nslots > CH_SLOTS / nwin)
				cs_reader_fail(&r, "A window has too many bins.");
			if (h->win[w].mode == CH_MODE_VALUES && h->win[w].nslots > CH_VALUES_CAP(nwin))
				cs_reader_fail(&r, "A window holds too many values.");
			r.p = starts[w];
			in_pairs(&r, h, w, win_slots(h, w), h->win[w].nslots, h->win[w].mode == CH_MODE_VALUES);
			r.p = end;
		}
	}
	cs_reader_end(&r, true);
	ch_validate(h, "text", ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(h);
}

/* binary: the header fields, then every slot, in network order */
PG_FUNCTION_INFO_V1(cs_cutoff_histogram_send);
Datum
cs_cutoff_histogram_send(PG_FUNCTION_ARGS)
{
	CutoffHist *h = DatumGetCutoffHist(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int			t,
				w;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, h->version);
	pq_sendint32(&buf, h->round);
	pq_sendint32(&buf, h->nwin);
	pq_sendint32(&buf, h->done);
	pq_sendint32(&buf, h->dscale);
	pq_sendint64(&buf, h->n);
	pq_sendint64(&buf, h->p);
	pq_sendint64(&buf, h->expect_n);
	pq_sendint64(&buf, h->expect_p);
	for (t = 0; t < CH_NTARGETS; t++)
	{
		pq_sendint64(&buf, h->rank[t]);
		pq_sendint32(&buf, h->target_win[t]);
		pq_sendint32(&buf, h->has_cut[t]);
		pq_sendint64(&buf, h->cut[t]);
	}
	for (w = 0; w < h->nwin; w++)
	{
		pq_sendint64(&buf, h->win[w].lo);
		pq_sendint64(&buf, h->win[w].hi);
		pq_sendint64(&buf, h->win[w].width);
		pq_sendint64(&buf, h->win[w].above);
		pq_sendint32(&buf, h->win[w].mode);
		pq_sendint32(&buf, h->win[w].nslots);
		pq_sendint32(&buf, h->win[w].used);
	}
	cs_send_int64s(&buf, h->slab, CH_SLOTS);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_cutoff_histogram_recv);
Datum
cs_cutoff_histogram_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	CutoffHist *h = ch_new_round1();
	int			t,
				w;

	if (buf->len - buf->cursor < 20 || pq_getmsgint(buf, 4) != CH_VERSION)
		cs_bad_state_binary(CH_TYPE);
	h->round = pq_getmsgint(buf, 4);
	h->nwin = pq_getmsgint(buf, 4);
	h->done = pq_getmsgint(buf, 4);
	h->dscale = pq_getmsgint(buf, 4);
	h->n = pq_getmsgint64(buf);
	h->p = pq_getmsgint64(buf);
	h->expect_n = pq_getmsgint64(buf);
	h->expect_p = pq_getmsgint64(buf);
	for (t = 0; t < CH_NTARGETS; t++)
	{
		h->rank[t] = pq_getmsgint64(buf);
		h->target_win[t] = pq_getmsgint(buf, 4);
		h->has_cut[t] = pq_getmsgint(buf, 4);
		h->cut[t] = pq_getmsgint64(buf);
	}
	if (h->nwin < 0 || h->nwin > CH_MAXWIN)
		cs_bad_state_binary(CH_TYPE);
	for (w = 0; w < h->nwin; w++)
	{
		h->win[w].lo = pq_getmsgint64(buf);
		h->win[w].hi = pq_getmsgint64(buf);
		h->win[w].width = pq_getmsgint64(buf);
		h->win[w].above = pq_getmsgint64(buf);
		h->win[w].mode = pq_getmsgint(buf, 4);
		h->win[w].nslots = pq_getmsgint(buf, 4);
		h->win[w].used = pq_getmsgint(buf, 4);
	}
	if (!cs_holds_entries(buf->len - buf->cursor, CH_SLOTS, sizeof(int64)))
		cs_bad_state_binary(CH_TYPE);
	cs_recv_int64s(buf, h->slab, CH_SLOTS);
	ch_validate(h, "binary value", ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(h);
}
