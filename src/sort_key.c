/*
 * sort_key.c
 *	  sort_key(label) -> int for every enum of the extension: 1 for the best
 *	  or first label (the API contract, rule 5), so that BI tools which sort
 *	  labels as text can sort by a number instead.
 *
 * An enum's own order (what ORDER BY uses) is the order its values were
 * created in and cannot change without rewriting stored data and indexes;
 * for loyalty_tier_label it is low < medium < high, worst first.  The sort
 * key is therefore a list of labels per enum, best first, and not the
 * enum's sort order.  One entry point per enum (each SQL function has its
 * own C symbol); cs_sort_key() in common.c does the work.
 */
#include "common.h"

#define CS_SORT_KEY_FUNCTION(name, ...) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	static const char *const best_first[] = {__VA_ARGS__}; \
	PG_RETURN_INT32(cs_sort_key(fcinfo, best_first, lengthof(best_first))); \
}

/* the most valuable tier first */
CS_SORT_KEY_FUNCTION(cs_sort_key_value_tier, "vip", "important", "general", "potential", "no_value")
/* the best grade first */
CS_SORT_KEY_FUNCTION(cs_sort_key_credit_grade, "A", "B", "C", "D")
/* the best segment first, in the order of the segment grid (docs/loyalty.md) */
CS_SORT_KEY_FUNCTION(cs_sort_key_rfm_segment, "champions", "loyal", "potential_loyalist",
					 "new_customer", "promising", "need_attention", "about_to_sleep",
					 "at_risk", "cant_lose_them", "hibernating", "lost")
/* the shortest holding style first */
CS_SORT_KEY_FUNCTION(cs_sort_key_holding_style, "short_term", "mid_term", "long_term")
/* the most loyal first: the reverse of the enum's order */
CS_SORT_KEY_FUNCTION(cs_sort_key_loyalty_tier, "high", "medium", "low")
/* the lowest risk first */
CS_SORT_KEY_FUNCTION(cs_sort_key_risk_group, "low", "medium", "high")
/* the most conservative appetite first */
CS_SORT_KEY_FUNCTION(cs_sort_key_risk_appetite, "conservative", "balanced", "aggressive")
/* the classes in the order they are named: A (focus), B (reminders), C (legal) */
CS_SORT_KEY_FUNCTION(cs_sort_key_overdue_class, "A", "B", "C")
/* the earliest collection stage first */
CS_SORT_KEY_FUNCTION(cs_sort_key_collection_stage, "not_due", "reminder", "notice", "warning",
					 "lawyer_letter", "legal")
/* the channels in the order an account moves through them: in-house teams 1-3, agency, law firm */
CS_SORT_KEY_FUNCTION(cs_sort_key_collection_channel, "in_house_1", "in_house_2", "in_house_3",
					 "agency", "law_firm")
