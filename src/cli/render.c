/* The human views: readable boards built from the same JSON as --json. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#define S(o, k)	json_string_value(json_object_get((o), (k)))

static void
print_codes(const char *label, const json_t *codes)
{
	size_t i;
	json_t *e;

	printf("%s (%zu):", label, json_array_size(codes));
	json_array_foreach(codes, i, e)
		printf(" %s", json_string_value(e));
	printf("\n");
}

/* Prints at most n bytes of s, cut at a character boundary, with "...". */
static void
print_cut(const char *s, size_t n)
{
	size_t len = strlen(s);

	if (len <= n) {
		fputs(s, stdout);
		return;
	}
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	printf("%.*s...", (int)n, s);
}

/*
 * The members whose effective position is eff (and, if cand is not NULL,
 * on that candidate): a line of codes when brief, else a line each with
 * the date and the beginning of the source (--json has it whole).
 */
static void
print_group(const json_t *members, const char *eff, const char *cand,
    const char *title, int brief)
{
	size_t i, n = 0;
	json_t *m;

#define IN_GROUP(m) (strcmp(S(m, "effective"), eff) == 0 && (cand == NULL || \
	(S(m, "candidate") && strcmp(S(m, "candidate"), cand) == 0)))
	json_array_foreach(members, i, m)
		n += IN_GROUP(m);
	if (n == 0)
		return;
	printf("\n%s%s%s (%zu)%s", title, cand ? " " : "", cand ? cand : "", n,
	    brief ? ":" : "\n");
	json_array_foreach(members, i, m) {
		if (!IN_GROUP(m))
			continue;
		if (brief) {
			printf(" %s", S(m, "code"));
			continue;
		}
		printf("  %-4s %-16s", S(m, "code"), S(m, "name"));
		if (S(m, "since"))
			printf(" %s", S(m, "since"));
		if (json_is_true(json_object_get(m, "lapsed")))
			printf(" (supported %s, who withdrew)", S(m, "candidate"));
		else if (S(m, "candidate") && cand == NULL)
			printf(" on %s", S(m, "candidate"));
		if (json_array_size(json_object_get(m, "conditions"))) {
			size_t j;
			json_t *c;
			printf(" if");
			json_array_foreach(json_object_get(m, "conditions"), j, c)
				printf(" %s [%s]", S(c, "id"), S(c, "state"));
		}
		if (!json_is_true(json_object_get(m, "confirmed")))
			printf(" [reported]");
		if (S(m, "source")) {
			printf(": ");
			print_cut(S(m, "source"), 90);
		}
		printf("\n");
	}
	if (brief)
		printf("\n");
#undef IN_GROUP
}

/* The codes among `codes` whose position rests on a report only. */
static void
print_unconfirmed(const json_t *members, const json_t *codes)
{
	json_t *list = json_array(), *m, *c;
	size_t i, j;

	json_array_foreach(codes, i, c)
		json_array_foreach(members, j, m)
			if (strcmp(S(m, "code"), json_string_value(c)) == 0 &&
			    !json_is_true(json_object_get(m, "confirmed")))
				json_array_append(list, c);
	if (json_array_size(list) > 0) {
		printf("    ");
		print_codes("of which reported, not confirmed", list);
	}
	json_decref(list);
}

/* The option of status s: its candidate id, or (NULL) the text itself. */
static const json_t *
option_of(const json_t *s, const char *cand)
{
	size_t i;
	json_t *c;

	if (cand == NULL)
		return s;
	json_array_foreach(json_object_get(s, "candidates"), i, c)
		if (strcmp(S(c, "id"), cand) == 0)
			return c;
	return NULL;
}

/* The secret votes on an option, a line each after indent. */
static void
print_votes(const char *indent, const json_t *votes)
{
	size_t i;
	json_t *v;

	json_array_foreach(votes, i, v)
		printf("%ssecret vote of %s: %lld for, %lld against, %lld "
		    "abstaining, %lld not voting (of %lld members): %s\n", indent,
		    S(v, "date"), (long long)json_integer_value(json_object_get(v,
		    "for")), (long long)json_integer_value(json_object_get(v,
		    "against")), (long long)json_integer_value(json_object_get(v,
		    "abstain")), (long long)json_integer_value(json_object_get(v,
		    "not_voting")), (long long)json_integer_value(json_object_get(v,
		    "members")), S(v, "outcome"));
}

/* The members who have not said (their stance is not known), apart from
 * those to bring in: a line after indent, if there are any. */
static void
print_unknown(const char *indent, const json_t *codes)
{
	if (json_array_size(codes) == 0)
		return;
	printf("%s", indent);
	print_codes("not said", codes);
}

static const json_t *
member_of(const json_t *members, const char *code)
{
	size_t i;
	json_t *m;

	json_array_foreach(members, i, m)
		if (strcmp(S(m, "code"), code) == 0)
			return m;
	return NULL;
}

/* A report in a line: date, stance, source. */
static void
print_report(const json_t *r)
{
	const json_t *src = json_object_get(r, "source");

	printf("report %lld (%s: %s%s%s, %s: %s)",
	    (long long)json_integer_value(json_object_get(r, "seq")),
	    S(r, "date"), S(r, "position"), S(r, "candidate") ? " " : "",
	    S(r, "candidate") ? S(r, "candidate") : "", S(src, "kind_label"),
	    S(src, "title"));
}

/*
 * The body a proposal is put to, with its members on the date, and the
 * decision it requires first (docs/events.md, "Bodies").
 */
static void
print_body(const json_t *s)
{
	const json_t *b = json_object_get(s, "body"), *r, *m;
	size_t i;

	if (json_is_object(b)) {
		printf("put to %s (%s), members (%zu):", S(b, "id"), S(b, "name"),
		    json_array_size(json_object_get(b, "members")));
		json_array_foreach(json_object_get(b, "members"), i, m)
			printf(" %s", S(m, "code"));
		printf("\n");
	}
	if (json_is_object(r = json_object_get(s, "requires"))) {
		printf("requires the decision on %s%s%s: ", S(r, "proposal"),
		    S(r, "body") ? " by " : "", S(r, "body") ? S(r, "body") : "");
		if (json_is_true(json_object_get(r, "decided")))
			printf("taken on %s%s%s\n", S(r, "date"),
			    S(r, "candidate") ? ", for " : "",
			    S(r, "candidate") ? S(r, "candidate") : "");
		else
			printf("not yet taken\n");
	}
}

/* A tally of the three marks: "11 encourage, 3 discourage, 1 no opinion". */
static void
print_tally(const json_t *t)
{
	printf("%lld encourage, %lld discourage, %lld no opinion",
	    (long long)json_integer_value(json_object_get(t, "encourage")),
	    (long long)json_integer_value(json_object_get(t, "discourage")),
	    (long long)json_integer_value(json_object_get(t, "no-opinion")));
}

/* A candidate's latest straw poll round, said to be indicative. */
static void
print_latest_poll(const json_t *pt)
{
	if (!json_is_object(pt))
		return;
	printf("  straw poll round %lld (%s, %s; indicative, not a decision): ",
	    (long long)json_integer_value(json_object_get(pt, "round")),
	    S(pt, "date"), json_is_true(json_object_get(pt, "secret")) ?
	    "secret" : "open");
	print_tally(json_object_get(pt, "tally"));
	if (json_is_object(json_object_get(pt, "permanent"))) {
		printf("; permanent members ");
		print_tally(json_object_get(pt, "permanent"));
	}
	printf("\n");
}

void
render_status(const json_t *s, int brief)
{
	const json_t *rule = json_object_get(s, "rule"), *d;
	const char *state = S(s, "state");
	size_t i;
	json_t *c;

	printf("%s: %s\n", S(s, "proposal"), S(s, "title"));
	printf("as of %s · %s of %s · rule: %s · %lld members\n", S(s, "as_of"),
	    S(s, "kind"), S(s, "org"), S(rule, "text"),
	    (long long)json_integer_value(json_object_get(s, "eligible")));
	printf("basis: %s, %s (%s)\n", S(s, "basis"),
	    json_is_true(json_object_get(s, "basis_default")) ? "the default" :
	    "asked", strcmp(S(s, "basis"), "reported") == 0 ?
	    "each member's best report counts, confirmed or not; --basis "
	    "confirmed for the members' own acts only" : "the members' own "
	    "acts and the record only");
	print_body(s);
	d = json_object_get(s, "decision");
	if (strcmp(state, "decided") == 0) {
		printf("DECIDED %son %s%s%s\n", strcmp(S(d, "by"),
		    "acclamation") == 0 ? "by acclamation " : strcmp(S(d, "by"),
		    "vote") == 0 ? "by secret vote " : "", S(d, "date"),
		    !S(d, "candidate") ? "" : strcmp(S(s, "kind"),
		    "recommendation") == 0 ? ": recommended " : ": appointed ",
		    S(d, "candidate") ? S(d, "candidate") : "");
		if (strcmp(S(d, "by"), "acclamation") == 0)
			printf("  without objection at a meeting: no individual "
			    "positions were taken\n");
	} else if (strcmp(state, "consensus") == 0 &&
	    json_array_size(json_object_get(option_of(s, S(s, "consensus_for")),
	    "votes")) > 0) {
		printf("ADOPTED by secret vote%s%s; not yet decided\n",
		    S(s, "consensus_for") ? " for " : "",
		    S(s, "consensus_for") ? S(s, "consensus_for") : "");
	} else if (strcmp(state, "consensus") == 0) {
		printf("CONSENSUS%s%s: no one left to bring in; not yet decided\n",
		    S(s, "consensus_for") ? " for " : "",
		    S(s, "consensus_for") ? S(s, "consensus_for") : "");
	} else if (strcmp(state, "not adopted") == 0) {
		printf("NOT ADOPTED\n");
	} else {
		printf("NO CONSENSUS yet\n");
	}
	if (S(s, "explanation") && strcmp(state, "decided") != 0)
		printf("  %s\n", S(s, "explanation"));
	json_array_foreach(json_object_get(s, "candidates"), i, c) {
		printf("\ncandidate %s (%s), put forward by %s%s%s%s: %s",
		    S(c, "id"), S(c, "name"), S(c, "nominated_by"),
		    json_is_false(json_object_get(c, "nominated_by_member")) ?
		    " (" : "", json_is_false(json_object_get(c,
		    "nominated_by_member")) ? S(c, "nominated_by_name") : "",
		    json_is_false(json_object_get(c, "nominated_by_member")) ?
		    ", not a member)" : "", S(c, "state"));
		if (S(c, "withdrawn"))
			printf(" on %s", S(c, "withdrawn"));
		if (S(c, "endorses"))
			printf(", endorsing %s", S(c, "endorses"));
		printf("\n  ");
		print_codes("supporters", json_object_get(c, "supporters"));
		print_unconfirmed(json_object_get(s, "members"),
		    json_object_get(c, "supporters"));
		if (json_array_size(json_object_get(c, "pending"))) {
			printf("  ");
			print_codes("support pending a condition",
			    json_object_get(c, "pending"));
		}
		/* Each candidate's own stances: a member may object to one
		 * and support another. */
		if (json_array_size(json_object_get(c, "objectors"))) {
			printf("  ");
			print_codes("objectors", json_object_get(c, "objectors"));
		}
		if (json_array_size(json_object_get(c, "abstainers"))) {
			printf("  ");
			print_codes("abstainers", json_object_get(c, "abstainers"));
		}
		print_latest_poll(json_object_get(c, "latest_poll"));
		if (strcmp(S(c, "state"), "standing") == 0) {
			printf("  ");
			print_codes("not said", json_object_get(c, "not_said"));
			printf("  ");
			print_codes("to bring in", json_object_get(c, "to_bring_in"));
			print_votes("  ", json_object_get(c, "votes"));
			if (strcmp(state, "decided") != 0)
				printf("  %s\n", S(c, "explanation"));
		}
	}
	if (json_object_get(s, "supporters") != NULL) {
		printf("\n");
		print_votes("", json_object_get(s, "votes"));
		print_codes("supporters", json_object_get(s, "supporters"));
		print_unconfirmed(json_object_get(s, "members"),
		    json_object_get(s, "supporters"));
		if (strcmp(state, "decided") != 0) {
			print_codes("to bring in", json_object_get(s,
			    "to_bring_in"));
			print_unknown("", json_object_get(s, "not_said"));
		}
	}
	const json_t *m = json_object_get(s, "members");
	if (d != NULL && !json_is_null(d) &&
	    !json_is_true(json_object_get(d, "individual_positions")))
		printf("\nNo individual positions were taken at the decision; "
		    "the members' stances recorded before it:\n");
	if (json_array_size(json_object_get(s, "candidates")) == 0) {
		print_group(m, "support", NULL, "Support", brief);
		print_group(m, "pending", NULL, "Support pending a condition", brief);
	}
	json_array_foreach(json_object_get(s, "candidates"), i, c) {
		print_group(m, "support", S(c, "id"), "Support", brief);
		print_group(m, "pending", S(c, "id"),
		    "Support pending a condition for", brief);
	}
	print_group(m, "object", NULL, "Object", brief);
	print_group(m, "abstain", NULL, "Abstain", brief);
	print_group(m, "none", NULL, "No position", brief);
	json_array_foreach(m, i, c) {
		size_t j;
		json_t *k;
		if (json_array_size(json_object_get(c, "conditions")) == 0)
			continue;
		printf("\nConditions of %s's %s%s%s:", S(c, "code"),
		    S(c, "position"), S(c, "candidate") ? " for " : "",
		    S(c, "candidate") ? S(c, "candidate") : "");
		json_array_foreach(json_object_get(c, "conditions"), j, k)
			printf(" %s (%s)", S(k, "id"), json_is_true(json_object_get(
			    k, "met")) ? "met: given" : S(k, "state"));
		printf("\n");
	}
	if (json_array_size(json_object_get(s, "conflicts"))) {
		printf("\nConflicting reports (of similar weight, standing)\n");
		json_array_foreach(json_object_get(s, "conflicts"), i, c) {
			const json_t *m = member_of(json_object_get(s, "members"),
			    S(c, "member"));
			size_t k, q;
			json_t *seq, *r;
			printf("  %s:", S(c, "member"));
			json_array_foreach(json_object_get(c, "reports"), k, seq)
				json_array_foreach(json_object_get(m, "reports"), q, r)
					if (json_equal(json_object_get(r, "seq"), seq)) {
						printf("%s", k ? "\n    against " : " ");
						print_report(r);
					}
			printf("\n");
		}
	}
	if (json_array_size(json_object_get(s, "commitments_open"))) {
		printf("\nOpen commitments\n");
		json_array_foreach(json_object_get(s, "commitments_open"), i, c)
			printf("  %s: %s to %s, %s (%s)\n", S(c, "id"), S(c, "by"),
			    S(c, "to"), S(c, "text"), S(c, "state"));
	}
}

static void
print_holder(const char *label, const json_t *h)
{
	const json_t *ended = json_object_get(h, "ended");

	if (json_is_null(h)) {
		printf("%-10s none\n", label);
		return;
	}
	printf("%-10s %s%s%s%s%s, term %s%s %s%s", label, S(h, "person"),
	    S(h, "nationality") ? " (" : "",
	    S(h, "nationality") ? S(h, "nationality") : "",
	    S(h, "nationality") ? ")" : "",
	    json_is_true(json_object_get(h, "acting")) ? ", acting" : "",
	    S(h, "term_end") ? "" : "from ", S(h, "term_start"),
	    S(h, "term_end") ? "to " : "until the next term begins",
	    S(h, "term_end") ? S(h, "term_end") : "");
	if (json_is_object(ended))
		printf(", ended early (%s)", S(ended, "reason"));
	printf("\n");
}

void
render_office(const json_t *o, int brief)
{
	size_t i;
	json_t *h;

	(void)brief;	/* an office is brief already */

	printf("%s (%s of %s), term %s, as of %s\n", S(o, "title"),
	    S(o, "office"), S(o, "org"), S(o, "term"), S(o, "as_of"));
	print_holder("holder", json_object_get(o, "holder"));
	if (S(o, "vacant_since") != NULL)
		printf("%-10s since %s\n", "vacant", S(o, "vacant_since"));
	print_holder("designate", json_object_get(o, "designate"));
	json_array_foreach(json_object_get(o, "past_holders"), i, h)
		print_holder(i == 0 ? "before" : "", h);
}

void
render_office_nationality(const json_t *o, int brief)
{
	char num[16];
	size_t i;
	json_t *h;

	(void)brief;
	printf("%s (%s of %s), holders of nationality %s, as of %s\n",
	    S(o, "title"), S(o, "office"), S(o, "org"), S(o, "nationality"),
	    S(o, "as_of"));
	json_array_foreach(json_object_get(o, "holders"), i, h) {
		json_t *n = json_object_get(h, "of_nationality");
		if (json_is_integer(n))
			snprintf(num, sizeof(num), "%lld",
			    (long long)json_integer_value(n));
		else
			snprintf(num, sizeof(num), "-");
		print_holder(num, h);
		if (strcmp(S(h, "state"), "past") != 0)
			printf("%-10s %s as of %s\n", "", S(h, "state"),
			    S(o, "as_of"));
	}
	printf("%lld %s of nationality %s (acting holders not numbered)\n",
	    (long long)json_integer_value(json_object_get(o, "count")),
	    json_integer_value(json_object_get(o, "count")) == 1 ? "person" :
	    "persons", S(o, "nationality"));
}

void
render_proposals(const json_t *p)
{
	size_t i;
	json_t *e;

	printf("as of %s\n", S(p, "as_of"));
	json_array_foreach(json_object_get(p, "proposals"), i, e)
		printf("%-20s %-14s %-11s %s (opened %s%s%s)\n", S(e, "id"),
		    S(e, "kind"), S(e, "state"), S(e, "title"), S(e, "opened"),
		    S(e, "body") ? ", put to " : "", S(e, "body") ? S(e, "body") :
		    "");
}

void
render_timeline(const json_t *t)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(t, "events"), i, e) {
		const json_t *c = json_object_get(e, "corrected");
		/* A record without a place in the history has no date. */
		const char *date = strcmp(S(e, "date"), "0001-01-01") == 0 ?
		    "(record)" : S(e, "date");
		printf("%5lld  %-10s  %s%s\n",
		    (long long)json_integer_value(json_object_get(e, "seq")),
		    date, S(e, "summary"), json_is_object(c) ? " [corrected]" : "");
		if (S(e, "source"))
			printf("%19s source: %s\n", "", S(e, "source"));
		if (json_is_object(c))
			printf("%19s %s by event %lld: %s\n", "",
			    json_is_true(json_object_get(c, "withdrawn")) ?
			    "withdrawn" : "corrected", (long long)json_integer_value(
			    json_object_get(c, "by")), S(c, "reason"));
	}
}

static void
print_members(const char *title, const json_t *list, int brief)
{
	size_t i;
	json_t *m;

	if (json_array_size(list) == 0)
		return;
	printf("\n%s (%zu)%s", title, json_array_size(list), brief ? ":" : "\n");
	json_array_foreach(list, i, m) {
		if (brief) {
			printf(" %s", S(m, "code"));
			continue;
		}
		printf("  %-4s %-24s since %s", S(m, "code"), S(m, "name"),
		    S(m, "since"));
		if (S(m, "until"))
			printf(" until %s", S(m, "until"));
		printf("\n");
	}
	if (brief)
		printf("\n");
}

void
render_org(const json_t *o, int brief)
{
	size_t i;
	json_t *e;

	printf("%s (%s), as of %s · rule: %s\n", S(o, "name"), S(o, "org"),
	    S(o, "as_of"), S(json_object_get(o, "rule"), "text"));
	print_members("Members", json_object_get(o, "members"), brief);
	print_members("Members to come", json_object_get(o, "future_members"), brief);
	print_members("Former members", json_object_get(o, "former_members"), brief);
	json_array_foreach(json_object_get(o, "bodies"), i, e) {
		char title[160];
		printf("\nBody %s (%s) · rule: %s%s\n", S(e, "id"), S(e, "name"),
		    S(json_object_get(e, "rule"), "text"),
		    json_is_true(json_object_get(e, "rule_own")) ? "" :
		    " (the organisation's)");
		snprintf(title, sizeof(title), "Members of %s", S(e, "id"));
		print_members(title, json_object_get(e, "members"), brief);
		snprintf(title, sizeof(title), "Members of %s to come", S(e, "id"));
		print_members(title, json_object_get(e, "future_members"), brief);
		snprintf(title, sizeof(title), "Former members of %s", S(e, "id"));
		print_members(title, json_object_get(e, "former_members"), brief);
	}
	printf("\nOffices:");
	json_array_foreach(json_object_get(o, "offices"), i, e)
		printf(" %s", json_string_value(e));
	printf("\nProposals:");
	json_array_foreach(json_object_get(o, "proposals"), i, e)
		printf(" %s", json_string_value(e));
	printf("\nSources: %zu, weighed%s:", json_array_size(json_object_get(o,
	    "sources")), json_is_true(json_object_get(o, "source_weights_own")) ?
	    " by the organisation's own order" : "");
	json_array_foreach(json_object_get(o, "source_weights"), i, e)
		printf("%s %s %g", i ? "," : "", S(e, "label"),
		    json_number_value(json_object_get(e, "weight")));
	printf("\n");
}

/* Renders a field as CSV would not: text, or '-' for none. */
static const char *
or_dash(const json_t *o, const char *k)
{
	return S(o, k) ? S(o, k) : "-";
}

void
render_reports(const json_t *r)
{
	size_t i;
	json_t *e;

	printf("%s: %s, as of %s · basis: %s\n", S(r, "proposal"),
	    S(r, "title"), S(r, "as_of"), S(r, "basis"));
	printf("%-4s %-6s %-10s %-8s %-10s %-18s %-9s %s\n", "", "event",
	    "date", "position", "candidate", "source kind", "weighed", "source");
	json_array_foreach(json_object_get(r, "rows"), i, e) {
		char seq[24];
		snprintf(seq, sizeof(seq), "%lld", (long long)json_integer_value(
		    json_object_get(e, "seq")));
		printf("%-4s %-6s %-10s %-8s %-10s %-18s %-9s ", S(e, "member"),
		    json_is_null(json_object_get(e, "seq")) ? "-" : seq,
		    S(e, "date"), S(e, "position"), or_dash(e, "candidate"),
		    or_dash(e, "source_kind"),
		    json_is_true(json_object_get(e, "counted")) ? "counted" :
		    json_is_true(json_object_get(e, "standing")) ? "standing" :
		    "replaced");
		print_cut(S(e, "source_title") ? S(e, "source_title") :
		    or_dash(e, "note"), 70);
		printf("\n");
	}
}

void
render_polls(const json_t *r)
{
	size_t i, j;
	json_t *c, *pt;

	printf("%s: %s, as of %s\n", S(r, "proposal"), S(r, "title"),
	    S(r, "as_of"));
	printf("Straw polls: %zu rounds; %s\n",
	    json_array_size(json_object_get(r, "rounds")), S(r, "note"));
	json_array_foreach(json_object_get(r, "candidates"), i, c) {
		printf("\ncandidate %s (%s): %s\n", S(c, "id"), S(c, "name"),
		    S(c, "state"));
		if (json_array_size(json_object_get(c, "series")) == 0)
			printf("  not marked in any round\n");
		json_array_foreach(json_object_get(c, "series"), j, pt) {
			printf("  round %lld  %-10s %-6s ", (long long)
			    json_integer_value(json_object_get(pt, "round")),
			    S(pt, "date"), json_is_true(json_object_get(pt,
			    "secret")) ? "secret" : "open");
			print_tally(json_object_get(pt, "tally"));
			if (json_is_object(json_object_get(pt, "permanent"))) {
				printf("; permanent members ");
				print_tally(json_object_get(pt, "permanent"));
			}
			printf("\n");
		}
	}
}

void
render_citations(const json_t *c)
{
	size_t i, j;
	json_t *e, *b;

	printf("Sources cited by %s%s%s\n", S(c, "proposal"),
	    S(c, "as_of") ? ", as of " : "", S(c, "as_of") ? S(c, "as_of") : "");
	json_array_foreach(json_object_get(c, "citations"), i, e) {
		const json_t *src = json_object_get(e, "source");
		printf("[%lld] %s. %s", (long long)json_integer_value(
		    json_object_get(e, "n")), S(src, "title"), S(e, "kind_label"));
		if (S(src, "by"))
			printf(" of %s", S(src, "by"));
		if (S(src, "published"))
			printf(", %s", S(src, "published"));
		if (S(src, "url"))
			printf(". %s", S(src, "url"));
		if (S(src, "document"))
			printf(". %s", S(src, "document"));
		printf("\n     cited by event");
		printf("%s", json_array_size(json_object_get(e, "cited_by")) > 1 ?
		    "s" : "");
		json_array_foreach(json_object_get(e, "cited_by"), j, b)
			printf("%s %lld", j ? "," : "", (long long)json_integer_value(
			    json_object_get(b, "seq")));
		printf("\n");
	}
}

void
render_changes(const json_t *c)
{
	size_t i;
	json_t *e;

	if (json_array_size(json_object_get(c, "changes")) == 0) {
		printf("Nothing changed on %s after %s up to %s.\n",
		    S(c, "proposal"), S(c, "since"), S(c, "as_of"));
		return;
	}
	printf("What changed after %s, up to %s, and on whose word:\n",
	    S(c, "since"), S(c, "as_of"));
	json_array_foreach(json_object_get(c, "changes"), i, e) {
		printf("  %s  %s.\n", S(e, "date"), S(e, "text"));
		if (S(e, "word") && *S(e, "word"))
			printf("%14s on the word of %s%s\n", "", S(e, "word"),
			    json_is_true(json_object_get(e, "confirmed")) ? "" :
			    " [reported, not confirmed]");
	}
}
