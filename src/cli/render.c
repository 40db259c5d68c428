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

/* Members with effective position eff, each on a line with its source. */
static void
print_group(const json_t *members, const char *eff, const char *title)
{
	size_t i, n = 0;
	json_t *m;

	json_array_foreach(members, i, m)
		n += strcmp(S(m, "effective"), eff) == 0;
	if (n == 0)
		return;
	printf("\n%s (%zu)\n", title, n);
	json_array_foreach(members, i, m) {
		if (strcmp(S(m, "effective"), eff) != 0)
			continue;
		printf("  %-4s %-20s", S(m, "code"), S(m, "name"));
		if (S(m, "candidate"))
			printf(" %s %s", S(m, "position"), S(m, "candidate"));
		else if (strcmp(S(m, "position"), "none") != 0)
			printf(" %s", S(m, "position"));
		if (json_is_true(json_object_get(m, "lapsed")))
			printf(" (lapsed: candidate withdrew)");
		if (json_array_size(json_object_get(m, "conditions"))) {
			size_t j;
			json_t *c;
			printf(" if");
			json_array_foreach(json_object_get(m, "conditions"), j, c)
				printf(" %s [%s]", S(c, "id"), S(c, "state"));
		}
		if (S(m, "since"))
			printf(" since %s", S(m, "since"));
		printf("\n");
		if (S(m, "source"))
			printf("       source: %s\n", S(m, "source"));
	}
}

void
render_status(const json_t *s)
{
	const json_t *rule = json_object_get(s, "rule"), *d;
	const char *state = S(s, "state");
	size_t i;
	json_t *c;

	printf("%s: %s\n", S(s, "proposal"), S(s, "title"));
	printf("as of %s · %s of %s · rule: %s · %lld members\n", S(s, "as_of"),
	    S(s, "kind"), S(s, "org"), S(rule, "text"),
	    (long long)json_integer_value(json_object_get(s, "eligible")));
	if (strcmp(state, "decided") == 0) {
		d = json_object_get(s, "decision");
		printf("DECIDED on %s%s%s\n", S(d, "date"),
		    S(d, "candidate") ? ": appointed " : "",
		    S(d, "candidate") ? S(d, "candidate") : "");
	} else if (strcmp(state, "consensus") == 0) {
		printf("CONSENSUS%s%s: no one left to bring in; not yet decided\n",
		    S(s, "consensus_for") ? " for " : "",
		    S(s, "consensus_for") ? S(s, "consensus_for") : "");
	} else {
		printf("NO CONSENSUS yet\n");
	}
	json_array_foreach(json_object_get(s, "candidates"), i, c) {
		printf("\ncandidate %s (%s), put forward by %s: %s",
		    S(c, "id"), S(c, "name"), S(c, "nominated_by"), S(c, "state"));
		if (S(c, "withdrawn"))
			printf(" on %s", S(c, "withdrawn"));
		if (S(c, "endorses"))
			printf(", endorsing %s", S(c, "endorses"));
		printf("\n  ");
		print_codes("supporters", json_object_get(c, "supporters"));
		if (json_array_size(json_object_get(c, "pending"))) {
			printf("  ");
			print_codes("support pending a condition",
			    json_object_get(c, "pending"));
		}
		if (strcmp(S(c, "state"), "standing") == 0) {
			printf("  ");
			print_codes("to bring in", json_object_get(c, "to_bring_in"));
		}
	}
	if (json_object_get(s, "supporters") != NULL) {
		printf("\n");
		print_codes("supporters", json_object_get(s, "supporters"));
		print_codes("to bring in", json_object_get(s, "to_bring_in"));
	}
	const json_t *m = json_object_get(s, "members");
	print_group(m, "support", "Support");
	print_group(m, "pending", "Support pending a condition");
	print_group(m, "object", "Object");
	print_group(m, "abstain", "Abstain");
	print_group(m, "none", "No position");
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
	if (json_is_null(h)) {
		printf("%-10s none\n", label);
		return;
	}
	printf("%-10s %s%s%s%s, term %s to %s\n", label, S(h, "person"),
	    S(h, "nationality") ? " (" : "",
	    S(h, "nationality") ? S(h, "nationality") : "",
	    S(h, "nationality") ? ")" : "", S(h, "term_start"),
	    S(h, "term_end") ? S(h, "term_end") : "open");
}

void
render_office(const json_t *o)
{
	size_t i;
	json_t *h;

	printf("%s (%s of %s), term %s, as of %s\n", S(o, "title"),
	    S(o, "office"), S(o, "org"), S(o, "term"), S(o, "as_of"));
	print_holder("holder", json_object_get(o, "holder"));
	print_holder("designate", json_object_get(o, "designate"));
	json_array_foreach(json_object_get(o, "past_holders"), i, h)
		print_holder(i == 0 ? "before" : "", h);
}

void
render_proposals(const json_t *p)
{
	size_t i;
	json_t *e;

	printf("as of %s\n", S(p, "as_of"));
	json_array_foreach(json_object_get(p, "proposals"), i, e)
		printf("%-20s %-11s %-10s %s (opened %s)\n", S(e, "id"),
		    S(e, "kind"), S(e, "state"), S(e, "title"), S(e, "opened"));
}

void
render_timeline(const json_t *t)
{
	size_t i;
	json_t *e;

	json_array_foreach(json_object_get(t, "events"), i, e) {
		printf("%5lld  %-10s  %s\n",
		    (long long)json_integer_value(json_object_get(e, "seq")),
		    S(e, "date"), S(e, "summary"));
		if (S(e, "source"))
			printf("%19s source: %s\n", "", S(e, "source"));
	}
}
