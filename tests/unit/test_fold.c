/*
 * The fold: conditions met and revoked, withdrawal with endorsement,
 * unanimity with and without abstention, membership changes, handover
 * dates, and refusals that leave the state untouched.
 */
#include <stdlib.h>
#include <string.h>

#include "core/state.h"
#include "core/view.h"
#include "unit/apply.h"
#include "unit/check.h"

static as_error err[1];

/* Applies one event; returns what as_state_apply returns. */
static int
apply(as_state *st, const char *date, const char *type, const char *json)
{
	return test_apply(st, date, type, json, err);
}

#define OK(st, d, t, j) do { \
	if (apply(st, d, t, j) != 0) { check_failed++; \
	fprintf(stderr, "%s:%d: refused: %s\n", __FILE__, __LINE__, \
	    err->msg); } \
	else check_passed++; } while (0)

/* Applies an event that must be refused, with err containing want, and
 * checks the state did not move. */
#define REFUSED(st, d, t, j, want) do { \
	int64_t seq_ = (st)->seq; \
	CHECK(apply(st, d, t, j) == -1); \
	if (strstr(err->msg, want) == NULL) { check_failed++; \
	fprintf(stderr, "%s:%d: error '%s' lacks '%s'\n", __FILE__, __LINE__, \
	err->msg, want); } else check_passed++; \
	CHECK((st)->seq == seq_); } while (0)

static int64_t
at(const char *date)
{
	int64_t t;
	as_date_asof(date, &t);
	return t;
}

/* The codes of the members missing for one option, space-separated, and
 * whether the rule holds ("+" prefix) or not ("-"). */
static const char *
verdict(const as_state *st, const char *prop, const char *cand,
    const char *date)
{
	static char buf[256];
	const as_proposal *p = as_state_proposal(st, prop);
	const as_org *o = &st->orgs[p->org];
	size_t *members, n, len;
	as_verdict v;

	if (as_proposal_eval(st, p, cand, at(date), 0, AS_BASIS_DEFAULT, &v, &members, &n) != 0)
		return "error";
	len = (size_t)snprintf(buf, sizeof(buf), "%c", v.holds ? '+' : '-');
	for (size_t i = 0; i < v.nmissing; i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %s",
		    o->members[v.missing[i]].code);
	as_verdict_clear(&v);
	free(members);
	return buf;
}

static as_state *
setup(void)
{
	as_state *st = as_state_new();

	OK(st, "2020-01-01", "org.create", "{\"id\":\"o\",\"name\":\"Org\"}");
	OK(st, "2020-01-01", "member.join", "{\"org\":\"o\",\"code\":\"A\",\"name\":\"Aland\"}");
	OK(st, "2020-01-01", "member.join", "{\"org\":\"o\",\"code\":\"B\",\"name\":\"Bland\"}");
	OK(st, "2020-01-01", "member.join", "{\"org\":\"o\",\"code\":\"C\",\"name\":\"Cland\"}");
	OK(st, "2020-01-01", "office.create", "{\"org\":\"o\",\"id\":\"chair\",\"title\":\"Chair\",\"term\":\"P2Y\"}");
	OK(st, "2022-01-01", "office.holder", "{\"office\":\"chair\",\"person\":\"Xavier\",\"start\":\"2022-01-01\"}");
	OK(st, "2023-01-01", "proposal.open", "{\"id\":\"p\",\"org\":\"o\",\"kind\":\"appointment\",\"office\":\"chair\",\"title\":\"Chair\"}");
	OK(st, "2023-01-01", "candidate.declare", "{\"proposal\":\"p\",\"id\":\"c1\",\"name\":\"One\",\"nominated_by\":\"A\"}");
	OK(st, "2023-01-01", "candidate.declare", "{\"proposal\":\"p\",\"id\":\"c2\",\"name\":\"Two\",\"nominated_by\":\"B\"}");
	return st;
}

static void
test_conditions(void)
{
	as_state *st = setup();

	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"C\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	REFUSED(st, "2023-02-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c1\",\"conditions\":[\"k1\"],\"source\":\"s\"}", "condition 'k1' names an unknown commitment");
	OK(st, "2023-02-02", "commitment.ask", "{\"id\":\"k1\",\"by\":\"c1\",\"to\":\"B\",\"text\":\"a promise\"}");
	OK(st, "2023-02-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c1\",\"conditions\":[\"k1\"],\"source\":\"s\"}");
	/* Asked, not given: B is pending and still to be brought in. */
	CHECK_STR(verdict(st, "p", "c1", "2023-02-02"), "- B");
	const as_proposal *p = as_state_proposal(st, "p");
	CHECK(as_position_effective(st, p, &p->cands[0].positions[1], NULL, NULL) == AS_PENDING);
	OK(st, "2023-02-03", "commitment.give", "{\"id\":\"k1\",\"document\":\"letter\",\"source\":\"s\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-02-03"), "+");
	REFUSED(st, "2023-02-03", "commitment.give", "{\"id\":\"k1\",\"source\":\"s\"}", "already given");
	OK(st, "2023-02-04", "commitment.revoke", "{\"id\":\"k1\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-02-04"), "- B");
	REFUSED(st, "2023-02-04", "commitment.revoke", "{\"id\":\"k1\"}", "not in force");
	REFUSED(st, "2023-02-04", "commitment.give", "{\"id\":\"k1\",\"source\":\"s\"}", "already given and revoked");
	/* A commitment given outright needs its parties. */
	REFUSED(st, "2023-02-05", "commitment.give", "{\"id\":\"k2\",\"source\":\"s\"}", "field 'by' is required");
	REFUSED(st, "2023-02-05", "commitment.give", "{\"id\":\"k2\",\"by\":\"c1\",\"to\":\"ZZ\",\"text\":\"t\",\"source\":\"s\"}", "unknown member 'ZZ'");
	OK(st, "2023-02-05", "commitment.give", "{\"id\":\"k2\",\"by\":\"c1\",\"to\":\"B\",\"text\":\"t\",\"source\":\"s\"}");
	/* Conditions go with support only. */
	REFUSED(st, "2023-02-05", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"object\",\"conditions\":[\"k2\"],\"source\":\"s\"}", "conditions go with support only");
	as_state_free(st);
}

static void
test_withdrawal(void)
{
	as_state *st = setup();
	const as_proposal *p;

	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c2\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"C\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-02-01"), "- B");
	CHECK_STR(verdict(st, "p", "c2", "2023-02-01"), "- A C");
	REFUSED(st, "2023-02-02", "candidate.withdraw", "{\"proposal\":\"p\",\"candidate\":\"c2\",\"endorses\":\"c2\"}", "not another standing candidate");
	REFUSED(st, "2023-02-02", "candidate.withdraw", "{\"proposal\":\"p\",\"candidate\":\"c2\",\"endorses\":\"c9\"}", "unknown candidate 'c9'");
	OK(st, "2023-02-02", "candidate.withdraw", "{\"proposal\":\"p\",\"candidate\":\"c2\",\"endorses\":\"c1\"}");
	p = as_state_proposal(st, "p");
	CHECK(p->cands[1].state == AS_WITHDRAWN);
	CHECK_STR(p->cands[1].endorses, "c1");
	/* B's support for the withdrawn candidate lapsed: no position. */
	CHECK(as_position_effective(st, p, &p->cands[1].positions[1], NULL, NULL) == AS_NONE);
	REFUSED(st, "2023-02-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c2\",\"source\":\"s\"}", "candidate 'c2' has withdrawn");
	REFUSED(st, "2023-02-02", "candidate.withdraw", "{\"proposal\":\"p\",\"candidate\":\"c2\"}", "already withdrawn");
	REFUSED(st, "2023-02-02", "decision.take", "{\"proposal\":\"p\",\"candidate\":\"c1\"}", "missing B");
	OK(st, "2023-02-03", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-02-03"), "+");
	as_state_free(st);
}

static void
test_abstention(void)
{
	as_state *st = setup();

	OK(st, "2023-03-01", "proposal.open", "{\"id\":\"t1\",\"org\":\"o\",\"kind\":\"text\",\"title\":\"T1\"}");
	OK(st, "2023-03-01", "proposal.open", "{\"id\":\"t2\",\"org\":\"o\",\"kind\":\"text\",\"title\":\"T2\",\"rule\":{\"type\":\"unanimity\",\"abstention\":\"allowed\"}}");
	REFUSED(st, "2023-03-01", "proposal.open", "{\"id\":\"t3\",\"org\":\"o\",\"kind\":\"text\",\"title\":\"T3\",\"rule\":{\"type\":\"unanimity\",\"abstention\":\"maybe\"}}", "abstention");
	REFUSED(st, "2023-03-01", "proposal.open", "{\"id\":\"t3\",\"org\":\"o\",\"kind\":\"text\",\"title\":\"T3\",\"rule\":{\"type\":\"plurality\"}}", "unknown type 'plurality'");
	/* Everybody abstains: no supporter, so no consensus either way. */
	for (const char *const *m = (const char *const[]){ "A", "B", "C", NULL }; *m; m++) {
		char j[200];
		snprintf(j, sizeof(j), "{\"proposal\":\"t1\",\"member\":\"%s\",\"position\":\"abstain\",\"source\":\"s\"}", *m);
		OK(st, "2023-03-02", "position.declare", j);
		j[14] = '2';	/* t1 -> t2 */
		OK(st, "2023-03-02", "position.declare", j);
	}
	CHECK_STR(verdict(st, "t1", NULL, "2023-03-02"), "- A B C");
	CHECK_STR(verdict(st, "t2", NULL, "2023-03-02"), "-");
	OK(st, "2023-03-03", "position.declare", "{\"proposal\":\"t1\",\"member\":\"A\",\"position\":\"support\",\"source\":\"s\"}");
	OK(st, "2023-03-03", "position.declare", "{\"proposal\":\"t1\",\"member\":\"B\",\"position\":\"support\",\"source\":\"s\"}");
	OK(st, "2023-03-03", "position.declare", "{\"proposal\":\"t2\",\"member\":\"A\",\"position\":\"support\",\"source\":\"s\"}");
	OK(st, "2023-03-03", "position.declare", "{\"proposal\":\"t2\",\"member\":\"B\",\"position\":\"support\",\"source\":\"s\"}");
	/* C abstains: it blocks under t1's rule, not under t2's. */
	CHECK_STR(verdict(st, "t1", NULL, "2023-03-03"), "- C");
	CHECK_STR(verdict(st, "t2", NULL, "2023-03-03"), "+");
	REFUSED(st, "2023-03-03", "decision.take", "{\"proposal\":\"t1\"}", "missing C");
	OK(st, "2023-03-03", "decision.take", "{\"proposal\":\"t2\"}");
	REFUSED(st, "2023-03-04", "position.declare", "{\"proposal\":\"t2\",\"member\":\"C\",\"position\":\"support\",\"source\":\"s\"}", "already decided");
	/* An objection blocks under both. */
	OK(st, "2023-03-04", "position.declare", "{\"proposal\":\"t1\",\"member\":\"C\",\"position\":\"object\",\"source\":\"s\"}");
	CHECK_STR(verdict(st, "t1", NULL, "2023-03-04"), "- C");
	REFUSED(st, "2023-03-04", "position.declare", "{\"proposal\":\"t1\",\"member\":\"C\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}", "only for appointments");
	as_state_free(st);
}

static void
test_membership(void)
{
	as_state *st = setup();

	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"C\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	/* D's accession is recorded in March, effective in June: the
	 * proposal opened before; D counts from its accession. */
	OK(st, "2023-03-01", "member.join", "{\"org\":\"o\",\"code\":\"D\",\"name\":\"Dland\",\"since\":\"2023-06-01\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-05-31"), "+");
	CHECK_STR(verdict(st, "p", "c1", "2023-06-01"), "- D");
	REFUSED(st, "2023-04-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"D\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}", "before its accession on 2023-06-01");
	REFUSED(st, "2023-04-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"E\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}", "unknown member 'E'");
	REFUSED(st, "2023-04-01", "member.join", "{\"org\":\"o\",\"code\":\"A\",\"name\":\"Aland\"}", "already a member");
	REFUSED(st, "2023-04-01", "member.join", "{\"org\":\"o\",\"code\":\"F\",\"name\":\"F\",\"since\":\"2023-03-31\"}", "earlier than the event's date");
	OK(st, "2023-06-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"D\",\"position\":\"object\",\"candidate\":\"c1\",\"source\":\"s\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-06-02"), "- D");
	/* D leaves: no longer needed. */
	OK(st, "2023-06-10", "member.leave", "{\"org\":\"o\",\"code\":\"D\"}");
	CHECK_STR(verdict(st, "p", "c1", "2023-06-10"), "+");
	REFUSED(st, "2023-06-11", "position.declare", "{\"proposal\":\"p\",\"member\":\"D\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}", "D left o on 2023-06-10");
	REFUSED(st, "2023-06-11", "member.leave", "{\"org\":\"o\",\"code\":\"D\"}", "already left");
	as_state_free(st);
}

static void
test_handover(void)
{
	as_state *st = setup();
	const as_office *f;
	as_error err2[1];
	json_t *v;

	for (const char *const *m = (const char *const[]){ "A", "B", "C", NULL }; *m; m++) {
		char j[200];
		snprintf(j, sizeof(j), "{\"proposal\":\"p\",\"member\":\"%s\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}", *m);
		OK(st, "2023-07-01", "position.declare", j);
	}
	REFUSED(st, "2023-07-01", "decision.take", "{\"proposal\":\"p\"}", "field 'candidate' is required");
	REFUSED(st, "2023-07-01", "decision.take", "{\"proposal\":\"p\",\"candidate\":\"c2\"}", "missing A B C");
	REFUSED(st, "2023-07-01", "decision.take", "{\"proposal\":\"p\",\"candidate\":\"c1\",\"start\":\"2023-12-01\"}", "field 'start' is before");
	OK(st, "2023-07-01", "decision.take", "{\"proposal\":\"p\",\"candidate\":\"c1\"}");
	f = as_state_office(st, "chair");
	CHECK(f->nholders == 2);
	/* Designate until the incumbent's term ends, then the office's term. */
	v = as_view_office(st, "chair", "2023-12-31", at("2023-12-31"), err2);
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "holder"), "person")), "Xavier");
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "designate"), "person")), "One");
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "designate"), "term_start")), "2024-01-01");
	json_decref(v);
	v = as_view_office(st, "chair", "2024-01-01", at("2024-01-01"), err2);
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "holder"), "person")), "One");
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "holder"), "term_end")), "2026-01-01");
	CHECK(json_is_null(json_object_get(v, "designate")));
	json_decref(v);
	/* Extending the latest term, and what cannot be extended. */
	REFUSED(st, "2023-08-01", "office.extend", "{\"office\":\"chair\",\"end\":\"2025-01-01\"}", "must be later");
	OK(st, "2023-08-01", "office.extend", "{\"office\":\"chair\",\"end\":\"2027-01-01\"}");
	CHECK(f->holders[1].end == at("2027-01-01") - 86399);
	REFUSED(st, "2023-08-01", "office.holder", "{\"office\":\"chair\",\"person\":\"Y\",\"start\":\"2026-06-01\"}", "overlaps");
	/* A vacant office: the term starts on the decision's date. */
	OK(st, "2023-08-02", "office.create", "{\"org\":\"o\",\"id\":\"clerk\",\"title\":\"Clerk\",\"term\":\"P1Y\"}");
	OK(st, "2023-08-02", "proposal.open", "{\"id\":\"q\",\"org\":\"o\",\"kind\":\"appointment\",\"office\":\"clerk\",\"title\":\"Clerk\"}");
	OK(st, "2023-08-02", "candidate.declare", "{\"proposal\":\"q\",\"id\":\"k\",\"name\":\"Kay\",\"nominated_by\":\"C\"}");
	for (const char *const *m = (const char *const[]){ "A", "B", "C", NULL }; *m; m++) {
		char j[200];
		snprintf(j, sizeof(j), "{\"proposal\":\"q\",\"member\":\"%s\",\"position\":\"support\",\"candidate\":\"k\",\"source\":\"s\"}", *m);
		OK(st, "2023-08-03", "position.declare", j);
	}
	OK(st, "2023-08-04", "decision.take", "{\"proposal\":\"q\",\"candidate\":\"k\"}");
	f = as_state_office(st, "clerk");
	CHECK(f->nholders == 1 && f->holders[0].start == at("2023-08-04") - 86399 &&
	    f->holders[0].end == at("2024-08-04") - 86399);
	as_state_free(st);
}

static void
test_order_and_schema(void)
{
	as_state *st = setup();

	REFUSED(st, "2023-01-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c1\"}", "field 'source' is required");
	REFUSED(st, "2023-01-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"maybe\",\"source\":\"s\"}", "field 'position': must be one of support, object, abstain, none");
	REFUSED(st, "2023-01-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\",\"colour\":\"red\"}", "unknown field 'colour'");
	REFUSED(st, "2023-01-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"A B\",\"position\":\"support\",\"source\":\"s\"}", "field 'member': must be an identifier");
	REFUSED(st, "2023-01-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"source\":\"s\"}", "must name a candidate");
	REFUSED(st, "2023-01-02", "position.declare", "{\"proposal\":\"nope\",\"member\":\"A\",\"position\":\"support\",\"source\":\"s\"}", "unknown proposal 'nope'");
	REFUSED(st, "2023-01-02", "candidate.declare", "{\"proposal\":\"p\",\"id\":\"c3\",\"name\":\"Three\",\"nominated_by\":\"ZZZ\"}", "unknown member 'ZZZ'");
	REFUSED(st, "2023-01-02", "candidate.declare", "{\"proposal\":\"p\",\"id\":\"c1\",\"name\":\"One\",\"nominated_by\":\"A\"}", "candidate 'c1' already exists");
	REFUSED(st, "2023-01-02", "org.create", "{\"id\":\"o\",\"name\":\"Again\"}", "organisation 'o' already exists");
	REFUSED(st, "2023-01-02", "office.create", "{\"org\":\"o\",\"id\":\"x\",\"title\":\"X\",\"term\":\"4 years\"}", "ISO 8601 duration");
	REFUSED(st, "2023-01-02", "office.holder", "{\"office\":\"chair\",\"person\":\"Y\",\"start\":\"2024-1-1\"}", "field 'start': must be a date");
	REFUSED(st, "2023-01-02", "member.join", "{\"org\":\"o\",\"code\":\"W\",\"name\":\"W\",\"weights\":{\"population\":-1}}", "non-negative");
	REFUSED(st, "2023-01-02", "proposal.open", "{\"id\":\"x\",\"org\":\"o\",\"kind\":\"appointment\",\"title\":\"X\"}", "field 'office' is required for an appointment");
	REFUSED(st, "2023-01-02", "proposal.open", "{\"id\":\"x\",\"org\":\"nope\",\"kind\":\"text\",\"title\":\"X\"}", "unknown organisation 'nope'");
	as_state_free(st);
}

/* What member code's stance counts for on candidate cand of prop (NULL:
 * its latest of any kind): "support", "object", ... */
static const char *
stance_on(const as_state *st, const char *prop, const char *code,
    const char *cand)
{
	const as_proposal *p = as_state_proposal(st, prop);
	as_evidence e;
	size_t mi;

	if (as_org_member(&st->orgs[p->org], code, &mi) == NULL)
		return "no member";
	as_member_evidence(st, p, mi, cand, AS_BASIS_DEFAULT, &e);
	return as_stance_name(as_position_effective(st, p, e.pos.data ?
	    &e.pos : NULL, cand, NULL));
}

/* A stance per candidate: support for one, objection to another,
 * abstention on a third; one naming no candidate speaks of every one. */
static void
test_per_candidate(void)
{
	as_state *st = setup();
	const as_proposal *p;

	OK(st, "2023-01-01", "candidate.declare", "{\"proposal\":\"p\",\"id\":\"c3\",\"name\":\"Three\",\"nominated_by\":\"C\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"object\",\"candidate\":\"c2\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"abstain\",\"candidate\":\"c3\",\"source\":\"s\"}");
	OK(st, "2023-02-01", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"support\",\"candidate\":\"c1\",\"source\":\"s\"}");
	CHECK_STR(stance_on(st, "p", "A", "c1"), "support");
	CHECK_STR(stance_on(st, "p", "A", "c2"), "object");
	CHECK_STR(stance_on(st, "p", "A", "c3"), "abstain");
	/* B's support for c1 says nothing of c2 or c3. */
	CHECK_STR(stance_on(st, "p", "B", "c2"), "none");
	CHECK_STR(stance_on(st, "p", "B", "c3"), "none");
	CHECK_STR(verdict(st, "p", "c1", "2023-02-01"), "- C");
	CHECK_STR(verdict(st, "p", "c2", "2023-02-01"), "- A B C");
	p = as_state_proposal(st, "p");
	CHECK(as_member_broke(p, 0) > at("2023-01-31") &&
	    as_member_broke(p, 0) <= at("2023-02-01"));
	CHECK(as_member_broke(p, 1) == AS_TIME_NEVER);
	/* An abstention naming no candidate replaces A's stances on each,
	 * and keeps its first break of silence. */
	OK(st, "2023-02-02", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"abstain\",\"source\":\"s\"}");
	CHECK_STR(stance_on(st, "p", "A", "c1"), "abstain");
	CHECK_STR(stance_on(st, "p", "A", "c2"), "abstain");
	CHECK(p->cands[0].positions[0].data == NULL);
	CHECK(as_member_broke(p, 0) > at("2023-01-31") &&
	    as_member_broke(p, 0) <= at("2023-02-01"));
	/* A later stance on one candidate stands beside it; 'none' on a
	 * candidate says nothing of it again. */
	OK(st, "2023-02-03", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"support\",\"candidate\":\"c2\",\"source\":\"s\"}");
	CHECK_STR(stance_on(st, "p", "A", "c2"), "support");
	CHECK_STR(stance_on(st, "p", "A", "c1"), "abstain");
	CHECK_STR(stance_on(st, "p", "A", NULL), "support");
	OK(st, "2023-02-04", "position.declare", "{\"proposal\":\"p\",\"member\":\"A\",\"position\":\"none\",\"candidate\":\"c2\",\"source\":\"s\"}");
	CHECK_STR(stance_on(st, "p", "A", "c2"), "none");
	CHECK_STR(stance_on(st, "p", "A", "c3"), "abstain");
	/* A stance on a withdrawn candidate: refused, nothing written. */
	OK(st, "2023-02-05", "candidate.withdraw", "{\"proposal\":\"p\",\"candidate\":\"c3\"}");
	REFUSED(st, "2023-02-05", "position.declare", "{\"proposal\":\"p\",\"member\":\"B\",\"position\":\"abstain\",\"candidate\":\"c3\",\"source\":\"s\"}", "position.declare: candidate 'c3' has withdrawn on 2023-02-05");
	CHECK_STR(stance_on(st, "p", "B", "c3"), "none");
	as_state_free(st);
}

int
main(void)
{
	test_conditions();
	test_withdrawal();
	test_per_candidate();
	test_abstention();
	test_membership();
	test_handover();
	test_order_and_schema();
	return check_done();
}
