/*
 * Sources, reports and the two bases (core): the kinds table; reports kept
 * side by side; the confirmed basis (declarations and the members' own
 * acts) against the reported one (every report weighed: a report stands
 * unless a later one weighs as much; the heaviest standing counts; reports
 * of similar weight that stand and disagree are a conflict); an
 * organisation's own weights; every bad input refused with its message and
 * the state unchanged; the views' fields; the snapshot of it all; the CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/snapshot.h"
#include "core/state.h"
#include "core/view.h"
#include "unit/check.h"

static int64_t seq;

/* Applies one case line; returns the fold's result, err set. */
static int
line(as_state *st, const char *text, as_error *err)
{
	as_event ev;
	int rc;

	if (as_parse_event_line(text, 0, &ev, err) != 0)
		return -2;
	ev.seq = ++seq;
	snprintf(ev.org, sizeof(ev.org), "o");
	rc = as_state_apply(st, &ev, err);
	as_event_clear(&ev);
	return rc;
}

#define OK(st, text) do { as_error e_[1]; int r_ = line(st, text, e_); \
	CHECK(r_ == 0); if (r_ != 0) fprintf(stderr, "  %s\n", \
	    e_->msg); } while (0)

/* The line is refused with a message containing want, the views as
 * before. */
static void
refused(as_state *st, const char *text, const char *want)
{
	as_error err[1] = { { 0 } };
	char before[1 << 16], after[1 << 16];
	char *d1 = as_state_dump(st, NULL), *d2;
	int rc;

	snprintf(before, sizeof(before), "%s", d1);
	rc = line(st, text, err);
	seq--;
	d2 = as_state_dump(st, NULL);
	snprintf(after, sizeof(after), "%s", d2);
	CHECK(rc != 0);
	CHECK(strstr(err->msg, want) != NULL);
	if (strstr(err->msg, want) == NULL)
		fprintf(stderr, "  got '%s', want '%s'\n", err->msg, want);
	CHECK(strcmp(before, after) == 0);
	free(d1);
	free(d2);
}

/* A member's evidence on a basis: "stance:candidate:confirmed:conflict". */
static const char *
evidence(const as_state *st, const char *prop, const char *code, as_basis b)
{
	static char buf[128];
	const as_proposal *p = as_state_proposal(st, prop);
	size_t mi;
	as_evidence e;

	as_org_member(&st->orgs[p->org], code, &mi);
	as_member_evidence(st, p, mi, NULL, b, &e);
	snprintf(buf, sizeof(buf), "%s:%s:%d:%d", e.pos.data ? e.pos.position :
	    "-", e.pos.data && e.pos.candidate ? e.pos.candidate : "", e.confirmed,
	    e.conflict);
	return buf;
}

static const char *const base[] = {
	"{\"date\": \"2020-01-01\", \"type\": \"org.create\", \"data\": {\"id\": \"o\", \"name\": \"O\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"A\", \"name\": \"Aland\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"B\", \"name\": \"Bland\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"C\", \"name\": \"Cland\"}}",
	"{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"D\", \"name\": \"Dland\", \"since\": \"2020-06-01\"}}",
	"{\"type\": \"source.declare\", \"data\": {\"id\": \"press\", \"org\": \"o\", \"kind\": \"press-report\", \"title\": \"The Daily, \\\"A backs it\\\", with a comma\", \"published\": \"2020-02-01\", \"url\": \"https://example.org/a,b\"}}",
	"{\"type\": \"source.declare\", \"data\": {\"id\": \"anon\", \"org\": \"o\", \"kind\": \"anonymous\", \"title\": \"a diplomat\"}}",
	"{\"type\": \"source.declare\", \"data\": {\"id\": \"offA\", \"org\": \"o\", \"kind\": \"official-statement\", \"title\": \"Aland's ministry\", \"by\": \"A\"}}",
	"{\"type\": \"source.declare\", \"data\": {\"id\": \"offB\", \"org\": \"o\", \"kind\": \"official-statement\", \"title\": \"Bland's ministry\", \"by\": \"B\"}}",
	"{\"type\": \"source.declare\", \"data\": {\"id\": \"minutes\", \"org\": \"o\", \"kind\": \"official-record\", \"title\": \"O's minutes\", \"by\": \"o\"}}",
	"{\"type\": \"source.declare\", \"data\": {\"id\": \"grand\", \"org\": \"o\", \"kind\": \"named-person\", \"title\": \"a former official\", \"by\": \"A\"}}",
	"{\"date\": \"2020-01-02\", \"type\": \"proposal.open\", \"data\": {\"id\": \"t\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"T\", \"cites\": [\"minutes\"]}}",
	NULL
};

static as_state *
fresh(void)
{
	as_state *st = as_state_new();

	seq = 0;
	for (int i = 0; base[i] != NULL; i++)
		OK(st, base[i]);
	return st;
}

static void
kinds(void)
{
	as_basis b;

	for (int i = 0; i < AS_SOURCE_KINDS; i++) {
		CHECK_STR(as_source_kinds[i].id, as_source_kind_ids[i]);
		CHECK(as_source_kind_find(as_source_kind_ids[i]) == i);
		/* Strongest first, the default weights one apart. */
		CHECK(i == 0 || as_source_kinds[i].weight ==
		    as_source_kinds[i - 1].weight - 1);
	}
	CHECK(as_source_kinds[AS_SOURCE_KINDS].id == NULL);
	CHECK(as_source_kind_ids[AS_SOURCE_KINDS] == NULL);
	CHECK(as_source_kind_find("rumour") == -1);
	CHECK(as_source_kinds[0].confirms && as_source_kinds[1].confirms &&
	    as_source_kinds[2].confirms && !as_source_kinds[3].confirms &&
	    !as_source_kinds[4].confirms && !as_source_kinds[5].confirms);
	CHECK(as_basis_parse("confirmed", &b) == 0 && b == AS_BASIS_CONFIRMED);
	CHECK(as_basis_parse("reported", &b) == 0 && b == AS_BASIS_REPORTED);
	CHECK(as_basis_parse("best", &b) == -1);
	CHECK(AS_BASIS_DEFAULT == AS_BASIS_REPORTED);
}

static void
bases(void)
{
	as_state *st = fresh();
	as_error err[1];

	/* A: a press report of support, then its own statement of
	 * objection, then another press report of support. */
	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"press\"]}}");
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_REPORTED), "support::0:0");
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_CONFIRMED), "-::0:0");
	OK(st, "{\"date\": \"2020-02-02\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"object\", \"cites\": [\"offA\"]}}");
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_REPORTED), "object::1:0");
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_CONFIRMED), "object::1:0");
	OK(st, "{\"date\": \"2020-02-03\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"press\"]}}");
	/* The later press report stands, but weighs less than the
	 * statement, which still counts; levels 2 and 4: no conflict. */
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_REPORTED), "object::1:0");
	{
		const as_proposal *p = as_state_proposal(st, "t");
		int conflict;
		CHECK(!as_report_standing(st, p, &p->reports[0], &conflict));
		CHECK(as_report_standing(st, p, &p->reports[1], &conflict) &&
		    !conflict);
		CHECK(as_report_standing(st, p, &p->reports[2], &conflict) &&
		    !conflict);
	}
	/* A named person of A's is not its own act. */
	OK(st, "{\"date\": \"2020-02-04\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"grand\"]}}");
	/* (A conflict is the reports', said on either basis.) */
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_CONFIRMED), "object::1:1");
	/* Named person (level 3) and official statement (level 2) stand
	 * and disagree: a conflict; the statement still counts. */
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_REPORTED), "object::1:1");

	/* B: on one day a press report of support and an anonymous source
	 * of objection: side by side, similar weight, a conflict. */
	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"support\", \"cites\": [\"press\"]}}");
	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"object\", \"cites\": [\"anon\"]}}");
	CHECK_STR(evidence(st, "t", "B", AS_BASIS_REPORTED), "support::0:1");
	/* Another member's statement does not confirm B. */
	OK(st, "{\"date\": \"2020-02-05\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"abstain\", \"cites\": [\"offA\"]}}");
	CHECK_STR(evidence(st, "t", "B", AS_BASIS_CONFIRMED), "-::0:0");
	/* ... a later report at least as heavy replaces both. */
	CHECK_STR(evidence(st, "t", "B", AS_BASIS_REPORTED), "abstain::0:0");

	/* C: a declaration (the secretariat's record), then an anonymous
	 * report: the declaration weighs as an official record. */
	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"t\", \"member\": \"C\", \"position\": \"support\", \"source\": \"the secretariat\"}}");
	OK(st, "{\"date\": \"2020-02-06\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"C\", \"position\": \"object\", \"cites\": [\"anon\"]}}");
	CHECK_STR(evidence(st, "t", "C", AS_BASIS_REPORTED), "support::1:0");
	CHECK_STR(evidence(st, "t", "C", AS_BASIS_CONFIRMED), "support::1:0");
	/* The organisation's own record of a member confirms it. */
	OK(st, "{\"date\": \"2020-02-07\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"C\", \"position\": \"object\", \"cites\": [\"minutes\"]}}");
	CHECK_STR(evidence(st, "t", "C", AS_BASIS_CONFIRMED), "object::1:0");
	CHECK_STR(evidence(st, "t", "C", AS_BASIS_REPORTED), "object::1:0");

	/* The member's own acts replace each other in time, whatever
	 * their weights: B's declaration (an official record's weight)
	 * is replaced by its later statement. */
	OK(st, "{\"date\": \"2020-02-08\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"object\", \"source\": \"s\"}}");
	CHECK_STR(evidence(st, "t", "B", AS_BASIS_REPORTED), "object::1:0");
	OK(st, "{\"date\": \"2020-02-09\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"abstain\", \"cites\": [\"offB\"]}}");
	CHECK_STR(evidence(st, "t", "B", AS_BASIS_REPORTED), "abstain::1:0");
	CHECK_STR(evidence(st, "t", "B", AS_BASIS_CONFIRMED), "abstain::1:0");

	/* The rule on each basis: A objects (confirmed), B abstains
	 * (reported), C objects: not adopted on either; on the confirmed
	 * basis B has no position. */
	json_t *s = as_view_status_on(st, "t", "x", 1700000000, AS_BASIS_CONFIRMED,
	    1, err);
	CHECK(s != NULL);
	CHECK_STR(json_string_value(json_object_get(s, "basis")), "confirmed");
	CHECK(json_is_false(json_object_get(s, "basis_default")));
	json_t *m = json_array_get(json_object_get(s, "members"), 1);
	CHECK_STR(json_string_value(json_object_get(m, "code")), "B");
	CHECK_STR(json_string_value(json_object_get(m, "position")), "abstain");
	CHECK_STR(json_string_value(json_object_get(m, "rests_on")), "report");
	CHECK(json_array_size(json_object_get(m, "reports")) == 4);
	json_decref(s);
	s = as_view_status(st, "t", "x", 1700000000, err);
	CHECK_STR(json_string_value(json_object_get(s, "basis")), "reported");
	CHECK(json_is_true(json_object_get(s, "basis_default")));
	m = json_array_get(json_object_get(s, "members"), 0);
	CHECK_STR(json_string_value(json_object_get(m, "rests_on")), "report");
	CHECK(json_is_true(json_object_get(m, "confirmed")));
	CHECK(json_is_true(json_object_get(m, "conflict")));
	CHECK(json_integer_value(json_object_get(m, "latest_report")) ==
	    json_integer_value(json_object_get(json_array_get(json_object_get(m,
	    "reports"), 3), "seq")));
	CHECK_STR(json_string_value(json_object_get(json_object_get(
	    json_array_get(json_object_get(m, "reports"), 1), "source"),
	    "kind")), "official-statement");
	CHECK(json_array_size(json_object_get(s, "conflicts")) == 1);
	CHECK_STR(json_string_value(json_object_get(json_array_get(
	    json_object_get(s, "conflicts"), 0), "member")), "A");
	json_decref(s);

	/* An organisation's own weights: the press above everything. */
	OK(st, "{\"type\": \"source.rank\", \"data\": {\"org\": \"o\", \"weights\": {\"official-record\": 6, \"signed-document\": 5, \"official-statement\": 4, \"named-person\": 3, \"press-report\": 7, \"anonymous\": 1}}}");
	CHECK(as_kind_weight(st, "o", 4) == 7);
	CHECK(as_kind_level(st, "o", 4) == 0 && as_kind_level(st, "o", 0) == 1);
	CHECK_STR(evidence(st, "t", "A", AS_BASIS_REPORTED), "support::0:0");
	/* Equal weights share a level. */
	OK(st, "{\"type\": \"source.rank\", \"data\": {\"org\": \"o\", \"weights\": {\"official-record\": 2, \"signed-document\": 2, \"official-statement\": 2, \"named-person\": 2, \"press-report\": 2, \"anonymous\": 1}}}");
	CHECK(st->nrankings == 1);
	CHECK(as_kind_level(st, "o", 0) == 0 && as_kind_level(st, "o", 5) == 1);
	as_state_free(st);
}

static void
bad_input(void)
{
	as_state *st = fresh();

	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"nope\"]}}",
	    "position.report: field 'cites': unknown source 'nope' of o");
	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"press\", \"anon\"]}}",
	    "a report cites one source");
	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"ZZZ\", \"position\": \"support\", \"cites\": [\"press\"]}}",
	    "position.report: unknown member 'ZZZ' of o");
	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"D\", \"position\": \"support\", \"cites\": [\"press\"]}}",
	    "position.report: D is not a member of o before its accession on 2020-06-01");
	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\"}}",
	    "position.report: field 'cites' is required");
	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"press\"], \"conditions\": [\"k\"]}}",
	    "condition 'k' names an unknown commitment");
	refused(st, "{\"type\": \"source.declare\", \"data\": {\"id\": \"x\", \"org\": \"o\", \"kind\": \"rumour\", \"title\": \"x\"}}",
	    "source.declare: field 'kind': must be one of official-record, signed-document, official-statement, named-person, press-report, anonymous");
	refused(st, "{\"type\": \"source.declare\", \"data\": {\"id\": \"press\", \"org\": \"o\", \"kind\": \"anonymous\", \"title\": \"x\"}}",
	    "source.declare: source 'press' already exists");
	refused(st, "{\"type\": \"source.rank\", \"data\": {\"org\": \"o\", \"weights\": {\"official-record\": 6}}}",
	    "source.rank: field 'weights': kind 'signed-document' is missing");
	refused(st, "{\"type\": \"source.rank\", \"data\": {\"org\": \"o\", \"weights\": {\"rumour\": 6}}}",
	    "source.rank: field 'weights': 'rumour' is not a source kind");
	refused(st, "{\"date\": \"2020-02-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"E\", \"name\": \"E\", \"cites\": [\"nope\"]}}",
	    "member.join: field 'cites': unknown source 'nope' of o");
	refused(st, "{\"type\": \"event.correct\", \"data\": {\"seq\": 3, \"reason\": \"r\"}}",
	    "event.correct: field 'source' or 'cites' is required");
	refused(st, "{\"type\": \"event.correct\", \"data\": {\"seq\": 0, \"reason\": \"r\", \"source\": \"s\"}}",
	    "event.correct: field 'seq': must be an event's sequence number");
	OK(st, "{\"type\": \"event.correct\", \"data\": {\"seq\": 3, \"reason\": \"r\", \"source\": \"s\"}}");
	refused(st, "{\"type\": \"event.correct\", \"data\": {\"seq\": 3, \"reason\": \"r\", \"source\": \"s\"}}",
	    "event.correct: event 3 is already corrected (by event");
	/* The decision is checked on the reported basis; nothing after it. */
	OK(st, "{\"date\": \"2020-03-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"anon\"]}}");
	OK(st, "{\"date\": \"2020-03-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"support\", \"cites\": [\"press\"]}}");
	refused(st, "{\"date\": \"2020-03-02\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"t\"}}",
	    "decision.take: the rule (unanimity) does not hold for t on 2020-03-02: missing C");
	OK(st, "{\"date\": \"2020-03-01\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"t\", \"member\": \"C\", \"position\": \"support\", \"source\": \"s\"}}");
	OK(st, "{\"date\": \"2020-03-02\", \"type\": \"decision.take\", \"data\": {\"proposal\": \"t\"}}");
	refused(st, "{\"date\": \"2020-03-03\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"object\", \"cites\": [\"press\"]}}",
	    "position.report: proposal 't' is already decided");
	as_state_free(st);
}

/* A dump, loaded, dumps the same bytes; malformed ones are refused. */
static void
snapshots(void)
{
	as_state *st = fresh(), *back;
	as_error err[1];
	char *d1, *d2;
	size_t n;

	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"press\"], \"source\": \"a quote, \\\"quoted\\\"\"}}");
	OK(st, "{\"date\": \"2020-02-02\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"B\", \"position\": \"object\", \"cites\": [\"offB\"]}}");
	OK(st, "{\"type\": \"source.rank\", \"data\": {\"org\": \"o\", \"weights\": {\"official-record\": 6, \"signed-document\": 5, \"official-statement\": 4, \"named-person\": 3, \"press-report\": 2, \"anonymous\": 2}}}");
	OK(st, "{\"type\": \"event.correct\", \"data\": {\"seq\": 2, \"reason\": \"r\", \"source\": \"s\"}}");
	d1 = as_state_dump(st, &n);
	CHECK(strstr(d1, "\"reports\":[") != NULL);
	CHECK(strstr(d1, "\"corrections\":[{\"by\":") != NULL);
	back = as_state_load(d1, n, err);
	CHECK(back != NULL);
	d2 = back ? as_state_dump(back, NULL) : NULL;
	CHECK(d2 != NULL && strcmp(d1, d2) == 0);
	if (back != NULL) {
		CHECK_STR(evidence(back, "t", "B", AS_BASIS_CONFIRMED), "object::1:0");
		CHECK(as_kind_weight(back, "o", 5) == 2);
	}
	as_state_free(back);
	free(d2);
	/* Malformed: each refused, naming what is wrong. */
	static const struct { const char *from, *to, *want; } bad[] = {
		{ "\"reports\":[", "\"reports\":[],\"x\":[", "must be a non-empty array" },
		{ "\"cites\":[\"press\"]", "\"cites\":[\"anon\",\"press\"]", "a report cites one source of o" },
		{ "\"member\":\"B\",\"position\":\"object\"", "\"member\":\"Q\",\"position\":\"object\"", "'Q' is not a member of o" },
		{ "\"by\":16", "\"by\":1", "'by' must come after the event corrected" },
		{ "\"kind\":\"anonymous\"", "\"kind\":\"rumour\"", "field 'kind': must be one of" },
		{ "\"anonymous\":2,", "\"rumour\":2,", "is not a source kind" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *at = strstr(d1, bad[i].from);
		CHECK(at != NULL);
		if (at == NULL) {
			fprintf(stderr, "  no '%s' in the dump\n", bad[i].from);
			continue;
		}
		size_t pre = (size_t)(at - d1), fl = strlen(bad[i].from),
		    tl = strlen(bad[i].to);
		char *m = malloc(n - fl + tl + 1);
		memcpy(m, d1, pre);
		memcpy(m + pre, bad[i].to, tl);
		strcpy(m + pre + tl, d1 + pre + fl);
		as_error_clear(err);
		as_state *x = as_state_load(m, strlen(m), err);
		CHECK(x == NULL);
		CHECK(strstr(err->msg, bad[i].want) != NULL);
		if (strstr(err->msg, bad[i].want) == NULL)
			fprintf(stderr, "  case %zu: got '%s'\n", i, err->msg);
		as_state_free(x);
		free(m);
	}
	free(d1);
	as_state_free(st);
}

static void
csv(void)
{
	as_state *st = fresh();
	as_error err[1];
	char *text;
	json_t *r;

	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.report\", \"data\": {\"proposal\": \"t\", \"member\": \"A\", \"position\": \"support\", \"cites\": [\"press\"], \"source\": \"a quote, \\\"quoted\\\"\\nover two lines\"}}");
	OK(st, "{\"date\": \"2020-02-01\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"t\", \"member\": \"C\", \"position\": \"object\", \"source\": \"the record\"}}");
	r = as_view_reports(st, "t", "x", 1700000000, AS_BASIS_REPORTED, err);
	CHECK(r != NULL && json_array_size(json_object_get(r, "rows")) == 2);
	text = as_reports_csv(r);
	CHECK(text != NULL && strncmp(text, "proposal,member,member_name,seq,", 32) == 0);
	CHECK(strstr(text, ",\"The Daily, \"\"A backs it\"\", with a comma\",") != NULL);
	CHECK(strstr(text, ",\"a quote, \"\"quoted\"\"\nover two lines\"\r\n") != NULL);
	CHECK(strstr(text, "\r\nt,C,Cland,,position.declare,2020-02-01,object,,,true,true,true,false,,,,,,,,,the record\r\n") != NULL);
	if (text && strstr(text, "t,C,Cland") == NULL)
		fprintf(stderr, "%s\n", text);
	free(text);
	json_decref(r);
	CHECK(as_view_reports(st, "nope", "x", 0, AS_BASIS_REPORTED, err) == NULL);
	CHECK(strstr(err->msg, "unknown proposal 'nope'") != NULL);
	as_state_free(st);
}

int
main(void)
{
	kinds();
	bases();
	bad_input();
	snapshots();
	csv();
	return check_done();
}
