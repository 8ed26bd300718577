/*
 * net_value.c
 *	  Customer net value and bank-style economic profit.
 *
 * net value       = revenue - cost
 * economic profit = revenue - operating cost - funding balance * FTP rate
 *                   - capital * hurdle rate - expected loss
 *
 * Exact numeric arithmetic throughout: these feed rankings and totals that an
 * analyst reconciles against the ledger, so no float rounding.  Money is never
 * NaN or infinite, so such input is an error rather than a NaN result that
 * would sort above every real value and silently top the VIP list.
 */
#include "common.h"
#include "exact.h"

/*
 * net_value(revenue, cost): revenue minus the cost of serving the customer.
 * Negative revenue (refunds) and negative cost (reversals) are allowed.
 */
PG_FUNCTION_INFO_V1(cs_net_value);
Datum
cs_net_value(PG_FUNCTION_ARGS)
{
	Numeric		revenue = PG_GETARG_NUMERIC(0);
	Numeric		cost = PG_GETARG_NUMERIC(1);

	cs_check_money(revenue, "revenue");
	cs_check_money(cost, "cost");
	PG_RETURN_NUMERIC(cs_numeric_sub(revenue, cost));
}

/*
 * economic_profit(revenue, operating_cost, funding_balance, ftp_rate,
 *                 capital, hurdle_rate, expected_loss)
 *
 * The rates are fractions in [0, 1] (cs_check_rate: 2.5 is almost surely
 * 2.5% and is refused with a hint); the expected loss must be non-negative;
 * balances may be negative (a net depositor's FTP charge is a credit).
 *
 * Not STRICT since 0.3.1: revenue and operating_cost are required, and a
 * NULL one gives NULL; the other five have the default 0, which a NULL
 * means (the API contract's rule for options).
 */
static Numeric
optional_arg(FunctionCallInfo fcinfo, int argno)
{
	return PG_ARGISNULL(argno) ? int64_to_numeric(0) : PG_GETARG_NUMERIC(argno);
}

PG_FUNCTION_INFO_V1(cs_economic_profit);
Datum
cs_economic_profit(PG_FUNCTION_ARGS)
{
	Numeric		revenue,
				operating_cost,
				funding_balance = optional_arg(fcinfo, 2),
				ftp_rate = optional_arg(fcinfo, 3),
				capital = optional_arg(fcinfo, 4),
				hurdle_rate = optional_arg(fcinfo, 5),
				expected_loss = optional_arg(fcinfo, 6);
	Numeric		result;

	/* the options are checked first: a bad one fails on every row */
	cs_check_money(funding_balance, "funding_balance");
	cs_check_rate(ftp_rate, "ftp_rate");
	cs_check_money(capital, "capital");
	cs_check_rate(hurdle_rate, "hurdle_rate");
	cs_check_nonnegative(expected_loss, "expected_loss",
						 "The expected loss is subtracted: pass a loss of 15 as 15.");
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	revenue = PG_GETARG_NUMERIC(0);
	operating_cost = PG_GETARG_NUMERIC(1);
	cs_check_money(revenue, "revenue");
	cs_check_money(operating_cost, "operating_cost");

	result = cs_numeric_sub(revenue, operating_cost);
	result = cs_numeric_sub(result, cs_numeric_mul(funding_balance, ftp_rate));
	result = cs_numeric_sub(result, cs_numeric_mul(capital, hurdle_rate));
	result = cs_numeric_sub(result, expected_loss);
	PG_RETURN_NUMERIC(result);
}
