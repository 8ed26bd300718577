/*
 * optimize.h
 *	  The fit aggregates' optimiser (src/optimize.c): quasi-Newton (BFGS)
 *	  minimisation of a smooth function of a few parameters, deterministic,
 *	  and the digamma function their gradients need.
 */
#ifndef CS_OPTIMIZE_H
#define CS_OPTIMIZE_H

#include <math.h>

#define CS_OPT_MAXDIM 4

/*
 * The objective: its value at theta, and its gradient into grad; returns
 * false (or a non-finite value) where it cannot be evaluated.
 */
typedef bool (*CsObjective) (const double *theta, double *value, double *grad, void *arg);

typedef enum CsOptStatus
{
	CS_OPT_CONVERGED = 0,		/* the gradient is below the tolerance */
	CS_OPT_MAXITER,				/* out of iterations */
	CS_OPT_STALLED,				/* no step decreases it, gradient not small */
	CS_OPT_UNBOUNDED,			/* a parameter moved more than CS_OPT_BOUND */
	CS_OPT_UNDEFINED			/* not finite at the start */
} CsOptStatus;

/* the tolerances and limits, documented in docs/clv.md */
#define CS_OPT_GTOL 1e-9		/* largest gradient component at the optimum */
#define CS_OPT_GTOL_STALLED 1e-6	/* ... when no step improves in floating point */
#define CS_OPT_ITERATIONS 1000
#define CS_OPT_WINDOW 25			/* iterations between two checks of progress */
#define CS_OPT_FTOL 1e-12		/* ... less decrease than this, relative: a crawl */
#define CS_OPT_BOUND 20.0		/* |theta - start| (log-parameters: e^20 = 4.9e8) */

typedef struct CsOptResult
{
	CsOptStatus status;
	int			iterations;
	int			evaluations;	/* of the objective and its gradient */
	double		value;
	double		gradmax;		/* largest |gradient| component at the end */
} CsOptResult;

/* minimise f over n <= CS_OPT_MAXDIM parameters from theta (updated) */
extern CsOptResult cs_minimize(CsObjective f, void *arg, double *theta, int n);

/* ERROR: a fit that did not converge (params: the parameters reached, as text) */
extern void cs_fit_not_converged(const char *fname, CsOptResult *res, const char *params);

/*
 * Compensated (Neumaier) summation, so that a sum over a million keys keeps
 * the value's last digits for the line search: sum = s + c.
 */
static inline void
cs_sum_add(double *s, double *c, double v)
{
	double		t = *s + v;

	if (fabs(*s) >= fabs(v))
		*c += (*s - t) + v;
	else
		*c += (v - t) + *s;
	*s = t;
}

/* digamma(x), x > 0, to about 1e-15 relative */
extern double cs_digamma(double x);

#endif							/* CS_OPTIMIZE_H */
