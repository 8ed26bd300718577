/*
 * tiers.h
 *	  Window helpers shared by the tier, loyalty and RFM window functions
 *	  (src/tiers.c).
 */
#ifndef CS_TIERS_H
#define CS_TIERS_H

#include "valuekey.h"
#include "windowapi.h"

/*
 * Window helper (src/tiers.c): the percentile tier (1 = top) of the current
 * row's argument 0 among cumulative shares from the top, 0 when it is NULL.
 * Ties share the better tier.  The shares must be the same for every row;
 * they are checked (cs_check_shares, 1 to CS_MAX_SHARES) on the first.
 */
extern int	cs_window_percentile_tier(WindowObject winobj, CsKind kind, const double *shares, int nshares);

/*
 * A shares float8[] argument of a window function: nmin..nmax cumulative
 * shares (cs_check_shares); a NULL argument means the defaults, or is an
 * error when there are none; example is the hint's example.
 */
#define CS_MAX_SHARES 1000

typedef struct CsSharesArg
{
	int			nmin,
				nmax;
	const double *defaults;		/* NULL: the argument is required */
	int			ndefaults;
	const char *example;
} CsSharesArg;

/* cs_window_percentile_tier with the shares read from argument argno */
extern int	cs_window_percentile_tier_arg(WindowObject winobj, CsKind kind, int argno, const CsSharesArg *rule);

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

#endif							/* CS_TIERS_H */
