/*
 * Scope: the organisation each event belongs to, told from its payload
 * and the names the ledger has recorded, never guessed. Every event
 * belongs to exactly one organisation; its history is checked, folded,
 * streamed and permitted there alone (docs/events.md lists how for each
 * type).
 *
 * Names: organisations, offices, proposals and commitments are named
 * once in the whole ledger, each within the organisation whose event
 * introduced it. The directory of names is derived data: the store keeps
 * it for lookups, verify rebuilds it in memory (as_names).
 */
#ifndef AS_SCOPE_H
#define AS_SCOPE_H

#include <jansson.h>

#include "core/event.h"
#include "core/map.h"

enum as_name_kind {
	AS_NAME_ORG, AS_NAME_OFFICE, AS_NAME_PROPOSAL, AS_NAME_COMMITMENT,
	AS_NAME_SOURCE, AS_NAME__COUNT
};

/* "organisation", "office", "proposal", "commitment", "source". */
const char	*as_name_kind_text(enum as_name_kind k);

/*
 * Looks a name up: 1 with the organisation's id in org, 0 if unknown,
 * -1 with err set if the lookup itself failed (storage).
 */
typedef int (*as_name_fn)(void *arg, enum as_name_kind kind, const char *id,
    char org[AS_ID_MAX + 1], as_error *err);

/*
 * The organisation of an event of type type with payload data (already
 * checked against its schema): the one it creates, its "org" field, else
 * that of the proposal, office or commitment it names. A timeless event
 * (event.h) must name a recorded organisation. A correction
 * (AS_T_CORRECTS) belongs to the organisation of the event it corrects,
 * which only the ledger can tell: here it is AS_SCOPE_UNKNOWN. Returns 0 with org
 * set; AS_SCOPE_UNKNOWN with err naming the field when it cannot be told
 * (an unknown name, a commitment that names neither proposal nor org);
 * AS_SCOPE_FAILED if the lookup failed (err set).
 */
#define AS_SCOPE_UNKNOWN	-1
#define AS_SCOPE_FAILED		-2
int	as_event_scope(const char *type, const json_t *data, as_name_fn fn,
	    void *arg, char org[AS_ID_MAX + 1], as_error *err);

/* The name an event introduces, if any: 1 with *kind and *id (pointing
 * into data) set, else 0. A commitment.give introduces its commitment
 * unless it was asked before. */
int	as_event_names(const char *type, const json_t *data,
	    enum as_name_kind *kind, const char **id);

/*
 * Checks that the name an event introduces (see as_event_names) is free
 * or already the same organisation's: 0, or -1 with err saying in which
 * organisation it exists. Returns 1 if the name is new and must be
 * recorded. -2 if the lookup failed (err set).
 */
int	as_event_name_check(const char *type, const json_t *data,
	    const char *org, as_name_fn fn, void *arg, as_error *err);

/* The directory in memory (verify, tests). */
typedef struct as_names {
	as_map	 map[AS_NAME__COUNT];	/* id -> index in orgs */
	char	**orgs;			/* distinct organisation ids */
	size_t	 norgs;
} as_names;

/* Records id as a name of kind in org; 0, or -1 if out of memory. */
int	as_names_put(as_names *n, enum as_name_kind kind, const char *id,
	    const char *org);
/* An as_name_fn over an as_names (arg). */
int	as_names_get(void *arg, enum as_name_kind kind, const char *id,
	    char org[AS_ID_MAX + 1], as_error *err);
void	as_names_free(as_names *n);

#endif
