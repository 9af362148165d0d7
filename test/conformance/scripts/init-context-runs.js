// about: how often the init context runs and what state carries over: once for the options, once more each for setup(), teardown() and the summary (all __VU=0), once per VU; a global set in setup() is not seen by teardown() or the VUs
// conformance: {"counts":["iterations"]}
export const options = { vus: 2, iterations: 2 };
let state = 'init';
console.log(`init __VU=${__VU}`);
export function setup() {
  console.log(`setup sees ${state}`);
  state = 'set in setup';
}
export default function () {
  console.log(`default sees ${state}`);
}
export function teardown() {
  console.log(`teardown sees ${state}`);
}
