/**
 * db-1m — does the database stay fast at a million records?
 *
 * setup() makes sure the seeded orgs (org-001 … org-<ORGS>) hold DB_RECORDS records: it sums
 * their KPI counts (GET /orgs/:org/stats) and seeds only the difference through
 * POST /admin/seed, so a target already holding them (the weekly profile seeds 1M at start)
 * is left alone. Then USERS concurrent users run a mix, each request tagged `op` so k6 keeps
 * a sub-metric per kind:
 * - select (50 %): filtered listings (org + category, org + date range), indexed;
 * - aggregate (20 %): org KPIs (GET /orgs/:org/stats);
 * - point (15 %): GET /records/:id;
 * - write (15 %): POST /records or PATCH /records/:id.
 *
 * Knobs (__ENV): BASE_URL, DB_RECORDS (default 1000000), ORGS (default 10), USERS (default
 * 100), DURATION (default 60s), RECORDS (ids read and patched: 1..RECORDS; default DB_RECORDS),
 * THINK_TIME (mean seconds between a user's requests, uniformly 0.5x-1.5x; default 0.1).
 */
import http from 'k6/http';
import { check, sleep } from 'k6';
import type { Options } from 'k6/options';
import { baseUrl, envInt, envNumber, envString } from './lib/env';
import { CATEGORIES, jsonParams, pick, recordBody, seededOrg } from './lib/records';
import { db1mTargets, k6Thresholds } from './lib/targets';

const BASE = baseUrl();
const DB_RECORDS = Math.max(1, envInt('DB_RECORDS', 1_000_000));
const ORGS = Math.max(1, envInt('ORGS', 10));
const RECORDS = Math.max(1, Math.min(DB_RECORDS, envInt('RECORDS', DB_RECORDS)));
const THINK_TIME = envNumber('THINK_TIME', 0.1);

export const options: Options = {
  scenarios: {
    'db-1m': {
      executor: 'constant-vus',
      vus: Math.max(1, envInt('USERS', 100)),
      duration: envString('DURATION', '60s'),
      gracefulStop: '10s',
    },
  },
  thresholds: k6Thresholds(db1mTargets),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  // Seeding a million records into an empty remote target can take minutes.
  setupTimeout: '10m',
};

/** Records in the seeded orgs, from their KPI rows (404: an org without records yet). */
function seededRecordCount(): number {
  const requests = [];
  for (let o = 1; o <= ORGS; o++) {
    requests.push({
      method: 'GET',
      url: `${BASE}/orgs/${seededOrg(o)}/stats`,
      params: { tags: { name: 'setup-count' }, responseCallback: http.expectedStatuses(200, 404) },
    });
  }
  let total = 0;
  for (const res of http.batch(requests)) {
    check(res, { 'org stats answered': (r) => r.status === 200 || r.status === 404 });
    if (res.status === 200) total += (res.json() as { record_count: number }).record_count;
  }
  return total;
}

export function setup(): { seeded: number; before: number } {
  const before = seededRecordCount();
  const missing = DB_RECORDS - before;
  if (missing <= 0) return { seeded: 0, before };
  const res = http.post(`${BASE}/admin/seed`, JSON.stringify({ count: missing, orgs: ORGS, randomSeed: before + 1 }), {
    ...jsonParams({ name: 'setup-seed' }),
    timeout: '10m',
  });
  if (!check(res, { 'seed is 201': (r) => r.status === 201 })) {
    throw new Error(`POST /admin/seed {count: ${missing}} answered ${res.status}: ${String(res.body).slice(0, 300)}`);
  }
  return { seeded: missing, before };
}

/** A 30-day window in 2024 (the seeded occurred_at year). */
function dateWindow(): string {
  const from = new Date(Date.UTC(2024, 0, 1) + Math.floor(Math.random() * 335) * 86_400_000);
  const to = new Date(from.getTime() + 30 * 86_400_000);
  return `from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`;
}

async function select(): Promise<void> {
  const org = seededOrg(pick(ORGS));
  const byCategory = Math.random() < 0.5;
  const query = byCategory ? `category=${CATEGORIES[pick(CATEGORIES.length) - 1]}` : dateWindow();
  const res = await http.asyncRequest('GET', `${BASE}/records?org=${org}&${query}&limit=50`, null, {
    tags: { name: byCategory ? 'records-by-org-category' : 'records-by-org-dates', op: 'select' },
  });
  check(res, { 'select is 200': (r) => r.status === 200 });
}

async function aggregate(): Promise<void> {
  const res = await http.asyncRequest('GET', `${BASE}/orgs/${seededOrg(pick(ORGS))}/stats`, null, { tags: { name: 'org-stats', op: 'aggregate' } });
  check(res, { 'aggregate is 200': (r) => r.status === 200 });
}

async function pointRead(): Promise<void> {
  const res = await http.asyncRequest('GET', `${BASE}/records/${pick(RECORDS)}`, null, { tags: { name: 'record', op: 'point' } });
  check(res, { 'point read is 200': (r) => r.status === 200 });
}

async function write(): Promise<void> {
  const seq = Math.floor(Math.random() * 1e9);
  if (Math.random() < 0.5) {
    const body = JSON.stringify({ org: seededOrg(pick(ORGS)), ...recordBody(seq, 'db-1m') });
    const res = await http.asyncRequest('POST', `${BASE}/records`, body, jsonParams({ name: 'record-create', op: 'write' }));
    check(res, { 'create is 201': (r) => r.status === 201 });
  } else {
    const body = JSON.stringify({ cost_cents: 100 + (seq % 99_900), tax_cents: 20 + (seq % 19_980) });
    const res = await http.asyncRequest('PATCH', `${BASE}/records/${pick(RECORDS)}`, body, jsonParams({ name: 'record-update', op: 'write' }));
    check(res, { 'update is 200': (r) => r.status === 200 });
  }
}

export default async function (): Promise<void> {
  const roll = Math.random();
  if (roll < 0.5) await select();
  else if (roll < 0.7) await aggregate();
  else if (roll < 0.85) await pointRead();
  else await write();
  // Users think between requests; without it, N users measure N / throughput (Little's law),
  // i.e. the load generator's own queue, not the database.
  if (THINK_TIME > 0) sleep(THINK_TIME * (0.5 + Math.random()));
}
