/*
 * credit_state.c
 *	  The credit_state type: the one state of the credit aggregates
 *	  (payment_profile, recovery_rate, cycle_migration, roll_rate), with its
 *	  combine function and exact text and binary forms.
 *
 * A credit_state is a varlena of int64 slots tagged with the aggregate it
 * belongs to ("payment", "recovery", "roll" for cycle_migration, "roll_rate"
 * for the textbook roll_rate), so that one exact text/binary
 * I/O and one merge aggregate serve them all, and a state can never be read
 * by the wrong final function.  Amounts are summed as int64 keys (amount *
 * 10^4, exact for money with up to 4 decimals); overflow is an error, never
 * a wrap.  Because the state is a real type, parallel query and engines that
 * ship partial states between machines (Citus, postgres_fdw rollups) can
 * split the aggregates: state on each part, text or binary across, merge,
 * final.
 *
 * A roll state keeps only the (from, to) cycle pairs that have accounts
 * (version 2).  Version 1 roll states, a dense 8 x 8 matrix of sums then
 * one of counts (128 slots), as customer_seg 0.2.0 stored and dumped them,
 * are still read, from text, binary and stored values, and converted.
 * A roll_rate state (version 1) has the same sparse cells over 8 starting
 * buckets and 10 states after the period (8 buckets, paid off, charged off).
 * A countback state (version 1) lists the periods of dso_countback, four
 * slots a period, in any order.
 *
 * The payment day sum needs 128 bits; it is kept as two slots and computed
 * with PostgreSQL's common/int128.h, which has a portable fallback where the
 * compiler has no native 128-bit integer.
 */
#include "common.h"
#include "exact.h"
#include "state_io.h"
#include "valuekey.h"
#include "credit_state.h"

#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"

const char *const cs_credit_kind_names[] = {NULL, "payment", "recovery", "roll", "roll_rate", "countback", "loss_rates"};
/* slots of an empty state (roll, roll_rate: no cells; countback: no periods) */
static const int kind_nslots[] = {0, P_NSLOTS, R_NSLOTS, 0, 0, 0, L_NSLOTS};

/* the sparse kinds: their number of possible cells, else 0 */
static inline int
sparse_ncells(int kind)
{
	return kind == KIND_ROLL ? ROLL_NCELLS : kind == KIND_ROLL_RATE ? RR_NCELLS : 0;
}

/* the version 1 roll form: sums [from][to], then counts [from][to] */
#define ROLL_V1_NSLOTS (2 * ROLL_NCELLS)

CreditState *
credit_state_alloc(CreditKind kind, int nslots, int32 dscale)
{
	CreditState *s = palloc0(CREDIT_STATE_SIZE(nslots));

	SET_VARSIZE(s, CREDIT_STATE_SIZE(nslots));
	s->version = kind == KIND_ROLL ? ROLL_STATE_VERSION : CREDIT_STATE_VERSION;
	s->kind = kind;
	s->dscale = dscale;
	s->nslots = nslots;
	return s;
}

CreditState *
credit_state_new(CreditKind kind)
{
	CreditState *s = credit_state_alloc(kind, kind_nslots[kind], 0);

	if (kind == KIND_PAYMENT)
		s->slots[P_MAX_DPD] = s->slots[P_OLDEST_OVERDUE] = -1;
	return s;
}

/*
 * A version 1 (dense) roll state's slots as a sparse state: the cells with
 * accounts.  Valid dense states (roll_dense_is_valid) have no balance where
 * there is no account, so nothing is lost.
 */
static CreditState *
roll_from_dense(const int64 *dense, int32 dscale)
{
	CreditState *s;
	int			n = 0,
				c;

	for (c = 0; c < ROLL_NCELLS; c++)
		n += dense[ROLL_NCELLS + c] != 0;
	s = credit_state_alloc(KIND_ROLL, n * ROLL_CELL_SLOTS, dscale);
	n = 0;
	for (c = 0; c < ROLL_NCELLS; c++)
	{
		if (dense[ROLL_NCELLS + c] == 0)
			continue;
		ROLL_CELL(s, n) = c;
		ROLL_SUM(s, n) = dense[c];
		ROLL_COUNT(s, n) = dense[ROLL_NCELLS + c];
		n++;
	}
	return s;
}

void
credit_sum_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("credit aggregate sum out of range"),
			 errhint("Sums are exact to 0.0001 up to 922337203685477; aggregate smaller groups.")));
	pg_unreachable();
}

/* The state to update in place inside an aggregate, else a copy. */
CreditState *
credit_state_arg(FunctionCallInfo fcinfo, int argno, CreditKind kind)
{
	CreditState *s;

	cs_check_state_arg(fcinfo, argno, "credit_state");
	s = (CreditState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (s->kind < 1 || s->kind >= NUM_KINDS)
		cs_bad_state("credit_state", psprintf("Its kind is %d.", s->kind));
	if (kind != 0 && s->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("credit_state holds a %s state, not a %s state",
						cs_credit_kind_names[s->kind], cs_credit_kind_names[kind]),
				 errhint("Read a state with the final function of the aggregate that built it.")));
	/* a dense roll state stored by 0.2.0: a new sparse copy */
	if (s->kind == KIND_ROLL && s->version == CREDIT_STATE_VERSION && s->nslots == ROLL_V1_NSLOTS)
		return roll_from_dense(s->slots, s->dscale);
	if (s->version != (s->kind == KIND_ROLL ? ROLL_STATE_VERSION : CREDIT_STATE_VERSION))
		cs_bad_state_version("credit_state", s->version, s->kind == KIND_ROLL ? ROLL_STATE_VERSION : CREDIT_STATE_VERSION);
	if (argno == 0 && !AggCheckCallContext(fcinfo, NULL))
	{
		CreditState *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	return s;
}

/* amount * 10^4, or a clear error; tracks the display scale */
int64
credit_amount_key(CreditState *s, Datum amount)
{
	return cs_sum_key(amount, "amount", &s->dscale);
}

void
credit_set_as_of(CreditState *s, int64 as_of)
{
	if (!s->slots[P_HAS_AS_OF])
	{
		s->slots[P_HAS_AS_OF] = 1;
		s->slots[P_AS_OF] = as_of;
	}
	else if (s->slots[P_AS_OF] != as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be the same for every row of %s",
						s->kind == KIND_LOSS_RATES ? "loss rates" : "a payment profile"),
				 errdetail("A row has as_of %s, an earlier row %s.",
						   cs_date_text((int32) as_of), cs_date_text((int32) s->slots[P_AS_OF])),
				 errhint("Pass one as-of date, e.g. DATE '2026-06-30', for the whole aggregate.")));
}

/*
 * A cell already in the state is updated in place.  A new one needs a
 * state one cell bigger: it is built here and returned, and nodeAgg copies
 * it into the aggregate's context and frees the old one.  At most 64 (roll)
 * or 80 (roll_rate) cells, so a group is copied at most that many times, and
 * one of a few pairs costs a few dozen bytes, not a whole matrix.
 */
CreditState *
credit_cell_add(CreditState *s, int64 cell, int64 key)
{
	int			n = ROLL_CELLS(s),
				i = 0,
				step;
	CreditState *r;

	/*
	 * i = the number of cells below cell: a binary search without branches
	 * on the data (steps 128, 64, ..., 1 reach any i in 0..128), since
	 * consecutive rows rarely hit the same cell
	 */
	for (step = 128; step > 0; step /= 2)
		i += (i + step <= n && ROLL_CELL(s, i + step - 1) < cell) ? step : 0;
	if (i < n && ROLL_CELL(s, i) == cell)
	{
		credit_add(&ROLL_SUM(s, i), key);
		credit_add(&ROLL_COUNT(s, i), 1);
		return s;
	}
	r = credit_state_alloc((CreditKind) s->kind, (n + 1) * ROLL_CELL_SLOTS, s->dscale);
	memcpy(&ROLL_CELL(r, 0), &ROLL_CELL(s, 0), i * ROLL_CELL_SLOTS * sizeof(int64));
	ROLL_CELL(r, i) = cell;
	ROLL_SUM(r, i) = key;
	ROLL_COUNT(r, i) = 1;
	memcpy(&ROLL_CELL(r, i + 1), &ROLL_CELL(s, i), (n - i) * ROLL_CELL_SLOTS * sizeof(int64));
	return r;
}

CreditState *
credit_slots_append(CreditState *s, const int64 *slots, int n)
{
	Size		room = (VARSIZE(s) - offsetof(CreditState, slots)) / sizeof(int64);
	Size		need = (Size) s->nslots + n;

	if (need > room)
	{
		Size		cap = Max(need, 2 * room);
		CreditState *r;

		if (CREDIT_STATE_SIZE(cap) > MaxAllocSize)
			cap = need;
		if (CREDIT_STATE_SIZE(cap) > MaxAllocSize || need > PG_INT32_MAX)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("credit_state of %zu slots is too large", need),
					 errhint("Aggregate smaller groups.")));
		r = palloc0(CREDIT_STATE_SIZE(cap));
		memcpy(r, s, CREDIT_STATE_SIZE(s->nslots));
		SET_VARSIZE(r, CREDIT_STATE_SIZE(cap));
		s = r;
	}
	memcpy(&s->slots[s->nslots], slots, n * sizeof(int64));
	s->nslots = (int32) need;
	return s;
}

/* ---------------------------------------------------------------------
 * The 128-bit day sum
 * --------------------------------------------------------------------- */

/* |day sum| < 2^125: the high word in [-2^61, 2^61) */
#define DAYS_HI_LIMIT (INT64CONST(1) << 61)

static inline INT128
days_get(const CreditState *s)
{
	return cs_int128_join(s->slots[P_DAYS_HI], (uint64) s->slots[P_DAYS_LO]);
}

static inline void
days_set(CreditState *s, INT128 v)
{
	uint64		lo;

	cs_int128_split(v, &s->slots[P_DAYS_HI], &lo);
	s->slots[P_DAYS_LO] = (int64) lo;
	if (s->slots[P_DAYS_HI] < -DAYS_HI_LIMIT || s->slots[P_DAYS_HI] >= DAYS_HI_LIMIT)
		credit_sum_overflow();
}

/* |key * days| < 2^63 * 2^32 and the sum below 2^125: no wrap before the check */
void
credit_add_days(CreditState *s, int64 key, int64 days)
{
	INT128		v = days_get(s);

	int128_add_int64_mul_int64(&v, key, days);
	days_set(s, v);
}

void
credit_merge_days(CreditState *s, const CreditState *o)
{
	INT128		v = days_get(s);

	/* both below 2^125, so the sum cannot wrap before days_set checks it */
	if (!cs_int128_add(&v, days_get(o)))
		credit_sum_overflow();
	days_set(s, v);
}

/* the day sum as a numeric: keys are amounts * 10^4, shown at the state's dscale */
Datum
credit_days_numeric(const CreditState *s)
{
	return cs_int128_key_to_numeric(days_get(s), s->dscale);
}

Datum
credit_key_ratio(Datum a, int64 b, int dscale, bool *isnull)
{
	*isnull = (b == 0);
	if (b == 0)
		return (Datum) 0;
	return DirectFunctionCall2(numeric_div, a, cs_key_to_numeric(b, dscale));
}

/* ---------------------------------------------------------------------
 * Combine, text and binary I/O
 * --------------------------------------------------------------------- */

/*
 * s + o for roll and roll_rate states: the union of two sorted cell lists.  When every
 * cell of o is already in s, the sums are added in s in place; otherwise
 * into a new state (of the union's size), which the caller returns (nodeAgg
 * then copies it into the aggregate's context and frees s).
 */
static CreditState *
roll_merge(CreditState *s, const CreditState *o)
{
	int			ns = ROLL_CELLS(s),
				no = ROLL_CELLS(o),
				n = 0,
				i = 0,
				j = 0;
	CreditState *d;

	/* the size of the union */
	while (i < ns || j < no)
	{
		CHECK_FOR_INTERRUPTS();
		if (j == no || (i < ns && ROLL_CELL(s, i) < ROLL_CELL(o, j)))
			i++;
		else if (i == ns || ROLL_CELL(o, j) < ROLL_CELL(s, i))
			j++;
		else
			i++, j++;
		n++;
	}

	/*
	 * With no new cell (n == ns) the output index below is always i, so
	 * writing into s itself reads each cell before it is written.
	 */
	d = n == ns ? s : credit_state_alloc((CreditKind) s->kind, n * ROLL_CELL_SLOTS, s->dscale);
	for (n = i = j = 0; i < ns || j < no; n++)
	{
		int64		cell,
					sum = 0,
					count = 0;

		CHECK_FOR_INTERRUPTS();
		if (j == no || (i < ns && ROLL_CELL(s, i) <= ROLL_CELL(o, j)))
		{
			cell = ROLL_CELL(s, i);
			sum = ROLL_SUM(s, i);
			count = ROLL_COUNT(s, i);
			i++;
		}
		else
			cell = ROLL_CELL(o, j);
		if (j < no && ROLL_CELL(o, j) == cell)
		{
			credit_add(&sum, ROLL_SUM(o, j));
			credit_add(&count, ROLL_COUNT(o, j));
			j++;
		}
		ROLL_CELL(d, n) = cell;
		ROLL_SUM(d, n) = sum;
		ROLL_COUNT(d, n) = count;
	}
	return d;
}

/* a state's boundaries as an int[] literal, for error details */
char *
credit_loss_bounds_text(const CreditState *s)
{
	StringInfoData buf;
	int			i;

	if (s->nslots == L_NSLOTS)
		return "{0,30,60,90,180}";
	initStringInfo(&buf);
	appendStringInfoChar(&buf, '{');
	for (i = 0; i < LR_NBOUNDS(s); i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, i ? "," : "", LR_BOUNDS(s)[i]);
	appendStringInfoChar(&buf, '}');
	return buf.data;
}

PG_FUNCTION_INFO_V1(cs_credit_combine);
Datum
cs_credit_combine(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, 0);
	CreditState *o = credit_state_arg(fcinfo, 1, 0);
	int			i;

	if (s->kind != o->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot merge a %s state with a %s state",
						cs_credit_kind_names[s->kind], cs_credit_kind_names[o->kind]),
				 errhint("Merge states built by the same aggregate.")));
	s->dscale = Max(s->dscale, o->dscale);
	if (sparse_ncells(s->kind))
		PG_RETURN_POINTER(roll_merge(s, o));
	if (s->kind == KIND_COUNTBACK)
		PG_RETURN_POINTER(credit_slots_append(s, o->slots, o->nslots));
	if (s->kind == KIND_LOSS_RATES)
	{
		/* a state of no rows takes the other's boundaries */
		if (!o->slots[L_HAS_AS_OF])
			PG_RETURN_POINTER(s);
		if (!s->slots[L_HAS_AS_OF] && s->nslots != o->nslots)
		{
			CreditState *r = credit_state_alloc(KIND_LOSS_RATES, o->nslots, s->dscale);

			memcpy(r->slots, o->slots, o->nslots * sizeof(int64));
			PG_RETURN_POINTER(r);
		}
		if (s->nslots != o->nslots ||
			(s->nslots != L_NSLOTS && memcmp(LR_BOUNDS(s), LR_BOUNDS(o), LR_NBOUNDS(s) * sizeof(int64)) != 0))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge loss rates of different aging boundaries"),
					 errdetail("One state has boundaries %s, the other %s.",
							   credit_loss_bounds_text(s), credit_loss_bounds_text(o)),
					 errhint("Merge states built with the same boundaries.")));
		credit_set_as_of(s, o->slots[L_AS_OF]);
		for (i = L_INVOICES; i < L_PAID + LR_NBOUNDS(s) + 1; i++)
			credit_add(&s->slots[i], o->slots[i]);
		PG_RETURN_POINTER(s);
	}
	if (s->kind == KIND_RECOVERY)
	{
		for (i = 0; i < s->nslots; i++)
			credit_add(&s->slots[i], o->slots[i]);
		PG_RETURN_POINTER(s);
	}
	if (o->slots[P_HAS_AS_OF])
		credit_set_as_of(s, o->slots[P_AS_OF]);
	for (i = P_INVOICES; i < P_NSLOTS; i++)
	{
		switch (i)
		{
			case P_MAX_DPD:
			case P_OLDEST_OVERDUE:
				s->slots[i] = Max(s->slots[i], o->slots[i]);
				break;
			case P_DAYS_HI:
				credit_merge_days(s, o);
				break;
			case P_DAYS_LO:
				break;			/* with P_DAYS_HI */
			default:
				credit_add(&s->slots[i], o->slots[i]);
		}
	}
	PG_RETURN_POINTER(s);
}

/*
 * "v1;kind;dscale;slot,slot,..." (all integers, amounts in 0.0001); roll:
 * "v2;roll;dscale;cell,sum,count,..." (no cells: "v2;roll;dscale;"), and
 * roll_rate the same as "v1;roll_rate;dscale;cell,sum,count,..."
 */
PG_FUNCTION_INFO_V1(cs_credit_state_out);
Datum
cs_credit_state_out(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, 0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;%s;%d;", s->version, cs_credit_kind_names[s->kind], s->dscale);
	for (i = 0; i < s->nslots; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, i ? "," : "", s->slots[i]);
	PG_RETURN_CSTRING(buf.data);
}

/*
 * Structural checks shared by text and binary input: what every state the
 * aggregates build satisfies.  Counts are never negative; recovery and roll
 * sums never either (their amounts must not be); invoice sums are of
 * amounts >= 0 and credit notes of amounts < 0; the as-of date is finite;
 * the day sum is below its 2^125 bound; and no sum has more decimals than
 * the display scale (it would be rounded when read, and a rounded divisor
 * can be zero).  Roll cells are strictly increasing in 0..63 (roll_rate
 * cells in 0..79), each with at least one account.  Countback periods end
 * on a finite date, last 1 day or more, and have sales >= 0 and
 * receivables >= 0 or none; their order and overlaps are the final
 * function's to judge, as the transition function accepts them too.
 */
/* the as-of date of a payment or loss_rates state: none yet, or a finite date */
static bool
as_of_is_valid(const CreditState *s)
{
	return (s->slots[P_HAS_AS_OF] == 0 || s->slots[P_HAS_AS_OF] == 1) &&
		(s->slots[P_HAS_AS_OF] == 0 ||
		 (s->slots[P_AS_OF] >= PG_INT32_MIN && s->slots[P_AS_OF] <= PG_INT32_MAX &&
		  !DATE_NOT_FINITE((DateADT) s->slots[P_AS_OF]) && IS_VALID_DATE((DateADT) s->slots[P_AS_OF])));
}

/*
 * a loss_rates state's slot count and boundaries: the default layout, or 1
 * to CS_AGING_MAX_BOUNDS boundaries, not negative, strictly increasing and
 * not the defaults (those have the default layout)
 */
static bool
loss_rates_layout_is_valid(const CreditState *s)
{
	int32		bounds[CS_AGING_MAX_BOUNDS];
	int			nb,
				i;

	if (s->nslots == L_NSLOTS)
		return true;
	if (s->nslots < LR_NSLOTS_FOR(1) || s->nslots > LR_NSLOTS_FOR(CS_AGING_MAX_BOUNDS) ||
		(s->nslots - L_PAID - 1) % 2 != 0)
		return false;
	nb = LR_NBOUNDS(s);
	for (i = 0; i < nb; i++)
	{
		if (LR_BOUNDS(s)[i] < (i > 0 ? LR_BOUNDS(s)[i - 1] + 1 : 0) || LR_BOUNDS(s)[i] > PG_INT32_MAX)
			return false;
		bounds[i] = (int32) LR_BOUNDS(s)[i];
	}
	return !cs_aging_bounds_default(bounds, nb);
}

static bool
state_is_valid(const CreditState *s)
{
	static const int payment_amounts[] = {P_WEIGHT, P_DECIDED, P_ON_TIME, P_OVERDUE, P_OPEN};
	int			i;

	if (s->dscale < 0 || s->dscale > CS_NUMERIC_DSCALE_MAX)
		return false;
	if (s->kind == KIND_PAYMENT)
	{
		uint32		unit = 1;

		for (i = s->dscale; i < CS_NUMERIC_KEY_SCALE; i++)
			unit *= 10;
		for (i = 0; i < lengthof(payment_amounts); i++)
			if (s->slots[payment_amounts[i]] < 0 || !cs_key_fits_scale(s->slots[payment_amounts[i]], s->dscale))
				return false;
		return as_of_is_valid(s) &&
			s->slots[P_INVOICES] >= 0 && s->slots[P_PAID] >= 0 &&
			s->slots[P_PAID] <= s->slots[P_INVOICES] &&
			s->slots[P_OVERDUE_COUNT] >= 0 && s->slots[P_OVERDUE_COUNT] <= s->slots[P_INVOICES] &&
			s->slots[P_MAX_DPD] >= -1 && s->slots[P_MAX_DPD] <= PG_INT32_MAX &&
			s->slots[P_OLDEST_OVERDUE] >= -1 && s->slots[P_OLDEST_OVERDUE] <= PG_INT32_MAX &&
			s->slots[P_CREDITS] <= 0 && cs_key_fits_scale(s->slots[P_CREDITS], s->dscale) &&
			s->slots[P_DAYS_HI] >= -DAYS_HI_LIMIT && s->slots[P_DAYS_HI] < DAYS_HI_LIMIT &&
			cs_int128_mod(days_get(s), unit) == 0;
	}
	if (s->kind == KIND_LOSS_RATES)
	{
		if (!loss_rates_layout_is_valid(s))
			return false;
		for (i = L_INVOICES; i < L_PAID + LR_NBOUNDS(s) + 1; i++)
			if (s->slots[i] < 0 ||
				(i != L_INVOICES && i != L_OPEN_INVOICES && !cs_key_fits_scale(s->slots[i], s->dscale)))
				return false;
		return as_of_is_valid(s);
	}
	if (s->kind == KIND_COUNTBACK)
	{
		if (s->nslots < 0 || s->nslots % CB_SLOTS != 0)
			return false;
		for (i = 0; i < s->nslots; i += CB_SLOTS)
		{
			int64		end = s->slots[i + CB_END],
						rec = s->slots[i + CB_RECEIVABLES];

			CHECK_FOR_INTERRUPTS();
			if (end < PG_INT32_MIN || end > PG_INT32_MAX ||
				DATE_NOT_FINITE((DateADT) end) || !IS_VALID_DATE((DateADT) end) ||
				s->slots[i + CB_DAYS] < 1 || s->slots[i + CB_DAYS] > PG_INT32_MAX ||
				s->slots[i + CB_SALES] < 0 || !cs_key_fits_scale(s->slots[i + CB_SALES], s->dscale) ||
				(rec != CB_NO_RECEIVABLES && (rec < 0 || !cs_key_fits_scale(rec, s->dscale))))
				return false;
		}
		return true;
	}
	if (sparse_ncells(s->kind))
	{
		if (s->nslots < 0 || s->nslots > ROLL_CELL_SLOTS * sparse_ncells(s->kind) ||
			s->nslots % ROLL_CELL_SLOTS != 0)
			return false;
		for (i = 0; i < ROLL_CELLS(s); i++)
			if (ROLL_CELL(s, i) < (i > 0 ? ROLL_CELL(s, i - 1) + 1 : 0) ||
				ROLL_CELL(s, i) >= sparse_ncells(s->kind) ||
				ROLL_SUM(s, i) < 0 || !cs_key_fits_scale(ROLL_SUM(s, i), s->dscale) ||
				ROLL_COUNT(s, i) < 1)
				return false;
		return true;
	}
	for (i = 0; i < s->nslots; i++)
		if (s->slots[i] < 0 || (i != R_COUNT && !cs_key_fits_scale(s->slots[i], s->dscale)))
			return false;
	return true;
}

/*
 * The same for a version 1 (dense) roll state: sums and counts not
 * negative, sums within the display scale, and no balance without an
 * account (so that it converts to cells without loss).
 */
static bool
roll_dense_is_valid(const int64 *dense, int32 dscale)
{
	int			c;

	if (dscale < 0 || dscale > CS_NUMERIC_DSCALE_MAX)
		return false;
	for (c = 0; c < ROLL_NCELLS; c++)
		if (dense[c] < 0 || dense[ROLL_NCELLS + c] < 0 ||
			(dense[ROLL_NCELLS + c] == 0 && dense[c] != 0) ||
			!cs_key_fits_scale(dense[c], dscale))
			return false;
	return true;
}

static const char *const credit_versions[] = {NULL, "v1", "v2"};

PG_FUNCTION_INFO_V1(cs_credit_state_in);
Datum
cs_credit_state_in(PG_FUNCTION_ARGS)
{
	CsStateReader r;
	CreditState *s;
	CreditKind	kind;
	int			version;
	int32		dscale;

	cs_reader_init(&r, "credit_state", PG_GETARG_CSTRING(0),
				   "'v1;payment', 'v1;recovery' or 'v2;roll' for an empty state");
	version = cs_reader_word(&r, credit_versions, lengthof(credit_versions),
							 "The version must be v1, or v2 for a roll state.");
	cs_reader_expect(&r, ";");
	kind = (CreditKind) cs_reader_word(&r, cs_credit_kind_names, NUM_KINDS,
									   "The kind must be payment, recovery, roll, roll_rate, countback or loss_rates.");
	if (version != CREDIT_STATE_VERSION && (kind == KIND_ROLL_RATE || kind == KIND_COUNTBACK || kind == KIND_LOSS_RATES))
		cs_reader_fail(&r, "roll_rate, countback and loss_rates states are version 1.");
	if (version != CREDIT_STATE_VERSION && kind != KIND_ROLL)
		cs_reader_fail(&r, "Payment and recovery states are version 1.");
	if (!cs_reader_skip(&r, ';'))
	{
		cs_reader_end(&r, true);
		PG_RETURN_POINTER(credit_state_new(kind));	/* "v1;kind", "v2;roll": empty */
	}
	dscale = (int32) cs_reader_int(&r, 0, CS_NUMERIC_DSCALE_MAX);
	cs_reader_expect(&r, ";");
	if (kind == KIND_ROLL && version == CREDIT_STATE_VERSION)
	{
		int64		dense[ROLL_V1_NSLOTS];

		cs_reader_ints(&r, dense, ROLL_V1_NSLOTS, PG_INT64_MIN, PG_INT64_MAX);
		cs_reader_end(&r, roll_dense_is_valid(dense, dscale));
		PG_RETURN_POINTER(roll_from_dense(dense, dscale));
	}
	if (kind == KIND_COUNTBACK)
	{
		/* any number of periods: the slots are read into a state that grows */
		s = credit_state_alloc(kind, 0, dscale);
		if (*r.p != '\0')
		{
			do
			{
				int64		v = cs_reader_int(&r, PG_INT64_MIN, PG_INT64_MAX);

				CHECK_FOR_INTERRUPTS();
				s = credit_slots_append(s, &v, 1);
			} while (cs_reader_skip(&r, ','));
		}
	}
	else if (kind == KIND_LOSS_RATES)
	{
		/* the default layout or one with boundaries: checked by count below */
		int64		slots[LR_NSLOTS_FOR(CS_AGING_MAX_BOUNDS)];
		int			n = 0;

		do
		{
			if (n == lengthof(slots))
				cs_reader_fail(&r, "A loss_rates state has at most 25 integers.");
			slots[n++] = cs_reader_int(&r, PG_INT64_MIN, PG_INT64_MAX);
		} while (cs_reader_skip(&r, ','));
		s = credit_state_alloc(kind, n, dscale);
		memcpy(s->slots, slots, n * sizeof(int64));
	}
	else if (sparse_ncells(kind))
	{
		int64		slots[RR_MAX_SLOTS];
		int			n = 0;

		/* any number of slots up to 64 (80) cells; the check counts them in 3s */
		if (*r.p != '\0')
		{
			do
			{
				if (n == ROLL_CELL_SLOTS * sparse_ncells(kind))
					cs_reader_fail(&r, kind == KIND_ROLL ? "A roll state has at most 64 cells of 3 integers." :
								   "A roll_rate state has at most 80 cells of 3 integers.");
				slots[n++] = cs_reader_int(&r, PG_INT64_MIN, PG_INT64_MAX);
			} while (cs_reader_skip(&r, ','));
		}
		s = credit_state_alloc(kind, n, dscale);
		memcpy(s->slots, slots, n * sizeof(int64));
	}
	else
	{
		s = credit_state_new(kind);
		s->dscale = dscale;
		cs_reader_ints(&r, s->slots, s->nslots, PG_INT64_MIN, PG_INT64_MAX);
	}
	cs_reader_end(&r, state_is_valid(s));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_credit_state_send);
Datum
cs_credit_state_send(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, 0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, s->version);
	pq_sendint16(&buf, s->kind);
	pq_sendint32(&buf, s->dscale);
	pq_sendint32(&buf, s->nslots);
	cs_send_int64s(&buf, s->slots, s->nslots);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * version, kind, dscale, slot count, slots: version 1 for payment,
 * recovery and roll_rate states and 0.2.0's dense roll states (128 slots),
 * version 2 for roll states (cells).
 */
PG_FUNCTION_INFO_V1(cs_credit_state_recv);
Datum
cs_credit_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version,
				kind;
	int32		dscale,
				nslots;
	CreditState *s;

	/* a short or long message is malformed input (22P03), not a protocol error */
	if (buf->len - buf->cursor < 12)
		cs_bad_state_binary("credit_state");
	version = pq_getmsgint(buf, 2);
	kind = pq_getmsgint(buf, 2);
	dscale = (int32) pq_getmsgint(buf, 4);
	nslots = (int32) pq_getmsgint(buf, 4);
	if (kind < 1 || kind >= NUM_KINDS || nslots < 0 ||
		(int64) (buf->len - buf->cursor) != (int64) nslots * (int64) sizeof(int64))
		cs_bad_state_binary("credit_state");
	if (kind == KIND_ROLL && version == CREDIT_STATE_VERSION && nslots == ROLL_V1_NSLOTS)
	{
		int64		dense[ROLL_V1_NSLOTS];

		cs_recv_int64s(buf, dense, ROLL_V1_NSLOTS);
		pq_getmsgend(buf);
		if (!roll_dense_is_valid(dense, dscale))
			cs_bad_state_binary("credit_state");
		PG_RETURN_POINTER(roll_from_dense(dense, dscale));
	}
	if (kind == KIND_ROLL ? version != ROLL_STATE_VERSION || nslots > ROLL_MAX_SLOTS :
		kind == KIND_ROLL_RATE ? version != CREDIT_STATE_VERSION || nslots > RR_MAX_SLOTS :
		kind == KIND_COUNTBACK ? version != CREDIT_STATE_VERSION :
		kind == KIND_LOSS_RATES ? version != CREDIT_STATE_VERSION || nslots > LR_NSLOTS_FOR(CS_AGING_MAX_BOUNDS) :
		version != CREDIT_STATE_VERSION || nslots != kind_nslots[kind])
		cs_bad_state_binary("credit_state");
	s = credit_state_alloc((CreditKind) kind, nslots, dscale);
	cs_recv_int64s(buf, s->slots, nslots);
	pq_getmsgend(buf);
	if (!state_is_valid(s))
		cs_bad_state_binary("credit_state");
	PG_RETURN_POINTER(s);
}
