// about: a list where k6 wants a duration: v2 quotes it indented, v0.49 compact
// conformance: {}
export const options = { setupTimeout: ['1s'] };
export default function () {}
