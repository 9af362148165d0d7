/**
 * baseline — how fast is the service at light steady load?
 * Constant VUs on /health and the read endpoints, a check on every response.
 * Knobs (__ENV): BASE_URL, VUS (default 4), DURATION (default 10s),
 * RECORDS (ids to read: 1..RECORDS, default 1000), ORGS (default 10).
 */
import http from 'k6/http';
import { check } from 'k6';
import type { Options } from 'k6/options';
import { baseUrl, envInt, envString } from './lib/env';
import { baselineTargets, k6Thresholds } from './lib/targets';

const BASE = baseUrl();
const RECORDS = Math.max(1, envInt('RECORDS', 1000));
const ORGS = Math.max(1, envInt('ORGS', 10));

export const options: Options = {
  scenarios: {
    baseline: {
      executor: 'constant-vus',
      vus: envInt('VUS', 4),
      duration: envString('DURATION', '10s'),
      gracefulStop: '5s',
    },
  },
  thresholds: k6Thresholds(baselineTargets),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

function pick(max: number): number {
  return 1 + Math.floor(Math.random() * max);
}

export default async function (): Promise<void> {
  const health = await http.asyncRequest('GET', `${BASE}/health`, null, { tags: { name: 'health' } });
  check(health, { 'health is 200': (r) => r.status === 200 });

  const id = pick(RECORDS);
  const record = await http.asyncRequest('GET', `${BASE}/records/${id}`, null, {
    tags: { name: 'record', kind: 'api' },
  });
  check(record, { 'record is 200': (r) => r.status === 200 });

  // The reference target names its seeded orgs org-001, org-002, …
  const org = `org-${String(pick(ORGS)).padStart(3, '0')}`;
  const list = await http.asyncRequest('GET', `${BASE}/records?org=${org}&limit=20`, null, {
    tags: { name: 'records-by-org', kind: 'api' },
  });
  check(list, { 'list is 200': (r) => r.status === 200 });
}
