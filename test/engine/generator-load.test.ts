/**
 * EngineRunResult.generator: the VU threads' and the main thread's event-loop utilization over
 * the scenarios' window. Only ranges that hold on any machine are asserted: a thread that spins
 * in every iteration has (almost) no idle time; one that sleeps is idle (almost) all the time.
 */
import { describe, expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { captureConsole } from './helpers/target-server.js';

const SCRIPT = new URL('./scripts/generator-load.js', import.meta.url).pathname;

describe('generator load of the embedded engine', () => {
  it('a VU thread that spins in every iteration is busy near 1', async () => {
    const r = await runScript({ scriptPath: SCRIPT, env: { MODE: 'spin' }, console: captureConsole().console, threads: 1 });
    expect(r.exitCode).toBe(0);
    expect(r.threading?.vuThreads).toBe('shared');
    expect(r.generator?.vuThreads).toBe(1);
    expect(r.generator?.vuThreadBusy).toBeGreaterThan(0.8);
    expect(r.generator?.vuThreadBusy).toBeLessThanOrEqual(1);
    expect(r.generator?.mainThreadBusy).toBeGreaterThanOrEqual(0);
    expect(r.generator?.mainThreadBusy).toBeLessThanOrEqual(1);
    expect(r.generator?.cpuSeconds).toBeUndefined();
  });

  it('a VU thread that sleeps in every iteration is mostly idle', async () => {
    const r = await runScript({ scriptPath: SCRIPT, env: { MODE: 'sleep' }, console: captureConsole().console, threads: 1 });
    expect(r.exitCode).toBe(0);
    // sleep() is rewritten to be awaited, so the VUs share the thread and its loop idles while they wait.
    expect(r.threading).toMatchObject({ vuThreads: 'shared', syncCalls: 'awaited' });
    expect(r.generator?.vuThreadBusy).toBeGreaterThanOrEqual(0);
    expect(r.generator?.vuThreadBusy).toBeLessThan(0.5);
  });

  it('reports no VU-thread utilization when each VU blocks a thread of its own', async () => {
    const r = await runScript({ scriptPath: SCRIPT, env: { MODE: 'sleep' }, console: captureConsole().console, vuThreads: 'per-vu' });
    expect(r.exitCode).toBe(0);
    expect(r.generator).toMatchObject({ vuThreads: 2, vuThreadBusy: null });
    expect(r.generator?.mainThreadBusy).toBeGreaterThanOrEqual(0);
  });
});
