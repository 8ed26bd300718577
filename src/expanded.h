/*
 * expanded.h
 *	  What the expanded-object state types (value_summary, btyd_state) share
 *	  (src/expanded.c): making a state, reading a datum that may be one, and
 *	  finding the state a transition or combine function updates in place.
 *
 * Each type describes itself once in a CsExpandedType; the messages name the
 * type, so every state type reports the same errors the same way.  See
 * value_summary.c's header for why the states of one aggregate context share
 * one child context, and why that is safe.
 */
#ifndef CS_EXPANDED_H
#define CS_EXPANDED_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/expandeddatum.h"

typedef struct CsExpandedType
{
	const char *name;			/* the SQL type: messages, a state's own context */
	const char *noun;			/* what a value is called in hints: "state" */
	const char *states_context; /* the shared child of an aggregate context */
	Size		size;			/* the in-memory struct, ExpandedObjectHeader first */
	const ExpandedObjectMethods *methods;
	/* sets an empty state's fields that are not zero (NULL: none) */
	void		(*init) (ExpandedObjectHeader *eoh);
} CsExpandedType;

/*
 * The expanded object of type t that d points to, or NULL when d is a flat
 * value; ERROR 42804 when it is an expanded object of another type.
 */
extern ExpandedObjectHeader *cs_expanded_of(Datum d, const CsExpandedType *t);

/*
 * ERROR XX001 for a stored flat value of size bytes that the read-only view
 * cannot read (written by another version).
 */
pg_noreturn extern void cs_expanded_bad_flat(const CsExpandedType *t, Size size);

/* A new empty read-write state in cxt; with own_context, in a small context of its own under cxt. */
extern ExpandedObjectHeader *cs_expanded_new(const CsExpandedType *t, MemoryContext cxt, bool own_context);

/*
 * The state a transition or combine function updates (argument 0).  In an
 * aggregate: the read-write object nodeAgg hands back (*fresh false), or
 * (first row, or a flat state such as a combine's first input) a new one in
 * the shared context of the aggregate context.  Outside an aggregate the
 * input is never modified: a new state in a context of its own.  When *fresh,
 * the caller copies a non-NULL argument 0 into the new state.
 */
extern ExpandedObjectHeader *cs_expanded_for_update(FunctionCallInfo fcinfo, const CsExpandedType *t,
													bool *fresh);

/* An array of a state, (re)allocated to size bytes (huge allowed) in the state's context. */
extern void *cs_expanded_realloc(ExpandedObjectHeader *eoh, void *array, Size size);

#endif							/* CS_EXPANDED_H */
