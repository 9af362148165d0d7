// about: an exception in teardown after the iterations ran
// conformance: {"counts":["iterations"]}
export const options = { iterations: 1 };
export default function () {}
export function teardown() {
  throw new Error('teardown broke');
}
