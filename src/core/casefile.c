/* The text forms of events: see casefile.h. */
#include "core/casefile.h"

#include <string.h>

#include "core/chain.h"

static const char *const plain_keys[] = { "date", "type", "data", "actor", NULL };
static const char *const chain_keys[] = { "seq", "recorded", "prev", "hash", NULL };

static int
known_key(const char *k, int chained)
{
	for (int i = 0; plain_keys[i] != NULL; i++)
		if (strcmp(k, plain_keys[i]) == 0)
			return 1;
	for (int i = 0; chained && chain_keys[i] != NULL; i++)
		if (strcmp(k, chain_keys[i]) == 0)
			return 1;
	return 0;
}

int
as_parse_event_line(const char *line, int chained, as_event *ev, as_error *err)
{
	const char *p = line, *key, *actor;
	json_error_t je;
	json_t *o, *v;
	int rc = -1;

	while (*p == ' ' || *p == '\t' || *p == '\r')
		p++;
	if (*p == '\0' || *p == '#')
		return 1;
	if ((o = json_loads(p, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return as_err(err, "not valid JSON at column %d: %s", je.column,
		    je.text);
	if (!json_is_object(o)) {
		as_err(err, "an event must be a JSON object");
		goto done;
	}
	json_object_foreach(o, key, v)
		if (!known_key(key, chained)) {
			as_err(err, "unknown key '%s'%s", key, chained ? "" :
			    " (a case file has date, type, data and actor)");
			goto done;
		}
	actor = json_string_value(json_object_get(o, "actor"));
	if (json_object_get(o, "actor") != NULL && actor == NULL) {
		as_err(err, "key 'actor' must be a string");
		goto done;
	}
	if (!json_is_string(json_object_get(o, "type"))) {
		as_err(err, "key 'type' is required (a string)");
		goto done;
	}
	/* A record without a place in the history, or a correction, takes
	 * its date from the ledger: it leaves it out. */
	const as_event_type *t = as_event_type_find(json_string_value(
	    json_object_get(o, "type")), 0);
	if (!chained && t != NULL && (t->flags & (AS_T_TIMELESS |
	    AS_T_CORRECTS))) {
		if (json_object_get(o, "date") != NULL) {
			as_err(err, "key 'date': a %s takes no date (the ledger "
			    "dates it)", t->flags & AS_T_CORRECTS ? "correction" :
			    "record without a place in the history");
			goto done;
		}
		json_object_set_new(o, "date", json_string(AS_TIMELESS_DATE));
	}
	if (!json_is_string(json_object_get(o, "date"))) {
		as_err(err, "key 'date' is required (a string)");
		goto done;
	}
	if (!json_is_object(json_object_get(o, "data"))) {
		as_err(err, "key 'data' is required (an object)");
		goto done;
	}
	if (as_event_init(ev, json_string_value(json_object_get(o, "date")),
	    json_string_value(json_object_get(o, "type")), actor,
	    json_object_get(o, "data"), err) != 0)
		goto done;
	if (chained) {
		const char *rec = json_string_value(json_object_get(o, "recorded"));
		json_int_t seq = json_integer_value(json_object_get(o, "seq"));
		if (!json_is_integer(json_object_get(o, "seq")) || seq < 1 ||
		    rec == NULL || strlen(rec) >= AS_DATE_MAX ||
		    as_unhex(json_string_value(json_object_get(o, "prev")),
		    ev->prev, AS_HASH_LEN) != 0 ||
		    as_unhex(json_string_value(json_object_get(o, "hash")),
		    ev->hash, AS_HASH_LEN) != 0) {
			as_err(err, "an exported event needs seq (>= 1), recorded, "
			    "prev and hash (64 hex digits)");
			as_event_clear(ev);
			goto done;
		}
		ev->seq = seq;
		strcpy(ev->recorded, rec);
	}
	rc = 0;
done:
	json_decref(o);
	return rc;
}

json_t *
as_event_json(const as_event *ev, int chained)
{
	char prev[2 * AS_HASH_LEN + 1], hash[2 * AS_HASH_LEN + 1];
	json_t *o = json_pack("{s:s,s:s,s:s,s:O}", "date", ev->date,
	    "type", ev->type, "actor", ev->actor, "data", ev->data);

	if (chained) {
		as_hex(ev->prev, AS_HASH_LEN, prev);
		as_hex(ev->hash, AS_HASH_LEN, hash);
		json_object_set_new(o, "seq", json_integer(ev->seq));
		json_object_set_new(o, "recorded", json_string(ev->recorded));
		json_object_set_new(o, "prev", json_string(prev));
		json_object_set_new(o, "hash", json_string(hash));
	}
	return o;
}
