/*
 * The rule language: the text form and the JSON form of every kind,
 * round trips between them, errors with their line and column, and each
 * kind evaluated on hand-made ballots at its edges (exactly at the quota,
 * one short, abstentions, absent members, vetoes by objection and by
 * abstention, silence broken a second before the deadline).
 */
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/rule.h"
#include "core/alloc.h"
#include "unit/check.h"
#include "unit/faulty_alloc.h"

static as_error err[1];

static as_rule *
rule_text(const char *text)
{
	json_t *s = json_string(text);
	as_rule *r = as_rule_parse(s, err);

	json_decref(s);
	if (r == NULL)
		fprintf(stderr, "rule '%s' refused: %s\n", text, err->msg);
	return r;
}

/* Refused, with err matching the expected message exactly. */
static void
refused(const char *text, const char *want, int line)
{
	json_t *s = json_string(text);
	as_rule *r = as_rule_parse(s, err);

	json_decref(s);
	if (r != NULL) {
		check_failed++;
		fprintf(stderr, "line %d: '%s' accepted\n", line, text);
		as_rule_free(r);
		return;
	}
	if (strcmp(err->msg, want) != 0) {
		check_failed++;
		fprintf(stderr, "line %d: '%s'\n  got:  %s\n  want: %s\n", line,
		    text, err->msg, want);
		return;
	}
	check_passed++;
}
#define REFUSED(t, w) refused(t, w, __LINE__)

/* The text form parses, prints back as canon, and canon parses to the
 * same JSON. */
static void
round_trip(const char *text, const char *canon, const char *json, int line)
{
	as_rule *r = rule_text(text), *r2;
	char out[1024];
	json_t *want = json_loads(json, 0, NULL), *s;

	if (r == NULL || want == NULL) {
		check_failed++;
		fprintf(stderr, "line %d: round trip of '%s' failed\n", line, text);
		as_rule_free(r);
		json_decref(want);
		return;
	}
	as_rule_text(r, out, sizeof(out));
	if (strcmp(out, canon) != 0 || !json_equal(r->spec, want)) {
		char *got = json_dumps(r->spec, JSON_SORT_KEYS | JSON_COMPACT);
		check_failed++;
		fprintf(stderr, "line %d: '%s'\n  text: %s (want %s)\n  json: %s "
		    "(want %s)\n", line, text, out, canon, got, json);
		free(got);
	} else {
		check_passed++;
	}
	s = json_string(canon);
	r2 = as_rule_parse(s, err);
	CHECK(r2 != NULL && json_equal(r2->spec, want));
	as_rule_free(r2);
	/* And the JSON form itself is accepted and reads the same. */
	r2 = as_rule_parse(want, err);
	CHECK(r2 != NULL);
	if (r2 != NULL) {
		as_rule_text(r2, out, sizeof(out));
		CHECK_STR(out, canon);
	}
	as_rule_free(r2);
	json_decref(s);
	json_decref(want);
	as_rule_free(r);
}
#define ROUND_TRIP(t, c, j) round_trip(t, c, j, __LINE__)

static void
test_text_form(void)
{
	ROUND_TRIP("unanimity", "unanimity", "{\"type\":\"unanimity\"}");
	ROUND_TRIP("Unanimity, abstention allowed", "unanimity, abstention allowed",
	    "{\"type\":\"unanimity\",\"abstention\":\"allowed\"}");
	ROUND_TRIP("unanimity with constructive abstention",
	    "unanimity with constructive abstention",
	    "{\"type\":\"unanimity\",\"abstention\":\"constructive\"}");
	ROUND_TRIP("consensus", "consensus", "{\"type\":\"consensus\"}");
	ROUND_TRIP("Consensus", "consensus", "{\"type\":\"consensus\"}");
	ROUND_TRIP("consensus minus 1", "consensus minus 1",
	    "{\"type\":\"unanimity\",\"minus\":1}");
	ROUND_TRIP("consensus minus 2, abstention allowed",
	    "consensus minus 2, abstention allowed",
	    "{\"type\":\"unanimity\",\"minus\":2,\"abstention\":\"allowed\"}");
	ROUND_TRIP("silence until 2024-06-26T16:00+02:00",
	    "silence until 2024-06-26T14:00:00Z",
	    "{\"type\":\"silence\",\"until\":\"2024-06-26T14:00:00Z\"}");
	ROUND_TRIP("simple majority", "more than 1/2 of votes cast",
	    "{\"type\":\"majority\",\"more_than\":\"1/2\",\"of\":\"cast\"}");
	ROUND_TRIP("absolute majority", "more than 1/2 of members",
	    "{\"type\":\"majority\",\"more_than\":\"1/2\",\"of\":\"members\"}");
	ROUND_TRIP("two-thirds majority", "at least 2/3 of votes cast",
	    "{\"type\":\"majority\",\"at_least\":\"2/3\",\"of\":\"cast\"}");
	ROUND_TRIP("three-quarters majority of members", "at least 3/4 of members",
	    "{\"type\":\"majority\",\"at_least\":\"3/4\",\"of\":\"members\"}");
	ROUND_TRIP("at least 85% of members by votes",
	    "at least 85% of members by votes",
	    "{\"type\":\"majority\",\"at_least\":\"85%\",\"of\":\"members\","
	    "\"weight\":\"votes\"}");
	ROUND_TRIP("at least 72.5% of votes cast", "at least 72.5% of votes cast",
	    "{\"type\":\"majority\",\"at_least\":\"72.5%\",\"of\":\"cast\"}");
	ROUND_TRIP("at least 9 in favour", "at least 9 in favour",
	    "{\"type\":\"count\",\"at_least\":9}");
	ROUND_TRIP("qualified majority", "qualified majority", "{\"type\":\"qmv\"}");
	ROUND_TRIP("reinforced qualified majority without DNK, IRL",
	    "reinforced qualified majority without DNK, IRL",
	    "{\"type\":\"qmv\",\"reinforced\":true,"
	    "\"not_taking_part\":[\"DNK\",\"IRL\"]}");
	ROUND_TRIP("veto by CHN, FRA, GBR, RUS, USA",
	    "veto by CHN, FRA, GBR, RUS, USA",
	    "{\"type\":\"veto\",\"by\":[\"CHN\",\"FRA\",\"GBR\",\"RUS\",\"USA\"]}");
	ROUND_TRIP("veto by weight permanent, abstention blocks",
	    "veto by weight permanent, abstention blocks",
	    "{\"type\":\"veto\",\"by_weight\":\"permanent\","
	    "\"abstention\":\"blocks\"}");
	ROUND_TRIP("security council substantive",
	    "at least 9 in favour and veto by weight permanent",
	    "{\"type\":\"all\",\"rules\":[{\"type\":\"count\",\"at_least\":9},"
	    "{\"type\":\"veto\",\"by_weight\":\"permanent\"}]}");
	ROUND_TRIP("security council procedural", "at least 9 in favour",
	    "{\"type\":\"count\",\"at_least\":9}");
	ROUND_TRIP("at least 85% of members by votes and veto by USA",
	    "at least 85% of members by votes and veto by USA",
	    "{\"type\":\"all\",\"rules\":[{\"type\":\"majority\","
	    "\"at_least\":\"85%\",\"of\":\"members\",\"weight\":\"votes\"},"
	    "{\"type\":\"veto\",\"by\":[\"USA\"]}]}");
	ROUND_TRIP("lazy consensus until 2025-03-04T12:00Z",
	    "apache lazy consensus until 2025-03-04T12:00:00Z",
	    "{\"type\":\"apache\",\"vote\":\"lazy\","
	    "\"until\":\"2025-03-04T12:00:00Z\"}");
	ROUND_TRIP("apache code change", "apache code change",
	    "{\"type\":\"apache\",\"vote\":\"code\"}");
	ROUND_TRIP("apache release", "apache release",
	    "{\"type\":\"apache\",\"vote\":\"release\"}");
	ROUND_TRIP("(simple majority and veto by A) and at least 3 in favour",
	    "(more than 1/2 of votes cast and veto by A) and at least 3 in favour",
	    "{\"type\":\"all\",\"rules\":[{\"type\":\"all\",\"rules\":["
	    "{\"type\":\"majority\",\"more_than\":\"1/2\",\"of\":\"cast\"},"
	    "{\"type\":\"veto\",\"by\":[\"A\"]}]},"
	    "{\"type\":\"count\",\"at_least\":3}]}");
}

/* A long rule's text is whole: 200 veto holders, over a thousand bytes. */
static void
test_long_text(void)
{
	char text[2048] = "veto by ";
	as_rule *r;
	json_t *j;

	for (int i = 0; i < 200; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%sC%d",
		    i ? ", " : "", 100 + i);
	CHECK(strlen(text) > 1200);
	r = rule_text(text);
	CHECK(r != NULL);
	if (r == NULL)
		return;
	CHECK(as_rule_text(r, NULL, 0) == (int)strlen(text));
	j = as_rule_json(r);
	CHECK_STR(json_string_value(json_object_get(j, "text")), text);
	json_decref(j);
	as_rule_free(r);
}

static void
test_errors(void)
{
	REFUSED("qualified majorty", "rule: line 1, column 11: expected "
	    "'majority', found 'majorty'");
	REFUSED("unanimity\nand silence until",
	    "rule: line 2, column 18: expected a deadline such as "
	    "2024-06-26T12:00+02:00 at the end of the rule");
	REFUSED("unanimity unanimity", "rule: line 1, column 11: expected 'and' "
	    "or the end of the rule, found 'unanimity'");
	REFUSED("", "rule: the rule is empty");
	REFUSED("  \n majority", "rule: line 2, column 2: expected a rule "
	    "(unanimity, consensus, silence, a majority, qualified majority, "
	    "veto, apache, security council), found 'majority'");
	REFUSED("at least 3/2 of members",
	    "rule majority: field 'at_least': 3/2 is above one");
	REFUSED("at least 101% of members",
	    "rule majority: field 'at_least': 101% is above one");
	REFUSED("more than 1/1 of members",
	    "rule majority: field 'more_than': more than all can never be reached");
	REFUSED("at least 0/3 of members",
	    "rule majority: field 'at_least': a share of zero is always reached");
	REFUSED("at least 0 in favour", "rule count: field 'at_least' must be a "
	    "whole number from 1 to 1000000");
	REFUSED("silence until 2024-06-26T12:00",
	    "rule silence: field 'until': the deadline '2024-06-26T12:00' needs "
	    "a zone (Z, or an offset such as +02:00)");
	REFUSED("silence until 2024-06-26",
	    "rule silence: field 'until': the deadline '2024-06-26' needs a "
	    "time and a zone, e.g. 2024-06-26T12:00+01:00");
	REFUSED("silence until tomorrow", "rule silence: field 'until': "
	    "'tomorrow' is not a date and time such as 2024-06-26T12:00+02:00");
	REFUSED("veto by A, A", "rule veto: field 'by': 'A' is listed twice");

	/* The JSON form: unknown fields and types, missing parts. */
	const struct { const char *json, *want; } bad[] = {
		{ "{\"type\":\"quorum\"}", "rule: unknown type 'quorum'" },
		{ "{\"type\":\"qmv\",\"threshold\":1}",
		  "rule qmv: unknown field 'threshold'" },
		{ "{\"type\":\"majority\",\"at_least\":\"1/2\"}",
		  "rule majority: field 'of' (\"members\" or \"cast\") is required" },
		{ "{\"type\":\"majority\",\"of\":\"cast\"}",
		  "rule majority: give one of 'more_than' or 'at_least'" },
		{ "{\"type\":\"majority\",\"at_least\":\"0.5\",\"of\":\"cast\"}",
		  "rule majority: field 'at_least': '0.5' is not a fraction (\"2/3\") "
		  "or a percentage (\"85%\", \"72.5%\")" },
		{ "{\"type\":\"unanimity\",\"abstention\":\"maybe\"}",
		  "rule unanimity: field 'abstention' must be \"blocks\", "
		  "\"allowed\" or \"constructive\"" },
		{ "{\"type\":\"veto\"}", "rule veto: give one of 'by' (member codes) "
		  "or 'by_weight' (a weight marking the holders)" },
		{ "{\"type\":\"all\",\"rules\":[{\"type\":\"count\"}]}",
		  "rule all: field 'rules' must list at least two rules" },
		{ "{\"type\":\"all\",\"rules\":[\"unanimity\",\"at least\"]}",
		  "rule all: rule 2: rule: line 1, column 9: expected a number of "
		  "members or a share such as 2/3 at the end of the rule" },
		{ "{\"type\":\"apache\",\"vote\":\"lazy\"}",
		  "rule apache: field 'until' (the deadline) is required" },
		{ "[]", "rule: must be a text such as \"unanimity\" or an object such "
		  "as {\"type\": \"unanimity\"}" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *j = json_loads(bad[i].json, 0, NULL);
		as_rule *r = as_rule_parse(j, err);
		CHECK(r == NULL);
		if (r == NULL)
			CHECK_STR(err->msg, bad[i].want);
		as_rule_free(r);
		json_decref(j);
	}
}

/* Ballots: codes "M1".."Mn" with the given stances ('y' support, 'n'
 * object, 'a' abstain, '-' none, 'p' pending) and weights. */
#define MAXB 40
static as_ballot ballots[MAXB];
static char codes[MAXB][24];
static json_t *weights[MAXB];

static size_t
set_ballots(const char *stances, const char *wname, const long long *w)
{
	size_t n = strlen(stances);

	for (size_t i = 0; i < n; i++) {
		snprintf(codes[i], sizeof(codes[i]), "M%zu", i + 1);
		json_decref(weights[i]);
		weights[i] = wname ? json_pack("{s:I}", wname, w[i]) : NULL;
		ballots[i] = (as_ballot){ .code = codes[i], .weights = weights[i],
		    .since = 0, .broke = AS_TIME_NEVER, .reason = NULL };
		switch (stances[i]) {
		case 'y': ballots[i].stance = AS_SUPPORT; break;
		case 'n': ballots[i].stance = AS_OBJECT; break;
		case 'a': ballots[i].stance = AS_ABSTAIN; break;
		case 'p': ballots[i].stance = AS_PENDING; break;
		default: ballots[i].stance = AS_NONE;
		}
	}
	return n;
}

/* Whether the evaluations below are of a decision taken (as_rule_ctx). */
static int deciding;

/* The outcome of rule text on the ballots at instant now. */
static as_outcome
outcome_at(const char *text, size_t n, int64_t now, size_t *nmissing)
{
	as_rule *r = rule_text(text);
	as_rule_ctx ctx = { now, deciding };
	as_verdict v;
	as_outcome o;

	if (r == NULL)
		return (as_outcome)-1;
	if (as_rule_eval(r, ballots, n, &ctx, &v) != 0) {
		as_rule_free(r);
		return (as_outcome)-1;
	}
	o = v.outcome;
	CHECK(v.holds == (o == AS_OUT_ADOPTED));
	CHECK(v.why[0] != '\0');
	if (nmissing != NULL)
		*nmissing = v.nmissing;
	as_verdict_clear(&v);
	as_rule_free(r);
	return o;
}

static as_outcome
outcome(const char *text, size_t n)
{
	return outcome_at(text, n, 0, NULL);
}

static void
test_unanimity(void)
{
	size_t n, miss;

	n = set_ballots("yyyy", NULL, NULL);
	CHECK(outcome("unanimity", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyya", NULL, NULL);
	CHECK(outcome_at("unanimity", n, 0, &miss) == AS_OUT_OPEN && miss == 1);
	CHECK(outcome("unanimity, abstention allowed", n) == AS_OUT_ADOPTED);
	n = set_ballots("aaaa", NULL, NULL);
	CHECK(outcome("unanimity, abstention allowed", n) == AS_OUT_OPEN);
	n = set_ballots("yyy-", NULL, NULL);	/* one has said nothing yet */
	CHECK(outcome("unanimity, abstention allowed", n) == AS_OUT_OPEN);
	n = set_ballots("yyyp", NULL, NULL);	/* support pending a condition */
	CHECK(outcome("unanimity", n) == AS_OUT_OPEN);

	/* Consensus minus N. */
	n = set_ballots("yyyyn", NULL, NULL);
	CHECK(outcome("consensus minus 1", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyynn", NULL, NULL);
	CHECK(outcome("consensus minus 1", n) == AS_OUT_OPEN);
	CHECK(outcome("consensus minus 2", n) == AS_OUT_ADOPTED);
	n = set_ballots("nnnnn", NULL, NULL);
	CHECK(outcome("consensus minus 5", n) == AS_OUT_OPEN);

	/* Constructive abstention (TEU Art. 31(1)): 9 members of 27 is a
	 * third; with a third of the population too, not adopted. */
	long long pop[27];
	for (int i = 0; i < 27; i++)
		pop[i] = 100;
	n = set_ballots("aaaaaaaaayyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("unanimity with constructive abstention", n) == AS_OUT_OPEN);
	/* Eight abstainers are fewer than a third of the members. */
	n = set_ballots("aaaaaaaayyyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("unanimity with constructive abstention", n) ==
	    AS_OUT_ADOPTED);
	/* Nine abstainers of small population: under a third of it. */
	for (int i = 0; i < 9; i++)
		pop[i] = 10;
	n = set_ballots("aaaaaaaaayyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("unanimity with constructive abstention", n) ==
	    AS_OUT_ADOPTED);
	/* Exactly a third of the population: 9 x 10 of 270 abstaining. */
	for (int i = 9; i < 27; i++)
		pop[i] = 10;
	n = set_ballots("aaaaaaaaayyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("unanimity with constructive abstention", n) == AS_OUT_OPEN);
	/* An objection still blocks. */
	n = set_ballots("naaaaaaayyyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("unanimity with constructive abstention", n) == AS_OUT_OPEN);
}

/*
 * Consensus as no formal objection: never adopted before a decision,
 * whoever has said nothing; at a decision, adopted unless one objects
 * (an abstention, a pending support, no position are no objection).
 */
static void
test_consensus(void)
{
	size_t n, miss;
	as_rule *r;

	n = set_ballots("----", NULL, NULL);
	CHECK(outcome_at("consensus", n, 0, &miss) == AS_OUT_OPEN && miss == 0);
	n = set_ballots("yyyy", NULL, NULL);
	CHECK(outcome("consensus", n) == AS_OUT_OPEN);
	deciding = 1;
	CHECK(outcome("consensus", n) == AS_OUT_ADOPTED);
	n = set_ballots("-ap-", NULL, NULL);
	CHECK(outcome_at("consensus", n, 0, &miss) == AS_OUT_ADOPTED &&
	    miss == 0);
	n = set_ballots("yyyn", NULL, NULL);
	CHECK(outcome_at("consensus", n, 0, &miss) == AS_OUT_OPEN && miss == 1);
	n = set_ballots("n---", NULL, NULL);
	CHECK(outcome_at("consensus", n, 0, &miss) == AS_OUT_OPEN && miss == 1);
	/* No member: nobody to decide. */
	CHECK(outcome("consensus", 0) == AS_OUT_OPEN);
	/* Unanimity does not read the decision: a silent member blocks. */
	n = set_ballots("yyy-", NULL, NULL);
	CHECK(outcome("unanimity", n) == AS_OUT_OPEN);
	deciding = 0;

	/* The reasons, before and at a decision, and its objectors. */
	as_rule_ctx before = { 0, 0 }, at = { 0, 1 };
	as_verdict v;
	r = rule_text("consensus");
	n = set_ballots("yy--", NULL, NULL);
	CHECK(r != NULL && as_rule_eval(r, ballots, n, &before, &v) == 0);
	CHECK_STR(v.why, "no formal objection so far (2 of 4 members' stances "
	    "known); adopted when a decision is taken without one");
	as_verdict_clear(&v);
	CHECK(as_rule_eval(r, ballots, n, &at, &v) == 0);
	CHECK_STR(v.why, "no formal objection from the 4 members at the "
	    "decision (2 stances known)");
	as_verdict_clear(&v);
	n = set_ballots("ny-n", NULL, NULL);
	CHECK(as_rule_eval(r, ballots, n, &at, &v) == 0 && v.nmissing == 2 &&
	    v.missing[0] == 0 && v.missing[1] == 3);
	CHECK_STR(v.why, "formal objection by M1, M4; 3 of 4 members' stances "
	    "known");
	as_verdict_clear(&v);
	/* No parameter. */
	json_t *j = json_pack("{s:s,s:i}", "type", "consensus", "minus", 1);
	CHECK(as_rule_parse(j, err) == NULL);
	CHECK_STR(err->msg, "rule consensus: unknown field 'minus'");
	json_decref(j);
	as_rule_free(r);
}

/* Which rules a tally decides (vote.tally), and why not the others. */
static void
test_tally(void)
{
	static const char *const yes[] = { "unanimity", "consensus",
	    "unanimity, abstention allowed", "consensus minus 1",
	    "simple majority", "two-thirds majority of members",
	    "at least 9 in favour", "apache release",
	    "at least 9 in favour and two-thirds majority", NULL };
	static const struct { const char *text, *err; } no[] = {
		{ "qualified majority", "rule qmv: a tally cannot decide it: it "
		  "needs the population of the members in favour, and a tally "
		  "does not name them" },
		{ "at least 85% of members by votes", "rule majority: a tally "
		  "cannot decide it: it counts the votes by weight, and a tally "
		  "does not say whose they are" },
		{ "security council substantive", "rule veto: a tally cannot "
		  "decide it: it needs to know how the holders voted, and a "
		  "tally does not name them" },
		{ "silence until 2024-06-26T16:00+02:00", "rule silence: a tally "
		  "cannot decide it: it is decided by who broke silence and "
		  "when, not by a vote" },
		{ "unanimity with constructive abstention", "rule unanimity: a "
		  "tally cannot decide it: a constructive abstention is weighed "
		  "by the abstainers' weight, and a tally does not name them" },
		{ NULL, NULL }
	};
	as_rule *r;

	for (size_t i = 0; yes[i] != NULL; i++) {
		r = rule_text(yes[i]);
		CHECK(r != NULL && as_rule_tally(r, err) == 0);
		as_rule_free(r);
	}
	for (size_t i = 0; no[i].text != NULL; i++) {
		r = rule_text(no[i].text);
		CHECK(r != NULL && as_rule_tally(r, err) == -1);
		CHECK_STR(err->msg, no[i].err);
		as_rule_free(r);
	}
}

static void
test_silence(void)
{
	const char *rule = "silence until 2024-06-26T14:00:00Z";
	int64_t deadline;
	size_t n, miss;

	as_date_parse("2024-06-26T14:00:00Z", &deadline, NULL);
	n = set_ballots("-----", NULL, NULL);
	CHECK(outcome_at(rule, n, deadline - 1, NULL) == AS_OUT_OPEN);
	CHECK(outcome_at(rule, n, deadline, NULL) == AS_OUT_ADOPTED);
	/* Broken a second before: not adopted, at the deadline and after. */
	ballots[2].stance = AS_OBJECT;
	ballots[2].broke = deadline - 1;
	CHECK(outcome_at(rule, n, deadline - 1, &miss) == AS_OUT_REJECTED &&
	    miss == 1);
	CHECK(outcome_at(rule, n, deadline + 86400, NULL) == AS_OUT_REJECTED);
	/* An objection at the deadline itself is too late to break it. */
	ballots[2].broke = deadline;
	CHECK(outcome_at(rule, n, deadline, NULL) == AS_OUT_ADOPTED);
	/* An amendment breaks silence even if the member then supports:
	 * what counts is the first break, not the last word. */
	ballots[2].stance = AS_SUPPORT;
	ballots[2].broke = deadline - 3600;
	CHECK(outcome_at(rule, n, deadline, NULL) == AS_OUT_REJECTED);
}

static void
test_majorities(void)
{
	size_t n;

	/* Simple majority: yes > no among votes cast; abstentions not cast. */
	n = set_ballots("yyyyynnnn", NULL, NULL);
	CHECK(outcome("simple majority", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyyynnnna", NULL, NULL);
	CHECK(outcome("simple majority", n) == AS_OUT_OPEN);	/* a tie */
	n = set_ballots("yynaaaaaa", NULL, NULL);
	CHECK(outcome("simple majority", n) == AS_OUT_ADOPTED);
	/* Absolute: more than half of all members, whatever is cast. */
	CHECK(outcome("absolute majority", n) == AS_OUT_OPEN);
	n = set_ballots("yyyyynnnn", NULL, NULL);
	CHECK(outcome("absolute majority", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyyy-----", NULL, NULL);
	CHECK(outcome("absolute majority", n) == AS_OUT_OPEN);
	/* Two thirds: exactly at the quota, and one short. */
	n = set_ballots("yyyyyynnn", NULL, NULL);	/* 6 of 9 */
	CHECK(outcome("two-thirds majority of members", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyyyynnnn", NULL, NULL);	/* 5 of 9 */
	CHECK(outcome("two-thirds majority of members", n) == AS_OUT_OPEN);
	n = set_ballots("yyyyynnaa", NULL, NULL);	/* 5 of 7 cast */
	CHECK(outcome("two-thirds majority", n) == AS_OUT_ADOPTED);
	CHECK(outcome("three-quarters majority", n) == AS_OUT_OPEN);
	n = set_ballots("yyynaaaaa", NULL, NULL);	/* 3 of 4 cast */
	CHECK(outcome("three-quarters majority", n) == AS_OUT_ADOPTED);
	/* Nobody voting carries nothing. */
	n = set_ballots("aaaa", NULL, NULL);
	CHECK(outcome("simple majority", n) == AS_OUT_OPEN);

	/* Weighted (IMF style, 85% of the total voting power): a member
	 * with 16% can block alone; exactly 85% carries. */
	long long votes[] = { 160, 300, 300, 150, 90 };	/* total 1000 */
	n = set_ballots("nyyyy", "votes", votes);
	CHECK(outcome("at least 85% of members by votes", n) == AS_OUT_OPEN);
	n = set_ballots("yyyyn", "votes", votes);	/* 910 */
	CHECK(outcome("at least 85% of members by votes", n) == AS_OUT_ADOPTED);
	long long exact[] = { 850, 149, 1 };
	n = set_ballots("ynn", "votes", exact);
	CHECK(outcome("at least 85% of members by votes", n) == AS_OUT_ADOPTED);
	exact[0] = 849;
	exact[1] = 150;
	n = set_ballots("ynn", "votes", exact);
	CHECK(outcome("at least 85% of members by votes", n) == AS_OUT_OPEN);

	/* Security Council, substantive: nine votes and no permanent member
	 * objecting; a permanent member's abstention is not a veto. */
	n = set_ballots("yyyyyyyyy------", NULL, NULL);
	CHECK(outcome("at least 9 in favour", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyyyyyyy-------", NULL, NULL);
	CHECK(outcome("at least 9 in favour", n) == AS_OUT_OPEN);
	long long perm[15] = { 1, 1, 1, 1, 1 };
	n = set_ballots("ayyyyyyyyyynnnn", "permanent", perm);
	CHECK(outcome("security council substantive", n) == AS_OUT_ADOPTED);
	CHECK(outcome("at least 9 in favour and veto by weight permanent, "
	    "abstention blocks", n) == AS_OUT_OPEN);
	n = set_ballots("nyyyyyyyyyyyyyy", "permanent", perm);
	CHECK(outcome("security council substantive", n) == AS_OUT_OPEN);
	CHECK(outcome("security council procedural", n) == AS_OUT_ADOPTED);
	/* An elected member's objection is no veto. */
	n = set_ballots("yyyyyyyyynnnnnn", "permanent", perm);
	CHECK(outcome("security council substantive", n) == AS_OUT_ADOPTED);
	n = set_ballots("-yyyyyyyyyy----", "permanent", perm);	/* absent */
	CHECK(outcome("veto by M1", n) == AS_OUT_ADOPTED);
}

static void
test_qmv(void)
{
	long long pop[27];
	size_t n;
	char st[28];

	/* 20 members of 65 and 7 of 100: 2,000 in all; 65% is 1,300. */
	for (int i = 0; i < 27; i++)
		pop[i] = i < 20 ? 65 : 100;
	/* The 20 small ones: 1,300 exactly, 20 members: reached. */
	n = set_ballots("yyyyyyyyyyyyyyyyyyyynnnnnnn", "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_ADOPTED);
	CHECK(outcome("reinforced qualified majority", n) == AS_OUT_ADOPTED);
	/* One short of the population (1,235), 8 against: not reached. */
	n = set_ballots("yyyyyyyyyyyyyyyyyyynnnnnnnn", "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);
	/* 19 small and one large: 1,335 and 20 members (72% of 27 is 19.44). */
	n = set_ballots("yyyyyyyyyyyyyyyyyyynynnnnnn", "population", pop);
	CHECK(outcome("reinforced qualified majority", n) == AS_OUT_ADOPTED);
	/* 18 small and one large: 1,270, 19 members: neither. */
	n = set_ballots("yyyyyyyyyyyyyyyyyynnynnnnnn", "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);
	CHECK(outcome("reinforced qualified majority", n) == AS_OUT_OPEN);
	/* Abstaining counts as against, like saying nothing. */
	n = set_ballots("yyyyyyyyyyyyyyyyyyyaaaaaaaa", "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);

	/* Three giants (500 each) and 24 of 20: 1,980. */
	for (int i = 0; i < 27; i++)
		pop[i] = i < 3 ? 500 : 20;
	/* Three opposing states cannot block: deemed reached at 24%. */
	n = set_ballots("nnnyyyyyyyyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_ADOPTED);
	/* Reinforced has no such clause. */
	CHECK(outcome("reinforced qualified majority", n) == AS_OUT_OPEN);
	/* Four against block, even small ones, without 65%. */
	n = set_ballots("nnnnyyyyyyyyyyyyyyyyyyyyyyy", "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);
	/* Fifteen small states: 15 members but 15% of the population. */
	memset(st, 'n', 27);
	st[27] = '\0';
	for (int i = 12; i < 27; i++)
		st[i] = 'y';
	n = set_ballots(st, "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);
	/* Fourteen with all three giants: 74% but 14 members of 15. */
	memset(st, 'n', 27);
	for (int i = 0; i < 14; i++)
		st[i] = 'y';
	n = set_ballots(st, "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);
	st[14] = 'y';
	n = set_ballots(st, "population", pop);
	CHECK(outcome("qualified majority", n) == AS_OUT_ADOPTED);

	/* Not taking part: M1 and M2 out; the shares are of the other 25
	 * (980 people): 55% of 25 is 14 members (no floor of 15), 65% is
	 * 637. The giant M3 with 13 others: 500 + 260 = 760. */
	memset(st, 'n', 27);
	for (int i = 2; i < 16; i++)
		st[i] = 'y';
	n = set_ballots(st, "population", pop);
	CHECK(outcome("qualified majority without M1, M2", n) == AS_OUT_ADOPTED);
	CHECK(outcome("qualified majority", n) == AS_OUT_OPEN);
	/* Blocking minority among them: the fewest above 35% (M3 alone,
	 * 51%) plus one is two; a single member against cannot block. */
	memset(st, 'y', 27);
	st[2] = 'n';
	n = set_ballots(st, "population", pop);
	CHECK(outcome("qualified majority without M1, M2", n) == AS_OUT_ADOPTED);
	st[3] = 'n';
	n = set_ballots(st, "population", pop);
	CHECK(outcome("qualified majority without M1, M2", n) == AS_OUT_OPEN);
}

static void
test_apache(void)
{
	int64_t end;
	size_t n;

	n = set_ballots("yyyn-", NULL, NULL);
	/* A -1 without a reason is not a veto; with one, it is. */
	CHECK(outcome("apache code change", n) == AS_OUT_ADOPTED);
	ballots[3].reason = "breaks the build on ARM";
	CHECK(outcome("apache code change", n) == AS_OUT_OPEN);
	n = set_ballots("yy---", NULL, NULL);
	CHECK(outcome("apache code change", n) == AS_OUT_OPEN);
	/* A release: three +1 and more +1 than -1; no veto. */
	n = set_ballots("yyynn", NULL, NULL);
	ballots[3].reason = "license headers";
	CHECK(outcome("apache release", n) == AS_OUT_ADOPTED);
	n = set_ballots("yyynnn", NULL, NULL);
	CHECK(outcome("apache release", n) == AS_OUT_OPEN);
	n = set_ballots("yy----", NULL, NULL);
	CHECK(outcome("apache release", n) == AS_OUT_OPEN);
	/* Lazy consensus: open in the window, adopted after it unless a -1
	 * cast in it stands. */
	as_date_parse("2025-03-04T12:00:00Z", &end, NULL);
	n = set_ballots("---y-", NULL, NULL);
	CHECK(outcome_at("lazy consensus until 2025-03-04T12:00Z", n, end - 1,
	    NULL) == AS_OUT_OPEN);
	CHECK(outcome_at("lazy consensus until 2025-03-04T12:00Z", n, end,
	    NULL) == AS_OUT_ADOPTED);
	ballots[0].stance = AS_OBJECT;
	ballots[0].since = end - 60;
	CHECK(outcome_at("lazy consensus until 2025-03-04T12:00Z", n, end,
	    NULL) == AS_OUT_REJECTED);
	ballots[0].since = end + 60;
	CHECK(outcome_at("lazy consensus until 2025-03-04T12:00Z", n, end + 60,
	    NULL) == AS_OUT_ADOPTED);
}

/* The games built from rules, checked on their quotas and weights. */
static void
test_games(void)
{
	long long perm[15] = { 1, 1, 1, 1, 1 };
	size_t n = set_ballots("---------------", "permanent", perm);
	as_rule *r = rule_text("security council substantive");
	as_game g;

	CHECK(r != NULL && as_rule_game(r, ballots, n, &g, err) == 0);
	if (r != NULL && g.n == 15) {
		CHECK(g.dims == 2 && g.nterms == 1);
		CHECK(g.q[0] == 9 && g.q[1] == 5);
		CHECK(g.w[0] == 1 && g.w[1] == 1 && g.w[10 * 2] == 1 &&
		    g.w[10 * 2 + 1] == 0);
		CHECK_STR(g.names[14], "M15");
		as_game_free(&g);
	}
	as_rule_free(r);

	long long pop[27];
	for (int i = 0; i < 27; i++)
		pop[i] = i < 20 ? 65 : 100;
	n = set_ballots("---------------------------", "population", pop);
	r = rule_text("qualified majority");
	CHECK(r != NULL && as_rule_game(r, ballots, n, &g, err) == 0);
	if (r != NULL && g.n == 27) {
		/* {15 members, 1,300 people} or {24 members}. */
		CHECK(g.dims == 2 && g.nterms == 2);
		CHECK(g.q[0] == 15 && g.q[1] == 1300 && g.q[2] == 24 &&
		    g.q[3] == 0);
		CHECK(g.w[2 * 20 + 1] == 100);
		as_game_free(&g);
	}
	as_rule_free(r);

	/* A weight missing for a member: named. */
	json_decref(weights[4]);
	weights[4] = json_pack("{s:I}", "votes", 3);
	ballots[4].weights = weights[4];
	r = rule_text("qualified majority");
	CHECK(r != NULL && as_rule_game(r, ballots, n, &g, err) != 0);
	CHECK_STR(err->msg, "rule qmv: member M5 has no weight 'population'");
	CHECK(as_rule_check(r, ballots, n, 0, err) != 0);
	as_rule_free(r);
	r = rule_text("at least 28 in favour");
	CHECK(r != NULL && as_rule_game(r, ballots, n, &g, err) != 0);
	CHECK_STR(err->msg,
	    "rule count: 28 in favour needed but the organisation "
	    "has 27 members");
	as_rule_free(r);
	r = rule_text("veto by M1, XX");
	CHECK(r != NULL && as_rule_check(r, ballots, n, 1, err) != 0);
	CHECK_STR(err->msg, "rule veto: field 'by': 'XX' is not a member");
	CHECK(as_rule_check(r, ballots, n, 0, err) == 0);
	as_rule_free(r);
	r = rule_text("unanimity");
	CHECK(r != NULL && as_rule_game(r, ballots, 0, &g, err) != 0);
	CHECK_STR(err->msg, "the organisation has no members");
	as_rule_free(r);
}

/*
 * The text form under failing allocations: every failure is out of memory,
 * of kind AS_ENOMEM and says so (it used to leave the message unset at
 * most of its points, and could drop a part of the rule), and every
 * success is the rule itself.
 */
static void
test_text_oom(void)
{
	static const char *const texts[] = {
		"two-thirds majority of members by votes and veto by "
		    "CHN, FRA, GBR, RUS, USA",
		"consensus minus 2, abstention allowed",
		"qualified majority by pop2025 without DNK, IRL",
		"security council substantive",
	};
	size_t bad = 0, tries = 0;

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		json_t *want = as_rule_text_parse(texts[i], err), *got;

		CHECK(want != NULL);
		for (fail_at = 1; want != NULL; fail_at++) {
			count = failed = 0;
			as_set_allocator(faulty_malloc, faulty_realloc);
			got = as_rule_text_parse(texts[i], err);
			as_set_allocator(NULL, NULL);
			tries++;
			if (got == NULL ? err->kind != AS_ENOMEM ||
			    strcmp(err->msg, "rule: out of memory") != 0 :
			    !json_equal(got, want)) {
				if (bad++ < 3)
					fprintf(stderr, "'%s' N=%ld: %s\n",
					    texts[i], fail_at, got ? "another "
					    "rule" : err->msg);
			}
			json_decref(got);
			if (!failed)
				break;
		}
		json_decref(want);
	}
	fail_at = 0;
	CHECK(bad == 0);
	CHECK(tries > 40);
}

int
main(void)
{
	test_text_form();
	test_text_oom();
	test_long_text();
	test_errors();
	test_unanimity();
	test_consensus();
	test_tally();
	test_silence();
	test_majorities();
	test_qmv();
	test_apache();
	test_games();
	for (size_t i = 0; i < MAXB; i++)
		json_decref(weights[i]);
	return check_done();
}
