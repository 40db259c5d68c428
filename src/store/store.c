/*
 * The table of store backends: the form of the --db text picks one
 * (see as_store_open in store.h).
 */
#include "store/store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Whether db is a libpq URI or starts as key=value pairs ("host=..."). */
static int
is_pg(const char *db)
{
	const char *p = db;

	if (strncmp(db, "postgresql://", 13) == 0 ||
	    strncmp(db, "postgres://", 11) == 0)
		return 1;
	while (*p == '_' || islower((unsigned char)*p))
		p++;
	while (*p == ' ')
		p++;
	return p != db && *p == '=';
}

static int
is_sqlite(const char *db)
{
	(void)db;
	return 1;
}

static const struct backend {
	const char	*name;
	int		(*match)(const char *db);
	as_store	*(*open)(const char *db, int create, as_error *err,
	    int *rc);
} backends[] = {
	{ "postgresql", is_pg, as_store_pg_open },
	{ "sqlite", is_sqlite, as_store_sqlite_open },	/* the rest */
};

int
as_store_is_pg(const char *db)
{
	return is_pg(db);
}

void
as_store_label(const char *db, char *out, size_t len)
{
	if (is_pg(db))
		as_store_pg_label(db, out, len);
	else
		snprintf(out, len, "%s", db);
}

as_store *
as_store_open(const char *db, int create, as_error *err, int *rc)
{
	size_t i;

	for (i = 0; i < sizeof(backends) / sizeof(backends[0]) - 1; i++)
		if (backends[i].match(db))
			break;
	return backends[i].open(db, create, err, rc);
}
