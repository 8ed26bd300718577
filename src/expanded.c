/*
 * expanded.c
 *	  The expanded-object machinery of the aggregate state types
 *	  (value_summary, btyd_state), in one place: a state's contexts, the
 *	  check that an expanded datum is of the expected type, the error for a
 *	  flat value that cannot be read, the growth of a state's arrays, and the
 *	  choice of the state a transition or combine function updates.
 *
 * Memory: every state of one aggregate context lives in ONE shared child
 * context of it (value_summary.c's header says why: PostgreSQL 15's hash
 * aggregation is quadratic in child contexts, and why it is safe: our
 * transition functions always return the state they were given).  Outside
 * an aggregate a state gets a small context of its own, the usual
 * expanded-object ownership.
 */
#include "common.h"
#include "expanded.h"

#include "utils/memutils.h"

/*
 * The shared context of the states of one aggregate context, created on
 * first use.  Only a group's first row looks for it.  The name is one of the
 * types' string literals, so it outlives the context
 * (AllocSetContextCreate's check that it is constant cannot see through the
 * descriptor).
 */
static MemoryContext
states_context(MemoryContext aggcontext, const char *name)
{
	MemoryContext c;

	for (c = aggcontext->firstchild; c != NULL; c = c->nextchild)
		if (strcmp(c->name, name) == 0)
			return c;
	return AllocSetContextCreateInternal(aggcontext, name, ALLOCSET_DEFAULT_SIZES);
}

ExpandedObjectHeader *
cs_expanded_of(Datum d, const CsExpandedType *t)
{
	ExpandedObjectHeader *eoh;

	if (!VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
		return NULL;
	eoh = DatumGetEOHP(d);
	if (eoh->eoh_methods != t->methods)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("%s argument is an expanded object of another type", t->name),
				 errhint("Pass a %s.", t->name)));
	return eoh;
}

void
cs_expanded_bad_flat(const CsExpandedType *t, Size size)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("invalid %s of %u bytes", t->name, (unsigned int) size),
			 errhint("The %s was written by another version of customer_seg; rebuild it.", t->noun)));
	pg_unreachable();
}

ExpandedObjectHeader *
cs_expanded_new(const CsExpandedType *t, MemoryContext cxt, bool own_context)
{
	ExpandedObjectHeader *eoh;

	if (own_context)
		cxt = AllocSetContextCreateInternal(cxt, t->name, ALLOCSET_SMALL_SIZES);
	eoh = MemoryContextAllocZero(cxt, t->size);
	EOH_init_header(eoh, t->methods, cxt);
	if (t->init)
		t->init(eoh);
	return eoh;
}

ExpandedObjectHeader *
cs_expanded_for_update(FunctionCallInfo fcinfo, const CsExpandedType *t, bool *fresh)
{
	MemoryContext aggcontext;

	*fresh = true;
	if (!AggCheckCallContext(fcinfo, &aggcontext))
		return cs_expanded_new(t, CurrentMemoryContext, true);
	if (!PG_ARGISNULL(0) && DatumIsReadWriteExpandedObject(PG_GETARG_DATUM(0), false, -1))
	{
		*fresh = false;
		return cs_expanded_of(PG_GETARG_DATUM(0), t);
	}
	return cs_expanded_new(t, states_context(aggcontext, t->states_context), false);
}

void *
cs_expanded_realloc(ExpandedObjectHeader *eoh, void *array, Size size)
{
	return array
		? repalloc_huge(array, size)
		: MemoryContextAllocExtended(eoh->eoh_context, size, MCXT_ALLOC_HUGE);
}
