/*
 * purchase_summary.h
 *	  A customer's purchase days and the summary row built from them
 *	  (src/purchase_summary.c), shared with trade_summary (src/trade_summary.c),
 *	  whose state keeps the same entries.
 */
#ifndef CS_PURCHASE_SUMMARY_H
#define CS_PURCHASE_SUMMARY_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"
#include "access/tupdesc.h"

/* one purchase day: its amounts summed as keys of 0.0001 */
typedef struct PurchaseDay
{
	int32		day;			/* a PostgreSQL date */
	int16		dscale;			/* largest display scale of its amounts */
	int16		unused;
	int64		key;			/* sum of its amounts * 10^4 */
} PurchaseDay;

/* entry d += o (same day); ERROR when the day's sum leaves int64 */
extern void cs_purchase_day_add(PurchaseDay *d, const PurchaseDay *o);

/* sort n entries and merge those of one day: the number of days left */
extern int32 cs_purchase_days_compact(PurchaseDay *days, int32 n);

/*
 * The purchase_summary_row of ndays (>= 1) sorted, merged days as of as_of,
 * recency and age in units of unit_days.
 */
extern Datum cs_purchase_row(TupleDesc tupdesc, const PurchaseDay *days, int32 ndays, int32 as_of, int32 unit);

#endif							/* CS_PURCHASE_SUMMARY_H */
