// The dashboard on bodies (issue 11, items 1 and 2): a real `assent
// serve` on a hand-made case, a council that recommends and an assembly
// that appoints, Debian's chromium driven headless by playwright-core.
// The summary names the body a proposal is put to and its members on the
// date, and the decision an appointment requires first; the board's
// tiles are the body's members only; a candidate's card says who put it
// forward, a state that is not a member named.
//
// Environment: ASSENT (the binary); lib.mjs's.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, check, cli, counts, finish, same, startServer }
    from './lib.mjs';

const ASSENT = process.env.ASSENT;

const T = mkdtempSync(join(tmpdir(), 'assent-web-bodies-'));
const DB = join(T, 'un.db');
const LOG = join(T, 'server.log');
const assent = cli(ASSENT, DB);

const events = [
	['2020-01-01', 'org.create', { id: 'un', name: 'Union', rule: 'simple majority' }],
	...['AAA', 'BBB', 'CCC', 'DDD'].map((c) =>
	    ['2020-01-01', 'member.join', { org: 'un', code: c, name: `Land ${c}` }]),
	['2020-01-01', 'body.create', { org: 'un', id: 'council', name: 'Council',
	    rule: 'at least 2 in favour' }],
	['2020-01-01', 'body.join', { org: 'un', body: 'council', code: 'AAA' }],
	['2020-01-01', 'body.join', { org: 'un', body: 'council', code: 'BBB' }],
	['2020-01-01', 'office.create', { org: 'un', id: 'sg', title: 'Secretary-General',
	    term: 'P5Y' }],
	['2021-01-01', 'proposal.open', { id: 'rec', org: 'un', kind: 'recommendation',
	    office: 'sg', title: 'The Council recommends', body: 'council' }],
	['2021-01-01', 'candidate.declare', { proposal: 'rec', id: 'ann', name: 'Ann',
	    nominated_by: 'ZZZ', nominated_by_name: 'Zembla' }],
	['2021-01-01', 'candidate.declare', { proposal: 'rec', id: 'bob', name: 'Bob',
	    nominated_by: 'DDD' }],
	['2021-01-02', 'position.declare', { proposal: 'rec', member: 'AAA',
	    position: 'support', candidate: 'ann', source: 's' }],
	['2021-01-02', 'proposal.open', { id: 'appt', org: 'un', kind: 'appointment',
	    office: 'sg', title: 'The Assembly appoints', requires: 'rec' }],
	['2021-01-02', 'candidate.declare', { proposal: 'appt', id: 'ann', name: 'Ann',
	    nominated_by: 'CCC' }],
];
writeFileSync(join(T, 'un.case'), events.map(([date, type, data]) =>
    JSON.stringify({ date, type, data })).join('\n') + '\n');

let server = null, ctx = null;
try {
	assent('load', join(T, 'un.case'));
	const observer = assent('token', 'add', '--name', 'viewer', '--role', 'observer');
	server = await startServer(ASSENT, DB, LOG);
	ctx = await browser(T);
	const page = ctx.pages()[0] || await ctx.newPage();
	const errors = [];
	page.on('pageerror', (e) => errors.push(e.message));

	await page.goto(`${server.url}/?org=un&proposal=rec#token=${observer}`);
	await page.waitForSelector('#board[data-as-of="now"] [data-member="AAA"]');
	same((await page.textContent('#body')).trim(),
	    'put to Council (council) · 2 members: AAA and BBB',
	    'the summary names the body and its members');
	same(await page.$$eval('#board [data-member]', (ts) => ts.map((t) =>
	    t.dataset.member)), ['AAA', 'BBB'], 'the board: the body\'s members only');
	check(await page.$('#requires') === null, 'a recommendation requires nothing');
	const cards = await page.$$eval('#candidates [data-candidate]', (cs) =>
	    Object.fromEntries(cs.map((c) => [c.dataset.candidate, c.textContent])));
	check(cards.ann.includes('put forward by ZZZ (Zembla, not a member)'),
	    'a nominator that is not a member, named');
	check(cards.bob.includes('put forward by DDD (not on the body)'),
	    'a nominator off the body');

	await page.selectOption('#proposal', 'appt');
	await page.waitForSelector('#board[data-as-of="now"] [data-member="DDD"]');
	same((await page.textContent('#requires')).trim(),
	    'requires the decision on rec by council: not yet taken',
	    'the appointment says what it requires');
	check(await page.$('#body') === null, 'put to the whole membership: no body line');
	same(errors, [], 'no script error on the page');
} catch (e) {
	counts.failed++;
	console.log(`FAIL - ${e.stack || e}`);
}
await finish(ctx, server, LOG, T);
