/*
 * optimize.c
 *	  The optimiser of the fit aggregates (bgnbd_fit, gamma_gamma_fit):
 *	  BFGS with analytic gradients and a backtracking (Armijo) line search,
 *	  on log-parameters, so every parameter stays positive and the problem is
 *	  scaled alike whatever the time unit.  Deterministic: a fixed start, no
 *	  randomness, every sum in one order.
 *
 * Line search: a step is taken when it lowers the value enough (Armijo,
 * c1 = 1e-4), or, when the decrease is below the value's rounding (1e-14
 * relative), when it lowers the largest gradient component.
 *
 * Stopping rule: the largest component of the gradient (of the mean
 * negative log-likelihood per customer, per unit of log-parameter) at most
 * CS_OPT_GTOL; or, when no step along the search direction or the steepest
 * descent lowers the value any more in floating point, at most
 * CS_OPT_GTOL_STALLED.  Otherwise the caller reports that the fit did not
 * converge (out of CS_OPT_ITERATIONS iterations, stalled, or a log-parameter
 * more than CS_OPT_BOUND from its start, a factor e^20 = 4.9e8, or more than
 * half that while CS_OPT_WINDOW iterations lower the value by less than
 * CS_OPT_FTOL of it: a parameter
 * running to 0 or infinity is a limit of the model, such as no drop-out,
 * that the data cannot tell from the model, not a fit).
 */
#include "postgres.h"

#include <math.h>

#include "miscadmin.h"

#include "optimize.h"

/*
 * digamma: the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then
 * the asymptotic series to x^-14 (error below 1e-16 there).
 */
double
cs_digamma(double x)
{
	double		acc = 0.0,
				inv,
				inv2;

	while (x < 10.0)
	{
		acc -= 1.0 / x;
		x += 1.0;
	}
	inv = 1.0 / x;
	inv2 = inv * inv;
	return acc + log(x) - 0.5 * inv
		- inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240
				- inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 * (1.0 / 12)))))));
}

static double
maxabs(const double *v, int n)
{
	double		m = 0;
	int			i;

	for (i = 0; i < n; i++)
		if (fabs(v[i]) > m)
			m = fabs(v[i]);
	return m;
}

/* f at theta; +inf where it cannot be evaluated */
static double
evaluate(CsObjective f, void *arg, const double *theta, double *grad, int n, int *count)
{
	double		v;
	int			i;

	(*count)++;
	if (!f(theta, &v, grad, arg) || !isfinite(v))
		return INFINITY;
	for (i = 0; i < n; i++)
		if (!isfinite(grad[i]))
			return INFINITY;
	return v;
}

CsOptResult
cs_minimize(CsObjective f, void *arg, double *theta, int n)
{
	CsOptResult res;
	double		H[CS_OPT_MAXDIM][CS_OPT_MAXDIM];
	double		g[CS_OPT_MAXDIM],
				gn[CS_OPT_MAXDIM],
				d[CS_OPT_MAXDIM],
				tn[CS_OPT_MAXDIM],
				s[CS_OPT_MAXDIM],
				y[CS_OPT_MAXDIM],
				Hy[CS_OPT_MAXDIM],
				theta0[CS_OPT_MAXDIM];
	double		fx;
	double		f_window = INFINITY;	/* the value CS_OPT_WINDOW iterations ago */
	bool		identity = true;
	bool		scaled = false;
	int			i,
				j;

	Assert(n >= 1 && n <= CS_OPT_MAXDIM);
	memset(&res, 0, sizeof(res));
	memcpy(theta0, theta, n * sizeof(double));
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			H[i][j] = i == j ? 1.0 : 0.0;

	fx = evaluate(f, arg, theta, g, n, &res.evaluations);
	if (isinf(fx))
	{
		res.status = CS_OPT_UNDEFINED;
		res.value = fx;
		return res;
	}

	for (;;)
	{
		double		slope = 0,
					step = 1,
					dmax,
					fn = INFINITY,
					sy = 0,
					yHy = 0;
		int			k;
		bool		found = false;

		CHECK_FOR_INTERRUPTS();
		res.gradmax = maxabs(g, n);
		res.value = fx;
		/* a model at a limit (no drop-out, no heterogeneity) is no fit */
		for (i = 0; i < n; i++)
			if (fabs(theta[i] - theta0[i]) > CS_OPT_BOUND)
			{
				res.status = CS_OPT_UNBOUNDED;
				return res;
			}
		if (res.gradmax <= CS_OPT_GTOL)
		{
			res.status = CS_OPT_CONVERGED;
			break;
		}
		if (res.iterations >= CS_OPT_ITERATIONS)
		{
			res.status = CS_OPT_MAXITER;
			break;
		}
		/*
		 * A crawl: CS_OPT_WINDOW iterations that lowered the value by less
		 * than CS_OPT_FTOL of it.  Towards a limit of the model (a
		 * log-parameter more than half the bound from its start) it is no
		 * fit; on a flat optimum with a small gradient, the optimum; else
		 * the fit stalled.  (Without this, a fit drifting to no drop-out
		 * spends all its iterations on a million customers.)
		 */
		if (res.iterations % CS_OPT_WINDOW == 0)
		{
			if (f_window - fx <= CS_OPT_FTOL * fabs(fx))
			{
				res.status = res.gradmax <= CS_OPT_GTOL_STALLED ? CS_OPT_CONVERGED : CS_OPT_STALLED;
				for (i = 0; i < n; i++)
					if (fabs(theta[i] - theta0[i]) > CS_OPT_BOUND / 2)
						res.status = CS_OPT_UNBOUNDED;
				break;
			}
			f_window = fx;
		}
		res.iterations++;

		/* direction -H g; the steepest descent if that is not downhill */
		for (i = 0; i < n; i++)
		{
			d[i] = 0;
			for (j = 0; j < n; j++)
				d[i] -= H[i][j] * g[j];
			slope += d[i] * g[i];
		}
		if (!(slope < 0))
		{
			for (i = 0; i < n; i++)
			{
				for (j = 0; j < n; j++)
					H[i][j] = i == j ? 1.0 : 0.0;
				d[i] = -g[i];
			}
			identity = true;
			scaled = false;
			slope = 0;
			for (i = 0; i < n; i++)
				slope += d[i] * g[i];
		}
		/* at most 2 (a factor e^2) per log-parameter and step */
		dmax = maxabs(d, n);
		if (dmax > 2.0)
			step = 2.0 / dmax;

		/* backtracking to a sufficient decrease (Armijo, c1 = 1e-4) */
		for (k = 0; k < 60; k++)
		{
			for (i = 0; i < n; i++)
				tn[i] = theta[i] + step * d[i];
			fn = evaluate(f, arg, tn, gn, n, &res.evaluations);
			/*
			 * Near the optimum the decrease falls below the value's
			 * rounding: there a step that lowers the gradient without
			 * raising the value by more than that is progress too.
			 */
			if (fn <= fx + 1e-4 * step * slope ||
				(fn <= fx + 1e-14 * fabs(fx) && maxabs(gn, n) < res.gradmax))
			{
				found = true;
				break;
			}
			step *= 0.5;
		}
		if (!found)
		{
			if (!identity)
			{
				/* forget the curvature and try the steepest descent */
				for (i = 0; i < n; i++)
					for (j = 0; j < n; j++)
						H[i][j] = i == j ? 1.0 : 0.0;
				identity = true;
				scaled = false;
				continue;
			}
			res.status = res.gradmax <= CS_OPT_GTOL_STALLED ? CS_OPT_CONVERGED : CS_OPT_STALLED;
			break;
		}

		for (i = 0; i < n; i++)
		{
			s[i] = tn[i] - theta[i];
			y[i] = gn[i] - g[i];
			sy += s[i] * y[i];
		}
		/* BFGS update of the inverse Hessian, when the curvature is positive */
		if (sy > 1e-300)
		{
			double		yy = 0;

			for (i = 0; i < n; i++)
				yy += y[i] * y[i];
			if (!scaled)
			{
				/* the first step's scale (Nocedal and Wright, 6.20) */
				for (i = 0; i < n; i++)
					for (j = 0; j < n; j++)
						H[i][j] = i == j ? sy / yy : 0.0;
				scaled = true;
			}
			for (i = 0; i < n; i++)
			{
				Hy[i] = 0;
				for (j = 0; j < n; j++)
					Hy[i] += H[i][j] * y[j];
				yHy += y[i] * Hy[i];
			}
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++)
					H[i][j] += ((sy + yHy) * s[i] * s[j]) / (sy * sy)
						- (Hy[i] * s[j] + s[i] * Hy[j]) / sy;
			identity = false;
		}
		for (i = 0; i < n; i++)
		{
			theta[i] = tn[i];
			g[i] = gn[i];
		}
		fx = fn;
	}
	elog(DEBUG1, "optimiser: %d iterations, %d evaluations, value %.17g, gradient %g",
		 res.iterations, res.evaluations, res.value, res.gradmax);
	return res;
}
