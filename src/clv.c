/*
 * clv.c
 *	  Predictions of the BG/NBD model (probability alive, expected purchases)
 *	  and of the Gamma-Gamma spend model (expected spend per purchase), and
 *	  customer lifetime value from both: immutable functions of a fitted
 *	  model and one customer's summary (frequency x, recency t_x, age T).
 *
 * The model arguments are composites (bgnbd_row, gamma_gamma_row).  A call
 * site keeps the bytes of the last model it saw and its checked parameters,
 * so a query over a million customers with one model deforms and checks it
 * once: each later row costs a memcmp of the row's bytes.
 *
 * Expected purchases.  Fader, Hardie and Lee (2005) give, for a horizon t,
 *
 *	 E[Y(t) | x, t_x, T] = (a+b+x-1)/(a-1)
 *		 * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)]
 *		 / (1 + [x>0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x)),
 *	 z = t/(alpha+T+t).
 *
 * Written so, it divides by a-1 (a = 1 is a removable singularity) and, for
 * large x or z near 1, multiplies a huge 2F1 by a tiny power.  Euler's
 * transformation 2F1(A', B'; C; z) = (1-z)^(C-A'-B') 2F1(C-A', C-B'; C; z)
 * turns the bracket into
 *
 *	 1 - (1-z)^(a-1) 2F1(A, a-1; C; z),	 A = a+b-1-r,  C = a+b+x-1,
 *
 * and as every term but the first of that 2F1 has the factor (a-1), the
 * numerator C/(a-1) [...] is exactly
 *
 *	 C (1 - (1-z)^(a-1)) / (a-1)  -  (1-z)^(a-1) sum_{k>=1} s_k,
 *	 s_k = (A)_k (a)_{k-1} / (C+1)_{k-1} z^k / k!,
 *
 * where the first part is -C L expm1((a-1) L) / ((a-1) L) with
 * L = ln(1-z) = -log1p(t / (alpha+T)), finite for a = 1 too, and the series
 * has positive denominators for every valid model (C > -1).  Its terms
 * shrink by a ratio that tends to z; they are added with Kahan's
 * compensation when z > 0.75 (near z = 1 there are thousands), and the loop stops
 * when a bound on the rest (a geometric series with a ratio proven to hold
 * from that term on) is below 2^-53 of the result.  It raises 54000
 * instead of a silently wrong answer if it needs more than CLV_MAX_TERMS
 * terms (z above about 0.9999 for the slowest models: a horizon some 10^4
 * times alpha + T) or if the terms were so much larger than the result that
 * more than 6 digits cancelled (r far above a + b).
 */
#include "common.h"

#include <float.h>
#include <math.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/fmgrprotos.h"

PG_FUNCTION_INFO_V1(bgnbd_p_alive);
PG_FUNCTION_INFO_V1(bgnbd_expected_purchases);
PG_FUNCTION_INFO_V1(bgnbd_expected_purchases_new);
PG_FUNCTION_INFO_V1(gamma_gamma_expected_value);
PG_FUNCTION_INFO_V1(customer_lifetime_value);

/* the parameters read from the model rows, in their attribute order */
#define BG_PARAMS 4				/* r, alpha, a, b */
#define GG_PARAMS 3				/* p, q, gamma */
#define MODEL_MAX_ATTS 7		/* bgnbd_row has 7 attributes, gamma_gamma_row 6 */

#define CLV_MAX_TERMS 1000000
#define CLV_MAX_PERIODS 10000
#define CLV_MAX_CANCEL 1e6

/* One kind of model argument: its SQL type and the names of its parameters. */
typedef struct ModelKind
{
	const char *type;
	const char *title;
	int			nparams;
	const char *const *names;
	const char *hint;
} ModelKind;

static const char *const bg_names[BG_PARAMS] = {"r", "alpha", "a", "b"};
static const char *const gg_names[GG_PARAMS] = {"p", "q", "gamma"};

static const ModelKind bg_kind = {
	"bgnbd_row", "BG/NBD", BG_PARAMS, bg_names,
	"Pass the row bgnbd_fit returns, or ROW(r, alpha, a, b, NULL, NULL, NULL)::bgnbd_row with positive finite r, alpha, a and b."
};
static const ModelKind gg_kind = {
	"gamma_gamma_row", "Gamma-Gamma", GG_PARAMS, gg_names,
	"Pass the row gamma_gamma_fit returns, or ROW(p, q, gamma, NULL, NULL, NULL)::gamma_gamma_row with positive finite p and gamma and q above 1."
};

/*
 * The last model row a call site saw (its bytes), and its parameters once
 * checked; null: a parameter is NULL, so every answer is NULL.
 */
typedef struct ModelCopy
{
	CsArrayCopy bytes;
	TupleDesc	desc;
	bool		null;
	uint32		gen;			/* counts the models seen: 1 for the first */
	double		par[BG_PARAMS];
} ModelCopy;

/*
 * Expected purchases if alive, remembered per call site: the series costs
 * about 50 terms per row (z near 0.5), while real summaries repeat the same
 * (frequency, age) over and over (whole days or weeks, small counts), as the
 * fits' histograms of distinct triples do.  A direct-mapped table of
 * CLV_MEMO entries (32 bytes each, 256 kB); an entry counts only for the model
 * (gen) it was computed with.
 */
#define CLV_MEMO 8192

typedef struct MemoEntry
{
	uint32		gen;
	int32		x;
	double		T;
	double		t;
	double		value;
} MemoEntry;

typedef struct ClvCache
{
	ModelCopy	bg;
	ModelCopy	gg;
	MemoEntry  *memo;			/* NULL until the first expected purchases */
} ClvCache;

static char *
num_text(double v)
{
	return float8out_internal(v);
}

static void
bad_model(const ModelKind *k, const double *par, const bool *null, int i, const char *what)
{
	StringInfoData buf;
	int			j;

	initStringInfo(&buf);
	for (j = 0; j < k->nparams; j++)
		appendStringInfo(&buf, "%s%s %s", j ? ", " : "", k->names[j], null[j] ? "NULL" : num_text(par[j]));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the %s model's %s is %s, not %s", k->title, k->names[i], num_text(par[i]), what),
			 errdetail("The model (%s) has %s.", k->type, buf.data),
			 errhint("%s", k->hint)));
}

/*
 * The parameters of model argument argno, or NULL when one of them is NULL.
 * Checked on the first row and whenever the row's bytes change.
 */
static const double *
model_params(FunctionCallInfo fcinfo, int argno, ModelCopy *m, const ModelKind *k)
{
	HeapTupleHeader t = PG_GETARG_HEAPTUPLEHEADER(argno);
	Datum		v[MODEL_MAX_ATTS];
	bool		n[MODEL_MAX_ATTS];
	int			i;

	if (cs_array_same(&m->bytes, t))
		return m->null ? NULL : m->par;
	cs_composite_deform(t, &m->desc, fcinfo->flinfo->fn_mcxt, v, n);
	m->null = false;
	m->gen++;
	for (i = 0; i < k->nparams; i++)
	{
		m->par[i] = n[i] ? 0.0 : DatumGetFloat8(v[i]);
		m->null |= n[i];
	}
	if (!m->null)
	{
		for (i = 0; i < k->nparams; i++)
			if (!(m->par[i] > 0.0 && m->par[i] < HUGE_VAL))
				bad_model(k, m->par, n, i, "a positive finite number");
		if (k == &gg_kind && !(m->par[1] > 1.0))
			bad_model(k, m->par, n, 1, "above 1 (with q <= 1 the population's mean spend is infinite)");
	}
	cs_array_remember(fcinfo, &m->bytes, t);
	return m->null ? NULL : m->par;
}

/* The result, or ERROR 22003 if it overflowed float8 (huge spend values). */
static double
finite_result(double v)
{
	if (isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the result is too large for float8"),
				 errhint("Check the spend model and monetary_value: the expected spend overflowed.")));
	return v;
}

static void
bad_input(const char *what, const char *value, const char *rule, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s %s is not %s", what, value, rule),
			 errhint("%s", hint)));
}

#define SUMMARY_HINT "frequency, recency and age are one customer's summary (purchase_summary): repeat purchases, time from the first purchase to the last, and from the first to the as-of date, in the model's time unit."

/* ERROR unless (frequency, recency, age) is a possible customer summary. */
static void
check_summary(int32 x, double tx, double T)
{
	if (x < 0)
		bad_input("frequency", psprintf("%d", x), "0 or more", SUMMARY_HINT);
	if (!(tx >= 0.0 && tx < HUGE_VAL))
		bad_input("recency", num_text(tx), "a finite number >= 0", SUMMARY_HINT);
	if (!(T >= 0.0 && T < HUGE_VAL))
		bad_input("age", num_text(T), "a finite number >= 0", SUMMARY_HINT);
	if (T < tx)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("age is less than recency"),
				 errdetail("recency is %s, age %s.", num_text(tx), num_text(T)),
				 errhint("The age (first purchase to as-of date) is at least the recency (first to last purchase); check the argument order: (model, frequency, recency, age).")));
}

static void
check_horizon(double t, const char *what)
{
	if (!(t >= 0.0 && t < HUGE_VAL))
		bad_input(what, num_text(t), "a finite number >= 0", "A horizon is a length of time in the model's time unit, e.g. 39 for 39 weeks.");
}

/*
 * ln of the odds that a customer with this summary has dropped out:
 * P(alive) = 1 / (1 + exp(result)); -inf for x = 0 (never a repeat
 * purchase, so never a chance to drop out).
 */
static double
log_dropout_odds(const double *m, int32 x, double tx, double T)
{
	if (x == 0)
		return -HUGE_VAL;
	/* m is (r, alpha, a, b): ln(a / (b+x-1)) + (r+x) ln((alpha+T) / (alpha+t_x)) */
	return log(m[2]) - log(m[3] + x - 1.0) + (m[0] + x) * log1p((T - tx) / (m[1] + tx));
}

static void
series_limit(const char *why, double z, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("expected purchases cannot be computed accurately: %s", why),
			 errdetail("The hypergeometric series is at z = t / (alpha + age + t) = %s.", num_text(z)),
			 errhint("%s", hint)));
}

/*
 * The expected purchases in (T, T+t] of a customer with x repeat purchases
 * and age T who is alive at T: the numerator of E[Y(t) | x, t_x, T] (the
 * file's header comment derives it).
 */
static double
expected_if_alive(const double *m, int32 x, double T, double t)
{
	double		r = m[0],
				alpha = m[1],
				a = m[2],
				b = m[3];
	double		A = a + b - 1.0 - r;
	double		C = a + b + x - 1.0;
	double		u = t / (alpha + T);
	double		z = t / (alpha + T + t);
	double		L = -log1p(u);
	double		y = (a - 1.0) * L;
	double		head = -C * L * (y == 0.0 ? 1.0 : expm1(y) / y);
	double		w = exp(y);
	/* the term ratio is z (1 + (al k + be) / ((C+k) (k+1))) */
	double		al = A + a - 2.0 - C;
	double		be = A * (a - 1.0) - C;
	/* from term kmin on, every ratio is >= 0 and the bound below holds */
	double		kmin = fmax(2.0, fmax(-A, 1.0 - a));
	/* from term kz on, every ratio is <= z */
	double		kz = al < 0.0 ? fmax(kmin, be / al) : HUGE_VAL;
	double		term = A * z;
	double		sum = term;
	/* Kahan's compensation, for the long series at z near 1 */
	bool		compensate = z > 0.75;
	double		lost = 0.0;
	double		big = fabs(term);
	double		result;
	int			k;

	if (t == 0.0)
		return 0.0;
	if (!(z < 1.0))
		series_limit("z rounds to 1", z,
					 "Use a shorter horizon: z near 1 needs a horizon far beyond the model's alpha plus the customer's age.");
	for (k = 1;; k++)
	{
		double		j = k + 1.0;	/* term now holds s_j */

		term *= z * (A + k) * (a - 1.0 + k) / ((C + k) * j);
		if (compensate)
		{
			double		add = term - lost;
			double		next = sum + add;

			lost = (next - sum) - add;
			sum = next;
		}
		else
			sum += term;
		big = fmax(big, fabs(term));
		/* the rest is bounded every 4 terms: cheaper, at most 3 terms more */
		if ((k & 3) == 0 && j >= kmin)
		{
			double		rho = j >= kz ? z : z * (1.0 + 2.0 * (fmax(al, 0.0) + fmax(be, 0.0) / j) / j);

			if (rho < 1.0 && fabs(term) * rho <= (1.0 - rho) * (DBL_EPSILON / 2) * (fabs(head) + w * fabs(sum)))
				break;
		}
		if (k >= CLV_MAX_TERMS)
			series_limit(psprintf("the series did not converge in %d terms", CLV_MAX_TERMS), z,
						 "Use a shorter horizon: z near 1 needs a horizon far beyond the model's alpha plus the customer's age.");
		if ((k & 4095) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	result = head - w * sum;
	if (!isfinite(result) || w * big > CLV_MAX_CANCEL * fabs(result))
		series_limit("its terms cancel (the model's r is far above a + b)", z,
					 "Check the model: a fit with r far above a + b is unusual; refit on more data or in another time unit.");
	return result;
}

/* expected_if_alive for the call site's BG/NBD model, through its memo */
static double
memo_expected(FunctionCallInfo fcinfo, ClvCache *c, const double *m, int32 x, double T, double t)
{
	uint64		tb,
				hb,
				h;
	MemoEntry  *e;

	if (c->memo == NULL)
		c->memo = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(MemoEntry) * CLV_MEMO);
	memcpy(&tb, &T, sizeof(tb));
	memcpy(&hb, &t, sizeof(hb));
	h = tb * UINT64CONST(0x9E3779B97F4A7C15) ^ hb * UINT64CONST(0xC2B2AE3D27D4EB4F) ^ (uint64) (uint32) x * UINT64CONST(0x165667B19E3779F9);
	e = &c->memo[(h ^ (h >> 29)) * UINT64CONST(0xBF58476D1CE4E5B9) >> 53 & (CLV_MEMO - 1)];
	if (e->gen != c->bg.gen || e->x != x || e->T != T || e->t != t)
	{
		e->value = expected_if_alive(m, x, T, t);
		e->gen = c->bg.gen;
		e->x = x;
		e->T = T;
		e->t = t;
	}
	return e->value;
}

/*
 * The model (argument 0, NULL if a parameter is NULL) and the checked
 * summary (arguments 1-3) of a STRICT BG/NBD function.
 */
static const double *
bg_customer(FunctionCallInfo fcinfo, int32 *x, double *tx, double *T)
{
	ClvCache   *c = cs_fn_cache(fcinfo, ClvCache);

	*x = PG_GETARG_INT32(1);
	*tx = PG_GETARG_FLOAT8(2);
	*T = PG_GETARG_FLOAT8(3);
	check_summary(*x, *tx, *T);
	return model_params(fcinfo, 0, &c->bg, &bg_kind);
}

/*
 * bgnbd_p_alive(model, frequency, recency, age): the probability that the
 * customer has not dropped out by the as-of date.  STRICT.
 */
Datum
bgnbd_p_alive(PG_FUNCTION_ARGS)
{
	int32		x;
	double		tx,
				T;
	const double *m = bg_customer(fcinfo, &x, &tx, &T);

	if (m == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(1.0 / (1.0 + exp(log_dropout_odds(m, x, tx, T))));
}

/*
 * bgnbd_expected_purchases(model, frequency, recency, age, horizon): the
 * customer's expected purchases in the next horizon units.  STRICT.
 */
Datum
bgnbd_expected_purchases(PG_FUNCTION_ARGS)
{
	int32		x;
	double		tx,
				T,
				t = PG_GETARG_FLOAT8(4);
	const double *m = bg_customer(fcinfo, &x, &tx, &T);

	check_horizon(t, "horizon");
	if (m == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(memo_expected(fcinfo, fcinfo->flinfo->fn_extra, m, x, T, t)
					 / (1.0 + exp(log_dropout_odds(m, x, tx, T))));
}

/*
 * bgnbd_expected_purchases_new(model, horizon): E[X(t)], the expected
 * purchases of a new customer in its first horizon units (after its first
 * purchase: the summary x = 0, T = 0).  STRICT.
 */
Datum
bgnbd_expected_purchases_new(PG_FUNCTION_ARGS)
{
	ClvCache   *c = cs_fn_cache(fcinfo, ClvCache);
	const double *m = model_params(fcinfo, 0, &c->bg, &bg_kind);
	double		t = PG_GETARG_FLOAT8(1);

	check_horizon(t, "horizon");
	if (m == NULL)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(expected_if_alive(m, 0, 0.0, t));
}

/*
 * E[M | x, m] of the Gamma-Gamma model: p (gamma + x m) / (p x + q - 1),
 * the population's mean p gamma / (q - 1) for x = 0 (mv is not read).
 */
static double
expected_value(const double *g, int32 x, double mv)
{
	double		p = g[0],
				q = g[1],
				gamma = g[2];

	if (x == 0)
		return p * gamma / (q - 1.0);
	return p * (gamma + x * mv) / (p * x + q - 1.0);
}

#define SPEND_HINT "monetary_value is the customer's average spend per repeat purchase (purchase_summary's monetary_value); it may be NULL when frequency is 0."

/*
 * Reads frequency (argument xarg) and monetary_value (marg) into *x, *mv;
 * false when the answer is NULL (frequency NULL, or monetary_value NULL
 * with repeat purchases).
 */
static bool
spend_args(FunctionCallInfo fcinfo, int xarg, int marg, int32 *x, double *mv)
{
	if (PG_ARGISNULL(xarg))
		return false;
	*x = PG_GETARG_INT32(xarg);
	if (*x < 0)
		bad_input("frequency", psprintf("%d", *x), "0 or more", SPEND_HINT);
	if (PG_ARGISNULL(marg))
	{
		*mv = 0.0;
		return *x == 0;
	}
	*mv = PG_GETARG_FLOAT8(marg);
	if (!(*mv >= 0.0 && *mv < HUGE_VAL))
		bad_input("monetary_value", num_text(*mv), "a finite number >= 0", SPEND_HINT);
	return true;
}

/*
 * gamma_gamma_expected_value(model, frequency, monetary_value): the
 * customer's expected spend per purchase.  Not STRICT: monetary_value NULL
 * with frequency 0 is the population's mean.
 */
Datum
gamma_gamma_expected_value(PG_FUNCTION_ARGS)
{
	ClvCache   *c = cs_fn_cache(fcinfo, ClvCache);
	const double *g;
	int32		x;
	double		mv;
	bool		given = spend_args(fcinfo, 1, 2, &x, &mv);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	g = model_params(fcinfo, 0, &c->gg, &gg_kind);
	if (g == NULL || !given)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(finite_result(expected_value(g, x, mv)));
}

/*
 * customer_lifetime_value(bgnbd, spend, frequency, recency, age,
 * monetary_value, periods, period_length, discount_rate DEFAULT 0):
 *
 *	 sum_{i=1..periods} E[M] (E[Y(i L)] - E[Y((i-1) L)]) / (1 + d)^i
 *
 * Not STRICT: discount_rate NULL is 0, monetary_value NULL with frequency 0
 * the population's mean spend.
 */
Datum
customer_lifetime_value(PG_FUNCTION_ARGS)
{
	ClvCache   *c = cs_fn_cache(fcinfo, ClvCache);
	const double *m = NULL;
	const double *g = NULL;
	int32		x;
	double		tx,
				T,
				mv,
				len,
				d = PG_ARGISNULL(8) ? 0.0 : PG_GETARG_FLOAT8(8);
	int32		periods;
	bool		given;
	double		spend,
				alive,
				prev = 0.0,
				total = 0.0;
	int32		i;

	if (!(d >= 0.0 && d <= 1.0))
		cs_check_rate(DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(d))), "discount_rate");
	if (PG_ARGISNULL(2))
		PG_RETURN_NULL();
	given = spend_args(fcinfo, 2, 5, &x, &mv);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4)
		|| PG_ARGISNULL(6) || PG_ARGISNULL(7))
		PG_RETURN_NULL();
	tx = PG_GETARG_FLOAT8(3);
	T = PG_GETARG_FLOAT8(4);
	periods = PG_GETARG_INT32(6);
	len = PG_GETARG_FLOAT8(7);
	check_summary(x, tx, T);
	if (periods < 0)
		bad_input("periods", psprintf("%d", periods), "0 or more", "periods is the number of periods of period_length summed, e.g. 12 periods of 4 weeks.");
	if (periods > CLV_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("periods %d is more than %d", periods, CLV_MAX_PERIODS),
				 errhint("Each period costs a sum of its own: use longer periods (period_length) and fewer of them.")));
	if (!(len > 0.0 && len < HUGE_VAL))
		bad_input("period_length", num_text(len), "a positive finite number", "period_length is the length of one period in the model's time unit, e.g. 4 (weeks) for about a month.");
	m = model_params(fcinfo, 0, &c->bg, &bg_kind);
	g = model_params(fcinfo, 1, &c->gg, &gg_kind);
	if (m == NULL || g == NULL || !given)
		PG_RETURN_NULL();

	spend = expected_value(g, x, mv);
	alive = 1.0 + exp(log_dropout_odds(m, x, tx, T));
	/* without a discount the sum telescopes: one expected-purchases sum */
	if (d == 0.0)
		PG_RETURN_FLOAT8(finite_result(spend * (memo_expected(fcinfo, c, m, x, T, periods * len) / alive)));
	for (i = 1; i <= periods; i++)
	{
		double		cur = memo_expected(fcinfo, c, m, x, T, i * len);

		total += (cur - prev) / alive / pow(1.0 + d, i);
		prev = cur;
		CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_FLOAT8(finite_result(spend * total));
}
