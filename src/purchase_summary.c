/*
 * purchase_summary.c
 *	  The purchase_summary aggregate: a customer's transactions (date,
 *	  amount) as of a date, summarised into the inputs of the BG/NBD and
 *	  Gamma-Gamma models (state: purchase_state).
 *
 * Rules, as of a date:
 *	- a purchase is a day with at least one transaction: several rows on one
 *	  day are one purchase, and their amounts add up (exactly, as keys of
 *	  0.0001; negative amounts, returns, add up too);
 *	- rows dated after as_of are ignored (a summary as of a past date can be
 *	  taken from the whole table); a row with a NULL date or amount is
 *	  skipped; as_of must be given and the same on every row;
 *	- frequency = purchase days - 1 (the repeat purchases), recency = days
 *	  from the first to the last purchase, age = days from the first purchase
 *	  to as_of, both divided by unit_days (7: weeks) as float8;
 *	- monetary_value = the amounts of the purchase days other than the first,
 *	  summed, divided by frequency, as numeric: exactly what SQL's
 *	  sum(amount) / count gives over those days (the sum's scale is the
 *	  largest scale of the amounts summed), NULL when frequency is 0.
 *
 * The state keeps one 16-byte entry per purchase day (day, scale, amount
 * sum).  Rows are appended in any order; a row on the day of the last entry
 * is added to it in place, so sorted input needs no more.  When the entries
 * fill the state, they are sorted and the days merged, and the state
 * doubles only if that leaves less than half of it free: O(log n) per row
 * amortised, never quadratic, whatever the order of the rows or the number
 * of states merged, and the state's room stays below 4 entries (64 bytes)
 * per distinct purchase day.  The text and binary forms list the days
 * sorted and merged, so equal states print equally.
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
#include "utils/date.h"
#include "utils/memutils.h"

#define PURCHASE_STATE_VERSION 1
#define PURCHASE_SUMMARY_NATTS 6
#define PURCHASE_FIRST_ROOM 8

typedef struct PurchaseDay
{
	int32		day;			/* a PostgreSQL date */
	int16		dscale;			/* largest display scale of its amounts */
	int16		unused;
	int64		key;			/* sum of its amounts * 10^4 */
} PurchaseDay;

typedef struct PurchaseState
{
	int32		vl_len_;
	int16		version;
	int16		sorted;			/* 1: days strictly increasing */
	int32		has_as_of;		/* 0 until a row gave as_of */
	int32		as_of;
	int32		unit_days;		/* 0: not given (1 is used) */
	int32		ndays;			/* entries in use; the varlena may have room for more */
	PurchaseDay days[FLEXIBLE_ARRAY_MEMBER];
} PurchaseState;

#define PURCHASE_STATE_SIZE(n) (offsetof(PurchaseState, days) + (Size) (n) * sizeof(PurchaseDay))
#define PURCHASE_ROOM(s) ((int64) ((VARSIZE(s) - offsetof(PurchaseState, days)) / sizeof(PurchaseDay)))

static const char *const purchase_example = "'v1' for an empty state, or 'v1;-823;0;-1095,2,633400,-1083,2,117700'";

static PurchaseState *
purchase_state_alloc(int64 room)
{
	PurchaseState *s;

	if (PURCHASE_STATE_SIZE(room) > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("purchase_state of " INT64_FORMAT " purchase days is too large", room),
				 errhint("Summarise one customer per group: GROUP BY the customer.")));
	s = palloc0(PURCHASE_STATE_SIZE(room));
	SET_VARSIZE(s, PURCHASE_STATE_SIZE(room));
	s->version = PURCHASE_STATE_VERSION;
	s->sorted = 1;
	return s;
}

static void
purchase_sum_overflow(int32 day)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the amounts of %s sum out of range", cs_date_text(day)),
			 errhint("A day's amounts are summed exactly up to 922337203685477; check the amounts.")));
}

/* entry d += o (same day) */
static inline void
day_add(PurchaseDay *d, const PurchaseDay *o)
{
	if (unlikely(pg_add_s64_overflow(d->key, o->key, &d->key)))
		purchase_sum_overflow(d->day);
	d->dscale = Max(d->dscale, o->dscale);
}

/* cs_day_merge_fn of the day lists */
static void
day_merge(void *into, const void *from)
{
	day_add((PurchaseDay *) into, (const PurchaseDay *) from);
}

/*
 * s with room for n more entries: s itself, or a new state of more room
 * (common.h's day-list policy), which the caller returns and nodeAgg keeps.
 */
static PurchaseState *
purchase_reserve(PurchaseState *s, int64 n)
{
	int64		room = cs_days_reserve(s->days, &s->ndays, &s->sorted, n, PURCHASE_ROOM(s),
									   PURCHASE_FIRST_ROOM, sizeof(PurchaseDay), day_merge);
	PurchaseState *r;

	if (room == 0)
		return s;
	r = purchase_state_alloc(room);
	memcpy(VARDATA(r), VARDATA(s), PURCHASE_STATE_SIZE(s->ndays) - VARHDRSZ);
	return r;
}

/*
 * s with one more entry: added to the last day if it is the same day; else
 * appended, and when the room is full the days are merged first, and the
 * state grows only if that freed less than half the room.  After the merge
 * the last entry is the latest day, which may be this row's.
 */
static PurchaseState *
purchase_append(PurchaseState *s, const PurchaseDay *d)
{
	int			pass;

	/* twice: making room can merge and sort the days, and change the last */
	for (pass = 0; pass < 2; pass++)
	{
		if (s->ndays > 0 && s->days[s->ndays - 1].day == d->day)
		{
			day_add(&s->days[s->ndays - 1], d);
			return s;
		}
		if (pass == 0)
			s = purchase_reserve(s, 1);
	}
	if (s->ndays > 0 && s->days[s->ndays - 1].day > d->day)
		s->sorted = 0;
	s->days[s->ndays++] = *d;
	return s;
}

/* The state to update in place inside an aggregate, else a copy. */
static PurchaseState *
purchase_state_arg(FunctionCallInfo fcinfo, int argno)
{
	PurchaseState *s;

	cs_check_state_arg(fcinfo, argno, "purchase_state");
	s = (PurchaseState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	if (s->version != PURCHASE_STATE_VERSION)
		cs_bad_state_version("purchase_state", s->version, PURCHASE_STATE_VERSION);
	if (argno == 0 && !AggCheckCallContext(fcinfo, NULL))
	{
		PurchaseState *copy = palloc(VARSIZE(s));

		memcpy(copy, s, VARSIZE(s));
		s = copy;
	}
	return s;
}

/* the days of s sorted and merged: s's own entries, or a sorted copy */
static const PurchaseDay *
purchase_sorted_days(const PurchaseState *s, int32 *ndays)
{
	return cs_days_sorted(s->days, s->ndays, s->sorted, sizeof(PurchaseDay), day_merge, ndays);
}

static void
purchase_set_as_of(PurchaseState *s, int32 as_of)
{
	if (!s->has_as_of)
	{
		s->has_as_of = 1;
		s->as_of = as_of;
	}
	else if (s->as_of != as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of must be the same for every row of a purchase summary"),
				 errdetail("A row has as_of %s, an earlier row %s.", cs_date_text(as_of), cs_date_text(s->as_of)),
				 errhint("Pass one as-of date, e.g. DATE '1997-09-30', for the whole aggregate.")));
}

static void
purchase_set_unit(PurchaseState *s, int32 unit_days)
{
	if (s->unit_days == 0)
		s->unit_days = unit_days;
	else if (s->unit_days != unit_days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit_days must be the same for every row of a purchase summary"),
				 errdetail("A row has unit_days %d, an earlier row or part %d.", unit_days, s->unit_days),
				 errhint("Pass one time unit, e.g. 7 for weeks, for the whole aggregate.")));
}

/* unit_days argument argno: NULL is the default 1; <= 0 is an error */
static int32
unit_days_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		unit;

	if (PG_ARGISNULL(argno))
		return 1;
	unit = PG_GETARG_INT32(argno);
	if (unit <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit_days must be at least 1"),
				 errdetail("unit_days is %d.", unit),
				 errhint("Pass the length of the time unit in days: 1 for days, 7 for weeks.")));
	return unit;
}

/*
 * purchase_summary_add(state, purchased, amount, as_of [, unit_days]): the
 * transition function of purchase_summary and purchase_summary_partial.
 */
PG_FUNCTION_INFO_V1(cs_purchase_add);
Datum
cs_purchase_add(PG_FUNCTION_ARGS)
{
	PurchaseState *s = purchase_state_arg(fcinfo, 0);
	PurchaseDay d = {0};
	DateADT		as_of;
	int			dscale = 0;

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("Pass the date the summary is taken on, e.g. DATE '1997-09-30': it is one date for the whole aggregate, not a row value.")));
	as_of = PG_GETARG_DATEADT(3);
	cs_check_finite_date(as_of, "as_of");
	purchase_set_as_of(s, as_of);
	if (PG_NARGS() > 4)
		purchase_set_unit(s, unit_days_arg(fcinfo, 4));
	/* a row without a date or an amount is no purchase */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	d.day = PG_GETARG_DATEADT(1);
	cs_check_finite_date(d.day, "purchased");
	if (d.day > as_of)
		PG_RETURN_POINTER(s);
	d.key = cs_sum_key(PG_GETARG_DATUM(2), "amount", &dscale);
	d.dscale = (int16) dscale;
	PG_RETURN_POINTER(purchase_append(s, &d));
}

/*
 * s + o: o's days appended to s, merged when the room fills.  Both
 * must have the same as_of and unit; a state that has seen no row yet
 * (no as_of) takes the other's.
 */
PG_FUNCTION_INFO_V1(cs_purchase_combine);
Datum
cs_purchase_combine(PG_FUNCTION_ARGS)
{
	PurchaseState *s = purchase_state_arg(fcinfo, 0);
	PurchaseState *o = purchase_state_arg(fcinfo, 1);
	int32		i;

	if (o->has_as_of)
		purchase_set_as_of(s, o->as_of);
	if (o->unit_days != 0)
		purchase_set_unit(s, o->unit_days);
	if (o->ndays == 0)
		PG_RETURN_POINTER(s);
	s = purchase_reserve(s, o->ndays);
	for (i = 0; i < o->ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (s->ndays > 0 && s->days[s->ndays - 1].day >= o->days[i].day)
			s->sorted = 0;
		s->days[s->ndays++] = o->days[i];
	}
	PG_RETURN_POINTER(s);
}

/*
 * purchase_summary_final(state [, unit_days]): the summary row, NULL when no
 * row qualified.  The unit is the argument, else the one the aggregate was
 * given (purchase_summary(..., unit_days)), else 1.
 */
PG_FUNCTION_INFO_V1(cs_purchase_final);
Datum
cs_purchase_final(PG_FUNCTION_ARGS)
{
	PurchaseState *s;
	const PurchaseDay *days;
	int32		ndays,
				unit,
				i,
				dscale = 0;
	INT128		total = int64_to_int128(0);
	TupleDesc	tupdesc;
	Datum		values[PURCHASE_SUMMARY_NATTS];
	bool		nulls[PURCHASE_SUMMARY_NATTS] = {0};
	int64		first,
				last;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = (PurchaseState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	if (s->version != PURCHASE_STATE_VERSION)
		cs_bad_state_version("purchase_state", s->version, PURCHASE_STATE_VERSION);
	unit = PG_NARGS() > 1 && !PG_ARGISNULL(1) ? unit_days_arg(fcinfo, 1) :
		s->unit_days > 0 ? s->unit_days : 1;
	days = purchase_sorted_days(s, &ndays);
	if (ndays == 0)
		PG_RETURN_NULL();
	tupdesc = cs_result_tupdesc(fcinfo);
	first = days[0].day;
	last = days[ndays - 1].day;
	for (i = 1; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		int128_add_int64(&total, days[i].key);
		dscale = Max(dscale, days[i].dscale);
	}
	values[0] = Int32GetDatum(ndays - 1);
	values[1] = Float8GetDatum((double) (last - first) / (double) unit);
	values[2] = Float8GetDatum((double) (s->as_of - first) / (double) unit);
	if (ndays > 1)
		values[3] = DirectFunctionCall2(numeric_div, cs_int128_key_to_numeric(total, dscale),
										NumericGetDatum(int64_to_numeric(ndays - 1)));
	else
		nulls[3] = true;
	values[4] = DateADTGetDatum((DateADT) first);
	values[5] = DateADTGetDatum((DateADT) last);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
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

/*
 * What every state the aggregates build satisfies: without as_of no unit
 * and no day; days strictly increasing, finite and not after as_of; scales
 * in numeric's range and no amount sum with more decimals than its scale.
 */
static bool
state_is_valid(const PurchaseState *s)
{
	int32		i;

	if (!s->has_as_of)
		return s->unit_days == 0 && s->ndays == 0;
	if (!date_is_valid(s->as_of) || s->unit_days < 0)
		return false;
	for (i = 0; i < s->ndays; i++)
	{
		const PurchaseDay *d = &s->days[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (!date_is_valid(d->day) || d->day > s->as_of || (i > 0 && d->day <= s->days[i - 1].day) ||
			d->dscale < 0 || d->dscale > CS_NUMERIC_DSCALE_MAX || !cs_key_fits_scale(d->key, d->dscale))
			return false;
	}
	return true;
}

/*
 * "v1" (no row yet), or "v1;as_of;unit_days;" and then day,scale,key for
 * each purchase day in date order (dates as PostgreSQL day numbers, days
 * since 2000-01-01; keys are amounts in units of 0.0001; unit_days 0: not
 * given).
 */
PG_FUNCTION_INFO_V1(cs_purchase_state_out);
Datum
cs_purchase_state_out(PG_FUNCTION_ARGS)
{
	PurchaseState *s = (PurchaseState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const PurchaseDay *days;
	int32		ndays,
				i;
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d", s->version);
	if (!s->has_as_of)
		PG_RETURN_CSTRING(buf.data);
	appendStringInfo(&buf, ";%d;%d;", s->as_of, s->unit_days);
	days = purchase_sorted_days(s, &ndays);
	for (i = 0; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		appendStringInfo(&buf, "%s%d,%d," INT64_FORMAT, i ? "," : "", days[i].day, days[i].dscale, days[i].key);
	}
	PG_RETURN_CSTRING(buf.data);
}

static const char *const purchase_versions[] = {NULL, "v1"};

PG_FUNCTION_INFO_V1(cs_purchase_state_in);
Datum
cs_purchase_state_in(PG_FUNCTION_ARGS)
{
	CsStateReader r;
	PurchaseState *s;
	int64		v[3];

	cs_reader_init(&r, "purchase_state", PG_GETARG_CSTRING(0), purchase_example);
	cs_reader_word(&r, purchase_versions, lengthof(purchase_versions), "The version must be v1.");
	s = purchase_state_alloc(0);
	if (!cs_reader_skip(&r, ';'))
	{
		cs_reader_end(&r, true);
		PG_RETURN_POINTER(s);
	}
	s->has_as_of = 1;
	s->as_of = (int32) cs_reader_int(&r, PG_INT32_MIN, PG_INT32_MAX);
	cs_reader_expect(&r, ";");
	s->unit_days = (int32) cs_reader_int(&r, 0, PG_INT32_MAX);
	cs_reader_expect(&r, ";");
	if (*r.p != '\0')
	{
		do
		{
			PurchaseDay d = {0};

			cs_reader_ints(&r, v, 3, PG_INT64_MIN, PG_INT64_MAX);
			if (v[0] < PG_INT32_MIN || v[0] > PG_INT32_MAX || v[1] < 0 || v[1] > CS_NUMERIC_DSCALE_MAX)
				cs_reader_fail(&r, "A day is day,scale,key: a day number and a scale in 0..16383.");
			d.day = (int32) v[0];
			d.dscale = (int16) v[1];
			d.key = v[2];
			if (s->ndays > 0 && d.day <= s->days[s->ndays - 1].day)
				cs_reader_fail(&r, "The days must be in increasing order, each once.");
			s = purchase_reserve(s, 1);
			s->days[s->ndays++] = d;
		} while (cs_reader_skip(&r, ','));
	}
	cs_reader_end(&r, state_is_valid(s));
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_purchase_state_send);
Datum
cs_purchase_state_send(PG_FUNCTION_ARGS)
{
	PurchaseState *s = (PurchaseState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	const PurchaseDay *days;
	int32		ndays,
				i;
	StringInfoData buf;

	days = purchase_sorted_days(s, &ndays);
	pq_begintypsend(&buf);
	pq_sendint16(&buf, s->version);
	pq_sendint16(&buf, (int16) s->has_as_of);
	pq_sendint32(&buf, s->as_of);
	pq_sendint32(&buf, s->unit_days);
	pq_sendint32(&buf, ndays);
	for (i = 0; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		pq_sendint32(&buf, days[i].day);
		pq_sendint16(&buf, days[i].dscale);
		pq_sendint64(&buf, days[i].key);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* version, has as_of, as_of, unit_days, day count, days (day, scale, key) */
PG_FUNCTION_INFO_V1(cs_purchase_state_recv);
Datum
cs_purchase_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	PurchaseState *s;
	int32		ndays,
				i;

	/* a short or long message is malformed input (22P03), not a protocol error */
	if (buf->len - buf->cursor < 16)
		cs_bad_state_binary("purchase_state");
	s = purchase_state_alloc(0);
	s->version = (int16) pq_getmsgint(buf, 2);
	s->has_as_of = (int16) pq_getmsgint(buf, 2);
	s->as_of = (int32) pq_getmsgint(buf, 4);
	s->unit_days = (int32) pq_getmsgint(buf, 4);
	ndays = (int32) pq_getmsgint(buf, 4);
	if (s->version != PURCHASE_STATE_VERSION || (s->has_as_of != 0 && s->has_as_of != 1) || ndays < 0 ||
		(int64) (buf->len - buf->cursor) != (int64) ndays * 14)
		cs_bad_state_binary("purchase_state");
	s = purchase_reserve(s, ndays);
	for (i = 0; i < ndays; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		s->days[i].day = (int32) pq_getmsgint(buf, 4);
		s->days[i].dscale = (int16) pq_getmsgint(buf, 2);
		s->days[i].key = pq_getmsgint64(buf);
	}
	s->ndays = ndays;
	pq_getmsgend(buf);
	if (!state_is_valid(s))
		cs_bad_state_binary("purchase_state");
	PG_RETURN_POINTER(s);
}
