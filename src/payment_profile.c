/*
 * payment_profile.c
 *	  The payment_profile aggregate: a customer's invoices as of a date,
 *	  summed into the measures that credit grades, overdue classes and risk
 *	  groups are read from (state: credit_state).
 *
 * Rules, as of a date:
 *	- dates that cannot belong to one invoice are an error, since they are
 *	  almost surely swapped arguments or a missing filter (the API
 *	  contract): a due date or a payment before the invoice date, an
 *	  invoice dated after as_of (filter WHERE invoice_date <= as_of);
 *	- an invoice paid after as_of is open as of as_of (as in days_past_due);
 *	- NULLs: a NULL paid date is an open invoice; a NULL due date is an
 *	  invoice whose timeliness cannot be judged: it counts in invoices, paid,
 *	  avg_days_to_pay (which runs from the invoice date) and open_amount, but
 *	  is never overdue and takes no part in on_time_share or the days past
 *	  due; a row without an amount (the value) or an invoice date (it cannot
 *	  be placed before or after as_of) is skipped;
 *	- rows with a negative amount are credit notes: they are summed into
 *	  credit_notes and take no part in the invoice measures;
 *	- days to pay run from invoice date to payment, or to as_of while open,
 *	  so a customer who never pays looks worse the longer it lasts.
 */
#include "common.h"
#include "valuekey.h"
#include "credit_state.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/date.h"

/* ERROR 22023: two dates of one row in an impossible order */
static void
dates_out_of_order(const char *msg, const char *first, DateADT a, const char *second, DateADT b,
				   const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg),
			 errdetail("%s is %s, %s %s.", first, cs_date_text(a), second, cs_date_text(b)),
			 errhint("%s", hint)));
}

PG_FUNCTION_INFO_V1(cs_payment_add);
Datum
cs_payment_add(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_PAYMENT);
	DateADT		invoiced,
				due = 0,
				as_of,
				end;
	int64		key;
	int32		dpd = 0;
	bool		paid,
				has_due = !PG_ARGISNULL(2);

	if (PG_ARGISNULL(5))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be NULL"),
				 errhint("Pass the date the profile is taken on, e.g. DATE '2026-06-30'.")));
	as_of = PG_GETARG_DATEADT(5);
	cs_check_finite_date(as_of, "as_of");
	credit_set_as_of(s, as_of);
	/* a row without an invoice date or amount is no invoice */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(4))
		PG_RETURN_POINTER(s);
	invoiced = PG_GETARG_DATEADT(1);
	cs_check_finite_date(invoiced, "invoice_date");
	if (invoiced > as_of)
		dates_out_of_order("invoice_date is after as_of", "invoice_date", invoiced, "as_of", as_of,
						   "Profile the invoices issued by as_of: add WHERE invoice_date <= as_of.");
	if (has_due)
	{
		due = PG_GETARG_DATEADT(2);
		cs_check_finite_date(due, "due_date");
	}
	if (has_due && due < invoiced)
		dates_out_of_order("due_date is before invoice_date", "invoice_date", invoiced, "due_date", due,
						   "Check the argument order: payment_profile(invoice_date, due_date, paid_date, amount, as_of).");
	if (!PG_ARGISNULL(3))
	{
		DateADT		p = PG_GETARG_DATEADT(3);

		cs_check_finite_date(p, "paid_date");
		if (p < invoiced)
			dates_out_of_order("paid_date is before invoice_date", "invoice_date", invoiced, "paid_date", p,
							   "Check the argument order; pass a prepayment as paid on the invoice date, e.g. greatest(paid_date, invoice_date).");
	}

	key = credit_amount_key(s, PG_GETARG_DATUM(4));
	if (key < 0)
	{
		credit_add(&s->slots[P_CREDITS], key);
		PG_RETURN_POINTER(s);
	}

	paid = false;
	end = as_of;
	if (!PG_ARGISNULL(3))
	{
		DateADT		p = PG_GETARG_DATEADT(3);

		if (p <= as_of)
		{
			paid = true;
			end = p;
		}
	}
	if (has_due)
		dpd = end - due;		/* finite dates: no overflow */

	credit_add(&s->slots[P_INVOICES], 1);
	if (has_due && Max(dpd, 0) > s->slots[P_MAX_DPD])
		s->slots[P_MAX_DPD] = Max(dpd, 0);
	if (key != 0)
	{
		credit_add(&s->slots[P_WEIGHT], key);
		credit_add_days(s, key, end - invoiced);
	}
	if (paid)
	{
		credit_add(&s->slots[P_PAID], 1);
		if (has_due)
		{
			credit_add(&s->slots[P_DECIDED], key);
			if (end <= due)
				credit_add(&s->slots[P_ON_TIME], key);
		}
	}
	else
	{
		credit_add(&s->slots[P_OPEN], key);
		if (has_due && dpd > 0)
		{
			credit_add(&s->slots[P_OVERDUE_COUNT], 1);
			credit_add(&s->slots[P_OVERDUE], key);
			credit_add(&s->slots[P_DECIDED], key);
			if (dpd > s->slots[P_OLDEST_OVERDUE])
				s->slots[P_OLDEST_OVERDUE] = dpd;
		}
	}
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(cs_payment_final);
Datum
cs_payment_final(PG_FUNCTION_ARGS)
{
	CreditState *s = credit_state_arg(fcinfo, 0, KIND_PAYMENT);
	TupleDesc	tupdesc;
	Datum		values[PAYMENT_PROFILE_NATTS];
	bool		nulls[PAYMENT_PROFILE_NATTS] = {0};

	tupdesc = cs_result_tupdesc(fcinfo);

	values[0] = Int64GetDatum(s->slots[P_INVOICES]);
	values[1] = Int64GetDatum(s->slots[P_PAID]);
	values[2] = credit_key_ratio(credit_days_numeric(s), s->slots[P_WEIGHT], s->dscale, &nulls[2]);
	values[3] = credit_key_ratio(cs_key_to_numeric(s->slots[P_ON_TIME], s->dscale), s->slots[P_DECIDED], s->dscale, &nulls[3]);
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
