/*
 * credit_state.h
 *	  The credit_state type shared by the credit aggregates (payment_profile,
 *	  recovery_rate, cycle_migration, roll_rate): layout, slot numbers and the
 *	  helpers their transition and final functions use.  See credit_state.c.
 */
#ifndef CS_CREDIT_STATE_H
#define CS_CREDIT_STATE_H

#include "postgres.h"
#include "fmgr.h"
#include "common/int.h"

#include "compat.h"

/*
 * payment, recovery and roll_rate states are version 1; roll states
 * (cycle_migration) version 2 (sparse)
 */
#define CREDIT_STATE_VERSION 1
#define ROLL_STATE_VERSION 2

typedef enum CreditKind
{
	KIND_PAYMENT = 1,
	KIND_RECOVERY = 2,
	KIND_ROLL = 3,				/* cycle_migration (roll_rate in 0.2.0) */
	KIND_ROLL_RATE = 4,			/* the textbook roll_rate (0.3.0) */
	KIND_COUNTBACK = 5,			/* dso_countback (0.3.0) */
	KIND_LOSS_RATES = 6			/* loss_rates, the cohort method (0.4.0) */
} CreditKind;

#define NUM_KINDS 7

/* payment slots */
enum
{
	P_HAS_AS_OF,				/* 1 once as_of is known */
	P_AS_OF,					/* as_of (PostgreSQL date: days since 2000-01-01) */
	P_INVOICES,
	P_PAID,						/* paid on or before as_of */
	P_OVERDUE_COUNT,			/* open and past due */
	P_MAX_DPD,					/* max(greatest(dpd, 0)); -1 = no invoice */
	P_OLDEST_OVERDUE,			/* max dpd of open past-due invoices; -1 = none */
	P_WEIGHT,					/* sum of invoice amounts */
	P_DAYS_HI,					/* 128-bit sum of amount * days to pay: */
	P_DAYS_LO,					/* high word signed, low word unsigned */
	P_DECIDED,					/* amounts paid, or open and past due */
	P_ON_TIME,					/* amounts paid on or before due */
	P_OVERDUE,					/* open past-due amounts */
	P_OPEN,						/* open amounts */
	P_CREDITS,					/* credit-note amounts (negative) */
	P_NSLOTS
};

/* recovery slots */
enum
{
	R_RECOVERED,
	R_START,
	R_COUNT,
	R_NSLOTS
};

/*
 * loss_rates slots (src/ecl.c): the as-of date in the payment slots'
 * places, then counts and sums of amounts, the amounts paid by the last
 * aging bucket they reached (the default buckets of aging_profile)
 */
#define LOSS_BUCKETS 6
enum
{
	L_HAS_AS_OF = P_HAS_AS_OF,
	L_AS_OF = P_AS_OF,
	L_INVOICES,					/* invoices whose outcome is known */
	L_OPEN_INVOICES,			/* open, not charged off: outcome unknown */
	L_LOST,						/* amounts never paid (charged off) */
	L_OPEN,						/* amounts of the open invoices */
	L_PAID,						/* LOSS_BUCKETS slots: amounts paid, by bucket */
	L_NSLOTS = L_PAID + LOSS_BUCKETS
};

/*
 * A loss_rates state over the caller's aging boundaries (nb of them, 1 to
 * CS_AGING_MAX_BOUNDS, not the defaults) has nb + 1 paid slots, then the nb
 * boundaries: L_PAID + 2 * nb + 1 slots, an odd number, where the default
 * layout has L_NSLOTS, an even one.
 */
#define LR_NBOUNDS(s) ((s)->nslots == L_NSLOTS ? LOSS_BUCKETS - 1 : ((s)->nslots - L_PAID - 1) / 2)
#define LR_BOUNDS(s) (&(s)->slots[L_PAID + LR_NBOUNDS(s) + 1])
#define LR_NSLOTS_FOR(nb) (L_PAID + 2 * (nb) + 1)

/*
 * roll slots: only the (from, to) cycle pairs that have accounts, sorted by
 * cell = from * 8 + to, three slots a cell: cell, balance sum, account
 * count (>= 1).  A group costs by the pairs it saw, not a whole matrix.
 */
#define NUM_CYCLES 8
#define ROLL_NCELLS (NUM_CYCLES * NUM_CYCLES)
#define ROLL_CELL_SLOTS 3
#define ROLL_MAX_SLOTS (ROLL_CELL_SLOTS * ROLL_NCELLS)
#define ROLL_CELL(s, i) ((s)->slots[ROLL_CELL_SLOTS * (i)])
#define ROLL_SUM(s, i) ((s)->slots[ROLL_CELL_SLOTS * (i) + 1])
#define ROLL_COUNT(s, i) ((s)->slots[ROLL_CELL_SLOTS * (i) + 2])
#define ROLL_CELLS(s) ((s)->nslots / ROLL_CELL_SLOTS)

/*
 * roll_rate slots: the same sparse cells, cell = from * 10 + to, where to is
 * a bucket 0..7, or one of the two states after the period that are no
 * bucket: paid off (the account left the book otherwise) or charged off.
 */
#define RR_TO_STATES (NUM_CYCLES + 2)
#define RR_PAID_OFF NUM_CYCLES
#define RR_CHARGED_OFF (NUM_CYCLES + 1)
#define RR_NCELLS (NUM_CYCLES * RR_TO_STATES)
#define RR_MAX_SLOTS (ROLL_CELL_SLOTS * RR_NCELLS)

/*
 * countback slots: four a period, in the order the rows came (the final
 * function sorts them): the period's last day (a PostgreSQL date), its
 * days, its credit sales and the receivables at its end (amounts as keys;
 * CB_NO_RECEIVABLES when not given).  The state grows by doubling: its
 * varlena may be longer than its nslots use.
 */
#define CB_SLOTS 4
#define CB_END 0
#define CB_DAYS 1
#define CB_SALES 2
#define CB_RECEIVABLES 3
#define CB_NO_RECEIVABLES INT64CONST(-1)
#define CB_PERIODS(s) ((s)->nslots / CB_SLOTS)

typedef struct CreditState
{
	int32		vl_len_;
	int16		version;
	int16		kind;
	int32		dscale;			/* largest display scale of the amounts */
	int32		nslots;
	int64		slots[FLEXIBLE_ARRAY_MEMBER];
} CreditState;

#define CREDIT_STATE_SIZE(n) (offsetof(CreditState, slots) + (n) * sizeof(int64))

/* columns of the payment_profile composite (payment_profile_final) */
#define PAYMENT_PROFILE_NATTS 10

extern const char *const cs_credit_kind_names[];

extern CreditState *credit_state_new(CreditKind kind);
/* a zeroed state of nslots slots (roll: ncells * ROLL_CELL_SLOTS) */
extern CreditState *credit_state_alloc(CreditKind kind, int nslots, int32 dscale);
extern CreditState *credit_state_arg(FunctionCallInfo fcinfo, int argno, CreditKind kind);
pg_noreturn extern void credit_sum_overflow(void);
extern int64 credit_amount_key(CreditState *s, Datum amount);
extern void credit_set_as_of(CreditState *s, int64 as_of);

/*
 * A sparse (roll or roll_rate) state with one more account of balance key in
 * cell: s itself, updated in place, or a new state one cell bigger.
 */
extern CreditState *credit_cell_add(CreditState *s, int64 cell, int64 key);

/*
 * s with n more slots appended: s itself when its varlena has room, else a
 * new state of twice the room (amortized O(1) a slot).
 */
extern CreditState *credit_slots_append(CreditState *s, const int64 *slots, int n);

/* *slot += v, or an error where int64 would wrap */
static inline void
credit_add(int64 *slot, int64 v)
{
	if (unlikely(pg_add_s64_overflow(*slot, v, slot)))
		credit_sum_overflow();
}

/*
 * The day sum (P_DAYS_HI, P_DAYS_LO) is a 128-bit integer whose magnitude
 * stays below 2^125, so that one more product of an amount key and a day
 * count, or a merge of two sums, cannot wrap before it is checked.
 */
extern void credit_add_days(CreditState *s, int64 key, int64 days);
extern void credit_merge_days(CreditState *s, const CreditState *o);
extern Datum credit_days_numeric(const CreditState *s);

/* a loss_rates state's boundaries as an int[] literal, for error details */
extern char *credit_loss_bounds_text(const CreditState *s);

/* a / b of sums of keys (amounts * 10^4) at dscale; NULL when b is 0 */
extern Datum credit_key_ratio(Datum a, int64 b, int dscale, bool *isnull);

#endif							/* CS_CREDIT_STATE_H */
