/*
 * gamma_gamma.c
 *	  gamma_gamma_fit(frequency, monetary_value): the Gamma-Gamma spend model
 *	  (Fader, Hardie and Lee 2005, "RFM and CLV"), fitted by maximum
 *	  likelihood over the repeat buyers' average spend.  The state is a
 *	  btyd_state of distinct (x, m) pairs.
 *
 * A customer's log-likelihood (x purchases of mean value m):
 *
 *   lnG(px+q) - lnG(px) - lnG(q) + q ln(gamma) + (px-1) ln(m) + px ln(x)
 *   - (px+q) ln(gamma + m x)
 *
 * The gamma-function terms depend on x only and are computed once per
 * distinct x, and ln(m) once per pair before the optimiser starts, so an
 * evaluation costs one logarithm a pair; parameters are fitted on their
 * logarithms (optimize.c).
 */
#include "common.h"
#include "btyd.h"
#include "optimize.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"

typedef struct GgData
{
	const BtydEntry *e;
	int64		nentries;
	double		total;
	double	   *lnm;			/* ln(m) of each entry: not a parameter's */
} GgData;

static bool
gg_objective(const double *theta, double *value, double *grad, void *arg)
{
	GgData	   *d = arg;
	double		p = exp(theta[0]),
				q = exp(theta[1]),
				gam = exp(theta[2]);
	double		lgq = lgamma(q),
				psq = cs_digamma(q),
				lngam = log(gam);
	double		ll = 0,
				llc = 0,
				gp = 0,
				gq = 0,
				gg = 0;
	double		cur_x = -1,
				cA = 0,
				cdp = 0,
				cdq = 0,
				lnx = 0,
				px = 0;
	int64		i;

	for (i = 0; i < d->nentries; i++)
	{
		const BtydEntry *e = &d->e[i];
		double		x = e->k[0],
					m = e->k[1],
					c = (double) e->count,
					lnm,
					lnd;

		if (x != cur_x)
		{
			double		ps1;

			cur_x = x;
			px = p * x;
			lnx = log(x);
			cA = lgamma(px + q) - lgamma(px) - lgq + q * lngam + px * lnx;
			ps1 = cs_digamma(px + q);
			cdp = x * (ps1 - cs_digamma(px) + lnx);
			cdq = ps1 - psq + lngam;
		}
		lnm = d->lnm[i];
		lnd = log(gam + m * x);
		cs_sum_add(&ll, &llc, c * (cA + (px - 1) * lnm - (px + q) * lnd));
		gp += c * (cdp + x * (lnm - lnd));
		gq += c * (cdq - lnd);
		gg += c * (q / gam - (px + q) / (gam + m * x));
	}
	*value = -(ll + llc) / d->total;
	grad[0] = -gp * p / d->total;
	grad[1] = -gq * q / d->total;
	grad[2] = -gg * gam / d->total;
	return true;
}

/* gamma_gamma_fit's transition: rows with x = 0 or NULLs skipped */
PG_FUNCTION_INFO_V1(cs_gamma_gamma_fit_add);
Datum
cs_gamma_gamma_fit_add(PG_FUNCTION_ARGS)
{
	BtydState  *s;
	int32		x;
	double		m;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_GETARG_INT32(1) == 0)
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	x = PG_GETARG_INT32(1);
	m = PG_GETARG_FLOAT8(2);
	if (x < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency must not be negative, not %d", x),
				 errhint("Frequency counts the repeat purchases of a customer.")));
	if (!(m > 0) || isinf(m))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary_value must be a positive finite number, not %g (frequency %d)", m, x),
				 errhint("The Gamma-Gamma model fits positive spend: filter out customers whose average repeat purchase is zero, negative (returns) or not a number.")));
	s = btyd_state_for_update(fcinfo, BTYD_KIND_GAMMA_GAMMA, "gamma_gamma_fit");
	btyd_state_add(s, (double) x, m, 0.0);
	PG_RETURN_DATUM(btyd_state_datum(s));
}

PG_FUNCTION_INFO_V1(cs_gamma_gamma_fit_final);
Datum
cs_gamma_gamma_fit_final(PG_FUNCTION_ARGS)
{
	BtydState  *s = btyd_state_read(PG_GETARG_DATUM(0));
	GgData		d;
	int64		total,
				i;
	double		theta[3];
	CsOptResult res;
	Datum		values[6];
	bool		nulls[6] = {0};
	TupleDesc	tupdesc;

	d.e = btyd_state_entries(s, BTYD_KIND_GAMMA_GAMMA, "gamma_gamma_fit_final", &d.nentries, &total);
	if (total == 0)
		PG_RETURN_NULL();
	if (d.nentries < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("gamma_gamma_fit cannot fit the model to these data"),
				 errdetail("All " INT64_FORMAT " repeat buyers have the same frequency and monetary value.", total),
				 errhint("Fit over customers whose spend differs.")));
	d.total = (double) total;
	/* ln(m) once, not once per evaluation of the objective */
	d.lnm = palloc(d.nentries * sizeof(double));
	for (i = 0; i < d.nentries; i++)
		d.lnm[i] = log(d.e[i].k[1]);
	/* the start: p = q = 1 and gamma the mean spend, a fixed point */
	{
		double		summ = 0;

		for (i = 0; i < d.nentries; i++)
			summ += d.e[i].k[1] * d.e[i].count;
		theta[0] = 0;
		theta[1] = 0;
		theta[2] = log(summ / d.total);
	}
	res = cs_minimize(gg_objective, &d, theta, 3);
	if (res.status != CS_OPT_CONVERGED)
		cs_fit_not_converged("gamma_gamma_fit", &res,
							 psprintf("p %g, q %g, gamma %g", exp(theta[0]), exp(theta[1]), exp(theta[2])));
	tupdesc = cs_result_tupdesc(fcinfo);
	for (i = 0; i < 3; i++)
		values[i] = Float8GetDatum(exp(theta[i]));
	values[3] = Float8GetDatum(-res.value * d.total);
	values[4] = Int64GetDatum(total);
	values[5] = Int32GetDatum(res.iterations);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
