/*
 * bgnbd.c
 *	  bgnbd_fit(frequency, recency, age): the BG/NBD model of Fader, Hardie
 *	  and Lee (2005), fitted by maximum likelihood over customers' purchase
 *	  summaries.  The state is a btyd_state of distinct (x, t_x, T) triples.
 *
 * A customer's log-likelihood, with D(x) = lnG(b+x-1) - lnG(b) + lnG(a+b)
 * - lnG(a+b+x):
 *
 *   x = 0:  r ln(alpha) - r ln(alpha + T)
 *   x > 0:  lnG(r+x) - lnG(r) + r ln(alpha) + D(x)
 *           + ln( (b+x-1) (alpha+T)^-(r+x) + a (alpha+t_x)^-(r+x) )
 *
 * which is the published  B(a, b+x)/B(a,b) (alpha+T)^-(r+x)
 * + B(a+1, b+x-1)/B(a,b) (alpha+t_x)^-(r+x)  with the common factor taken
 * out; the last logarithm is a log-sum-exp, finite for any x and T.  The
 * gamma-function terms depend on x only: they are computed once per
 * distinct x (the triples are sorted by x), ln(alpha + t_x) and
 * ln(alpha + T) once per distinct time (times in days repeat across many
 * customers), so a triple costs one exponential and one logarithm.  Parameters are fitted on
 * their logarithms (optimize.c), with analytic gradients.
 */
#include "common.h"
#include "btyd.h"
#include "optimize.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"

typedef struct BgnbdData
{
	const BtydEntry *e;
	int64		nentries;
	double		total;			/* customers, for the mean */
	/* the distinct recencies and ages, and each triple's index into them */
	double	   *times;
	int64		ntimes;
	int64	   *it_x;
	int64	   *iT;
	double	   *lntimes;		/* ln(alpha + time), per evaluation */
} BgnbdData;

static int
double_cmp(const void *a, const void *b)
{
	double		x = *(const double *) a,
				y = *(const double *) b;

	return (x > y) - (x < y);
}

static int64
time_index(const BgnbdData *d, double t)
{
	int64		lo = 0,
				hi = d->ntimes - 1;

	while (lo < hi)
	{
		int64		mid = lo + (hi - lo) / 2;

		if (d->times[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	Assert(d->times[lo] == t);
	return lo;
}

/*
 * The distinct recencies and ages of the triples: ln(alpha + t) is then
 * computed once per distinct time and evaluation (times in days repeat
 * across many customers), the same numbers as once per triple.
 */
static void
bgnbd_index_times(BgnbdData *d)
{
	int64		n = 2 * d->nentries,
				i,
				out = 0;

	d->times = palloc(n * sizeof(double));
	for (i = 0; i < d->nentries; i++)
	{
		d->times[2 * i] = d->e[i].k[1];
		d->times[2 * i + 1] = d->e[i].k[2];
	}
	qsort(d->times, n, sizeof(double), double_cmp);
	for (i = 1; i < n; i++)
		if (d->times[i] != d->times[out])
			d->times[++out] = d->times[i];
	d->ntimes = out + 1;
	d->it_x = palloc(d->nentries * sizeof(int64));
	d->iT = palloc(d->nentries * sizeof(int64));
	for (i = 0; i < d->nentries; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		d->it_x[i] = time_index(d, d->e[i].k[1]);
		d->iT[i] = time_index(d, d->e[i].k[2]);
	}
	d->lntimes = palloc(d->ntimes * sizeof(double));
}

/* minus the mean log-likelihood per customer, and its gradient in log-parameters */
static bool
bgnbd_objective(const double *theta, double *value, double *grad, void *arg)
{
	BgnbdData  *d = arg;
	double		r = exp(theta[0]),
				alpha = exp(theta[1]),
				a = exp(theta[2]),
				b = exp(theta[3]);
	double		lnalpha = log(alpha),
				lga = lgamma(r),
				psr = cs_digamma(r),
				lgab = lgamma(a + b),
				lgb = lgamma(b),
				psab = cs_digamma(a + b),
				psb = cs_digamma(b),
				lna = log(a);
	double		ll = 0,
				llc = 0,
				gr = 0,
				galpha = 0,
				ga = 0,
				gb = 0;
	double		cur_x = -1,
				cA = 0,
				cdr = 0,
				cda = 0,
				cdb = 0,
				lnbx = 0,
				bx = 0;
	int64		i;

	for (i = 0; i < d->ntimes; i++)
		d->lntimes[i] = log(alpha + d->times[i]);
	for (i = 0; i < d->nentries; i++)
	{
		const BtydEntry *e = &d->e[i];
		double		x = e->k[0],
					c = (double) e->count,
					lT = d->lntimes[d->iT[i]],
					rx = r + x;

		if (x == 0)
		{
			cs_sum_add(&ll, &llc, c * r * (lnalpha - lT));
			gr += c * (lnalpha - lT);
			galpha += c * (r / alpha - r / (alpha + e->k[2]));
			continue;
		}
		if (x != cur_x)
		{
			/* the terms of this x: the triples come sorted by x */
			cur_x = x;
			bx = b + x - 1;
			lnbx = log(bx);
			cA = lgamma(rx) - lga + r * lnalpha
				+ lgamma(bx) - lgb + lgab - lgamma(a + b + x);
			cdr = cs_digamma(rx) - psr + lnalpha;
			cda = psab - cs_digamma(a + b + x);
			cdb = cs_digamma(bx) - psb + cda;
		}
		{
			/* one of the two exponents is 0: exp(0) is exactly 1, not computed */
			double		lt = d->lntimes[d->it_x[i]],
						u1 = lnbx - rx * lT,
						u2 = lna - rx * lt,
						m = Max(u1, u2),
						e1 = u1 - m == 0.0 ? 1.0 : exp(u1 - m),
						e2 = u2 - m == 0.0 ? 1.0 : exp(u2 - m),
						sum = e1 + e2,
						w1 = e1 / sum,
						w2 = e2 / sum;

			cs_sum_add(&ll, &llc, c * (cA + m + log(sum)));
			gr += c * (cdr - w1 * lT - w2 * lt);
			galpha += c * (r / alpha - rx * (w1 / (alpha + e->k[2]) + w2 / (alpha + e->k[1])));
			ga += c * (cda + w2 / a);
			gb += c * (cdb + w1 / bx);
		}
	}
	*value = -(ll + llc) / d->total;
	/* d/d ln(p) = p d/dp */
	grad[0] = -gr * r / d->total;
	grad[1] = -galpha * alpha / d->total;
	grad[2] = -ga * a / d->total;
	grad[3] = -gb * b / d->total;
	return true;
}

/* bgnbd_fit's transition: validate and add a row; NULLs skipped */
PG_FUNCTION_INFO_V1(cs_bgnbd_fit_add);
Datum
cs_bgnbd_fit_add(PG_FUNCTION_ARGS)
{
	BtydState  *s;
	int32		x;
	double		t,
				T;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = PG_GETARG_INT32(1);
	t = PG_GETARG_FLOAT8(2);
	T = PG_GETARG_FLOAT8(3);
	if (!isfinite(t) || !isfinite(T))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("recency and age must be finite, not %g and %g", t, T),
				 errhint("Pass the purchase summary of each customer, e.g. from purchase_summary(); filter out rows with NaN or infinite values.")));
	if (x < 0 || t < 0 || T < t)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a purchase summary needs frequency >= 0 and 0 <= recency <= age, not frequency %d, recency %g, age %g",
						x, t, T),
				 errhint("Frequency counts the repeat purchases; recency is the time from the first to the last purchase and age the time from the first purchase to the end of the period, in one unit.")));
	s = btyd_state_for_update(fcinfo, BTYD_KIND_BGNBD, "bgnbd_fit");
	/* a customer without repeat purchases contributes through T only */
	btyd_state_add(s, (double) x, x == 0 ? 0.0 : t, T);
	PG_RETURN_DATUM(btyd_state_datum(s));
}

static void
not_identified(const char *fname, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s cannot fit the model to these data", fname),
			 errdetail("%s", detail),
			 errhint("%s", hint)));
}

void
cs_fit_not_converged(const char *fname, CsOptResult *res, const char *params)
{
	const char *why;

	switch (res->status)
	{
		case CS_OPT_MAXITER:
			why = "the optimiser ran out of iterations";
			break;
		case CS_OPT_UNBOUNDED:
			why = "a parameter went towards 0 or infinity";
			break;
		case CS_OPT_UNDEFINED:
			why = "the likelihood is not finite at the start";
			break;
		default:
			why = "no step improved the likelihood";
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s did not converge: %s", fname, why),
			 errdetail("After %d iterations the parameters were %s, the largest gradient component %g.",
					   res->iterations, params, res->gradmax),
			 errhint("The data do not identify the model: check that the summaries are in one time unit and come from enough customers with repeat purchases.")));
}

PG_FUNCTION_INFO_V1(cs_bgnbd_fit_final);
Datum
cs_bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	BtydState  *s = btyd_state_read(PG_GETARG_DATUM(0));
	BgnbdData	d;
	int64		total,
				repeat = 0,
				i;
	double		sumT = 0,
				sumx = 0,
				theta[4],
				g[4],
				v;
	CsOptResult res;
	Datum		values[7];
	bool		nulls[7] = {0};
	TupleDesc	tupdesc;

	d.e = btyd_state_entries(s, BTYD_KIND_BGNBD, "bgnbd_fit_final", &d.nentries, &total);
	if (total == 0)
		PG_RETURN_NULL();
	for (i = 0; i < d.nentries; i++)
	{
		if (d.e[i].k[0] > 0)
			repeat += d.e[i].count;
		sumT += d.e[i].k[2] * d.e[i].count;
		sumx += d.e[i].k[0] * d.e[i].count;
	}
	if (repeat == 0)
		not_identified("bgnbd_fit",
					   psprintf("None of the " INT64_FORMAT " customers has a repeat purchase (frequency > 0).", total),
					   "Fit over a longer period or more customers.");
	if (d.nentries < 2)
		not_identified("bgnbd_fit",
					   psprintf("All " INT64_FORMAT " customers have the same frequency, recency and age.", total),
					   "Fit over customers whose purchase histories differ.");
	d.total = (double) total;
	bgnbd_index_times(&d);

	/*
	 * The start: r = a = b = 1 and alpha the mean age over (1 + the mean
	 * frequency), the mean purchase rate's scale without drop-out.
	 */
	theta[0] = theta[2] = theta[3] = 0;
	theta[1] = log(Max(sumT / d.total, 1e-6) / (1 + sumx / d.total));
	if (!bgnbd_objective(theta, &v, g, &d) || !isfinite(v))
		theta[1] = 0;
	res = cs_minimize(bgnbd_objective, &d, theta, 4);
	if (res.status != CS_OPT_CONVERGED)
		cs_fit_not_converged("bgnbd_fit", &res,
							 psprintf("r %g, alpha %g, a %g, b %g",
									  exp(theta[0]), exp(theta[1]), exp(theta[2]), exp(theta[3])));

	tupdesc = cs_result_tupdesc(fcinfo);
	for (i = 0; i < 4; i++)
		values[i] = Float8GetDatum(exp(theta[i]));
	values[4] = Float8GetDatum(-res.value * d.total);
	values[5] = Int64GetDatum(total);
	values[6] = Int32GetDatum(res.iterations);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
