/*
 * common.c
 *	  The module magic and the input checks every customer_seg function shares.
 */
#include "customer_seg.h"

#include <errno.h>
#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "port/pg_bitutils.h"
#include "utils/typcache.h"
#include "utils/date.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

PG_MODULE_MAGIC;

void
cs_check_money(Numeric num, const char *what)
{
	if (numeric_is_nan(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be NaN", what),
				 errhint("Money amounts are finite numbers; replace NaN with NULL or a real amount.")));
	if (numeric_is_inf(num))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be finite", what),
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
				 errhint("Use NULL for an unknown date, not infinity.")));
}

void
cs_check_nonnegative(Numeric num, const char *what)
{
	cs_check_money(num, what);
	if (cs_numeric_sign(num) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", what),
				 errhint("Pass rates and losses as non-negative numbers, e.g. 0.035 for 3.5%%.")));
}

void
cs_check_share(double share, const char *what)
{
	if (isnan(share) || !(share > 0.0 && share <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s %g is not in the range (0, 1]", what, share),
				 errhint("Shares are fractions of the population, e.g. 0.20 for the top 20%%.")));
}

static void
overflow_error(bool have_error)
{
	if (have_error)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value overflows numeric format"),
				 errhint("Check the inputs for implausibly large amounts or rates.")));
}

Numeric
cs_numeric_add(Numeric a, Numeric b)
{
	bool		have_error = false;
	Numeric		r = numeric_add_opt_error(a, b, &have_error);

	overflow_error(have_error);
	return r;
}

Numeric
cs_numeric_sub(Numeric a, Numeric b)
{
	bool		have_error = false;
	Numeric		r = numeric_sub_opt_error(a, b, &have_error);

	overflow_error(have_error);
	return r;
}

Numeric
cs_numeric_mul(Numeric a, Numeric b)
{
	bool		have_error = false;
	Numeric		r = numeric_mul_opt_error(a, b, &have_error);

	overflow_error(have_error);
	return r;
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

void
cs_bad_state_text(const char *type, const char *str, const char *detail, const char *example)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", type, cs_echo(str, -1)),
			 detail ? errdetail("%s", detail) : 0,
			 errhint("Use the text that %s's output gives, e.g. %s.", type, example)));
	pg_unreachable();
}

void
cs_bad_state_binary(const char *type)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary %s", type),
			 errhint("Both ends must run the same customer_seg version.")));
	pg_unreachable();
}

/*
 * The state types' text forms: one strict reader (an optional '-' and
 * digits for integers, no blanks, no '+'), so every type reports malformed
 * text the same way and accepts exactly what its output writes.
 */
void
cs_reader_init(CsStateReader *r, const char *type, const char *str, const char *example)
{
	r->type = type;
	r->str = str;
	r->p = str;
	r->example = example;
}

void
cs_reader_fail(const CsStateReader *r, const char *detail)
{
	cs_bad_state_text(r->type, r->str, detail, r->example);
}

void
cs_reader_expect(CsStateReader *r, const char *lit)
{
	size_t		len = strlen(lit);

	if (strncmp(r->p, lit, len) != 0)
		cs_reader_fail(r, psprintf(*r->p ? "Expected \"%s\" at character %d." : "Expected \"%s\" at character %d, after the end.",
								   lit, (int) (r->p - r->str) + 1));
	r->p += len;
}

int
cs_reader_word(CsStateReader *r, const char *const *words, int nwords, const char *detail)
{
	int			i;

	for (i = 0; i < nwords; i++)
	{
		size_t		len = words[i] ? strlen(words[i]) : 0;

		if (len > 0 && strncmp(r->p, words[i], len) == 0 &&
			(r->p[len] == ';' || r->p[len] == ',' || r->p[len] == '\0'))
		{
			r->p += len;
			return i;
		}
	}
	cs_reader_fail(r, detail);
}

bool
cs_reader_skip(CsStateReader *r, char c)
{
	if (*r->p != c || c == '\0')
		return false;
	r->p++;
	return true;
}

int64
cs_reader_int(CsStateReader *r, int64 min, int64 max)
{
	const char *p = r->p;
	bool		neg = *p == '-';
	uint64		u = 0;
	int64		v;

	if (neg)
		p++;
	if (*p < '0' || *p > '9')
		cs_reader_fail(r, psprintf("Expected an integer at character %d.", (int) (r->p - r->str) + 1));
	for (; *p >= '0' && *p <= '9'; p++)
	{
		if (u > (PG_UINT64_MAX - (*p - '0')) / 10)
			cs_reader_fail(r, "An integer is out of range.");
		u = u * 10 + (*p - '0');
	}
	if (neg ? u > (uint64) PG_INT64_MAX + 1 : u > (uint64) PG_INT64_MAX)
		cs_reader_fail(r, "An integer is out of range.");
	v = neg ? (int64) (0 - u) : (int64) u;
	if (v < min || v > max)
		cs_reader_fail(r, psprintf("The integer " INT64_FORMAT " at character %d is outside " INT64_FORMAT ".." INT64_FORMAT ".",
								   v, (int) (r->p - r->str) + 1, min, max));
	r->p = p;
	return v;
}

void
cs_reader_ints(CsStateReader *r, int64 *values, int n, int64 min, int64 max)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i > 0)
			cs_reader_expect(r, ",");
		values[i] = cs_reader_int(r, min, max);
	}
}

void
cs_reader_end(const CsStateReader *r, bool valid)
{
	if (*r->p != '\0')
		cs_reader_fail(r, psprintf("Unexpected text at character %d.", (int) (r->p - r->str) + 1));
	if (!valid)
		cs_reader_fail(r, "The values are not a state the aggregates can build.");
}

void
cs_send_int64s(StringInfo buf, const int64 *values, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		pq_sendint64(buf, values[i]);
}

void
cs_recv_int64s(StringInfo buf, int64 *values, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		values[i] = pq_getmsgint64(buf);
}

int64
cs_sum_key(Datum value, const char *what, int32 *dscale)
{
	int64		key;
	int			scale;

	if (!cs_numeric_key_try(value, &key, &scale))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s cannot be summed exactly", what),
				 errdetail("Amounts may have at most 4 decimal places and an absolute value below 922337203685477."),
				 errhint("Round the amounts first, e.g. round(amount, 2).")));
	if (scale > *dscale)
		*dscale = scale;
	return key;
}

/*
 * cs_int128_ratio: unsigned 128-bit magnitudes as two words, enough for a
 * restoring division that yields 56 quotient bits plus a sticky bit, which
 * is what rounding to a 53-bit mantissa needs to be exact.
 */
typedef struct U128
{
	uint64		hi,
				lo;
} U128;

static U128
u128_magnitude(INT128 v, bool *negative)
{
	int64		hi;
	U128		u;

	cs_int128_split(v, &hi, &u.lo);
	u.hi = (uint64) hi;
	*negative = hi < 0;
	if (*negative)
	{
		u.lo = ~u.lo + 1;
		u.hi = ~u.hi + (u.lo == 0);
	}
	return u;
}

static int
u128_bits(U128 a)
{
	if (a.hi)
		return 65 + pg_leftmost_one_pos64(a.hi);
	return a.lo ? 1 + pg_leftmost_one_pos64(a.lo) : 0;
}

static U128
u128_shl(U128 a, int k)
{
	U128		r;

	if (k == 0)
		return a;
	if (k >= 64)
	{
		r.hi = a.lo << (k - 64);
		r.lo = 0;
	}
	else
	{
		r.hi = (a.hi << k) | (a.lo >> (64 - k));
		r.lo = a.lo << k;
	}
	return r;
}

double
cs_int128_ratio(INT128 a, INT128 b)
{
	bool		aneg,
				bneg;
	U128		x = u128_magnitude(a, &aneg),
				y = u128_magnitude(b, &bneg);
	int			shift,
				extra,
				i;
	uint64		q = 0,
				mant,
				rest,
				half;
	bool		sticky;
	double		r;

	Assert(u128_bits(y) > 0);
	if (u128_bits(x) == 0)
		return 0.0;
	/* both exact in a double: IEEE division rounds the quotient once */
	if (u128_bits(x) <= 53 && u128_bits(y) <= 53)
	{
		r = (double) x.lo / (double) y.lo;
		return aneg != bneg ? -r : r;
	}
	/* align the leading bits: x / y is then in (1/2, 2), times 2^shift */
	shift = u128_bits(x) - u128_bits(y);
	if (shift >= 0)
		y = u128_shl(y, shift);
	else
		x = u128_shl(x, -shift);
	for (i = 0; i < 56; i++)
	{
		q <<= 1;
		if (x.hi > y.hi || (x.hi == y.hi && x.lo >= y.lo))
		{
			x.hi = x.hi - y.hi - (x.lo < y.lo);
			x.lo = x.lo - y.lo;
			q |= 1;
		}
		x = u128_shl(x, 1);
	}
	sticky = (x.hi | x.lo) != 0;
	/* q = floor(x / y * 2^55) has 55 or 56 bits: keep 53, round the rest */
	extra = pg_leftmost_one_pos64(q) + 1 - 53;
	mant = q >> extra;
	rest = q & ((UINT64CONST(1) << extra) - 1);
	half = UINT64CONST(1) << (extra - 1);
	if (rest > half || (rest == half && (sticky || (mant & 1))))
		mant++;
	r = ldexp((double) mant, shift - 55 + extra);
	return aneg != bneg ? -r : r;
}

/*
 * sum += v; false, leaving sum alone, where 128 bits would wrap: both
 * addends of one sign and the result of the other.
 */
bool
cs_int128_add(INT128 *sum, INT128 v)
{
	int64		ahi,
				bhi,
				rhi;
	uint64		alo,
				blo,
				rlo;

	cs_int128_split(*sum, &ahi, &alo);
	cs_int128_split(v, &bhi, &blo);
	rlo = alo + blo;
	rhi = (int64) ((uint64) ahi + (uint64) bhi + (rlo < alo));
	if ((ahi < 0) == (bhi < 0) && (rhi < 0) != (ahi < 0))
		return false;
	*sum = cs_int128_join(rhi, rlo);
	return true;
}

/*
 * |v| as four 32-bit words, most significant first, so that dividing by a
 * small number is schoolbook long division in uint64; true when v < 0.
 */
static bool
int128_words(INT128 v, uint32 w[4])
{
	bool		negative;
	U128		u = u128_magnitude(v, &negative);

	w[0] = (uint32) (u.hi >> 32);
	w[1] = (uint32) u.hi;
	w[2] = (uint32) (u.lo >> 32);
	w[3] = (uint32) u.lo;
	return negative;
}

/* w /= d in place; returns the remainder */
static uint32
words_divmod(uint32 w[4], uint32 d)
{
	uint64		rem = 0;
	int			j;

	for (j = 0; j < 4; j++)
	{
		uint64		cur = (rem << 32) | w[j];

		w[j] = (uint32) (cur / d);
		rem = cur % d;
	}
	return (uint32) rem;
}

uint32
cs_int128_mod(INT128 v, uint32 m)
{
	uint32		w[4];

	Assert(m > 0);
	int128_words(v, w);
	return words_divmod(w, m);
}

Datum
cs_int128_key_to_numeric(INT128 key, int dscale)
{
	int64		hi;
	uint64		lo;
	uint32		w[4];
	char		buf[48];
	char	   *p = buf + sizeof(buf) - 1;
	int			digits = 0;
	bool		negative;

	cs_int128_split(key, &hi, &lo);
	if ((hi == 0 && lo <= (uint64) PG_INT64_MAX) || (hi == -1 && lo > (uint64) PG_INT64_MAX))
		return cs_key_to_numeric((int64) lo, dscale);
	negative = int128_words(key, w);
	*p = '\0';
	do
	{
		*--p = '0' + words_divmod(w, 10);
		if (++digits == CS_NUMERIC_KEY_SCALE)
			*--p = '.';
	} while (w[0] | w[1] | w[2] | w[3]);
	if (negative)
		*--p = '-';
	return DirectFunctionCall2(numeric_round,
							   DirectFunctionCall3(numeric_in, CStringGetDatum(p),
												   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)),
							   Int32GetDatum(dscale));
}
