#!/usr/bin/env node
// Builds the dashboard's map: node scripts/build-map.mjs OUT.json
//
// Reads Natural Earth's 1:50m countries as TopoJSON (npm world-atlas),
// keys each country by ISO 3166-1 alpha-3 (world-atlas uses ISO numeric
// ids; the table is npm i18n-iso-countries'), projects it (Natural Earth
// I) into a box WIDTH wide, drops points closer than STEP to the last one
// kept, and writes {source, width, height, countries: {CODE: {name, d,
// box}}}: d an SVG path, box [x0, y0, x1, y1] of the country's largest
// part (its mainland), so that a view can fit members without their far
// islands. Run by CMake at build time; the output is embedded in the
// binary as /assets/world.json.

import { createRequire } from 'node:module';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
const { feature } = require('topojson-client');
const countries = require('i18n-iso-countries');
const TOPO = 'world-atlas/countries-50m.json';
const topo = require(TOPO);
const atlas = require('world-atlas/package.json');
const iso = require('i18n-iso-countries/package.json');

const WIDTH = 10000;	// the projected world's width, in map units
const STEP = 7;		// the least distance between two points kept

const out = process.argv[2];
if (!out) {
	console.error('usage: build-map.mjs OUT.json');
	process.exit(2);
}

// Natural Earth I (Šavrič, Jenny, Patterson, Petrovič, Hurni 2011):
// longitude and latitude in radians to unscaled x, y.
function naturalEarth(lambda, phi) {
	const p2 = phi * phi, p4 = p2 * p2;
	return [
		lambda * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 +
		    p4 * (0.003971 * p2 - 0.001529 * p4))),
		phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 +
		    0.028874 * p2 - 0.005916 * p4))),
	];
}

const rad = Math.PI / 180;
const [xmax] = naturalEarth(Math.PI, 0);
const [, ymax] = naturalEarth(0, Math.PI / 2);
const scale = WIDTH / (2 * xmax);
const HEIGHT = Math.ceil(2 * ymax * scale);

function project([lon, lat]) {
	const [x, y] = naturalEarth(lon * rad, lat * rad);
	return [WIDTH / 2 + x * scale, HEIGHT / 2 - y * scale];
}

// A ring projected and thinned; null when it thins below a triangle.
function ring(coords) {
	const pts = [];
	for (const c of coords) {
		const p = project(c).map(Math.round);
		const last = pts[pts.length - 1];
		if (!last || Math.hypot(p[0] - last[0], p[1] - last[1]) >= STEP)
			pts.push(p);
	}
	return pts.length >= 3 ? pts : null;
}

function area(pts) {
	let a = 0;
	for (let i = 0, j = pts.length - 1; i < pts.length; j = i++)
		a += (pts[j][0] + pts[i][0]) * (pts[j][1] - pts[i][1]);
	return Math.abs(a / 2);
}

// A closed SVG path in whole units, relative after the first point: the
// shortest text (a minus sign needs no separator before it).
function path(pts) {
	let d = `M${pts[0][0]} ${pts[0][1]}l`;
	for (let i = 1; i < pts.length; i++) {
		const dx = pts[i][0] - pts[i - 1][0], dy = pts[i][1] - pts[i - 1][1];
		d += (i > 1 && dx >= 0 ? ' ' : '') + dx + (dy >= 0 ? ' ' : '') + dy;
	}
	return d + 'z';
}

const result = {
	source: `Natural Earth 1:50m countries, ${TOPO} ${atlas.version} ` +
	    `(public domain); ISO numeric to alpha-3 from i18n-iso-countries ` +
	    `${iso.version}; Natural Earth I projection; built by scripts/build-map.mjs`,
	width: WIDTH,
	height: HEIGHT,
	countries: {},
};
let unkeyed = 0;
for (const g of feature(topo, topo.objects.countries).features) {
	const code = g.id ? countries.numericToAlpha3(g.id) : undefined;
	// Territories without an ISO code (Kosovo, Northern Cyprus...) are
	// still drawn as land, under a key that no alpha-3 code can take.
	const key = code || `_${++unkeyed}`;
	const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] :
	    g.geometry.coordinates;
	const parts = [];
	let best = null, bestArea = -1;
	for (const poly of polys) {
		const outer = ring(poly[0]);
		if (!outer)
			continue;
		const a = area(outer);
		if (a > bestArea) {
			best = outer;
			bestArea = a;
		}
		parts.push(path(outer));
		for (const hole of poly.slice(1)) {
			const r = ring(hole);
			if (r)
				parts.push(path(r));
		}
	}
	// A country smaller than STEP everywhere (Malta, Andorra...) keeps
	// its first outline unthinned, so that it is still on the map.
	if (!best) {
		best = polys[0][0].map((c) => project(c).map(Math.round));
		parts.push(path(best));
	}
	const xs = best.map((p) => p[0]), ys = best.map((p) => p[1]);
	result.countries[key] = {
		name: g.properties.name,
		d: parts.join(''),
		box: [Math.min(...xs), Math.min(...ys), Math.max(...xs),
		    Math.max(...ys)],
	};
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out + '.tmp', JSON.stringify(result));
// Written whole or not at all: a build never embeds half a map.
renameSync(out + '.tmp', out);
