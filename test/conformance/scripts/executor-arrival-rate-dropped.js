// about: constant-arrival-rate with too few VUs: iterations dropped, and k6's warning about it
// conformance: {"checks":"shape"}
import { sleep } from 'k6';
export const options = {
  scenarios: { starved: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 1 } },
};
export default function () {
  sleep(0.3);
}
