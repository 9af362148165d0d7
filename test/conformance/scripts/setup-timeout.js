// about: setup() longer than setupTimeout (the run stays under k6's 1 s vus sampling tick)
// conformance: {}
import { sleep } from 'k6';
export const options = { iterations: 1, setupTimeout: '500ms' };
export function setup() {
  sleep(1);
}
export default function () {}
