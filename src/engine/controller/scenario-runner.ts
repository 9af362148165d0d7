/**
 * Runs all scenarios concurrently (each after its startTime) and, once a second,
 * samples vus, reports progress and evaluates abortOnFail thresholds.
 */
import type { ScenarioConfig } from '../options/scenarios.js';
import { scenarioEndMs, scenarioInitialVUs, scenarioMaxVUs } from '../options/scenarios.js';
import { ScenarioRun } from '../executors/scenario-run.js';
import { executorFor } from '../executors/index.js';
import { segmentHasWork } from '../options/segment-scenarios.js';
import { evaluateThresholds, type ThresholdGroup } from '../metrics/thresholds.js';
import type { TimeSeries } from '../metrics/time-series.js';
import type { VuPool } from './vu-pool.js';
import type { VuRef } from '../executors/vu-ref.js';
import type { GeneratorLoad } from '../types.js';
import type { RunProgress } from './run-progress.js';
import { UtilizationWindow } from './generator-load.js';
import type { MetricRegistry } from '../metrics/registry.js';
import type { K6LogEntry } from '../output/k6-log.js';
import { abortOnFailMessage, insufficientVusWarning } from './run-messages.js';
import { INSTANCE_ITERATIONS_INTERRUPTED, INSTANCE_VUS_ACTIVE, INSTANCE_VUS_INITIALIZED, SCENARIO_INTERRUPTED, scenarioCounter } from '../state/shared-counters.js';

export interface ScenarioRunnerState {
  abort: () => void;
  aborted: boolean;
}

export interface ScenarioRunnerInput {
  engine: {
    registry: MetricRegistry;
    state: ScenarioRunnerState;
    abort(reason: string, byThreshold?: boolean): void;
    /** The run's signal aborted, with this reason. */
    interrupt(reason: unknown): void;
    emit(entry: K6LogEntry): void;
  };
  pool: VuPool;
  /** The VUs initialized before setup() (initialVuCount of the scenarios), handed to scenarios as they start. */
  initialVus: VuRef[];
  /** Shared counters: the runner publishes the INSTANCE_VUS_* numbers here; workers count iterations. */
  counters: Int32Array;
  scenarios: ScenarioConfig[];
  setupDataJson: string | undefined;
  thresholds: ThresholdGroup[];
  timeSeries: TimeSeries;
  startMs: number;
  signal: AbortSignal | undefined;
  /** Told when the scenarios' clock starts, for the progress reports. */
  progress: RunProgress;
  /** VUs block their thread in sync calls (per-vu threads, or shared threads left blocking): no VU-thread ELU then. */
  blockingVus: boolean;
}

const TICK_MS = 1000;
/** The charts' vus is sampled more often than k6's 1 s so short ramps still show their peak. */
const VUS_SAMPLE_MS = 250;

/** VUs k6 initializes before setup(): the most the scenarios this instance runs need at once. */
export function initialVuCount(scenarios: readonly ScenarioConfig[]): number {
  return plannedMaxVus(scenarios.filter(segmentHasWork));
}

/** The most VUs the scenarios can have at once, arrival-rate maxVUs included (k6's "max VUs"). */
export function possibleMaxVus(scenarios: readonly ScenarioConfig[]): number {
  return plannedMaxVus(scenarios.filter(segmentHasWork), scenarioMaxVUs);
}

/** Runs the scenarios to their end; returns how busy the generator's threads were meanwhile. */
export async function runScenarios(input: ScenarioRunnerInput): Promise<GeneratorLoad> {
  const { engine, pool } = input;
  const { counters } = input;
  let active = 0;
  const runs: ScenarioRun[] = [];
  const publishVus = () => {
    Atomics.store(counters, INSTANCE_VUS_ACTIVE, active);
    Atomics.store(counters, INSTANCE_VUS_INITIALIZED, pool.initialized);
  };
  // As k6: the VUs initialized before setup() go to each scenario when it starts; a
  // scenario that ends gives its VUs back.
  const free: VuRef[] = [...input.initialVus];
  const take = async (count: number): Promise<VuRef[]> => {
    const vus = free.splice(0, count);
    if (vus.length < count) vus.push(...(await pool.create(count - vus.length)));
    return vus;
  };
  for (const [index, config] of input.scenarios.entries()) {
    runs.push(
      new ScenarioRun(config, index, [], input.setupDataJson, {
        newVu: async () => {
          const vu = free.shift() ?? (await pool.create(1).catch(() => []))[0];
          publishVus();
          return vu;
        },
        // k6 pushes dropped_iterations only while the run's context lives: none after an abort or a stop.
        dropped: (n) => {
          if (!engine.state.aborted) engine.registry.record('dropped_iterations', { scenario: config.name }, n);
        },
        outOfVus: (maxVUs) => engine.emit(insufficientVusWarning(config, maxVUs)),
        activeVus: (d) => {
          active += d;
          // Before the VU's run message goes out, so its iteration already sees itself active.
          Atomics.store(counters, INSTANCE_VUS_ACTIVE, active);
        },
        abandoned: (n) => {
          Atomics.add(counters, scenarioCounter(index, SCENARIO_INTERRUPTED), n);
          Atomics.add(counters, INSTANCE_ITERATIONS_INTERRUPTED, n);
        },
      }),
    );
  }
  const t0 = performance.now();
  // Opened after the up-front VU init: init contexts are the script's set-up, not load generation.
  const utilization = new UtilizationWindow(pool.workers, input.blockingVus);
  let generator: GeneratorLoad | undefined;
  // The vus and vus_max metrics come from the engine's 1 s ticker, as k6's (EngineRun).
  const sampleVus = () => {
    publishVus();
    input.timeSeries.vus(Date.now(), active);
  };
  engine.state.abort = () => runs.forEach((r) => r.abort());
  const onSignal = () => engine.interrupt(input.signal?.reason);
  if (input.signal?.aborted) onSignal();
  input.signal?.addEventListener('abort', onSignal, { once: true });
  const vusSampler = setInterval(sampleVus, VUS_SAMPLE_MS);
  input.progress.scenariosStarted(runs, t0);
  const ticker = setInterval(() => checkAbortThresholds(input, performance.now() - t0), TICK_MS);
  try {
    sampleVus();
    await Promise.all(
      runs.map(async (run) => {
        // k6 skips a scenario this instance's segment has no share of (HasWork), without waiting for its startTime.
        if (!segmentHasWork(run.config)) return;
        await waitOrAbort(run, run.config.startTimeMs, t0);
        if (run.isAborted || engine.state.aborted) return;
        run.vus.push(...(await take(scenarioInitialVUs(run.config))));
        publishVus();
        run.begin();
        try {
          await executorFor(run.config.executor)(run);
        } finally {
          run.dispose();
          // A VU abandoned in a hung iteration stays busy and is never handed out again.
          free.push(...run.vus.filter((vu) => !vu.busy));
        }
      }),
    );
  } finally {
    generator = utilization.close();
    clearInterval(ticker);
    clearInterval(vusSampler);
    input.signal?.removeEventListener('abort', onSignal);
  }
  active = 0;
  sampleVus();
  return generator;
}

/**
 * k6's planned VUs: the largest sum of the initial VUs of scenarios whose windows
 * (startTime to startTime + their longest run + gracefulStop) overlap. Scenarios one
 * after the other share VUs, so vus_max is not the sum over all scenarios.
 */
export function plannedMaxVus(scenarios: readonly ScenarioConfig[], vusOf: (s: ScenarioConfig) => number = scenarioInitialVUs): number {
  const windows = scenarios.map((s) => ({ start: s.startTimeMs, end: s.startTimeMs + scenarioLengthMs(s), vus: vusOf(s) }));
  let max = 0;
  for (const w of windows) {
    const overlapping = windows.filter((o) => o.start <= w.start && w.start < o.end);
    max = Math.max(max, overlapping.reduce((n, o) => n + o.vus, 0));
  }
  return max;
}

/** The longest a scenario can hold its VUs: a ramping-vus one also for its gracefulRampDown. */
function scenarioLengthMs(s: ScenarioConfig): number {
  const end = scenarioEndMs(s);
  return s.executor === 'ramping-vus' ? end - s.gracefulStopMs + Math.max(s.gracefulStopMs, s.gracefulRampDownMs) : end;
}

async function waitOrAbort(run: ScenarioRun, startTimeMs: number, t0: number): Promise<void> {
  run.startedAt = t0;
  await run.wait(startTimeMs - (performance.now() - t0));
}

/**
 * k6's periodic threshold check: every metric with samples is judged; the test stops when a
 * failed threshold has abortOnFail and its delayAbortEval has passed, naming every metric
 * failing at that moment (metrics/engine's evaluateThresholds with ignoreEmptySinks).
 */
function checkAbortThresholds(input: ScenarioRunnerInput, elapsedMs: number): void {
  if (!input.thresholds.some((g) => g.rules.some((r) => r.abortOnFail))) return;
  const judged = input.thresholds.filter((g) => g.sink.samples > 0);
  const failed = evaluateThresholds(judged, elapsedMs / 1000).filter((o) => !o.ok);
  if (!failed.some((o) => o.abortOnFail && elapsedMs >= o.delayAbortEvalMs)) return;
  const message = abortOnFailMessage(failed);
  input.engine.emit({ level: 'error', msg: message });
  input.engine.abort(message, true);
}
