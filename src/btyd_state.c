/*
 * btyd_state.c
 *	  The btyd_state type: the state of the fit aggregates bgnbd_fit and
 *	  gamma_gamma_fit, an exact, mergeable histogram of the distinct keys of
 *	  their rows, (frequency, recency, age) or (frequency, monetary value),
 *	  with how many rows had each.
 *
 * The likelihood of both models depends on a customer only through the key,
 * so the final function evaluates it once per distinct key, weighted by the
 * count.  Merging two states (parallel query, stored partial states) adds
 * the counts of equal keys; the entries are kept sorted, so the merged
 * histogram and therefore every sum of the fit are the same, bit for bit,
 * whatever the split of the rows.
 *
 * Stored and sent, a state is always the canonical flat form, entries
 * strictly ascending (by frequency, then the second, then the third key):
 *
 *   int32 varlena header | uint8 version | uint8 kind | 2 zero bytes
 *   | int64 n | int64 nentries | nentries x (float8 k0, k1, k2, int64 count)
 *
 * 24 bytes of header and 32 bytes per distinct key.
 *
 * Inside an aggregate the state is an expanded object: rows are appended to
 * an entry array; when it is full it is sorted and equal keys merged, and
 * the array grows only if that leaves it more than half full
 * (btyd_make_room).  Merging a state of comparable size (the combine
 * function joining parallel workers) merges the sorted entries linearly; a
 * much smaller one is appended like rows.  So the array holds at most about
 * twice the distinct keys (64 bytes each, plus the sort's temporary copy
 * while compacting), rows and merged entries cost O(log n) each however
 * they come, and nothing is quadratic.  The states of one aggregate context
 * share one child context, as value_summary's do (src/expanded.c; see
 * value_summary.c for why and why it is safe: our transition functions
 * always return the state they were given).
 *
 * Text form: "v1;bgnbd;n;x,t_x,T*count;..." or "v1;gamma_gamma;n;x,m*count;
 * ...", entries ascending, "*count" omitted when 1, float8 values in
 * shortest round-trip form, so text and binary forms are exact and both
 * inputs accept exactly the states the aggregates can build (one check).
 */
#include "common.h"
#include "expanded.h"
#include "state_io.h"
#include "btyd.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "utils/float.h"

#define BTYD_VERSION 1
#define BTYD_INITIAL 8
#define BTYD_STATES_CONTEXT "btyd_state states"
#define BTYD_EXAMPLE "'v1;bgnbd;3;0,0,38*2;2,30.5,38'"

typedef struct BtydFlat
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint8		pad[2];
	int64		n;
	int64		nentries;
	BtydEntry	e[FLEXIBLE_ARRAY_MEMBER];
} BtydFlat;

#define BTYD_HDRSZ offsetof(BtydFlat, e)
#define BTYD_MAX_ENTRIES ((int64) ((MaxAllocSize - BTYD_HDRSZ) / sizeof(BtydEntry)))

/*
 * A state in memory: a read-write expanded object, or a read-only view of
 * a flat value (e pointing into it).  sorted: e[0..nentries) is ascending
 * with distinct keys.
 */
struct BtydState
{
	ExpandedObjectHeader hdr;
	uint8		kind;			/* 0 until the first row or merge */
	bool		sorted;
	bool		readonly;
	int64		n;
	BtydEntry  *e;
	int64		nentries,
				cap;
};

static const char *const kind_names[] = {"none", "bgnbd", "gamma_gamma"};

static Size btyd_flat_size(ExpandedObjectHeader *eohptr);
static void btyd_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size);

static const ExpandedObjectMethods btyd_methods = {
	btyd_flat_size,
	btyd_flatten
};

static void btyd_init(ExpandedObjectHeader *eoh);

static const CsExpandedType btyd_type = {
	"btyd_state", "state", BTYD_STATES_CONTEXT, sizeof(BtydState), &btyd_methods, btyd_init
};

static int
entry_cmp(const void *a, const void *b)
{
	const BtydEntry *x = a,
			   *y = b;
	int			i;

	for (i = 0; i < 3; i++)
		if (x->k[i] != y->k[i])
			return x->k[i] < y->k[i] ? -1 : 1;
	return 0;
}

static bool
same_key(const BtydEntry *x, const BtydEntry *y)
{
	return x->k[0] == y->k[0] && x->k[1] == y->k[1] && x->k[2] == y->k[2];
}

static void
count_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("btyd_state count out of range"),
			 errhint("A state counts at most 9223372036854775807 rows; fit smaller groups.")));
}

static void
check_entries_limit(int64 n)
{
	if (n > BTYD_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("btyd_state of " INT64_FORMAT " distinct keys is too large", n),
				 errdetail("A btyd_state holds at most " INT64_FORMAT " distinct keys (1 GB).", BTYD_MAX_ENTRIES),
				 errhint("Round recency, age or the monetary value so that fewer keys are distinct.")));
}

/* sort and merge equal keys, in place (allowed read-only: the value is the same) */
static void
btyd_compact(BtydState *s)
{
	int64		i,
				out = 0;

	if (s->sorted)
		return;
	if (s->nentries > 1)
		qsort(s->e, s->nentries, sizeof(BtydEntry), entry_cmp);
	for (i = 0; i < s->nentries; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (out > 0 && same_key(&s->e[out - 1], &s->e[i]))
			s->e[out - 1].count += s->e[i].count;	/* <= n: no overflow */
		else
			s->e[out++] = s->e[i];
	}
	s->nentries = out;
	s->sorted = true;
}

static void
btyd_init(ExpandedObjectHeader *eoh)
{
	((BtydState *) eoh)->sorted = true;
}

/*
 * Room for more entries in a read-write state: when the array is full it is
 * compacted first, and grows (to twice what it must hold) only if that
 * leaves it more than half full.  So every compaction is followed by at
 * least half an array of appends: O(log n) per entry however rows and
 * merged states come, and at most twice the distinct keys plus the last
 * batch appended.
 */
static void
btyd_make_room(BtydState *s, int64 more)
{
	int64		need = s->nentries + more;

	if (need <= s->cap)
		return;
	btyd_compact(s);
	need = s->nentries + more;
	if (need <= s->cap / 2)
		return;
	check_entries_limit(need);
	s->cap = Min(Max(BTYD_INITIAL, 2 * need), BTYD_MAX_ENTRIES);
	s->e = cs_expanded_realloc(&s->hdr, s->e, s->cap * sizeof(BtydEntry));
}

BtydState *
btyd_state_read(Datum d)
{
	BtydFlat   *f;
	BtydState  *s = (BtydState *) cs_expanded_of(d, &btyd_type);

	if (s != NULL)
		return s;
	f = (BtydFlat *) PG_DETOAST_DATUM(d);
	if (VARSIZE(f) < BTYD_HDRSZ || f->version != BTYD_VERSION ||
		f->kind < BTYD_KIND_BGNBD || f->kind > BTYD_KIND_GAMMA_GAMMA || f->n < 0 ||
		!cs_holds_entries(VARSIZE(f) - BTYD_HDRSZ, f->nentries, sizeof(BtydEntry)))
		cs_expanded_bad_flat(&btyd_type, VARSIZE(f));
	s = palloc0(sizeof(BtydState));
	s->kind = f->kind;
	s->sorted = true;
	s->readonly = true;
	s->n = f->n;
	s->e = f->e;
	s->nentries = f->nentries;
	return s;
}

/*
 * Merge src into the read-write dst: both sorted (compacted) first, then
 * one linear merge that adds the counts of equal keys, so that combining
 * the parallel workers' states costs no sort of their union.
 */
static void
btyd_merge_into(BtydState *dst, BtydState *src)
{
	int64		n,
				size,
				i = 0,
				j = 0,
				k = 0;
	BtydEntry  *m;

	if (src->kind != 0)
	{
		if (dst->kind == 0)
			dst->kind = src->kind;
		else if (dst->kind != src->kind)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("cannot merge a btyd_state of kind %s with one of kind %s",
							kind_names[dst->kind], kind_names[src->kind]),
					 errhint("Merge the states of one fit: bgnbd_fit_partial with bgnbd_fit_partial, gamma_gamma_fit_partial with gamma_gamma_fit_partial.")));
	}
	if (src->nentries == 0)
		return;
	if (pg_add_s64_overflow(dst->n, src->n, &n))
		count_overflow();
	/* a state much smaller than dst is appended, as rows are */
	if (src->nentries * 4 < dst->nentries)
	{
		btyd_make_room(dst, src->nentries);
		memcpy(dst->e + dst->nentries, src->e, src->nentries * sizeof(BtydEntry));
		dst->nentries += src->nentries;
		dst->n = n;
		dst->sorted = false;
		return;
	}
	btyd_compact(dst);
	btyd_compact(src);
	size = dst->nentries + src->nentries;
	check_entries_limit(size);
	m = MemoryContextAllocExtended(dst->hdr.eoh_context, size * sizeof(BtydEntry), MCXT_ALLOC_HUGE);
	while (i < dst->nentries || j < src->nentries)
	{
		int			c;

		if ((k & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		c = i >= dst->nentries ? 1 : j >= src->nentries ? -1 : entry_cmp(&dst->e[i], &src->e[j]);
		if (c < 0)
			m[k++] = dst->e[i++];
		else if (c > 0)
			m[k++] = src->e[j++];
		else
		{
			m[k] = dst->e[i++];
			m[k++].count += src->e[j++].count;	/* <= n: no overflow */
		}
	}
	if (dst->e)
		pfree(dst->e);
	dst->e = m;
	dst->nentries = k;
	dst->cap = size;
	dst->n = n;
	dst->sorted = true;
}

static void
wrong_kind(uint8 have, BtydKind want, const char *fname)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s needs a btyd_state of kind %s, not %s", fname, kind_names[want], kind_names[have]),
			 errhint("Read a %s state with %s_final.", kind_names[have],
					 have == BTYD_KIND_BGNBD ? "bgnbd_fit" : "gamma_gamma_fit")));
}

BtydState *
btyd_state_for_update(FunctionCallInfo fcinfo, BtydKind kind, const char *aggname)
{
	bool		fresh;
	BtydState  *s = (BtydState *) cs_expanded_for_update(fcinfo, &btyd_type, &fresh);

	if (fresh && !PG_ARGISNULL(0))
		btyd_merge_into(s, btyd_state_read(PG_GETARG_DATUM(0)));
	if (kind != 0)
	{
		if (s->kind != 0 && s->kind != kind)
			wrong_kind(s->kind, kind, aggname);
		s->kind = kind;
	}
	return s;
}

void
btyd_state_add(BtydState *s, double k0, double k1, double k2)
{
	BtydEntry  *e;

	if (s->n == PG_INT64_MAX)
		count_overflow();
	btyd_make_room(s, 1);
	e = &s->e[s->nentries++];
	/* + 0.0 makes -0 into 0: one key per value */
	e->k[0] = k0 + 0.0;
	e->k[1] = k1 + 0.0;
	e->k[2] = k2 + 0.0;
	e->count = 1;
	s->n++;
	s->sorted = false;
}

Datum
btyd_state_datum(BtydState *s)
{
	return EOHPGetRWDatum(&s->hdr);
}

const BtydEntry *
btyd_state_entries(BtydState *s, BtydKind kind, const char *final_name, int64 *nentries, int64 *total)
{
	if (s->kind != kind)
		wrong_kind(s->kind, kind, final_name);
	btyd_compact(s);
	*nentries = s->nentries;
	*total = s->n;
	return s->e;
}

static Size
btyd_flat_size(ExpandedObjectHeader *eohptr)
{
	BtydState  *s = (BtydState *) eohptr;

	btyd_compact(s);
	check_entries_limit(s->nentries);
	return BTYD_HDRSZ + s->nentries * sizeof(BtydEntry);
}

static void
btyd_flatten(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	BtydState  *s = (BtydState *) eohptr;
	BtydFlat   *f = (BtydFlat *) result;

	btyd_compact(s);
	Assert(allocated_size == BTYD_HDRSZ + s->nentries * sizeof(BtydEntry));
	memset(f, 0, BTYD_HDRSZ);
	SET_VARSIZE(f, allocated_size);
	f->version = BTYD_VERSION;
	/* a state that saw no row has no kind: written as bgnbd, with no entry */
	f->kind = s->kind ? s->kind : BTYD_KIND_BGNBD;
	f->n = s->n;
	f->nentries = s->nentries;
	/* a state that saw no row has no array: memcpy from NULL is undefined */
	if (s->nentries > 0)
		memcpy(f->e, s->e, s->nentries * sizeof(BtydEntry));
}

/*
 * Combine two states: the combine function and the transition of the
 * _merge aggregates.  STRICT.
 */
PG_FUNCTION_INFO_V1(cs_btyd_combine);
Datum
cs_btyd_combine(PG_FUNCTION_ARGS)
{
	BtydState  *s = btyd_state_for_update(fcinfo, 0, "btyd_state_combine");

	btyd_merge_into(s, btyd_state_read(PG_GETARG_DATUM(1)));
	PG_RETURN_DATUM(btyd_state_datum(s));
}

/* ---------------------------------------------------------------------
 * Text and binary I/O, one check of the flat value for both.
 * --------------------------------------------------------------------- */

pg_noreturn static void
bad_flat(const char *what, int sqlstate, const char *detail)
{
	cs_bad_state_flat("btyd_state", what, sqlstate, detail, BTYD_EXAMPLE);
}

static char *
entry_text(const BtydEntry *e, uint8 kind)
{
	char		a[DOUBLE_SHORTEST_DECIMAL_LEN],
				b[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(e->k[1], a);
	double_to_shortest_decimal_buf(e->k[2], b);
	if (kind == BTYD_KIND_GAMMA_GAMMA)
		return psprintf("(%.0f, %s)", e->k[0], a);
	return psprintf("(%.0f, %s, %s)", e->k[0], a, b);
}

/*
 * A key the aggregates can build: bgnbd: an integer frequency >= 0,
 * 0 <= recency <= age finite, recency 0 when the frequency is 0;
 * gamma_gamma: an integer frequency >= 1, a finite monetary value > 0, and
 * 0 as the third key.  No negative zero.
 */
static const char *
key_problem(const BtydEntry *e, uint8 kind)
{
	int			i;

	for (i = 0; i < 3; i++)
		if (!isfinite(e->k[i]) || (e->k[i] == 0 && signbit(e->k[i])))
			return "a key is not finite, or is negative zero";
	if (e->k[0] != floor(e->k[0]) || e->k[0] > PG_INT32_MAX)
		return "the frequency is not an int4";
	if (kind == BTYD_KIND_BGNBD)
	{
		if (e->k[0] < 0 || e->k[1] < 0 || e->k[2] < e->k[1])
			return "it needs frequency >= 0 and 0 <= recency <= age";
		if (e->k[0] == 0 && e->k[1] != 0)
			return "the recency of a frequency of 0 is kept as 0";
	}
	else
	{
		if (e->k[0] < 1 || !(e->k[1] > 0) || e->k[2] != 0)
			return "it needs frequency >= 1, a monetary value > 0 and no third key";
	}
	return NULL;
}

static void
btyd_check_flat(BtydFlat *f, const char *what, int sqlstate)
{
	int64		i,
				total = 0;

	if (f->version != BTYD_VERSION)
		bad_flat(what, sqlstate, psprintf("The format version is %d, not 1.", f->version));
	if (f->kind < BTYD_KIND_BGNBD || f->kind > BTYD_KIND_GAMMA_GAMMA)
		bad_flat(what, sqlstate, psprintf("The kind %d is not 1 (bgnbd) or 2 (gamma_gamma).", f->kind));
	check_entries_limit(f->nentries);
	for (i = 0; i < f->nentries; i++)
	{
		const char *problem;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		problem = key_problem(&f->e[i], f->kind);
		if (problem)
			bad_flat(what, sqlstate, psprintf("Key %s is not one the fit aggregates keep: %s.",
											  entry_text(&f->e[i], f->kind), problem));
		if (i > 0 && entry_cmp(&f->e[i - 1], &f->e[i]) >= 0)
			bad_flat(what, sqlstate, psprintf("Key %s follows %s: keys must be strictly ascending.",
											  entry_text(&f->e[i], f->kind), entry_text(&f->e[i - 1], f->kind)));
		if (f->e[i].count < 1)
			bad_flat(what, sqlstate, psprintf("Key %s has count " INT64_FORMAT ": counts must be at least 1.",
											  entry_text(&f->e[i], f->kind), f->e[i].count));
		if (pg_add_s64_overflow(total, f->e[i].count, &total))
			bad_flat(what, sqlstate, "The counts add up to more than 9223372036854775807.");
	}
	if (total != f->n)
		bad_flat(what, sqlstate, psprintf("The counts add up to " INT64_FORMAT ", not n = " INT64_FORMAT ".", total, f->n));
}

static void
append_double(StringInfo buf, double d)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(d, tmp);
	appendStringInfoString(buf, tmp);
}

PG_FUNCTION_INFO_V1(cs_btyd_out);
Datum
cs_btyd_out(PG_FUNCTION_ARGS)
{
	BtydState  *s = btyd_state_read(PG_GETARG_DATUM(0));
	StringInfoData buf;
	uint8		kind = s->kind ? s->kind : BTYD_KIND_BGNBD;
	int64		i;

	btyd_compact(s);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v1;%s;" INT64_FORMAT, kind_names[kind], s->n);
	for (i = 0; i < s->nentries; i++)
	{
		const BtydEntry *e = &s->e[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		/* one entry takes at most 100 bytes: stop before the 1 GB limit */
		if (buf.len > (int) (MaxAllocSize - 128))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("btyd_state of " INT64_FORMAT " distinct keys is too large for its text form (1 GB)", s->nentries),
					 errhint("Use binary COPY or the binary protocol (btyd_state_send).")));
		appendStringInfo(&buf, ";%.0f,", e->k[0]);
		append_double(&buf, e->k[1]);
		if (kind == BTYD_KIND_BGNBD)
		{
			appendStringInfoChar(&buf, ',');
			append_double(&buf, e->k[2]);
		}
		if (e->count != 1)
			appendStringInfo(&buf, "*" INT64_FORMAT, e->count);
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(cs_btyd_in);
Datum
cs_btyd_in(PG_FUNCTION_ARGS)
{
	static const char *const versions[] = {"v1"};
	static const char *const kinds[] = {NULL, "bgnbd", "gamma_gamma"};
	CsStateReader r;
	BtydFlat   *f;
	int64		n = 0,
				cap = 16;

	cs_reader_init(&r, "btyd_state", PG_GETARG_CSTRING(0), BTYD_EXAMPLE);
	f = palloc0(BTYD_HDRSZ + cap * sizeof(BtydEntry));
	cs_reader_word(&r, versions, lengthof(versions), "The format version must be v1.");
	f->version = BTYD_VERSION;
	cs_reader_expect(&r, ";");
	f->kind = cs_reader_word(&r, kinds, lengthof(kinds), "The kind must be bgnbd or gamma_gamma.");
	cs_reader_expect(&r, ";");
	f->n = cs_reader_int(&r, 0, PG_INT64_MAX);
	while (*r.p != '\0')
	{
		BtydEntry  *e;

		CHECK_FOR_INTERRUPTS();
		cs_reader_expect(&r, ";");
		if (n == cap)
		{
			check_entries_limit(n + 1);
			cap = Min(cap * 2, BTYD_MAX_ENTRIES);
			f = repalloc_huge(f, BTYD_HDRSZ + cap * sizeof(BtydEntry));
		}
		e = &f->e[n++];
		e->k[0] = (double) cs_reader_int(&r, 0, PG_INT32_MAX);
		cs_reader_expect(&r, ",");
		e->k[1] = cs_reader_double(&r);
		e->k[2] = 0;
		if (f->kind == BTYD_KIND_BGNBD)
		{
			cs_reader_expect(&r, ",");
			e->k[2] = cs_reader_double(&r);
		}
		e->count = 1;
		if (cs_reader_skip(&r, '*'))
			e->count = cs_reader_int(&r, 0, PG_INT64_MAX);
	}
	f->nentries = n;
	SET_VARSIZE(f, BTYD_HDRSZ + n * sizeof(BtydEntry));
	btyd_check_flat(f, "text", ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(f);
}

PG_FUNCTION_INFO_V1(cs_btyd_send);
Datum
cs_btyd_send(PG_FUNCTION_ARGS)
{
	BtydState  *s = btyd_state_read(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		i;

	btyd_compact(s);
	check_entries_limit(s->nentries);
	pq_begintypsend(&buf);
	enlargeStringInfo(&buf, 18 + s->nentries * sizeof(BtydEntry));
	pq_sendbyte(&buf, BTYD_VERSION);
	pq_sendbyte(&buf, s->kind ? s->kind : BTYD_KIND_BGNBD);
	pq_sendint64(&buf, s->n);
	pq_sendint64(&buf, s->nentries);
	for (i = 0; i < s->nentries; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		pq_sendfloat8(&buf, s->e[i].k[0]);
		pq_sendfloat8(&buf, s->e[i].k[1]);
		pq_sendfloat8(&buf, s->e[i].k[2]);
		pq_sendint64(&buf, s->e[i].count);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_btyd_recv);
Datum
cs_btyd_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	BtydFlat	hdr;
	BtydFlat   *f;
	int64		i;

	if (buf->len - buf->cursor < 18)
		cs_bad_state_binary("btyd_state");
	hdr.version = pq_getmsgbyte(buf);
	hdr.kind = pq_getmsgbyte(buf);
	hdr.n = pq_getmsgint64(buf);
	hdr.nentries = pq_getmsgint64(buf);
	if (hdr.nentries >= 0)
		check_entries_limit(hdr.nentries);
	if (!cs_holds_entries(buf->len - buf->cursor, hdr.nentries, sizeof(BtydEntry)))
		cs_bad_state_binary("btyd_state");
	f = palloc0(BTYD_HDRSZ + hdr.nentries * sizeof(BtydEntry));
	SET_VARSIZE(f, BTYD_HDRSZ + hdr.nentries * sizeof(BtydEntry));
	f->version = hdr.version;
	f->kind = hdr.kind;
	f->n = hdr.n;
	f->nentries = hdr.nentries;
	for (i = 0; i < hdr.nentries; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		f->e[i].k[0] = pq_getmsgfloat8(buf);
		f->e[i].k[1] = pq_getmsgfloat8(buf);
		f->e[i].k[2] = pq_getmsgfloat8(buf);
		f->e[i].count = pq_getmsgint64(buf);
	}
	btyd_check_flat(f, "binary value", ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(f);
}
