// A small DOM builder: every text goes in as text, never as markup, since
// sources and titles come from the ledger.

const SVGNS = 'http://www.w3.org/2000/svg';

function build(el, attrs, kids) {
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false)
			continue;
		if (k.startsWith('on'))
			el.addEventListener(k.slice(2), v);
		else if (k === 'text')
			el.textContent = v;
		else
			el.setAttribute(k, v === true ? '' : String(v));
	}
	for (const c of kids.flat(Infinity)) {
		if (c === null || c === undefined || c === false)
			continue;
		el.append(typeof c === 'string' || typeof c === 'number' ?
		    document.createTextNode(String(c)) : c);
	}
	return el;
}

// h('p', {class: 'x'}, 'text', child...): an HTML element.
export function h(tag, attrs, ...kids) {
	return build(document.createElement(tag), attrs, kids);
}

// s('path', {d: ...}): an SVG element.
export function s(tag, attrs, ...kids) {
	return build(document.createElementNS(SVGNS, tag), attrs, kids);
}

// Replaces the children of the element with id.
export function fill(id, ...kids) {
	const el = document.getElementById(id);
	el.replaceChildren();
	build(el, {}, kids);
	return el;
}

// "A, B and C"; "none" when empty.
export function list(items, none = 'none') {
	if (!items || items.length === 0)
		return none;
	if (items.length === 1)
		return items[0];
	return items.slice(0, -1).join(', ') + ' and ' + items[items.length - 1];
}
