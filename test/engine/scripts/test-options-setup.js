// exec.test.options in setup() is the consolidated options, as in every iteration.
import exec from 'k6/execution';
export const options = { iterations: 2, vus: 1 };
export function setup() { console.log(`setup ${JSON.stringify(exec.test.options.scenarios)}`); }
export default function () { console.log(`iteration ${JSON.stringify(exec.test.options.scenarios)}`); }
