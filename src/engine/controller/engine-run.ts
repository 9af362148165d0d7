/**
 * One engine run, k6's lifecycle: compile → init (options) → setup → scenarios →
 * teardown → summary → handleSummary, with k6's exit codes.
 */
import { format } from 'node:util';
import { compileScript, type CompiledScript } from '../script/compile.js';
import { planVuThreads, type ThreadPlanInfo } from './thread-plan.js';
import { ScriptError, ThresholdSyntaxError, K6ExitCode } from '../../core/errors.js';
import { MetricRegistry, MetricConflictError } from '../metrics/registry.js';
import { GroupTree } from '../metrics/group-tree.js';
import { TimeSeries } from '../metrics/time-series.js';
import { evaluateThresholds, parseThresholds, type ThresholdGroup } from '../metrics/thresholds.js';
import { buildSummary, encodeHistograms } from '../metrics/summary.js';
import { resolveExactTrendSamples } from '../metrics/trend-samples.js';
import { InvalidOptionsError } from '../options/invalid-options-error.js';
import { DEFAULT_TREND_STATS, resolveEngineOptions, type ResolvedEngineOptions } from '../options/engine-options.js';
import { DEFAULT_HTTP_OPTIONS, type HttpRuntimeOptions } from '../options/http-options.js';
import { consolidatedTestOptions } from '../options/test-options.js';
import { COUNTERS_BYTES, INSTANCE_ITERATIONS_INTERRUPTED, INSTANCE_VUS_ACTIVE, type VuRuntimeOptions } from '../vu/protocol.js';
import { VuWorker, ScriptInitError, type WorkerEvents } from './vu-worker.js';
import { VuPool } from './vu-pool.js';
import { ErrorLog } from './error-log.js';
import { initialVuCount, plannedMaxVus, runScenarios, type ScenarioRunnerState } from './scenario-runner.js';
import type { EngineConsole, EngineRunOptions, EngineRunResult, GeneratorLoad } from '../types.js';
import { JsonOutput } from '../output/json-output.js';

/** What k6 v0.49 sends (lib/consts.go `k6/VERSION (https://k6.io/)`): servers see the same client as with k6. */
export const USER_AGENT = 'k6/0.49.0 (https://k6.io/)';

/** Above this many VUs, falling back to a thread per VU is worth a warning. */
const MANY_THREADS = 50;

const stderrConsole: EngineConsole = {
  log: (...a) => process.stderr.write(`${format(...a)}\n`),
  warn: (...a) => process.stderr.write(`${format(...a)}\n`),
  error: (...a) => process.stderr.write(`${format(...a)}\n`),
};

/** Ends the run early with a k6 exit code (script error, invalid config). */
class RunFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** k6 emits vus and vus_max once a second until the end of teardown (execution/scheduler.go), none at the end. */
const VUS_METRICS_MS = 1000;

export class EngineRun {
  readonly registry: MetricRegistry;
  readonly groups = new GroupTree();
  readonly errors = new ErrorLog();
  readonly warnings: string[] = [];
  readonly console: EngineConsole;
  private lifecycle: VuWorker | undefined;
  private pool: VuPool | undefined;
  private abortReason: string | undefined;
  private thresholdAbort = false;
  private testStartMs = Date.now();
  private timeSeries = new TimeSeries(this.testStartMs);
  private warningsForwarded = 0;
  private jsonOutput: JsonOutput | undefined;
  private lifecycleBusy = false;
  /** Shared with every worker: iteration counters and instance numbers for k6/execution. */
  private readonly counters = new SharedArrayBuffer(COUNTERS_BYTES);
  readonly state: ScenarioRunnerState = { abort: () => undefined, aborted: false };
  /** The resolved runtime options, for setup/teardown/handleSummary on the lifecycle VU. */
  private lifecycleRuntime: VuRuntimeOptions | undefined;
  private threadingPlan: ThreadPlanInfo | undefined;

  constructor(private readonly opts: EngineRunOptions) {
    this.registry = new MetricRegistry(resolveExactTrendSamples(opts.exactTrendSamples));
    this.console = opts.console ?? stderrConsole;
    if (opts.onSample) this.registry.observe(opts.onSample);
    this.registry.observe((m, tags, value) => {
      if (m.name === 'checks') this.groups.check(tags.group ?? '', tags.check ?? '', value !== 0);
    }, ['checks']);
  }

  async execute(): Promise<EngineRunResult> {
    let script: CompiledScript;
    let resolved: ResolvedEngineOptions;
    let thresholds: ThresholdGroup[];
    try {
      script = await compileScript(this.opts.scriptPath).catch((err: unknown) => {
        throw new RunFailure(K6ExitCode.scriptException, err instanceof ScriptError ? err.message : String(err));
      });
      const plan = planVuThreads(script, this.opts.vuThreads ?? 'auto');
      script = plan.script;
      this.threadingPlan = plan.info;
      const counters = this.counters;
      const runtime = this.runtimeOptions({});
      this.lifecycle = await this.spawnLifecycle(script, runtime, counters);
      const scriptOptions = JSON.parse(this.lifecycle.optionsJson ?? '{}') as Record<string, unknown>;
      resolved = this.resolveOptions(scriptOptions, this.lifecycle.exportNames);
      thresholds = this.parseThresholds(resolved.run.noThresholds ? undefined : resolved.thresholds);
      if (this.opts.jsonOutputFile) this.openJsonOutput(this.opts.jsonOutputFile, thresholds);
      const threading = plan.info.vuThreads;
      const vus = plannedMaxVus(resolved.scenarios);
      if (plan.info.reason && threading === 'per-vu' && vus > MANY_THREADS) {
        this.optionWarning(`the script's ${vus} VUs each run in a thread of their own (slower, ~30 MB each): its blocking calls could not be made async because of ${plan.info.reason}`);
      }
      const spawnRuntime = this.runtimeOptions(resolved.raw, resolved.http);
      if (!resolved.executionTuple.isWholeTest) spawnRuntime.vuIdStripes = resolved.executionTuple.stripes();
      spawnRuntime.minIterationDurationMs = resolved.run.minIterationDurationMs;
      spawnRuntime.testOptions = consolidatedTestOptions(resolved.raw, this.opts.overrides, resolved.summaryTrendStats);
      this.lifecycleRuntime = spawnRuntime;
      this.pool = new VuPool(threading, { script, env: this.opts.env ?? {}, runtime: spawnRuntime, counters }, () => this.workerEvents(), this.opts.threads);
    } catch (err) {
      return this.failed(err);
    }
    return this.runLifecycle(resolved, thresholds);
  }

  private async runLifecycle(resolved: ResolvedEngineOptions, thresholds: ThresholdGroup[]): Promise<EngineRunResult> {
    const lifecycle = this.lifecycle as VuWorker;
    const pool = this.pool as VuPool;
    let exitCode: number = K6ExitCode.ok;
    let setupDataJson: string | undefined;
    let generator: GeneratorLoad | undefined;
    let stopVusMetrics = () => {};
    // k6's test run duration, the time base of Counter rates, runs from setup() to the end of
    // teardown(): VU initialization comes before it (execution.Scheduler Init, then Run).
    let t0 = performance.now();
    try {
      const initialVus = await pool.create(initialVuCount(resolved.scenarios));
      this.testStartMs = Date.now();
      this.timeSeries = new TimeSeries(this.testStartMs);
      this.registry.observe(this.timeSeries.observe, ['http_reqs', 'http_req_duration']);
      t0 = performance.now();
      // k6 starts its 1 s vus/vus_max ticker just before VU init, which takes it milliseconds;
      // worker threads take longer, so the ticker starts with the test run instead.
      stopVusMetrics = this.emitVusMetrics(pool);
      const setup = resolved.run.noSetup ? {} : await this.callWithTimeout('setup', undefined, resolved.setupTimeoutMs);
      if (setup.error) throw new RunFailure(K6ExitCode.scriptException, `setup() failed: ${setup.error}`);
      setupDataJson = setup.resultJson;
      if (this.abortReason === undefined) {
        const blockingVus = this.threadingPlan?.vuThreads === 'per-vu' || this.threadingPlan?.syncCalls === 'blocking';
        generator = await runScenarios({ engine: this, pool, initialVus, counters: new Int32Array(this.counters), scenarios: resolved.scenarios, setupDataJson, thresholds, timeSeries: this.timeSeries, startMs: this.testStartMs, signal: this.opts.signal, onProgress: this.opts.onProgress, blockingVus });
      }
      await pool.flush();
      const teardown = resolved.run.noTeardown ? {} : await this.callWithTimeout('teardown', setupDataJson, resolved.teardownTimeoutMs);
      if (teardown.error) {
        this.scriptError(`teardown() failed: ${teardown.error}`);
        exitCode = K6ExitCode.scriptException;
      }
    } catch (err) {
      if (!(err instanceof RunFailure || err instanceof ScriptInitError)) throw err;
      this.scriptError(err.message);
      exitCode = err instanceof RunFailure ? err.exitCode : K6ExitCode.scriptException;
    } finally {
      stopVusMetrics();
    }
    if (!this.lifecycleBusy) await lifecycle.flush();
    const durationMs = performance.now() - t0;
    const endMs = Date.now();
    const outcomes = evaluateThresholds(thresholds, durationMs / 1000);
    const summary = buildSummary({ registry: this.registry, groups: this.groups, thresholds: outcomes, summaryTrendStats: resolved.summaryTrendStats, summaryTimeUnit: resolved.run.summaryTimeUnit, testRunDurationMs: durationMs, setupData: setupDataJson === undefined ? undefined : JSON.parse(setupDataJson) });
    if (exitCode === K6ExitCode.ok) {
      if (this.abortReason !== undefined && !this.thresholdAbort) exitCode = K6ExitCode.aborted;
      else if (outcomes.some((o) => !o.ok)) exitCode = K6ExitCode.thresholdsCrossed;
    }
    const handleSummaryOutput = await this.handleSummary(summary);
    await this.jsonOutput?.close();
    this.jsonOutput = undefined;
    return {
      exitCode,
      summary,
      histograms: encodeHistograms(this.registry),
      timeSeries: this.timeSeries.points(endMs),
      errors: this.errors.lines(),
      noDataThresholds: outcomes.filter((o) => o.noData).map((o) => `${o.summaryName}: ${o.source}`),
      handleSummaryOutput,
      warnings: this.warnings,
      interruptedIterations: Atomics.load(new Int32Array(this.counters), INSTANCE_ITERATIONS_INTERRUPTED),
      threading: this.threadingPlan,
      generator,
    };
  }

  /** k6's vus / vus_max samples: active and initialized VUs, once a second, the first a second after the start. */
  private emitVusMetrics(pool: VuPool): () => void {
    const active = new Int32Array(this.counters);
    const timer = setInterval(() => {
      this.registry.record('vus', {}, Atomics.load(active, INSTANCE_VUS_ACTIVE));
      this.registry.record('vus_max', {}, pool.initialized);
    }, VUS_METRICS_MS);
    return () => clearInterval(timer);
  }

  private openJsonOutput(file: string, thresholds: ThresholdGroup[]): void {
    this.jsonOutput = new JsonOutput(file, (metric) => ({
      thresholds: thresholds.filter((t) => t.summaryName === metric).flatMap((t) => t.rules.map((r) => r.expression.source)),
      submetrics: this.registry.metrics.get(metric)?.submetrics ?? [],
    }));
    this.registry.observe(this.jsonOutput.sample);
  }

  /** setup/teardown bounded by setupTimeout/teardownTimeout (k6 default 60 s). */
  private async callWithTimeout(fn: 'setup' | 'teardown', argJson: string | undefined, timeoutMs: number): Promise<{ resultJson?: string; error?: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ error: string }>((resolve) => {
      timer = setTimeout(() => {
        // The lifecycle VU is still busy in the script: it cannot run anything else.
        this.lifecycleBusy = true;
        resolve({ error: `${fn}() execution timed out after ${timeoutMs / 1000} seconds (options.${fn}Timeout)` });
      }, timeoutMs);
    });
    try {
      return await Promise.race([(this.lifecycle as VuWorker).call(0, fn, argJson, this.lifecycleRuntime), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async handleSummary(summary: unknown): Promise<Record<string, string> | undefined> {
    const lifecycle = this.lifecycle as VuWorker;
    if (!lifecycle.exportNames.includes('handleSummary')) return undefined;
    if (this.lifecycleBusy) {
      this.scriptError('handleSummary() skipped: setup() or teardown() is still running');
      return undefined;
    }
    const r = await lifecycle.call(0, 'handleSummary', JSON.stringify(summary), this.lifecycleRuntime);
    if (r.error) {
      this.scriptError(`handleSummary() failed: ${r.error}`);
      return undefined;
    }
    const out = r.resultJson === undefined ? {} : (JSON.parse(r.resultJson) as Record<string, unknown>);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }

  /** Test-wide stop; `byThreshold` keeps exit 99 instead of 108. */
  abort(reason: string, byThreshold = false): void {
    if (this.abortReason !== undefined) return;
    this.abortReason = reason;
    this.thresholdAbort = byThreshold;
    this.state.aborted = true;
    this.state.abort();
  }

  scriptError(text: string): void {
    this.errors.add(text);
    this.console.error(text);
  }

  async dispose(): Promise<void> {
    this.jsonOutput?.discard();
    await Promise.all([this.lifecycle?.terminate(), this.pool?.terminate()]);
  }

  private runtimeOptions(raw: Record<string, unknown>, http: HttpRuntimeOptions = DEFAULT_HTTP_OPTIONS): VuRuntimeOptions {
    const tags = raw.tags && typeof raw.tags === 'object' ? Object.fromEntries(Object.entries(raw.tags as Record<string, unknown>).map(([k, v]) => [k, String(v)])) : {};
    return {
      userAgent: typeof raw.userAgent === 'string' ? raw.userAgent : USER_AGENT,
      discardResponseBodies: raw.discardResponseBodies === true,
      insecureSkipTLSVerify: raw.insecureSkipTLSVerify === true,
      tags,
      throwOnRequestError: raw.throw === true,
      http,
      testStartMs: Date.now(),
      minIterationDurationMs: 0,
    };
  }

  private async spawnLifecycle(script: CompiledScript, runtime: VuRuntimeOptions, counters: SharedArrayBuffer): Promise<VuWorker> {
    try {
      return await VuWorker.spawn({ script, env: this.opts.env ?? {}, vuIds: [0], runtime, lifecycle: true, counters }, this.workerEvents());
    } catch (err) {
      if (err instanceof ScriptInitError) throw new RunFailure(K6ExitCode.scriptException, err.message);
      throw err;
    }
  }

  private optionWarning(text: string): void {
    this.warnings.push(text);
    this.console.warn(text);
  }

  private resolveOptions(scriptOptions: Record<string, unknown>, exportNames: string[]): ResolvedEngineOptions {
    try {
      const r = resolveEngineOptions(scriptOptions, this.opts.overrides, exportNames, this.opts.summaryTrendStats, {
        executionSegment: this.opts.executionSegment,
        executionSegmentSequence: this.opts.executionSegmentSequence,
      });
      for (const w of r.warnings) this.optionWarning(w);
      return r;
    } catch (err) {
      if (err instanceof InvalidOptionsError) throw new RunFailure(K6ExitCode.invalidConfig, err.message);
      throw err;
    }
  }

  private parseThresholds(raw: unknown): ThresholdGroup[] {
    try {
      const groups = parseThresholds(raw, this.registry);
      // k6 always tracks the expected-response latency as a sub-metric.
      this.registry.submetric('http_req_duration{expected_response:true}');
      return groups;
    } catch (err) {
      if (err instanceof ThresholdSyntaxError || err instanceof InvalidOptionsError || err instanceof MetricConflictError) {
        throw new RunFailure(K6ExitCode.invalidConfig, err.message);
      }
      throw err;
    }
  }

  private workerEvents(): WorkerEvents {
    const ingest = this.registry.ingestor((path) => this.groups.group(path));
    return {
      samples: (batch) => {
        try {
          ingest(batch);
        } catch (err) {
          this.scriptError(String((err as Error).message));
        }
      },
      log: (level, text, isScriptError) => this.onLog(level, text, isScriptError),
      abort: (reason) => this.abort(reason || 'test.abort() called'),
      crashed: (err) => this.scriptError(`VU worker crashed: ${err.message}`),
    };
  }

  private onLog(level: string, text: string, isScriptError: boolean): void {
    if (isScriptError) return this.scriptError(text);
    if (level === 'warn') {
      if (text.startsWith('Request Failed')) this.errors.add(text);
      // Failed requests can come by the thousand; forward the first ones only.
      if (++this.warningsForwarded <= 20) this.console.warn(text);
      else if (this.warningsForwarded === 21) this.console.warn('(further warnings suppressed; see the run errors)');
      return;
    }
    if (level === 'error') this.console.error(text);
    else this.console.log(text);
  }

  private failed(err: unknown): EngineRunResult {
    if (!(err instanceof RunFailure)) throw err;
    this.scriptError(err.message);
    const summary = buildSummary({ registry: this.registry, groups: this.groups, thresholds: [], summaryTrendStats: this.opts.summaryTrendStats ?? DEFAULT_TREND_STATS, testRunDurationMs: 0, setupData: undefined });
    return { exitCode: err.exitCode, summary, histograms: {}, timeSeries: [], errors: this.errors.lines(), noDataThresholds: [], warnings: this.warnings };
  }
}
