/*
 * invoice_summary.c
 *	  The invoice_summary aggregate: a customer's invoices as of a date in one
 *	  pass, giving exactly what the segmentation model reads of them
 *	  (state: invoice_state):
 *	- payment = payment_profile(invoice_date, due_date, paid_date, amount, as_of);
 *	- aging = aging_profile(amount, dpd), aging_buckets =
 *	  aging_bucket_totals(amount, dpd, aging_boundaries), both over the rows
 *	  open as of as_of (paid_date NULL or after as_of) with amount >= 0,
 *	  where dpd = days_past_due(due_date, as_of, paid_date);
 *	- worst_stage = max(collection_stage(dpd, due_date - invoice_date,
 *	  collection_step_days)) over those rows with dpd > 0.
 *
 * Written as four aggregates with FILTERs, a query keeps four states and
 * evaluates days_past_due up to four times a row.  Here the state holds the
 * three states those aggregates keep (a payment credit_state and two
 * aging_states, one of the default boundaries and one of the caller's) and
 * the worst stage so far, in one fixed-size value of 448 bytes; each row
 * updates them with the transition functions of payment_profile and
 * aging_profile themselves (src/payment_profile.c, src/aging.c), called
 * directly, and the final function reads them with those aggregates' final
 * functions: the figures, their errors and their exactness are theirs by
 * construction, not a copy.
 */
#include "common.h"
#include "credit_state.h"
#include "state_io.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"

/* the functions of payment_profile and aging_profile this aggregate runs */
extern Datum cs_payment_add(PG_FUNCTION_ARGS);
extern Datum cs_credit_combine(PG_FUNCTION_ARGS);
extern Datum cs_credit_state_in(PG_FUNCTION_ARGS);
extern Datum cs_credit_state_out(PG_FUNCTION_ARGS);
extern Datum cs_credit_state_send(PG_FUNCTION_ARGS);
extern Datum cs_credit_state_recv(PG_FUNCTION_ARGS);
extern Datum cs_aging_add(PG_FUNCTION_ARGS);
extern Datum cs_aging_add_bounds(PG_FUNCTION_ARGS);
extern Datum cs_aging_combine(PG_FUNCTION_ARGS);
extern Datum cs_aging_state_in(PG_FUNCTION_ARGS);
extern Datum cs_aging_state_out(PG_FUNCTION_ARGS);
extern Datum cs_aging_state_send(PG_FUNCTION_ARGS);
extern Datum cs_aging_state_recv(PG_FUNCTION_ARGS);

#define INVOICE_STATE_VERSION 1
#define INVOICE_SUMMARY_NATTS 4
#define AGING_STATE_SIZE 152	/* aging_state's INTERNALLENGTH (src/aging.c) */
#define AGING_WORDS (AGING_STATE_SIZE / 8)
#define PAY_SIZE CREDIT_STATE_SIZE(P_NSLOTS)
#define PAY_WORDS ((PAY_SIZE + 7) / 8)
#define NO_STAGE (-1)

typedef struct InvoiceState
{
	int32		vl_len_;
	int16		version;
	int16		worst;			/* the worst CsCollectionStage, NO_STAGE for none */
	int64		aging[AGING_WORDS]; /* aging_state, default boundaries */
	int64		buckets[AGING_WORDS];	/* aging_state, the caller's boundaries */
	int64		pay[PAY_WORDS]; /* credit_state of kind payment */
} InvoiceState;

#define INVOICE_STATE_SIZE sizeof(InvoiceState)
#define STATE_PAY(s) ((CreditState *) (s)->pay)

StaticAssertDecl(PAY_SIZE == PAY_WORDS * 8, "the payment state fills its words");
StaticAssertDecl(sizeof(InvoiceState) == 448, "invoice_state is 448 bytes");

static const char *const invoice_example =
"'v1;|v1;payment|v1;0;0;0;;|v1;0;0;0;;' for an empty state (the stage, then the states of payment_profile, aging_profile and aging_bucket_totals)";

/*
 * Calls a transition, combine or I/O function of the other aggregates with
 * the given arguments, as an aggregate's support function when context is
 * an aggregate's (so that a state is updated in place).
 */
static Datum
call_sub(PGFunction fn, FmgrInfo *flinfo, fmNodePtr context, int nargs, const Datum *args,
		 const bool *nulls, bool *isnull)
{
	LOCAL_FCINFO(sub, 8);
	Datum		result;
	int			i;

	Assert(nargs <= 8);
	InitFunctionCallInfoData(*sub, flinfo, nargs, InvalidOid, context, NULL);
	for (i = 0; i < nargs; i++)
	{
		sub->args[i].value = args[i];
		sub->args[i].isnull = nulls[i];
	}
	result = fn(sub);
	if (isnull)
		*isnull = sub->isnull;
	else if (sub->isnull)
		elog(ERROR, "function %p returned NULL", (void *) fn);
	return result;
}

/* a sub-state updated by fn: in place, or copied back from its result */
static void
update_sub(void *sub_state, Size size, PGFunction fn, FmgrInfo *flinfo, fmNodePtr context, int nargs,
		   Datum *args, const bool *nulls)
{
	Datum		r;

	args[0] = PointerGetDatum(sub_state);
	r = call_sub(fn, flinfo, context, nargs, args, nulls, NULL);
	if (DatumGetPointer(r) != sub_state)
		memcpy(sub_state, DatumGetPointer(r), size);
}

/* a sub-state read from text (cstring) by an input function, of the expected size */
static void
sub_from_text(void *dst, Size size, PGFunction in, const char *text, const char *whole)
{
	Datum		r = DirectFunctionCall1(in, CStringGetDatum(text));

	if (in == cs_credit_state_in)
	{
		CreditState *c = (CreditState *) DatumGetPointer(r);

		if (VARSIZE(c) != PAY_SIZE || c->kind != KIND_PAYMENT || c->nslots != P_NSLOTS)
			cs_bad_state_text("invoice_state", whole, "The second part must be a payment state (credit_state).",
							  invoice_example);
	}
	memcpy(dst, DatumGetPointer(r), size);
}

static InvoiceState *
invoice_state_empty(void)
{
	InvoiceState *s = palloc0(INVOICE_STATE_SIZE);

	SET_VARSIZE(s, INVOICE_STATE_SIZE);
	s->version = INVOICE_STATE_VERSION;
	s->worst = NO_STAGE;
	sub_from_text(s->pay, PAY_SIZE, cs_credit_state_in, "v1;payment", "v1;payment");
	sub_from_text(s->aging, AGING_STATE_SIZE, cs_aging_state_in, "v1;0;0;0;;", "v1;0;0;0;;");
	memcpy(s->buckets, s->aging, AGING_STATE_SIZE);
	return s;
}

/*
 * ERROR unless s has the size and version of the states this build writes:
 * the input functions never make another, so only a value of another
 * customer_seg version or damaged storage fails (XX001, as a corrupt
 * value_summary does), with the size or version found.
 */
static void
invoice_state_check(const InvoiceState *s)
{
	if (VARSIZE(s) != INVOICE_STATE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid invoice_state of %u bytes", (unsigned int) VARSIZE(s)),
				 errdetail("An invoice_state is %u bytes.", (unsigned int) INVOICE_STATE_SIZE),
				 errhint(CS_REBUILD_STATE_HINT)));
	if (s->version != INVOICE_STATE_VERSION)
		cs_bad_state_version("invoice_state", s->version, INVOICE_STATE_VERSION);
}

/* The state to update in place inside an aggregate, else a copy. */
static InvoiceState *
invoice_state_arg(FunctionCallInfo fcinfo, int argno)
{
	InvoiceState *s;

	cs_check_state_arg(fcinfo, argno, "invoice_state");
	s = (InvoiceState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(argno));
	invoice_state_check(s);
	if (argno == 0 && !AggCheckCallContext(fcinfo, NULL))
	{
		InvoiceState *copy = palloc(INVOICE_STATE_SIZE);

		memcpy(copy, s, INVOICE_STATE_SIZE);
		s = copy;
	}
	return s;
}

/* per call site of the transition function: the sub-functions' own call info */
typedef struct InvoiceAddCache
{
	FmgrInfo	pay;
	FmgrInfo	aging;
	FmgrInfo	buckets;		/* its fn_extra: aging_bucket_totals' boundaries */
} InvoiceAddCache;

static void
sub_flinfo(FmgrInfo *f, FunctionCallInfo fcinfo, int nargs)
{
	f->fn_mcxt = fcinfo->flinfo->fn_mcxt;
	f->fn_nargs = nargs;
	f->fn_strict = false;
	f->fn_retset = false;
	f->fn_oid = fcinfo->flinfo->fn_oid;
}

/*
 * invoice_summary_add(state, invoice_date, due_date, paid_date, amount,
 * aging_boundaries, collection_step_days, as_of): the transition function
 * of invoice_summary and invoice_summary_partial.
 */
PG_FUNCTION_INFO_V1(cs_invoice_add);
Datum
cs_invoice_add(PG_FUNCTION_ARGS)
{
	InvoiceState *s = invoice_state_arg(fcinfo, 0);
	InvoiceAddCache *c = (InvoiceAddCache *) fcinfo->flinfo->fn_extra;
	fmNodePtr	context = fcinfo->context;
	Datum		args[6];
	bool		nulls[6];
	DateADT		as_of,
				due;
	Numeric		amount;
	int32		dpd;

	if (c == NULL)
	{
		c = cs_fn_cache(fcinfo, InvoiceAddCache);
		sub_flinfo(&c->pay, fcinfo, 6);
		sub_flinfo(&c->aging, fcinfo, 3);
		sub_flinfo(&c->buckets, fcinfo, 4);
	}

	/* payment_profile(invoice_date, due_date, paid_date, amount, as_of) */
	for (int i = 1; i <= 4; i++)
	{
		args[i] = fcinfo->args[i].value;
		nulls[i] = fcinfo->args[i].isnull;
	}
	args[5] = fcinfo->args[7].value;
	nulls[5] = fcinfo->args[7].isnull;
	nulls[0] = false;
	update_sub(s->pay, PAY_SIZE, cs_payment_add, &c->pay, context, 6, args, nulls);

	/*
	 * The aging aggregates' rows: open as of as_of, amount >= 0 (NaN counts
	 * as SQL compares it, above every number: aging_profile rejects it), a
	 * due date; as_of is not NULL here, payment_profile checked it.
	 */
	if (PG_ARGISNULL(4) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(s);
	as_of = PG_GETARG_DATEADT(7);
	if (!PG_ARGISNULL(3) && PG_GETARG_DATEADT(3) <= as_of)
		PG_RETURN_POINTER(s);
	amount = PG_GETARG_NUMERIC(4);
	if (!numeric_is_nan(amount) && cs_numeric_sign(amount) < 0)
		PG_RETURN_POINTER(s);
	/* days_past_due(due_date, as_of, paid_date) of an open invoice */
	due = PG_GETARG_DATEADT(2);
	cs_check_finite_date(due, "due_date");
	cs_check_finite_date(as_of, "as_of");
	if (!PG_ARGISNULL(3))
		cs_check_finite_date(PG_GETARG_DATEADT(3), "paid_date");
	dpd = as_of - due;

	args[1] = PG_GETARG_DATUM(4);
	nulls[1] = false;
	args[2] = Int32GetDatum(dpd);
	nulls[2] = false;
	update_sub(s->aging, AGING_STATE_SIZE, cs_aging_add, &c->aging, context, 3, args, nulls);
	args[3] = PG_GETARG_DATUM(5);
	nulls[3] = PG_ARGISNULL(5);
	update_sub(s->buckets, AGING_STATE_SIZE, cs_aging_add_bounds, &c->buckets, context, 4, args, nulls);

	/* collection_stage(dpd, due_date - invoice_date, collection_step_days) */
	if (dpd > 0)
	{
		int32		step = PG_ARGISNULL(6) ? 30 : PG_GETARG_INT32(6);

		cs_check_step_days(step);
		if (!PG_ARGISNULL(1))
		{
			DateADT		invoiced = PG_GETARG_DATEADT(1);
			int32		term;

			/* payment_profile rejected a due date before the invoice date */
			cs_check_finite_date(invoiced, "invoice_date");
			term = due - invoiced;
			cs_check_term(term);
			s->worst = Max(s->worst, (int) cs_collection_stage_of(dpd, term, step));
		}
	}
	PG_RETURN_POINTER(s);
}

/* s + o: each of the states merged by its own combine function */
PG_FUNCTION_INFO_V1(cs_invoice_combine);
Datum
cs_invoice_combine(PG_FUNCTION_ARGS)
{
	InvoiceState *s = invoice_state_arg(fcinfo, 0);
	InvoiceState *o = invoice_state_arg(fcinfo, 1);
	FmgrInfo	f = {0};
	Datum		args[2];
	bool		nulls[2] = {false, false};

	sub_flinfo(&f, fcinfo, 2);
	args[1] = PointerGetDatum(o->pay);
	update_sub(s->pay, PAY_SIZE, cs_credit_combine, &f, fcinfo->context, 2, args, nulls);
	args[1] = PointerGetDatum(o->aging);
	update_sub(s->aging, AGING_STATE_SIZE, cs_aging_combine, &f, fcinfo->context, 2, args, nulls);
	args[1] = PointerGetDatum(o->buckets);
	update_sub(s->buckets, AGING_STATE_SIZE, cs_aging_combine, &f, fcinfo->context, 2, args, nulls);
	s->worst = Max(s->worst, o->worst);
	PG_RETURN_POINTER(s);
}

/* per call site of the final function */
typedef struct InvoiceFinalCache
{
	TupleDesc	tupdesc;
	FmgrInfo	pay_final;		/* payment_profile_final */
	FmgrInfo	aging_final;	/* aging_profile_final */
	FmgrInfo	buckets_final;	/* aging_profile_final_array */
	Oid			stages[CS_NUM_STAGES];
} InvoiceFinalCache;

/* fmgr info of the extension's function name(argtype), in its schema */
static void
lookup_final(FmgrInfo *f, const char *nsp, const char *name, const char *argtype, MemoryContext mcxt)
{
	char	   *sig = psprintf("%s.%s(%s.%s)", nsp, name, nsp, argtype);
	Oid			fn = DatumGetObjectId(DirectFunctionCall1(to_regprocedure, PointerGetDatum(cstring_to_text(sig))));

	if (!OidIsValid(fn))
		elog(ERROR, "function %s does not exist", sig);
	fmgr_info_cxt(fn, f, mcxt);
}

static InvoiceFinalCache *
invoice_final_cache(FunctionCallInfo fcinfo)
{
	InvoiceFinalCache *c = (InvoiceFinalCache *) fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	MemoryContext old;
	TupleDesc	tupdesc;
	const char *nsp;
	Oid			stage_type;
	int			i;

	if (c != NULL)
		return c;
	c = cs_fn_cache(fcinfo, InvoiceFinalCache);
	old = MemoryContextSwitchTo(mcxt);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE || tupdesc->natts != INVOICE_SUMMARY_NATTS)
		elog(ERROR, "invoice_summary_final must return invoice_summary_row");
	c->tupdesc = BlessTupleDesc(tupdesc);
	nsp = quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
	lookup_final(&c->pay_final, nsp, "payment_profile_final", "credit_state", mcxt);
	lookup_final(&c->aging_final, nsp, "aging_profile_final", "aging_state", mcxt);
	lookup_final(&c->buckets_final, nsp, "aging_profile_final_array", "aging_state", mcxt);
	stage_type = TupleDescAttr(c->tupdesc, 3)->atttypid;
	for (i = 0; i < CS_NUM_STAGES; i++)
		c->stages[i] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															 CStringGetDatum(cs_collection_stage_labels[i]),
															 ObjectIdGetDatum(stage_type)));
	MemoryContextSwitchTo(old);
	return c;
}

static Datum
call_final(FmgrInfo *f, void *state, bool *isnull)
{
	Datum		arg = PointerGetDatum(state);
	bool		argnull = false;

	return call_sub(f->fn_addr, f, NULL, 1, &arg, &argnull, isnull);
}

/* invoice_summary_final(state): the summary row, NULL when no row was aggregated */
PG_FUNCTION_INFO_V1(cs_invoice_final);
Datum
cs_invoice_final(PG_FUNCTION_ARGS)
{
	InvoiceState *s = invoice_state_arg(fcinfo, 0);
	InvoiceFinalCache *c;
	Datum		values[INVOICE_SUMMARY_NATTS];
	bool		nulls[INVOICE_SUMMARY_NATTS] = {0};

	/* no row: payment_profile never saw as_of */
	if (!STATE_PAY(s)->slots[P_HAS_AS_OF])
		PG_RETURN_NULL();
	c = invoice_final_cache(fcinfo);
	values[0] = call_final(&c->pay_final, s->pay, &nulls[0]);
	values[1] = call_final(&c->aging_final, s->aging, &nulls[1]);
	values[2] = call_final(&c->buckets_final, s->buckets, &nulls[2]);
	nulls[3] = s->worst == NO_STAGE;
	values[3] = nulls[3] ? (Datum) 0 : ObjectIdGetDatum(c->stages[s->worst]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(c->tupdesc, values, nulls)));
}

/*
 * Text form: "v1;stage|payment|aging|buckets": the worst stage's label
 * (empty for none), then the text forms of the payment credit_state and of
 * the two aging_states.
 */
PG_FUNCTION_INFO_V1(cs_invoice_state_out);
Datum
cs_invoice_state_out(PG_FUNCTION_ARGS)
{
	InvoiceState *s = (InvoiceState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;

	invoice_state_check(s);
	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d;%s|%s|%s|%s", s->version,
					 s->worst == NO_STAGE ? "" : cs_collection_stage_labels[s->worst],
					 DatumGetCString(DirectFunctionCall1(cs_credit_state_out, PointerGetDatum(s->pay))),
					 DatumGetCString(DirectFunctionCall1(cs_aging_state_out, PointerGetDatum(s->aging))),
					 DatumGetCString(DirectFunctionCall1(cs_aging_state_out, PointerGetDatum(s->buckets))));
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(cs_invoice_state_in);
Datum
cs_invoice_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	char	   *parts[4];
	char	   *copy = pstrdup(str),
			   *p = copy;
	InvoiceState *s;
	int			i;

	for (i = 0; i < 4; i++)
	{
		char	   *bar = strchr(p, '|');

		parts[i] = p;
		if ((bar == NULL) != (i == 3))
			cs_bad_state_text("invoice_state", str, "The state has four parts separated by |.", invoice_example);
		if (bar)
		{
			*bar = '\0';
			p = bar + 1;
		}
	}
	s = invoice_state_empty();
	if (strncmp(parts[0], "v1;", 3) != 0)
		cs_bad_state_text("invoice_state", str, "The version must be v1.", invoice_example);
	if (parts[0][3] != '\0')
	{
		for (i = 0; i < CS_NUM_STAGES; i++)
			if (strcmp(parts[0] + 3, cs_collection_stage_labels[i]) == 0)
				break;
		/* only a stage past due can be the worst */
		if (i == CS_NUM_STAGES || i == CS_STAGE_NOT_DUE)
			cs_bad_state_text("invoice_state", str,
							  "The stage is empty or one of reminder, notice, warning, lawyer_letter, legal.",
							  invoice_example);
		s->worst = (int16) i;
	}
	sub_from_text(s->pay, PAY_SIZE, cs_credit_state_in, parts[1], str);
	sub_from_text(s->aging, AGING_STATE_SIZE, cs_aging_state_in, parts[2], str);
	sub_from_text(s->buckets, AGING_STATE_SIZE, cs_aging_state_in, parts[3], str);
	PG_RETURN_POINTER(s);
}

static void
send_sub(StringInfo buf, PGFunction send, void *sub)
{
	bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(send, PointerGetDatum(sub)));

	pq_sendint32(buf, VARSIZE_ANY_EXHDR(b));
	pq_sendbytes(buf, VARDATA_ANY(b), VARSIZE_ANY_EXHDR(b));
}

static void
recv_sub(StringInfo buf, PGFunction recv, void *dst, Size size)
{
	StringInfoData part;
	int32		len;
	Datum		r;

	if (buf->len - buf->cursor < 4)
		cs_bad_state_binary("invoice_state");
	len = (int32) pq_getmsgint(buf, 4);
	if (len < 0 || len > buf->len - buf->cursor)
		cs_bad_state_binary("invoice_state");
	part.data = (char *) pq_getmsgbytes(buf, len);
	part.len = len;
	part.maxlen = len;
	part.cursor = 0;
	r = DirectFunctionCall3(recv, PointerGetDatum(&part), ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	if (recv == cs_credit_state_recv)
	{
		CreditState *c = (CreditState *) DatumGetPointer(r);

		if (VARSIZE(c) != PAY_SIZE || c->kind != KIND_PAYMENT || c->nslots != P_NSLOTS)
			cs_bad_state_binary("invoice_state");
	}
	memcpy(dst, DatumGetPointer(r), size);
}

/* version, worst stage (-1 none), then each state's binary form with its length */
PG_FUNCTION_INFO_V1(cs_invoice_state_send);
Datum
cs_invoice_state_send(PG_FUNCTION_ARGS)
{
	InvoiceState *s = (InvoiceState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;

	invoice_state_check(s);
	pq_begintypsend(&buf);
	pq_sendint16(&buf, s->version);
	pq_sendint16(&buf, s->worst);
	send_sub(&buf, cs_credit_state_send, s->pay);
	send_sub(&buf, cs_aging_state_send, s->aging);
	send_sub(&buf, cs_aging_state_send, s->buckets);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(cs_invoice_state_recv);
Datum
cs_invoice_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	InvoiceState *s;
	int			version,
				worst;

	if (buf->len - buf->cursor < 4)
		cs_bad_state_binary("invoice_state");
	version = (int16) pq_getmsgint(buf, 2);
	worst = (int16) pq_getmsgint(buf, 2);
	if (version != INVOICE_STATE_VERSION || worst == CS_STAGE_NOT_DUE || worst < NO_STAGE ||
		worst >= CS_NUM_STAGES)
		cs_bad_state_binary("invoice_state");
	s = invoice_state_empty();
	s->worst = (int16) worst;
	recv_sub(buf, cs_credit_state_recv, s->pay, PAY_SIZE);
	recv_sub(buf, cs_aging_state_recv, s->aging, AGING_STATE_SIZE);
	recv_sub(buf, cs_aging_state_recv, s->buckets, AGING_STATE_SIZE);
	if (buf->cursor != buf->len)
		cs_bad_state_binary("invoice_state");
	PG_RETURN_POINTER(s);
}
