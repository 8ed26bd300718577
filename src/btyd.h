/*
 * btyd.h
 *	  btyd_state (src/btyd_state.c): the state of the BG/NBD and Gamma-Gamma
 *	  fit aggregates, a mergeable histogram of distinct keys with counts, and
 *	  the reading API of the fit final functions (src/bgnbd.c,
 *	  src/gamma_gamma.c).
 */
#ifndef CS_BTYD_H
#define CS_BTYD_H

#include "postgres.h"
#include "fmgr.h"

/* What a state's keys are. */
typedef enum BtydKind
{
	BTYD_KIND_BGNBD = 1,		/* (frequency, recency, age) */
	BTYD_KIND_GAMMA_GAMMA = 2	/* (frequency, monetary value, 0) */
} BtydKind;

/*
 * One distinct key and how many rows had it: 32 bytes.  k[0] is the
 * frequency (an int4, exact in a float8); a Gamma-Gamma key has k[2] = 0.
 */
typedef struct BtydEntry
{
	double		k[3];
	int64		count;
} BtydEntry;

typedef struct BtydState BtydState;

/*
 * The state to update in a transition function (argument 0, NULL or not),
 * of the given kind (an error for a state of the other kind).
 */
extern BtydState *btyd_state_for_update(FunctionCallInfo fcinfo, BtydKind kind, const char *aggname);
/* add one row's key, normalised (-0 as 0) */
extern void btyd_state_add(BtydState *s, double k0, double k1, double k2);
extern Datum btyd_state_datum(BtydState *s);

/*
 * A state argument, read only; its entries sorted ascending and merged (the
 * same entries, in the same order, whatever the split of the rows), with the
 * total count.  An error names final_name unless the kind is the one asked.
 */
extern BtydState *btyd_state_read(Datum d);
extern const BtydEntry *btyd_state_entries(BtydState *s, BtydKind kind, const char *final_name,
										   int64 *nentries, int64 *total);

#endif							/* CS_BTYD_H */
