/*
 * credit.c
 *	  Credit grades from payment behaviour and the collection classes and
 *	  KPIs built on them (domain.md sections 5 and 7): the payment_profile,
 *	  recovery_rate and roll_rate aggregates, credit_grade, collection_terms,
 *	  overdue_class, risk_group, dso and cei.
 *
 * The three aggregates share one state type, credit_state: a varlena of
 * int64 slots tagged with the aggregate it belongs to ("payment",
 * "recovery", "roll"), so that one exact text/binary I/O and one merge
 * aggregate serve them all, and a state can never be read by the wrong
 * final function.  Amounts are summed as int64 keys (amount * 10^4, exact
 * for money with up to 4 decimals); overflow is an error, never a wrap.
 * Like aging_state it splits under parallel query and Citus
 * (../shared/scaleout.md).
 *
 * payment_profile rules, as of a date:
 *	- invoices dated after as_of are not yet issued and are ignored;
 *	- an invoice paid after as_of is open as of as_of (as in days_past_due);
 *	- rows with a negative amount are credit notes: they are summed into
 *	  credit_notes and take no part in the invoice measures;
 *	- days to pay run from invoice date to payment, or to as_of while open,
 *	  so a customer who never pays looks worse the longer it lasts.
 */
#include "customer_seg.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/typcache.h"

#define CREDIT_STATE_VERSION 1

typedef enum CreditKind
{
	KIND_PAYMENT = 1,
	KIND_RECOVERY = 2,
	KIND_ROLL = 3
} CreditKind;

static const char *const kind_names[] = {NULL, "payment", "recovery", "roll"};
#define NUM_KINDS 4

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
	P_DAYS_HI,					/* int128 sum of amount * days to pay */
	P_DAYS_LO,
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

/* roll slots: balances, then account counts, each [from][to] */
#define NUM_CYCLES 8
#define ROLL_NSLOTS (2 * NUM_CYCLES * NUM_CYCLES)
#define ROLL_SUM(f, t) ((f) * NUM_CYCLES + (t))
#define ROLL_COUNT(f, t) (NUM_CYCLES * NUM_CYCLES + (f) * NUM_CYCLES + (t))

static const int kind_nslots[] = {0, P_NSLOTS, R_NSLOTS, ROLL_NSLOTS};

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

static CreditState *
credit_state_new(CreditKind kind)
{
	int			n = kind_nslots[kind];
	CreditState *s = palloc0(CREDIT_STATE_SIZE(n));

	SET_VARSIZE(s, CREDIT_STATE_SIZE(n));
	s->version = CREDIT_STATE_VERSION;
	s->kind = kind;
	s->nslots = n;
	if (kind == KIND_PAYMENT)
		s->slots[P_MAX_DPD] = s->slots[P_OLDEST_OVERDUE] = -1;
	return s;
}

static void
sum_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("credit aggregate sum out of range"),
			 errhint("Sums are exact to 0.0001 up to 922337203685477; aggregate smaller groups.")));
}

static inline void
add_to(int64 *slot, int64 v)
{
	if (unlikely(pg_add_s64_overflow(*slot, v, slot)))
		sum_overflow();
}

/* The state to update in place inside an aggregate, else a copy. */
static CreditState *
credit_state_arg(FunctionCallInfo fcinfo, int argno, CreditKind kind)
{
	CreditState *s;

	cs_check_state_arg(fcinfo, argno, "credit_state");
	s = (CreditState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));

	if (s->version != CREDIT_STATE_VERSION)
		elog(ERROR, "invalid credit_state version %d", s->version);
	if (kind != 0 && s->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("credit_state holds a %s state, not a %s state", kind_names[s->kind], kind_names[kind]),
				 errhint("Read a state with the final function of the aggregate that built it.")));
	if (argno == 0 && !AggCheckCallContext(fcinfo, NULL))
	{
		CreditState *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	return s;
}

/* amount * 10^4, or a clear error; tracks the display scale */
static inline int64
amount_key(CreditState *s, Datum amount)
{
	int64		key;
	int			dscale;

	if (!cs_numeric_key_try(amount, &key, &dscale))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("amount cannot be summed exactly"),
				 errdetail("Amounts may have at most 4 decimal places and an absolute value below 922337203685477."),
				 errhint("Round the amounts first, e.g. round(amount, 2).")));
	if (dscale > s->dscale)
		s->dscale = dscale;
	return key;
}

static inline int128
get_days(const CreditState *s)
{
	return (int128) (((uint128) (uint64) s->slots[P_DAYS_HI] << 64) | (uint64) s->slots[P_DAYS_LO]);
}

static inline void
set_days(CreditState *s, int128 v)
{
	s->slots[P_DAYS_HI] = (int64) (v >> 64);
	s->slots[P_DAYS_LO] = (int64) (uint64) v;
}

/* the day sum plus v, or an error where int128 would wrap */
static void
add_days(CreditState *s, int128 v)
{
	int128		days = get_days(s);
	int128		max = (int128) (~(uint128) 0 >> 1);

	if ((v > 0 && days > max - v) || (v < 0 && days < -max - 1 - v))
		sum_overflow();
	set_days(s, days + v);
}

static void
set_as_of(CreditState *s, int64 as_of)
{
	if (!s->slots[P_HAS_AS_OF])
	{
		s->slots[P_HAS_AS_OF] = 1;
		s->slots[P_AS_OF] = as_of;
	}
	else if (s->slots[P_AS_OF] != as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be the same for every row of a payment profile"),
				 errhint("Pass one as-of date, e.g. DATE '2026-06-30', for the whole aggregate.")));
}

/* ---------------------------------------------------------------------
 * payment_profile(invoice_date, due_date, paid_date, amount, as_of)
 * --------------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(cs_payment_add);
Datum
cs_payment_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_PAYMENT);
	DateADT		invoiced,
				due,
				as_of,
				end;
	int64		key;
	int32		dpd;
	bool		paid;

	if (PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("Pass the date the profile is taken on, e.g. DATE '2026-06-30'.")));
	as_of = PG_GETARG_DATEADT(5);
	cs_check_finite_date(as_of, "as_of");
	set_as_of(s, as_of);
	/* a row without an invoice date, due date or amount is no invoice */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4))
		PG_RETURN_POINTER(s);
	invoiced = PG_GETARG_DATEADT(1);
	due = PG_GETARG_DATEADT(2);
	cs_check_finite_date(invoiced, "invoice_date");
	cs_check_finite_date(due, "due_date");
	if (invoiced > as_of)
		PG_RETURN_POINTER(s);	/* not yet issued as of as_of */

	key = amount_key(s, PG_GETARG_DATUM(4));
	if (key < 0)
	{
		add_to(&s->slots[P_CREDITS], key);
		PG_RETURN_POINTER(s);
	}

	paid = false;
	end = as_of;
	if (!PG_ARGISNULL(3))
	{
		DateADT		p = PG_GETARG_DATEADT(3);

		cs_check_finite_date(p, "paid_date");
		if (p <= as_of)
		{
			paid = true;
			end = p;
		}
	}
	dpd = end - due;			/* finite dates: no overflow */

	add_to(&s->slots[P_INVOICES], 1);
	if (Max(dpd, 0) > s->slots[P_MAX_DPD])
		s->slots[P_MAX_DPD] = Max(dpd, 0);
	if (key != 0)
	{
		add_to(&s->slots[P_WEIGHT], key);
		add_days(s, (int128) key * (end - invoiced));
	}
	if (paid)
	{
		add_to(&s->slots[P_PAID], 1);
		add_to(&s->slots[P_DECIDED], key);
		if (end <= due)
			add_to(&s->slots[P_ON_TIME], key);
	}
	else
	{
		add_to(&s->slots[P_OPEN], key);
		if (dpd > 0)
		{
			add_to(&s->slots[P_OVERDUE_COUNT], 1);
			add_to(&s->slots[P_OVERDUE], key);
			add_to(&s->slots[P_DECIDED], key);
			if (dpd > s->slots[P_OLDEST_OVERDUE])
				s->slots[P_OLDEST_OVERDUE] = dpd;
		}
	}
	PG_RETURN_POINTER(s);
}

/* the numeric of an int128 sum of keys (units of 0.0001), at dscale */
static Datum
int128_key_numeric(int128 v, int dscale)
{
	char		buf[48];
	char	   *p = buf + sizeof(buf) - 1;
	bool		neg = v < 0;
	uint128		u = neg ? -(uint128) v : (uint128) v;
	int			digits = 0;

	if (v >= PG_INT64_MIN && v <= PG_INT64_MAX)
		return cs_key_to_numeric((int64) v, dscale);
	*p = '\0';
	do
	{
		*--p = '0' + (int) (u % 10);
		u /= 10;
		if (++digits == CS_NUMERIC_KEY_SCALE)
			*--p = '.';
	} while (u != 0);
	if (neg)
		*--p = '-';
	return DirectFunctionCall2(numeric_round,
							   DirectFunctionCall3(numeric_in, CStringGetDatum(p),
												   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)),
							   Int32GetDatum(dscale));
}

/*
 * a / b of sums of keys, as the same division of the amounts in SQL gives
 * it (same operands, so the same result scale); NULL when b is 0.
 */
static Datum
key_ratio(Datum a, int64 b, int dscale, bool *isnull)
{
	*isnull = (b == 0);
	if (b == 0)
		return (Datum) 0;
	return DirectFunctionCall2(numeric_div, a, cs_key_to_numeric(b, dscale));
}

#define PROFILE_NATTS 10

PG_FUNCTION_INFO_V1(cs_payment_final);
Datum
cs_payment_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_PAYMENT);
	TupleDesc	tupdesc;
	Datum		values[PROFILE_NATTS];
	bool		nulls[PROFILE_NATTS] = {0};

	tupdesc = cs_result_tupdesc(fcinfo);

	values[0] = Int64GetDatum(s->slots[P_INVOICES]);
	values[1] = Int64GetDatum(s->slots[P_PAID]);
	values[2] = key_ratio(int128_key_numeric(get_days(s), s->dscale), s->slots[P_WEIGHT], s->dscale, &nulls[2]);
	values[3] = key_ratio(cs_key_to_numeric(s->slots[P_ON_TIME], s->dscale), s->slots[P_DECIDED], s->dscale, &nulls[3]);
	values[4] = Int32GetDatum((int32) s->slots[P_MAX_DPD]);
	nulls[4] = s->slots[P_MAX_DPD] < 0;
	values[5] = Int64GetDatum(s->slots[P_OVERDUE_COUNT]);
	values[6] = cs_key_to_numeric(s->slots[P_OVERDUE], s->dscale);
	values[7] = Int32GetDatum((int32) s->slots[P_OLDEST_OVERDUE]);
	nulls[7] = s->slots[P_OLDEST_OVERDUE] < 0;
	values[8] = cs_key_to_numeric(s->slots[P_OPEN], s->dscale);
	values[9] = cs_key_to_numeric(s->slots[P_CREDITS], s->dscale);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* ---------------------------------------------------------------------
 * recovery_rate(recovered, overdue_at_start)
 * --------------------------------------------------------------------- */

static int64
nonnegative_key(CreditState *s, Datum amount, const char *what)
{
	int64		key = amount_key(s, amount);

	if (key < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Pass balances and recoveries as amounts >= 0.")));
	return key;
}

PG_FUNCTION_INFO_V1(cs_recovery_add);
Datum
cs_recovery_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_RECOVERY);

	add_to(&s->slots[R_RECOVERED], nonnegative_key(s, PG_GETARG_DATUM(1), "recovered"));
	add_to(&s->slots[R_START], nonnegative_key(s, PG_GETARG_DATUM(2), "overdue_at_start"));
	add_to(&s->slots[R_COUNT], 1);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_recovery_final);
Datum
cs_recovery_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_RECOVERY);
	bool		isnull;
	Datum		r = key_ratio(cs_key_to_numeric(s->slots[R_RECOVERED], s->dscale), s->slots[R_START], s->dscale, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(r);
}

/* ---------------------------------------------------------------------
 * roll_rate(from_cycle, to_cycle, balance)
 * --------------------------------------------------------------------- */

static int
check_cycle(int32 c, const char *what)
{
	if (c < 0 || c >= NUM_CYCLES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %d is not a delinquency cycle 0..7", what, c),
				 errhint("Compute cycles with delinquency_cycle(days_past_due).")));
	return c;
}

PG_FUNCTION_INFO_V1(cs_roll_add);
Datum
cs_roll_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL);
	int			f = check_cycle(PG_GETARG_INT32(1), "from_cycle");
	int			t = check_cycle(PG_GETARG_INT32(2), "to_cycle");

	add_to(&s->slots[ROLL_SUM(f, t)], nonnegative_key(s, PG_GETARG_DATUM(3), "balance"));
	add_to(&s->slots[ROLL_COUNT(f, t)], 1);
	PG_RETURN_POINTER(s);
}

/* roll_rate[]: one row per starting cycle that has accounts */
PG_FUNCTION_INFO_V1(cs_roll_final);
Datum
cs_roll_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_ROLL);
	Oid			elemtype;
	TupleDesc	tupdesc;
	Datum		rows[NUM_CYCLES];
	int			nrows = 0,
				f;
	int16		typlen;
	bool		typbyval;
	char		typalign;

	/* the result type is roll_rate[]; its element type names the composite */
	if (get_call_result_type(fcinfo, &elemtype, NULL) != TYPEFUNC_SCALAR)
		elog(ERROR, "roll_rate must return an array");
	elemtype = get_element_type(elemtype);
	tupdesc = BlessTupleDesc(lookup_rowtype_tupdesc_copy(elemtype, -1));

	for (f = 0; f < NUM_CYCLES; f++)
	{
		int64		accounts = 0,
					total = 0,
					fwd = 0,
					stay = 0,
					cure = 0;
		int			t;
		Datum		values[6];
		bool		nulls[6] = {0};

		for (t = 0; t < NUM_CYCLES; t++)
		{
			int64		b = s->slots[ROLL_SUM(f, t)];

			add_to(&accounts, s->slots[ROLL_COUNT(f, t)]);
			add_to(&total, b);
			add_to(t > f ? &fwd : t == f ? &stay : &cure, b);
		}
		if (accounts == 0)
			continue;
		values[0] = Int32GetDatum(f);
		values[1] = Int64GetDatum(accounts);
		values[2] = cs_key_to_numeric(total, s->dscale);
		values[3] = key_ratio(cs_key_to_numeric(fwd, s->dscale), total, s->dscale, &nulls[3]);
		values[4] = key_ratio(cs_key_to_numeric(stay, s->dscale), total, s->dscale, &nulls[4]);
		values[5] = key_ratio(cs_key_to_numeric(cure, s->dscale), total, s->dscale, &nulls[5]);
		rows[nrows++] = HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
	}
	get_typlenbyvalalign(elemtype, &typlen, &typbyval, &typalign);
	PG_RETURN_ARRAYTYPE_P(construct_array(rows, nrows, elemtype, typlen, typbyval, typalign));
}

/* ---------------------------------------------------------------------
 * Combine, text and binary I/O of credit_state
 * --------------------------------------------------------------------- */

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
				 errmsg("cannot merge a %s state with a %s state", kind_names[s->kind], kind_names[o->kind]),
				 errhint("Merge states built by the same aggregate.")));
	s->dscale = Max(s->dscale, o->dscale);
	if (s->kind != KIND_PAYMENT)
	{
		for (i = 0; i < s->nslots; i++)
			add_to(&s->slots[i], o->slots[i]);
		PG_RETURN_POINTER(s);
	}
	if (o->slots[P_HAS_AS_OF])
		set_as_of(s, o->slots[P_AS_OF]);
	for (i = P_INVOICES; i < P_NSLOTS; i++)
	{
		switch (i)
		{
			case P_MAX_DPD:
			case P_OLDEST_OVERDUE:
				s->slots[i] = Max(s->slots[i], o->slots[i]);
				break;
			case P_DAYS_HI:
				add_days(s, get_days(o));
				break;
			case P_DAYS_LO:
				break;			/* with P_DAYS_HI */
			default:
				add_to(&s->slots[i], o->slots[i]);
		}
	}
	PG_RETURN_POINTER(s);
}

/* "v1;kind;dscale;slot,slot,..." (all integers, amounts in 0.0001) */
PG_FUNCTION_INFO_V1(cs_credit_state_out);
Datum
cs_credit_state_out(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, 0);
	StringInfoData buf;
	int			i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;%s;%d;", s->version, kind_names[s->kind], s->dscale);
	for (i = 0; i < s->nslots; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT, i ? "," : "", s->slots[i]);
	PG_RETURN_CSTRING(buf.data);
}

static void
bad_state(const char *str)
{
	cs_bad_state_text("credit_state", str, NULL,
					  "'v1;payment', 'v1;recovery' or 'v1;roll' for an empty state");
}

static CreditKind
kind_of(const char *name, size_t len)
{
	int			k;

	for (k = 1; k < NUM_KINDS; k++)
		if (strlen(kind_names[k]) == len && strncmp(kind_names[k], name, len) == 0)
			return (CreditKind) k;
	return 0;
}

/*
 * Structural checks shared by text and binary input: what every state the
 * aggregates build satisfies.  Counts are never negative; recovery and roll
 * sums never either (their amounts must not be); invoice sums are of
 * amounts >= 0 and credit notes of amounts < 0; the as-of date is finite;
 * and no sum has more decimals than the display scale (it would be rounded
 * when read, and a rounded divisor can be zero).
 */
static bool
state_is_valid(const CreditState *s)
{
	static const int payment_amounts[] = {P_WEIGHT, P_DECIDED, P_ON_TIME, P_OVERDUE, P_OPEN};
	int			i;

	if (s->dscale < 0 || s->dscale > NUMERIC_MAX_DISPLAY_SCALE)
		return false;
	if (s->kind == KIND_PAYMENT)
	{
		int128		days = get_days(s);
		int128		unit = 1;

		for (i = s->dscale; i < CS_NUMERIC_KEY_SCALE; i++)
			unit *= 10;
		for (i = 0; i < lengthof(payment_amounts); i++)
			if (s->slots[payment_amounts[i]] < 0 || !cs_key_fits_scale(s->slots[payment_amounts[i]], s->dscale))
				return false;
		return (s->slots[P_HAS_AS_OF] == 0 || s->slots[P_HAS_AS_OF] == 1) &&
			(s->slots[P_HAS_AS_OF] == 0 ||
			 (s->slots[P_AS_OF] >= PG_INT32_MIN && s->slots[P_AS_OF] <= PG_INT32_MAX &&
			  !DATE_NOT_FINITE((DateADT) s->slots[P_AS_OF]) && IS_VALID_DATE((DateADT) s->slots[P_AS_OF]))) &&
			s->slots[P_INVOICES] >= 0 && s->slots[P_PAID] >= 0 &&
			s->slots[P_PAID] <= s->slots[P_INVOICES] &&
			s->slots[P_OVERDUE_COUNT] >= 0 && s->slots[P_OVERDUE_COUNT] <= s->slots[P_INVOICES] &&
			s->slots[P_MAX_DPD] >= -1 && s->slots[P_MAX_DPD] <= PG_INT32_MAX &&
			s->slots[P_OLDEST_OVERDUE] >= -1 && s->slots[P_OLDEST_OVERDUE] <= PG_INT32_MAX &&
			s->slots[P_CREDITS] <= 0 && cs_key_fits_scale(s->slots[P_CREDITS], s->dscale) &&
			days % unit == 0;
	}
	for (i = 0; i < s->nslots; i++)
	{
		bool		is_sum = s->kind == KIND_RECOVERY ? i != R_COUNT : i < NUM_CYCLES * NUM_CYCLES;

		if (s->slots[i] < 0 || (is_sum && !cs_key_fits_scale(s->slots[i], s->dscale)))
			return false;
	}
	return true;
}

PG_FUNCTION_INFO_V1(cs_credit_state_in);
Datum
cs_credit_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	const char *p = str;
	const char *semi;
	CreditKind	kind;
	CreditState *s;
	int64		v;
	int			i;

	if (strncmp(p, "v1;", 3) != 0)
		bad_state(str);
	p += 3;
	semi = strchr(p, ';');
	kind = kind_of(p, semi ? (size_t) (semi - p) : strlen(p));
	if (kind == 0)
		bad_state(str);
	s = credit_state_new(kind);
	if (semi == NULL)
		PG_RETURN_POINTER(s);	/* "v1;kind": empty */
	p = semi + 1;
	if (!cs_parse_int64(&p, &v) || *p++ != ';' || v < 0 || v > NUMERIC_MAX_DISPLAY_SCALE)
		bad_state(str);
	s->dscale = (int32) v;
	for (i = 0; i < s->nslots; i++)
	{
		if ((i > 0 && *p++ != ',') || !cs_parse_int64(&p, &s->slots[i]))
			bad_state(str);
	}
	if (*p != '\0' || !state_is_valid(s))
		bad_state(str);
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_credit_state_send);
Datum
cs_credit_state_send(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, 0);
	StringInfoData buf;
	int			i;

	pq_begintypsend(&buf);
	pq_sendint16(&buf, s->version);
	pq_sendint16(&buf, s->kind);
	pq_sendint32(&buf, s->dscale);
	pq_sendint32(&buf, s->nslots);
	for (i = 0; i < s->nslots; i++)
		pq_sendint64(&buf, s->slots[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_credit_state_recv);
Datum
cs_credit_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgint(buf, 2);
	int			kind = pq_getmsgint(buf, 2);
	int			dscale = pq_getmsgint(buf, 4);
	int			nslots = pq_getmsgint(buf, 4);
	CreditState *s;
	int			i;

	if (version != CREDIT_STATE_VERSION || kind < 1 || kind >= NUM_KINDS || nslots != kind_nslots[kind])
		cs_bad_state_binary("credit_state");
	s = credit_state_new((CreditKind) kind);
	s->dscale = dscale;
	for (i = 0; i < nslots; i++)
		s->slots[i] = pq_getmsgint64(buf);
	pq_getmsgend(buf);
	if (!state_is_valid(s))
		cs_bad_state_binary("credit_state");
	PG_RETURN_POINTER(s);
}

/* ---------------------------------------------------------------------
 * Credit grades and collection terms
 * --------------------------------------------------------------------- */

#define NUM_GRADES 4
#define GRADE_D 3
static const char *const grade_labels[NUM_GRADES] = {"A", "B", "C", "D"};
static const char *const terms[NUM_GRADES] =
{"standard_contract", "part_prepayment_preferred", "part_prepayment_required", "cash_on_delivery"};
static const int32 default_limits[NUM_GRADES - 1] = {60, 150, 240};

/* payment_profile fields read here (0-based) */
#define ATT_INVOICES 0
#define ATT_AVG_DAYS 2
#define ATT_MAX_DPD 4
#define ATT_OVERDUE_COUNT 5
#define ATT_OVERDUE_AMOUNT 6
#define ATT_OLDEST_OVERDUE 7

/*
 * Grade limits of one call site: the last limits array seen (its bytes;
 * NULL for the built-in defaults) and the limits as numerics.
 */
typedef struct GradeLimits
{
	bool		ready;
	CsArrayCopy arr;
	int32		days[NUM_GRADES - 1];
	Datum		num[NUM_GRADES - 1];
	TupleDesc	profile_desc;	/* of a payment_profile argument */
} GradeLimits;

/* A payment_profile argument, deformed. */
typedef struct Profile
{
	Datum		v[PROFILE_NATTS];
	bool		null[PROFILE_NATTS];
} Profile;

static void
read_profile(FunctionCallInfo fcinfo, GradeLimits *c, Profile *p)
{
	cs_composite_deform(PG_GETARG_HEAPTUPLEHEADER(0), &c->profile_desc, fcinfo->flinfo->fn_mcxt, p->v, p->null);
}

static void
bad_limits(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("credit grade limits must be 3 strictly increasing non-negative days"),
			 errdetail("%s", detail),
			 errhint("Pass the days within which grades A, B and C pay, e.g. '{60,150,240}'.")));
}

static void
limits_set(FunctionCallInfo fcinfo, GradeLimits *c, const int32 *days)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	int			i;

	for (i = 0; i < NUM_GRADES - 1; i++)
	{
		if (c->ready)
			pfree(DatumGetPointer(c->num[i]));	/* limits that change per row must not pile up */
		c->days[i] = days[i];
		c->num[i] = NumericGetDatum(int64_to_numeric(days[i]));
	}
	c->ready = true;
	MemoryContextSwitchTo(old);
}

/* the limits array argument argno, checked and cached in c */
static GradeLimits *
grade_limits(FunctionCallInfo fcinfo, int argno, GradeLimits *c)
{
	ArrayType  *arr;
	int32		days[NUM_GRADES - 1];
	int			i;

	if (PG_ARGISNULL(argno))
		bad_limits("The limits are NULL.");
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (cs_array_same(&c->arr, arr))
		return c;
	if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != INT4OID ||
		ARR_DIMS(arr)[0] != NUM_GRADES - 1)
		bad_limits("The limits must be a one-dimensional int[] of 3 elements without NULLs.");
	memcpy(days, ARR_DATA_PTR(arr), sizeof(days));
	for (i = 0; i < NUM_GRADES - 1; i++)
		if (days[i] < 0 || (i > 0 && days[i] <= days[i - 1]))
			bad_limits("The limits are negative or not increasing.");
	limits_set(fcinfo, c, days);
	cs_array_remember(fcinfo, &c->arr, arr);
	return c;
}

static GradeLimits *
grade_limits_default(FunctionCallInfo fcinfo, GradeLimits *c)
{
	if (!c->ready)
		limits_set(fcinfo, c, default_limits);
	return c;
}

/* 0..3 for A..D */
static int
grade_of_days(Datum avg_days, const GradeLimits *c)
{
	int			g = 0;

	if (numeric_is_nan(DatumGetNumeric(avg_days)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_days_to_pay must not be NaN"),
				 errhint("Pass NULL for a customer without payment history.")));

	while (g < NUM_GRADES - 1 &&
		   DatumGetInt32(DirectFunctionCall2(numeric_cmp, avg_days, c->num[g])) > 0)
		g++;
	return g;
}

/*
 * The grade of a payment profile: by average days to pay, and D
 * ("unreliable") whenever an invoice was ever more than the last limit days
 * past due; -1 (NULL) without invoices or without a weighted average.
 */
static int
profile_grade(const Profile *p, const GradeLimits *c)
{
	if (p->null[ATT_INVOICES] || DatumGetInt64(p->v[ATT_INVOICES]) == 0)
		return -1;
	if (!p->null[ATT_MAX_DPD] && DatumGetInt32(p->v[ATT_MAX_DPD]) > c->days[NUM_GRADES - 2])
		return GRADE_D;
	return p->null[ATT_AVG_DAYS] ? -1 : grade_of_days(p->v[ATT_AVG_DAYS], c);
}

/* credit_grade(avg_days_to_pay numeric, limits int[]) */
PG_FUNCTION_INFO_V1(cs_credit_grade);
Datum
cs_credit_grade(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, grade_labels, NUM_GRADES, sizeof(GradeLimits));
	GradeLimits *c = grade_limits(fcinfo, 1, cs_enum_extra(oids, NUM_GRADES));
	Numeric		avg;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	avg = PG_GETARG_NUMERIC(0);
	PG_RETURN_OID(oids[grade_of_days(NumericGetDatum(avg), c)]);
}

/* credit_grade(profile payment_profile, limits int[]) */
PG_FUNCTION_INFO_V1(cs_credit_grade_profile);
Datum
cs_credit_grade_profile(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, grade_labels, NUM_GRADES, sizeof(GradeLimits));
	GradeLimits *c = grade_limits(fcinfo, 1, cs_enum_extra(oids, NUM_GRADES));
	Profile		p;
	int			g;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	read_profile(fcinfo, c, &p);
	g = profile_grade(&p, c);
	if (g < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[g]);
}

PG_FUNCTION_INFO_V1(cs_collection_terms);
Datum
cs_collection_terms(PG_FUNCTION_ARGS)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(Oid) * NUM_GRADES);
	PG_RETURN_TEXT_P(cstring_to_text(terms[cs_enum_index(PG_GETARG_OID(0), fcinfo->flinfo->fn_extra,
														 grade_labels, NUM_GRADES)]));
}

/* ---------------------------------------------------------------------
 * Overdue classes and risk groups
 * --------------------------------------------------------------------- */

#define NUM_CLASSES 3
static const char *const class_labels[NUM_CLASSES] = {"A", "B", "C"};

#define NUM_RISKS 3
static const char *const risk_labels[NUM_RISKS] = {"low", "medium", "high"};

/* per call site: grade label OIDs of a credit_grade argument, default limits */
typedef struct GradeCache
{
	Oid			grades[NUM_GRADES];
	GradeLimits limits;
} GradeCache;

static void
null_threshold(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("%s must not be NULL", what),
			 errhint("Omit the argument to use its documented default.")));
}

static Numeric
threshold_amount(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Numeric		n;

	if (PG_ARGISNULL(argno))
		null_threshold(what);
	n = PG_GETARG_NUMERIC(argno);
	cs_check_money(n, what);
	if (cs_numeric_sign(n) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be greater than zero", what),
				 errhint("Thresholds are amounts owed, e.g. 10000.")));
	return n;
}

static int64
threshold_int(FunctionCallInfo fcinfo, int argno, const char *what, bool is_int8)
{
	int64		v;

	if (PG_ARGISNULL(argno))
		null_threshold(what);
	v = is_int8 ? PG_GETARG_INT64(argno) : PG_GETARG_INT32(argno);
	if (v < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be at least 1, not " INT64_FORMAT, what, v),
				 errhint("Thresholds are counts or days, e.g. 90.")));
	return v;
}

static inline int
amount_cmp(Numeric a, Numeric b)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(a), NumericGetDatum(b)));
}

/*
 * Overdue class 0..2 (A, B, C), -1 when nothing is overdue: C when the
 * grade is D or the debt is more than legal_days old, A when the amount is
 * at least large_amount, B otherwise.  Thresholds are at argno, argno + 1.
 */
static int
overdue_class_of(FunctionCallInfo fcinfo, int argno, Numeric amount, int32 dpd, int grade)
{
	Numeric		large = threshold_amount(fcinfo, argno, "large_amount");
	int64		legal_days = threshold_int(fcinfo, argno + 1, "legal_days", false);

	cs_check_money(amount, "overdue_amount");
	if (cs_numeric_sign(amount) <= 0 || dpd <= 0)
		return -1;
	if (grade == GRADE_D || dpd > legal_days)
		return 2;
	return amount_cmp(amount, large) >= 0 ? 0 : 1;
}

/* grade index of a credit_grade argument, -1 when NULL */
static int
grade_arg(FunctionCallInfo fcinfo, int argno, Oid *grades)
{
	if (PG_ARGISNULL(argno))
		return -1;
	return cs_enum_index(PG_GETARG_OID(argno), grades, grade_labels, NUM_GRADES);
}

/* overdue_class(overdue_amount, days_past_due, grade, large_amount, legal_days) */
PG_FUNCTION_INFO_V1(cs_overdue_class);
Datum
cs_overdue_class(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, class_labels, NUM_CLASSES, sizeof(GradeCache));
	GradeCache *gc = cs_enum_extra(oids, NUM_CLASSES);
	int			cls;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	cls = overdue_class_of(fcinfo, 3, PG_GETARG_NUMERIC(0), PG_GETARG_INT32(1),
						   grade_arg(fcinfo, 2, gc->grades));
	if (cls < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[cls]);
}

/* overdue_class(profile, large_amount, legal_days): grade with default limits */
PG_FUNCTION_INFO_V1(cs_overdue_class_profile);
Datum
cs_overdue_class_profile(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, class_labels, NUM_CLASSES, sizeof(GradeCache));
	GradeCache *gc = cs_enum_extra(oids, NUM_CLASSES);
	Profile		p;
	int			cls;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	read_profile(fcinfo, &gc->limits, &p);
	if (p.null[ATT_OVERDUE_AMOUNT] || p.null[ATT_OLDEST_OVERDUE])
		PG_RETURN_NULL();
	cls = overdue_class_of(fcinfo, 1, DatumGetNumeric(p.v[ATT_OVERDUE_AMOUNT]), DatumGetInt32(p.v[ATT_OLDEST_OVERDUE]),
						   profile_grade(&p, grade_limits_default(fcinfo, &gc->limits)));
	if (cls < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[cls]);
}

/*
 * Risk level 0..2 (low, medium, high), -1 when every measure is NULL: high
 * when any measure reaches its high threshold or the grade is D, medium when
 * any reaches its medium threshold or the grade is C.  The six thresholds
 * (medium/high count, amount, days) start at argno.
 */
static int
risk_level_of(FunctionCallInfo fcinfo, int argno, const int64 *count, Numeric amount,
			  const int32 *days, int grade)
{
	int64		medium_count = threshold_int(fcinfo, argno, "medium_count", true);
	int64		high_count = threshold_int(fcinfo, argno + 1, "high_count", true);
	Numeric		medium_amount = threshold_amount(fcinfo, argno + 2, "medium_amount");
	Numeric		high_amount = threshold_amount(fcinfo, argno + 3, "high_amount");
	int64		medium_days = threshold_int(fcinfo, argno + 4, "medium_days", false);
	int64		high_days = threshold_int(fcinfo, argno + 5, "high_days", false);
	int			level = -1;

	if (medium_count > high_count || amount_cmp(medium_amount, high_amount) > 0 || medium_days > high_days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a medium_* threshold of risk_group exceeds its high_* threshold"),
				 errhint("The medium threshold is the lower one, e.g. medium_days => 31, high_days => 91.")));
	if (count)
		level = Max(level, *count >= high_count ? 2 : *count >= medium_count ? 1 : 0);
	if (amount)
	{
		cs_check_money(amount, "overdue_amount");
		level = Max(level, amount_cmp(amount, high_amount) >= 0 ? 2 : amount_cmp(amount, medium_amount) >= 0 ? 1 : 0);
	}
	if (days)
		level = Max(level, *days >= high_days ? 2 : *days >= medium_days ? 1 : 0);
	if (grade >= 0)
		level = Max(level, grade == GRADE_D ? 2 : grade == GRADE_D - 1 ? 1 : 0);
	return level;
}

/* risk_group(overdue_count, overdue_amount, max_days_past_due, grade, thresholds...) */
PG_FUNCTION_INFO_V1(cs_risk_group);
Datum
cs_risk_group(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, risk_labels, NUM_RISKS, sizeof(GradeCache));
	GradeCache *gc = cs_enum_extra(oids, NUM_RISKS);
	int64		count = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);
	int32		days = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
	int			level;

	level = risk_level_of(fcinfo, 4, PG_ARGISNULL(0) ? NULL : &count,
						  PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1),
						  PG_ARGISNULL(2) ? NULL : &days, grade_arg(fcinfo, 3, gc->grades));
	if (level < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[level]);
}

/* risk_group(profile, thresholds...): grade with default limits; no invoices: NULL */
PG_FUNCTION_INFO_V1(cs_risk_group_profile);
Datum
cs_risk_group_profile(PG_FUNCTION_ARGS)
{
	Oid		   *oids = cs_enum_oids(fcinfo, risk_labels, NUM_RISKS, sizeof(GradeCache));
	GradeCache *gc = cs_enum_extra(oids, NUM_RISKS);
	Profile		p;
	int64		n;
	int32		d;
	int			level;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	read_profile(fcinfo, &gc->limits, &p);
	if (p.null[ATT_INVOICES] || DatumGetInt64(p.v[ATT_INVOICES]) == 0)
		PG_RETURN_NULL();
	n = p.null[ATT_OVERDUE_COUNT] ? 0 : DatumGetInt64(p.v[ATT_OVERDUE_COUNT]);
	d = p.null[ATT_MAX_DPD] ? 0 : DatumGetInt32(p.v[ATT_MAX_DPD]);
	level = risk_level_of(fcinfo, 1, p.null[ATT_OVERDUE_COUNT] ? NULL : &n,
						  p.null[ATT_OVERDUE_AMOUNT] ? NULL : DatumGetNumeric(p.v[ATT_OVERDUE_AMOUNT]),
						  p.null[ATT_MAX_DPD] ? NULL : &d,
						  profile_grade(&p, grade_limits_default(fcinfo, &gc->limits)));
	if (level < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(oids[level]);
}

/* ---------------------------------------------------------------------
 * DSO and CEI
 * --------------------------------------------------------------------- */

static Numeric
kpi_amount(FunctionCallInfo fcinfo, int argno, const char *what)
{
	Numeric		n = PG_GETARG_NUMERIC(argno);

	cs_check_money(n, what);
	if (cs_numeric_sign(n) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Receivables and sales are balances >= 0 for the period.")));
	return n;
}

/* dso(receivables, credit_sales, days) = receivables / credit_sales * days */
PG_FUNCTION_INFO_V1(cs_dso);
Datum
cs_dso(PG_FUNCTION_ARGS)
{
	Numeric		receivables = kpi_amount(fcinfo, 0, "receivables");
	Numeric		sales = kpi_amount(fcinfo, 1, "credit_sales");
	int32		days = PG_GETARG_INT32(2);

	if (days < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("days must be at least 1, not %d", days),
				 errhint("Pass the days of the period the credit sales cover, e.g. 365 or 90.")));
	if (cs_numeric_sign(sales) == 0)
		PG_RETURN_NULL();
	/* multiplied first, so the one division rounds the result */
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										NumericGetDatum(cs_numeric_mul(receivables, int64_to_numeric(days))),
										NumericGetDatum(sales)));
}

/*
 * cei(beginning_receivables, credit_sales, ending_receivables,
 * ending_current_receivables) =
 *	(begin + sales - end) / (begin + sales - end_current) * 100
 */
PG_FUNCTION_INFO_V1(cs_cei);
Datum
cs_cei(PG_FUNCTION_ARGS)
{
	Numeric		begin = kpi_amount(fcinfo, 0, "beginning_receivables");
	Numeric		sales = kpi_amount(fcinfo, 1, "credit_sales");
	Numeric		end = kpi_amount(fcinfo, 2, "ending_receivables");
	Numeric		current = kpi_amount(fcinfo, 3, "ending_current_receivables");
	Numeric		available = cs_numeric_add(begin, sales);
	Numeric		collectible = cs_numeric_sub(available, current);
	Numeric		collected = cs_numeric_sub(available, end);

	if (amount_cmp(current, end) > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ending_current_receivables must not exceed ending_receivables"),
				 errhint("The current (not yet due) receivables are part of the ending receivables.")));
	if (cs_numeric_sign(collectible) <= 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										NumericGetDatum(cs_numeric_mul(collected, int64_to_numeric(100))),
										NumericGetDatum(collectible)));
}
