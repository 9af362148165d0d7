// Two arrival-rate scenarios short of VUs (one may grow to 2, one may not grow) and one with enough.
import { sleep } from 'k6';
export const options = {
  scenarios: {
    grows: { executor: 'constant-arrival-rate', rate: 20, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1, maxVUs: 2 },
    ramps: { executor: 'ramping-arrival-rate', startRate: 10, timeUnit: '1s', stages: [{ target: 20, duration: '1s' }], preAllocatedVUs: 1 },
    enough: { executor: 'constant-arrival-rate', rate: 2, timeUnit: '1s', duration: '1s', preAllocatedVUs: 1 },
  },
};
export default function () {
  sleep(0.3);
}
