// The dashboard: an organisation, one of its proposals, replayed to any
// date of its history, updated live. Everything shown is read from the
// JSON API; the only thing this page keeps is the token and the
// hypothetical stances of the what-if (never written anywhere).

import { ApiError, eventTypes, get, getAll, stream, token, tokenInit, tokenSet } from './api.js';
import { fill, h, list, s as svg } from './dom.js';
import { drawMap, legend } from './map.js';
import { CYCLE, shown, stance } from './stances.js';

const $ = (id) => document.getElementById(id);

const st = {
	org: null,		// the organisation's id
	proposal: null,		// the proposal's id
	candidate: null,	// the candidate the board and analysis are for
	dates: [],		// the distinct dates of the proposal's events
	status: null,		// the last status read
	whatIf: new Map(),	// member code -> hypothetical stance
	es: null,		// the EventSource
	types: [],		// the event types, for the stream
	gen: 0,			// bumped by each refresh: older answers are dropped
	agen: 0,		// the same for the analysis alone (what-if)
	busy: false,		// a refresh is running
	again: false,		// another refresh was asked for meanwhile
	analysis: true,		// whether the server answers /analysis
	basis: null,		// the basis asked for, or null: the API's default
};

function showError(e) {
	const el = $('error');
	if (!e) {
		el.hidden = true;
		return;
	}
	el.textContent = e.message || String(e);
	el.hidden = false;
	if (e instanceof ApiError && e.status === 401) {
		$('auth').open = true;
		$('token').focus();
	}
}

// ?known_at= in the address: the answers as the ledger knew them then
// (only the events recorded by that instant), or null for everything.
function knownAt() {
	return new URLSearchParams(location.search).get('known_at');
}

// The date the slider points at, or null for "now".
function asOf() {
	const i = Number($('asof').value);
	return i < st.dates.length ? st.dates[i] : null;
}

function sliderText() {
	const d = asOf(), k = knownAt();
	$('asof-text').textContent = (d ? `as of ${d}` : 'now (latest)') +
	    (k ? `, as known at ${k}` : '');
	$('asof').setAttribute('aria-valuetext', d || 'now');
}

// ---- choosing what to show ----

async function loadOrgs() {
	const { orgs } = await getAll('/v1/orgs', 'orgs');
	const want = new URLSearchParams(location.search).get('org');
	const sel = $('org');
	sel.replaceChildren(...orgs.map((o) => h('option', { value: o.id }, o.name)));
	st.org = orgs.find((o) => o.id === want) ? want : (orgs[0] || {}).id || null;
	sel.value = st.org || '';
}

// The organisation's proposals in the selector; the one shown stays if
// keep, else the address's, else the first. The choice is made after the
// answer, so that a change made meanwhile is not undone.
async function loadProposals(keep) {
	const { proposals } = await getAll('/v1/proposals', 'proposals');
	const mine = proposals.filter((p) => p.org === st.org);
	const want = keep ? st.proposal :
	    new URLSearchParams(location.search).get('proposal');
	$('proposal').replaceChildren(...mine.map((p) => h('option',
	    { value: p.id }, `${p.title} (${p.state})`)));
	st.proposal = mine.find((p) => p.id === want) ? want :
	    (mine[0] || {}).id || null;
	$('proposal').value = st.proposal || '';
}

// The dates of the proposal's events: the stops of the slider, the last
// stop being "now". A slider that was at "now" stays there.
async function loadDates() {
	const slider = $('asof');
	const p = st.proposal;
	const { events } = p ?
	    await getAll(`/v1/proposals/${encodeURIComponent(p)}/timeline`,
		'events') :
	    { events: [] };
	if (p !== st.proposal)
		return;		/* another proposal was chosen meanwhile */
	const atNow = Number(slider.value) >= st.dates.length;
	const keep = asOf();
	st.dates = [...new Set(events.map((e) => e.date.slice(0, 10)))];
	slider.max = String(st.dates.length);
	slider.value = String(atNow || !keep ? st.dates.length :
	    Math.max(0, st.dates.indexOf(keep)));
	sliderText();
}

// ---- the stream ----

async function connect() {
	if (st.es)
		st.es.close();
	if (!st.org)
		return;
	/* ?stream=off: no live updates, so that the page settles (a headless
	 * screenshot with --virtual-time-budget waits for every request). */
	if (new URLSearchParams(location.search).get('stream') === 'off') {
		$('live').textContent = 'live updates off (?stream=off)';
		$('live').dataset.state = 'off';
		return;
	}
	const head = await get('/v1/head');
	st.es = stream(st.org, head.seq, st.types, (ev) => {
		$('live').textContent = `live · event ${ev.seq} (${ev.type})`;
		document.body.dataset.lastEvent = String(ev.seq);
		const openNew = ev.type === 'proposal.open';
		(openNew ? loadProposals(true) : Promise.resolve())
		    .then(loadDates).then(refresh).catch(showError);
	}, (state) => {
		if (state === 'live' && !/event/.test($('live').textContent))
			$('live').textContent = 'live';
		else if (state !== 'live')
			$('live').textContent = state;
		$('live').dataset.state = state;
	});
}

// ---- reading and drawing ----

// Reads the status, timeline and analysis as of the slider's date and
// draws them; overlapping calls collapse into one more run.
async function refresh() {
	if (st.busy) {
		st.again = true;
		return;
	}
	st.busy = true;
	do {
		st.again = false;
		try {
			await refreshOnce();
			showError(null);
		} catch (e) {
			showError(e);
		}
	} while (st.again);
	st.busy = false;
}

async function refreshOnce() {
	const gen = ++st.gen;
	if (!st.proposal) {
		fill('summary', h('p', {}, 'This organisation has no proposal yet.'));
		return;
	}
	const p = st.proposal;
	const id = encodeURIComponent(p);
	const as_of = asOf(), known_at = knownAt();
	const basis = st.basis;
	const [status, timeline, org, polls] = await Promise.all([
		get(`/v1/proposals/${id}/status`, { as_of, known_at, basis }),
		getAll(`/v1/proposals/${id}/timeline`, 'events', { as_of, known_at }),
		get(`/v1/orgs/${encodeURIComponent(st.org)}`, { as_of, known_at }),
		get(`/v1/proposals/${id}/polls`, { as_of, known_at }),
	]);
	const offices = await Promise.all((org.offices || []).map((o) =>
	    get(`/v1/offices/${encodeURIComponent(o)}`, { as_of, known_at })));
	if (gen !== st.gen || p !== st.proposal)
		return;		/* another proposal was chosen meanwhile */
	drawOrg(org, offices);
	st.status = status;
	chooseCandidate(status);
	drawSummary(status);
	$('basis').value = status.basis;
	drawBoard(status);
	drawCandidates(status);
	drawConflicts(status);
	drawPolls(polls);
	drawTimeline(timeline, status.as_of);
	await drawAnalysis(++st.agen);
	$('board').dataset.asOf = as_of || 'now';
	$('board').dataset.basis = status.basis;
	$('board').dataset.gen = String(gen);
}

function candidates(status) {
	return status.candidates || [];
}

// The candidate the board is for: the one chosen if still there, else
// the one with consensus or decided, else the most supported standing.
function chooseCandidate(status) {
	const cs = candidates(status);
	const sel = $('candidate');
	$('candidate-label').hidden = cs.length < 2;
	if (cs.length === 0) {
		st.candidate = null;
		sel.replaceChildren();
		return;
	}
	if (!cs.find((c) => c.id === st.candidate)) {
		const standing = cs.filter((c) => c.state === 'standing');
		const best = (standing.length ? standing : cs).slice()
		    .sort((a, b) => b.supporters.length - a.supporters.length)[0];
		st.candidate = status.consensus_for || status.decision?.candidate ||
		    best.id;
	}
	sel.replaceChildren(...cs.map((c) => h('option', { value: c.id },
	    c.name + (c.state === 'standing' ? '' : ` (${c.state})`))));
	sel.value = st.candidate;
}

// The option the board is about: a candidate, or the text itself.
function option(status) {
	return candidates(status).find((c) => c.id === st.candidate) || status;
}

// The organisation on the date: its rule, members, offices and who
// holds them or is designate.
function drawOrg(org, offices) {
	const who = (x) => x ? `${x.person}` + (x.nationality ? ` (${x.nationality})` : '') +
	    (x.acting ? ', acting' : '') +
	    `, ${x.term_start || '?'} to ${x.term_end || 'the next term'}` : 'nobody';
	fill('orginfo', h('p', { class: 'meta' },
	    h('strong', {}, org.name), ` · rule: ${org.rule?.text || org.rule?.type} · ` +
	    `${org.members.length} members` +
	    (org.former_members?.length ? `, ${org.former_members.length} former` : '')),
	    offices.map((o) => h('p', { class: 'meta office' },
		h('strong', {}, o.title), ': ', who(o.holder),
		o.vacant_since ? ` · vacant since ${o.vacant_since}` : '',
		o.designate ? ` · designate: ${who(o.designate)}` : '')));
}

// The body a proposal is put to, with its members on the date, and the
// decision it requires first (docs/events.md, "Bodies"); nothing for a
// proposal put to the whole membership that requires none.
function bodyLines(s) {
	const b = s.body, r = s.requires;
	return [
	    b ? h('p', { class: 'meta', id: 'body' }, 'put to ',
		h('strong', {}, b.name), ` (${b.id}) · ${b.members.length} members: ` +
		list(b.members.map((m) => m.code), 'none')) : null,
	    r ? h('p', { class: 'meta', id: 'requires' },
		`requires the decision on ${r.proposal}` + (r.body ? ` by ${r.body}` : '') +
		': ' + (r.decided ? `taken on ${r.date}` +
		    (r.candidate ? `, for ${r.candidate}` : '') : 'not yet taken')) : null,
	];
}

// Who put a candidate forward, and whether it is a member (or sits on
// the body the proposal is put to).
function nominator(c) {
	return `put forward by ${c.nominated_by}` +
	    (c.nominated_by_member === false ? ` (${c.nominated_by_name}, not a member)` :
	     c.nominated_by_on_body === false ? ' (not on the body)' : '');
}

function drawSummary(s) {
	const o = option(s);
	const outcome = s.decided ? 'decided' : o.outcome || s.state;
	const cls = s.decided || o.outcome === 'adopted' ? 'ok' :
	    o.outcome === 'not adopted' ? 'bad' : 'open';
	$('org-name').textContent = s.org;
	fill('summary',
	    h('h2', { id: 'proposal-title' }, s.title),
	    h('p', { class: 'meta' }, `${s.kind} · rule: ${s.rule?.text || s.rule?.type} · ` +
		`${s.eligible} members · as of ${s.as_of}` +
		(s.known_at ? ` · as known at ${s.known_at}` : '')),
	    ...bodyLines(s),
	    h('p', { class: 'meta', id: 'basis-text' }, s.basis === 'confirmed' ?
		'On the confirmed basis: only the members\' own acts and the record count.' :
		'On the reported basis' + (s.basis_default ? ' (the default)' : '') +
		': each member\'s best report counts; a stance marked "reported" ' +
		'rests on a report, not on the member\'s own act.'),
	    h('p', { class: `banner ${cls}`, id: 'outcome' },
		h('strong', {}, outcome.toUpperCase()),
		s.decided && s.decision ? ` · ${s.decision.candidate ? (candidates(s)
		    .find((c) => c.id === s.decision.candidate)?.name ||
		    s.decision.candidate) + ' ' : ''}` +
		    (s.decision.by === 'acclamation' ? 'by acclamation ' :
			s.decision.by === 'vote' ? 'by secret vote ' : '') +
		    `on ${s.decision.date}` : '',
		s.decided && s.decision?.by === 'acclamation' ?
		    ' — without objection at a meeting: no individual positions were taken' :
		    o.explanation ? ` — ${o.explanation}` : ''));
}

// Whether what a member shows rests on a report only (not its own act).
function reported(m) {
	return m.rests_on !== null && m.rests_on !== undefined && !m.confirmed;
}

// The kind of source a member's stance rests on, in words.
function kindOf(m) {
	return (m.cites && m.cites[0] && m.cites[0].kind_label) || 'a report';
}

function tile(m) {
	const hypo = st.whatIf.get(m.code);
	const real = shown(m, st.candidate);
	const show = hypo || real;
	const x = stance(show);
	const rep = !hypo && reported(m);
	let what = x.label;
	if (show === 'other') {
		const c = candidates(st.status).find((c) => c.id === m.candidate);
		what = `${m.effective === 'object' ? 'objects to' : 'supports'} ` +
		    (c ? c.name : m.candidate);
	}
	const conds = (m.conditions || []).map((c) => `${c.id} (${c.state})`);
	return h('li', {},
	    h('button', {
		type: 'button',
		class: `tile tile-${show}` + (hypo ? ' hypo' : '') +
		    (rep ? ' reported' : '') + (m.conflict ? ' conflict' : ''),
		'data-member': m.code,
		'data-stance': m.effective || 'none',
		'data-shown': show,
		'data-candidate': m.candidate || '',
		'data-hypothetical': hypo || null,
		'data-confirmed': m.rests_on ? String(m.confirmed) : null,
		title: (rep ? `Reported, not confirmed (${kindOf(m)}): ` : '') +
		    (m.source || 'no position recorded'),
		onclick: () => cycle(m),
	    },
		h('span', { class: 'mark', 'aria-hidden': 'true' }, x.mark + (rep ? '?' : '')),
		h('span', { class: 'code' }, m.code),
		h('span', { class: 'name' }, m.name),
		h('span', { class: 'what' }, hypo ? `if: ${what}` : what),
		rep ? h('span', { class: 'rep' }, `reported (${kindOf(m)})`) : null,
		m.conflict ? h('span', { class: 'rep' }, 'conflicting reports') : null,
		hypo ? h('span', { class: 'was' }, `really: ${stance(real).label}`) : null,
		!hypo && m.since ? h('span', { class: 'since' }, `since ${m.since}`) : null,
		conds.length ? h('span', { class: 'cond' }, 'on: ' + conds.join(', ')) : null));
}

function drawBoard(s) {
	const board = $('board');
	const focused = document.activeElement?.dataset?.member;
	board.replaceChildren(...s.members.map(tile));
	if (focused)
		board.querySelector(`[data-member="${focused}"]`)?.focus();
	const members = s.members.map((m) => ({ code: m.code, name: m.name,
	    shown: st.whatIf.get(m.code) || shown(m, st.candidate),
	    hypothetical: st.whatIf.has(m.code),
	    reported: !st.whatIf.has(m.code) && reported(m) }));
	drawMap($('map'), members);
}

function drawCandidates(s) {
	const cs = candidates(s);
	fill('candidates', cs.length === 0 ? h('p', {}, 'A text: no candidates.') :
	    h('ul', { class: 'cards' }, cs.map((c) => h('li', {
		class: 'card' + (c.id === st.candidate ? ' chosen' : ''),
		'data-candidate': c.id },
		h('h3', {}, c.name, ' ', h('span', { class: `badge ${c.state}` }, c.state)),
		h('p', {}, `${nominator(c)} · ` +
		    `${c.supporters.length} of ${s.eligible} in favour`),
		c.withdrawn ? h('p', {}, `withdrew on ${c.withdrawn}` +
		    (c.endorses ? `, endorsing ${cs.find((x) => x.id === c.endorses)?.name ||
			c.endorses}` : '')) : null,
		c.pending.length ? h('p', {}, 'pending: ' + list(c.pending)) : null,
		h('p', { class: 'expl' }, c.explanation)))));
	const o = option(s);
	fill('bring', h('p', { id: 'to-bring-in' },
	    (st.candidate ? `For ${option(s).name || st.candidate}: ` : '') +
	    list(o.to_bring_in || [], 'nobody')),
	    h('p', { id: 'stance-unknown' }, 'Not said: ' +
		list(o.not_said || [], 'nobody')),
	    (o.votes || []).length ? h('ul', { id: 'votes' }, o.votes.map((v) =>
		h('li', {}, `Secret vote of ${v.date}: ${v.for} for, ${v.against} ` +
		    `against, ${v.abstain} abstaining, ${v.not_voting} not voting ` +
		    `(of ${v.members} members): ${v.outcome}`))) : null);
	const conds = [];
	for (const c of [s, ...cs])
		for (const x of c.open_conditions || [])
			conds.push(h('li', {}, `${x.for} waits for ${x.id}: ` +
			    `${x.text || ''} (by ${x.by}, ${x.state})`));
	const given = [];
	for (const m of s.members)
		for (const c of m.conditions || [])
			given.push(h('li', {}, `${m.code}'s support rests on ${c.id}: ` +
			    (c.met ? 'met' : 'not met') + ` (${c.state})`));
	const open = (s.commitments_open || []).map((c) => h('li', {},
	    `${c.id}: ${c.text || ''} (by ${c.by} to ${c.to}, ${c.state})`));
	fill('conditions',
	    h('h3', {}, 'Open conditions'),
	    conds.length ? h('ul', {}, conds) : h('p', {}, 'none'),
	    h('h3', {}, 'Conditions of support'),
	    given.length ? h('ul', {}, given) : h('p', {}, 'none'),
	    h('h3', {}, 'Commitments not yet given'),
	    open.length ? h('ul', {}, open) : h('p', {}, 'none'));
}

// The reports that stand and disagree, member by member: each with its
// date, stance, the kind of its source and its title.
function drawConflicts(s) {
	const rows = [];
	for (const c of s.conflicts || []) {
		const m = s.members.find((x) => x.code === c.member);
		if (!m)
			continue;
		const reps = (m.reports || []).filter((r) => c.reports.includes(r.seq));
		rows.push(h('li', { 'data-member': m.code },
		    h('strong', {}, `${m.name} (${m.code})`), ': ',
		    h('ul', {}, reps.map((r) => h('li', { 'data-report': r.seq },
			`${r.date}: ${stance(r.position).label}` +
			(r.candidate ? ` ${r.candidate}` : '') +
			` — ${r.source.kind_label}: ${r.source.title}` +
			(r.confirms ? ' (its own act)' : ''))))));
	}
	fill('conflicts', rows.length ? h('ul', { id: 'conflict-list' }, rows) :
	    h('p', { id: 'conflict-list' }, 'None: no reports of similar weight disagree.'));
}

// The straw polls: each candidate's "encourage" over the rounds, as a
// line chart (the rounds along, the members up), and the same in a table
// with every mark and the permanent members' tally where known. A poll is
// indicative: nothing here is read as a stance or as consensus.
const POLL_W = 480, POLL_H = 200, POLL_PAD = 32;

function drawPolls(p) {
	const rounds = p.rounds || [];
	if (rounds.length === 0) {
		fill('polls', h('p', { id: 'poll-none' }, 'No straw poll.'));
		return;
	}
	const top = Math.max(...rounds.map((r) => r.members), 1);
	const x = (round) => POLL_PAD + (rounds.length === 1 ? 0 :
	    (round - 1) * (POLL_W - 2 * POLL_PAD) / (rounds.length - 1));
	const y = (n) => POLL_H - POLL_PAD + 8 - n * (POLL_H - 2 * POLL_PAD) / top;
	const marked = p.candidates.filter((c) => c.series.length > 0);
	const axes = [
		svg('line', { x1: POLL_PAD, y1: y(0), x2: POLL_W - POLL_PAD, y2: y(0),
		    class: 'axis' }),
		svg('line', { x1: POLL_PAD, y1: y(0), x2: POLL_PAD, y2: y(top),
		    class: 'axis' }),
		svg('text', { x: 4, y: y(top) + 4, class: 'tick' }, String(top)),
		svg('text', { x: 4, y: y(0) + 4, class: 'tick' }, '0'),
		rounds.map((r) => svg('text', { x: x(r.round) - 4, y: POLL_H - 4,
		    class: 'tick' }, String(r.round))),
	];
	const lines = marked.map((c, i) => svg('g', {
	    class: `series s${i % 6}`, 'data-candidate': c.id },
	    svg('title', {}, `${c.name}: encourage by round`),
	    svg('polyline', { fill: 'none', points: c.series.map((pt) =>
		`${x(pt.round)},${y(pt.tally.encourage)}`).join(' ') }),
	    c.series.map((pt) => svg('circle', { cx: x(pt.round),
		cy: y(pt.tally.encourage), r: 3 },
		svg('title', {}, `${c.name}, round ${pt.round} (${pt.date}): ` +
		    tallyText(pt))))));
	const tally = (pt) => pt ? tallyText(pt) : 'not marked';
	fill('polls',
	    svg('svg', { id: 'poll-chart', viewBox: `0 0 ${POLL_W} ${POLL_H}`,
		role: 'img', 'aria-labelledby': 'poll-chart-title' },
		svg('title', { id: 'poll-chart-title' },
		    `"Encourage" per candidate over ${rounds.length} rounds`),
		axes, lines),
	    h('ul', { class: 'legend' }, marked.map((c, i) => h('li', {},
		h('span', { class: `swatch s${i % 6}` }), ` ${c.name}`))),
	    h('table', { id: 'poll-table' },
		h('caption', {}, p.note),
		h('thead', {}, h('tr', {}, h('th', {}, 'Candidate'),
		    rounds.map((r) => h('th', { scope: 'col' },
			`Round ${r.round}, ${r.date}${r.secret ? ' (secret)' : ''}`)))),
		h('tbody', {}, marked.map((c) => h('tr', { 'data-candidate': c.id },
		    h('th', { scope: 'row' }, c.name),
		    rounds.map((r) => h('td', {}, tally(c.series.find((pt) =>
			pt.round === r.round)))))))));
}

function tallyText(pt) {
	const t = (x) => `${x.encourage} encourage, ${x.discourage} discourage, ` +
	    `${x['no-opinion']} no opinion`;
	return t(pt.tally) + (pt.permanent ? `; permanent members ${t(pt.permanent)}` : '');
}

function drawTimeline(t, date) {
	const evs = t.events.slice().reverse();
	fill('timeline', evs.map((e) => h('li', {
	    class: (e.date.slice(0, 10) === date ? 'today' : '') +
		(e.corrected ? ' corrected' : '') || null,
	    'data-seq': e.seq },
	    h('time', { datetime: e.date }, e.date.slice(0, 10)), ' ',
	    h('span', { class: 'sum' }, e.summary),
	    e.corrected ? h('span', { class: 'corr' }, ` — ${e.corrected.withdrawn ?
		'withdrawn' : 'corrected'} by event ${e.corrected.by}: ${e.corrected.reason}`) : null,
	    e.source ? h('details', {}, h('summary', {}, 'source'),
		h('p', { class: 'src' }, e.source)) : null)));
}

// ---- the analysis and its what-if ----

function cycle(m) {
	const real = m.effective === 'pending' ? 'support' :
	    shown(m, st.candidate) === 'other' ? 'none' : m.effective || 'none';
	const cur = st.whatIf.get(m.code) || real;
	const next = CYCLE[(CYCLE.indexOf(cur) + 1) % CYCLE.length];
	if (next === real && m.effective !== 'pending')
		st.whatIf.delete(m.code);
	else
		st.whatIf.set(m.code, next);
	drawBoard(st.status);
	drawAnalysis(++st.agen).catch(showError);
}

async function drawAnalysis(gen) {
	if (!st.analysis) {
		fill('analysis', h('p', { class: 'note' },
		    'This server does not offer the analysis.'));
		return;
	}
	const params = { as_of: asOf(), known_at: knownAt(),
	    candidate: st.candidate, limit: 10, basis: st.basis,
	    if: [...st.whatIf].map(([k, v]) => `${k}:${v}`).join(',') };
	let a;
	try {
		a = await get(`/v1/proposals/${encodeURIComponent(st.proposal)}/analysis`,
		    params);
	} catch (e) {
		if (e instanceof ApiError && e.status === 404 &&
		    /no route/.test(e.message)) {
			st.analysis = false;
			return drawAnalysis(gen);
		}
		if (gen === st.agen)
			fill('analysis', h('p', { class: 'note', role: 'status' },
			    `No analysis: ${e.message}`));
		return;
	}
	if (gen !== st.agen)
		return;
	const hypo = a.what_if || [];
	const cls = a.outcome === 'adopted' ? 'ok' : a.outcome === 'not adopted' ? 'bad' : 'open';
	const sets = a.minimal_sets || { sets: [] };
	fill('analysis',
	    hypo.length ? h('div', { class: 'hypo-note', role: 'note' },
		h('strong', {}, 'Hypothetical: '),
		hypo.map((x) => `${x.member} ${stance(x.stance).label}`).join(', '),
		' — nothing is recorded. ',
		h('button', { type: 'button', id: 'reset', onclick: () => {
			st.whatIf.clear();
			drawBoard(st.status);
			drawAnalysis(++st.agen).catch(showError);
		} }, 'Reset')) : null,
	    h('p', { class: `banner ${cls}`, id: 'analysis-outcome',
		'data-outcome': a.outcome },
		h('strong', {}, (hypo.length ? 'would be ' : '') + a.outcome.toUpperCase()),
		a.explanation ? ` — ${a.explanation}` : ''),
	    h('p', { class: 'meta' }, `rule: ${a.rule?.text || ''}` +
		(a.candidate ? ` · for ${a.candidate}` : '')),
	    cutOff(a),
	    h('h3', {}, 'Pivotal members'),
	    pivotal(a.pivotal || []),
	    h('h3', {}, 'Smallest sets whose support would carry it'),
	    sets.note ? h('p', { id: 'minimal-sets' }, sets.note) :
	    sets.sets?.length ? h('ul', { id: 'minimal-sets' }, sets.sets.map((x) =>
		h('li', {}, x.join(' + ')))) :
		h('p', { id: 'minimal-sets' }, a.cut_off ?
		    'No set found before the cut-off.' :
		    'No set of members can carry it.'),
	    sets.complete === false && !a.cut_off ? h('p', { class: 'note' },
		`The first ${sets.limit} are shown; there are more.`) : null);
}

// Where an analysis stopped short (its "cut_off"), said plainly.
function cutOff(a) {
	const c = a.cut_off;
	if (!c)
		return null;
	const limit = c.by === 'time' ?
	    `its time limit (${(a.budget?.time_limit_ms || 0) / 1000} s)` :
	    `its ${a.budget?.evaluations} evaluations`;
	return h('p', { class: 'note', id: 'cut-off', role: 'status' },
	    `Cut off: ${limit} ran out during the ` +
	    (c.during === 'pivotal' ? 'pivotal members' : 'search for sets') +
	    '; what is shown is what was found by then.');
}

// The pivotal members, grouped by the change that would flip the
// outcome ("BEL, CAN: support → object: open"), each member marked.
function pivotal(ps) {
	if (ps.length === 0)
		return h('p', { id: 'pivotal' },
		    'No member can change the outcome alone.');
	const groups = new Map();
	for (const p of ps) {
		const k = `${p.stance}|${p.change_to}|${p.outcome}`;
		if (!groups.has(k))
			groups.set(k, []);
		groups.get(k).push(p);
	}
	return h('ul', { id: 'pivotal' }, [...groups.values()].map((g) =>
	    h('li', {}, g.map((p, i) => [i ? ', ' : '',
		h('strong', { 'data-member': p.member }, p.member)]),
		`: ${stance(g[0].stance).label} → ${stance(g[0].change_to).label} ` +
		`would make it ${g[0].outcome}`)));
}

// Arrow keys move between tiles (left, right; up and down by a row),
// Home and End to the first and last: 32 tiles are too many to Tab over.
function boardKeys(e) {
	const tiles = [...$('board').querySelectorAll('.tile')];
	const i = tiles.indexOf(document.activeElement);
	if (i < 0)
		return;
	const top = tiles[i].offsetTop;
	const perRow = tiles.filter((t) => t.offsetTop === tiles[0].offsetTop).length;
	const to = { ArrowLeft: i - 1, ArrowRight: i + 1, ArrowUp: i - perRow,
	    ArrowDown: i + perRow, Home: 0, End: tiles.length - 1 }[e.key];
	if (to === undefined || top === undefined)
		return;
	e.preventDefault();
	tiles[Math.max(0, Math.min(tiles.length - 1, to))].focus();
}

// Keeps ?org=&proposal= in the address, so that a view can be shared.
function remember() {
	const q = new URLSearchParams(location.search);
	if (st.org)
		q.set('org', st.org);
	if (st.proposal)
		q.set('proposal', st.proposal);
	history.replaceState(null, '', `${location.pathname}?${q}`);
}

// ---- wiring ----

async function start() {
	showError(null);
	try {
		st.types = await eventTypes();
		await loadOrgs();
		await loadProposals();
		await connect();
		await loadDates();
		remember();
		await refresh();
	} catch (e) {
		showError(e);
	}
}

function init() {
	legend($('legend'));
	$('board').addEventListener('keydown', boardKeys);
	$('token').value = tokenInit();
	if (!token())
		$('auth').open = true;
	$('token-form').addEventListener('submit', (e) => {
		e.preventDefault();
		tokenSet($('token').value.trim());
		$('auth').open = false;
		start();
	});
	$('org').addEventListener('change', async () => {
		st.org = $('org').value;
		st.whatIf.clear();
		st.candidate = null;
		try {
			await loadProposals();
			await connect();
			$('asof').value = '1e9';
			await loadDates();
			remember();
			await refresh();
		} catch (e) {
			showError(e);
		}
	});
	$('proposal').addEventListener('change', async () => {
		st.proposal = $('proposal').value;
		st.whatIf.clear();
		st.candidate = null;
		$('asof').value = '1e9';
		await loadDates().catch(showError);
		remember();
		refresh();
	});
	$('basis').addEventListener('change', () => {
		st.basis = $('basis').value;
		st.whatIf.clear();
		refresh();
	});
	$('candidate').addEventListener('change', () => {
		st.candidate = $('candidate').value;
		st.whatIf.clear();
		refresh();
	});
	$('asof').addEventListener('input', () => {
		sliderText();
		refresh();
	});
	const step = (d) => {
		const sl = $('asof');
		sl.value = String(Math.min(Number(sl.max), Math.max(0, Number(sl.value) + d)));
		sliderText();
		refresh();
	};
	$('prev').addEventListener('click', () => step(-1));
	$('next').addEventListener('click', () => step(1));
	start();
}

init();
