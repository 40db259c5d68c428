// Shared by the dashboard tests (test_*.mjs): imported, not run. The
// counts and the checks, a real `assent serve` on a ledger, and Debian's
// chromium driven headless by playwright-core.
//
// Environment: CHROMIUM (default /usr/bin/chromium).

import { spawn, execFileSync } from 'node:child_process';
import { openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export const counts = { passed: 0, failed: 0 };

export function check(ok, what) {
	if (ok) {
		counts.passed++;
		console.log(`ok - ${what}`);
	} else {
		counts.failed++;
		console.log(`FAIL - ${what}`);
	}
}

export function same(a, b, what) {
	const ja = JSON.stringify(a), jb = JSON.stringify(b);
	check(ja === jb, ja === jb ? what : `${what}: got ${ja}, expected ${jb}`);
}

// The CLI on ledger db: its output, trimmed.
export function cli(assent, db) {
	return (...args) => execFileSync(assent, ['--db', db, ...args],
	    { encoding: 'utf8' }).trim();
}

// Starts the server on ledger db on any free port, its access log in
// log: its first line is its URL.
export function startServer(assent, db, log) {
	const p = spawn(assent, ['--db', db, 'serve', '--listen', '127.0.0.1:0'],
	    { stdio: ['ignore', 'pipe', openSync(log, 'w')] });
	return new Promise((resolve, reject) => {
		const rl = createInterface({ input: p.stdout });
		rl.once('line', (l) => resolve({ p, url: l.trim().replace(/\/$/, '') }));
		p.once('exit', (c) => reject(new Error(`assent serve exited ${c}`)));
	});
}

// A headless browser with its profile in dir.
export function browser(dir) {
	return chromium.launchPersistentContext(join(dir, 'profile'), {
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
		    '--no-first-run', '--disable-background-networking',
		    '--disable-component-update', '--disable-sync'],
		viewport: { width: 1280, height: 900 },
	});
}

// The end of a test: closes the browser and stops the server (either
// may not have started), shows the end of the server's log if a check
// failed, removes the test's directory, prints the counts and exits.
export async function finish(ctx, server, log, dir) {
	if (ctx)
		await ctx.close().catch(() => {});
	if (server) {
		server.p.kill('SIGTERM');
		await new Promise((r) => server.p.exitCode !== null ? r() :
		    server.p.once('exit', r));
		if (counts.failed)
			console.log(readFileSync(log, 'utf8').split('\n').slice(-15)
			    .join('\n'));
	}
	rmSync(dir, { recursive: true, force: true });
	console.log(`${counts.passed} passed, ${counts.failed} failed`);
	process.exit(counts.failed ? 1 : 0);
}
