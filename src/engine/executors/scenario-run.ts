/**
 * What every executor needs: VUs to drive, timing relative to the scenario start,
 * starting/stopping VU loops with k6's graceful-stop semantics, and counts.
 */
import { regularDurationMs, type ScenarioConfig } from '../options/scenarios.js';
import type { RunMessage } from '../vu/protocol.js';
import type { ScenarioProgressBasis, ScenarioRuntimeInfo } from '../state/runtime-info.js';
import { STOP_GRACEFUL, STOP_HARD, STOP_NONE } from '../vu/protocol.js';
import type { VuRef } from './vu-ref.js';

/** After a hard stop, how long to wait for iterations to unwind before abandoning them. */
const HARD_STOP_WAIT_MS = 500;

export interface ScenarioHooks {
  /** Initializes one more VU for this scenario (arrival-rate growth); undefined if none can be made. */
  newVu(): Promise<VuRef | undefined>;
  /** Counts iterations the executor could not start in time (dropped_iterations). */
  dropped(count: number): void;
  /** An arrival-rate start was dropped with all `maxVUs` VUs initialized (k6's "Insufficient VUs" warning). */
  outOfVus(maxVUs: number): void;
  /** Active VU count changed by `delta`. */
  activeVus(delta: number): void;
  /** Iterations abandoned by a stop (their VU never came back): they count as interrupted. */
  abandoned(count: number): void;
}

/** What exec.scenario.progress measures for this scenario (k6's executors' progress bars). */
export function progressBasis(c: ScenarioConfig): ScenarioProgressBasis {
  switch (c.executor) {
    case 'shared-iterations':
      return { kind: 'iterations', total: c.iterations };
    case 'per-vu-iterations':
      return { kind: 'iterations', total: c.vus * c.iterations, maxDurationMs: c.maxDurationMs };
    case 'constant-vus':
    case 'constant-arrival-rate':
    case 'ramping-vus':
    case 'ramping-arrival-rate':
      return { kind: 'time', durationMs: regularDurationMs(c) };
  }
}

export class ScenarioRun {
  readonly info: ScenarioRuntimeInfo;
  completed = 0;
  interrupted = 0;
  /** VUs whose loop is running, and the promise of that loop. */
  private readonly running = new Map<VuRef, Promise<void>>();
  private aborted = false;
  private readonly abortWaiters = new Set<() => void>();
  startedAt = 0;
  /** When the executor began (performance.now()); undefined while it waits for its startTime. */
  begunAt: number | undefined;
  /** When the executor was done (performance.now()). */
  endedAt: number | undefined;
  /** When the test was stopped under it (performance.now()). */
  abortedAt: number | undefined;
  /** Arrival-rate executors: iterations started per second now, for the progress bars. */
  ratePerSec = 0;

  constructor(
    readonly config: ScenarioConfig,
    index: number,
    readonly vus: VuRef[],
    readonly setupDataJson: string | undefined,
    readonly hooks: ScenarioHooks,
  ) {
    this.info = { name: config.name, index, executor: config.executor, exec: config.exec, env: config.env, tags: config.tags, startTimeMs: config.startTimeMs, progress: progressBasis(config) };
    const iterations = config.segment?.iterations;
    if (iterations && !iterations.isWholeTest) this.info.iterationStripes = iterations.stripes();
  }

  /** The executor starts now: times are measured from here, and VUs learn the start (exec.scenario.startTime). */
  begin(): void {
    this.startedAt = performance.now();
    this.begunAt = this.startedAt;
    this.info.startedAtMs = Date.now();
  }

  get isAborted(): boolean {
    return this.aborted;
  }

  /** Test-wide stop (test.abort, Ctrl-C, abortOnFail): interrupt everything now. */
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.abortedAt = performance.now();
    for (const vu of this.running.keys()) vu.worker.setStop(vu.slot, STOP_HARD);
    for (const w of this.abortWaiters) w();
  }

  elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  /** Resolves after `ms` or when the run is aborted or disposed, whichever first. */
  wait(ms: number): Promise<void> {
    if (this.aborted || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.abortWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.abortWaiters.add(done);
    });
  }

  /** The executor is done: ends pending waits (e.g. a 10 min maxDuration timer after the iterations finished early). */
  dispose(): void {
    this.endedAt ??= performance.now();
    for (const w of [...this.abortWaiters]) w();
  }

  /** Starts a VU iterating (loop or one iteration); returns the loop's promise. */
  start(vu: VuRef, mode: RunMessage['mode'], limits: { maxIterations?: number; sharedIterations?: number } = {}): Promise<void> {
    vu.busy = true;
    vu.worker.setStop(vu.slot, this.aborted ? STOP_HARD : STOP_NONE);
    this.hooks.activeVus(1);
    const p = vu.worker
      .run({ vuId: vu.id, scenario: this.info, mode, setupDataJson: this.setupDataJson, ...limits })
      .then(({ completed, interrupted }) => {
        this.completed += completed;
        this.interrupted += interrupted;
      })
      .finally(() => {
        if (this.running.get(vu) === p) {
          this.running.delete(vu);
          vu.busy = false;
          this.hooks.activeVus(-1);
        }
      });
    this.running.set(vu, p);
    return p;
  }

  runningVus(): VuRef[] {
    return [...this.running.keys()];
  }

  /**
   * Stops VUs k6-style: no new iterations; running ones get `graceMs` to finish,
   * then are interrupted; any still stuck are abandoned and counted interrupted.
   */
  async stop(vus: VuRef[], graceMs: number): Promise<void> {
    const loops = vus.map((vu) => this.running.get(vu)).filter((p): p is Promise<void> => p !== undefined);
    for (const vu of vus) if (this.running.has(vu)) vu.worker.setStop(vu.slot, this.aborted ? STOP_HARD : STOP_GRACEFUL);
    if (loops.length === 0) return;
    const all = Promise.all(loops).then(() => true);
    if (await Promise.race([all, this.wait(graceMs).then(() => false)])) return;
    for (const vu of vus) if (this.running.has(vu)) vu.worker.setStop(vu.slot, STOP_HARD);
    // Not this.wait(): after an abort it returns at once, and VUs still reporting their last
    // iteration would be abandoned, counted interrupted a second time.
    let timer: NodeJS.Timeout | undefined;
    const hardStopOver = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), HARD_STOP_WAIT_MS)));
    const settled = await Promise.race([all, hardStopOver]).finally(() => clearTimeout(timer));
    if (settled) return;
    let abandoned = 0;
    for (const vu of vus) {
      if (!this.running.has(vu)) continue;
      // Abandon: the VU stays busy (never reused) and its iteration counts as interrupted.
      this.running.delete(vu);
      this.interrupted++;
      abandoned++;
      this.hooks.activeVus(-1);
    }
    if (abandoned) this.hooks.abandoned(abandoned);
  }

  async stopAll(graceMs: number): Promise<void> {
    await this.stop(this.runningVus(), graceMs);
  }
}
