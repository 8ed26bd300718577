/*
 * common.c
 *	  The module magic, the input checks every customer_seg function shares,
 *	  and the per-call-site caches (enum labels, result and composite
 *	  descriptors, array arguments).
 */
#include "common.h"
#include "valuekey.h"

#include "catalog/pg_enum.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/typcache.h"
#include "utils/date.h"
#include "miscadmin.h"
#include "utils/datetime.h"
#include "utils/fmgroids.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

PG_MODULE_MAGIC;

/*
 * The text of a numeric for an error message, cut to CS_ECHO_LEN bytes: a
 * numeric can have thousands of digits, and the message must stay readable.
 */
char *
cs_numeric_text(Datum num)
{
	return cs_echo(DatumGetCString(DirectFunctionCall1(numeric_out, num)), -1);
}

/*
 * array_out through a full fmgr call (array_out keeps its cache in
 * fn_extra, so it cannot be called with DirectFunctionCall1)
 */
char *
cs_array_text(Datum arr)
{
	return cs_echo(OidOutputFunctionCall(F_ARRAY_OUT, arr), -1);
}

/* ISO 8601 whatever DateStyle is: messages read the same in every session */
char *
cs_date_text(int32 d)
{
	struct pg_tm tm;
	char		buf[MAXDATELEN + 1];

	if (DATE_NOT_FINITE((DateADT) d))
		EncodeSpecialDate((DateADT) d, buf);
	else
	{
		j2date(d + POSTGRES_EPOCH_JDATE, &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
		EncodeDateOnly(&tm, USE_ISO_DATES, buf);
	}
	return pstrdup(buf);
}

void
cs_check_money(Numeric num, const char *what)
{
	if (numeric_is_nan(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NaN", what),
				 errdetail("%s is NaN.", what),
				 errhint("Money amounts are finite numbers; replace NaN with NULL or a real amount.")));
	if (numeric_is_inf(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite", what),
				 errdetail("%s is %s.", what, cs_numeric_text(NumericGetDatum(num))),
				 errhint("Money amounts are finite numbers; replace infinity with NULL or a real amount.")));
}

/*
 * Sign of a finite numeric, read from its header instead of comparing with a
 * freshly built zero (that costs an allocation and a numeric_cmp per row).
 */
int
cs_numeric_sign(Numeric num)
{
	CsNumericParts p;

	cs_numeric_decode((struct varlena *) num, &p);
	Assert(!p.special);			/* NaN and infinities rejected first */
	if (p.ndigits == 0)
		return 0;
	return p.negative ? -1 : 1;
}

void
cs_check_finite_date(int32 d, const char *what)
{
	if (DATE_NOT_FINITE((DateADT) d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", what),
				 errdetail("%s is %s.", what, cs_date_text(d)),
				 errhint("Use NULL for an unknown date, not infinity.")));
}

void
cs_check_nonnegative(Numeric num, const char *what, const char *hint)
{
	cs_check_money(num, what);
	if (cs_numeric_sign(num) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errdetail("%s is %s.", what, cs_numeric_text(NumericGetDatum(num))),
				 errhint("%s", hint)));
}

/*
 * The one rule for fractions (the API contract): a value above 1 is almost
 * surely a percentage, and the hint says how to write it.
 */
#define CS_PERCENT_HINT "Write a percentage as a fraction: 25%% is 0.25."

void
cs_check_share(double share, const char *what)
{
	if (isnan(share) || !(share > 0.0 && share <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %g is not in the range (0, 1]", what, share),
				 share > 1.0 && !isinf(share) ? errhint(CS_PERCENT_HINT)
				 : errhint("Shares are fractions of the population, e.g. 0.20 for the top 20%%.")));
}

/*
 * Called once a row (economic_profit's rates): the range test reads the
 * numeric's digits in place rather than building and comparing a numeric 1.
 * A value in [0, 1] is zero, or positive with weight < 0 (below 1), or
 * exactly 1: weight 0, first base-10000 digit 1, no other nonzero digit.
 */
static bool
rate_in_range(Numeric num)
{
	CsNumericParts p;
	int			i;

	cs_numeric_decode((const struct varlena *) num, &p);
	if (p.special)
		return false;
	if (p.ndigits == 0)
		return true;
	if (p.negative || p.weight > 0)
		return false;
	if (p.weight < 0)
		return true;
	if (cs_numeric_digit(&p, 0) != 1)
		return false;
	for (i = 1; i < p.ndigits; i++)
		if (cs_numeric_digit(&p, i) != 0)
			return false;
	return true;
}

void
cs_check_rate(Numeric num, const char *what)
{
	if (rate_in_range(num))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("%s %s is not in the range [0, 1]", what, cs_numeric_text(NumericGetDatum(num))),
			 numeric_is_nan(num) || numeric_is_inf(num) || cs_numeric_sign(num) < 0
			 ? errhint("Rates are fractions from 0 to 1, e.g. 0.035 for 3.5%%.")
			 : errhint(CS_PERCENT_HINT)));
}

static void
lookup_labels(Oid enumtype, Oid *oids, const char *const *labels, int nlabels)
{
	int			i;

	for (i = 0; i < nlabels; i++)
		oids[i] = DatumGetObjectId(DirectFunctionCall2(enum_in, CStringGetDatum(labels[i]),
													   ObjectIdGetDatum(enumtype)));
}

Oid *
cs_enum_oids(FunctionCallInfo fcinfo, const char *const *labels, int nlabels)
{
	Oid		   *oids = cs_fn_extra(fcinfo, sizeof(Oid) * nlabels);

	cs_enum_lookup(fcinfo, oids, labels, nlabels);
	return oids;
}

void *
cs_fn_extra(FunctionCallInfo fcinfo, Size size)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, size);
	return fcinfo->flinfo->fn_extra;
}

void
cs_enum_lookup(FunctionCallInfo fcinfo, Oid *oids, const char *const *labels, int nlabels)
{
	if (oids[0] == InvalidOid)
		lookup_labels(get_func_rettype(fcinfo->flinfo->fn_oid), oids, labels, nlabels);
}

TupleDesc
cs_result_tupdesc(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		TupleDesc	tupdesc;

		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "function returning a record called in a context that cannot accept one");
		fcinfo->flinfo->fn_extra = BlessTupleDesc(tupdesc);
		MemoryContextSwitchTo(old);
	}
	return (TupleDesc) fcinfo->flinfo->fn_extra;
}

void
cs_composite_deform(HeapTupleHeader t, TupleDesc *cache, MemoryContext mcxt, Datum *values, bool *nulls)
{
	HeapTupleData tuple;

	if (*cache == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(mcxt);

		*cache = lookup_rowtype_tupdesc_copy(HeapTupleHeaderGetTypeId(t), HeapTupleHeaderGetTypMod(t));
		MemoryContextSwitchTo(old);
	}
	tuple.t_len = HeapTupleHeaderGetDatumLength(t);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = t;
	heap_deform_tuple(&tuple, *cache, values, nulls);
}

int
cs_enum_index(Oid value, Oid *oids, const char *const *labels, int nlabels)
{
	int			i;

	if (oids[0] == InvalidOid)
	{
		HeapTuple	tup = SearchSysCache1(ENUMOID, ObjectIdGetDatum(value));

		if (!HeapTupleIsValid(tup))
			elog(ERROR, "invalid internal value for enum: %u", value);
		lookup_labels(((Form_pg_enum) GETSTRUCT(tup))->enumtypid, oids, labels, nlabels);
		ReleaseSysCache(tup);
	}
	for (i = 0; i < nlabels; i++)
		if (oids[i] == value)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("enum value %u is not one of customer_seg's labels", value),
			 errhint("Do not add labels to customer_seg's enum types.")));
	return -1;					/* keep the compiler quiet */
}

void
cs_check_state_arg(FunctionCallInfo fcinfo, int argno, const char *type)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("aggregate state %s must not be NULL", type),
				 errhint("Start from the aggregate's initial state, or call the aggregate instead of its transition function.")));
}

void
cs_bad_state_version(const char *type, int found, int expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid %s version %d", type, found),
			 errdetail("This customer_seg reads %s version %d.", type, expected),
			 errhint(CS_REBUILD_STATE_HINT)));
}

void
cs_bad_state(const char *type, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid %s", type),
			 errdetail_internal("%s", detail),
			 errhint(CS_REBUILD_STATE_HINT)));
}

void
cs_array_remember(FunctionCallInfo fcinfo, CsArrayCopy *c, const void *arr)
{
	if (c->bytes)
		pfree(c->bytes);
	c->bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE(arr));
	memcpy(c->bytes, arr, VARSIZE(arr));
	c->len = VARSIZE(arr);
}

char *
cs_echo(const char *str, int len)
{
	int			clip;

	if (len < 0)
		len = strlen(str);
	clip = len <= CS_ECHO_LEN ? len : pg_mbcliplen(str, len, CS_ECHO_LEN);
	return psprintf("%.*s%s", clip, str, clip < len ? "..." : "");
}

int32
cs_sort_key(FunctionCallInfo fcinfo, const char *const *best_first, int nlabels)
{
	Oid		   *oids = cs_fn_extra(fcinfo, sizeof(Oid) * nlabels);

	return cs_enum_index(PG_GETARG_OID(0), oids, best_first, nlabels) + 1;
}

/* ---------------------------------------------------------------------
 * Day lists (see common.h)
 * --------------------------------------------------------------------- */

static int
cs_day_cmp(const void *a, const void *b)
{
	int32		x,
				y;

	memcpy(&x, a, sizeof(int32));
	memcpy(&y, b, sizeof(int32));
	return (x > y) - (x < y);
}

int32
cs_days_compact(void *entries, int32 n, Size size, cs_day_merge_fn merge)
{
	char	   *e = (char *) entries;
	char	   *out = e;
	int32		i;

	if (n <= 1)
		return n;
	qsort(e, n, size, cs_day_cmp);
	for (i = 1; i < n; i++)
	{
		char	   *cur = e + i * size;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (cs_day_cmp(cur, out) == 0)
		{
			if (merge)
				merge(out, cur);
		}
		else
		{
			out += size;
			if (out != cur)
				memcpy(out, cur, size);
		}
	}
	return (int32) ((out - e) / size) + 1;
}

const void *
cs_days_sorted(const void *entries, int32 n, bool sorted, Size size,
			   cs_day_merge_fn merge, int32 *nout)
{
	void	   *copy;

	*nout = n;
	if (sorted)
		return entries;
	copy = palloc(Max(n, 1) * size);
	memcpy(copy, entries, n * size);
	*nout = cs_days_compact(copy, n, size, merge);
	return copy;
}

int64
cs_days_reserve(void *entries, int32 *ndays, int16 *sorted, int64 n, int64 room,
				int64 first_room, Size size, cs_day_merge_fn merge)
{
	if (*ndays + n <= room)
		return 0;
	if (!*sorted)
		*ndays = cs_days_compact(entries, *ndays, size, merge);
	*sorted = 1;
	if (*ndays + n <= room && *ndays <= room / 2)
		return 0;
	return Max((int64) *ndays + n, Max(2 * room, first_room));
}
