// about: a boolean where k6 wants a whole number (exit 104, v0.49 255)
// conformance: {}
export const options = { scenarios: { a: { executor: 'per-vu-iterations', iterations: true } } };
export default function () {}
