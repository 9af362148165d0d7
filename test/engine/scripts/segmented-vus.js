// VU-count executors split by execution segments; each request reports exec.vu.idInTest.
import http from 'k6/http';
import { sleep } from 'k6';
import exec from 'k6/execution';
export const options = {
  scenarios: {
    steady: { executor: 'constant-vus', vus: 7, duration: '1s', gracefulStop: '1s' },
    ramp: { executor: 'ramping-vus', startVUs: 0, stages: [{ duration: '300ms', target: 6 }, { duration: '500ms', target: 6 }], gracefulRampDown: '1s', gracefulStop: '1s' },
  },
};
export default function () {
  http.get(`${__ENV.BASE_URL}/health?inst=${__ENV.INSTANCE}&sc=${exec.scenario.name}&vu=${exec.vu.idInTest}&local=${__VU}`);
  sleep(0.05);
}
