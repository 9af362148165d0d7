// about: a threshold on a metric the script never defines (exit 104)
// conformance: {}
export const options = { iterations: 1, thresholds: { no_such_metric: ['count>0'] } };
export default function () {}
