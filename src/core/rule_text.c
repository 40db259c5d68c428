/*
 * The text form of rules: a few words for case files and the command
 * line, turned into the JSON form that as_rule_parse reads. The grammar
 * is in docs/rules.md; words are case-insensitive, and an error names the
 * line and column of the word that does not fit.
 *
 *	rule	:= primary ("and" primary)*
 *	primary	:= "(" rule ")" | phrase
 */
#include "core/alloc.h"
#include "core/rule.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/event.h"

#define MAX_TOKENS 4096

typedef struct token {
	const char	*s;
	size_t		 len;
	int		 line, col;
} token;

typedef struct parser {
	token	*t;
	size_t	 n, i;
	int	 eline, ecol;	/* where the text ends */
	as_error *err;
	int	 failed;
} parser;

static int
is_punct(char c)
{
	return c == ',' || c == '(' || c == ')';
}

/* Splits text into words and the punctuation , ( ). */
static int
tokenize(parser *p, const char *text)
{
	int line = 1, col = 1;
	const char *s = text;

	while (*s != '\0') {
		if (*s == '\n') {
			line++;
			col = 1;
			s++;
			continue;
		}
		if (isspace((unsigned char)*s)) {
			col++;
			s++;
			continue;
		}
		if (p->n == MAX_TOKENS)
			return as_err(p->err, "rule: line %d, column %d: the rule "
			    "is too long (at most %d words)", line, col,
			    MAX_TOKENS);
		token *t = &p->t[p->n++];
		t->s = s;
		t->line = line;
		t->col = col;
		if (is_punct(*s)) {
			t->len = 1;
		} else {
			while (s[t->len] != '\0' && !isspace((unsigned char)s[t->len])
			    && !is_punct(s[t->len]))
				t->len++;
		}
		s += t->len;
		col += (int)t->len;
	}
	p->eline = line;
	p->ecol = col;
	return 0;
}

static const token *
peek(const parser *p)
{
	return p->i < p->n ? &p->t[p->i] : NULL;
}

static int
is_word(const token *t, const char *w)
{
	return t != NULL && strlen(w) == t->len &&
	    strncasecmp(t->s, w, t->len) == 0;
}

/* Takes the next token if it is w. */
static int
accept(parser *p, const char *w)
{
	if (!is_word(peek(p), w))
		return 0;
	p->i++;
	return 1;
}

static void *
fail(parser *p, const char *what)
{
	const token *t = peek(p);

	if (p->failed)
		return NULL;
	p->failed = 1;
	if (t == NULL)
		as_err(p->err, "rule: line %d, column %d: expected %s at the end "
		    "of the rule", p->eline, p->ecol, what);
	else
		as_err(p->err, "rule: line %d, column %d: expected %s, found "
		    "'%.*s'", t->line, t->col, what, (int)(t->len > 40 ? 40 :
		    t->len), t->s);
	return NULL;
}

static int
expect(parser *p, const char *w)
{
	char what[64];

	if (accept(p, w))
		return 1;
	snprintf(what, sizeof(what), "'%s'", w);
	fail(p, what);
	return 0;
}

/* The next token as a new JSON string, if it is a plain word. */
static json_t *
word(parser *p, const char *what)
{
	const token *t = peek(p);

	if (t == NULL || is_punct(t->s[0]))
		return fail(p, what);
	p->i++;
	return json_stringn(t->s, t->len);
}

/* A whole number. */
static json_t *
integer(parser *p, const char *what)
{
	const token *t = peek(p);
	long long v = 0;

	if (t == NULL || t->len > 7)
		return fail(p, what);
	for (size_t k = 0; k < t->len; k++) {
		if (!isdigit((unsigned char)t->s[k]))
			return fail(p, what);
		v = v * 10 + (t->s[k] - '0');
	}
	p->i++;
	return json_integer(v);
}

static int
is_share(const token *t)
{
	return t != NULL && (memchr(t->s, '/', t->len) != NULL ||
	    memchr(t->s, '%', t->len) != NULL);
}

/* "members" or "votes cast". */
static const char *
base(parser *p)
{
	if (accept(p, "members"))
		return "members";
	if (accept(p, "votes") && expect(p, "cast"))
		return "cast";
	fail(p, "'members' or 'votes cast'");
	return NULL;
}

/* Optional "by NAME" into obj's field. */
static void
by_weight(parser *p, json_t *obj, const char *field)
{
	if (accept(p, "by"))
		json_object_set_new(obj, field, word(p, "a weight name"));
}

/* A list of member codes: CODE ("," CODE)*, stopping before ", abstention". */
static json_t *
codes(parser *p)
{
	json_t *list = json_array();

	do {
		json_array_append_new(list, word(p, "a member code"));
		if (!is_word(peek(p), ",") || (p->i + 1 < p->n &&
		    is_word(&p->t[p->i + 1], "abstention")))
			break;
		p->i++;
	} while (!p->failed);
	return list;
}

static json_t *
majority(const char *op, const char *share, const char *of)
{
	return json_pack("{s:s,s:s,s:s}", "type", "majority", op, share, "of", of);
}

/* "more than SHARE of BASE [by NAME]" after "more than" or "at least". */
static json_t *
share_of(parser *p, const char *op)
{
	json_t *share = word(p, "a share such as 2/3 or 85%"), *m;
	const char *of;

	if (share == NULL)
		return NULL;
	if (!expect(p, "of") || (of = base(p)) == NULL) {
		json_decref(share);
		return NULL;
	}
	m = json_pack("{s:s,s:o,s:s}", "type", "majority", op, share, "of", of);
	by_weight(p, m, "weight");
	return m;
}

/* ", abstention blocks|allowed" or "with constructive abstention [by W]". */
static void
abstention(parser *p, json_t *r)
{
	if (accept(p, ",")) {
		if (!expect(p, "abstention"))
			return;
		if (accept(p, "blocks"))
			json_object_set_new(r, "abstention", json_string("blocks"));
		else if (accept(p, "allowed"))
			json_object_set_new(r, "abstention", json_string("allowed"));
		else
			fail(p, "'blocks' or 'allowed'");
	} else if (accept(p, "with")) {
		if (expect(p, "constructive") && expect(p, "abstention")) {
			json_object_set_new(r, "abstention",
			    json_string("constructive"));
			by_weight(p, r, "weight");
		}
	}
}

/* "until DEADLINE", in UTC when it parses (else as written, for the
 * kind to say what is wrong with it). */
static json_t *
deadline_rule(parser *p, json_t *r)
{
	json_t *d;
	char canon[AS_DATE_MAX];
	int64_t t;
	int has_time = 0;

	if (!expect(p, "until") || (d = word(p, "a deadline such as "
	    "2024-06-26T12:00+02:00")) == NULL) {
		json_decref(r);
		return NULL;
	}
	if (as_date_parse(json_string_value(d), &t, &has_time) == 0 &&
	    has_time && as_date_canon(json_string_value(d), canon, &t) == 0) {
		json_decref(d);
		d = json_string(canon);
	}
	json_object_set_new(r, "until", d);
	return r;
}

static json_t *rule(parser *p);

static json_t *
phrase(parser *p)
{
	json_t *r;

	if (accept(p, "(")) {
		r = rule(p);
		if (r != NULL && !expect(p, ")")) {
			json_decref(r);
			return NULL;
		}
		return r;
	}
	if (accept(p, "unanimity")) {
		r = json_pack("{s:s}", "type", "unanimity");
		abstention(p, r);
		return r;
	}
	if (accept(p, "consensus")) {
		/* "consensus" alone is no formal objection; "consensus minus
		 * N" is unanimity but for N. */
		if (!accept(p, "minus"))
			return json_pack("{s:s}", "type", "consensus");
		r = json_pack("{s:s}", "type", "unanimity");
		json_object_set_new(r, "minus", integer(p,
		    "the number of members that may be left out"));
		abstention(p, r);
		return r;
	}
	if (accept(p, "silence"))
		return deadline_rule(p, json_pack("{s:s}", "type", "silence"));
	if (accept(p, "lazy")) {
		if (!expect(p, "consensus"))
			return NULL;
		return deadline_rule(p, json_pack("{s:s,s:s}", "type", "apache",
		    "vote", "lazy"));
	}
	if (accept(p, "apache")) {
		if (accept(p, "lazy")) {
			if (!expect(p, "consensus"))
				return NULL;
			return deadline_rule(p, json_pack("{s:s,s:s}", "type",
			    "apache", "vote", "lazy"));
		}
		if (accept(p, "code")) {
			if (!expect(p, "change"))
				return NULL;
			return json_pack("{s:s,s:s}", "type", "apache", "vote",
			    "code");
		}
		if (accept(p, "release"))
			return json_pack("{s:s,s:s}", "type", "apache", "vote",
			    "release");
		return fail(p, "'lazy consensus', 'code change' or 'release'");
	}
	if (accept(p, "simple"))
		return expect(p, "majority") ?
		    majority("more_than", "1/2", "cast") : NULL;
	if (accept(p, "absolute"))
		return expect(p, "majority") ?
		    majority("more_than", "1/2", "members") : NULL;
	if (is_word(peek(p), "two-thirds") || is_word(peek(p), "three-quarters")) {
		const char *share = is_word(peek(p), "two-thirds") ? "2/3" : "3/4";
		const char *of = "cast";
		p->i++;
		if (!expect(p, "majority"))
			return NULL;
		if (accept(p, "of") && (of = base(p)) == NULL)
			return NULL;
		r = majority("at_least", share, of);
		by_weight(p, r, "weight");
		return r;
	}
	if (accept(p, "more")) {
		if (!expect(p, "than"))
			return NULL;
		return share_of(p, "more_than");
	}
	if (accept(p, "at")) {
		if (!expect(p, "least"))
			return NULL;
		if (is_share(peek(p)))
			return share_of(p, "at_least");
		json_t *k = integer(p, "a number of members or a share such as 2/3");
		if (k == NULL)
			return NULL;
		if (!expect(p, "in") || (!accept(p, "favour") &&
		    !accept(p, "favor") && !fail(p, "'favour'"))) {
			json_decref(k);
			return NULL;
		}
		return json_pack("{s:s,s:o}", "type", "count", "at_least", k);
	}
	if (is_word(peek(p), "reinforced") || is_word(peek(p), "qualified")) {
		int reinforced = accept(p, "reinforced");
		if (!expect(p, "qualified") || !expect(p, "majority"))
			return NULL;
		r = json_pack("{s:s}", "type", "qmv");
		if (reinforced)
			json_object_set_new(r, "reinforced", json_true());
		by_weight(p, r, "weight");
		if (accept(p, "without"))
			json_object_set_new(r, "not_taking_part", codes(p));
		return r;
	}
	if (accept(p, "veto")) {
		if (!expect(p, "by"))
			return NULL;
		r = json_pack("{s:s}", "type", "veto");
		if (accept(p, "weight"))
			json_object_set_new(r, "by_weight", word(p, "a weight name"));
		else
			json_object_set_new(r, "by", codes(p));
		if (accept(p, ",")) {
			if (expect(p, "abstention") && expect(p, "blocks"))
				json_object_set_new(r, "abstention",
				    json_string("blocks"));
		}
		return r;
	}
	if (accept(p, "security")) {
		if (!expect(p, "council"))
			return NULL;
		if (accept(p, "procedural"))
			return json_pack("{s:s,s:i}", "type", "count",
			    "at_least", 9);
		if (accept(p, "substantive"))
			return json_pack("{s:s,s:[{s:s,s:i},{s:s,s:s}]}",
			    "type", "all", "rules", "type", "count", "at_least", 9,
			    "type", "veto", "by_weight", "permanent");
		return fail(p, "'procedural' or 'substantive'");
	}
	return fail(p, "a rule (unanimity, consensus, silence, a majority, "
	    "qualified majority, veto, apache, security council)");
}

static json_t *
rule(parser *p)
{
	json_t *first = phrase(p), *all = NULL, *next;

	while (first != NULL && !p->failed && accept(p, "and")) {
		if ((next = phrase(p)) == NULL)
			break;
		if (all == NULL) {
			all = json_pack("{s:s,s:[o]}", "type", "all", "rules", first);
			first = NULL;
		}
		json_array_append_new(json_object_get(all, "rules"), next);
	}
	if (p->failed) {
		json_decref(first);
		json_decref(all);
		return NULL;
	}
	return all != NULL ? all : first;
}

json_t *
as_rule_text_parse(const char *text, as_error *err)
{
	unsigned long m0 = as_alloc_misses();
	parser p;
	json_t *r = NULL;

	memset(&p, 0, sizeof(p));
	p.err = err;
	if (strlen(text) > AS_RULE_TEXT_MAX) {
		as_fail(err, AS_ELIMIT, "rule: its text is %zu bytes, over the "
		    "limit of %d (AS_RULE_TEXT_MAX)", strlen(text),
		    AS_RULE_TEXT_MAX);
		return NULL;
	}
	if ((p.t = as_calloc(MAX_TOKENS, sizeof(*p.t))) == NULL) {
		as_nomem(err, "rule");
		return NULL;
	}
	if (tokenize(&p, text) != 0)
		goto done;
	if (p.n == 0) {
		as_err(err, "rule: the rule is empty");
		goto done;
	}
	r = rule(&p);
	if (r != NULL && p.i < p.n) {
		fail(&p, "'and' or the end of the rule");
		json_decref(r);
		r = NULL;
	}
done:
	free(p.t);
	/* Whatever failed to be allocated on the way (a part of the JSON
	 * form, or a message) makes the whole parse out of memory: a rule
	 * with a part missing would be another rule. */
	if (as_alloc_misses() != m0) {
		json_decref(r);
		as_nomem(err, "rule");
		return NULL;
	}
	return r;
}
