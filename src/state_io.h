/*
 * state_io.h
 *	  The state types' text and binary forms (src/state_io.c): one strict
 *	  reader for the text forms of value_summary, btyd_state, aging_state
 *	  and credit_state, their input errors, and int64 lists in binary.
 */
#ifndef CS_STATE_IO_H
#define CS_STATE_IO_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include "compat.h"

/*
 * Errors of the state types' input functions (value_summary, aging_state,
 * credit_state): malformed text, quoted and clipped, with an optional detail
 * and an example of valid text; malformed binary input.
 */
pg_noreturn extern void cs_bad_state_text(const char *type, const char *str, const char *detail,
										  const char *example);
pg_noreturn extern void cs_bad_state_binary(const char *type);

/*
 * A flat value (from text or binary input) that is not a state the
 * aggregates can build: "what" is "text" or "binary value", sqlstate 22P02
 * or 22P03, with the detail and the example of valid text.
 */
pg_noreturn extern void cs_bad_state_flat(const char *type, const char *what, int sqlstate,
										  const char *detail, const char *example);

/*
 * A reader of a state type's text form: each call consumes what it reads or
 * raises the type's malformed-text error (22P02, quoting the text, with the
 * example of valid text as hint).
 */
typedef struct CsStateReader
{
	const char *type;
	const char *str;
	const char *p;				/* next character */
	const char *example;
} CsStateReader;

extern void cs_reader_init(CsStateReader *r, const char *type, const char *str, const char *example);
pg_noreturn extern void cs_reader_fail(const CsStateReader *r, const char *detail);
extern void cs_reader_expect(CsStateReader *r, const char *lit);
/* the index of the word (NULL entries never match) that comes next, ended by ';', ',' or the end */
extern int	cs_reader_word(CsStateReader *r, const char *const *words, int nwords, const char *detail);
/* consume c if it comes next */
extern bool cs_reader_skip(CsStateReader *r, char c);
extern int64 cs_reader_int(CsStateReader *r, int64 min, int64 max);
/* n integers in [min, max] separated by commas */
extern void cs_reader_ints(CsStateReader *r, int64 *values, int n, int64 min, int64 max);
/* a finite float8 as the outputs write it (shortest round-trip form) */
extern double cs_reader_double(CsStateReader *r);
/* the end of the text, and a state the aggregates can build (valid) */
extern void cs_reader_end(const CsStateReader *r, bool valid);

/*
 * Whether bytes hold exactly n (>= 0) entries of entry_size bytes: the size
 * check of a flat value's entries, and of a binary input's rest.
 */
extern bool cs_holds_entries(Size bytes, int64 n, Size entry_size);

/* The state types' binary forms: n int64 values, in network order. */
extern void cs_send_int64s(StringInfo buf, const int64 *values, int n);
extern void cs_recv_int64s(StringInfo buf, int64 *values, int n);

#endif							/* CS_STATE_IO_H */
