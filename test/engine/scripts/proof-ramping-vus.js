// ramping-vus proof: 0→4 VUs, hold 4, 4→8, hold 8, 8→0.
import { sleep } from 'k6';
export const options = {
  scenarios: {
    ramp: {
      executor: 'ramping-vus', startVUs: 0, gracefulRampDown: '0s',
      stages: [{ duration: '1s', target: 4 }, { duration: '2s', target: 4 }, { duration: '1s', target: 8 }, { duration: '2s', target: 8 }, { duration: '1s', target: 0 }],
    },
  },
};
export default function () { sleep(0.05); }
