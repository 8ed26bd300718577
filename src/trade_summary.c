/*
 * trade_summary.c
 *	  The trade_summary aggregate: a customer's trades (date, amount,
 *	  commission) as of a date, summarised in one pass into what a
 *	  segmentation reads (the last trade, and the trades, commission and
 *	  turnover of a lookback window) and the purchase summary of the trade
 *	  days (state: trade_state).
 *
 * Rules, as of a date as_of with a window of lookback_days:
 *	- a row with a NULL date, or dated after as_of, is ignored; as_of and
 *	  lookback_days must be given and the same on every row;
 *	- last_trade = the latest trade date (any row, whatever its amounts);
 *	- trades = the rows with as_of - lookback_days < trade_date <= as_of;
 *	  commission = the sum of their commissions, turnover = the sum of the
 *	  absolute values of their amounts, each NULL when no value was summed
 *	  (NULLs skipped): exactly SQL's count(*), sum(commission) and
 *	  sum(abs(amount)) over the window, the sum's scale the largest scale
 *	  summed;
 *	- purchases = purchase_summary(trade_date, round(commission, 4), as_of):
 *	  the trade days with a commission up to as_of, in days.
 *
 * The window sums are exact 128-bit integers: in units of 0.0001 while the
 * values have at most 4 decimals and are below 922337203685477 (one integer
 * addition a row), in units of 10^-k once a value has k > 4 decimals or is
 * larger (read from its text, the sum rescaled once); a sum beyond 128 bits
 * is an error, never a rounded result.  The purchase summary needs the
 * distinct trade days with a commission, the first of them with its
 * commissions, and the commissions of all of them (read to 4 decimals):
 * the state keeps those sums and one 4-byte day number per trade day,
 * appended and, when the room fills, sorted and merged (purchase_summary's
 * policy: O(log n) a row amortised, the room below 4 entries a day).  So
 * a customer's state is 136 bytes and 4 a trade day, and a first room of
 * 30 days makes it 256 bytes, where SQL's numeric sums and a
 * purchase_summary keep several hundred in separate allocations.
 */
#include "common.h"
#include "exact.h"
#include "state_io.h"
#include "valuekey.h"

#include "access/htup_details.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#define TRADE_STATE_VERSION 1
#define TRADE_SUMMARY_NATTS 5
#define PURCHASE_SUMMARY_NATTS 6
#define TRADE_FIRST_ROOM 30		/* the state is then 256 bytes */
#define TRADE_MAX_SCALE 38
#define TRADE_DAY_SCALE 4		/* purchases: commissions read as round(commission, 4) */

/* an exact sum: v counts units of 10^-uscale */
typedef struct TradeSum
{
	int64		hi;				/* v's two's-complement words */
	uint64		lo;
	int64		count;			/* values summed */
	int16		uscale;			/* 4, or more once a value needed it */
	int16		dscale;			/* largest display scale of the values */
	int32		unused;
} TradeSum;

typedef struct TradeState
{
	int32		vl_len_;
	int16		version;
	int16		sorted;			/* 1: days strictly increasing */
	int32		has_as_of;		/* 0 until a row gave as_of */
	int32		as_of;
	int32		lookback_days;
	int32		has_last;
	int32		last_trade;
	int32		ndays;			/* entries in use; the varlena may have room for more */
	int64		trades;
	TradeSum	commission;
	TradeSum	turnover;
	/* the trade days with a commission (purchase days) */
	int32		first_day;		/* the first of them (ndays > 0) */
	int32		unused;
	int64		first_key;		/* its commissions summed, units of 0.0001 */
	int64		total_hi;		/* all their commissions summed, units of */
	uint64		total_lo;		/* 0.0001, as two's-complement words */
	int32		days[FLEXIBLE_ARRAY_MEMBER];	/* day numbers, unordered unless sorted */
} TradeState;

#define TRADE_STATE_SIZE(n) (offsetof(TradeState, days) + (Size) (n) * sizeof(int32))
#define TRADE_ROOM(s) ((int64) ((VARSIZE(s) - offsetof(TradeState, days)) / sizeof(int32)))

static const char *const trade_example =
"'v1' for an empty state, or 'v1;9677;365;9670;2;2,4,2,0,125000;2,4,2,0,5000000;9600,20000,0,125000;9600,9670'";

static TradeState *
trade_state_alloc(int64 room)
{
	TradeState *s;

	if (TRADE_STATE_SIZE(room) > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("trade_state of " INT64_FORMAT " trade days is too large", room),
				 errhint("Summarise one customer per group: GROUP BY the customer.")));
	s = palloc0(TRADE_STATE_SIZE(room));
	SET_VARSIZE(s, TRADE_STATE_SIZE(room));
	s->version = TRADE_STATE_VERSION;
	s->sorted = 1;
	s->commission.uscale = CS_NUMERIC_KEY_SCALE;
	s->turnover.uscale = CS_NUMERIC_KEY_SCALE;
	return s;
}

/* ---------------------------------------------------------------------
 * Exact sums
 * --------------------------------------------------------------------- */

pg_noreturn static void
trade_sum_error(const char *what, Datum value)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the %s of a trade summary cannot be summed exactly", what),
			 errdetail("A value is %s; sums are exact up to 38 digits, with at most %d decimal places.",
					   cs_numeric_text(value), TRADE_MAX_SCALE),
			 errhint("Round the values first, e.g. round(amount, 2), or summarise fewer rows per group.")));
}

/* *v *= 10^k, or false (v unchanged) when it would leave 128 bits */
static bool
int128_scale_up(INT128 *v, int k)
{
	INT128		r = *v;

	for (; k > 0; k--)
	{
		INT128		x2 = r,
					x8;

		if (!cs_int128_add(&x2, r))
			return false;
		x8 = x2;
		if (!cs_int128_add(&x8, x2) || !cs_int128_add(&x8, x8) ||
			!cs_int128_add(&x8, x2))
			return false;
		r = x8;
	}
	*v = r;
	return true;
}

static inline INT128
sum_value(const TradeSum *s)
{
	return cs_int128_join(s->hi, s->lo);
}

/* s's unit made 10^-uscale (uscale >= s->uscale), or false */
static bool
sum_rescale(TradeSum *s, int uscale)
{
	INT128		v = sum_value(s);

	if (uscale <= s->uscale)
		return true;
	if (!int128_scale_up(&v, uscale - s->uscale))
		return false;
	cs_int128_split(v, &s->hi, &s->lo);
	s->uscale = (int16) uscale;
	return true;
}

/* s += v, v in units of 10^-vscale; false when it does not fit */
static bool
sum_add_scaled(TradeSum *s, INT128 v, int vscale, int dscale)
{
	INT128		total;

	if (vscale > s->uscale && !sum_rescale(s, vscale))
		return false;
	if (vscale < s->uscale && !int128_scale_up(&v, s->uscale - vscale))
		return false;
	total = sum_value(s);
	if (!cs_int128_add(&total, v))
		return false;
	cs_int128_split(total, &s->hi, &s->lo);
	s->dscale = (int16) Max(s->dscale, dscale);
	return true;
}

/*
 * s += value (its absolute value when absolute), a value that has no key:
 * more than 4 decimals, or too large.  Read from its text, digit by digit.
 */
static void
sum_add_slow(TradeSum *s, Datum value, bool absolute, const char *what)
{
	char	   *text = DatumGetCString(DirectFunctionCall1(numeric_out, value));
	const char *p = text;
	bool		negative = false;
	int			scale = 0;
	bool		point = false;
	INT128		v = int64_to_int128(0);

	if (*p == '-')
	{
		negative = true;
		p++;
	}
	if (*p < '0' || *p > '9')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot sum NaN or infinite values"),
				 errdetail("The %s is %s.", what, text),
				 errhint("Replace NaN and infinities with NULL or a real amount.")));
	for (; *p; p++)
	{
		INT128		digit;

		if (*p == '.')
		{
			point = true;
			continue;
		}
		if (point && ++scale > TRADE_MAX_SCALE)
			trade_sum_error(what, value);
		digit = int64_to_int128(*p - '0');
		if (!int128_scale_up(&v, 1) || !cs_int128_add(&v, digit))
			trade_sum_error(what, value);
	}
	if (negative && !absolute)
	{
		int64		hi;
		uint64		lo;

		/* -v in two's complement: v is below 2^127, so it cannot wrap */
		cs_int128_split(v, &hi, &lo);
		lo = ~lo + 1;
		hi = ~hi + (lo == 0);
		v = cs_int128_join(hi, lo);
	}
	if (!sum_add_scaled(s, v, scale, scale))
		trade_sum_error(what, value);
	s->count++;
	pfree(text);
}

/* s += value (or |value|) */
static inline void
sum_add(TradeSum *s, Datum value, bool absolute, const char *what)
{
	int64		key;
	int			dscale;

	if (!cs_numeric_key_try(value, &key, &dscale))
	{
		sum_add_slow(s, value, absolute, what);
		return;
	}
	if (absolute && key < 0)
		key = -key;				/* a key's magnitude is below 2^63 - 1 */
	if (likely(s->uscale == CS_NUMERIC_KEY_SCALE))
	{
		INT128		total = sum_value(s);

		if (unlikely(!cs_int128_add(&total, int64_to_int128(key))))
			trade_sum_error(what, value);
		cs_int128_split(total, &s->hi, &s->lo);
		if (dscale > s->dscale)
			s->dscale = (int16) dscale;
	}
	else
	{
		INT128		v = int64_to_int128(key);

		if (!sum_add_scaled(s, v, CS_NUMERIC_KEY_SCALE, dscale))
			trade_sum_error(what, value);
	}
	s->count++;
}

static void
sum_combine(TradeSum *s, const TradeSum *o, const char *what)
{
	if (o->count == 0)
		return;
	if (!sum_add_scaled(s, sum_value(o), o->uscale, o->dscale))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the %s of a trade summary cannot be summed exactly", what),
				 errdetail("Two partial sums add up beyond 38 digits."),
				 errhint("Round the values first, e.g. round(amount, 2), or summarise fewer rows per group.")));
	s->count += o->count;
}

static Datum
sum_numeric(const TradeSum *s, bool *isnull)
{
	*isnull = s->count == 0;
	if (*isnull)
		return (Datum) 0;
	return cs_int128_scaled_to_numeric(sum_value(s), s->uscale, s->dscale);
}

/* ---------------------------------------------------------------------
 * The purchase days
 * --------------------------------------------------------------------- */

/* s with room for n more days: s itself, or a new state of more room (common.h's day-list policy) */
static TradeState *
trade_reserve(TradeState *s, int64 n)
{
	int64		room = cs_days_reserve(s->days, &s->ndays, &s->sorted, n, TRADE_ROOM(s),
									   TRADE_FIRST_ROOM, sizeof(int32), NULL);
	TradeState *r;

	if (room == 0)
		return s;
	r = trade_state_alloc(room);
	memcpy(VARDATA(r), VARDATA(s), TRADE_STATE_SIZE(s->ndays) - VARHDRSZ);
	return r;
}

pg_noreturn static void
day_sum_overflow(int32 day)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the commissions of %s sum out of range", cs_date_text(day)),
			 errhint("A day's commissions are summed exactly up to 922337203685477; check the commissions.")));
}

/* the commissions of all the purchase days += key; false when beyond 128 bits */
static bool
total_add(TradeState *s, INT128 key)
{
	INT128		total = cs_int128_join(s->total_hi, s->total_lo);

	if (!cs_int128_add(&total, key))
		return false;
	cs_int128_split(total, &s->total_hi, &s->total_lo);
	return true;
}

/* a purchase day (a trade day with a commission) of commission key */
static TradeState *
trade_add_day(TradeState *s, int32 day, int64 key)
{
	if (s->ndays == 0 || day < s->first_day)
	{
		s->first_day = day;
		s->first_key = key;
	}
	else if (day == s->first_day && unlikely(pg_add_s64_overflow(s->first_key, key, &s->first_key)))
		day_sum_overflow(day);
	if (unlikely(!total_add(s, int64_to_int128(key))))
		day_sum_overflow(day);
	/* the same day as the last entry: nothing to add */
	if (s->ndays > 0 && s->days[s->ndays - 1] == day)
		return s;
	s = trade_reserve(s, 1);
	if (s->ndays > 0 && s->days[s->ndays - 1] >= day)
		s->sorted = 0;
	s->days[s->ndays++] = day;
	return s;
}

static const int32 *
trade_sorted_days(const TradeState *s, int32 *ndays)
{
	return cs_days_sorted(s->days, s->ndays, s->sorted, sizeof(int32), NULL, ndays);
}

/* ---------------------------------------------------------------------
 * The aggregate
 * --------------------------------------------------------------------- */

static TradeState *
trade_state_arg(FunctionCallInfo fcinfo, int argno)
{
	TradeState *s;

	cs_check_state_arg(fcinfo, argno, "trade_state");
	s = (TradeState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	if (s->version != TRADE_STATE_VERSION)
		cs_bad_state_version("trade_state", s->version, TRADE_STATE_VERSION);
	if (argno == 0 && !AggCheckCallContext(fcinfo, NULL))
	{
		TradeState *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	return s;
}

static void
trade_set_options(TradeState *s, int32 as_of, int32 lookback_days)
{
	if (!s->has_as_of)
	{
		s->has_as_of = 1;
		s->as_of = as_of;
		s->lookback_days = lookback_days;
		return;
	}
	if (s->as_of != as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be the same for every row of a trade summary"),
				 errdetail("A row has as_of %s, an earlier row or part %s.", cs_date_text(as_of), cs_date_text(s->as_of)),
				 errhint("Pass one as-of date, e.g. DATE '2026-06-30', for the whole aggregate.")));
	if (s->lookback_days != lookback_days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("lookback_days must be the same for every row of a trade summary"),
				 errdetail("A row has lookback_days %d, an earlier row or part %d.", lookback_days, s->lookback_days),
				 errhint("Pass one window, e.g. 365, for the whole aggregate.")));
}

/*
 * trade_summary_add(state, trade_date, amount, commission, lookback_days,
 * as_of): the transition function of trade_summary and
 * trade_summary_partial.
 */
PG_FUNCTION_INFO_V1(cs_trade_add);
Datum
cs_trade_add(PG_FUNCTION_ARGS)
{
	TradeState *s = trade_state_arg(fcinfo, 0);
	DateADT		as_of,
				day;
	int32		lookback;

	if (PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("Pass the date the summary is taken on, e.g. DATE '2026-06-30': it is one date for the whole aggregate, not a row value.")));
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("lookback_days must not be NULL"),
				 errhint("Pass the days of the window, e.g. 365: trades dated after as_of - lookback_days count.")));
	lookback = PG_GETARG_INT32(4);
	as_of = PG_GETARG_DATEADT(5);
	if (unlikely(!s->has_as_of))
	{
		cs_check_finite_date(as_of, "as_of");
		if (lookback < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("lookback_days must be at least 1"),
					 errdetail("lookback_days is %d.", lookback),
					 errhint("Pass the days of the window, e.g. 365.")));
	}
	trade_set_options(s, as_of, lookback);
	/* a row without a date is no trade */
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(s);
	day = PG_GETARG_DATEADT(1);
	cs_check_finite_date(day, "trade_date");
	if (day > as_of)
		PG_RETURN_POINTER(s);
	if (!s->has_last || day > s->last_trade)
	{
		s->has_last = 1;
		s->last_trade = day;
	}
	if ((int64) day > (int64) as_of - lookback)
	{
		s->trades++;
		if (!PG_ARGISNULL(3))
			sum_add(&s->commission, PG_GETARG_DATUM(3), false, "commission");
		if (!PG_ARGISNULL(2))
			sum_add(&s->turnover, PG_GETARG_DATUM(2), true, "amount");
	}
	if (!PG_ARGISNULL(3))
	{
		int64		key;
		int			dscale = 0;

		if (!cs_numeric_key_try(PG_GETARG_DATUM(3), &key, &dscale))
			key = cs_sum_key(DirectFunctionCall2(numeric_round, PG_GETARG_DATUM(3), Int32GetDatum(TRADE_DAY_SCALE)),
							 "commission", &dscale);
		s = trade_add_day(s, day, key);
	}
	PG_RETURN_POINTER(s);
}

/* s + o: the same as_of and lookback_days (a state without rows takes the other's) */
PG_FUNCTION_INFO_V1(cs_trade_combine);
Datum
cs_trade_combine(PG_FUNCTION_ARGS)
{
	TradeState *s = trade_state_arg(fcinfo, 0);
	TradeState *o = trade_state_arg(fcinfo, 1);
	int32		i;

	if (!o->has_as_of)
		PG_RETURN_POINTER(s);
	trade_set_options(s, o->as_of, o->lookback_days);
	if (o->has_last && (!s->has_last || o->last_trade > s->last_trade))
	{
		s->has_last = 1;
		s->last_trade = o->last_trade;
	}
	s->trades += o->trades;
	sum_combine(&s->commission, &o->commission, "commission");
	sum_combine(&s->turnover, &o->turnover, "amount");
	if (o->ndays == 0)
		PG_RETURN_POINTER(s);
	if (s->ndays == 0 || o->first_day < s->first_day)
	{
		s->first_day = o->first_day;
		s->first_key = o->first_key;
	}
	else if (o->first_day == s->first_day && pg_add_s64_overflow(s->first_key, o->first_key, &s->first_key))
		day_sum_overflow(o->first_day);
	if (!total_add(s, cs_int128_join(o->total_hi, o->total_lo)))
		day_sum_overflow(o->first_day);
	s = trade_reserve(s, o->ndays);
	for (i = 0; i < o->ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (s->ndays > 0 && s->days[s->ndays - 1] >= o->days[i])
			s->sorted = 0;
		s->days[s->ndays++] = o->days[i];
	}
	PG_RETURN_POINTER(s);
}

typedef struct TradeRowTypes
{
	TupleDesc	row;
	TupleDesc	purchases;
} TradeRowTypes;

/* trade_summary_final(state): the summary row, NULL when no row was aggregated */
PG_FUNCTION_INFO_V1(cs_trade_final);
Datum
cs_trade_final(PG_FUNCTION_ARGS)
{
	TradeState *s;
	TradeRowTypes *types;
	Datum		values[TRADE_SUMMARY_NATTS];
	bool		nulls[TRADE_SUMMARY_NATTS] = {0};
	const int32 *days;
	int32		ndays;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (TradeState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	if (s->version != TRADE_STATE_VERSION)
		cs_bad_state_version("trade_state", s->version, TRADE_STATE_VERSION);
	if (!s->has_as_of)
		PG_RETURN_NULL();
	types = (TradeRowTypes *) fcinfo->flinfo->fn_extra;
	if (types == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	row;

		types = palloc0(sizeof(TradeRowTypes));
		if (get_call_result_type(fcinfo, NULL, &row) != TYPEFUNC_COMPOSITE || row->natts != TRADE_SUMMARY_NATTS)
			elog(ERROR, "trade_summary_final must return trade_summary_row");
		types->row = BlessTupleDesc(row);
		types->purchases = BlessTupleDesc(lookup_rowtype_tupdesc_copy(TupleDescAttr(row, 4)->atttypid, -1));
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = types;
	}
	values[0] = DateADTGetDatum(s->last_trade);
	nulls[0] = !s->has_last;
	values[1] = Int64GetDatum(s->trades);
	values[2] = sum_numeric(&s->commission, &nulls[2]);
	values[3] = sum_numeric(&s->turnover, &nulls[3]);
	days = trade_sorted_days(s, &ndays);
	if (ndays > 0)
	{
		/* purchase_summary's row, in days */
		Datum		pv[PURCHASE_SUMMARY_NATTS];
		bool		pn[PURCHASE_SUMMARY_NATTS] = {0};
		INT128		repeat = cs_int128_join(s->total_hi, s->total_lo);

		pv[0] = Int32GetDatum(ndays - 1);
		pv[1] = Float8GetDatum((double) ((int64) days[ndays - 1] - days[0]));
		pv[2] = Float8GetDatum((double) ((int64) s->as_of - days[0]));
		if (ndays > 1)
		{
			int128_add_int64_mul_int64(&repeat, s->first_key, -1);
			pv[3] = DirectFunctionCall2(numeric_div, cs_int128_key_to_numeric(repeat, TRADE_DAY_SCALE),
										NumericGetDatum(int64_to_numeric(ndays - 1)));
		}
		else
			pn[3] = true;
		pv[4] = DateADTGetDatum((DateADT) days[0]);
		pv[5] = DateADTGetDatum((DateADT) days[ndays - 1]);
		values[4] = HeapTupleGetDatum(heap_form_tuple(types->purchases, pv, pn));
	}
	else
		nulls[4] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(types->row, values, nulls)));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O
 * --------------------------------------------------------------------- */

static bool
date_is_valid(int64 d)
{
	return d >= PG_INT32_MIN && d <= PG_INT32_MAX &&
		!DATE_NOT_FINITE((DateADT) d) && IS_VALID_DATE((DateADT) d);
}

static bool
sum_is_valid(const TradeSum *s, int64 trades)
{
	static const uint32 pow10[] = {1, 10, 100, 1000, 10000};

	if (s->count < 0 || s->count > trades || s->uscale < CS_NUMERIC_KEY_SCALE ||
		s->uscale > TRADE_MAX_SCALE || s->dscale < 0 || s->dscale > CS_NUMERIC_DSCALE_MAX)
		return false;
	/* no value summed: the sum is 0 in units of 0.0001 */
	if (s->count == 0)
		return s->hi == 0 && s->lo == 0 && s->uscale == CS_NUMERIC_KEY_SCALE && s->dscale == 0;
	/*
	 * A unit finer than 0.0001 comes from a value of that scale, so the
	 * display scale is at least the unit's; in units of 0.0001 the sum has
	 * no more decimals than its display scale.
	 */
	if (s->dscale < s->uscale)
		return s->uscale == CS_NUMERIC_KEY_SCALE &&
			cs_int128_mod(sum_value(s), pow10[CS_NUMERIC_KEY_SCALE - s->dscale]) == 0;
	return true;
}

/*
 * What every state the aggregates build satisfies: without as_of nothing
 * else; a finite as_of, a window of at least a day, the last trade and the
 * purchase days (strictly increasing) not after as_of, no day after the
 * last trade.
 */
static bool
state_is_valid(const TradeState *s)
{
	int32		i;

	if (!s->has_as_of)
		return s->lookback_days == 0 && !s->has_last && s->trades == 0 && s->ndays == 0 &&
			sum_is_valid(&s->commission, 0) && sum_is_valid(&s->turnover, 0);
	if (!date_is_valid(s->as_of) || s->lookback_days < 1 || s->trades < 0 ||
		(s->has_last && (!date_is_valid(s->last_trade) || s->last_trade > s->as_of)) ||
		(!s->has_last && (s->trades > 0 || s->ndays > 0)) ||
		!sum_is_valid(&s->commission, s->trades) || !sum_is_valid(&s->turnover, s->trades))
		return false;
	if (s->ndays == 0)
		return s->first_day == 0 && s->first_key == 0 && s->total_hi == 0 && s->total_lo == 0;
	if (s->first_day != s->days[0])
		return false;
	for (i = 0; i < s->ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!date_is_valid(s->days[i]) || s->days[i] > s->last_trade || (i > 0 && s->days[i] <= s->days[i - 1]))
			return false;
	}
	return true;
}

/*
 * "v1" (no row yet), or "v1;as_of;lookback_days;last_trade;trades;" then
 * each window sum as count,unit scale,display scale,high word,low word, then
 * the purchase days' first day,its commissions,all their commissions as
 * two words, then each trade day with a commission in date order (dates as
 * PostgreSQL day numbers, days since 2000-01-01, empty for no last trade;
 * commissions in units of 0.0001; a window sum counts units of
 * 10^-(unit scale); 128-bit sums as two 64-bit two's-complement words).
 */
PG_FUNCTION_INFO_V1(cs_trade_state_out);
Datum
cs_trade_state_out(PG_FUNCTION_ARGS)
{
	TradeState *s = (TradeState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const int32 *days;
	int32		ndays,
				i;
	StringInfoData buf;
	const TradeSum *sums[2] = {&s->commission, &s->turnover};

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", s->version);
	if (!s->has_as_of)
		PG_RETURN_CSTRING(buf.data);
	appendStringInfo(&buf, ";%d;%d;", s->as_of, s->lookback_days);
	if (s->has_last)
		appendStringInfo(&buf, "%d", s->last_trade);
	appendStringInfo(&buf, ";" INT64_FORMAT, s->trades);
	for (i = 0; i < 2; i++)
		appendStringInfo(&buf, ";" INT64_FORMAT ",%d,%d," INT64_FORMAT "," INT64_FORMAT,
						 sums[i]->count, sums[i]->uscale, sums[i]->dscale, sums[i]->hi, (int64) sums[i]->lo);
	appendStringInfo(&buf, ";%d," INT64_FORMAT "," INT64_FORMAT "," INT64_FORMAT ";",
					 s->first_day, s->first_key, s->total_hi, (int64) s->total_lo);
	days = trade_sorted_days(s, &ndays);
	for (i = 0; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		appendStringInfo(&buf, "%s%d", i ? "," : "", days[i]);
	}
	PG_RETURN_CSTRING(buf.data);
}

static const char *const trade_versions[] = {NULL, "v1"};

PG_FUNCTION_INFO_V1(cs_trade_state_in);
Datum
cs_trade_state_in(PG_FUNCTION_ARGS)
{
	CsStateReader r;
	TradeState *s;
	TradeSum   *sums[2];
	int64		v[5];
	int			i;

	cs_reader_init(&r, "trade_state", PG_GETARG_CSTRING(0), trade_example);
	cs_reader_word(&r, trade_versions, lengthof(trade_versions), "The version must be v1.");
	s = trade_state_alloc(0);
	if (!cs_reader_skip(&r, ';'))
	{
		cs_reader_end(&r, true);
		PG_RETURN_POINTER(s);
	}
	s->has_as_of = 1;
	s->as_of = (int32) cs_reader_int(&r, PG_INT32_MIN, PG_INT32_MAX);
	cs_reader_expect(&r, ";");
	s->lookback_days = (int32) cs_reader_int(&r, PG_INT32_MIN, PG_INT32_MAX);
	cs_reader_expect(&r, ";");
	if (!cs_reader_skip(&r, ';'))
	{
		s->has_last = 1;
		s->last_trade = (int32) cs_reader_int(&r, PG_INT32_MIN, PG_INT32_MAX);
		cs_reader_expect(&r, ";");
	}
	s->trades = cs_reader_int(&r, 0, PG_INT64_MAX);
	sums[0] = &s->commission;
	sums[1] = &s->turnover;
	for (i = 0; i < 2; i++)
	{
		cs_reader_expect(&r, ";");
		cs_reader_ints(&r, v, 5, PG_INT64_MIN, PG_INT64_MAX);
		if (v[1] < 0 || v[1] > TRADE_MAX_SCALE || v[2] < 0 || v[2] > CS_NUMERIC_DSCALE_MAX)
			cs_reader_fail(&r, "A sum is count,unit scale,display scale,high word,low word: a unit scale in 4..38, a display scale in 0..16383.");
		sums[i]->count = v[0];
		sums[i]->uscale = (int16) v[1];
		sums[i]->dscale = (int16) v[2];
		sums[i]->hi = v[3];
		sums[i]->lo = (uint64) v[4];
	}
	cs_reader_expect(&r, ";");
	cs_reader_ints(&r, v, 4, PG_INT64_MIN, PG_INT64_MAX);
	if (v[0] < PG_INT32_MIN || v[0] > PG_INT32_MAX)
		cs_reader_fail(&r, "The purchase days are first day,its commissions,high word,low word of all their commissions.");
	s->first_day = (int32) v[0];
	s->first_key = v[1];
	s->total_hi = v[2];
	s->total_lo = (uint64) v[3];
	cs_reader_expect(&r, ";");
	if (*r.p != '\0')
	{
		do
		{
			int64		day = cs_reader_int(&r, PG_INT32_MIN, PG_INT32_MAX);

			if (s->ndays > 0 && day <= s->days[s->ndays - 1])
				cs_reader_fail(&r, "The days must be in increasing order, each once.");
			s = trade_reserve(s, 1);
			s->days[s->ndays++] = (int32) day;
		} while (cs_reader_skip(&r, ','));
	}
	cs_reader_end(&r, state_is_valid(s));
	PG_RETURN_POINTER(s);
}

static void
send_sum(StringInfo buf, const TradeSum *s)
{
	pq_sendint64(buf, s->count);
	pq_sendint16(buf, s->uscale);
	pq_sendint16(buf, s->dscale);
	pq_sendint64(buf, s->hi);
	pq_sendint64(buf, (int64) s->lo);
}

static void
recv_sum(StringInfo buf, TradeSum *s)
{
	s->count = pq_getmsgint64(buf);
	s->uscale = (int16) pq_getmsgint(buf, 2);
	s->dscale = (int16) pq_getmsgint(buf, 2);
	s->hi = pq_getmsgint64(buf);
	s->lo = (uint64) pq_getmsgint64(buf);
}

/*
 * version, has as_of, as_of, lookback_days, has last, last, trades, 2 sums,
 * first day, its commissions, all commissions (2 words), day count, days
 */
#define TRADE_BINARY_HEAD (2 + 2 + 4 + 4 + 4 + 4 + 8 + 2 * 28 + 4 + 8 + 16 + 4)

PG_FUNCTION_INFO_V1(cs_trade_state_send);
Datum
cs_trade_state_send(PG_FUNCTION_ARGS)
{
	TradeState *s = (TradeState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const int32 *days;
	int32		ndays,
				i;
	StringInfoData buf;

	days = trade_sorted_days(s, &ndays);
	pq_begintypsend(&buf);
	pq_sendint16(&buf, s->version);
	pq_sendint16(&buf, (int16) s->has_as_of);
	pq_sendint32(&buf, s->as_of);
	pq_sendint32(&buf, s->lookback_days);
	pq_sendint32(&buf, s->has_last);
	pq_sendint32(&buf, s->last_trade);
	pq_sendint64(&buf, s->trades);
	send_sum(&buf, &s->commission);
	send_sum(&buf, &s->turnover);
	pq_sendint32(&buf, s->first_day);
	pq_sendint64(&buf, s->first_key);
	pq_sendint64(&buf, s->total_hi);
	pq_sendint64(&buf, (int64) s->total_lo);
	pq_sendint32(&buf, ndays);
	for (i = 0; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		pq_sendint32(&buf, days[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_trade_state_recv);
Datum
cs_trade_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	TradeState *s;
	int32		ndays,
				i;

	/* a short or long message is malformed input (22P03), not a protocol error */
	if (buf->len - buf->cursor < TRADE_BINARY_HEAD)
		cs_bad_state_binary("trade_state");
	s = trade_state_alloc(0);
	s->version = (int16) pq_getmsgint(buf, 2);
	s->has_as_of = (int16) pq_getmsgint(buf, 2);
	s->as_of = (int32) pq_getmsgint(buf, 4);
	s->lookback_days = (int32) pq_getmsgint(buf, 4);
	s->has_last = (int32) pq_getmsgint(buf, 4);
	s->last_trade = (int32) pq_getmsgint(buf, 4);
	s->trades = pq_getmsgint64(buf);
	recv_sum(buf, &s->commission);
	recv_sum(buf, &s->turnover);
	s->first_day = (int32) pq_getmsgint(buf, 4);
	s->first_key = pq_getmsgint64(buf);
	s->total_hi = pq_getmsgint64(buf);
	s->total_lo = (uint64) pq_getmsgint64(buf);
	ndays = (int32) pq_getmsgint(buf, 4);
	if (s->version != TRADE_STATE_VERSION || (s->has_as_of != 0 && s->has_as_of != 1) ||
		(s->has_last != 0 && s->has_last != 1) || ndays < 0 ||
		(int64) (buf->len - buf->cursor) != (int64) ndays * 4)
		cs_bad_state_binary("trade_state");
	s = trade_reserve(s, ndays);
	for (i = 0; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		s->days[i] = (int32) pq_getmsgint(buf, 4);
	}
	s->ndays = ndays;
	pq_getmsgend(buf);
	if (!state_is_valid(s))
		cs_bad_state_binary("trade_state");
	PG_RETURN_POINTER(s);
}
