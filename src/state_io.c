/*
 * state_io.c
 *	  The state types' text and binary forms: one strict reader for the text
 *	  forms (an optional '-' and digits for integers, no blanks, no '+'), so
 *	  every type reports malformed text the same way and accepts exactly what
 *	  its output writes; their input errors; int64 lists in binary.
 */
#include "common.h"
#include "state_io.h"

#include <ctype.h>
#include <math.h>

#include "libpq/pqformat.h"

void
cs_bad_state_text(const char *type, const char *str, const char *detail, const char *example)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", type, cs_echo(str, -1)),
			 detail ? errdetail("%s", detail) : 0,
			 errhint("Use the text that %s's output gives, e.g. %s.", type, example)));
	pg_unreachable();
}

void
cs_bad_state_binary(const char *type)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary %s", type),
			 errhint("Both ends must run the same customer_seg version.")));
	pg_unreachable();
}

void
cs_bad_state_flat(const char *type, const char *what, int sqlstate, const char *detail,
				  const char *example)
{
	ereport(ERROR,
			(errcode(sqlstate),
			 errmsg("invalid %s %s", type, what),
			 errdetail("%s", detail),
			 errhint("Use the form that %s's output gives, e.g. %s.", type, example)));
	pg_unreachable();
}

/*
 * The state types' text forms: one strict reader (an optional '-' and
 * digits for integers, no blanks, no '+'), so every type reports malformed
 * text the same way and accepts exactly what its output writes.
 */
void
cs_reader_init(CsStateReader *r, const char *type, const char *str, const char *example)
{
	r->type = type;
	r->str = str;
	r->p = str;
	r->example = example;
}

void
cs_reader_fail(const CsStateReader *r, const char *detail)
{
	cs_bad_state_text(r->type, r->str, detail, r->example);
}

void
cs_reader_expect(CsStateReader *r, const char *lit)
{
	size_t		len = strlen(lit);

	if (strncmp(r->p, lit, len) != 0)
		cs_reader_fail(r, psprintf(*r->p ? "Expected \"%s\" at character %d." : "Expected \"%s\" at character %d, after the end.",
								   lit, (int) (r->p - r->str) + 1));
	r->p += len;
}

int
cs_reader_word(CsStateReader *r, const char *const *words, int nwords, const char *detail)
{
	int			i;

	for (i = 0; i < nwords; i++)
	{
		size_t		len = words[i] ? strlen(words[i]) : 0;

		if (len > 0 && strncmp(r->p, words[i], len) == 0 &&
			(r->p[len] == ';' || r->p[len] == ',' || r->p[len] == '\0'))
		{
			r->p += len;
			return i;
		}
	}
	cs_reader_fail(r, detail);
}

bool
cs_reader_skip(CsStateReader *r, char c)
{
	if (*r->p != c || c == '\0')
		return false;
	r->p++;
	return true;
}

int64
cs_reader_int(CsStateReader *r, int64 min, int64 max)
{
	const char *p = r->p;
	bool		neg = *p == '-';
	uint64		u = 0;
	int64		v;

	if (neg)
		p++;
	if (*p < '0' || *p > '9')
		cs_reader_fail(r, psprintf("Expected an integer at character %d.", (int) (r->p - r->str) + 1));
	for (; *p >= '0' && *p <= '9'; p++)
	{
		if (u > (PG_UINT64_MAX - (*p - '0')) / 10)
			cs_reader_fail(r, "An integer is out of range.");
		u = u * 10 + (*p - '0');
	}
	if (neg ? u > (uint64) PG_INT64_MAX + 1 : u > (uint64) PG_INT64_MAX)
		cs_reader_fail(r, "An integer is out of range.");
	v = neg ? (int64) (0 - u) : (int64) u;
	if (v < min || v > max)
		cs_reader_fail(r, psprintf("The integer " INT64_FORMAT " at character %d is outside " INT64_FORMAT ".." INT64_FORMAT ".",
								   v, (int) (r->p - r->str) + 1, min, max));
	r->p = p;
	return v;
}

void
cs_reader_ints(CsStateReader *r, int64 *values, int n, int64 min, int64 max)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (i > 0)
			cs_reader_expect(r, ",");
		values[i] = cs_reader_int(r, min, max);
	}
}

/*
 * strtod sets ERANGE for subnormal values too (1e-310), which the aggregates
 * accept and the outputs write: only a result of zero or infinity is out of
 * range (as in float8in).
 */
double
cs_reader_double(CsStateReader *r)
{
	char	   *end;
	double		d;

	/* strtod would skip blanks and take a '+': the outputs write neither */
	if (!(isdigit((unsigned char) r->p[0]) || r->p[0] == '-' || r->p[0] == '.'))
		cs_reader_fail(r, "A number is malformed or out of range.");
	errno = 0;
	d = strtod(r->p, &end);
	if (end == r->p || isnan(d) || isinf(d) || (errno != 0 && !(errno == ERANGE && d != 0.0)))
		cs_reader_fail(r, "A number is malformed or out of range.");
	r->p = end;
	return d;
}

bool
cs_holds_entries(Size bytes, int64 n, Size entry_size)
{
	return n >= 0 && bytes % entry_size == 0 && n == (int64) (bytes / entry_size);
}

void
cs_reader_end(const CsStateReader *r, bool valid)
{
	if (*r->p != '\0')
		cs_reader_fail(r, psprintf("Unexpected text at character %d.", (int) (r->p - r->str) + 1));
	if (!valid)
		cs_reader_fail(r, "The values are not a state the aggregates can build.");
}

void
cs_send_int64s(StringInfo buf, const int64 *values, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		pq_sendint64(buf, values[i]);
}

void
cs_recv_int64s(StringInfo buf, int64 *values, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		values[i] = pq_getmsgint64(buf);
}
