import type { GatingMetric } from '../results/results.js';
import { baselineTargets, db1mTargets, peakTargets, syncStressTargets, warmCacheTargets } from './scenario-targets.js';
import type { ProfileConfig, ScenarioConfig } from './types.js';


/**
 * The four profiles of ARCHITECTURE.md. Repetitions are set by the statistics, not
 * taste: with n per side the smallest possible Mann–Whitney p is 2/C(2n, n), and
 * Holm over m gating metrics needs p <= 0.05/m. n = 6 (p >= 0.00216) cannot reach a
 * family of 24 metrics at all; n = 8 (p >= 0.000155) covers ~300 and detects a 10 %
 * shift at 3 % noise 96 % of the time over 20 metrics (bench/stats.ts).
 *
 * Sizes fit a 2-core machine: at `smoke` each scenario repetition takes about 1 s (the
 * whole suite, 5 scenarios x 9 runs, about a minute); `ci` repetitions take 2–4 s, so the PR
 * gate measures both builds side by side (2 x 9 rounds of all five) in about 6 minutes;
 * `weekly`/`release` run the full sizes (1M records, 100 users, a 1M-record sync).
 */
export const DEFAULT_PROFILES: Record<string, ProfileConfig> = {
  smoke: {
    repetitions: 8,
    warmupRepetitions: 1,
    targetSeed: 1_000,
    env: {
      '*': { RECORDS: '1000', ORGS: '10' },
      baseline: { VUS: '2', DURATION: '2s' },
      'warm-cache': { VUS: '1', DURATION: '1s', HOT_KEYS: '100', COLD_KEYS: '200' },
      peak: { PEAK_RATE: '300', RAMP_UP: '200ms', HOLD: '400ms', RAMP_DOWN: '200ms', PRE_VUS: '30', MAX_VUS: '60' },
      'sync-stress': { SYNC_RECORDS: '10000', BATCH_SIZE: '500', SYNC_ORGS: '50', VUS: '10' },
      'db-1m': { DB_RECORDS: '20000', RECORDS: '20000', USERS: '10', DURATION: '1s', THINK_TIME: '0.01' },
    },
    keepHistory: false,
  },
  ci: {
    repetitions: 8,
    warmupRepetitions: 1,
    targetSeed: 10_000,
    env: {
      '*': { RECORDS: '10000', ORGS: '10' },
      baseline: { VUS: '4', DURATION: '4s' },
      'warm-cache': { VUS: '1', DURATION: '3s', HOT_KEYS: '1000', COLD_KEYS: '2000' },
      peak: { PEAK_RATE: '500', RAMP_UP: '1s', HOLD: '2s', RAMP_DOWN: '1s', PRE_VUS: '50', MAX_VUS: '150' },
      'sync-stress': { SYNC_RECORDS: '100000', BATCH_SIZE: '500', SYNC_ORGS: '50', VUS: '10' },
      'db-1m': { DB_RECORDS: '100000', RECORDS: '100000', USERS: '20', DURATION: '3s', THINK_TIME: '0.05' },
    },
    keepHistory: false,
  },
  weekly: {
    repetitions: 10,
    warmupRepetitions: 1,
    targetSeed: 1_000_000,
    env: fullSizeEnv(),
    keepHistory: true,
  },
  release: {
    repetitions: 10,
    warmupRepetitions: 1,
    targetSeed: 1_000_000,
    env: fullSizeEnv(),
    keepHistory: true,
  },
};

/** Knobs of the long profiles (weekly, release): the sizes ARCHITECTURE.md names. */
function fullSizeEnv(): Record<string, Record<string, string>> {
  return {
    '*': { RECORDS: '1000000', ORGS: '10' },
    baseline: { VUS: '8', DURATION: '60s' },
    'warm-cache': { VUS: '2', DURATION: '60s', HOT_KEYS: '5000', COLD_KEYS: '20000' },
    peak: { PEAK_RATE: '1000', RAMP_UP: '30s', HOLD: '120s', RAMP_DOWN: '15s', PRE_VUS: '100', MAX_VUS: '500' },
    'sync-stress': { SYNC_RECORDS: '1000000', BATCH_SIZE: '500', SYNC_ORGS: '50', VUS: '10' },
    'db-1m': { DB_RECORDS: '1000000', RECORDS: '1000000', USERS: '100', DURATION: '120s', THINK_TIME: '0.1' },
  };
}

/** A gating metric with the comparison's minimum effect (compare.minEffectPct, --min-effect). */
function gate(metric: string, stat: string, direction: GatingMetric['direction'], extra: Partial<GatingMetric> = {}): GatingMetric {
  return { metric, stat, direction, gate: true, ...extra };
}

/** Rates in [0, 1] that are 0 when healthy: effects measured against max(base, 1 %). */
const rateFloor = { effectFloor: 0.01 };
/** Counts and amounts that are 0 when healthy: the first one is a 100 % effect, not +inf. */
const countFloor = { effectFloor: 1 };

/**
 * The service's CPU per request, gated in every scenario when its Prometheus metrics are scraped
 * (always for the reference target): the most direct sign of a slower build, which client-side
 * latency on loopback can hide. A metric missing on both sides is left out of the comparison.
 */
const serverCpu = gate('server_cpu_per_request', 'value', 'lower');
/**
 * The service's own timing of its work per request (a Prometheus `*handler_duration_seconds`
 * histogram; the reference target has one): a slower handler shows here in full, while on
 * loopback the round trip around it is mostly client, kernel and HTTP plumbing.
 */
const serverHandler = gate('server_handler_duration', 'value', 'lower');

/** The shipped scenarios (paths relative to the loadgate package root). */
export const DEFAULT_SCENARIOS: Record<string, ScenarioConfig> = {
  baseline: {
    file: 'scenarios/baseline.ts',
    thresholds: baselineTargets,
    gating: [],
    env: {},
  },
  // Few VUs on purpose: warm-cache asks what the cache buys, and on a 2-core machine every
  // extra VU thread adds more noise to the cold/warm pair than the ~50 µs the cache saves.
  'warm-cache': {
    file: 'scenarios/warm-cache.ts',
    thresholds: warmCacheTargets,
    gating: [
      gate('cache_warm_duration', 'p(95)', 'lower'),
      gate('cache_warm_duration', 'med', 'lower'),
      gate('cache_cold_duration', 'med', 'lower'),
      gate('cache_warm_to_cold_ratio', 'med', 'lower'),
      gate('cache_hit_rate', 'rate', 'higher', rateFloor),
      gate('http_req_failed', 'rate', 'lower', rateFloor),
      gate('checks', 'rate', 'higher', rateFloor),
      serverCpu,
      serverHandler,
    ],
    env: {},
  },
  peak: {
    file: 'scenarios/peak.ts',
    thresholds: peakTargets,
    // No http_reqs rate: an arrival-rate executor fixes the request rate by design.
    gating: [
      gate('http_req_duration{scenario:peak}', 'p(95)', 'lower'),
      gate('http_req_duration{scenario:peak}', 'med', 'lower'),
      gate('http_req_failed{scenario:peak}', 'rate', 'lower', rateFloor),
      gate('dropped_iterations', 'count', 'lower', countFloor),
      gate('vus_max', 'value', 'lower', { gate: false }),
      gate('checks', 'rate', 'higher', rateFloor),
      serverCpu,
      serverHandler,
    ],
    env: {},
  },
  'sync-stress': {
    file: 'scenarios/sync-stress.ts',
    thresholds: syncStressTargets,
    gating: [
      gate('sync_records_lost', 'value', 'lower', countFloor),
      gate('sync_records_per_minute', 'value', 'higher'),
      gate('http_req_duration{name:sync-batch}', 'p(95)', 'lower'),
      gate('http_req_duration{name:sync-batch}', 'med', 'lower'),
      gate('sync_batch_failed', 'rate', 'lower', rateFloor),
      gate('sync_batch_retries', 'count', 'lower', { ...countFloor, gate: false }),
      gate('checks', 'rate', 'higher', rateFloor),
      serverCpu,
      serverHandler,
    ],
    env: {},
  },
  'db-1m': {
    file: 'scenarios/db-1m.ts',
    thresholds: db1mTargets,
    gating: [
      gate('http_req_duration{op:select}', 'p(95)', 'lower'),
      gate('http_req_duration{op:aggregate}', 'p(95)', 'lower'),
      gate('http_req_duration{op:write}', 'p(95)', 'lower'),
      gate('http_req_duration{op:point}', 'p(95)', 'lower'),
      gate('http_req_duration', 'med', 'lower'),
      gate('http_req_failed{scenario:db-1m}', 'rate', 'lower', rateFloor),
      gate('http_reqs', 'rate', 'higher'),
      gate('checks', 'rate', 'higher', rateFloor),
      serverCpu,
      serverHandler,
    ],
    env: {},
  },
};
