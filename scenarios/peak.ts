/**
 * peak — does it hold the target rate at peak?
 *
 * ramping-arrival-rate: ramp up to PEAK_RATE iterations/s, hold, ramp down. Arrivals do not
 * wait for responses, so a slow service shows as latency and, once every VU is busy, as
 * `dropped_iterations`. One API request per iteration: 70 % record reads, 20 % org listings,
 * 10 % org KPIs.
 *
 * k6 emits `dropped_iterations` only when an iteration is dropped, and a threshold on a metric
 * without samples is "no data", not a pass. setup() therefore adds an explicit 0 to it
 * (declaring a Counter with a built-in's name and type returns the built-in, in k6 as here),
 * so `count<1` judges a real count.
 *
 * Knobs (__ENV): BASE_URL, PEAK_RATE (iterations/s at peak, default 200), START_RATE
 * (default 10% of the peak), RAMP_UP (default 10s), HOLD (default 30s), RAMP_DOWN (default 5s),
 * PRE_VUS (default 20), MAX_VUS (default 100), RECORDS (default 1000), ORGS (default 10).
 */
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import type { Options } from 'k6/options';
import { baseUrl, envInt, envString } from './lib/env';
import { pick, seededOrg } from './lib/records';
import { k6Thresholds, peakTargets } from './lib/targets';

const BASE = baseUrl();
const PEAK_RATE = Math.max(1, envInt('PEAK_RATE', 200));
const RECORDS = Math.max(1, envInt('RECORDS', 1000));
const ORGS = Math.max(1, envInt('ORGS', 10));
const PRE_VUS = Math.max(1, envInt('PRE_VUS', 20));

const droppedIterations = new Counter('dropped_iterations');

export const options: Options = {
  scenarios: {
    peak: {
      executor: 'ramping-arrival-rate',
      startRate: envInt('START_RATE', Math.ceil(PEAK_RATE / 10)),
      timeUnit: '1s',
      preAllocatedVUs: PRE_VUS,
      maxVUs: Math.max(PRE_VUS, envInt('MAX_VUS', 100)),
      stages: [
        { target: PEAK_RATE, duration: envString('RAMP_UP', '10s') },
        { target: PEAK_RATE, duration: envString('HOLD', '30s') },
        { target: 0, duration: envString('RAMP_DOWN', '5s') },
      ],
      gracefulStop: '5s',
    },
  },
  thresholds: k6Thresholds(peakTargets),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

export function setup(): void {
  droppedIterations.add(0);
}

export default async function (): Promise<void> {
  const roll = Math.random();
  if (roll < 0.7) {
    const res = await http.asyncRequest('GET', `${BASE}/records/${pick(RECORDS)}`, null, { tags: { name: 'record', kind: 'api' } });
    check(res, { 'record is 200': (r) => r.status === 200 });
  } else if (roll < 0.9) {
    const res = await http.asyncRequest('GET', `${BASE}/records?org=${seededOrg(pick(ORGS))}&limit=20`, null, {
      tags: { name: 'records-by-org', kind: 'api' },
    });
    check(res, { 'list is 200': (r) => r.status === 200 });
  } else {
    const res = await http.asyncRequest('GET', `${BASE}/orgs/${seededOrg(pick(ORGS))}/stats`, null, { tags: { name: 'org-stats', kind: 'api' } });
    check(res, { 'stats is 200': (r) => r.status === 200 });
  }
}
