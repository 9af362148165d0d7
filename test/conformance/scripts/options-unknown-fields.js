// about: options k6 does not take from a script (noThresholds, linger, a misspelt key): k6 warns about the first in sorted order and ignores them all, so the crossed threshold still fails the run
// conformance: {}
export const options = { iterations: 1, zeta: 1, noThresholds: true, linger: true, thresholds: { iterations: ['count>5'] } };
export default function () {}
