/*
 * Events: the envelope, and the table of event types with the fields each
 * payload may carry. Payloads are validated here against the table, once,
 * before anything else reads them (fold.c relies on it).
 */
#ifndef AS_EVENT_H
#define AS_EVENT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/date.h"
#include "core/error.h"

#define AS_HASH_LEN	32
#define AS_ID_MAX	64
#define AS_TEXT_MAX	8192
#define AS_LIST_MAX	64

typedef struct as_event {
	int64_t	 seq;			/* 0 until the ledger assigns it */
	int64_t	 when;			/* the effective date as an instant */
	char	 date[AS_DATE_MAX];	/* its canonical text */
	char	 recorded[AS_DATE_MAX];	/* "" until the ledger sets it */
	char	 org[AS_ID_MAX + 1];	/* its organisation (scope.h); "" until
					 * the ledger tells it */
	int64_t	 at;			/* the stored instant: when, in an
					 * intact ledger */
	char	*actor;			/* owned */
	char	*type;			/* owned */
	json_t	*data;			/* owned reference */
	char	*data_text;		/* owned: compact JSON, sorted keys */
	uint8_t	 prev[AS_HASH_LEN];
	uint8_t	 hash[AS_HASH_LEN];
} as_event;

enum as_ftype {
	AS_F_ID,	/* identifier: 1-64 of a-z A-Z 0-9 . _ - */
	AS_F_TEXT,	/* non-empty text, at most AS_TEXT_MAX bytes */
	AS_F_DATE,	/* a date, see date.h */
	AS_F_DURATION,	/* ISO 8601 years, months, days */
	AS_F_ENUM,	/* one of the field's values */
	AS_F_IDLIST,	/* a non-empty array of distinct identifiers */
	AS_F_WEIGHTS,	/* an object of identifier -> non-negative number */
	AS_F_RULE,	/* a decision rule, see rule.h */
	AS_F_SEQ,	/* an event's sequence number: a whole number >= 1 */
	AS_F_OBJECT,	/* a JSON object (another event's payload) */
	AS_F_FLAG,	/* true or false */
	AS_F_ORDINAL,	/* a whole number >= 1 (a straw poll's round) */
	AS_F_COUNT	/* a number of members: a whole number from 0 */
};

#define AS_REQ	1

typedef struct as_field {
	const char		*name;
	enum as_ftype		 type;
	int			 flags;
	const char *const	*values;	/* AS_F_ENUM: NULL-terminated */
	const char		*help;
} as_field;

struct as_state;

/*
 * What the ledger does with an event of a type beside folding it
 * (docs/events.md):
 * AS_T_TIMELESS: a record that has no place in the history (a source, an
 * organisation's order of weight): it is dated AS_TIMELESS_DATE, before
 * every event, so that events of any date can cite it; it belongs to the
 * organisation its 'org' names, which must exist.
 * AS_T_CORRECTS: a correction of the earlier event its 'seq' names: it
 * belongs to that event's organisation and takes its date; the history
 * is then folded with that event withdrawn, or with its 'payload' in
 * its place (store/ledger.c).
 */
#define AS_T_TIMELESS	0x1
#define AS_T_CORRECTS	0x2

#define AS_TIMELESS_DATE	"0001-01-01"

typedef struct as_event_type {
	const char	*name;		/* "position.declare" */
	const char	*cli;		/* the CLI subcommand: "position" */
	const char	*help;
	const as_field	*fields;	/* ends with a NULL name */
	/* Checks ev against the state and applies it; 0, or -1 with err set
	 * and the state untouched. */
	int		(*apply)(struct as_state *, const as_event *,
	    as_error *err);
	const char	*summary;	/* see summary.c */
	int		 flags;		/* AS_T_ */
} as_event_type;

extern const as_event_type as_event_types[];	/* ends with a NULL name */

/* The type named name (or whose cli name is name if cli), or NULL. */
const as_event_type *as_event_type_find(const char *name, int cli);

/* Whether s is a valid identifier. */
int	as_is_id(const char *s);

/*
 * Checks data against the type's fields: an object, no unknown field,
 * every required field present, each of the declared type. Returns 0, or
 * the kind set in err with a one-line message naming the field: AS_EINVAL,
 * or AS_ELIMIT for a value over a named limit (a rule's, rule.h), which is
 * refused input (exit 1, 422) rather than malformed (exit 2, 400).
 */
int	as_schema_check(const as_event_type *t, const json_t *data,
    as_error *err);

/*
 * Fills ev from its parts: validates and canonicalises the date, checks
 * the type exists, and serialises data. Takes a reference to data (the
 * caller keeps its own). Returns 0, or -1 with err set and ev cleared.
 */
int	as_event_init(as_event *ev, const char *date, const char *type,
	    const char *actor, json_t *data, as_error *err);

/* Frees what ev holds and zeroes it. Safe on a zeroed event. */
void	as_event_clear(as_event *ev);

/* A one-line human summary of ev, e.g. "HUN: support for rutte". The
 * caller frees it. */
char	*as_event_summary(const as_event *ev);

#endif
