/*
 * Pages of a list: every list an answer gives (the timelines, the
 * organisations, the proposals, an organisation's members) is cut into
 * pages the same way, at most so many items and about so many bytes a
 * page, the next page starting after a cursor the page gives.
 */
#ifndef AS_PAGE_H
#define AS_PAGE_H

#include <stddef.h>

#include <jansson.h>

/* What a page may hold, and what it holds so far. */
typedef struct as_page {
	size_t	max_items;	/* 0: no limit */
	size_t	max_bytes;	/* about; 0: no limit */
	size_t	n, bytes;	/* taken */
	int	more;		/* an item did not fit: a page follows */
} as_page;

/*
 * Whether an item of about bytes fits on p: 1, and it is counted; 0 if p
 * is full (p->more set), and so is every item after it. The first item
 * of a page always fits, however large.
 */
int	as_page_take(as_page *p, size_t bytes);

/* How many fields at the most make a list's cursor. */
#define AS_CURSOR_FIELDS	2

/*
 * A list paged by a cursor made of its items' fields (string ones),
 * joined by ':' (which no identifier holds): the items in order of their
 * cursors, so that a page's cursor stays a place in the list however
 * many items are written before or after it.
 */
typedef struct as_page_list {
	const char	*key;		/* the list's member in an answer */
	const char	*fields[AS_CURSOR_FIELDS + 1];	/* NULL-ended */
} as_page_list;

/* The lists of the states (every organisation, every proposal, an
 * organisation's members), whose pages the CLI and the API cut alike. */
extern const as_page_list as_list_orgs, as_list_proposals, as_list_members;

/* Whether s is a cursor of the list (identifiers joined by ':', as many
 * as its fields): 1 or 0. */
int	as_page_cursor_ok(const as_page_list *pl, const char *s);

/*
 * Cuts the page of answer j's list that follows the cursor after (NULL:
 * the first) by p, in place: j's list becomes the page, and j gains
 * "next", the cursor of the page after or null on the last. 0, or -1 out
 * of memory (j is then released; the caller sees NULL in *j).
 */
int	as_page_cut(const as_page_list *pl, json_t **j, const char *after,
	    as_page *p);

#endif
