// about: the duration and stages shortcuts together, which k6 refuses before looking at scenarios, in each generation's words
// conformance: {}
export const options = { duration: '1s', stages: [{ duration: '1s', target: 1 }], scenarios: { a: { executor: 'shared-iterations', iterations: 1 } } };
export default function () {}
