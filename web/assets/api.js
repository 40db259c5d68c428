// Talking to assent's JSON API (/v1, docs/api.md): the bearer token kept
// for this tab, GETs that throw a one-line error, and the live stream.

const KEY = 'assent.token';

// The token: from "#token=..." in the address (then removed from it, so
// that it is not left in the history), else from this tab's storage.
export function tokenInit() {
	const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
	if (m) {
		sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
		history.replaceState(null, '', location.pathname + location.search);
	}
	return sessionStorage.getItem(KEY) || '';
}

export function tokenSet(t) {
	sessionStorage.setItem(KEY, t);
}

export function token() {
	return sessionStorage.getItem(KEY) || '';
}

// An API error: the HTTP status and the server's one-line detail.
export class ApiError extends Error {
	constructor(status, detail) {
		super(detail);
		this.status = status;
	}
}

// GET path with the query params whose values are not null or empty;
// resolves to the parsed JSON, rejects with an ApiError.
export async function get(path, params = {}) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(params))
		if (v !== null && v !== undefined && v !== '')
			q.set(k, v);
	const url = path + (q.size ? '?' + q : '');
	const r = await fetch(url, {
		headers: { Authorization: 'Bearer ' + token() },
	});
	let body = null;
	try {
		body = await r.json();
	} catch {
		body = null;
	}
	if (!r.ok)
		throw new ApiError(r.status, `${path}: ${r.status} ` +
		    (body && body.detail ? body.detail : r.statusText));
	return body;
}

// GET a paged list (docs/api.md, "Pages") whole: the first page's answer
// with the list under key holding the items of every page, following
// each page's `next` to the last.
export async function getAll(path, key, params = {}) {
	const first = await get(path, params);
	for (let page = first; page.next;) {
		page = await get(path, { ...params, after: page.next });
		first[key].push(...page[key]);
	}
	first.next = null;
	return first;
}

// The event types, read from the API's own description (one POST route
// per type): an EventSource hears only the event names it listens to.
export async function eventTypes() {
	const doc = await get('/v1/openapi.json');
	return Object.keys(doc.paths || {})
	    .filter((p) => p.startsWith('/v1/events/'))
	    .map((p) => p.slice('/v1/events/'.length));
}

// Opens the organisation's stream after seq `after`; onEvent(event) for
// each event, onState('live' | 'reconnecting') as the connection goes.
export function stream(org, after, types, onEvent, onState) {
	const q = new URLSearchParams({ access_token: token() });
	if (after !== null)
		q.set('last_event_id', String(after));
	const es = new EventSource(`/v1/orgs/${encodeURIComponent(org)}/stream?${q}`);
	const hear = (m) => {
		let ev = null;
		try {
			ev = JSON.parse(m.data);
		} catch {
			return;
		}
		onEvent(ev);
	};
	for (const t of types)
		es.addEventListener(t, hear);
	es.addEventListener('message', hear);
	es.onopen = () => onState('live');
	es.onerror = () => onState(es.readyState === EventSource.CLOSED ?
	    'closed' : 'reconnecting');
	return es;
}
