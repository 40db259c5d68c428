/*
 * Sources: the kinds of source a record can rest on, in one declared
 * table with their default order of weight, and the basis an answer is
 * given on. A source record (source.declare) has a kind; a report
 * (position.report) cites one source; an organisation may weigh the
 * kinds its own way (source.rank). See docs/events.md, "Sources".
 */
#ifndef AS_SOURCE_H
#define AS_SOURCE_H

#include <stddef.h>

typedef struct as_source_kind {
	const char	*id;		/* "press-report" */
	const char	*label;		/* "press report" */
	double		 weight;	/* the default weight */
	int		 confirms;	/* issued by the member (or the
					 * organisation), it is the member's
					 * own act: a report citing it is
					 * confirmed */
	const char	*help;
} as_source_kind;

/* The kinds, strongest first (ends with a NULL id). */
extern const as_source_kind as_source_kinds[];
#define AS_SOURCE_KINDS	6

/* Their ids, NULL-terminated: the values of the 'kind' field. */
extern const char *const as_source_kind_ids[];

/* The index of kind id, or -1. */
int	as_source_kind_find(const char *id);

/*
 * The basis of an answer: the members' confirmed positions only (their
 * own acts and the secretariat's record), or the best reported ones
 * (every report weighed, confirmed positions included).
 */
typedef enum as_basis {
	AS_BASIS_CONFIRMED,
	AS_BASIS_REPORTED
} as_basis;

#define AS_BASIS_DEFAULT	AS_BASIS_REPORTED

/* "confirmed" or "reported". */
const char	*as_basis_name(as_basis b);

/* Parses "confirmed" or "reported": 0, or -1. */
int	as_basis_parse(const char *text, as_basis *b);

#endif
