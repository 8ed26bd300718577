/*
 * grades.c
 *	  Credit grades and the classes built on them: credit_grade from average
 *	  days to pay (or a payment_profile), collection_terms per grade,
 *	  overdue_class and risk_group.
 */
#include "common.h"
#include "exact.h"
#include "credit_state.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

/* ---------------------------------------------------------------------
 * Credit grades and collection terms
 * --------------------------------------------------------------------- */

#define NUM_GRADES 4
#define GRADE_D 3
static const char *const grade_labels[NUM_GRADES] = {"A", "B", "C", "D"};
static const char *const terms[NUM_GRADES] =
{"standard_contract", "part_prepayment_preferred", "part_prepayment_required", "cash_on_delivery"};
static const int32 default_limits[NUM_GRADES - 1] = {60, 150, 240};

/* payment_profile fields read here (0-based) */
#define ATT_INVOICES 0
#define ATT_AVG_DAYS 2
#define ATT_MAX_DPD 4
#define ATT_OVERDUE_COUNT 5
#define ATT_OVERDUE_AMOUNT 6
#define ATT_OLDEST_OVERDUE 7

/*
 * Grade limits of one call site: the last limits array seen (its bytes;
 * NULL for the built-in defaults) and the limits as numerics.
 */
typedef struct GradeLimits
{
	bool		ready;
	CsArrayCopy arr;
	int32		days[NUM_GRADES - 1];
	Datum		num[NUM_GRADES - 1];
	TupleDesc	profile_desc;	/* of a payment_profile argument */
} GradeLimits;

/* A payment_profile argument, deformed. */
typedef struct Profile
{
	Datum		v[PAYMENT_PROFILE_NATTS];
	bool		null[PAYMENT_PROFILE_NATTS];
} Profile;

static void
read_profile(FunctionCallInfo fcinfo, GradeLimits *c, Profile *p)
{
	cs_composite_deform(PG_GETARG_HEAPTUPLEHEADER(0), &c->profile_desc, fcinfo->flinfo->fn_mcxt, p->v, p->null);
}

static void
bad_limits(ArrayType *arr, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("credit grade limits must be 3 strictly increasing non-negative days"),
			 errdetail("The limits are %s: %s.", cs_array_text(PointerGetDatum(arr)), why),
			 errhint("Pass the days within which grades A, B and C pay, e.g. '{60,150,240}'.")));
}

static void
limits_set(FunctionCallInfo fcinfo, GradeLimits *c, const int32 *days)
{
	MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	int			i;

	for (i = 0; i < NUM_GRADES - 1; i++)
	{
		if (c->ready)
			pfree(DatumGetPointer(c->num[i]));	/* limits that change per row must not pile up */
		c->days[i] = days[i];
		c->num[i] = NumericGetDatum(int64_to_numeric(days[i]));
	}
	c->ready = true;
	MemoryContextSwitchTo(old);
}

/*
 * the limits array argument argno, checked and cached in c; NULL means the
 * default limits (the API contract: a NULL option is its default)
 */
static GradeLimits *
grade_limits(FunctionCallInfo fcinfo, int argno, GradeLimits *c)
{
	ArrayType  *arr;
	int32		days[NUM_GRADES - 1];
	int			i;

	if (PG_ARGISNULL(argno))
	{
		/* no array kept: the defaults (or nothing yet) */
		if (!c->ready || c->arr.bytes != NULL)
		{
			limits_set(fcinfo, c, default_limits);
			cs_array_forget(&c->arr);
		}
		return c;
	}
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (cs_array_same(&c->arr, arr))
		return c;
	if (ARR_NDIM(arr) != 1 || ARR_HASNULL(arr) || ARR_ELEMTYPE(arr) != INT4OID ||
		ARR_DIMS(arr)[0] != NUM_GRADES - 1)
		bad_limits(arr, "they must be a one-dimensional int[] of 3 elements without NULLs");
	memcpy(days, ARR_DATA_PTR(arr), sizeof(days));
	for (i = 0; i < NUM_GRADES - 1; i++)
	{
		if (days[i] < 0)
			bad_limits(arr, psprintf("limit %d is negative", i + 1));
		if (i > 0 && days[i] <= days[i - 1])
			bad_limits(arr, psprintf("limit %d (%d) is not greater than limit %d (%d)", i + 1, days[i], i, days[i - 1]));
	}
	limits_set(fcinfo, c, days);
	cs_array_remember(fcinfo, &c->arr, arr);
	return c;
}

static GradeLimits *
grade_limits_default(FunctionCallInfo fcinfo, GradeLimits *c)
{
	if (!c->ready)
		limits_set(fcinfo, c, default_limits);
	return c;
}

/* 0..3 for A..D */
static int
grade_of_days(Datum avg_days, const GradeLimits *c)
{
	int			g = 0;

	if (numeric_is_nan(DatumGetNumeric(avg_days)) || numeric_is_inf(DatumGetNumeric(avg_days)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("avg_days_to_pay must be a finite number, not %s",
						numeric_normalize(DatumGetNumeric(avg_days))),
				 errhint("Pass NULL for a customer without payment history.")));

	while (g < NUM_GRADES - 1 &&
		   DatumGetInt32(DirectFunctionCall2(numeric_cmp, avg_days, c->num[g])) > 0)
		g++;
	return g;
}

/*
 * The grade of a payment profile: by average days to pay, and D
 * ("unreliable") whenever an invoice was ever more than the last limit days
 * past due; -1 (NULL) without invoices or without a weighted average.
 */
static int
profile_grade(const Profile *p, const GradeLimits *c)
{
	if (p->null[ATT_INVOICES] || DatumGetInt64(p->v[ATT_INVOICES]) == 0)
		return -1;
	if (!p->null[ATT_MAX_DPD] && DatumGetInt32(p->v[ATT_MAX_DPD]) > c->days[NUM_GRADES - 2])
		return GRADE_D;
	return p->null[ATT_AVG_DAYS] ? -1 : grade_of_days(p->v[ATT_AVG_DAYS], c);
}

/* per call site of credit_grade: its label OIDs and limits */
typedef struct CreditGradeCache
{
	Oid			labels[NUM_GRADES];
	GradeLimits limits;
} CreditGradeCache;

static CreditGradeCache *
credit_grade_cache(FunctionCallInfo fcinfo)
{
	CreditGradeCache *c = cs_fn_cache(fcinfo, CreditGradeCache);

	cs_enum_lookup(fcinfo, c->labels, grade_labels, NUM_GRADES);
	grade_limits(fcinfo, 1, &c->limits);
	return c;
}

/* credit_grade(avg_days_to_pay numeric, limits int[]) */
PG_FUNCTION_INFO_V1(cs_credit_grade);
Datum
cs_credit_grade(PG_FUNCTION_ARGS)
{
	CreditGradeCache *c = credit_grade_cache(fcinfo);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	PG_RETURN_OID(c->labels[grade_of_days(PG_GETARG_DATUM(0), &c->limits)]);
}

/* credit_grade(profile payment_profile, limits int[]) */
PG_FUNCTION_INFO_V1(cs_credit_grade_profile);
Datum
cs_credit_grade_profile(PG_FUNCTION_ARGS)
{
	CreditGradeCache *c = credit_grade_cache(fcinfo);
	Profile		p;
	int			g;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	read_profile(fcinfo, &c->limits, &p);
	g = profile_grade(&p, &c->limits);
	if (g < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(c->labels[g]);
}

PG_FUNCTION_INFO_V1(cs_collection_terms);
Datum
cs_collection_terms(PG_FUNCTION_ARGS)
{
	CreditGradeCache *c = cs_fn_cache(fcinfo, CreditGradeCache);

	PG_RETURN_TEXT_P(cstring_to_text(terms[cs_enum_index(PG_GETARG_OID(0), c->labels, grade_labels, NUM_GRADES)]));
}

/* ---------------------------------------------------------------------
 * Overdue classes and risk groups
 * --------------------------------------------------------------------- */

#define NUM_CLASSES 3
static const char *const class_labels[NUM_CLASSES] = {"A", "B", "C"};

#define NUM_RISKS 3
static const char *const risk_labels[NUM_RISKS] = {"low", "medium", "high"};

/*
 * per call site of overdue_class / risk_group: their label OIDs, the label
 * OIDs of a credit_grade argument, and the default limits
 */
typedef struct GradeCache
{
	Oid			labels[3];
	Oid			grades[NUM_GRADES];
	GradeLimits limits;
} GradeCache;

StaticAssertDecl(NUM_CLASSES == 3 && NUM_RISKS == 3, "overdue classes and risk groups have three labels");

static GradeCache *
grade_cache(FunctionCallInfo fcinfo, const char *const *labels)
{
	GradeCache *c = cs_fn_cache(fcinfo, GradeCache);

	cs_enum_lookup(fcinfo, c->labels, labels, 3);
	return c;
}

/*
 * The thresholds of overdue_class and risk_group: argument argno, or its
 * default (the SQL parameter's DEFAULT) when NULL, as the API contract says
 * of every option.
 */
static Numeric
threshold_amount(FunctionCallInfo fcinfo, int argno, const char *what, int64 dflt)
{
	Numeric		n;

	if (PG_ARGISNULL(argno))
		return int64_to_numeric(dflt);
	n = PG_GETARG_NUMERIC(argno);
	cs_check_money(n, what);
	if (cs_numeric_sign(n) <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be greater than zero", what),
				 errdetail("%s is %s.", what, cs_numeric_text(NumericGetDatum(n))),
				 errhint("Thresholds are amounts owed, e.g. 10000.")));
	return n;
}

static int64
threshold_int(FunctionCallInfo fcinfo, int argno, const char *what, bool is_int8, int64 dflt)
{
	int64		v;

	if (PG_ARGISNULL(argno))
		return dflt;
	v = is_int8 ? PG_GETARG_INT64(argno) : PG_GETARG_INT32(argno);
	if (v < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be at least 1, not " INT64_FORMAT, what, v),
				 errhint("Thresholds are counts or days, e.g. 90.")));
	return v;
}

/*
 * Overdue class 0..2 (A, B, C), -1 when nothing is overdue: C when the
 * grade is D or the debt is more than legal_days old, A when the amount is
 * at least large_amount, B otherwise.  Thresholds are at argno, argno + 1.
 */
typedef struct ClassThresholds
{
	Numeric		large;
	int64		legal_days;
} ClassThresholds;

/* read (and checked) before any NULL input returns NULL: a bad one always fails */
static ClassThresholds
class_thresholds(FunctionCallInfo fcinfo, int argno)
{
	ClassThresholds t;

	t.large = threshold_amount(fcinfo, argno, "large_amount", 10000);
	t.legal_days = threshold_int(fcinfo, argno + 1, "legal_days", false, 180);
	return t;
}

static int
overdue_class_of(const ClassThresholds *t, Numeric amount, int32 dpd, int grade)
{
	Numeric		large = t->large;
	int64		legal_days = t->legal_days;

	cs_check_money(amount, "overdue_amount");
	if (cs_numeric_sign(amount) <= 0 || dpd <= 0)
		return -1;
	if (grade == GRADE_D || dpd > legal_days)
		return 2;
	return cs_numeric_cmp(amount, large) >= 0 ? 0 : 1;
}

/* grade index of a credit_grade argument, -1 when NULL */
static int
grade_arg(FunctionCallInfo fcinfo, int argno, Oid *grades)
{
	if (PG_ARGISNULL(argno))
		return -1;
	return cs_enum_index(PG_GETARG_OID(argno), grades, grade_labels, NUM_GRADES);
}

/* overdue_class(overdue_amount, days_past_due, grade, large_amount, legal_days) */
PG_FUNCTION_INFO_V1(cs_overdue_class);
Datum
cs_overdue_class(PG_FUNCTION_ARGS)
{
	GradeCache *gc = grade_cache(fcinfo, class_labels);
	ClassThresholds t = class_thresholds(fcinfo, 3);
	int			cls;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	cls = overdue_class_of(&t, PG_GETARG_NUMERIC(0), PG_GETARG_INT32(1),
						   grade_arg(fcinfo, 2, gc->grades));
	if (cls < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(gc->labels[cls]);
}

/* overdue_class(profile, large_amount, legal_days): grade with default limits */
PG_FUNCTION_INFO_V1(cs_overdue_class_profile);
Datum
cs_overdue_class_profile(PG_FUNCTION_ARGS)
{
	GradeCache *gc = grade_cache(fcinfo, class_labels);
	Profile		p;
	ClassThresholds t = class_thresholds(fcinfo, 1);
	int			cls;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	read_profile(fcinfo, &gc->limits, &p);
	if (p.null[ATT_OVERDUE_AMOUNT] || p.null[ATT_OLDEST_OVERDUE])
		PG_RETURN_NULL();
	cls = overdue_class_of(&t, DatumGetNumeric(p.v[ATT_OVERDUE_AMOUNT]), DatumGetInt32(p.v[ATT_OLDEST_OVERDUE]),
						   profile_grade(&p, grade_limits_default(fcinfo, &gc->limits)));
	if (cls < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(gc->labels[cls]);
}

/*
 * Risk level 0..2 (low, medium, high), -1 when every measure is NULL: high
 * when any measure reaches its high threshold or the grade is D, medium when
 * any reaches its medium threshold or the grade is C.  The six thresholds
 * (medium/high count, amount, days) start at argno.
 */
static int
risk_level_of(FunctionCallInfo fcinfo, int argno, const int64 *count, Numeric amount,
			  const int32 *days, int grade)
{
	int64		medium_count = threshold_int(fcinfo, argno, "medium_count", true, 2);
	int64		high_count = threshold_int(fcinfo, argno + 1, "high_count", true, 4);
	Numeric		medium_amount = threshold_amount(fcinfo, argno + 2, "medium_amount", 1000);
	Numeric		high_amount = threshold_amount(fcinfo, argno + 3, "high_amount", 10000);
	int64		medium_days = threshold_int(fcinfo, argno + 4, "medium_days", false, 31);
	int64		high_days = threshold_int(fcinfo, argno + 5, "high_days", false, 91);
	int			level = -1;

	if (medium_count > high_count || cs_numeric_cmp(medium_amount, high_amount) > 0 || medium_days > high_days)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a medium_* threshold of risk_group exceeds its high_* threshold"),
				 errdetail("medium_count %lld, high_count %lld; medium_amount %s, high_amount %s; medium_days %lld, high_days %lld.",
						   (long long) medium_count, (long long) high_count,
						   cs_numeric_text(NumericGetDatum(medium_amount)), cs_numeric_text(NumericGetDatum(high_amount)),
						   (long long) medium_days, (long long) high_days),
				 errhint("The medium threshold is the lower one, e.g. medium_days => 31, high_days => 91.")));
	if (count)
		level = Max(level, *count >= high_count ? 2 : *count >= medium_count ? 1 : 0);
	if (amount)
	{
		cs_check_money(amount, "overdue_amount");
		level = Max(level, cs_numeric_cmp(amount, high_amount) >= 0 ? 2 : cs_numeric_cmp(amount, medium_amount) >= 0 ? 1 : 0);
	}
	if (days)
		level = Max(level, *days >= high_days ? 2 : *days >= medium_days ? 1 : 0);
	if (grade >= 0)
		level = Max(level, grade == GRADE_D ? 2 : grade == GRADE_D - 1 ? 1 : 0);
	return level;
}

/* risk_group(overdue_count, overdue_amount, max_days_past_due, grade, thresholds...) */
PG_FUNCTION_INFO_V1(cs_risk_group);
Datum
cs_risk_group(PG_FUNCTION_ARGS)
{
	GradeCache *gc = grade_cache(fcinfo, risk_labels);
	int64		count = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT64(0);
	int32		days = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT32(2);
	int			level;

	level = risk_level_of(fcinfo, 4, PG_ARGISNULL(0) ? NULL : &count,
						  PG_ARGISNULL(1) ? NULL : PG_GETARG_NUMERIC(1),
						  PG_ARGISNULL(2) ? NULL : &days, grade_arg(fcinfo, 3, gc->grades));
	if (level < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(gc->labels[level]);
}

/* risk_group(profile, thresholds...): grade with default limits; no invoices: NULL */
PG_FUNCTION_INFO_V1(cs_risk_group_profile);
Datum
cs_risk_group_profile(PG_FUNCTION_ARGS)
{
	GradeCache *gc = grade_cache(fcinfo, risk_labels);
	Profile		p;
	int64		n;
	int32		d;
	int			level;

	if (!PG_ARGISNULL(0))
		read_profile(fcinfo, &gc->limits, &p);
	if (PG_ARGISNULL(0) || p.null[ATT_INVOICES] || DatumGetInt64(p.v[ATT_INVOICES]) == 0)
	{
		/* no profile, or no invoices: NULL, once the thresholds are checked */
		(void) risk_level_of(fcinfo, 1, NULL, NULL, NULL, -1);
		PG_RETURN_NULL();
	}
	n = p.null[ATT_OVERDUE_COUNT] ? 0 : DatumGetInt64(p.v[ATT_OVERDUE_COUNT]);
	d = p.null[ATT_MAX_DPD] ? 0 : DatumGetInt32(p.v[ATT_MAX_DPD]);
	level = risk_level_of(fcinfo, 1, p.null[ATT_OVERDUE_COUNT] ? NULL : &n,
						  p.null[ATT_OVERDUE_AMOUNT] ? NULL : DatumGetNumeric(p.v[ATT_OVERDUE_AMOUNT]),
						  p.null[ATT_MAX_DPD] ? NULL : &d,
						  profile_grade(&p, grade_limits_default(fcinfo, &gc->limits)));
	if (level < 0)
		PG_RETURN_NULL();
	PG_RETURN_OID(gc->labels[level]);
}
