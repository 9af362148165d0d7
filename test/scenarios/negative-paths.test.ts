import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { runShippedScenario, thresholdFailed, values } from './helpers.js';

/** The scenarios' key thresholds fail when the service really falls short: they are not decoration. */
describe('scenario thresholds catch a service that falls short', () => {
  let noCache: RunningTarget;
  let slow: RunningTarget;
  beforeAll(async () => {
    noCache = await startTarget({ seed: 1000, cacheSize: 0 });
    slow = await startTarget({ seed: 1000, latencyMs: 50 });
  });
  afterAll(async () => {
    await noCache?.close();
    await slow?.close();
  });

  it('warm-cache: a target without a cache has a 0 % hit rate and fails', async () => {
    const run = await runShippedScenario('warm-cache', { BASE_URL: noCache.url, VUS: '1', DURATION: '1s', HOT_KEYS: '50', COLD_KEYS: '50' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(99);
    expect(values(run.summary, 'cache_hit_rate').rate).toBe(0);
    expect(thresholdFailed(run.summary, 'cache_hit_rate', 'rate>0.5')).toBe(true);
  });

  it('peak: too few VUs for a slow target drop iterations, and the dropped_iterations threshold fails', async () => {
    // 2 VUs at 50 ms per request serve at most ~40 iterations/s; the peak asks for 200/s.
    const run = await runShippedScenario('peak', {
      BASE_URL: slow.url,
      PEAK_RATE: '200',
      RAMP_UP: '100ms',
      HOLD: '500ms',
      RAMP_DOWN: '100ms',
      PRE_VUS: '2',
      MAX_VUS: '2',
    });
    expect(run.exitCode).toBe(99);
    expect(values(run.summary, 'dropped_iterations').count).toBeGreaterThan(10);
    expect(thresholdFailed(run.summary, 'dropped_iterations', 'count<1')).toBe(true);
  });
});
