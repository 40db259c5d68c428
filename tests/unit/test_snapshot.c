/*
 * Snapshots (core/snapshot.h). Every bundled case, the fuzz corpus's cases
 * of every event type and rule kind, and a small case of our own are
 * folded event by event; after each event the state is dumped, loaded and
 * dumped again (the same bytes), every view of the loaded state is the
 * view of the folded one at each date of the case and far in the future,
 * a few events are tried on both (refused with the same message, or
 * accepted alike), and the loaded state folds the rest of the case to the
 * same final dump, refusing what the straight fold refused. Then a table
 * of malformed dumps, each refused with its message; and the out-of-memory
 * loop of test_oom.c on every load (and dump). Under the sanitizers: no
 * crash, no leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/casefile.h"
#include "core/snapshot.h"
#include "core/state.h"
#include "core/view.h"
#include "unit/check.h"

/* A case of our own with what the bundled ones lack: a member who leaves
 * and joins again, a commitment given unasked and one revoked, a text
 * with its own rule decided, an objection then support (silence stays
 * broken), an appointment with a start, and its term extended; an office
 * whose terms end early (one with a later effect), with acting holders,
 * one open-ended after the last, then a term without a fixed end; a
 * body with a seat, a recommendation put to it (its candidate put
 * forward by a state that is no member) and a text that requires it,
 * decided; secret votes (the second counting more votes than members)
 * and a decision on the latest, a decision by acclamation; and eight
 * events the fold refuses (a duplicate organisation, a position of no
 * member, a decision the rule does not carry, an acting holder while one
 * acts, a seat of no member, a stance of a member off the body, a
 * decision before the one it requires, a tally over the members). */
static const char *const own_case[] = {
	"{\"date\": \"2020-01-01\", \"type\": \"org.create\", \"data\": {\"id\": \"o\", \"name\": \"O\", \"rule\": {\"type\": \"unanimity\", \"abstention\": \"allowed\"}}}",
	"{\"date\": \"2020-01-01\", \"type\": \"org.create\", \"data\": {\"id\": \"o\", \"name\": \"Again\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"A\", \"name\": \"A\", \"weights\": {\"population\": 10.25}}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"B\", \"name\": \"B\", \"since\": \"2020-06-01\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"C\", \"name\": \"C\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"office.create\", \"data\": {\"org\": \"o\", \"id\": \"f\", \"title\": \"F\", \"term\": \"P1Y\"}}",
	"{\"date\": \"2020-01-02\", \"type\": \"office.holder\", \"data\": {\"office\": \"f\", \"person\": \"P\", \"nationality\": \"A\", \"start\": \"2020-01-02\"}}",
	"{\"date\": \"2020-01-02\", \"type\": \"office.create\", \"data\": {\"org\": \"o\", \"id\": \"g\", \"title\": \"G\", \"term\": \"P4Y\"}}",
	"{\"date\": \"2020-01-02\", \"type\": \"office.holder\", \"data\": {\"office\": \"g\", \"person\": \"Q\", \"nationality\": \"A\", \"start\": \"2020-01-02\"}}",
	"{\"date\": \"2020-01-03\", \"type\": \"office.end\", \"data\": {\"office\": \"g\", \"reason\": \"resigned\", \"source\": \"s\"}}",
	"{\"date\": \"2020-01-03\", \"type\": \"office.acting\", \"data\": {\"office\": \"g\", \"person\": \"R\", \"start\": \"2020-01-03\"}}",
	"{\"date\": \"2020-02-01\", \"type\": \"proposal.open\", \"data\": {\"id\": \"p\", \"org\": \"o\", \"kind\": \"appointment\", \"office\": \"f\", \"title\": \"P\"}}",
	"{\"date\": \"2020-02-01\", \"type\": \"proposal.open\", \"data\": {\"id\": \"t\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"T\", \"text\": \"x\", \"rule\": \"simple majority\"}}",
	"{\"date\": \"2020-02-01\", \"type\": \"candidate.declare\", \"data\": {\"proposal\": \"p\", \"id\": \"c\", \"name\": \"Cee\", \"nominated_by\": \"A\"}}",
	"{\"date\": \"2020-02-01\", \"type\": \"candidate.declare\", \"data\": {\"proposal\": \"p\", \"id\": \"d\", \"name\": \"Dee\", \"nominated_by\": \"C\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-02\", \"type\": \"poll.round\", \"data\": {\"proposal\": \"p\", \"round\": 1, \"marks\": {\"A\": {\"c\": \"encourage\", \"d\": \"discourage\"}, \"C\": {\"c\": \"no-opinion\"}}}}",
	"{\"date\": \"2020-02-05\", \"type\": \"poll.round\", \"data\": {\"proposal\": \"p\", \"round\": 2, \"secret\": true, \"tallies\": {\"c\": {\"encourage\": 2, \"discourage\": 0, \"no-opinion\": 0}}, \"source\": \"s\"}}",
	"{\"date\": \"2020-02-02\", \"type\": \"commitment.ask\", \"data\": {\"id\": \"k\", \"by\": \"c\", \"to\": \"A\", \"text\": \"asked\"}}",
	"{\"date\": \"2020-02-02\", \"type\": \"commitment.give\", \"data\": {\"id\": \"g\", \"by\": \"A\", \"to\": \"C\", \"text\": \"unasked\", \"document\": \"doc\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-03\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"p\", \"member\": \"A\", \"position\": \"support\", \"candidate\": \"c\", \"conditions\": [\"k\"], \"source\": \"s\"}}",
	"{\"date\": \"2020-02-03T10:30:00Z\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"p\", \"member\": \"C\", \"position\": \"object\", \"candidate\": \"c\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-04\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"amendment\": \"a comma\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-04\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"t\", \"member\": \"C\", \"position\": \"support\", \"reason\": \"r\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-04\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"p\", \"member\": \"A\", \"position\": \"abstain\", \"candidate\": \"d\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-04\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"p\", \"member\": \"ZZZ\", \"position\": \"support\", \"candidate\": \"c\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-05\", \"type\": \"commitment.give\", \"data\": {\"id\": \"k\", \"document\": \"letter\", \"text\": \"given\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-06\", \"type\": \"candidate.withdraw\", \"data\": {\"proposal\": \"p\", \"candidate\": \"d\", \"endorses\": \"c\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-07\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"p\", \"member\": \"C\", \"position\": \"support\", \"candidate\": \"c\", \"source\": \"s\"}}",
	"{\"date\": \"2020-02-08\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"t\", \"source\": \"s\"}}",
	"{\"date\": \"2020-03-01\", \"type\": \"member.leave\", \"data\": {\"org\": \"o\", \"code\": \"C\", \"until\": \"2020-04-01\"}}",
	"{\"date\": \"2020-03-10\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"p\", \"candidate\": \"c\", \"start\": \"2021-02-01\"}}",
	"{\"date\": \"2020-05-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"C\", \"name\": \"C again\"}}",
	"{\"date\": \"2020-06-01\", \"type\": \"office.holder\", \"data\": {\"office\": \"g\", \"person\": \"S\", \"nationality\": \"C\", \"start\": \"2020-06-01\"}}",
	"{\"date\": \"2020-07-01\", \"type\": \"office.end\", \"data\": {\"office\": \"g\", \"end\": \"2020-08-01\", \"reason\": \"died\"}}",
	"{\"date\": \"2020-08-01\", \"type\": \"office.acting\", \"data\": {\"office\": \"g\", \"person\": \"T\", \"start\": \"2020-08-01\"}}",
	"{\"date\": \"2020-09-01\", \"type\": \"office.acting\", \"data\": {\"office\": \"g\", \"person\": \"T\", \"start\": \"2020-09-01\"}}",
	"{\"date\": \"2020-10-01\", \"type\": \"office.holder\", \"data\": {\"office\": \"g\", \"person\": \"U\", \"start\": \"2020-10-01\", \"open\": true}}",
	"{\"date\": \"2021-06-01\", \"type\": \"office.extend\", \"data\": {\"office\": \"f\", \"end\": \"2022-06-01\"}}",
	"{\"date\": \"2021-07-01\", \"type\": \"commitment.revoke\", \"data\": {\"id\": \"g\"}}",
	"{\"date\": \"2021-07-02\", \"type\": \"proposal.open\", \"data\": {\"id\": \"u\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"U\"}}",
	"{\"date\": \"2021-07-03\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"u\", \"member\": \"B\", \"position\": \"abstain\", \"source\": \"s\"}}",
	"{\"date\": \"2021-07-04\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"u\"}}",
	"{\"date\": \"2021-08-01\", \"type\": \"body.create\", \"data\": {\"org\": \"o\", \"id\": \"board\", \"name\": \"Board\", \"rule\": \"at least 1 in favour\"}}",
	"{\"date\": \"2021-08-01\", \"type\": \"body.join\", \"data\": {\"org\": \"o\", \"body\": \"board\", \"code\": \"A\", \"weights\": {\"seat\": 1}}}",
	"{\"date\": \"2021-08-01\", \"type\": \"body.join\", \"data\": {\"org\": \"o\", \"body\": \"board\", \"code\": \"ZZZ\"}}",
	"{\"date\": \"2021-08-01\", \"type\": \"proposal.open\", \"data\": {\"id\": \"v\", \"org\": \"o\", \"kind\": \"recommendation\", \"office\": \"f\", \"title\": \"V\", \"body\": \"board\"}}",
	"{\"date\": \"2021-08-01\", \"type\": \"proposal.open\", \"data\": {\"id\": \"w\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"W\", \"requires\": \"v\", \"rule\": \"simple majority\"}}",
	"{\"date\": \"2021-08-01\", \"type\": \"candidate.declare\", \"data\": {\"proposal\": \"v\", \"id\": \"e\", \"name\": \"Eee\", \"nominated_by\": \"ZZZ\", \"nominated_by_name\": \"Zembla\"}}",
	"{\"date\": \"2021-08-02\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"v\", \"member\": \"A\", \"position\": \"support\", \"candidate\": \"e\", \"source\": \"s\"}}",
	"{\"date\": \"2021-08-02\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"v\", \"member\": \"B\", \"position\": \"object\", \"candidate\": \"e\", \"source\": \"s\"}}",
	"{\"date\": \"2021-08-02\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"w\", \"member\": \"A\", \"position\": \"support\", \"source\": \"s\"}}",
	"{\"date\": \"2021-08-03\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"w\"}}",
	"{\"date\": \"2021-08-03\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"v\", \"candidate\": \"e\", \"body\": \"board\"}}",
	"{\"date\": \"2021-08-03\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"w\"}}",
	"{\"date\": \"2021-08-04\", \"type\": \"body.leave\", \"data\": {\"org\": \"o\", \"body\": \"board\", \"code\": \"A\", \"until\": \"2021-09-01\"}}",
	"{\"date\": \"2021-09-01\", \"type\": \"proposal.open\", \"data\": {\"id\": \"x\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"V\", \"rule\": \"two-thirds majority\"}}",
	"{\"date\": \"2021-09-02\", \"type\": \"vote.tally\", \"data\": {\"proposal\": \"x\", \"for\": 1, \"against\": 1, \"abstain\": 1, \"source\": \"s\"}}",
	"{\"date\": \"2021-09-02\", \"type\": \"vote.tally\", \"data\": {\"proposal\": \"x\", \"for\": 3, \"against\": 1, \"abstain\": 0, \"source\": \"s\"}}",
	"{\"date\": \"2021-09-03\", \"type\": \"vote.tally\", \"data\": {\"proposal\": \"x\", \"for\": 2, \"against\": 0, \"abstain\": 0, \"not_voting\": 1, \"source\": \"s\"}}",
	"{\"date\": \"2021-09-04\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"x\"}}",
	"{\"date\": \"2021-09-05\", \"type\": \"proposal.open\", \"data\": {\"id\": \"y\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"W\"}}",
	"{\"date\": \"2021-09-06\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"y\", \"by\": \"acclamation\", \"source\": \"minutes\"}}",
	NULL
};

static const char *const case_files[] = {
	"data/nato/nato-2024.case", "data/nato/silence-2003.case",
	"data/unsc/unsc.case", "data/eu-council/eu-council.case",
	"fuzz/corpus/all-types", "fuzz/corpus/rules", NULL
};

/* ---- Cases ---- */

typedef struct events {
	as_event	*ev;
	size_t		 n;
} events;

static void
add_line(events *c, const char *line)
{
	as_error err[1];

	if ((c->ev = realloc(c->ev, (c->n + 1) * sizeof(*c->ev))) == NULL)
		exit(2);
	if (as_parse_event_line(line, 0, &c->ev[c->n], err) == 0)
		c->n++;
}

static void
read_case(events *c, const char *path)
{
	char full[4096], *line = NULL;
	const char *root = getenv("ASSENT_ROOT");
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	snprintf(full, sizeof(full), "%s/%s", root ? root : ".", path);
	if ((f = fopen(full, "r")) == NULL) {
		perror(full);
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		add_line(c, line);
	}
	free(line);
	fclose(f);
}

static void
clear_case(events *c)
{
	for (size_t i = 0; i < c->n; i++)
		as_event_clear(&c->ev[i]);
	free(c->ev);
	c->ev = NULL;
	c->n = 0;
}

/* ---- Helpers ---- */

static char *
dump(const as_state *st)
{
	char *s = as_state_dump(st, NULL);

	if (s == NULL) {
		fprintf(stderr, "dump: out of memory\n");
		exit(2);
	}
	return s;
}

static as_state *
load(const char *text, as_error *err)
{
	return as_state_load(text, strlen(text), err);
}

/* Whether a and b are the same text; if not, says where they part. */
static int
same_text(const char *a, const char *b, const char *what)
{
	size_t i = 0;

	if (a != NULL && b != NULL && strcmp(a, b) == 0)
		return 1;
	if (a == NULL || b == NULL) {
		fprintf(stderr, "%s: missing text\n", what);
		return 0;
	}
	while (a[i] == b[i])
		i++;
	i = i > 60 ? i - 60 : 0;
	fprintf(stderr, "%s: texts differ at %zu:\n  %.160s\n  %.160s\n", what,
	    i, a + i, b + i);
	return 0;
}

/* Every view of st at instant t, as one array. */
static json_t *
views(const as_state *st, int64_t t)
{
	as_error err[1];
	json_t *all = json_array();
	size_t i;

	json_array_append_new(all, as_view_proposals(st, "x", t));
	for (i = 0; i < st->nproposals; i++)
		json_array_append_new(all, as_view_status(st,
		    st->proposals[i].id, "x", t, err));
	for (i = 0; i < st->noffices; i++)
		json_array_append_new(all, as_view_office(st, st->offices[i].id,
		    "x", t, err));
	for (i = 0; i < st->norgs; i++)
		json_array_append_new(all, as_view_org(st, st->orgs[i].id, "x", t,
		    err));
	return all;
}

/* Applies an event of type with payload data (consumed) dated date. */
static int
apply_new(as_state *st, const char *date, const char *type, json_t *data,
    as_error *err)
{
	as_event ev;
	int rc;

	as_error_clear(err);
	rc = as_event_init(&ev, date, type, "test", data, err);
	if (rc == 0)
		rc = as_state_apply(st, &ev, err);
	as_event_clear(&ev);
	return rc;
}

/* ---- Probes: events tried on a folded state and its checkpoint ---- */

static int probes_refused, probes_accepted, probe_mismatches;

static void
probe(as_state *a, as_state *b, const char *date, const char *type,
    json_t *data)
{
	as_error ea[1];
	as_error eb[1];
	int ra, rb;

	if (data == NULL) {
		fprintf(stderr, "probe %s: bad json_pack\n", type);
		exit(2);
	}
	ra = apply_new(a, date, type, data, ea);
	rb = apply_new(b, date, type, data, eb);
	json_decref(data);
	if (ra != rb || (ra != 0 && strcmp(ea->msg, eb->msg) != 0)) {
		probe_mismatches++;
		fprintf(stderr, "probe %s on %s: folded %d '%s', loaded %d '%s'\n",
		    type, date, ra, ra ? ea->msg : "", rb, rb ? eb->msg : "");
	}
	if (ra != 0)
		probes_refused++;
	else
		probes_accepted++;
}

/* A standing candidate of p, or NULL. */
static const char *
standing(const as_proposal *p)
{
	for (size_t i = 0; i < p->ncands; i++)
		if (p->cands[i].state == AS_STANDING)
			return p->cands[i].id;
	return NULL;
}

/*
 * Events chosen from a's entities, applied to a (a straight fold) and b
 * (its checkpoint loaded): some refused (a duplicate organisation or
 * member, an unknown member, a decision the rule does not carry yet, an
 * event dated too early), some accepted; the same answers from both.
 * Entities are looked up by index before each event (an apply may move
 * them).
 */
static void
probes(as_state *a, as_state *b)
{
	char date[AS_DATE_MAX];
	size_t i;

	strcpy(date, a->date[0] != '\0' ? a->date : "2000-01-01");
	probe(a, b, "1000-01-01", "org.create", json_pack("{s:s,s:s}",
	    "id", "early", "name", "E"));
	probe(a, b, date, "commitment.give", json_pack("{s:s,s:s}",
	    "id", "probe-k", "source", "s"));
	if (a->norgs > 0) {
		probe(a, b, date, "org.create", json_pack("{s:s,s:s}",
		    "id", a->orgs[0].id, "name", "Again"));
		probe(a, b, date, "member.leave", json_pack("{s:s,s:s}",
		    "org", a->orgs[0].id, "code", "QQQ"));
		if (a->orgs[0].nmembers > 0)
			probe(a, b, date, "member.join", json_pack("{s:s,s:s,s:s}",
			    "org", a->orgs[0].id, "code", a->orgs[0].members[0].code,
			    "name", "Again"));
	}
	for (i = 0; i < a->nproposals; i++) {
		const as_proposal *p = &a->proposals[i];
		const as_org *o = &a->orgs[p->org];
		probe(a, b, date, "position.declare", json_pack(
		    "{s:s,s:s,s:s,s:s}", "proposal", p->id, "member", "QQQ",
		    "position", "support", "source", "s"));
		p = &a->proposals[i];
		o = &a->orgs[p->org];
		if (p->ncands > 0)
			probe(a, b, date, "candidate.declare", json_pack(
			    "{s:s,s:s,s:s,s:s}", "proposal", p->id, "id",
			    p->cands[0].id, "name", "Again", "nominated_by",
			    o->nmembers ? o->members[0].code : "QQQ"));
		p = &a->proposals[i];
		probe(a, b, date, "decision.take", json_pack("{s:s,s:s*}",
		    "proposal", p->id, "candidate", standing(p)));
		p = &a->proposals[i];
		o = &a->orgs[p->org];
		if (o->nmembers > 0)
			probe(a, b, date, "position.declare", json_pack(
			    "{s:s,s:s,s:s,s:s*,s:s}", "proposal", p->id, "member",
			    o->members[o->nmembers - 1].code, "position", "object",
			    "candidate", standing(p), "source", "s"));
	}
	for (i = 0; i < a->ncommitments; i++)
		probe(a, b, date, "commitment.revoke", json_pack("{s:s}", "id",
		    a->commitments[i].id));
	for (i = 0; i < a->noffices; i++) {
		probe(a, b, date, "office.holder", json_pack("{s:s,s:s,s:s}",
		    "office", a->offices[i].id, "person", "Probe", "start", date));
		probe(a, b, date, "office.extend", json_pack("{s:s,s:s}",
		    "office", a->offices[i].id, "end", "2999-01-01"));
		probe(a, b, date, "office.acting", json_pack("{s:s,s:s,s:s}",
		    "office", a->offices[i].id, "person", "Probe", "start", date));
		probe(a, b, date, "office.end", json_pack("{s:s,s:s}",
		    "office", a->offices[i].id, "reason", "other"));
	}
}

/* ---- The round trip, event by event ---- */

typedef struct result {
	int	 rc;
	as_error err[1];
} result;

/* The instants to look at views on: each event's, the end of its day,
 * and (nearly) never. */
static int64_t *
instants(const events *c, size_t *n)
{
	int64_t *t = malloc((2 * c->n + 1) * sizeof(*t));
	size_t k = 0;

	for (size_t i = 0; i < c->n; i++) {
		int64_t eod;
		if (i == 0 || c->ev[i].when != c->ev[i - 1].when)
			t[k++] = c->ev[i].when;
		if (as_date_asof(c->ev[i].date, &eod) == 0 && eod != c->ev[i].when &&
		    (k == 0 || t[k - 1] != eod))
			t[k++] = eod;
	}
	t[k++] = AS_TIME_NEVER - 1;
	*n = k;
	return t;
}

static void
round_trip(const char *name, const events *c)
{
	as_error err[1];
	result *res = calloc(c->n + 1, sizeof(*res));
	as_state *st = as_state_new();
	size_t nt, k, i, j, view_mismatches = 0, fold_mismatches = 0,
	    text_mismatches = 0, refused = 0;
	int64_t *t = instants(c, &nt);
	char *final;

	/* The straight fold: what each event gets, and the final dump. */
	for (i = 0; i < c->n; i++) {
		res[i].rc = as_state_apply(st, &c->ev[i], res[i].err);
		refused += res[i].rc != 0;
	}
	final = dump(st);
	as_state_free(st);

	st = as_state_new();
	for (k = 0; k <= c->n; k++) {
		char *d1 = dump(st), *d2, *d3;
		as_state *ld = load(d1, err), *fresh, *copy;

		if (ld == NULL) {
			fprintf(stderr, "%s: after event %zu: %s\n", name, k,
			    err->msg);
			CHECK(ld != NULL);
			free(d1);
			break;
		}
		d2 = dump(ld);
		if (!same_text(d1, d2, name))
			text_mismatches++;
		free(d2);
		for (j = 0; j < nt; j++) {
			json_t *va = views(st, t[j]), *vb = views(ld, t[j]);
			if (!json_equal(va, vb)) {
				view_mismatches++;
				fprintf(stderr, "%s: after event %zu: views differ at "
				    "%lld\n", name, k, (long long)t[j]);
			}
			json_decref(va);
			json_decref(vb);
		}

		/* Probes on a fresh fold of the k events and a load of it. */
		fresh = as_state_new();
		for (i = 0; i < k; i++)
			as_state_apply(fresh, &c->ev[i], err);
		copy = load(d1, err);
		probes(fresh, copy);
		d2 = dump(fresh);
		d3 = dump(copy);
		if (!same_text(d2, d3, "after the probes"))
			text_mismatches++;
		free(d2);
		free(d3);
		as_state_free(fresh);
		as_state_free(copy);

		/* The rest of the case, from the checkpoint. */
		for (i = k; i < c->n; i++) {
			int rc = as_state_apply(ld, &c->ev[i], err);
			if (rc != res[i].rc || (rc != 0 && strcmp(err->msg,
			    res[i].err->msg) != 0)) {
				fold_mismatches++;
				fprintf(stderr, "%s: from event %zu, event %zu: %d '%s', "
				    "straight %d '%s'\n", name, k, i + 1, rc,
				    rc ? err->msg :
				    "", res[i].rc, res[i].err->msg);
			}
		}
		d2 = dump(ld);
		if (!same_text(final, d2, name))
			text_mismatches++;
		free(d2);
		as_state_free(ld);
		free(d1);
		if (k < c->n)
			as_state_apply(st, &c->ev[k], err);
	}
	printf("%s: %zu events (%zu refused), %zu checkpoints, views at %zu "
	    "instants: %zu text, %zu view, %zu fold mismatches\n", name, c->n,
	    refused, k, nt, text_mismatches, view_mismatches, fold_mismatches);
	CHECK(c->n > 0);
	CHECK(k == c->n + 1);
	CHECK(text_mismatches == 0);
	CHECK(view_mismatches == 0);
	CHECK(fold_mismatches == 0);
	as_state_free(st);
	free(final);
	free(t);
	free(res);
}

/* ---- Malformed dumps ---- */

/* The value at path ("proposals/0/data") in v, or NULL. */
static json_t *
get(json_t *v, const char *path)
{
	char buf[256], *seg, *save;

	snprintf(buf, sizeof(buf), "%s", path);
	for (seg = strtok_r(buf, "/", &save); seg != NULL && v != NULL;
	    seg = strtok_r(NULL, "/", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(seg, NULL, 10)) :
		    json_object_get(v, seg);
	return v;
}

/*
 * Edits root at path: sets the value to the JSON text value, or to a copy
 * of the value at the path after '@', or removes it if value is NULL; a
 * last segment "+" appends to the array.
 */
static int
edit(json_t *root, const char *path, const char *value)
{
	char parent[256];
	const char *last = strrchr(path, '/');
	json_t *p, *v = NULL;

	snprintf(parent, sizeof(parent), "%.*s", last ? (int)(last - path) : 0,
	    path);
	last = last ? last + 1 : path;
	p = *parent ? get(root, parent) : root;
	if (value != NULL)
		v = *value == '@' ? json_deep_copy(get(root, value + 1)) :
		    json_loads(value, JSON_DECODE_ANY, NULL);
	if (p == NULL || (value != NULL && v == NULL)) {
		json_decref(v);
		return -1;
	}
	if (json_is_array(p)) {
		if (strcmp(last, "+") == 0)
			return json_array_append_new(p, v);
		if (v == NULL)
			return json_array_remove(p, strtoul(last, NULL, 10));
		return json_array_set_new(p, strtoul(last, NULL, 10), v);
	}
	if (v == NULL)
		return json_object_del(p, last);
	return json_object_set_new(p, last, v);
}

/* Edits of the final dump of own_case, and what the refusal must say.
 * Members: A B C; office f: holders P, then c by p; proposals p
 * (appointment: c, d withdrawn), t (text, decided), u (text, open);
 * commitments k (asked, given), g (given unasked, revoked). */
static const struct {
	const char	*path, *value, *want;
} bad_edits[] = {
	{ "version", "2", "snapshot: version 2, not 1" },
	{ "seq", "\"1\"", "snapshot: field 'seq' must be an integer" },
	{ "when", "1.5", "field 'when' must be an integer" },
	{ "when", "9223372036854775807", "field 'when': 9223372036854775807 "
	    "is not an instant" },
	{ "seq", NULL, "field 'seq' is missing" },
	{ "extra", "1", "unknown field 'extra'" },
	{ "orgs", "{}", "field 'orgs' must be an array" },
	{ "date", "\"2020-7-1\"", "'2020-7-1' is not a date in canonical form" },
	{ "date", "\"2021-07-03T10:00+00:00\"", "not a date in canonical "
	    "form" },
	{ "orgs/0", "[]", "orgs[0]: must be an object" },
	{ "orgs/0/data/id", "5", "orgs[0]: field 'data': org.create: field "
	    "'id': must be an identifier" },
	{ "orgs/0/data/rule", "\"no such rule\"", "orgs[0]: field 'data': "
	    "org.create: field 'rule'" },
	{ "orgs/0/data/rule", "\"qualified majority\"", "orgs[0].members[0]: rule "
	    "qmv" },
	{ "orgs/+", "@orgs/0", "orgs[1]: organisation 'o' is listed twice" },
	{ "orgs/0/members/0/since", "\"2020\"", "orgs[0].members[0]: field "
	    "'since' must be an integer" },
	{ "orgs/0/members/0/since", "-9223372036854775808", "is not an instant" },
	{ "orgs/0/members/0/until", "0", "'since' must be before 'until'" },
	{ "orgs/0/members/2/since", "1593561600", "'since' is not the "
	    "payload's" },
	{ "orgs/0/members/0/data/org", "\"zz\"", "the payload's 'org' is 'zz', "
	    "not 'o'" },
	{ "orgs/0/members/+", "@orgs/0/members/0", "member 'A' is listed "
	    "twice" },
	{ "orgs/0/members/0/data/extra", "1", "member.join: unknown field "
	    "'extra'" },
	{ "offices/0/data/org", "\"nope\"", "offices[0]: unknown organisation "
	    "'nope'" },
	{ "offices/+", "@offices/0", "office 'f' is listed twice" },
	{ "offices/0/holders/1/proposal", "\"zz\"", "offices[0].holders[1]: "
	    "unknown proposal 'zz'" },
	{ "offices/0/holders/1/proposal", "\"t\"", "proposal 't' is no decided "
	    "appointment to f" },
	{ "offices/0/holders/+", "@offices/0/holders/1", "proposal 'p' "
	    "appoints twice" },
	{ "offices/0/holders/1", NULL, "proposals[0]: the decision appoints "
	    "'c', who holds no term of f" },
	{ "offices/0/holders/0/end", "1577923200", "'end' must be after "
	    "'start'" },
	{ "offices/0/holders/0/end", "1700000000", "holders[1]: the term "
	    "overlaps the previous holder's" },
	{ "offices/0/holders/1/start", "1612224000", "holders[1]: 'start' is "
	    "not the payload's" },
	{ "offices/0/holders/1/end", "9223372036854775807", "is not an "
	    "instant" },
	{ "offices/0/holders/0/data/person", "5", "office.holder: field "
	    "'person'" },
	{ "offices/0/holders/0/proposal", "\"p\"", "holders[0]: unknown field "
	    "'data'" },
	{ "offices/0/holders/0/data/office", "\"g\"", "the payload's 'office' "
	    "is 'g'" },
	{ "proposals/0/data/office", "\"nope\"", "proposals[0]: unknown office "
	    "'nope'" },
	{ "proposals/0/data/office", NULL, "an appointment names its office" },
	{ "proposals/1/data/office", "\"f\"", "proposals[1]: a text has no "
	    "office" },
	{ "proposals/0/data/org", "\"nope\"", "unknown organisation 'nope'" },
	{ "proposals/+", "@proposals/0", "proposals[7]: proposal 'p' is listed "
	    "twice" },
	{ "orgs/0/bodies/0/seats/0/data/code", "\"QQQ\"", "orgs[0].bodies[0]."
	    "seats[0]: 'QQQ' is not a member of o at its seat's start" },
	{ "orgs/0/bodies/0/seats/0/data/body", "\"x\"", "seats[0]: the "
	    "payload's 'body' is 'x', not 'board'" },
	{ "orgs/0/bodies/0/seats/0/until", "0", "'since' must be before "
	    "'until'" },
	{ "orgs/0/bodies/+", "@orgs/0/bodies/0", "orgs[0].bodies[1]: body "
	    "'board' is listed twice" },
	{ "orgs/0/bodies/0/seats/+", "@orgs/0/bodies/0/seats/0", "seats[1]: "
	    "'A' sits twice at once" },
	{ "orgs/0/bodies/0/seats/0/since", "1627948800", "proposals[3]."
	    "candidates[0].positions[0]: 'A' has no seat on board then" },
	{ "orgs/0/bodies", "[]", "field 'bodies' must be a non-empty array" },
	{ "proposals/3/data/body", "\"nope\"", "proposals[3]: unknown body "
	    "'nope' of o" },
	{ "proposals/4/data/requires", "\"w\"", "proposals[4]: it requires "
	    "'w', not a proposal of o listed before it" },
	{ "proposals/3/decision", "null", "proposals[4]: decided before 'v', "
	    "which it requires" },
	{ "proposals/3/decision/data/start", "\"2030-01-01\"", "a "
	    "recommendation has no 'start' and no 'end'" },
	{ "proposals/3/candidates/0/data/nominated_by_name", NULL, "nominated "
	    "by 'ZZZ', not a member of o, without its name" },
	{ "proposals/0/opened_date", "\"yesterday\"", "'yesterday' is not a "
	    "date" },
	{ "proposals/0/candidates/0/positions/+", "null",
	    "proposals[0].candidates[0]: 4 positions for 3 members of o" },
	{ "proposals/0/candidates/0/positions/0/data/member",
	    "\"ZZZ\"", "positions[0]: the "
	    "position of 'ZZZ' is in the place of member 0 of o, A" },
	{ "proposals/0/candidates/0/positions/0/data/member",
	    "\"C\"", "the position of "
	    "'C' is in the place of member 0" },
	{ "proposals/0/candidates/0/positions/0/data/candidate",
	    "\"zz\"", "unknown "
	    "candidate 'zz'" },
	{ "proposals/0/candidates/0/positions/0/data/candidate",
	    NULL, "support on an "
	    "appointment names a candidate" },
	{ "proposals/0/candidates/0/positions/0/data/candidate", "\"d\"",
	    "a position naming candidate 'd' is in the place of one on "
	    "candidate c" },
	{ "proposals/0/positions/+", "@proposals/0/candidates/0/positions/0",
	    "a position naming candidate 'c' is in the place of one on the "
	    "whole proposal" },
	{ "proposals/2/positions/2/data/position", "\"object\"",
	    "positions[2]: 'broke' must be a break no later than 'when'" },
	{ "proposals/0/candidates/0/positions/0/data/conditions", "[\"nope\"]",
	    "positions[0]: condition 'nope' names an unknown commitment" },
	{ "proposals/0/candidates/0/positions/1/broke",
	    "4102444800", "'broke' must be a "
	    "break no later than 'when'" },
	{ "proposals/1/positions/0/broke", "9223372036854775807", "'broke' "
	    "must be a break" },
	{ "proposals/1/positions/0/data/candidate", "\"c\"", "a position on a "
	    "text names no candidate" },
	{ "proposals/1/positions/0/data/proposal", "\"u\"", "the payload's "
	    "'proposal' is 'u', not 't'" },
	{ "proposals/0/candidates/0/positions/0/when",
	    "\"x\"", "field 'when' must be an "
	    "integer" },
	{ "proposals/0/candidates/0/positions/0",
	    "1", "positions[0]: must be an object" },
	{ "proposals/0/polls/0/data/round", "2", "proposals[0].polls[0]: "
	    "round 2 in the place of round 1" },
	{ "proposals/0/polls/1/data/tallies/c/encourage", "-1", "polls[1]: "
	    "poll.round: field 'tallies': c's 'encourage' must be a whole "
	    "number from 0" },
	{ "proposals/0/polls/0/data/marks/ZZ", "{\"c\": \"encourage\"}",
	    "field 'marks': 'ZZ' is not a member of o" },
	{ "proposals/0/polls/0/data/marks/A/c", "\"maybe\"", "A's mark on c "
	    "must be one of encourage, discourage, no-opinion" },
	{ "proposals/0/polls/0/data/marks/A/zz", "\"encourage\"",
	    "unknown candidate 'zz' in p" },
	{ "proposals/0/polls/1/when", "0", "polls[1]: a round dated before "
	    "the one it follows" },
	{ "proposals/0/polls/0/data/proposal", "\"t\"", "the payload's "
	    "'proposal' is 't', not 'p'" },
	{ "proposals/1/polls", "@proposals/0/polls", "proposals[1].polls[0]: "
	    "the payload's 'proposal' is 'p', not 't'" },
	{ "proposals/0/candidates/0/data/nominated_by", "\"ZZZ\"", "nominated "
	    "by 'ZZZ', not a member of o" },
	{ "proposals/0/candidates/1/withdrawal/data/endorses", "\"zz\"",
	    "candidates[1]: the withdrawal endorses 'zz', not another "
	    "candidate" },
	{ "proposals/0/candidates/1/withdrawal/data/endorses", "\"d\"",
	    "endorses 'd', not another candidate" },
	{ "proposals/0/candidates/1/withdrawal/data/candidate", "\"c\"",
	    "withdrawal: the payload's 'candidate' is 'c', not 'd'" },
	{ "proposals/0/candidates/1/withdrawal/date", NULL, "withdrawal: field "
	    "'date' is missing" },
	{ "proposals/0/candidates/+", "@proposals/0/candidates/0",
	    "candidate 'c' is listed twice" },
	{ "proposals/1/candidates/+", "@proposals/0/candidates/0",
	    "proposals[1]: a text has no candidates" },
	{ "proposals/0/decision/data/candidate", "\"d\"", "decision: candidate "
	    "'d' has withdrawn" },
	{ "proposals/0/decision/data/candidate", "\"zz\"", "decision: unknown "
	    "candidate 'zz'" },
	{ "proposals/0/decision/data/candidate", NULL, "an appointment names "
	    "its candidate" },
	{ "proposals/1/decision/data/candidate", "\"c\"", "a decision on a text "
	    "has no 'candidate'" },
	{ "proposals/0/decision", "null", "offices[0].holders[1]: proposal 'p' "
	    "is no decided appointment" },
	{ "proposals/0/decision/date", "5", "decision: field 'date' must be a "
	    "string" },
	{ "proposals/0/decision", "[]", "field 'decision' must be an object "
	    "or null" },
	{ "proposals/2/data/rule", "\"qualified majority\"", "proposals[2]:" },
	{ "commitments/0/state", "\"lost\"", "field 'state' must be asked, "
	    "given or revoked" },
	{ "commitments/0/state", "\"asked\"", "an asked commitment has an "
	    "'ask' and no 'give'" },
	{ "commitments/0/give", "null", "a commitment given has a 'give'" },
	{ "commitments/1/give/by", "\"nobody\"", "'by': 'nobody' is neither a "
	    "member nor a candidate" },
	{ "commitments/1/give/to", "\"c\"", "'to': unknown member 'c'" },
	{ "commitments/1/give/text", NULL, "field 'text' is required for a "
	    "commitment not asked before" },
	{ "commitments/0/give/id", "\"g\"", "the payload's 'id' is 'g', not "
	    "'k'" },
	{ "commitments/0/give/by", "\"A\"", "field 'by' differs from the "
	    "commitment asked for" },
	{ "commitments/0/give/source", NULL, "commitment.give: field 'source' "
	    "is required" },
	{ "commitments/+", "@commitments/0", "commitments[2]: commitment 'k' "
	    "is listed twice" },
	{ "commitments/1/date", "\"2021-02-30\"", "is not a date" },
	/* The secret votes on x (proposals[5]), as the fold keeps them. */
	{ "proposals/5/tallies/0/data/for", "3", "proposals[5].tallies[0]: the "
	  "tally counts more votes than the 3 members who vote on x on "
	  "2021-09-02" },
	{ "proposals/5/tallies/0/data/for", "-1", "vote.tally: field 'for': "
	  "must be a whole number from 0" },
	{ "proposals/5/tallies/0/data/candidate", "\"c\"", "a vote is on a "
	  "candidate of an appointment, or on a text" },
	{ "proposals/5/tallies/0/data/proposal", "\"t\"", "the payload's "
	  "'proposal' is 't', not 'x'" },
	{ "proposals/5/tallies/0/when", "1700000000000", "the votes are not in "
	  "order of their dates" },
	{ "proposals/5/data/rule", "\"qualified majority\"", "rule qmv: a "
	  "tally cannot decide it" },
	{ "proposals/5/tallies/1/date", NULL, "field 'date' is missing" },
};

/* Texts that are no dump at all. */
static const struct {
	const char	*text;
	size_t		 len;		/* 0: strlen */
	const char	*want;
} bad_texts[] = {
	{ "", 0, "snapshot: not JSON" },
	{ "not JSON", 0, "snapshot: not JSON" },
	{ "{\"seq\": 1, \"seq\": 2}", 0, "snapshot: not JSON: line 1, column 17: "
	  "duplicate key 'seq'" },
	{ "{\"a\"\0: 1}", 9, "snapshot: not JSON" },
	{ "[]", 0, "snapshot: must be an object" },
	{ "{}", 0, "snapshot: field 'commitments' is missing" },
	{ "null", 0, "snapshot: must be an object" },
	{ "{\"commitments\": [], \"date\": \"\", \"offices\": [], \"orgs\": [], "
	  "\"proposals\": [], \"seq\": 0, \"version\": 1, \"when\": 0} x", 0,
	  "snapshot: not JSON" },
};

/* Whether a refusal is one line, names a snapshot and says want. */
static int
refusal_ok(const as_error *err, const char *want, const char *what)
{
	if (strncmp(err->msg, "snapshot: ", 10) == 0 && strchr(err->msg,
	    '\n') == NULL &&
	    strstr(err->msg, want) != NULL)
		return 1;
	fprintf(stderr, "%s: refusal '%s' lacks '%s'\n", what, err->msg, want);
	return 0;
}

static void
malformed(const char *base)
{
	as_error err[1];
	char *text;
	json_t *root;
	as_state *st;
	size_t i, len;

	/* The text, cut anywhere, is refused. */
	len = strlen(base);
	for (i = 0; i < len; i += 1 + i / 16) {
		text = strndup(base, i);
		st = as_state_load(text, i, err);
		CHECK(st == NULL && refusal_ok(err, "snapshot: not JSON", "cut"));
		as_state_free(st);
		free(text);
	}
	for (i = 0; i < sizeof(bad_texts) / sizeof(bad_texts[0]); i++) {
		size_t n = bad_texts[i].len ? bad_texts[i].len :
		    strlen(bad_texts[i].text);
		as_error_clear(err);
		st = as_state_load(bad_texts[i].text, n, err);
		CHECK(st == NULL);
		CHECK(refusal_ok(err, bad_texts[i].want, bad_texts[i].text));
		as_state_free(st);
	}
	CHECK(as_state_load(NULL, 0, err) == NULL);
	for (i = 0; i < sizeof(bad_edits) / sizeof(bad_edits[0]); i++) {
		root = json_loads(base, 0, NULL);
		if (edit(root, bad_edits[i].path, bad_edits[i].value) != 0) {
			fprintf(stderr, "edit %s: no such path\n", bad_edits[i].path);
			CHECK(0);
			json_decref(root);
			continue;
		}
		text = json_dumps(root, JSON_COMPACT | JSON_SORT_KEYS);
		json_decref(root);
		as_error_clear(err);
		st = load(text, err);
		if (st != NULL)
			fprintf(stderr, "edit %s = %s: loaded\n", bad_edits[i].path,
			    bad_edits[i].value ? bad_edits[i].value : "(removed)");
		CHECK(st == NULL);
		CHECK(refusal_ok(err, bad_edits[i].want, bad_edits[i].path));
		as_state_free(st);
		free(text);
	}
	/* The unedited text loads, also indented. */
	root = json_loads(base, 0, NULL);
	text = json_dumps(root, JSON_INDENT(1));
	json_decref(root);
	st = load(text, err);
	CHECK(st != NULL);
	if (st != NULL) {
		char *again = dump(st);
		CHECK(same_text(base, again, "indented"));
		free(again);
	}
	as_state_free(st);
	free(text);
}

/* ---- Out of memory ---- */

#include "unit/faulty_alloc.h"

/*
 * Loads (and dumps) text with the Nth allocation failing, N = 1, 2, ...
 * until none fails: each attempt that met a failure returns NULL with a
 * message, or (if it could do without) the same state.
 */
static void
out_of_memory(const char *name, const char *text)
{
	as_error err[1];
	size_t len = strlen(text);

	for (persistent = 0; persistent <= 1; persistent++) {
		long n, wrong = 0, refused = 0;
		for (n = 1; ; n++) {
			as_state *st;
			char *again;
			as_error_clear(err);
			count = 0;
			failed = 0;
			fail_at = n;
			as_set_allocator(faulty_malloc, faulty_realloc);
			st = as_state_load(text, len, err);
			as_set_allocator(NULL, NULL);
			fail_at = 0;
			if (st == NULL) {
				refused++;
				if (!failed || err->msg[0] == '\0' ||
				    strncmp(err->msg, "snapshot: ", 10) != 0) {
					wrong++;
					fprintf(stderr, "%s: N=%ld: '%s'\n",
					    name, n, err->msg);
				}
				continue;
			}
			again = dump(st);
			wrong += strcmp(again, text) != 0;
			free(again);
			as_state_free(st);
			if (!failed)
				break;
		}
		printf("%s, %s: %ld allocation points, %ld loads refused, %ld "
		    "wrong\n", name, persistent ? "persistent" : "transient",
		    n - 1, refused, wrong);
		CHECK(n > 10);
		CHECK(refused > 0);
		CHECK(wrong == 0);
	}
	/* And the dump: NULL, or the text. */
	as_state *st = as_state_load(text, len, err);
	long n, wrong = 0;
	for (n = 1; st != NULL; n++) {
		size_t dlen = 0;
		count = 0;
		failed = 0;
		fail_at = n;
		persistent = n % 2;
		as_set_allocator(faulty_malloc, faulty_realloc);
		char *d = as_state_dump(st, &dlen);
		as_set_allocator(NULL, NULL);
		fail_at = 0;
		if (d != NULL ? strcmp(d, text) != 0 || dlen != len : !failed) {
			wrong++;
			fprintf(stderr, "%s: dump, N=%ld: %s\n", name, n,
			    d != NULL ? d : "NULL without a failure");
		}
		free(d);
		if (!failed)
			break;
	}
	printf("%s, dump: %ld allocation points, %ld wrong\n", name, n - 1, wrong);
	CHECK(st != NULL);
	CHECK(wrong == 0);
	as_state_free(st);
}

/* ---- The dump's shape ---- */

static void
shape(void)
{
	as_state *st = as_state_new(), *ld;
	as_error err[1];
	char *d;
	size_t len = 0;

	d = as_state_dump(st, &len);
	CHECK_STR(d, "{\"commitments\":[],\"date\":\"\",\"offices\":[],"
	    "\"orgs\":[],\"proposals\":[],\"seq\":0,\"version\":1,\"when\":0}");
	CHECK(d != NULL && len == strlen(d));
	ld = load(d, err);
	CHECK(ld != NULL && ld->seq == 0 && ld->norgs == 0 && ld->date[0] == 0);
	as_state_free(ld);
	free(d);
	as_state_free(st);
}

int
main(void)
{
	events c = { NULL, 0 };
	as_error err[1];

	shape();
	for (size_t i = 0; case_files[i] != NULL; i++) {
		read_case(&c, case_files[i]);
		round_trip(case_files[i], &c);
		clear_case(&c);
	}
	for (size_t i = 0; own_case[i] != NULL; i++)
		add_line(&c, own_case[i]);
	CHECK(c.n == sizeof(own_case) / sizeof(own_case[0]) - 1);
	round_trip("own case", &c);
	printf("probes: %d refused, %d accepted, %d mismatches\n",
	    probes_refused, probes_accepted, probe_mismatches);
	CHECK(probes_refused > 0);
	CHECK(probes_accepted > 0);
	CHECK(probe_mismatches == 0);

	/* The own case's final state: what a load rebuilds in it. */
	as_state *st = as_state_new();
	size_t refused = 0;
	for (size_t i = 0; i < c.n; i++)
		refused += as_state_apply(st, &c.ev[i], err) != 0;
	CHECK(refused == 8);
	char *base = dump(st);
	as_state *ld = load(base, err);
	CHECK(ld != NULL);
	if (ld != NULL) {
		const as_holder *h = &ld->offices[0].holders[1];
		const as_proposal *p = &ld->proposals[0];
		const as_commitment *k = &ld->commitments[0], *g = &ld->commitments[1];
		CHECK(h->data == p->decision);
		CHECK(h->person == p->cands[0].name);
		CHECK(h->nationality == p->cands[0].nominated_by);
		CHECK(h->candidate == p->cands[0].id);
		CHECK(h->proposal == p->id);
		CHECK(ld->offices[0].holders[0].proposal == NULL);
		CHECK_STR(ld->offices[0].holders[0].nationality, "A");
		CHECK(p->cands[0].state == AS_APPOINTED);
		CHECK(p->cands[1].state == AS_WITHDRAWN);
		CHECK(p->cands[1].endorses == json_string_value(json_object_get(
		    p->cands[1].withdrawal, "endorses")));
		/* The members in order of accession, then code: A, C, B. */
		const as_candidate *pc = &p->cands[0];
		CHECK(pc->npositions == 3 && pc->positions[2].data == NULL &&
		    pc->positions[2].broke == AS_TIME_NEVER);
		/* The straw poll's rounds, in order. */
		CHECK(p->npolls == 2 && p->polls[0].round == 1 &&
		    !p->polls[0].secret && p->polls[1].round == 2 &&
		    p->polls[1].secret && p->polls[1].when ==
		    st->proposals[0].polls[1].when &&
		    strcmp(p->polls[1].date, "2020-02-05") == 0);
		/* A's abstention on the candidate that withdrew, in its place. */
		CHECK(p->cands[1].npositions >= 1 &&
		    p->cands[1].positions[0].stance == AS_ABSTAIN &&
		    strcmp(p->cands[1].positions[0].candidate, "d") == 0);
		CHECK(pc->positions[1].broke ==
		    st->proposals[0].cands[0].positions[1].broke &&
		    pc->positions[1].broke < pc->positions[1].when);
		CHECK(ld->proposals[1].rule != NULL && ld->proposals[2].rule == NULL);
		CHECK(k->data != k->given && k->state == AS_GIVEN);
		CHECK_STR(k->text, "given");
		CHECK_STR(k->document, "letter");
		CHECK(g->data == g->given && g->state == AS_REVOKED);
		CHECK_STR(g->source, "s");
		CHECK(ld->orgs[0].members[1].since == st->orgs[0].members[1].since);
		CHECK_STR(ld->orgs[0].members[1].name, "C again");
		CHECK(ld->seq == st->seq && ld->when == st->when);
		CHECK_STR(ld->date, st->date);
	}
	as_state_free(ld);
	as_state_free(st);
	malformed(base);
	out_of_memory("own case", base);
	free(base);
	clear_case(&c);

	/* Out of memory on the final state of every case. */
	for (size_t i = 0; case_files[i] != NULL; i++) {
		read_case(&c, case_files[i]);
		st = as_state_new();
		for (size_t j = 0; j < c.n; j++)
			as_state_apply(st, &c.ev[j], err);
		base = dump(st);
		out_of_memory(case_files[i], base);
		free(base);
		as_state_free(st);
		clear_case(&c);
	}
	return check_done();
}
