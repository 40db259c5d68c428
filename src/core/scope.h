/*
 * Scope: which organisation an event concerns, read from its payload and
 * the state it applies to. The HTTP API uses it to decide who may record
 * the event and which organisation's stream carries it.
 */
#ifndef AS_SCOPE_H
#define AS_SCOPE_H

#include <jansson.h>

#include "core/state.h"

/*
 * The id of the organisation that an event of type type with payload
 * data concerns, in st: the one it creates, its "org" field, else the organisation of the
 * proposal or office it names, else (a commitment) that of the member
 * it is given to. NULL if none can be told. The result points into data
 * or st.
 */
const char	*as_event_org(const as_state *st, const char *type,
		    const json_t *data);

#endif
