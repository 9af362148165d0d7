import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { getJson, runShippedScenario, thresholdFailed, values } from './helpers.js';

/**
 * sync-stress proves zero loss with the target's own count, and the proof can fail:
 * a flaky target is survived by retries (same batchId, idempotent), and a sync whose
 * batch the target refuses shows up as lost records and a crossed threshold.
 */
describe('sync-stress loss accounting', () => {
  let healthy: RunningTarget;
  let flaky: RunningTarget;
  beforeAll(async () => {
    healthy = await startTarget();
    // 30 % of requests get a 503 before the handler runs: nothing of them is stored.
    flaky = await startTarget({ errorRate: 0.3 });
  });
  afterAll(async () => {
    await healthy?.close();
    await flaky?.close();
  });

  it('retries failed batches with the same batchId and still stores every record exactly once', async () => {
    const run = await runShippedScenario('sync-stress', {
      BASE_URL: flaky.url,
      SYNC_RECORDS: '2000',
      BATCH_SIZE: '100',
      VUS: '10',
      // 0.3^9: a batch failing every attempt is a one-in-50 000 event.
      MAX_RETRIES: '8',
    });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    // 20 batches at 30 % errors: at least one retry is all but certain (1 - 0.7^20).
    expect(values(run.summary, 'sync_batch_retries').count).toBeGreaterThan(0);
    expect(values(run.summary, 'sync_batch_failed').rate).toBe(0);
    expect(values(run.summary, 'sync_records_lost').value).toBe(0);
    expect(values(run.summary, 'sync_records_stored').value).toBe(2000);
    const { syncId } = run.summary.setup_data as { syncId: string };
    flaky.setFaults({ errorRate: 0 }); // the test's own cross-check must not be the flaky part
    const proof = await getJson<{ recordCount: number }>(`${flaky.url}/sync/${syncId}`);
    expect(proof.body.recordCount).toBe(2000);
  });

  it('reports the records of a batch the target refused as lost, and fails the threshold', async () => {
    const syncId = `loss-test-${Date.now()}`;
    // The same batchId already holds different content: the target answers 409 to the
    // scenario's batch 0 (rightly not retried), so its 100 records never get stored.
    const squatter = await fetch(`${healthy.url}/sync/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        syncId,
        org: 'sync-org-001',
        batchId: 'batch-000000',
        records: [{ category: 'compute', source: 'other', occurred_at: '2024-02-01T00:00:00Z', cost_cents: 1, tax_cents: 0 }],
      }),
    });
    expect(squatter.status).toBe(201);
    const run = await runShippedScenario('sync-stress', { BASE_URL: healthy.url, SYNC_ID: syncId, SYNC_RECORDS: '1000', BATCH_SIZE: '100', VUS: '4' });
    expect(run.exitCode).toBe(99);
    const proof = await getJson<{ recordCount: number }>(`${healthy.url}/sync/${syncId}`);
    expect(proof.body.recordCount).toBe(901);
    expect(values(run.summary, 'sync_records_sent').count).toBe(1000);
    expect(values(run.summary, 'sync_records_stored').value).toBe(901);
    // |1000 - 901| = 99 by count alone; batch 0's 100 records are missing whatever else is there.
    expect(values(run.summary, 'sync_records_lost').value).toBe(100);
    expect(values(run.summary, 'sync_batch_failed').rate).toBeCloseTo(0.1, 5);
    expect(thresholdFailed(run.summary, 'sync_records_lost', 'value==0')).toBe(true);
  });
});
