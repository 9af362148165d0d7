// about: a scenario field k6 does not know (Go's JSON decoder refuses it while loading the script: exit 104, v0.49 255)
// conformance: {}
export const options = { scenarios: { x: { executor: 'shared-iterations', foo: 1 } } };
export default function () {}
