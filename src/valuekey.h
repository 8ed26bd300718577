/*
 * valuekey.h
 *	  Value keys (src/valuekey.c): numeric's layout read in place, int64 keys
 *	  that order exactly as numeric and float8 values do, and the radix sort
 *	  and selection that rank them.
 */
#ifndef CS_VALUEKEY_H
#define CS_VALUEKEY_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/numeric.h"

/*
 * numeric's on-disk format, read in place so that ranking and summing do not
 * call numeric functions per row.  The names mirror numeric.c's macros, which
 * utils/numeric.h does not export; the layout itself is stable (pg_upgrade
 * keeps numeric columns as they are).  After the varlena header comes a
 * uint16: its top two bits say long positive (00), long negative (01), short
 * (10) or special (11: NaN and the infinities).  Short: sign, display scale
 * and a 7-bit signed weight in that uint16.  Long: display scale in its low
 * 14 bits, then an int16 weight.  Then base-10000 int16 digits; the value is
 * sum(digit[i] * 10000^(weight - i)), and no digits means zero.
 */
#define CS_NUMERIC_SIGN_MASK		0xC000
#define CS_NUMERIC_POS				0x0000
#define CS_NUMERIC_NEG				0x4000
#define CS_NUMERIC_SHORT			0x8000
#define CS_NUMERIC_SPECIAL			0xC000
#define CS_NUMERIC_DSCALE_MASK		0x3FFF
#define CS_NUMERIC_SHORT_SIGN_MASK	0x2000
#define CS_NUMERIC_SHORT_DSCALE_MASK 0x1F80
#define CS_NUMERIC_SHORT_DSCALE_SHIFT 7
#define CS_NUMERIC_SHORT_WEIGHT_SIGN_MASK 0x0040
#define CS_NUMERIC_SHORT_WEIGHT_MASK 0x003F
#define CS_NUMERIC_NBASE			10000

typedef struct CsNumericParts
{
	bool		special;		/* NaN or an infinity: the rest is zero */
	bool		negative;
	int			dscale;
	int			weight;
	int			ndigits;
	const char *digits;			/* ndigits int16s, not necessarily aligned */
} CsNumericParts;

/*
 * A numeric datum ready to decode in place: external (TOASTed) and compressed
 * values are fetched (palloc'd), inline ones are used as they are, packed
 * 1-byte headers included, so the common case copies nothing.  The test must
 * be on external/compressed, not on "extended and not short": a TOAST pointer
 * has a 1-byte header too.
 */
static inline struct varlena *
cs_numeric_untoast(Datum value)
{
	return pg_detoast_datum_packed((struct varlena *) DatumGetPointer(value));
}

/* Decode an untoasted numeric (cs_numeric_untoast, or a detoasted Numeric). */
static inline void
cs_numeric_decode(const struct varlena *v, CsNumericParts *p)
{
	const char *data = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint16		header;
	int			hdrlen;

	memcpy(&header, data, sizeof(uint16));
	p->special = (header & CS_NUMERIC_SIGN_MASK) == CS_NUMERIC_SPECIAL;
	if (p->special)
	{
		p->negative = false;
		p->dscale = p->weight = p->ndigits = 0;
		p->digits = NULL;
		return;
	}
	if ((header & CS_NUMERIC_SIGN_MASK) == CS_NUMERIC_SHORT)
	{
		p->negative = (header & CS_NUMERIC_SHORT_SIGN_MASK) != 0;
		p->dscale = (header & CS_NUMERIC_SHORT_DSCALE_MASK) >> CS_NUMERIC_SHORT_DSCALE_SHIFT;
		p->weight = (header & CS_NUMERIC_SHORT_WEIGHT_MASK);
		if (header & CS_NUMERIC_SHORT_WEIGHT_SIGN_MASK)
			p->weight -= CS_NUMERIC_SHORT_WEIGHT_SIGN_MASK;
		hdrlen = sizeof(uint16);
	}
	else
	{
		int16		w;

		p->negative = (header & CS_NUMERIC_SIGN_MASK) == CS_NUMERIC_NEG;
		p->dscale = header & CS_NUMERIC_DSCALE_MASK;
		memcpy(&w, data + sizeof(uint16), sizeof(int16));
		p->weight = w;
		hdrlen = sizeof(uint16) + sizeof(int16);
	}
	p->ndigits = (len - hdrlen) / sizeof(int16);
	p->digits = data + hdrlen;
}

/* Digit i (0-based) of decoded parts. */
static inline int16
cs_numeric_digit(const CsNumericParts *p, int i)
{
	int16		d;

	memcpy(&d, p->digits + i * sizeof(int16), sizeof(int16));
	return d;
}

/*
 * Value keys (src/valuekey.c).  Ranking works on int64 keys that order
 * exactly as the values do, so selection and sorting run on plain integers:
 *  - numeric: the value times 10^4 (numeric's base-10000 digits make this a
 *    digit shift).  Values with more than 4 nonzero decimals or beyond
 *    +-922,337,203,685,477.5807 are an ERROR, never rounded.
 *  - float8: the IEEE bits remapped so integer order is float order.
 *  - bigint (window functions only): the value itself.
 * NaN and infinities are an ERROR: they have no place in a value ranking.
 */
typedef enum CsKind
{
	CS_KIND_NONE = 0,			/* no value seen yet */
	CS_KIND_NUMERIC = 1,
	CS_KIND_FLOAT8 = 2,

	/*
	 * An argument type only, never a summary's kind.  A window function
	 * ranks a bigint by its own value as the key: exact over the whole
	 * range (such keys are only compared among themselves).  A summary
	 * takes a bigint as the float8 of the same value (cs_int8_float8), as
	 * 0.3.0 did through the float8 forms, but only where that is exact, up
	 * to 2^53 in absolute value, and an ERROR beyond, where the float8 form
	 * rounded it silently.
	 */
	CS_KIND_INT8 = 3
} CsKind;

#define CS_NUMERIC_KEY_SCALE 4

/*
 * The largest display scale a numeric can carry (numeric.c's
 * NUMERIC_DSCALE_MAX): typmods stop at 1000, but arithmetic gives scales up
 * to this, and the states keep the largest scale they have seen.
 */
#define CS_NUMERIC_DSCALE_MAX CS_NUMERIC_DSCALE_MASK

extern bool cs_numeric_key_try(Datum value, int64 *key, int *dscale);
extern int64 cs_numeric_key(Datum value, int *dscale);
extern int64 cs_float8_key(double value);
extern Datum cs_key_to_numeric(int64 key, int dscale);
extern bool cs_key_fits_scale(int64 key, int dscale);
extern double cs_key_to_float8(int64 key);
extern double cs_int8_float8(int64 value);
extern int64 cs_value_key(Datum value, CsKind kind, int *dscale);
extern double cs_numeric_double(Datum value, const char *what);

extern void cs_sort_keys(int64 *keys, int64 n);
extern void cs_select_desc_many(int64 *keys, int64 n, const int64 *pos, int npos, int64 *out);
extern int64 cs_rank_limit(int64 n, double share1, double share2);
extern void cs_check_shares(const double *shares, int nshares, int nmin, int nmax, const char *example);
extern const double *cs_shares_array(ArrayType *arr, int nmin, int nmax, const char *example,
									 bool check_values, int *nshares);

#endif							/* CS_VALUEKEY_H */
