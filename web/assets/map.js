// The map of the members coloured by stance. /assets/world.json is built
// from Natural Earth (world-atlas) by scripts/build-map.mjs: projected
// SVG paths keyed by ISO 3166-1 alpha-3, each with the box of its largest
// part, so that the view fits the members' mainlands.

import { h, s } from './dom.js';
import { stance, STANCES } from './stances.js';

let world = null;	// the asset, once loaded; false when there is none

async function load() {
	if (world !== null)
		return world;
	try {
		const r = await fetch('/assets/world.json');
		world = r.ok ? await r.json() : false;
	} catch {
		world = false;
	}
	return world;
}

// The hatchings that tell stances apart without colour, k map units to
// a pixel or so (the map's units are much smaller than a pixel).
function patterns(k) {
	const pat = (id, ...kids) => s('pattern', { id, width: 6, height: 6,
	    patternUnits: 'userSpaceOnUse',
	    patternTransform: `scale(${k.toFixed(2)}) rotate(45)` }, ...kids);
	return s('defs', {},
	    pat('p-pending', s('rect', { width: 6, height: 6, class: 'f-pending' }),
		s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch' })),
	    pat('p-object', s('rect', { width: 6, height: 6, class: 'f-object' }),
		s('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch' }),
		s('line', { x1: 0, y1: 3, x2: 6, y2: 3, class: 'hatch' })),
	    pat('p-abstain', s('rect', { width: 6, height: 6, class: 'f-abstain' }),
		s('circle', { cx: 3, cy: 3, r: 1.2, class: 'dot' })));
}

const FILL = { pending: 'url(#p-pending)', object: 'url(#p-object)',
    abstain: 'url(#p-abstain)' };

// Draws members ([{code, name, shown, hypothetical}]) into el; a member
// without a shape is listed under the map.
export async function drawMap(el, members) {
	const w = await load();
	if (!w) {
		el.replaceChildren(h('p', { class: 'note' },
		    'No map in this build (scripts/build-map.mjs did not run).'));
		return;
	}
	const by = new Map(members.map((m) => [m.code, m]));
	let box = null;
	for (const m of members) {
		const c = w.countries[m.code];
		if (!c)
			continue;
		const b = c.box;
		box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]),
		    Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b.slice();
	}
	if (!box)
		box = [0, 0, w.width, w.height];
	const pad = Math.max(box[2] - box[0], box[3] - box[1]) * 0.04;
	const vb = [box[0] - pad, box[1] - pad, box[2] - box[0] + 2 * pad,
	    box[3] - box[1] + 2 * pad];
	const counts = {};
	for (const m of members)
		counts[m.shown] = (counts[m.shown] || 0) + 1;
	const label = 'Map of the members: ' + STANCES.filter((x) => counts[x.id])
	    .map((x) => `${counts[x.id]} ${x.label}`).join(', ');
	const svg = s('svg', { viewBox: vb.map((x) => x.toFixed(1)).join(' '),
	    role: 'img', 'aria-label': label, preserveAspectRatio: 'xMidYMid meet' },
	    patterns(vb[2] / 700));
	for (const [code, c] of Object.entries(w.countries)) {
		const m = by.get(code);
		if (!m) {
			svg.append(s('path', { d: c.d, class: 'land' }));
			continue;
		}
		svg.append(s('path', { d: c.d, 'data-member': code,
		    class: `member f-${m.shown}` + (m.hypothetical ? ' hypo' : '') +
			(m.reported ? ' reported' : ''),
		    fill: FILL[m.shown] || null },
		    s('title', {}, `${m.name}: ${m.hypothetical ? 'hypothetically ' : ''}` +
			stance(m.shown).label + (m.reported ? ' (reported, not confirmed)' : ''))));
	}
	const missing = members.filter((m) => !w.countries[m.code]);
	el.replaceChildren(svg);
	if (missing.length)
		el.append(h('p', { class: 'note' }, 'Not on the map: ' +
		    missing.map((m) => m.code).join(', ')));
}

// The legend: one swatch per stance with its words, and how a stance
// that rests on a report only is told from a confirmed one.
export function legend(el) {
	el.replaceChildren(...STANCES.map((x) => h('li', {},
	    h('span', { class: `swatch tile-${x.id}`, 'aria-hidden': 'true' },
		x.mark), ' ', x.label)),
	    h('li', { id: 'legend-reported' },
		h('span', { class: 'swatch tile-support reported', 'aria-hidden': 'true' },
		    '✓?'), ' reported: the word "reported", a question mark and a ',
		'dashed outline; the stance rests on a report, not on the member\'s ',
		'own act'));
}
