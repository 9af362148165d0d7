// about: whole-number options given as strings (Go's null.Int reads them with strconv.ParseInt; "" leaves one unset): the test runs as with numbers
// conformance: {"counts":["http_reqs"]}
import http from 'k6/http';
export const options = {
  scenarios: {
    shared: { executor: 'shared-iterations', vus: '2', iterations: '+4' },
    ramp: { executor: 'ramping-vus', startVUs: '', stages: [{ duration: '100ms', target: '1' }], gracefulRampDown: '0s', exec: 'idle' },
  },
};
export default function () {
  http.get(`${__ENV.BASE_URL}/health`);
}
export function idle() {}
