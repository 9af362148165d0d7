/**
 * sync-stress — can it ingest a big sync without losing a record?
 *
 * SYNC_RECORDS records of SYNC_ORGS orgs go to POST /sync/batches in batches of BATCH_SIZE,
 * VUS at a time. shared-iterations with one iteration per batch, and the batch index taken
 * from the scenario-wide iteration number, so every batch is sent exactly once. A failed
 * batch (network error, 5xx, 429) is retried with the same batchId and byte-identical body:
 * the target's idempotency makes the retry safe. teardown() asks the target what it stored
 * for this run's syncId and proves zero loss:
 * - `sync_records_sent` (Counter): records in the batches the VUs sent (once per batch);
 * - `sync_records_stored` (Gauge): rows the target holds under this syncId;
 * - `sync_records_lost` (Gauge): |planned − stored| (duplicates count as loss too), or the
 *   records of planned batches the target has no trace of, whichever is larger;
 * - `sync_records_per_minute` (Gauge): stored records per minute, from setup to teardown;
 * - `sync_batch_failed` (Rate): batches still failing after every retry.
 *
 * Knobs (__ENV): BASE_URL, SYNC_RECORDS (default 10000), BATCH_SIZE (default 500, max 10000),
 * SYNC_ORGS (default 50), VUS (default 10), MAX_RETRIES (default 3), MAX_DURATION (default
 * 10m), SYNC_ID (default: a fresh id per run, so repeated runs against one target never collide).
 */
import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Gauge, Rate } from 'k6/metrics';
import type { Options } from 'k6/options';
import { baseUrl, envInt, envString } from './lib/env';
import { jsonParams, recordBody, type RecordBody } from './lib/records';
import { k6Thresholds, syncStressTargets } from './lib/targets';

const BASE = baseUrl();
const SYNC_RECORDS = Math.max(1, envInt('SYNC_RECORDS', 10_000));
const BATCH_SIZE = Math.min(10_000, Math.max(1, envInt('BATCH_SIZE', 500)));
const SYNC_ORGS = Math.max(1, envInt('SYNC_ORGS', 50));
const VUS = Math.max(1, envInt('VUS', 10));
const MAX_RETRIES = envInt('MAX_RETRIES', 3);
const BATCHES = Math.ceil(SYNC_RECORDS / BATCH_SIZE);

const recordsSent = new Counter('sync_records_sent');
const recordsStored = new Gauge('sync_records_stored');
const recordsLost = new Gauge('sync_records_lost');
const recordsPerMinute = new Gauge('sync_records_per_minute');
const batchFailed = new Rate('sync_batch_failed');
const batchAttempts = new Counter('sync_batch_retries');

export const options: Options = {
  scenarios: {
    'sync-stress': {
      executor: 'shared-iterations',
      vus: Math.min(VUS, BATCHES),
      iterations: BATCHES,
      maxDuration: envString('MAX_DURATION', '10m'),
      gracefulStop: '30s',
    },
  },
  thresholds: k6Thresholds(syncStressTargets),
  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'],
  teardownTimeout: '2m',
};

interface SetupData {
  syncId: string;
  startedAtMs: number;
}

/** Org of batch b: batches go round-robin over the orgs, so every org syncs in parallel. */
function batchOrg(b: number): string {
  return `sync-org-${String((b % SYNC_ORGS) + 1).padStart(3, '0')}`;
}

function batchId(b: number): string {
  return `batch-${String(b).padStart(6, '0')}`;
}

/** Records of batch b: global sequence numbers b*BATCH_SIZE … (the last batch may be short). */
function batchSize(b: number): number {
  return Math.min(BATCH_SIZE, SYNC_RECORDS - b * BATCH_SIZE);
}

export function setup(): SetupData {
  const startedAtMs = Date.now();
  const syncId = envString('SYNC_ID', `sync-${startedAtMs}-${Math.floor(Math.random() * 1e9).toString(36)}`);
  return { syncId, startedAtMs };
}

function isRetryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

export default async function (data: SetupData): Promise<void> {
  const b = exec.scenario.iterationInTest;
  if (b >= BATCHES) return; // defensive: shared-iterations never hands out more
  const records: RecordBody[] = [];
  const first = b * BATCH_SIZE;
  for (let i = 0; i < batchSize(b); i++) records.push(recordBody(first + i, 'sync'));
  const body = JSON.stringify({ syncId: data.syncId, org: batchOrg(b), batchId: batchId(b), records });
  recordsSent.add(records.length);
  let status = 0;
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    if (attempt > 0) batchAttempts.add(1);
    const res = await http.asyncRequest('POST', `${BASE}/sync/batches`, body, {
      ...jsonParams({ name: 'sync-batch' }),
      timeout: '60s',
      responseCallback: http.expectedStatuses(200, 201),
    });
    status = res.status;
    if (!isRetryable(status)) break;
  }
  batchFailed.add(status !== 200 && status !== 201);
  check(status, { 'batch stored (201) or already stored (200)': (s) => s === 200 || s === 201 });
}

interface SyncSummary {
  recordCount: number;
  batches: Array<{ batchId: string; recordCount: number }>;
}

/** Attempts at reading the proof: it decides the verdict, so it gets more than a batch. */
const SUMMARY_ATTEMPTS = 20;

/** GET /sync/:syncId with retries (fault injection applies to it too); null when nothing arrived. */
function fetchSummary(syncId: string): SyncSummary | null {
  for (let attempt = 0; attempt < SUMMARY_ATTEMPTS; attempt++) {
    const res = http.get(`${BASE}/sync/${encodeURIComponent(syncId)}`, {
      tags: { name: 'sync-summary' },
      responseCallback: http.expectedStatuses(200, 404),
    });
    if (res.status === 200) return res.json() as unknown as SyncSummary;
    if (res.status === 404) return null;
    sleep(0.05);
  }
  throw new Error(`GET /sync/${syncId} kept failing; cannot prove zero loss`);
}

export function teardown(data: SetupData): void {
  const summary = fetchSummary(data.syncId);
  const stored = summary?.recordCount ?? 0;
  const received = new Map((summary?.batches ?? []).map((x) => [x.batchId, x.recordCount]));
  let missingBatchRecords = 0;
  for (let b = 0; b < BATCHES; b++) {
    const got = received.get(batchId(b));
    if (got === undefined || got !== batchSize(b)) missingBatchRecords += batchSize(b);
  }
  const lost = Math.max(Math.abs(SYNC_RECORDS - stored), missingBatchRecords);
  const minutes = Math.max(1, Date.now() - data.startedAtMs) / 60_000;
  recordsStored.add(stored);
  recordsLost.add(lost);
  recordsPerMinute.add(stored / minutes);
  check(lost, { 'sync lost no record': (n) => n === 0 });
}
