// The dashboard end to end: a real `assent serve` on a fresh NATO ledger,
// Debian's chromium driven headless by playwright-core. Checks that the
// date slider replays the board (2024-06-17 against 2024-06-20, the
// expectation read from the API's own status), that a position posted
// through the API changes its tile live without a reload, and that the
// analysis panel shows the pivotal members and a what-if that writes
// nothing, and that straw polls are charted per candidate, live, and
// never read as the outcome. Leaves a screenshot in the build directory.
//
// Environment: ASSENT (the binary), ASSENT_ROOT (the source tree),
// ASSENT_ARTIFACTS (where the screenshots go), CHROMIUM (default
// /usr/bin/chromium).

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, check, cli, counts, finish, same, startServer }
    from './lib.mjs';

const ASSENT = process.env.ASSENT;
const ROOT = process.env.ASSENT_ROOT;
const OUT = process.env.ASSENT_ARTIFACTS || '.';
const CASE = join(ROOT, 'data/nato/nato-2024.case');
const PROPOSAL = 'sg-2024';

const T = mkdtempSync(join(tmpdir(), 'assent-web-'));
const DB = join(T, 'nato.db');
const LOG = join(T, 'server.log');	/* the server's access log */
const assent = cli(ASSENT, DB);

let server = null, ctx = null;
try {
	assent('load', CASE);
	const observer = assent('token', 'add', '--name', 'viewer', '--role', 'observer');
	const secretariat = assent('token', 'add', '--name', 'sec', '--role',
	    'secretariat', '--org', 'nato');
	const hungary = assent('token', 'add', '--name', 'hun', '--role',
	    'delegation', '--org', 'nato', '--member', 'HUN');
	server = await startServer(ASSENT, DB, LOG);
	const URL = server.url;
	const api = async (path, tok = observer, body) => {
		const r = await fetch(URL + path, {
			method: body ? 'POST' : 'GET',
			headers: { Authorization: `Bearer ${tok}`,
			    ...(body ? { 'Content-Type': 'application/json' } : {}) },
			body: body ? JSON.stringify(body) : undefined,
		});
		const j = await r.json();
		if (!r.ok)
			throw new Error(`${path}: ${r.status} ${j.detail}`);
		return j;
	};
	const status = (id, as_of) => api(`/v1/proposals/${id}/status` +
	    (as_of ? `?as_of=${as_of}` : ''));
	// What a tile shows of a member: its stance and the candidate it names.
	const expected = (s) => Object.fromEntries(s.members.map((m) =>
	    [m.code, `${m.effective}:${m.candidate || ''}`]));

	ctx = await browser(T);
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await page.goto(`${URL}/#token=${observer}`);
	await page.waitForSelector('#board[data-as-of="now"] [data-member="HUN"]');
	check(!page.url().includes('token='), 'the token is taken out of the address');
	await page.evaluate(() => { window.notReloaded = true; });

	// The slider's stops are the dates of the proposal's events.
	const tl = await api(`/v1/proposals/${PROPOSAL}/timeline`);
	const dates = [...new Set(tl.events.map((e) => e.date.slice(0, 10)))];
	same(await page.getAttribute('#asof', 'max'), String(dates.length),
	    'one slider stop per event date, and one for now');

	// Moves the slider with the keyboard to the last stop on or before
	// date; waits until the board is drawn for that stop.
	async function slideTo(date) {
		const i = dates.filter((d) => d <= date).length - 1;
		await page.focus('#asof');
		await page.keyboard.press('Home');
		for (let k = 0; k < i; k++)
			await page.keyboard.press('ArrowRight');
		await page.waitForSelector(`#board[data-as-of="${dates[i]}"]`);
		return dates[i];
	}
	async function board() {
		return page.$$eval('#board [data-member]', (ts) => Object.fromEntries(
		    ts.map((t) => [t.dataset.member,
			`${t.dataset.stance}:${t.dataset.candidate}`])));
	}

	const d17 = await slideTo('2024-06-17');
	const b17 = await board();
	same(b17, expected(await status(PROPOSAL, '2024-06-17')),
	    `the board at the stop ${d17} is the API's status on 2024-06-17`);
	check((await page.textContent('#asof-text')).includes(d17),
	    'the slider says its date');
	const d20 = await slideTo('2024-06-20');
	const b20 = await board();
	const s20 = await status(PROPOSAL, '2024-06-20');
	same(b20, expected(s20), 'the board on 2024-06-20 is the API\'s status');
	const s17 = expected(await status(PROPOSAL, '2024-06-17'));
	const changed = Object.keys(b20).filter((c) => b20[c] !== b17[c]).sort();
	same(changed, Object.keys(s17).filter((c) => s17[c] !== expected(s20)[c]).sort(),
	    `the board changes from 06-17 to ${d20} in exactly the members the API says`);
	// Facts of the case: Hungary objected until its letter, Romania
	// backed its own candidate until he withdrew, Slovakia had no position.
	same(b17.HUN, 'object:rutte', 'HUN objects to Rutte on 06-17');
	same(b17.ROU, 'support:iohannis', 'ROU supports Iohannis on 06-17');
	same(b20.HUN, 'support:rutte', 'HUN supports Rutte on 06-20');
	same(b20.ROU, 'support:rutte', 'ROU supports Rutte on 06-20');
	same(await page.getAttribute('#board [data-member="ROU"]', 'data-shown'),
	    'support', 'the ROU tile shows support for the board\'s candidate');
	check(/ADOPTED|CONSENSUS|DECIDED/i.test(await page.textContent('#outcome')),
	    'the outcome on 06-20 is consensus');
	await page.screenshot({ path: join(OUT, 'dashboard-2024-06-20.png'), fullPage: true });

	// Reported against confirmed: the tiles whose stance rests on a
	// report only are the API's, and say so in words and a mark as well
	// as by their outline; the legend says how.
	const stop17 = await slideTo('2024-06-17');
	const r17 = await status(PROPOSAL, '2024-06-17');
	same(await page.$$eval('#board [data-confirmed="false"]',
	    (ts) => ts.map((t) => t.dataset.member).sort()),
	    r17.members.filter((m) => m.rests_on && !m.confirmed).map((m) => m.code).sort(),
	    'the tiles of reported stances are the API\'s unconfirmed ones');
	check(r17.members.filter((m) => m.rests_on && !m.confirmed).length === 23,
	    'on 2024-06-17, 23 allies\' support is reported only');
	const bel = await page.textContent('#board [data-member="BEL"]');
	check(/reported \(press report\)/.test(bel), `a reported tile says so in words: ${bel}`);
	check(!/reported/.test(await page.textContent('#board [data-member="USA"]')),
	    'a confirmed tile does not');
	check(/reported/.test(await page.textContent('#legend-reported')),
	    'the legend says how a reported stance is shown');
	check(/reported basis \(the default\)/.test(await page.textContent('#basis-text')),
	    'the page says its basis, and that it is the default');
	// On the confirmed basis, the board is the API's on that basis.
	await page.selectOption('#basis', 'confirmed');
	await page.waitForSelector(`#board[data-basis="confirmed"][data-as-of="${stop17}"]`);
	const c17 = await api(`/v1/proposals/${PROPOSAL}/status?as_of=2024-06-17&basis=confirmed`);
	same(await board(), expected(c17), 'the board on the confirmed basis is the API\'s');
	same((await board()).BEL, 'none:', 'BEL has no confirmed position on 06-17');
	check(/confirmed basis/.test(await page.textContent('#basis-text')), 'the page says so');
	await page.screenshot({ path: join(OUT, 'dashboard-confirmed.png'), fullPage: true });
	await page.selectOption('#basis', 'reported');
	await page.waitForSelector(`#board[data-basis="reported"][data-as-of="${stop17}"]`);
	same(await board(), expected(r17), 'back on the reported basis');

	// The keyboard moves between tiles.
	const codes = s20.members.map((m) => m.code);
	await page.focus(`#board [data-member="${codes[0]}"]`);
	await page.keyboard.press('ArrowRight');
	same(await page.evaluate(() => document.activeElement.dataset.member),
	    codes[1], 'ArrowRight moves to the next tile');
	await page.keyboard.press('End');
	same(await page.evaluate(() => document.activeElement.dataset.member),
	    codes[codes.length - 1], 'End moves to the last tile');

	// The analysis, when the server offers it.
	const doc = await api('/v1/openapi.json');
	if (doc.paths[`/v1/proposals/{id}/analysis`]) {
		const d18 = await slideTo('2024-06-18');
		const a = await api(`/v1/proposals/${PROPOSAL}/analysis?as_of=${d18}&candidate=rutte`);
		await page.waitForSelector('#analysis-outcome');
		const shown = await page.$$eval('#pivotal [data-member]',
		    (ls) => ls.map((l) => l.dataset.member).sort());
		same(shown, a.pivotal.map((p) => p.member).sort(),
		    'the analysis panel lists the API\'s pivotal members');
		check(shown.length > 0, `someone is pivotal on ${d18}: ${shown}`);
		const head = await api('/v1/head');
		const who = a.pivotal[0].member;
		const before = await page.getAttribute('#analysis-outcome', 'data-outcome');
		const want = a.pivotal[0].outcome;
		// Each activation cycles the tile's hypothetical stance; stop at
		// the pivotal change.
		for (let k = 0; k < 4; k++) {
			await page.press(`#board [data-member="${who}"]`, 'Enter');
			await page.waitForSelector(`#board [data-member="${who}"].hypo`);
			if (await page.getAttribute(`#board [data-member="${who}"]`,
			    'data-hypothetical') === a.pivotal[0].change_to)
				break;
		}
		await page.waitForSelector(`#analysis-outcome[data-outcome="${want}"]`);
		check(before !== want, `a what-if on ${who} turns ${before} into ${want}`);
		check(await page.isVisible('#reset'), 'the what-if is shown as hypothetical, with a reset');
		same((await api('/v1/head')).seq, head.seq, 'the what-if wrote nothing');
		await page.screenshot({ path: join(OUT, 'dashboard-what-if.png'), fullPage: true });
		await page.click('#reset');
		await page.waitForSelector(`#analysis-outcome[data-outcome="${before}"]`);
		check(!(await page.$('#board .hypo')), 'reset clears the what-if');
	} else {
		console.log('# the server has no analysis route: its checks are skipped');
	}

	// Live: a new proposal, then Hungary's position on it, each through
	// the API; the page follows without a reload.
	await slideTo('9999-12-31');
	await api('/v1/events/proposal.open', secretariat, { data: { id: 'web-live',
	    org: 'nato', kind: 'text', title: 'A text opened by the browser test' } });
	await page.waitForSelector('#proposal option[value="web-live"]',
	    { state: 'attached' });
	await page.selectOption('#proposal', 'web-live');
	await page.waitForSelector('#board[data-as-of="now"] [data-member="HUN"][data-stance="none"]');
	const seq = (await api('/v1/events/position.declare', hungary, { data: {
	    proposal: 'web-live', member: 'HUN', position: 'support',
	    source: 'browser test' } })).seq;
	await page.waitForSelector('#board [data-member="HUN"][data-stance="support"]');
	check(true, 'the HUN tile turns to support live');
	check(await page.evaluate(() => window.notReloaded === true),
	    'without a reload');
	same(await page.evaluate(() => document.body.dataset.lastEvent), String(seq),
	    'the page heard the event by its sequence');

	// Conflicting reports: two sources of similar weight disagree about
	// Belgium the same day; the page lists both, live. A correction
	// withdraws one: the conflict goes, the timeline marks it.
	check(/None/.test(await page.textContent('#conflict-list')), 'no conflict yet');
	for (const [id, kind, title] of [['web-press', 'press-report', 'The Daily, "Belgium backs it"'],
	    ['web-anon', 'anonymous', 'a diplomat']])
		await api('/v1/events/source.declare', secretariat, { data: { id,
		    org: 'nato', kind, title } });
	const rA = (await api('/v1/events/position.report', secretariat, {
	    data: { proposal: 'web-live', member: 'BEL', position: 'support',
	    cites: ['web-press'] } })).seq;
	const rB = (await api('/v1/events/position.report', secretariat, {
	    data: { proposal: 'web-live', member: 'BEL', position: 'object',
	    cites: ['web-anon'] } })).seq;
	await page.waitForSelector('#conflict-list [data-member="BEL"]');
	same(await page.$$eval('#conflict-list [data-member="BEL"] [data-report]',
	    (ls) => ls.map((l) => Number(l.dataset.report)).sort((a, b) => a - b)),
	    [rA, rB], 'the conflicting reports are listed, both');
	check(/anonymous source: a diplomat/.test(await page.textContent('#conflict-list')),
	    'each with the kind of its source and its title');
	check(/conflicting reports/.test(await page.textContent('#board [data-member="BEL"]')),
	    'the tile says it');
	await page.screenshot({ path: join(OUT, 'dashboard-conflict.png'), fullPage: true });
	const corr = (await api('/v1/events/event.correct', secretariat, { data: {
	    seq: rB, reason: 'the diplomat spoke of another text', source: 'the Daily' } })).seq;
	await page.waitForSelector(`#timeline li.corrected[data-seq="${rB}"]`);
	check(/withdrawn by event/.test(await page.textContent(`#timeline li[data-seq="${rB}"]`)),
	    `the withdrawn report is marked in the timeline (event ${corr})`);
	await page.waitForSelector('#conflict-list:not(:has([data-member]))');
	check(true, 'the conflict is gone');

	// Straw polls: a chart and a table of each candidate's rounds, drawn
	// live, and never read as the outcome.
	same(await page.textContent('#polls'), 'No straw poll.', 'a proposal without a poll says so');
	await api('/v1/events/proposal.open', secretariat, { data: { id: 'web-poll',
	    org: 'nato', kind: 'appointment', office: 'secretary-general', title: 'A poll' } });
	for (const [id, by] of [['pa', 'NLD'], ['pb', 'ROU']])
		await api('/v1/events/candidate.declare', secretariat, { data: {
		    proposal: 'web-poll', id, name: id.toUpperCase(), nominated_by: by } });
	const tally = (e, d, n) => ({ encourage: e, discourage: d, 'no-opinion': n });
	await api('/v1/events/poll.round', secretariat, { data: { proposal: 'web-poll',
	    round: 1, secret: true, tallies: { pa: tally(20, 2, 10), pb: tally(8, 12, 12) } } });
	await page.waitForSelector('#proposal option[value="web-poll"]', { state: 'attached' });
	await page.selectOption('#proposal', 'web-poll');
	await page.waitForSelector('#poll-chart [data-candidate="pb"]');
	await api('/v1/events/poll.round', secretariat, { data: { proposal: 'web-poll',
	    round: 2, secret: true, tallies: { pa: tally(32, 0, 0) } } });
	await page.waitForSelector('#poll-table th:has-text("Round 2")');
	const polls = await api('/v1/proposals/web-poll/polls');
	same(await page.$$eval('#poll-chart .series', (gs) => gs.map((g) =>
	    [g.dataset.candidate, g.querySelectorAll('circle').length])),
	    polls.candidates.map((c) => [c.id, c.series.length]),
	    'one line a candidate, one point a round that marks it, as the API says');
	const cy = await page.$$eval('#poll-chart [data-candidate="pa"] circle',
	    (cs) => cs.map((c) => Number(c.getAttribute('cy'))));
	check(cy.length === 2 && cy[1] < cy[0], 'more "encourage" is higher on the chart');
	same(await page.$$eval('#poll-table tbody tr', (rs) => rs.map((r) =>
	    [...r.querySelectorAll('td')].map((td) => td.textContent))),
	    [['20 encourage, 2 discourage, 10 no opinion', '32 encourage, 0 discourage, 0 no opinion'],
	     ['8 encourage, 12 discourage, 12 no opinion', 'not marked']],
	    'the table gives every tally, and a round that does not mark a candidate');
	const outcome = await page.textContent('#outcome');
	check(/^OPEN/.test(outcome) && !/CONSENSUS/.test(outcome),
	    `32 "encourage" is not consensus: the board says ${outcome}`);
	await page.screenshot({ path: join(OUT, 'dashboard-polls.png'), fullPage: true });
	// Consensus as no objection, acclamation and a secret vote (issue 11),
	// on bodies of their own loaded beside NATO: the banner and the lists
	// say how each stands or was decided.
	assent('load', join(ROOT, 'tests/fixtures/consensus.case'));
	assent('load', join(ROOT, 'tests/fixtures/votes.case'));
	assent('decide', '--proposal', 'u', '--by', 'acclamation', '--source',
	    'minutes', '--date', '2020-01-07');
	assent('vote-tally', '--proposal', 'r', '--for', '4', '--against', '1',
	    '--abstain', '0', '--source', 'the record', '--date', '2020-01-03');
	const banner = async (org, id) => {
		await page.goto(`${URL}/?org=${org}&proposal=${id}#token=${observer}`);
		await page.waitForSelector('#board[data-as-of="now"] [data-member="AAA"]');
		return page.textContent('#outcome');
	};
	const t = await banner('b', 't');
	check(/^OPEN — no formal objection so far \(1 of 4 members' stances known\)/.test(t),
	    `consensus before a decision reads open, no objection so far: ${t}`);
	same(await page.textContent('#stance-unknown'),
	    'Not said: BBB, CCC and DDD', 'the members whose stance is not known, apart');
	const u = await banner('b', 'u');
	check(/^DECIDED · by acclamation on 2020-01-07 — without objection at a meeting: no individual positions were taken$/.test(u),
	    `a decision by acclamation says so: ${u}`);
	const r = await banner('g', 'r');
	check(/^ADOPTED — secret vote of 2020-01-03: 4 for, 1 against/.test(r),
	    `a secret vote's outcome: ${r}`);
	same(await page.textContent('#votes'), 'Secret vote of 2020-01-03: 4 for, ' +
	    '1 against, 0 abstaining, 0 not voting (of 5 members): adopted',
	    'the votes are listed');
	await page.goto(`${URL}/?org=nato&proposal=${PROPOSAL}#token=${observer}`);
	await page.waitForSelector('#board[data-as-of="now"] [data-member="HUN"]');

	// Phone width: nothing wider than the screen.
	await page.setViewportSize({ width: 375, height: 800 });
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	check(wide <= 375, `at 375 px the page is ${wide} px wide`);
	await page.screenshot({ path: join(OUT, 'dashboard-phone.png'), fullPage: true });
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.selectOption('#proposal', PROPOSAL);
	await page.waitForSelector('#board[data-as-of="now"] [data-member="HUN"][data-stance="support"]');
	await page.screenshot({ path: join(OUT, 'dashboard.png'), fullPage: true });
	same(errors, [], 'no script error on the page');
} catch (e) {
	counts.failed++;
	console.log(`FAIL - ${e.stack || e}`);
	// What the page showed, to tell a wrong page from a slow one.
	const page = ctx?.pages()[0];
	if (page)
		console.log('# page: ' + await page.evaluate(() => JSON.stringify({
			error: document.getElementById('error').textContent,
			board: { ...document.getElementById('board').dataset },
			asof: document.getElementById('asof-text').textContent,
			proposal: document.getElementById('proposal').value,
			live: document.getElementById('live').textContent,
		})).catch((x) => String(x)));
}
await finish(ctx, server, LOG, T);
