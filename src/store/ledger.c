/* The ledger: see ledger.h. */
#include "store/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/alloc.h"
#include "core/chain.h"
#include "core/snapshot.h"

#define NO_AT	INT64_MIN	/* before any event's instant */

as_ledger *
as_ledger_open(const char *path, int create, as_error *err, int *rcp)
{
	const char *cp = getenv("ASSENT_CHECKPOINT_BYTES");
	as_ledger *l = NULL;
	int rc = AS_ESTORE;

	if (sodium_init() < 0) {
		as_fail(err, rc, "libsodium cannot be initialised");
		goto fail;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		rc = as_nomem(err, NULL);
		goto fail;
	}
	l->cp_bytes = cp != NULL && atol(cp) > 0 ? (size_t)atol(cp) :
	    AS_CHECKPOINT_BYTES;
	l->seen = -1;
	if ((l->store = as_store_open(path, create, err, &rc)) == NULL)
		goto fail;
	return l;
fail:
	free(l);
	if (err != NULL)
		err->kind = rc;
	if (rcp != NULL)
		*rcp = rc;
	return NULL;
}

/* Forgets the head states kept (after a failed write, or a change by
 * another process that cannot be caught up). */
static void
heads_free(as_org_heads *hs)
{
	for (size_t i = 0; i < hs->n; i++)
		as_state_free(hs->v[i].st);
	free(hs->v);
	as_map_free(&hs->ids);
	memset(hs, 0, sizeof(*hs));
}

static void
heads_drop(as_ledger *l)
{
	heads_free(&l->heads);
	l->seen = -1;
}

void
as_ledger_close(as_ledger *l)
{
	if (l == NULL)
		return;
	heads_drop(l);
	l->store->ops->close(l->store);
	free(l);
}

/*
 * The kind of a failure, as the public functions return it and set it in
 * err: a store error is AS_EUNAVAIL when the store says it was out of
 * reach (a lost connection: the caller may retry), whatever path it came
 * back by. The return code is the kind; err says the same.
 */
static int
settle(const as_ledger *l, as_error *err, int rc)
{
	if (rc < 0 && l->store->lost && (rc == AS_ESTORE || rc == AS_EUNAVAIL))
		rc = AS_EUNAVAIL;
	if (rc < 0 && rc != AS_EREPLAY && err != NULL)
		err->kind = rc;
	return rc;
}

int
as_ledger_made(const as_ledger *l)
{
	return l->store->made;
}

int
as_ledger_unmake(as_ledger *l, as_error *err)
{
	if (l->store->ops->unmake == NULL)
		return 0;
	return settle(l, err, l->store->ops->unmake(l->store, err));
}

int
as_ledger_lost(const as_ledger *l)
{
	return l->store->lost;
}

void
as_ledger_advise(as_ledger *l, const char *unsure_advice)
{
	l->store->unsure_advice = unsure_advice;
}

int
as_ledger_changes(as_ledger *l, int64_t *v, as_error *err)
{
	return settle(l, err, l->store->ops->changes(l->store, v, err));
}

int
as_ledger_wait_commit(as_ledger *l, int ms, as_error *err)
{
	if (l->store->ops->wait_commit == NULL)
		return as_err(err, "%s: no notifications", l->store->ops->name),
		    AS_ESTORE;
	return settle(l, err, l->store->ops->wait_commit(l->store, ms, err));
}

int
as_ledger_head(as_ledger *l, as_head *h, as_error *err)
{
	return settle(l, err, l->store->ops->head(l->store, h, err));
}

int
as_ledger_scan(as_ledger *l, int64_t from, int64_t to, as_scan_fn fn,
    void *arg, as_error *err)
{
	return settle(l, err, l->store->ops->scan(l->store, from, to, fn, arg,
	    err));
}

int
as_ledger_name(as_ledger *l, enum as_name_kind kind_, const char *id,
    char org[AS_ID_MAX + 1], as_error *err)
{
	return settle(l, err, l->store->ops->name_get(l->store, kind_, id, org,
	    err));
}

int
as_ledger_idem(as_ledger *l, const char *principal, const char *key,
    uint8_t request[AS_HASH_LEN], int64_t *seq, as_error *err)
{
	return settle(l, err, l->store->ops->idem_get(l->store, principal, key,
	    request, seq, err));
}

struct orgs_arg {
	void	(*fn)(void *, const char *);
	void	*arg;
};

static void
orgs_one(void *arg, const char *id, const char *org)
{
	struct orgs_arg *a = arg;

	(void)org;
	a->fn(a->arg, id);
}

int
as_ledger_orgs(as_ledger *l, void (*fn)(void *, const char *), void *arg,
    as_error *err)
{
	struct orgs_arg a = { fn, arg };

	return settle(l, err, l->store->ops->names(l->store, AS_NAME_ORG,
	    orgs_one,
	    &a, err));
}

int
as_ledger_known(as_ledger *l, const char *recorded, int64_t *seq, as_error *err)
{
	return settle(l, err, l->store->ops->known(l->store, recorded, seq,
	    err));
}

/*
 * Corrections in a fold: the events withdrawn (payload NULL) or folded
 * with another payload, by seq, in order of seq. A fold takes them from
 * the head state it replays for (as_state's corrections), or finds them
 * as it goes: a correction is dated as the event it corrects and comes
 * after it, so meeting one not yet known, the fold starts again from
 * before that date with it known.
 */
typedef struct skip {
	int64_t	 seq;
	json_t	*payload;
} skip;

typedef struct skips {
	skip	*v;
	size_t	 n;
} skips;

static const skip *
skips_find(const skips *k, int64_t seq)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->v[mid].seq == seq)
			return &k->v[mid];
		if (k->v[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Adds seq (payload may be NULL); 0, or -1 if out of memory. */
static int
skips_add(skips *k, int64_t seq, json_t *payload)
{
	size_t i;
	skip *v;

	if (skips_find(k, seq) != NULL)
		return 0;
	if ((v = as_realloc(k->v, (k->n + 1) * sizeof(*v))) == NULL)
		return -1;
	k->v = v;
	for (i = k->n; i > 0 && v[i - 1].seq > seq; i--)
		v[i] = v[i - 1];
	v[i].seq = seq;
	v[i].payload = json_incref(payload);
	k->n++;
	return 0;
}

static void
skips_free(skips *k)
{
	for (size_t i = 0; i < k->n; i++)
		json_decref(k->v[i].payload);
	free(k->v);
	memset(k, 0, sizeof(*k));
}

/* The corrections a state holds. */
static int
skips_of(skips *k, const as_state *st)
{
	for (size_t i = 0; st != NULL && i < st->ncorrections; i++)
		if (skips_add(k, st->corrections[i].seq,
		    st->corrections[i].payload) != 0)
			return -1;
	return 0;
}

static int
corrects(const char *type)
{
	const as_event_type *t = as_event_type_find(type, 0);

	return t != NULL && (t->flags & AS_T_CORRECTS);
}

static int64_t
target_of(const as_event *ev)
{
	return (int64_t)json_integer_value(json_object_get(ev->data, "seq"));
}

/* A fold of part of an organisation's history. */
struct fold_arg {
	as_state	*st;
	int		 rc;
	as_error *err;
	int64_t		 at, seq, upto;	/* the last event folded; max seq */
	size_t		 bytes;		/* payload bytes folded */
	/* A replay after a backdated event (of this type): its failures
	 * name the event they would invalidate. */
	const char	*replay;
	/* Checkpoints made along a replay (cp_bytes apart, 0: none), kept
	 * here until the write has dropped the ones it replaces. */
	size_t		 cp_bytes, cp_len;
	as_checkpoint	*cps;
	size_t		 ncps;
	skips		 skip;		/* the corrections folded in */
	int64_t		 target;	/* a correction being placed: the event
					 * it corrects, else 0 */
	int		 restart;	/* a correction was met: fold again */
	int64_t		 restart_at;	/* from before this instant */
};

static void
cps_free(struct fold_arg *a)
{
	for (size_t i = 0; i < a->ncps; i++)
		free(a->cps[i].state);
	free(a->cps);
	a->cps = NULL;
	a->ncps = 0;
}

/* A checkpoint of a replay's state after ev, if enough was folded since
 * the last: 0, or -1 if out of memory. */
static int
replay_checkpoint(struct fold_arg *a, const as_event *ev)
{
	size_t need = a->cp_len > a->cp_bytes ? a->cp_len : a->cp_bytes;
	as_checkpoint *v, *cp;

	if (a->cp_bytes == 0 || a->bytes < need)
		return 0;
	if ((v = as_realloc(a->cps, (a->ncps + 1) * sizeof(*v))) == NULL)
		return -1;
	a->cps = v;
	cp = &v[a->ncps];
	memset(cp, 0, sizeof(*cp));
	snprintf(cp->org, sizeof(cp->org), "%s", ev->org);
	cp->at = ev->when;
	cp->seq = ev->seq;
	cp->upto = a->upto;
	if ((cp->state = as_state_dump(a->st, &cp->len)) == NULL)
		return -1;
	a->ncps++;
	a->cp_len = cp->len;
	a->bytes = 0;
	return 0;
}

/* The event's place in the history, folded or withdrawn: 0, or 1 (out
 * of memory making a replay's checkpoint, a->rc set). */
static int
folded(struct fold_arg *a, const as_event *ev)
{
	a->at = ev->when;
	a->seq = ev->seq;
	if (ev->seq > a->upto)
		a->upto = ev->seq;
	a->bytes += strlen(ev->data_text);
	if (a->replay && replay_checkpoint(a, ev) != 0) {
		a->rc = as_nomem(a->err, NULL);
		return 1;
	}
	return 0;
}

static int
fold_one(void *arg, const as_event *ev)
{
	struct fold_arg *a = arg;
	as_error why[1];
	const skip *k = NULL;
	as_event alt;

	if (ev->data != NULL && corrects(ev->type) &&
	    skips_find(&a->skip, target_of(ev)) == NULL) {
		/* A correction of an event already folded. */
		if (a->replay != NULL) {
			as_fail(a->err, AS_ESTORE,
			    "stored event %lld: a correction the head "
			    "state does not know (run verify)", (long long)ev->seq);
			a->rc = AS_ESTORE;
			return 1;
		}
		if (skips_add(&a->skip, target_of(ev),
		    json_object_get(ev->data, "payload")) != 0) {
			a->rc = as_nomem(a->err, NULL);
			return 1;
		}
		a->restart = 1;
		a->restart_at = ev->when;
		return 1;
	}
	if (ev->data != NULL && (k = skips_find(&a->skip, ev->seq)) != NULL) {
		if (k->payload == NULL)
			return folded(a, ev);
		alt = *ev;
		alt.data = k->payload;
		ev = &alt;
	}
	if (ev->data == NULL || as_state_apply(a->st, ev, why) != 0) {
		/* Out of memory stays out of memory; a refusal is the
		 * write's (a replay) or the stored history's. */
		int kind = ev->data != NULL && why->kind == AS_ENOMEM ?
		    AS_ENOMEM : a->replay ? AS_EINVAL : AS_ESTORE;

		if (a->replay && k != NULL && ev->seq == a->target)
			as_fail(a->err, kind, "%s: field 'payload': the "
			    "corrected event %lld (%s, %s) does not apply: %.400s",
			    a->replay, (long long)ev->seq, ev->type, ev->date,
			    why->msg);
		else if (a->replay)
			as_fail(a->err, kind, "%s: would invalidate event %lld "
			    "(%s, %s): %.400s", a->replay, (long long)ev->seq,
			    ev->type, ev->date,
			    ev->data ? why->msg : "data is not JSON");
		else
			as_fail(a->err, kind,
			    "stored event %lld does not apply: "
			    "%.400s (run verify)", (long long)ev->seq,
			    ev->data ? why->msg : "data is not JSON");
		a->rc = kind;
		return 1;
	}
	return folded(a, ev);
}

static void
fold_done(struct fold_arg *a)
{
	skips_free(&a->skip);
	cps_free(a);
}

/* How a fold starts: the corrections known (those of seed, a state
 * folded for the same history, and the one being placed), the latest
 * instant its checkpoint may be at, and, placing a correction, its type
 * (failures are then named as a replay's). */
typedef struct fold_opts {
	const as_state	*seed;
	int64_t		 target;	/* the event a correction corrects */
	json_t		*payload;
	int64_t		 cp_before;
	const char	*replay;
} fold_opts;

/*
 * Folds org up to limit as known at known into a new state, from its
 * nearest checkpoint if cps (one no later than o->cp_before): the state,
 * its last position and how many bytes were folded past the checkpoint
 * in *a, which the caller releases with fold_done. Returns AS_OK,
 * AS_EINVAL (placing a correction: a->err names the event that does not
 * apply), or AS_ESTORE.
 */
static int
fold_org(as_ledger *l, const char *org, int64_t limit, int64_t known,
    int cps, const fold_opts *o, struct fold_arg *a, size_t *cp_len,
    as_error *err)
{
	as_checkpoint cp;
	int64_t before = limit;
	int rc, found;

	memset(a, 0, sizeof(*a));
	if (o != NULL) {
		if (skips_of(&a->skip, o->seed) != 0 || (o->target > 0 &&
		    skips_add(&a->skip, o->target, o->payload) != 0))
			return as_nomem(err, NULL);
		if (o->cp_before < before)
			before = o->cp_before;
	}
again:
	a->st = NULL;
	a->rc = AS_OK;
	a->err = err;
	a->at = a->seq = NO_AT;
	a->upto = 0;
	a->bytes = 0;
	a->replay = o != NULL ? o->replay : NULL;
	a->target = o != NULL ? o->target : 0;
	a->restart = 0;
	found = 0;
	if (cp_len != NULL)
		*cp_len = 0;
	if (cps && (found = l->store->ops->cp_get(l->store, org, before, known,
	    &cp, err)) < 0) {
		fold_done(a);
		return AS_ESTORE;
	}
	if (found) {
		as_error why[1];
		a->st = as_state_load(cp.state, cp.len, why);
		if (cp_len != NULL)
			*cp_len = cp.len;
		free(cp.state);
		if (a->st == NULL) {
			fold_done(a);
			return as_fail(err, AS_ESTORE,
			    "the checkpoint of %s after event %lld "
			    "cannot be read: %.300s (run verify)", org,
			    (long long)cp.seq, why->msg);
		}
		a->at = cp.at;
		a->seq = cp.seq;
		a->upto = cp.upto;
	} else if ((a->st = as_state_new()) == NULL) {
		fold_done(a);
		return as_nomem(err, NULL);
	}
	rc = l->store->ops->scan_org(l->store, org, a->at, a->seq, limit, known,
	    fold_one, a, err);
	if (rc == AS_OK)
		rc = a->rc;
	if (rc == AS_OK && a->restart) {
		/* Again from before the event corrected, with it known. */
		as_state_free(a->st);
		if (a->restart_at - 1 < before)
			before = a->restart_at - 1;
		goto again;
	}
	if (rc != AS_OK) {
		as_state_free(a->st);
		a->st = NULL;
		fold_done(a);
	}
	return rc;
}

int
as_ledger_org_state(as_ledger *l, const char *org, int64_t limit,
    int64_t known, as_state **st, as_error *err)
{
	struct fold_arg a;
	int rc;

	if (*st != NULL) {
		/* Into a state of other organisations: the corrections of this
		 * one are found first, from a fold of its own. */
		if ((rc = fold_org(l, org, limit, known, 1, NULL, &a, NULL,
		    err)) != AS_OK)
			return rc;
		as_state_free(a.st);
		a.st = *st;
		a.rc = AS_OK;
		a.err = err;
		rc = l->store->ops->scan_org(l->store, org, NO_AT, NO_AT, limit,
		    known, fold_one, &a, err);
		fold_done(&a);
		return settle(l, err, rc != AS_OK ? rc : a.rc);
	}
	if ((rc = fold_org(l, org, limit, known, 1, NULL, &a, NULL, err)) !=
	    AS_OK)
		return settle(l, err, rc);
	fold_done(&a);
	*st = a.st;
	return AS_OK;
}

struct each_arg {
	as_ledger	*l;
	int64_t		 limit, known;
	as_state	*into;		/* or NULL: a state each */
	int		(*fn)(void *, const char *, as_state *);
	void		*arg;
	int		 rc;
	as_error *err;
};

static void
each_one(void *arg, const char *org)
{
	struct each_arg *a = arg;
	as_state *st = a->into;

	if (a->rc != AS_OK)
		return;
	a->rc = as_ledger_org_state(a->l, org, a->limit, a->known, &st, a->err);
	if (a->rc == AS_OK && a->into == NULL) {
		a->rc = a->fn(a->arg, org, st);
		as_state_free(st);
	}
}

int
as_ledger_each(as_ledger *l, int64_t limit, int64_t known,
    int (*fn)(void *, const char *, as_state *), void *arg, as_error *err)
{
	struct each_arg a = { l, limit, known, NULL, fn, arg, AS_OK, err };
	int rc = as_ledger_orgs(l, each_one, &a, err);

	return settle(l, err, rc != AS_OK ? rc : a.rc);
}

int
as_ledger_state(as_ledger *l, int64_t limit, int64_t known, as_state **out,
    as_error *err)
{
	struct each_arg a = { l, limit, known, as_state_new(), NULL, NULL,
	    AS_OK, err };
	int rc;

	*out = NULL;
	if (a.into == NULL)
		return as_nomem(err, NULL);
	rc = as_ledger_orgs(l, each_one, &a, err);
	if (rc == AS_OK)
		rc = a.rc;
	if (rc != AS_OK) {
		as_state_free(a.into);
		return settle(l, err, rc);
	}
	*out = a.into;
	return AS_OK;
}

/* The head state of org in hs, folded as known at known if missing
 * (from a checkpoint if cps): NULL with err set. */
static as_org_head *
head_of(as_ledger *l, as_org_heads *hs, const char *org, int64_t known,
    int cps, as_error *err)
{
	struct fold_arg a;
	as_org_head *h;
	size_t i, cp_len;

	if (as_map_get(&hs->ids, org, &i))
		return &hs->v[i];
	if (fold_org(l, org, AS_TIME_NEVER, known, cps, NULL, &a, &cp_len,
	    err) != AS_OK)
		return NULL;
	fold_done(&a);
	if ((h = as_realloc(hs->v, (hs->n + 1) * sizeof(*h))) == NULL ||
	    as_map_put(&hs->ids, org, hs->n) != 0) {
		if (h != NULL)
			hs->v = h;
		as_state_free(a.st);
		as_nomem(err, NULL);
		return NULL;
	}
	hs->v = h;
	h = &hs->v[hs->n++];
	memset(h, 0, sizeof(*h));
	snprintf(h->org, sizeof(h->org), "%s", org);
	h->st = a.st;
	h->at = a.at;
	h->seq = a.seq;
	h->upto = a.upto;
	h->bytes = a.bytes;
	h->cp_len = cp_len;
	return h;
}

/*
 * Places ev (its org set) in the history of h: appended if it is dated at
 * or after the last event, else inserted at its date with the rest of
 * the history replayed after it, as known at known. A correction is
 * placed at the date of the event it corrects, and the history folded
 * from before that date with the event withdrawn or corrected. Returns
 * AS_OK with h advanced, AS_EINVAL with err set (h unchanged), or
 * AS_ESTORE.
 */
static int
place(as_ledger *l, as_org_head *h, const as_event *ev, int64_t known,
    int cps, as_error *err)
{
	struct fold_arg a;
	fold_opts o = { h->st, 0, NULL, AS_TIME_NEVER, NULL };
	int rc;

	if (corrects(ev->type)) {
		o.target = target_of(ev);
		o.payload = json_object_get(ev->data, "payload");
		o.cp_before = ev->when - 1;
		o.replay = ev->type;
	} else if (ev->when >= h->at) {
		if (as_state_apply(h->st, ev, err) != 0)
			return AS_EINVAL;
		h->at = ev->when;
		h->seq = ev->seq;
		h->bytes += strlen(ev->data_text);
		if (ev->seq > h->upto)
			h->upto = ev->seq;
		return AS_OK;
	}
	/* Backdated: the history up to its date, the event, the rest (with
	 * checkpoints along it if the write keeps them: those after its
	 * date are dropped; for a correction, those at it too). */
	if ((rc = fold_org(l, ev->org, ev->when, known, cps, &o, &a, NULL,
	    err)) != AS_OK)
		return rc;
	if (as_state_apply(a.st, ev, err) != 0) {
		as_state_free(a.st);
		fold_done(&a);
		return AS_EINVAL;
	}
	a.replay = ev->type;
	a.bytes += strlen(ev->data_text);
	a.upto = ev->seq > a.upto ? ev->seq : a.upto;
	a.cp_bytes = cps && known == AS_SEQ_END ? l->cp_bytes : 0;
	rc = l->store->ops->scan_org(l->store, ev->org, ev->when, INT64_MAX,
	    AS_TIME_NEVER, known, fold_one, &a, err);
	if (rc == AS_OK)
		rc = a.rc;
	if (rc == AS_OK && a.cp_bytes != 0 &&
	    (rc = l->store->ops->cp_drop(l->store, ev->org, o.target > 0 ?
	    ev->when - 1 : ev->when, err)) == AS_OK)
		for (size_t i = 0; rc == AS_OK && i < a.ncps; i++)
			rc = l->store->ops->cp_put(l->store, &a.cps[i], err);
	if (rc == AS_OK && a.ncps > 0)
		h->cp_len = a.cps[a.ncps - 1].len;
	fold_done(&a);
	if (rc != AS_OK) {
		as_state_free(a.st);
		return rc;
	}
	as_state_free(h->st);
	h->st = a.st;
	h->upto = a.upto;
	h->bytes = a.bytes;
	if (a.seq == NO_AT) {		/* nothing after it */
		h->at = ev->when;
		h->seq = ev->seq;
	} else {
		h->at = a.at;
		h->seq = a.seq;
	}
	return AS_OK;
}

/* Writes a checkpoint of h if enough was folded since the last. */
static int
maybe_checkpoint(as_ledger *l, as_org_head *h, as_error *err)
{
	as_checkpoint cp;
	size_t need = h->cp_len > l->cp_bytes ? h->cp_len : l->cp_bytes;
	int rc;

	if (h->bytes < need || h->seq == NO_AT)
		return AS_OK;
	memset(&cp, 0, sizeof(cp));
	snprintf(cp.org, sizeof(cp.org), "%s", h->org);
	cp.at = h->at;
	cp.seq = h->seq;
	cp.upto = h->upto;
	if ((cp.state = as_state_dump(h->st, &cp.len)) == NULL)
		return as_nomem(err, NULL);
	rc = l->store->ops->cp_put(l->store, &cp, err);
	free(cp.state);
	if (rc == AS_OK) {
		h->bytes = 0;
		h->cp_len = cp.len;
	}
	return rc;
}

struct catch_arg {
	as_ledger	*l;
	int		 rc;
	as_error *err;
};

/* An event another process appended: folded into its organisation's
 * kept state if it comes last there, else that state is dropped. */
static int
catch_one(void *arg, const as_event *ev)
{
	struct catch_arg *a = arg;
	as_ledger *l = a->l;
	size_t i;

	if (!as_map_get(&l->heads.ids, ev->org, &i))
		return 0;
	if (ev->data != NULL && ev->when >= l->heads.v[i].at &&
	    place(l, &l->heads.v[i], ev, AS_SEQ_END, 1, a->err) == AS_OK)
		return 0;
	/* Backdated (or unreadable): refolded from a checkpoint when next
	 * needed. */
	heads_drop(l);
	return 1;
}

/* Brings the kept states to the head h. */
static int
catch_up(as_ledger *l, const as_head *h, as_error *err)
{
	struct catch_arg a = { l, AS_OK, err };

	if (l->seen == h->seq)
		return AS_OK;
	if (l->seen < 0 || l->seen > h->seq) {
		heads_drop(l);
		l->seen = h->seq;
		return AS_OK;
	}
	if (l->store->ops->scan(l->store, l->seen + 1, h->seq, catch_one, &a,
	    err) != AS_OK)
		return AS_ESTORE;
	l->seen = h->seq;
	return AS_OK;
}

/* Checks an imported event's link: seq, prev, hash, recorded time. */
static int
check_link(const as_event *ev, int64_t seq, const uint8_t prev[AS_HASH_LEN],
    const char *recorded, as_error *why)
{
	uint8_t h[AS_HASH_LEN];

	if (ev->seq != seq)
		return as_err(why, "event %lld: found where event %lld should "
		    "be (an event was removed, inserted or moved)",
		    (long long)ev->seq, (long long)seq);
	if (memcmp(ev->prev, prev, AS_HASH_LEN) != 0)
		return as_err(why, "event %lld: its link does not match the hash "
		    "of event %lld (this event's link was altered, or an event "
		    "before it was altered, removed or inserted)", (long long)seq,
		    (long long)seq - 1);
	as_chain_hash(ev, prev, h);
	if (memcmp(h, ev->hash, AS_HASH_LEN) != 0)
		return as_err(why, "event %lld: its content does not match its "
		    "hash (altered)", (long long)seq);
	if (strcmp(ev->recorded, recorded) < 0)
		return as_err(why, "event %lld: recorded %s, before the event "
		    "preceding it (%s)", (long long)seq, ev->recorded, recorded);
	return 0;
}

/* Whether ev's date lies too far past the instant it is recorded. */
static int
too_far_ahead(const as_event *ev, as_error *err)
{
	int64_t rec;

	if (as_date_parse(ev->recorded, &rec, NULL) != 0)
		return as_err(err, "%s: recorded '%s' is not an instant",
		    ev->type, ev->recorded);
	if (ev->when > rec && ev->when - rec > AS_AHEAD_MAX)
		return as_err(err, "%s: dated %s, more than %s after it is "
		    "recorded (%s): a date to come goes in the field that "
		    "schedules it (since, until, start, a silence deadline)",
		    ev->type, ev->date, AS_AHEAD_TEXT, ev->recorded);
	return 0;
}

/*
 * The organisation of ev and the check of the name it introduces: 0 with
 * ev->org set and *fresh saying whether its name is new; AS_EINVAL or
 * AS_ESTORE with err set. legacy: the stored org stands for an event of
 * a ledger upgraded from format 1 whose scope the payload does not tell.
 */
static int
scope(as_name_fn fn, void *arg, as_event *ev, int legacy, int *fresh,
    as_error *err)
{
	char org[AS_ID_MAX + 1];
	int rc;

	rc = as_event_scope(ev->type, ev->data, fn, arg, org, err);
	if (rc == AS_SCOPE_FAILED)
		return AS_ESTORE;
	if (rc != 0 && !(legacy && ev->org[0] != '\0'))
		return AS_EINVAL;
	if (rc == 0)
		memcpy(ev->org, org, sizeof(org));
	rc = as_event_name_check(ev->type, ev->data, ev->org, fn, arg, err);
	if (rc == -2)
		return AS_ESTORE;
	if (rc < 0)
		return AS_EINVAL;
	*fresh = rc == 1;
	return AS_OK;
}

/* The event a correction names, as stored. */
typedef struct target {
	int	 found;
	char	 type[64];
	char	 org[AS_ID_MAX + 1];
	char	 date[AS_DATE_MAX];
	int64_t	 when;
	json_t	*data;		/* a reference, or NULL */
} target;

static int
target_one(void *arg, const as_event *ev)
{
	target *t = arg;

	t->found = 1;
	snprintf(t->type, sizeof(t->type), "%s", ev->type);
	snprintf(t->org, sizeof(t->org), "%s", ev->org);
	snprintf(t->date, sizeof(t->date), "%s", ev->date);
	t->when = ev->when;
	t->data = json_incref(ev->data);
	return 1;
}

static int
read_target(as_ledger *l, int64_t seq, target *t, as_error *err)
{
	memset(t, 0, sizeof(*t));
	return l->store->ops->scan(l->store, seq, seq, target_one, t, err);
}

/*
 * The date and organisation the ledger gives an event beside its payload:
 * a timeless one is dated AS_TIMELESS_DATE; a correction (of seq before
 * its own) takes the date and organisation of the event it corrects,
 * which must be stored and not a correction itself; its payload, if any,
 * must be valid for that event's type, of the same organisation (names
 * fn), introducing the same name; an event that introduces a name cannot
 * be withdrawn, only corrected. With chained (an import, verify) the date
 * must be that one already; else it is set. AS_OK, AS_EINVAL or
 * AS_ESTORE, err set.
 */
static int
ledger_dating(as_ledger *l, as_event *ev, int64_t seq, int chained,
    as_name_fn fn, void *arg, as_error *err)
{
	const as_event_type *t = as_event_type_find(ev->type, 0);
	const json_t *payload;
	char want[AS_DATE_MAX], org[AS_ID_MAX + 1];
	enum as_name_kind k1, k2;
	const char *id1, *id2;
	int64_t when, tseq;
	target tg;
	int rc = AS_EINVAL;

	if (t == NULL || !(t->flags & (AS_T_TIMELESS | AS_T_CORRECTS)))
		return AS_OK;
	if (t->flags & AS_T_TIMELESS) {
		as_date_canon(AS_TIMELESS_DATE, want, &when);
		if (chained && strcmp(ev->date, want) != 0)
			return as_fail(err, AS_EINVAL,
			    "%s: dated %s: a record without a place "
			    "in the history is dated %s", ev->type, ev->date,
			    want);
		memcpy(ev->date, want, sizeof(want));
		ev->when = when;
		return AS_OK;
	}
	tseq = target_of(ev);
	payload = json_object_get(ev->data, "payload");
	if (tseq >= seq)
		return as_err(err, "%s: field 'seq': no event %lld before this "
		    "one (%lld)", ev->type, (long long)tseq, (long long)seq),
		    AS_EINVAL;
	if (read_target(l, tseq, &tg, err) != AS_OK)
		return AS_ESTORE;
	if (!tg.found || tg.data == NULL) {
		as_err(err, "%s: field 'seq': no event %lld in the ledger",
		    ev->type, (long long)tseq);
		goto done;
	}
	if (corrects(tg.type)) {
		as_err(err, "%s: event %lld is a correction: correct the event it "
		    "corrected, or record it again", ev->type, (long long)tseq);
		goto done;
	}
	if (as_event_names(tg.type, tg.data, &k1, &id1)) {
		if (payload == NULL) {
			as_err(err, "%s: event %lld (%s) introduces %s '%s': it can "
			    "be corrected, not withdrawn", ev->type, (long long)tseq,
			    tg.type, as_name_kind_text(k1), id1);
			goto done;
		}
		if (!as_event_names(tg.type, payload, &k2, &id2) || k1 != k2 ||
		    strcmp(id1, id2) != 0) {
			as_err(err, "%s: field 'payload': the corrected event %lld "
			    "must keep %s '%s'", ev->type, (long long)tseq,
			    as_name_kind_text(k1), id1);
			goto done;
		}
	}
	if (payload != NULL) {
		as_error why[1];
		if (as_schema_check(as_event_type_find(tg.type, 0), payload,
		    why) != 0) {
			as_err(err, "%s: field 'payload': %.400s", ev->type,
			    why->msg);
			goto done;
		}
		rc = as_event_scope(tg.type, payload, fn, arg, org, why);
		if (rc == AS_SCOPE_FAILED) {
			*err = *why;
			rc = AS_ESTORE;
			goto done;
		}
		if (rc != 0 || strcmp(org, tg.org) != 0) {
			rc = AS_EINVAL;
			as_err(err, "%s: field 'payload': the corrected event %lld "
			    "must stay in %s", ev->type, (long long)tseq, tg.org);
			goto done;
		}
		rc = AS_EINVAL;
	}
	if (chained && strcmp(ev->date, tg.date) != 0) {
		as_err(err, "%s: dated %s, not as the event it corrects (%lld, %s)",
		    ev->type, ev->date, (long long)tseq, tg.date);
		goto done;
	}
	memcpy(ev->date, tg.date, sizeof(ev->date));
	ev->when = tg.when;
	memcpy(ev->org, tg.org, sizeof(ev->org));
	rc = AS_OK;
done:
	json_decref(tg.data);
	return rc;
}

int
as_ledger_scope(as_ledger *l, const char *type, const json_t *data,
    char org[AS_ID_MAX + 1], as_error *err)
{
	int64_t seq;
	target tg;
	int rc;

	if (!corrects(type)) {
		rc = as_event_scope(type, data, l->store->ops->name_get,
		    l->store, org, err);
		/* A lookup that failed is the store's (or the memory's). */
		if (rc == AS_SCOPE_FAILED)
			settle(l, err, err->kind == AS_ENOMEM ? AS_ENOMEM :
			    AS_ESTORE);
		return rc;
	}
	/* A correction's is that of the event it corrects. */
	seq = (int64_t)json_integer_value(json_object_get(data, "seq"));
	if ((rc = read_target(l, seq, &tg, err)) != AS_OK) {
		settle(l, err, rc);
		return AS_SCOPE_FAILED;
	}
	rc = 0;
	if (!tg.found || tg.data == NULL) {
		as_err(err, "%s: field 'seq': no event %lld in the ledger", type,
		    (long long)seq);
		rc = AS_SCOPE_UNKNOWN;
	}
	memcpy(org, tg.org, AS_ID_MAX + 1);
	json_decref(tg.data);
	return rc;
}

/* A correction of an event already corrected is refused, naming the
 * first correction. */
static int
not_corrected(const as_state *st, const as_event *ev, as_error *err)
{
	const as_correction *c;

	if (!corrects(ev->type) ||
	    (c = as_state_correction(st, target_of(ev))) == NULL)
		return AS_OK;
	return as_fail(err, AS_EINVAL,
	    "%s: event %lld is already corrected (by event "
	    "%lld)", ev->type, (long long)c->seq, (long long)c->by);
}

/* One write of a batch, in the transaction; chain is the head so far. */
static int
write_one(as_ledger *l, as_write *w, as_head *chain, const char *recorded)
{
	as_event *ev = w->ev;
	const as_event_type *t = as_event_type_find(ev->type, 0);
	as_store *s = l->store;
	uint8_t seen[AS_HASH_LEN];
	enum as_name_kind kind;
	const char *id;
	as_org_head *h;
	int rc, fresh;

	as_error_clear(w->err);
	if (w->expect != NULL && memcmp(w->expect, chain->hash,
	    AS_HASH_LEN) != 0)
		return as_fail(w->err, AS_ECONFLICT,
		    "the ledger's head is not the one "
		    "expected");
	if (w->idem != NULL) {
		rc = s->ops->idem_get(s, w->idem->principal, w->idem->key, seen,
		    &w->first, w->err);
		if (rc < 0)
			return AS_ESTORE;
		if (rc == 1) {
			w->same = sodium_memcmp(seen, w->idem->request,
			    AS_HASH_LEN) == 0;
			return as_fail(w->err, AS_EREPLAY,
			    "Idempotency-Key: '%s' was used "
			    "%s", w->idem->key, w->same ? "before: the first "
			    "answer stands" : "for another request");
		}
	}
	if (w->chained) {
		if (check_link(ev, chain->seq + 1, chain->hash, chain->recorded,
		    w->err) != 0)
			return AS_EINVAL;
	} else {
		ev->seq = chain->seq + 1;
		snprintf(ev->recorded, sizeof(ev->recorded), "%s",
		    strcmp(recorded, chain->recorded) < 0 ? chain->recorded :
		    recorded);
		if (w->undated) {
			memcpy(ev->date, ev->recorded, sizeof(ev->date));
			if (as_date_parse(ev->date, &ev->when, NULL) != 0)
				return as_fail(w->err, AS_EINVAL,
				    "recorded '%s' is not an "
				    "instant", ev->recorded);
		}
	}
	if (t == NULL)
		return as_err(w->err, "unknown event type '%s'", ev->type),
		    AS_EINVAL;
	if (as_schema_check(t, ev->data, w->err) != 0)
		return AS_EINVAL;
	ev->org[0] = '\0';
	if ((rc = ledger_dating(l, ev, ev->seq, w->chained, s->ops->name_get,
	    s, w->err)) != AS_OK)
		return rc;
	if (too_far_ahead(ev, w->err) != 0)
		return AS_EINVAL;
	fresh = 0;
	if (!(t->flags & AS_T_CORRECTS) && (rc = scope(s->ops->name_get, s, ev,
	    0, &fresh, w->err)) != AS_OK)
		return rc;
	if ((h = head_of(l, &l->heads, ev->org, AS_SEQ_END, 1, w->err)) == NULL)
		return AS_ESTORE;
	/* A backdated event (a correction always) drops the checkpoints
	 * after its date and makes new ones along its replay (place). */
	if ((rc = not_corrected(h->st, ev, w->err)) != AS_OK ||
	    (rc = place(l, h, ev, AS_SEQ_END, 1, w->err)) != AS_OK)
		return rc;
	if (!w->chained) {
		memcpy(ev->prev, chain->hash, AS_HASH_LEN);
		as_chain_hash(ev, ev->prev, ev->hash);
	}
	if (s->ops->insert(s, ev, w->idem, w->err) != AS_OK)
		return AS_ESTORE;
	if (fresh && as_event_names(ev->type, ev->data, &kind, &id) &&
	    s->ops->name_put(s, kind, id, ev->org, ev->seq, w->err) != AS_OK)
		return AS_ESTORE;
	if (maybe_checkpoint(l, h, w->err) != AS_OK)
		return AS_ESTORE;
	chain->seq = ev->seq;
	memcpy(chain->hash, ev->hash, AS_HASH_LEN);
	snprintf(chain->recorded, sizeof(chain->recorded), "%s", ev->recorded);
	return AS_OK;
}

/* A write's transaction: the lock, the head, the kept states caught up. */
static int
write_begin(as_ledger *l, as_head *h, as_error *err)
{
	as_store *s = l->store;

	if (s->ops->begin(s, h, err) != AS_OK)
		return AS_ESTORE;
	if (catch_up(l, h, err) != AS_OK) {
		s->ops->rollback(s);
		return AS_ESTORE;
	}
	return AS_OK;
}

/* A write given up: nothing stored, and the kept states, which took what
 * the store will not, dropped. */
static void
write_abort(as_ledger *l)
{
	l->store->ops->rollback(l->store);
	heads_drop(l);
}

static int
write_commit(as_ledger *l, const as_head *h, as_error *err)
{
	if (l->store->ops->commit(l->store, h, err) != AS_OK) {
		heads_drop(l);
		return AS_ESTORE;
	}
	l->seen = h->seq;
	return AS_OK;
}

/* One try of as_ledger_write; *begun tells whether its transaction began
 * (the store was reached). */
static int
write_try(as_ledger *l, as_write *w, size_t n, const char *recorded,
    int all, size_t *bad, int *begun, as_error *err)
{
	as_head h;
	size_t i;
	int rc;

	*begun = 0;
	for (i = 0; i < n; i++)
		w[i].rc = AS_ESTORE;
	if (write_begin(l, &h, err) != AS_OK)
		goto failed;
	*begun = 1;
	for (i = 0; i < n; i++) {
		w[i].rc = write_one(l, &w[i], &h, recorded);
		if (w[i].rc == AS_ESTORE || (all && w[i].rc != AS_OK)) {
			write_abort(l);
			if (bad != NULL)
				*bad = i;
			*err = *w[i].err;
			rc = w[i].rc = settle(l, w[i].err, w[i].rc);
			for (size_t k = 0; k < n; k++)
				if (k != i)
					w[k].rc = rc == AS_ESTORE ||
					    rc == AS_EUNAVAIL ? rc : AS_EINVAL;
			return rc;
		}
	}
	if (write_commit(l, &h, err) != AS_OK)
		goto failed;
	return AS_OK;
failed:
	rc = settle(l, err, AS_ESTORE);
	for (i = 0; i < n; i++) {
		w[i].rc = rc;
		*w[i].err = *err;
	}
	return rc;
}

/*
 * A write whose connection was lost inside its transaction, before its
 * commit was sent, recorded nothing: it is run once more at once, on a
 * new connection (after a failover, the new primary's; after a
 * connection cut by a restart or a proxy, the same server's). One lost
 * during the commit itself may have been recorded (the store sets
 * unsure): it is never run again here; a keyed retry of the client's
 * finds its key if it was. One that could not begin found the store out
 * of reach already (the begin makes the connection again itself).
 */
int
as_ledger_write(as_ledger *l, as_write *w, size_t n, const char *recorded,
    int all, size_t *bad, as_error *err)
{
	int begun, rc;

	rc = write_try(l, w, n, recorded, all, bad, &begun, err);
	if (rc == AS_EUNAVAIL && begun && !l->store->unsure)
		rc = write_try(l, w, n, recorded, all, bad, &begun, err);
	return rc;
}

int
as_ledger_write_stream(as_ledger *l, as_next_fn next, void *arg, int chained,
    const char *recorded, as_stream_result *res, as_error *err)
{
	as_write w;
	as_event ev;
	as_head h;
	int rc;

	memset(res, 0, sizeof(*res));
	if (write_begin(l, &h, err) != AS_OK)
		return settle(l, err, AS_ESTORE);
	for (;;) {
		memset(&ev, 0, sizeof(ev));
		if ((rc = next(arg, &ev, err)) == 0)
			break;
		if (rc < 0) {
			write_abort(l);
			return AS_EINVAL;
		}
		memset(&w, 0, sizeof(w));
		w.ev = &ev;
		w.chained = chained;
		rc = write_one(l, &w, &h, recorded);
		if (rc == AS_OK) {
			if (res->count++ == 0)
				res->first = ev.seq;
			res->last = ev.seq;
			memcpy(res->head, ev.hash, AS_HASH_LEN);
		}
		as_event_clear(&ev);
		if (rc != AS_OK) {
			write_abort(l);
			*err = *w.err;
			return settle(l, err, rc);
		}
	}
	return settle(l, err, write_commit(l, &h, err));
}

/*
 * Verify, in two passes. First the chain in order of seq: each link and
 * hash, the recorded times, the schema, the stored organisation and
 * instant against those the payload and the date tell, the names. Then
 * each organisation's history in order of date, then seq, as every read
 * folds it: every event must apply, and every checkpoint must be the
 * state at its place, byte for byte. Both are linear in the ledger,
 * whatever was backdated (the writers checked each event against the
 * history as it then stood; the chain proves those events unchanged).
 */
struct verify_arg {
	as_ledger	*l;
	as_verify	*v;
	as_names	 names;
	as_names	 orgs;		/* every organisation with events */
	int64_t		 legacy;	/* the legacy head */
	uint8_t		 prev[AS_HASH_LEN];
	char		 recorded[AS_DATE_MAX];
	int		 rc;		/* AS_ESTORE if the store failed */
	as_error *err;
	/* The corrections of each organisation, for its checkpoints. */
	struct org_skips {
		char	 org[AS_ID_MAX + 1];
		skips	 k;
	}		*cs;
	size_t		 ncs;
};

/* The corrections kept for org (added if missing), or NULL. */
static skips *
org_skips(struct verify_arg *a, const char *org, int add)
{
	struct org_skips *v;

	for (size_t i = 0; i < a->ncs; i++)
		if (strcmp(a->cs[i].org, org) == 0)
			return &a->cs[i].k;
	if (!add || (v = as_realloc(a->cs, (a->ncs + 1) * sizeof(*v))) == NULL)
		return NULL;
	a->cs = v;
	memset(&v[a->ncs], 0, sizeof(v[a->ncs]));
	snprintf(v[a->ncs].org, sizeof(v[a->ncs].org), "%s", org);
	return &v[a->ncs++].k;
}

static void
org_skips_free(struct verify_arg *a)
{
	for (size_t i = 0; i < a->ncs; i++)
		skips_free(&a->cs[i].k);
	free(a->cs);
	a->cs = NULL;
	a->ncs = 0;
}

static int
verify_one(void *arg, const as_event *stored)
{
	struct verify_arg *a = arg;
	const as_event_type *t;
	as_event ev = *stored;		/* shallow: org is rewritten */
	as_error why[1];
	enum as_name_kind kind;
	const char *id;
	skips *k;
	int fresh, rc, legacy = stored->seq <= a->legacy;

	if (check_link(&ev, a->v->events + 1, a->prev, a->recorded,
	    a->v->why) != 0)
		goto bad;
	if (ev.data == NULL) {
		as_err(a->v->why, "event %lld: data is not JSON",
		    (long long)ev.seq);
		goto bad;
	}
	if (ev.at != ev.when) {
		as_err(a->v->why, "event %lld: its stored instant does not match "
		    "its date %s (altered)", (long long)ev.seq, ev.date);
		goto bad;
	}
	if ((t = as_event_type_find(ev.type, 0)) == NULL ||
	    as_schema_check(t, ev.data, why) != 0) {
		if (t == NULL)
			as_err(why, "unknown event type '%s'", ev.type);
		as_err(a->v->why, "event %lld: %.400s", (long long)ev.seq,
		    why->msg);
		goto bad;
	}
	rc = ledger_dating(a->l, &ev, ev.seq, 1, as_names_get, &a->names, why);
	if (rc == AS_ESTORE) {
		*a->err = *why;
		a->rc = AS_ESTORE;
		return 1;
	}
	if (rc != AS_OK || (!legacy && too_far_ahead(&ev, why) != 0)) {
		as_err(a->v->why, "event %lld: %.400s", (long long)ev.seq,
		    why->msg);
		goto bad;
	}
	fresh = 0;
	if (!(t->flags & AS_T_CORRECTS) && (rc = scope(as_names_get, &a->names,
	    &ev, legacy, &fresh, why)) != AS_OK) {
		as_err(a->v->why, "event %lld: %.400s", (long long)ev.seq,
		    why->msg);
		goto bad;
	}
	if (strcmp(ev.org, stored->org) != 0) {
		as_err(a->v->why, "event %lld: stored in the history of '%s' but "
		    "belongs to %s (altered)", (long long)ev.seq, stored->org,
		    ev.org);
		goto bad;
	}
	if ((t->flags & AS_T_CORRECTS) && (k = org_skips(a, ev.org, 0)) != NULL &&
	    skips_find(k, target_of(&ev)) != NULL) {
		as_err(a->v->why, "event %lld: %s: event %lld is already "
		    "corrected", (long long)ev.seq, ev.type,
		    (long long)target_of(&ev));
		goto bad;
	}
	if ((fresh && as_event_names(ev.type, ev.data, &kind, &id) &&
	    as_names_put(&a->names, kind, id, ev.org) != 0) ||
	    as_names_put(&a->orgs, AS_NAME_ORG, ev.org, ev.org) != 0 ||
	    ((t->flags & AS_T_CORRECTS) && ((k = org_skips(a, ev.org, 1)) ==
	    NULL || skips_add(k, target_of(&ev), json_object_get(ev.data,
	    "payload")) != 0))) {
		a->rc = as_nomem(a->err, NULL);
		return 1;
	}
	memcpy(a->prev, ev.hash, AS_HASH_LEN);
	memcpy(a->v->head, ev.hash, AS_HASH_LEN);
	snprintf(a->recorded, sizeof(a->recorded), "%s", ev.recorded);
	a->v->events++;
	return 0;
bad:
	a->v->ok = 0;
	a->v->bad_seq = a->v->events + 1;
	return 1;
}

/* The checkpoints, each against its organisation's history. */
struct cps_arg {
	as_checkpoint	*v;
	size_t		 n, cap;
	int64_t		 known;		/* those holding no later seq */
	int		 oom;
};

static int
cps_collect(void *arg, const as_checkpoint *cp)
{
	struct cps_arg *a = arg;

	if (cp->upto > a->known)
		return 0;	/* written after the head verify reads */
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		as_checkpoint *v = as_realloc(a->v, cap * sizeof(*v));
		if (v == NULL)
			return a->oom = 1;
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n] = *cp;
	if ((a->v[a->n].state = as_malloc(cp->len + 1)) == NULL)
		return a->oom = 1;
	memcpy(a->v[a->n].state, cp->state, cp->len);
	a->v[a->n++].state[cp->len] = '\0';
	return 0;
}

struct history_arg {
	as_state	*st;
	const char	*org;
	const skips	*skip;		/* the organisation's corrections */
	as_checkpoint	*cp;		/* the next to check */
	size_t		 left;		/* of this organisation */
	int64_t		 upto;
	as_verify	*v;
	int		 rc;
	as_error *err;
};

/* One event of an organisation's history: it applies, and the state
 * after it is every checkpoint there. */
static int
history_one(void *arg, const as_event *ev)
{
	struct history_arg *a = arg;
	const skip *k = a->skip ? skips_find(a->skip, ev->seq) : NULL;
	as_error why[1];
	as_event alt;

	/* The history as the reads fold it: the events corrected withdrawn,
	 * or folded with their correction's payload. */
	if (k != NULL && k->payload != NULL) {
		alt = *ev;
		alt.data = k->payload;
	}
	if (ev->data == NULL || (!(k != NULL && k->payload == NULL) &&
	    as_state_apply(a->st, k != NULL ? &alt : ev, why) != 0)) {
		a->v->ok = 0;
		a->v->bad_seq = ev->seq;
		as_fail(a->v->why, AS_EBROKEN, "event %lld: does not apply in "
		    "the history of %s, at %s: %.400s", (long long)ev->seq,
		    a->org, ev->date, ev->data ? why->msg : "data is not JSON");
		return 1;
	}
	if (ev->seq > a->upto)
		a->upto = ev->seq;
	while (a->left > 0 && (a->cp->at < ev->when || (a->cp->at == ev->when
	    && a->cp->seq <= ev->seq))) {
		size_t len;
		char *dump;
		if (a->cp->at != ev->when || a->cp->seq != ev->seq ||
		    a->cp->upto != a->upto) {
			as_err(a->v->why, "the checkpoint of %s after event %lld "
			    "does not match the events (its place or range is "
			    "not one of that history's)", a->cp->org,
			    (long long)a->cp->seq);
			goto bad;
		}
		if ((dump = as_state_dump(a->st, &len)) == NULL) {
			a->rc = as_nomem(a->err, NULL);
			return 1;
		}
		int same = len == a->cp->len && memcmp(dump, a->cp->state,
		    len) == 0;
		free(dump);
		if (!same) {
			as_err(a->v->why, "the checkpoint of %s after event %lld "
			    "(%s) does not match the events (altered)", a->cp->org,
			    (long long)a->cp->seq, ev->date);
			goto bad;
		}
		a->v->checkpoints++;
		a->cp++;
		a->left--;
	}
	return 0;
bad:
	a->v->ok = 0;
	a->v->bad_seq = a->cp->seq;
	return 1;
}

/* Every organisation's history (orgs) and every checkpoint, as of the
 * head at known. */
static int
verify_histories(as_ledger *l, as_verify *v, struct verify_arg *va,
    const as_names *orgs, int64_t known, as_error *err)
{
	struct cps_arg c = { NULL, 0, 0, known, 0 };
	size_t i, j = 0, k;
	int rc;

	rc = l->store->ops->cp_scan(l->store, cps_collect, &c, err);
	if (rc == AS_OK && c.oom)
		rc = as_nomem(err, NULL);
	/* Checkpoints of no organisation's history. */
	for (i = 0; rc == AS_OK && v->ok && i < c.n; i++) {
		size_t at;
		if (!as_map_get(&orgs->map[AS_NAME_ORG], c.v[i].org, &at)) {
			v->ok = 0;
			v->bad_seq = c.v[i].seq;
			as_err(v->why, "the checkpoint of %s after event %lld does "
			    "not match the events (no such organisation's "
			    "history)", c.v[i].org, (long long)c.v[i].seq);
		}
	}
	for (k = 0; rc == AS_OK && v->ok && k < orgs->norgs; k++) {
		struct history_arg a;
		const char *org = orgs->orgs[k];
		memset(&a, 0, sizeof(a));
		a.org = org;
		a.skip = org_skips(va, org, 0);
		a.v = v;
		a.err = err;
		/* cp_scan orders the checkpoints by organisation. */
		for (i = 0; i < c.n && strcmp(c.v[i].org, org) != 0; i++)
			;
		for (j = i; j < c.n && strcmp(c.v[j].org, org) == 0; j++)
			;
		a.cp = c.v != NULL ? &c.v[i] : NULL;
		a.left = j - i;
		if ((a.st = as_state_new()) == NULL) {
			rc = as_nomem(err, NULL);
			break;
		}
		rc = l->store->ops->scan_org(l->store, org, NO_AT, NO_AT,
		    AS_TIME_NEVER, known, history_one, &a, err);
		as_state_free(a.st);
		if (rc == AS_OK)
			rc = a.rc;
		if (rc == AS_OK && v->ok && a.left > 0) {
			v->ok = 0;
			v->bad_seq = a.cp->seq;
			as_err(v->why, "the checkpoint of %s after event %lld does "
			    "not match the events (no such event in its history)",
			    a.cp->org, (long long)a.cp->seq);
		}
	}
	for (i = 0; i < c.n; i++)
		free(c.v[i].state);
	free(c.v);
	return rc;
}

int
as_ledger_verify(as_ledger *l, as_verify *v, as_error *err)
{
	struct verify_arg a;
	int64_t rows, outside;
	as_head h;
	int rc;

	memset(v, 0, sizeof(*v));
	memset(&a, 0, sizeof(a));
	v->ok = 1;
	a.l = l;
	a.v = v;
	a.err = err;
	if ((rc = l->store->ops->legacy_head(l->store, &a.legacy, err)) != AS_OK)
		return settle(l, err, rc);
	/* The chain up to the head as it is now: events that other writers
	 * commit meanwhile come after it, and are not what is checked. */
	if ((rc = as_ledger_head(l, &h, err)) != AS_OK)
		return settle(l, err, rc);
	rc = as_ledger_scan(l, 1, h.seq, verify_one, &a, err);
	as_names_free(&a.names);
	if (rc == AS_OK)
		rc = a.rc;
	if (rc != AS_OK || !v->ok)
		goto done;
	if ((rc = l->store->ops->count(l->store, &rows, &outside, err)) != AS_OK)
		goto done;
	if (h.seq != v->events || (h.seq > 0 &&
	    memcmp(h.hash, v->head, AS_HASH_LEN) != 0)) {
		v->ok = 0;
		v->bad_seq = v->events + 1;
		as_err(v->why, "event %lld: missing; the ledger's head is event "
		    "%lld (events were removed from the end)",
		    (long long)v->events + 1, (long long)h.seq);
		goto done;
	}
	if (outside > 0) {
		v->ok = 0;
		v->bad_seq = h.seq + 1;
		as_err(v->why, "%lld of %lld stored events lie outside the chain "
		    "(seq below 1 or past the head %lld): inserted",
		    (long long)outside, (long long)rows, (long long)h.seq);
		goto done;
	}
	rc = verify_histories(l, v, &a, &a.orgs, h.seq, err);
done:
	as_names_free(&a.orgs);
	org_skips_free(&a);
	return settle(l, err, rc);
}

/*
 * The upgrade from format 1, where every organisation shared one order
 * of dates: the ledger's events fold in order of seq into one state,
 * which tells the organisation of each as the payload and the names do,
 * and, for a commitment that names neither proposal nor organisation,
 * as format 1 did (the first organisation that has the member it is
 * given to).
 */
struct upgrade_arg {
	as_state	*st;
	as_names	 names;
};

static const char *
legacy_member_org(const as_state *st, const char *code)
{
	for (size_t i = 0; code != NULL && i < st->norgs; i++)
		if (as_org_member(&st->orgs[i], code, NULL) != NULL)
			return st->orgs[i].id;
	return NULL;
}

static int
upgrade_scope(void *arg, const as_event *ev, char org[AS_ID_MAX + 1],
    as_error *err)
{
	struct upgrade_arg *a = arg;
	const char *to = json_string_value(json_object_get(ev->data, "to"));
	const as_commitment *c;
	enum as_name_kind kind;
	const char *id, *o;
	as_error why[1];

	if (as_event_scope(ev->type, ev->data, as_names_get, &a->names, org,
	    why) != 0) {
		if (to == NULL && (c = as_state_commitment(a->st,
		    json_string_value(json_object_get(ev->data, "id")))) != NULL)
			to = c->to;
		if ((o = legacy_member_org(a->st, to)) == NULL)
			return as_err(err, "event %lld: %.400s", (long long)ev->seq,
			    why->msg);
		snprintf(org, AS_ID_MAX + 1, "%s", o);
	}
	if (as_state_apply(a->st, ev, why) != 0)
		return as_err(err, "event %lld does not apply: %.400s (run "
		    "verify)", (long long)ev->seq, why->msg);
	if (as_event_names(ev->type, ev->data, &kind, &id) &&
	    as_names_get(&a->names, kind, id, (char[AS_ID_MAX + 1]){ 0 },
	    why) == 0 && as_names_put(&a->names, kind, id, org) != 0)
		return as_nomem(err, NULL);
	return 0;
}

int
as_ledger_upgrade(const char *path, as_error *err)
{
	struct upgrade_arg a;
	int rc;

	if (sodium_init() < 0)
		return as_err(err, "libsodium cannot be initialised");
	if (as_store_is_pg(path)) {
		/* PostgreSQL ledgers began at format 2. */
		as_ledger *l = as_ledger_open(path, 0, err, NULL);
		as_ledger_close(l);
		return l != NULL ? 1 : -1;
	}
	memset(&a, 0, sizeof(a));
	if ((a.st = as_state_new()) == NULL)
		return as_nomem(err, NULL);
	rc = as_store_sqlite_upgrade(path, upgrade_scope, &a, err);
	as_state_free(a.st);
	as_names_free(&a.names);
	return rc;
}

int
as_ledger_append(as_ledger *l, as_event *evs, size_t n, const char *recorded,
    size_t *bad, as_error *err)
{
	as_write *w = as_calloc(n + 1, sizeof(*w));
	int rc;

	if (w == NULL)
		return as_nomem(err, NULL);
	for (size_t i = 0; i < n; i++)
		w[i].ev = &evs[i];
	rc = as_ledger_write(l, w, n, recorded, 1, bad, err);
	free(w);
	return rc;
}
