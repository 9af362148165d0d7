// about: vus: 3 without duration or iterations (k6 runs one iteration and warns)
// conformance: {"counts":["iterations"]}
export const options = { vus: 3 };
export default function () {}
