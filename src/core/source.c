/*
 * The source kinds: one table, strongest first. The default weights are
 * the order of the issue that asked for them: an official act or record
 * above a signed document, above an official statement, above a named
 * person's word, above a press report, above an anonymous source.
 */
#include "core/source.h"

#include <string.h>

/* The one list: id, label, default weight, confirms, help. */
#define SOURCE_KINDS(X)							\
	X("official-record", "official record", 6, 1,			\
	  "an official act or record (a decision, minutes, a treaty, a "	\
	  "register)")							\
	X("signed-document", "signed document", 5, 1,			\
	  "a document signed by its author (a letter, a declaration)")	\
	X("official-statement", "official statement", 4, 1,		\
	  "a statement made in office (a government, a minister, a "	\
	  "spokesperson, on the record)")				\
	X("named-person", "named person", 3, 0,				\
	  "what a named person says, not in office or not for the member") \
	X("press-report", "press report", 2, 0,				\
	  "a report by a news outlet in its own voice")			\
	X("anonymous", "anonymous source", 1, 0,				\
	  "a person who is not named (\"a diplomat who requested "	\
	  "anonymity\")")

#define KIND(id, label, weight, confirms, help)			\
	{ id, label, weight, confirms, help },
#define KIND_ID(id, label, weight, confirms, help)	id,

const as_source_kind as_source_kinds[] = {
	SOURCE_KINDS(KIND)
	{ NULL, NULL, 0, 0, NULL }
};

const char *const as_source_kind_ids[] = { SOURCE_KINDS(KIND_ID) NULL };

_Static_assert(sizeof(as_source_kind_ids) / sizeof(as_source_kind_ids[0]) ==
    AS_SOURCE_KINDS + 1, "AS_SOURCE_KINDS is the number of kinds");

int
as_source_kind_find(const char *id)
{
	for (int i = 0; id != NULL && as_source_kinds[i].id != NULL; i++)
		if (strcmp(as_source_kinds[i].id, id) == 0)
			return i;
	return -1;
}

const char *
as_basis_name(as_basis b)
{
	return b == AS_BASIS_CONFIRMED ? "confirmed" : "reported";
}

int
as_basis_parse(const char *text, as_basis *b)
{
	if (text != NULL && strcmp(text, "confirmed") == 0)
		*b = AS_BASIS_CONFIRMED;
	else if (text != NULL && strcmp(text, "reported") == 0)
		*b = AS_BASIS_REPORTED;
	else
		return -1;
	return 0;
}
