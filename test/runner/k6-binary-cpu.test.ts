/**
 * The k6 process's CPU seconds (EngineRunResult.generator.cpuSeconds), measured from
 * /proc/self/stat's reaped-children CPU around the run. With the stand-in k6 everywhere; with
 * the real k6 when the runner finds one (K6_PATH, else PATH). k6 is neither an npm nor a Debian
 * package, so a fresh machine may have none: the real-k6 tests skip with a notice, and fail only
 * where `.ci/run` put a k6 on PATH and says so (LOADGATE_EXPECT_K6=1).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { runWithK6 } from '../../src/runner/k6-binary/index.js';
import { currentK6, withoutRealK6 } from '../helpers/real-k6.js';
import { installK6StandIn, standInEnv } from './k6-standin.js';

const SCRIPT = join(PACKAGE_ROOT, 'test', 'runner', 'scripts', 'k6-cpu.js');
const hasProc = existsSync('/proc/self/stat');
const k6 = currentK6(import.meta.url, 'the real-k6 tests');
// Without /proc there is nothing to measure the real k6 with: those tests skip, in CI too.
if (k6 && !hasProc) withoutRealK6(import.meta.url, 'the real-k6 tests', 'no /proc (the CPU is measured on Linux only)', false);
const k6Path = hasProc ? k6?.path : undefined;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-cpu-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the script and returns the generator load with the wall time the run took, s. */
async function measure(path: string, mode: string, processEnv?: NodeJS.ProcessEnv) {
  const t0 = performance.now();
  const r = await runWithK6({ k6Path: path, scriptPath: SCRIPT, workDir: join(dir, 'work'), env: { MODE: mode }, processEnv });
  return { r, wallS: (performance.now() - t0) / 1000 };
}

describe('k6 process CPU (stand-in k6)', () => {
  it('reports the CPU of the k6 process, and no VU-thread figures', async () => {
    const standIn = await installK6StandIn(join(dir, 'bin'));
    const { r, wallS } = await measure(standIn, 'sleep', standInEnv({}));
    expect(r.exitCode).toBe(0);
    expect(r.generator).toMatchObject({ vuThreads: 0, vuThreadBusy: null, mainThreadBusy: null });
    if (!hasProc) return expect(r.generator?.cpuSeconds).toBeNull();
    // The stand-in is a Node process: its start-up alone costs CPU.
    expect(r.generator?.cpuSeconds).toBeGreaterThan(0);
    // No process can use more CPU than all cores for the whole run (+ one tick each way).
    expect(r.generator?.cpuSeconds).toBeLessThanOrEqual(wallS * availableParallelism() + 0.02);
  });
});

describe.runIf(k6Path !== undefined)('k6 process CPU (real k6)', () => {
  it('a script that computes costs more CPU than one that sleeps, within what the cores allow', async () => {
    const spin = await measure(k6Path as string, 'spin');
    const sleepy = await measure(k6Path as string, 'sleep');
    expect(spin.r.exitCode).toBe(0);
    expect(sleepy.r.exitCode).toBe(0);
    const spinCpu = spin.r.generator?.cpuSeconds as number;
    const sleepCpu = sleepy.r.generator?.cpuSeconds as number;
    // One second of spinning on one core; even with two other busy processes on two cores k6
    // gets two thirds of a core (0.66 s). k6's start-up costs about 0.1 s either way.
    expect(spinCpu).toBeGreaterThan(0.4);
    expect(sleepCpu).toBeGreaterThan(0);
    expect(spinCpu).toBeGreaterThan(sleepCpu + 0.2);
    expect(spinCpu).toBeLessThanOrEqual(spin.wallS * availableParallelism() + 0.02);
    expect(sleepCpu).toBeLessThanOrEqual(sleepy.wallS * availableParallelism() + 0.02);
  });
});
