// about: __ENV from -e flags and from the system environment; __VU and __ITER in each stage
// conformance: {"args":["-e","FROM_FLAG=flag value"]}
export const options = { iterations: 1 };
console.log(`init: __VU=${__VU} FROM_FLAG=${__ENV.FROM_FLAG} system=${__ENV.CONFORMANCE_SYSTEM_VAR}`);
export function setup() {
  console.log(`setup: __VU=${__VU} __ITER=${typeof __ITER === 'undefined' ? 'undefined' : __ITER}`);
}
export default function () {
  console.log(`default: __VU=${__VU} __ITER=${__ITER} FROM_FLAG=${__ENV.FROM_FLAG}`);
}
