/*
 * value_summary.h
 *	  The value_summary type's reading API (src/value_summary.c), for the
 *	  tier and concentration final functions.
 */
#ifndef CS_VALUE_SUMMARY_H
#define CS_VALUE_SUMMARY_H

#include "valuekey.h"

/*
 * value_summary (src/value_summary.c): an exact, mergeable multiset of
 * ranked values, the state of every tier and concentration aggregate.
 * Iterate it in descending value order with CsSummaryIter.
 */
typedef struct CsSummary CsSummary;

/*
 * What a summary's two parameters are (see value_summary.c): the option
 * arguments of a 0.2.0 aggregate, or value_cutoffs(net, shares)'s two
 * cumulative shares.
 */
typedef enum CsSummaryParams
{
	CS_PARAMS_ARGS = 0,
	CS_PARAMS_SHARES = 1
} CsSummaryParams;

/* value_tier's and value_cutoffs' default shares: VIP, VIP or important */
#define CS_DEFAULT_VIP_SHARE 0.05
#define CS_DEFAULT_VALUABLE_SHARE 0.20

/* value_curve's points: the default (one per percent) and the range */
#define CS_DEFAULT_CURVE_POINTS 100
#define CS_MIN_CURVE_POINTS 2
#define CS_MAX_CURVE_POINTS 100000

/* points checked: 22023 outside the range; returns points */
extern int32 cs_check_curve_points(int64 points);

/* top_share's fraction has no default: the hint of a NULL one (a format) */
#define CS_FRACTION_NULL_HINT "fraction has no default: pass the top fraction of the rows, e.g. 0.2 for the top 20%%."

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
extern bool cs_summary_shares(CsSummary *s, double *shares);
extern char *cs_summary_params_text(CsSummary *s);
extern void cs_summary_iter_init(CsSummary *s, CsSummaryIter *it);
extern bool cs_summary_iter_next(CsSummaryIter *it, int64 *key, int64 *count);
extern void cs_summary_desc_stats(CsSummary *s, const int64 *pos, int npos, int64 *out);

#endif							/* CS_VALUE_SUMMARY_H */
