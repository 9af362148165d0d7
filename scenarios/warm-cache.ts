/**
 * warm-cache — how much does the cache buy, and what is the hit rate?
 *
 * setup() warms a hot key set (one GET per id) and bulk-creates fresh records that nobody
 * has read yet. VUs then read hot keys (warm: `cache_warm_duration`, hit or not, and
 * `cache_hit_rate` from the X-Cache header) and, every COLD_EVERY-th iteration, read one
 * fresh record twice in a row: the first read is cold (`cache_cold_duration`), the second
 * warm, and their ratio goes to `cache_warm_to_cold_ratio`. The pair is measured under the
 * same load within the same iteration, so the ratio needs no end-of-test arithmetic (k6 VUs
 * cannot see each other's samples, and teardown cannot read aggregates).
 *
 * Knobs (__ENV): BASE_URL, VUS (default 4), DURATION (default 10s), RECORDS (hot ids are
 * spread over 1..RECORDS, default 1000), HOT_KEYS (default 200), HOT_READS (hot reads per
 * iteration, default 4), COLD_KEYS (fresh records created by setup, default 500),
 * COLD_EVERY (a cold pair every n-th iteration of a VU, default 4).
 */
import http from 'k6/http';
import { check } from 'k6';
import { Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { baseUrl, envInt, envString } from './lib/env';
import { header, jsonParams } from './lib/records';
import { k6Thresholds, warmCacheTargets } from './lib/targets';

const BASE = baseUrl();
const VUS = Math.max(1, envInt('VUS', 4));
const RECORDS = Math.max(1, envInt('RECORDS', 1000));
const HOT_KEYS = Math.max(1, Math.min(RECORDS, envInt('HOT_KEYS', 200)));
const HOT_READS = Math.max(1, envInt('HOT_READS', 4));
const COLD_KEYS = envInt('COLD_KEYS', 500);
const COLD_EVERY = Math.max(1, envInt('COLD_EVERY', 4));
/** Parallel requests per warm-up batch (k6's own default `batch` limit is 20). */
const WARM_CHUNK = 20;

const coldDuration = new Trend('cache_cold_duration', true);
const warmDuration = new Trend('cache_warm_duration', true);
const warmToCold = new Trend('cache_warm_to_cold_ratio');
const hitRate = new Rate('cache_hit_rate');

export const options: Options = {
  scenarios: {
    'warm-cache': {
      executor: 'constant-vus',
      vus: VUS,
      duration: envString('DURATION', '10s'),
      gracefulStop: '5s',
    },
  },
  thresholds: k6Thresholds(warmCacheTargets),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
};

interface SetupData {
  hot: number[];
  cold: number[];
}

/** HOT_KEYS ids spread evenly over 1..RECORDS (the seeded records). */
function hotIds(): number[] {
  const ids: number[] = [];
  const step = RECORDS / HOT_KEYS;
  for (let i = 0; i < HOT_KEYS; i++) ids.push(1 + Math.floor(i * step));
  return ids;
}

/** Bulk-creates COLD_KEYS records; returns their ids (never read by anyone yet). */
function createColdRecords(): number[] {
  if (COLD_KEYS === 0) return [];
  const res = http.post(`${BASE}/admin/seed`, JSON.stringify({ count: COLD_KEYS, randomSeed: Date.now() % 4_294_967_295 }), jsonParams({ name: 'setup-seed' }));
  const ok = check(res, { 'cold records created': (r) => r.status === 201 });
  if (!ok) throw new Error(`POST /admin/seed answered ${res.status}: ${String(res.body)}`);
  const total = (res.json() as { recordsTotal: number }).recordsTotal;
  // Ids are SQLite rowids: the seed appended the last COLD_KEYS of them (nothing else
  // writes during setup); a wrong guess shows as failed reads, never as silent hits.
  const ids: number[] = [];
  for (let id = total - COLD_KEYS + 1; id <= total; id++) ids.push(id);
  return ids;
}

export function setup(): SetupData {
  const hot = hotIds();
  // In chunks: one batch of thousands of parallel requests would only measure their queue.
  for (let i = 0; i < hot.length; i += WARM_CHUNK) {
    const chunk = hot.slice(i, i + WARM_CHUNK).map((id) => ({ method: 'GET', url: `${BASE}/records/${id}`, params: { tags: { name: 'warm-up' } } }));
    for (const res of http.batch(chunk)) check(res, { 'warm-up read is 200': (r) => r.status === 200 });
  }
  return { hot, cold: createColdRecords() };
}

async function readRecord(id: number, kind: 'warm' | 'cold'): Promise<{ ok: boolean; hit: boolean; ms: number }> {
  const res = await http.asyncRequest('GET', `${BASE}/records/${id}`, null, { tags: { name: 'record', cache: kind } });
  const ok = check(res, { 'record read is 200': (r) => r.status === 200 });
  return { ok, hit: header(res.headers, 'X-Cache') === 'HIT', ms: res.timings.duration };
}

async function coldPair(data: SetupData): Promise<void> {
  const slot = Math.floor(__ITER / COLD_EVERY) * VUS + (__VU - 1);
  const id = data.cold[slot];
  if (id === undefined) return; // every fresh record has been read once
  const cold = await readRecord(id, 'cold');
  const warm = await readRecord(id, 'warm');
  if (!cold.ok || !warm.ok) return;
  check(cold, { 'first read of a fresh record is a MISS': (r) => !r.hit });
  coldDuration.add(cold.ms);
  if (cold.ms > 0) warmToCold.add(warm.ms / cold.ms);
}

export default async function (data: SetupData): Promise<void> {
  for (let i = 0; i < HOT_READS; i++) {
    const id = data.hot[Math.floor(Math.random() * data.hot.length)] ?? 1;
    const r = await readRecord(id, 'warm');
    if (!r.ok) continue;
    hitRate.add(r.hit);
    warmDuration.add(r.ms);
  }
  if (__ITER % COLD_EVERY === 0) await coldPair(data);
}
