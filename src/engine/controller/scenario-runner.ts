/**
 * Runs all scenarios concurrently (each after its startTime) and, once a second,
 * samples vus, reports progress and evaluates abortOnFail thresholds.
 */
import type { ScenarioConfig } from '../options/scenarios.js';
import { scenarioInitialVUs } from '../options/scenarios.js';
import { ScenarioRun } from '../executors/scenario-run.js';
import { executorFor } from '../executors/index.js';
import { segmentHasWork } from '../segments/segment-scenarios.js';
import { evaluateThresholds, type ThresholdGroup } from '../metrics/thresholds.js';
import type { TimeSeries } from '../metrics/time-series.js';
import type { VuPool } from './vu-pool.js';
import type { EngineProgress } from '../types.js';
import type { MetricRegistry } from '../metrics/registry.js';
import { INSTANCE_ITERATIONS_COMPLETED, INSTANCE_ITERATIONS_INTERRUPTED, INSTANCE_VUS_ACTIVE, INSTANCE_VUS_INITIALIZED } from '../vu/protocol.js';

export interface ScenarioRunnerState {
  abort: () => void;
  aborted: boolean;
}

export interface ScenarioRunnerInput {
  engine: {
    registry: MetricRegistry;
    state: ScenarioRunnerState;
    abort(reason: string, byThreshold?: boolean): void;
    console: { error(...a: unknown[]): void };
  };
  pool: VuPool;
  /** Shared counters: the runner publishes INSTANCE_* numbers here. */
  counters: Int32Array;
  scenarios: ScenarioConfig[];
  setupDataJson: string | undefined;
  thresholds: ThresholdGroup[];
  timeSeries: TimeSeries;
  startMs: number;
  signal: AbortSignal | undefined;
  onProgress: ((p: EngineProgress) => void) | undefined;
}

const TICK_MS = 1000;
/** vus is sampled more often than k6's 1 s so short ramps still show their peak. */
const VUS_SAMPLE_MS = 250;

export async function runScenarios(input: ScenarioRunnerInput): Promise<void> {
  const { engine, pool } = input;
  let active = 0;
  const runs: ScenarioRun[] = [];
  for (const [index, config] of input.scenarios.entries()) {
    const vus = await pool.create(scenarioInitialVUs(config));
    runs.push(
      new ScenarioRun(config, index, vus, input.setupDataJson, {
        newVu: async () => (await pool.create(1).catch(() => []))[0],
        dropped: (n) => engine.registry.record('dropped_iterations', { scenario: config.name }, n),
        activeVus: (d) => (active += d),
      }),
    );
  }
  engine.registry.record('vus_max', {}, pool.initialized);
  const t0 = performance.now();
  const sampleVus = () => {
    const totals = runs.reduce((a, r) => ({ c: a.c + r.completed, i: a.i + r.interrupted }), { c: 0, i: 0 });
    Atomics.store(input.counters, INSTANCE_VUS_ACTIVE, active);
    Atomics.store(input.counters, INSTANCE_VUS_INITIALIZED, pool.initialized);
    Atomics.store(input.counters, INSTANCE_ITERATIONS_COMPLETED, totals.c);
    Atomics.store(input.counters, INSTANCE_ITERATIONS_INTERRUPTED, totals.i);
    engine.registry.record('vus', {}, active);
    engine.registry.record('vus_max', {}, pool.initialized);
    input.timeSeries.vus(Date.now(), active);
  };
  engine.state.abort = () => runs.forEach((r) => r.abort());
  const onSignal = () => engine.abort('interrupted (signal)');
  if (input.signal?.aborted) onSignal();
  input.signal?.addEventListener('abort', onSignal, { once: true });
  const vusSampler = setInterval(sampleVus, VUS_SAMPLE_MS);
  const ticker = setInterval(() => {
    const elapsedMs = performance.now() - t0;
    const totals = runs.reduce((a, r) => ({ c: a.c + r.completed, i: a.i + r.interrupted }), { c: 0, i: 0 });
    input.onProgress?.({ elapsedMs, vus: active, iterations: totals.c, interruptedIterations: totals.i });
    checkAbortThresholds(input, elapsedMs);
  }, TICK_MS);
  try {
    sampleVus();
    await Promise.all(
      runs.map(async (run) => {
        // k6 skips a scenario this instance's segment has no share of (HasWork), without waiting for its startTime.
        if (!segmentHasWork(run.config)) return;
        await waitOrAbort(run, run.config.startTimeMs, t0);
        if (run.isAborted || engine.state.aborted) return;
        run.startedAt = performance.now();
        try {
          await executorFor(run.config.executor)(run);
        } finally {
          run.dispose();
        }
      }),
    );
  } finally {
    clearInterval(ticker);
    clearInterval(vusSampler);
    input.signal?.removeEventListener('abort', onSignal);
  }
  active = 0;
  sampleVus();
}

async function waitOrAbort(run: ScenarioRun, startTimeMs: number, t0: number): Promise<void> {
  run.startedAt = t0;
  await run.wait(startTimeMs - (performance.now() - t0));
}

function checkAbortThresholds(input: ScenarioRunnerInput, elapsedMs: number): void {
  const relevant = input.thresholds
    .map((g) => ({ ...g, rules: g.rules.filter((r) => r.abortOnFail && elapsedMs >= r.delayAbortEvalMs) }))
    .filter((g) => g.rules.length > 0 && g.sink.samples > 0);
  if (relevant.length === 0) return;
  const failed = evaluateThresholds(relevant, elapsedMs / 1000).filter((o) => !o.ok);
  if (failed.length === 0) return;
  const names = [...new Set(failed.map((f) => f.summaryName))].map((n) => `'${n}'`).join(', ');
  input.engine.console.error(`thresholds on metrics ${names} were crossed; at least one has abortOnFail enabled, stopping test prematurely`);
  input.engine.abort(`thresholds on metrics ${names} crossed`, true);
}
