// Options the engine honours without running them on k6: skipped lifecycle steps, noThresholds (no script option in k6: ignored, with its warning),
// a fixed summary time unit, a minimum iteration duration, the User-Agent; and some it ignores.
import http from 'k6/http';
export const options = {
  iterations: 3,
  noSetup: true,
  noTeardown: true,
  noThresholds: true,
  summaryTimeUnit: 'ms',
  minIterationDuration: '300ms',
  thresholds: { http_reqs: ['count>1000'] },
  rps: 50, // implemented: 3 requests, 20 ms apart at least
  dns: { ttl: '1m', select: 'first' },
  noConnectionReuse: false,
  paused: true,
  totallyMadeUp: 1,
};
export function setup() { throw new Error('setup must not run'); }
export function teardown() { throw new Error('teardown must not run'); }
export default function () {
  console.log(`iteration at ${Date.now()}`);
  http.get(`${__ENV.BASE_URL}/health`);
}
