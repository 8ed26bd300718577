/*
 * customer_seg.h
 *	  Shared checks and helpers for every customer_seg source file.
 *
 * Money is never NaN or infinite, and shares are fractions in (0, 1]; these
 * checks live here once so every function reports bad input the same way.
 */
#ifndef CUSTOMER_SEG_H
#define CUSTOMER_SEG_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/numeric.h"

/* ERROR unless num is a finite number; "what" names the argument. */
extern void cs_check_money(Numeric num, const char *what);

/* -1, 0 or 1; num must not be NaN. */
extern int	cs_numeric_sign(Numeric num);

/* ERROR unless num is finite and >= 0 (rates, losses). */
extern void cs_check_nonnegative(Numeric num, const char *what);

/* ERROR unless share is a number in (0, 1]. */
extern void cs_check_share(double share, const char *what);

/* Exact numeric arithmetic with a clear error on overflow. */
extern Numeric cs_numeric_add(Numeric a, Numeric b);
extern Numeric cs_numeric_sub(Numeric a, Numeric b);
extern Numeric cs_numeric_mul(Numeric a, Numeric b);

#endif							/* CUSTOMER_SEG_H */
