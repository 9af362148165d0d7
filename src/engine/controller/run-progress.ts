/**
 * Where the run stands, every `intervalMs` from the start of VU initialization and once more
 * after teardown(): how many VUs are initialized while k6 would draw its `Init` bar, then the
 * counts of k6's `running (…)` line and the state of each scenario for k6's progress bars
 * (output/k6-progress.ts draws them).
 */
import type { ScenarioRun } from '../executors/scenario-run.js';
import { inPlanOrder, regularDurationMs, testMaxDurationMs, type ScenarioConfig } from '../options/scenarios.js';
import { INSTANCE_ITERATIONS_COMPLETED, INSTANCE_ITERATIONS_INTERRUPTED, INSTANCE_VUS_ACTIVE, SCENARIO_COMPLETED, scenarioCounter } from '../state/shared-counters.js';
import type { EngineProgress, ScenarioBar } from '../types.js';

export class RunProgress {
  private runs: readonly ScenarioRun[] = [];
  /** performance.now() when the scenarios' clock started (their startTimes count from it). */
  private scenariosT0 = 0;
  private phase: 'init' | 'paused' | 'setup' | 'running' = 'init';
  /** The start of the test run (k6's `running (…)` clock), from initDone(). */
  private startedAt = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly maxDurationMs: number;
  /** The counts when the test run ended (freeze()): reported from then on, as k6's bars stop moving. */
  private frozen: EngineProgress | undefined;

  constructor(
    private readonly scenarios: readonly ScenarioConfig[],
    /** k6's "max VUs" of the plan (scenario-runner's possibleMaxVus). */
    private readonly maxVus: number,
    private readonly counters: Int32Array,
    private readonly initializedVus: () => number,
    /** The VUs initialized before setup() (initialVuCount): the Init bar's 100 %. */
    private readonly initialVus: number,
    private readonly onProgress: ((p: EngineProgress) => void) | undefined,
    private readonly intervalMs = 1000,
  ) {
    this.maxDurationMs = testMaxDurationMs(scenarios);
    if (onProgress) this.timer = setInterval(() => onProgress(this.snapshot()), intervalMs);
  }

  /** The VUs needed before setup() are ready: the test run, and its clock, start. */
  initDone(): void {
    this.phase = 'setup';
    this.startedAt = performance.now();
  }

  /** options.paused: the test waits before setup() (k6's `Run [ 100% ] paused`). */
  pause(): void {
    this.phase = 'paused';
  }

  /** The scenarios' executors exist and their clock runs from `t0`. */
  scenariosStarted(runs: readonly ScenarioRun[], t0: number): void {
    this.runs = runs;
    this.scenariosT0 = t0;
    this.phase = 'running';
  }

  /** The test run began: VU initialization succeeded. */
  get testStarted(): boolean {
    return this.phase !== 'init';
  }

  /** After teardown(): the counts are final; reports stop until repeatFrozen() or end(). */
  freeze(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.frozen ??= this.snapshot();
  }

  /** While k6 lingers its bars keep being drawn, with the counts they ended on. */
  repeatFrozen(): void {
    this.freeze();
    const frozen = this.frozen as EngineProgress;
    if (this.onProgress) this.timer = setInterval(() => this.onProgress?.(frozen), this.intervalMs);
  }

  /** The last report, with the final counts (none when VU initialization failed: no test ran). */
  end(): void {
    this.freeze();
    if (this.testStarted) this.onProgress?.({ ...(this.frozen as EngineProgress), final: true });
  }

  snapshot(): EngineProgress {
    const now = performance.now();
    const c = this.counters;
    const byName = new Map(this.runs.map((r) => [r.config.name, r]));
    return {
      elapsedMs: now - this.startedAt,
      vus: Atomics.load(c, INSTANCE_VUS_ACTIVE),
      vusMax: this.initializedVus(),
      iterations: Atomics.load(c, INSTANCE_ITERATIONS_COMPLETED),
      interruptedIterations: Atomics.load(c, INSTANCE_ITERATIONS_INTERRUPTED),
      bars: {
        phase: this.phase,
        ...(this.phase === 'init' && { init: { done: Math.min(this.initializedVus(), this.initialVus), total: this.initialVus } }),
        maxVus: this.maxVus,
        maxDurationMs: this.maxDurationMs,
        scenarios: inPlanOrder(this.scenarios).map((config) => this.bar(config, byName.get(config.name), now)),
      },
    };
  }

  private bar(config: ScenarioConfig, run: ScenarioRun | undefined, now: number): ScenarioBar {
    const index = this.scenarios.indexOf(config);
    const bar: ScenarioBar = { config, state: 'pending', begun: false, spentMs: 0, startsInMs: 0, activeVus: 0, allocatedVus: 0, completedIterations: 0, ratePerSec: 0 };
    if (!run || this.phase !== 'running') return bar;
    bar.completedIterations = Atomics.load(this.counters, scenarioCounter(index, SCENARIO_COMPLETED));
    bar.activeVus = run.runningVus().length;
    bar.allocatedVus = run.vus.length;
    bar.ratePerSec = run.ratePerSec;
    if (run.begunAt === undefined) {
      bar.state = run.abortedAt !== undefined ? 'interrupted' : 'waiting';
      bar.startsInMs = Math.max(0, config.startTimeMs - (now - this.scenariosT0));
      return bar;
    }
    bar.begun = true;
    const end = run.endedAt ?? (run.abortedAt !== undefined ? run.abortedAt : undefined);
    bar.spentMs = (end ?? now) - run.begunAt;
    if (run.abortedAt !== undefined && (run.endedAt === undefined || run.abortedAt < run.endedAt)) bar.state = 'interrupted';
    else if (run.endedAt !== undefined) bar.state = 'done';
    // As k6: past its regular duration, with a graceful stop to wait for, the scenario is stopping.
    else bar.state = config.gracefulStopMs > 0 && bar.spentMs > regularDurationMs(config) ? 'stopping' : 'running';
    return bar;
  }
}
