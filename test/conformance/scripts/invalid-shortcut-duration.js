// about: the top-level duration shortcut under 1 s: k6 checks it as the scenario named default
// conformance: {}
export const options = { vus: 2, duration: '500ms' };
export default function () {}
