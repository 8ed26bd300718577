/*
 * credit_state.c
 *	  The credit_state type: the one state of the three credit aggregates
 *	  (payment_profile, recovery_rate, roll_rate), with its combine function
 *	  and exact text and binary forms.
 *
 * A credit_state is a varlena of int64 slots tagged with the aggregate it
 * belongs to ("payment", "recovery", "roll"), so that one exact text/binary
 * I/O and one merge aggregate serve them all, and a state can never be read
 * by the wrong final function.  Amounts are summed as int64 keys (amount *
 * 10^4, exact for money with up to 4 decimals); overflow is an error, never
 * a wrap.  Because the state is a real type, parallel query and engines that
 * ship partial states between machines (Citus, postgres_fdw rollups) can
 * split the aggregates: state on each part, text or binary across, merge,
 * final.
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
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"

const char *const cs_credit_kind_names[] = {NULL, "payment", "recovery", "roll"};
static const int kind_nslots[] = {0, P_NSLOTS, R_NSLOTS, ROLL_NSLOTS};

CreditState *
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

	if (s->version != CREDIT_STATE_VERSION)
		elog(ERROR, "invalid credit_state version %d", s->version);
	if (kind != 0 && s->kind != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("credit_state holds a %s state, not a %s state",
						cs_credit_kind_names[s->kind], cs_credit_kind_names[kind]),
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
				 errmsg("as_of must be the same for every row of a payment profile"),
				 errhint("Pass one as-of date, e.g. DATE '2026-06-30', for the whole aggregate.")));
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
	if (s->kind != KIND_PAYMENT)
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

/* "v1;kind;dscale;slot,slot,..." (all integers, amounts in 0.0001) */
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
 * can be zero).
 */
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
			s->slots[P_DAYS_HI] >= -DAYS_HI_LIMIT && s->slots[P_DAYS_HI] < DAYS_HI_LIMIT &&
			cs_int128_mod(days_get(s), unit) == 0;
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
	CsStateReader r;
	CreditState *s;
	CreditKind	kind;

	cs_reader_init(&r, "credit_state", PG_GETARG_CSTRING(0),
				   "'v1;payment', 'v1;recovery' or 'v1;roll' for an empty state");
	cs_reader_expect(&r, "v1;");
	kind = (CreditKind) cs_reader_word(&r, cs_credit_kind_names, NUM_KINDS,
									   "The kind must be payment, recovery or roll.");
	s = credit_state_new(kind);
	if (!cs_reader_skip(&r, ';'))
	{
		cs_reader_end(&r, true);
		PG_RETURN_POINTER(s);	/* "v1;kind": empty */
	}
	s->dscale = (int32) cs_reader_int(&r, 0, CS_NUMERIC_DSCALE_MAX);
	cs_reader_expect(&r, ";");
	cs_reader_ints(&r, s->slots, s->nslots, PG_INT64_MIN, PG_INT64_MAX);
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

	if (version != CREDIT_STATE_VERSION || kind < 1 || kind >= NUM_KINDS || nslots != kind_nslots[kind])
		cs_bad_state_binary("credit_state");
	s = credit_state_new((CreditKind) kind);
	s->dscale = dscale;
	cs_recv_int64s(buf, s->slots, nslots);
	pq_getmsgend(buf);
	if (!state_is_valid(s))
		cs_bad_state_binary("credit_state");
	PG_RETURN_POINTER(s);
}
