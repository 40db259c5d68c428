// The stances a member can hold, as the API names them ("effective" in a
// proposal's status), with the words and the pattern that say them: the
// colour is never the only cue.

export const STANCES = [
	{ id: 'support', label: 'support', mark: '✓' },
	{ id: 'pending', label: 'support pending a condition', mark: '…' },
	{ id: 'object', label: 'object', mark: '✗' },
	{ id: 'abstain', label: 'abstain', mark: '○' },
	{ id: 'none', label: 'no position', mark: '–' },
	{ id: 'other', label: 'supports another candidate', mark: '↷' },
];

export function stance(id) {
	return STANCES.find((x) => x.id === id) || STANCES[4];
}

// The order in which activating a tile cycles its hypothetical stance
// (the stances a what-if can set: "pending" is not one of them).
export const CYCLE = ['support', 'object', 'abstain', 'none'];

// What a member shows on the board for the chosen candidate: its own
// stance, or "other" when its position names another candidate.
export function shown(m, candidate) {
	const eff = m.effective || 'none';
	if (candidate && m.candidate && m.candidate !== candidate &&
	    eff !== 'none')
		return 'other';
	return eff;
}
