/*
 * Where a unit test of the store puts a ledger: an SQLite file in its
 * temporary directory, or, when ASSENT_TEST_PG names a PostgreSQL
 * cluster (a URI ending in '/', as tests/unit/on_pg.sh sets it), a new
 * database of that cluster. The same test then runs on either backend.
 */
#ifndef TEST_DB_H
#define TEST_DB_H

#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "unit/check.h"

/* Sets out (size n) to the place of a new, empty ledger called name. */
static void
test_db(const char *dir, const char *name, char *out, size_t n)
{
	const char *pg = getenv("ASSENT_TEST_PG");
	char sql[256], uri[512], db[128];
	PGconn *c;
	PGresult *r;
	size_t i;

	if (pg == NULL || *pg == '\0') {
		snprintf(out, n, "%s/%s", dir, name);
		return;
	}
	/* A database name of the ledger's: letters, digits and '_'. */
	for (i = 0; name[i] != '\0' && i + 1 < sizeof(db); i++)
		db[i] = (name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') ? name[i] : '_';
	db[i] = '\0';
	snprintf(uri, sizeof(uri), "%spostgres", pg);
	c = PQconnectdb(uri);
	CHECK(PQstatus(c) == CONNECTION_OK);
	snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", db);
	r = PQexec(c, sql);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		fprintf(stderr, "%s: %s", sql, PQerrorMessage(c));
	CHECK(PQresultStatus(r) == PGRES_COMMAND_OK);
	PQclear(r);
	PQfinish(c);
	snprintf(out, n, "%s%s", pg, db);
	printf("ledger %s on PostgreSQL\n", out);
}

#endif
