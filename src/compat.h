/*
 * compat.h
 *	  What differs between the PostgreSQL major versions customer_seg builds
 *	  against (15 to 18): every PG_VERSION_NUM test is here, so the rest of
 *	  the code is written once, against the newest API.
 *
 * The C API the extension uses changed at two points in that range:
 * - 16 moved the varlena macros (VARDATA_ANY, VARSIZE_ANY_EXHDR, ...) to
 *   varatt.h, which postgres.h stopped including in 18;
 * - 18 removed the postfix pg_attribute_noreturn() in favour of the
 *   pg_noreturn specifier written before a declaration.  Older versions get
 *   pg_noreturn defined as 18 defines it.
 */
#ifndef CS_COMPAT_H
#define CS_COMPAT_H

#include "postgres.h"

#if PG_VERSION_NUM < 150000
#error "customer_seg needs PostgreSQL 15 or later"
#endif

#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#if PG_VERSION_NUM < 180000 && !defined(pg_noreturn)
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define pg_noreturn _Noreturn
#elif defined(__GNUC__)
#define pg_noreturn __attribute__((noreturn))
#elif defined(_MSC_VER)
#define pg_noreturn __declspec(noreturn)
#else
#define pg_noreturn
#endif
#endif

#endif							/* CS_COMPAT_H */
