/*
 * What a newsroom exports of a proposal: every position and report, one
 * row each, with its source's kind and the dates (as_view_reports), as
 * JSON or as CSV (as_reports_csv). See view.h and docs/cli.md.
 */
#include "core/alloc.h"
#include "core/text.h"
#include "core/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns of a row, in order: the CSV header and the JSON keys. */
const char *const as_report_columns[] = {
	"proposal", "member", "member_name", "seq", "type", "date", "position",
	"candidate", "conditions", "confirmed", "standing", "counted",
	"conflict", "corrected_by", "source_id", "source_kind", "source_weight",
	"source_title", "source_published", "source_by", "source_url", "note",
	NULL
};

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

/* The conditions of a payload, joined with ";" (NULL if none). */
static json_t *
conditions_text(const json_t *data)
{
	const json_t *c = json_object_get(data, "conditions"), *e;
	size_t i, len = 0;
	char buf[AS_LIST_MAX * (AS_ID_MAX + 1) + 1];

	if (json_array_size(c) == 0)
		return json_null();
	buf[0] = '\0';
	json_array_foreach(c, i, e)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i ? ";" : "", json_string_value(e));
	return json_string(buf);
}

/* The source columns of a row: the first source the payload cites. */
static void
source_columns(const as_state *st, json_t *row, const json_t *data)
{
	const as_source *src = as_state_source(st, json_string_value(
	    json_array_get(json_object_get(data, "cites"), 0)));
	const json_t *d = src ? src->data : NULL;

	json_object_set_new(row, "source_id", str_or_null(src ? src->id : NULL));
	json_object_set_new(row, "source_kind", str_or_null(src ?
	    as_source_kinds[src->kind].id : NULL));
	json_object_set_new(row, "source_weight", src ? json_real(
	    as_kind_weight(st, src->org, src->kind)) : json_null());
	json_object_set_new(row, "source_title", str_or_null(src ? src->title :
	    NULL));
	json_object_set_new(row, "source_published", str_or_null(
	    json_string_value(json_object_get(d, "published"))));
	json_object_set_new(row, "source_by", str_or_null(src ? src->by : NULL));
	json_object_set_new(row, "source_url", str_or_null(json_string_value(
	    json_object_get(d, "url"))));
}

/* One row: a declaration (r NULL, pos) or a report. */
static json_t *
row(const as_state *st, const as_proposal *p, const as_member *m,
    const as_position *pos, const as_report *r, const as_evidence *counted)
{
	const json_t *data = r ? r->data : pos->data;
	const as_correction *c = r ? as_state_correction(st, r->seq) : NULL;
	int conflict = 0, standing = r ? as_report_standing(st, p, r,
	    &conflict) : 1;
	json_t *j;

	j = json_pack("{s:s,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:b,s:b,s:b,s:b,s:o}",
	    "proposal", p->id, "member", m->code, "member_name", m->name,
	    "seq", r ? json_integer((json_int_t)r->seq) : json_null(),
	    "type", r ? "position.report" : "position.declare",
	    "date", r ? r->date : pos->date,
	    "position", r ? r->position : pos->position,
	    "candidate", str_or_null(r ? r->candidate : pos->candidate),
	    "conditions", conditions_text(data),
	    "confirmed", r ? r->confirms : 1,
	    "standing", standing,
	    "counted", counted->pos.data != NULL && counted->report == r &&
	    (r != NULL || counted->pos.data == pos->data),
	    "conflict", standing && conflict,
	    "corrected_by", c ? json_integer((json_int_t)c->by) : json_null());
	source_columns(st, j, data);
	json_object_set_new(j, "note", str_or_null(json_string_value(
	    json_object_get(data, "source"))));
	return j;
}

static json_t *
as_view_reports_(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_basis basis, as_error *err)
{
	const as_proposal *p = as_state_proposal(st, id);
	const as_org *o;
	json_t *rows;

	if (p == NULL) {
		as_fail(err, AS_ENOTFOUND, "unknown proposal '%s' as of %s", id,
		    as_of);
		return NULL;
	}
	o = &st->orgs[p->org];
	rows = json_array();
	for (size_t i = 0; i < o->nmembers; i++) {
		const as_member *m = &o->members[i];
		as_evidence e;
		if (!as_proposal_eligible(st, p, i, t))
			continue;
		/* Its declarations: on the whole proposal, then on each
		 * candidate; each row counted or not on its own candidate. */
		for (size_t c = 0; c <= p->ncands; c++) {
			const as_position *pos = c == 0 ?
			    (i < p->npositions ? &p->positions[i] : NULL) :
			    (i < p->cands[c - 1].npositions ?
			    &p->cands[c - 1].positions[i] : NULL);
			if (pos == NULL || pos->data == NULL)
				continue;
			as_member_evidence(st, p, i, pos->candidate, basis, &e);
			json_array_append_new(rows, row(st, p, m, pos, NULL, &e));
		}
		for (size_t k = 0; k < p->nreports; k++) {
			const as_report *r = &p->reports[k];
			if (strcmp(r->member, m->code) != 0)
				continue;
			as_member_evidence(st, p, i, r->candidate, basis, &e);
			json_array_append_new(rows, row(st, p, m, NULL, r, &e));
		}
	}
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "proposal", p->id,
	    "title", p->title, "org", o->id, "as_of", as_of,
	    "basis", as_basis_name(basis), "rows", rows);
}

json_t *
as_view_reports(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_basis basis, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_reports_(st, id, as_of, t, basis, err), m, err);
}

/* One field, quoted (RFC 4180) when it holds a comma, a quote, a line
 * break or spaces at its ends. */
static void
put_field(as_text *b, const char *s)
{
	size_t n = strlen(s);

	if (strpbrk(s, ",\"\r\n") == NULL && (n == 0 || (s[0] != ' ' &&
	    s[n - 1] != ' '))) {
		as_text_put(b, s, n);
		return;
	}
	as_text_put(b, "\"", 1);
	for (const char *q = s; *q; q++) {
		if (*q == '"')
			as_text_put(b, "\"\"", 2);
		else
			as_text_put(b, q, 1);
	}
	as_text_put(b, "\"", 1);
}

static void
put_value(as_text *b, const json_t *v)
{
	char num[64];

	if (json_is_string(v))
		put_field(b, json_string_value(v));
	else if (json_is_true(v))
		as_text_put(b, "true", 4);
	else if (json_is_false(v))
		as_text_put(b, "false", 5);
	else if (json_is_integer(v))
		as_text_put(b, num, (size_t)snprintf(num, sizeof(num), "%lld",
		    (long long)json_integer_value(v)));
	else if (json_is_real(v))
		as_text_put(b, num, (size_t)snprintf(num, sizeof(num), "%g",
		    json_real_value(v)));
	/* null: an empty field */
}

char *
as_reports_csv(const json_t *reports)
{
	as_text b = { 0 };
	const json_t *r;
	size_t i, c;

	for (c = 0; as_report_columns[c] != NULL; c++) {
		if (c)
			as_text_put(&b, ",", 1);
		as_text_puts(&b, as_report_columns[c]);
	}
	as_text_put(&b, "\r\n", 2);
	json_array_foreach(json_object_get(reports, "rows"), i, r) {
		for (c = 0; as_report_columns[c] != NULL; c++) {
			if (c)
				as_text_put(&b, ",", 1);
			put_value(&b, json_object_get(r, as_report_columns[c]));
		}
		as_text_put(&b, "\r\n", 2);
	}
	return as_text_take(&b);
}
