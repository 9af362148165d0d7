/**
 * One engine run, k6's lifecycle: compile → init (options) → setup → scenarios →
 * teardown → summary → handleSummary, with k6's exit codes.
 */
import { format } from 'node:util';
import { dirname, resolve } from 'node:path';
import { access, constants } from 'node:fs/promises';
import type { CompiledScript } from '../script/compiled-script.js';
import type { ThreadPlanInfo } from './thread-plan.js';
import { prepareScript } from './prepared-script.js';
import { preloadHistogramLibrary } from '../../core/hdr-histogram.js';
import { ScriptError, ThresholdSyntaxError, K6ExitCode } from '../../core/errors.js';
import { MetricRegistry, MetricConflictError } from '../metrics/registry.js';
import { GroupTree } from '../metrics/group-tree.js';
import { TimeSeries } from '../metrics/time-series.js';
import { evaluateThresholds, parseThresholdExpressions, parseThresholds, type ThresholdGroup } from '../metrics/thresholds.js';
import { buildSummary, encodeHistograms } from '../metrics/summary.js';
import { EndOfTestCollector } from '../metrics/end-of-test.js';
import { resolveExactTrendSamples } from '../metrics/trend-samples.js';
import { InvalidOptionsError, ScriptLoadOptionsError } from '../invalid-options-error.js';
import { DEFAULT_TREND_STATS, knownScriptOptions, resolveEngineOptions, type ResolvedEngineOptions } from '../options/engine-options.js';
import { DEFAULT_HTTP_OPTIONS, type HttpRuntimeOptions } from '../options/http-options.js';
import { consolidatedTestOptions } from '../options/test-options.js';
import { COUNTERS_BYTES, INSTANCE_ITERATIONS_INTERRUPTED, INSTANCE_VUS_ACTIVE } from '../state/shared-counters.js';
import type { VuRuntimeOptions } from '../state/runtime-info.js';
import { VuWorker, SpareThread, ScriptInitError, type CallResult, type SpawnOptions, type WorkerEvents } from './vu-worker.js';
import type { CallMessage } from '../vu/protocol.js';
import { prestartedOrNewSpare } from './worker-bundle.js';
import { VuPool } from './vu-pool.js';
import { ErrorLog } from './error-log.js';
import { initialVuCount, plannedMaxVus, possibleMaxVus, runScenarios, type ScenarioRunnerState } from './scenario-runner.js';
import type { EngineConsole, EngineRunOptions, EngineRunResult, GeneratorLoad, OptionLayerError } from '../types.js';
import { JsonOutput } from '../output/json-output.js';
import { RunProgress } from './run-progress.js';
import { CONSOLE_LEVELS, entryFromWarningText, type K6LogEntry } from '../output/k6-log.js';
import { DEFAULT_K6_COMPAT, K6_USER_AGENTS, K6_VERSIONS, type K6Compat } from '../k6-compat.js';
import { toMachineReadableSummary } from '../output/machine-readable-summary.js';
import { applyShortcutPrecedence } from '../options/shortcut-precedence.js';
import { decodeScriptOptions } from '../options/go-option-types.js';
import { segmentLength } from '../segments/execution-segment.js';
import type { Overrides } from '../options/scenarios.js';
import { abortMessage, crossedThresholdsMessage, externalAbortMessage, initAbortMessage, NO_FULL_ITERATIONS_MESSAGE } from './run-messages.js';
import { Interrupted } from '../../core/interrupt.js';
import { httpDebugMode } from '../http/http-debug.js';
import { scriptLoadMessage } from '../script/load-message.js';
import { DnsOptionError, dnsTtlMs, mergeDns, type DnsOption } from '../options/dns-options.js';
import { carriesSystemTag, summaryOnlyTags, systemTagSet, type SystemTagSet } from '../options/system-tags.js';
import { unknownModulesMessage, unknownToK6 } from '../modules/k6-module-names.js';
import { k6SyntaxErrorMessage, ScriptSyntaxError } from '../script/syntax-error.js';
import { SharedRateLimiter } from '../state/rate-limiter.js';
import { goErrnoText } from '../../core/go-errno.js';

/** What k6 v0.49 sends (lib/consts.go `k6/VERSION (https://k6.io/)`): servers see the same client as with k6. */

/** Above this many VUs, falling back to a thread per VU is worth a warning. */
const MANY_THREADS = 50;

const stderrConsole: EngineConsole = {
  log: (...a) => process.stderr.write(`${format(...a)}\n`),
  warn: (...a) => process.stderr.write(`${format(...a)}\n`),
  error: (...a) => process.stderr.write(`${format(...a)}\n`),
};

/** What a lifecycle VU's thread is started with, besides its runtime options. */
type LifecycleSpawn = Pick<SpawnOptions, 'script' | 'counters' | 'blockingCalls'>;

/** Ends the run early with a k6 exit code (script error, invalid config). */
class RunFailure extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
    /** How k6 logs it, when not `message` as an error. */
    readonly entry?: K6LogEntry,
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
  private spare: Promise<SpareThread> | undefined;
  private abortReason: string | undefined;
  /** k6's `test aborted: …` line for an exec.test.abort(), logged when the run ends. */
  private abortText: string | undefined;
  private thresholdAbort = false;
  /** The signal that stopped the test run (interrupt()). */
  private interruptedBy: NodeJS.Signals | undefined;
  private testStartMs = Date.now();
  private timeSeries = new TimeSeries(this.testStartMs);
  private warningsForwarded = 0;
  private jsonOutput: JsonOutput | undefined;
  private lifecycleBusy = false;
  /** The lifecycle VU's thread also runs shared VUs (VuPool.adopt). */
  private lifecycleShared = false;
  private lifecycleSpawn: LifecycleSpawn | undefined;
  /** The generation of k6 whose messages and option rules the run follows. */
  private readonly compat: K6Compat;
  /** The CLI overrides left after k6's precedence rules (shortcut-precedence.ts). */
  private effectiveOverrides: Overrides = {};
  /** Errors k6 logs when the run ends (after the summary), in order. */
  private readonly finalEntries: K6LogEntry[] = [];
  /** Shared with every worker: iteration counters and instance numbers for k6/execution. */
  private readonly counters = new SharedArrayBuffer(COUNTERS_BYTES);
  readonly state: ScenarioRunnerState = { abort: () => undefined, aborted: false };
  /** exec.test.fail() was called. */
  private markedFailed = false;
  /** options.rps's shared slot, one for every VU of the run. */
  private rpsLimiter: SharedArrayBuffer | undefined;
  /** The resolved runtime options, for setup/teardown/handleSummary on the lifecycle VU. */
  private lifecycleRuntime: VuRuntimeOptions | undefined;
  private threadingPlan: ThreadPlanInfo | undefined;
  /** What k6 v2's end-of-test summary shows beyond the registry (checks by name; groups and scenarios in full mode). */
  private readonly endOfTest: EndOfTestCollector | undefined;
  /** EngineRunOptions.resultsData: trends' HDR histograms and the 1 s time series are kept. */
  private readonly resultsData: boolean;

  constructor(private readonly opts: EngineRunOptions) {
    this.resultsData = opts.resultsData ?? true;
    this.registry = new MetricRegistry({ exactSamples: resolveExactTrendSamples(opts.exactTrendSamples), resultsHistogram: this.resultsData });
    this.console = opts.console ?? stderrConsole;
    this.compat = opts.compat ?? DEFAULT_K6_COMPAT;
    const onSample = opts.onSample;
    if (onSample) this.registry.observe((def, tags, value, timeMs) => onSample(def, this.registry.visibleTags(tags), value, timeMs));
    // k6 v2 builds the summary data's groups from the samples' tags (a check without its tag is left out);
    // k6 v0.49 from its group tree, whatever options.systemTags says.
    this.registry.observe((m, tags, value) => {
      const t = this.compat === 'v0.49' ? tags : this.registry.visibleTags(tags);
      if (t.check !== undefined) this.groups.check(t.group ?? '', t.check, value !== 0);
    }, ['checks']);
    if (opts.summaryMode && opts.summaryMode !== 'disabled') this.endOfTest = new EndOfTestCollector(this.registry, opts.summaryMode);
  }

  async execute(): Promise<EngineRunResult> {
    let script: CompiledScript;
    let resolved: ResolvedEngineOptions;
    let thresholds: ThresholdGroup[];
    try {
      const plan = await prepareScript(this.opts.scriptPath, this.opts.vuThreads ?? 'auto').catch((err: unknown) => {
        if (err instanceof ScriptSyntaxError) throw new RunFailure(K6ExitCode.scriptException, k6SyntaxErrorMessage(err.at, this.compat, this.opts.scriptPath));
        throw new RunFailure(K6ExitCode.scriptException, err instanceof ScriptError ? err.message : String(err));
      });
      script = plan.script;
      // k6 v2 loads the whole module graph before running any init code and refuses it when
      // an import names a module it does not have (v0.49 throws at the import instead).
      const unknown = this.compat === 'v0.49' ? [] : (script.k6Imports ?? []).filter((name) => unknownToK6(name, this.compat));
      if (unknown.length) throw new RunFailure(K6ExitCode.scriptException, scriptLoadMessage(this.opts.scriptPath, unknownModulesMessage(unknown)));
      // k6 v2 reads its config file once the script compiled, before the init code runs.
      if (this.compat !== 'v0.49') this.failOnLayer('config-file');
      this.threadingPlan = plan.info;
      const counters = this.counters;
      const runtime = this.runtimeOptions({});
      const blockingCalls = plan.info.syncCalls === 'blocking';
      this.lifecycleSpawn = { script, counters, blockingCalls };
      const lifecycle = this.spawnLifecycle(runtime);
      // Async VUs share threads, and the lifecycle VU's thread becomes the first of them (a thread
      // fewer to boot, ~0.1 s of CPU a run). A VU of its own thread each: the first boots while
      // the lifecycle VU runs the init context.
      this.lifecycleShared = plan.info.vuThreads === 'shared';
      if (!this.lifecycleShared) {
        this.spare = prestartedOrNewSpare();
        this.spare.catch(() => undefined); // its failure is the lifecycle's too, reported there
      }
      // Once the threads are booting (after the microtasks that start them), load hdr-histogram-js meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.resultsData) preloadHistogramLibrary();
      this.lifecycle = await lifecycle;
      const exported = knownScriptOptions(JSON.parse(this.lifecycle.optionsJson ?? '{}') as Record<string, unknown>, this.compat);
      if (exported.firstUnknown !== undefined) {
        const msg = 'There were unknown fields in the options exported in the script';
        const error = `json: unknown field ${JSON.stringify(exported.firstUnknown)}`;
        this.warnings.push(`${msg}: ${error}`);
        this.emit({ level: 'warning', msg, fields: { error } });
      }
      // k6's CLI flags replace the script's options they name (runner/k6-option-flags.ts).
      // k6's layers: its config file, then the script's options, then K6_* variables and flags.
      const scriptOptions = { ...this.opts.fileOptions, ...exported.options, ...this.opts.cliOptions };
      // dns is consolidated field by field (a layer's `ttl` leaves another's `policy`).
      const dns = mergeDns(this.opts.fileOptions?.dns, exported.options.dns, this.opts.cliOptions?.dns);
      if (dns) scriptOptions.dns = dns;
      // k6 decodes threshold expressions with the options: one it cannot parse is reported
      // before any configuration error (unless noThresholds skips them).
      if (scriptOptions.noThresholds !== true) this.parseThresholdExpressions(scriptOptions.thresholds);
      resolved = this.resolveOptions(scriptOptions, this.lifecycle.exportNames, exported.options.dns);
      const systemTags = systemTagSet(resolved.raw.systemTags);
      // The tags kept only for the summary (check, group) count for no threshold and reach no output.
      this.registry.hideTags(summaryOnlyTags(systemTags));
      thresholds = this.parseThresholds(resolved.run.noThresholds ? undefined : resolved.thresholds, systemTags);
      if (this.opts.jsonOutputFile) await this.openJsonOutput(this.opts.jsonOutputFile, thresholds);
      if (this.opts.onPlan) {
        const share = segmentLength(resolved.executionTuple.segment);
        this.opts.onPlan({ scenarios: resolved.scenarios, segmentShare: Number(share.num) / Number(share.den), maxVus: possibleMaxVus(resolved.scenarios) });
      }
      const threading = plan.info.vuThreads;
      const vus = plannedMaxVus(resolved.scenarios);
      if (plan.info.reason && threading === 'per-vu' && vus > MANY_THREADS) {
        this.optionWarning(`the script's ${vus} VUs each run in a thread of their own (slower, ~30 MB each): its blocking calls could not be made async because of ${plan.info.reason}`);
      }
      const spawnRuntime = this.runtimeOptions(resolved.raw, resolved.http);
      if (!resolved.executionTuple.isWholeTest) spawnRuntime.vuIdStripes = resolved.executionTuple.stripes();
      spawnRuntime.minIterationDurationMs = resolved.run.minIterationDurationMs;
      spawnRuntime.testOptions = consolidatedTestOptions(resolved.raw, this.effectiveOverrides, resolved.summaryTrendStats, this.compat);
      this.lifecycleRuntime = spawnRuntime;
      this.pool = new VuPool(threading, { script, env: this.opts.env ?? {}, runtime: spawnRuntime, counters, blockingCalls }, () => this.workerEvents(), this.opts.threads, await this.spare);
      if (this.lifecycleShared) this.pool.adopt(this.lifecycle);
      // Its blocking calls (setup's, teardown's) go out under the run's options too.
      else this.lifecycle.useRuntime(spawnRuntime);
    } catch (err) {
      return this.failed(err);
    }
    return this.runLifecycle(resolved, thresholds);
  }

  private async runLifecycle(resolved: ResolvedEngineOptions, thresholds: ThresholdGroup[]): Promise<EngineRunResult> {
    const pool = this.pool as VuPool;
    let exitCode: number = K6ExitCode.ok;
    let setupDataJson: string | undefined;
    let generator: GeneratorLoad | undefined;
    let stopVusMetrics = () => {};
    let progress: RunProgress | undefined;
    // k6's test run duration, the time base of Counter rates, runs from setup() to the end of
    // teardown(): VU initialization comes before it (execution.Scheduler Init, then Run).
    let t0 = performance.now();
    try {
      // k6 draws an Init bar while the VUs are initialized; the test run starts after them.
      const initialCount = initialVuCount(resolved.scenarios);
      progress = new RunProgress(resolved.scenarios, possibleMaxVus(resolved.scenarios), new Int32Array(this.counters), () => pool.initialized, initialCount, this.opts.onProgress, this.opts.progressIntervalMs);
      const initialVus = await pool.create(initialCount);
      progress.initDone();
      this.testStartMs = Date.now();
      this.timeSeries = new TimeSeries(this.testStartMs);
      if (this.resultsData) this.registry.observe(this.timeSeries.observe, ['http_reqs', 'http_req_duration']);
      t0 = performance.now();
      // k6 starts its 1 s vus/vus_max ticker just before VU init, which takes it milliseconds;
      // worker threads take longer, so the ticker starts with the test run instead.
      stopVusMetrics = this.emitVusMetrics(pool);
      // A paused test waits here for the signal, as k6 does without its REST API; then nothing runs.
      const stoppedWhilePaused = resolved.run.paused && (await this.pausedUntilInterrupted(progress));
      const setup = resolved.run.noSetup || stoppedWhilePaused ? {} : await this.callWithTimeout('setup', undefined, resolved.setupTimeoutMs);
      if (setup.aborted) throw new RunFailure(K6ExitCode.aborted, `setup() called exec.test.abort()`);
      if (setup.error) throw new RunFailure(setup.timedOut ? K6ExitCode.setupTimeout : K6ExitCode.scriptException, `setup() failed: ${setup.error}`, setup.entry);
      setupDataJson = setup.resultJson;
      if (this.abortReason === undefined) {
        const blockingVus = this.threadingPlan?.vuThreads === 'per-vu' || this.threadingPlan?.syncCalls === 'blocking';
        generator = await runScenarios({ engine: this, pool, initialVus, counters: new Int32Array(this.counters), scenarios: resolved.scenarios, setupDataJson, thresholds, timeSeries: this.timeSeries, startMs: this.testStartMs, signal: this.opts.signal, progress, blockingVus });
      }
      await pool.flush();
      const teardown = resolved.run.noTeardown || stoppedWhilePaused ? {} : await this.callWithTimeout('teardown', setupDataJson, resolved.teardownTimeoutMs);
      if (teardown.aborted) exitCode = K6ExitCode.aborted;
      else if (teardown.error) {
        this.errors.add(`teardown() failed: ${teardown.error}`);
        this.finalEntries.push(teardown.entry ?? { level: 'error', msg: `teardown() failed: ${teardown.error}` });
        exitCode = teardown.timedOut ? K6ExitCode.teardownTimeout : K6ExitCode.scriptException;
      }
    } catch (err) {
      if (!(err instanceof RunFailure || err instanceof ScriptInitError)) throw err;
      const failure = err instanceof RunFailure ? err : this.initFailure(err);
      if (failure.exitCode !== K6ExitCode.aborted || this.abortText === undefined) {
        this.errors.add(failure.message);
        this.finalEntries.push(failure.entry ?? { level: 'error', msg: failure.message });
      }
      exitCode = failure.exitCode;
    } finally {
      stopVusMetrics();
      progress?.freeze();
    }
    // The lifecycle VU's thread now: teardown() may have needed a thread of its own.
    if (!this.lifecycleBusy) await (this.lifecycle as VuWorker).flush();
    const durationMs = performance.now() - t0;
    const endMs = Date.now();
    if (progress?.testStarted) await this.linger(progress);
    progress?.end();
    const outcomes = evaluateThresholds(thresholds, durationMs / 1000);
    const summaryTimeUnit = this.opts.summaryTimeUnit ?? resolved.run.summaryTimeUnit;
    const summary = buildSummary({ registry: this.registry, groups: this.groups, thresholds: outcomes, summaryTrendStats: resolved.summaryTrendStats, summaryTimeUnit, testRunDurationMs: durationMs, setupData: setupDataJson === undefined ? undefined : JSON.parse(setupDataJson) });
    // k6 v2 warns when the scenarios ran but every iteration was cut short; v0.49 says nothing.
    if (this.compat === 'v2' && generator !== undefined && !((summary.metrics['iterations']?.values['count'] ?? 0) > 0)) this.emit({ level: 'warning', msg: NO_FULL_ITERATIONS_MESSAGE });
    if (this.markedFailed && exitCode === K6ExitCode.ok && (this.abortReason === undefined || this.thresholdAbort)) {
      // exec.test.fail(): k6 ends with its own line and exit 110, thresholds crossed or not.
      exitCode = K6ExitCode.markedAsFailed;
      this.finalEntries.push({ level: 'error', msg: 'test run was marked as failed' });
    } else if (exitCode === K6ExitCode.ok) {
      if (this.interruptedBy !== undefined) {
        exitCode = K6ExitCode.externalAbort;
        this.finalEntries.push({ level: 'error', msg: externalAbortMessage(this.interruptedBy) });
      } else if (this.abortReason !== undefined && !this.thresholdAbort) exitCode = K6ExitCode.aborted;
      else if (outcomes.some((o) => !o.ok)) {
        exitCode = K6ExitCode.thresholdsCrossed;
        // After a threshold's abortOnFail, k6 has said so already.
        if (!this.thresholdAbort) this.finalEntries.push({ level: 'error', msg: crossedThresholdsMessage(outcomes) });
      }
    }
    if (exitCode === K6ExitCode.aborted && this.abortText !== undefined) {
      this.errors.add(this.abortText);
      this.finalEntries.unshift({ level: 'error', msg: this.abortText });
    }
    const endOfTest = this.endOfTest?.build({
      registry: this.registry,
      metrics: summary.metrics,
      thresholdGroups: thresholds,
      outcomes,
      summaryTrendStats: resolved.summaryTrendStats,
      summaryTimeUnit,
      testRunDurationMs: durationMs,
    });
    const machineReadable =
      this.opts.machineReadableSummary && this.endOfTest && endOfTest
        ? toMachineReadableSummary(endOfTest, this.endOfTest.mode, { script: this.opts.machineReadableSummary.script, testRunDurationMs: durationMs, k6Version: K6_VERSIONS[this.compat] })
        : undefined;
    // k6 v2's --summary-mode disabled turns the whole end of test off: no summary VU, no handleSummary().
    const handleSummaryOutput = this.opts.summaryMode === 'disabled' ? undefined : await this.handleSummary(machineReadable ?? summary);
    // k6 logs the error that ends the run last, after handleSummary() and the summary.
    for (const entry of this.finalEntries) this.emit({ ...entry, final: true });
    await this.jsonOutput?.close();
    this.jsonOutput = undefined;
    return {
      exitCode,
      summary,
      endOfTest,
      machineReadable,
      histograms: this.resultsData ? encodeHistograms(this.registry) : {},
      timeSeries: this.resultsData ? this.timeSeries.points(endMs) : [],
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

  private async openJsonOutput(file: string, thresholds: ThresholdGroup[]): Promise<void> {
    // As k6: the file's folder must exist (k6 creates none), and a problem is k6's `open <path>: <errno text>`, exit 255.
    const problem = await access(dirname(resolve(file)), constants.W_OK).then(
      () => null,
      (err: NodeJS.ErrnoException) => goErrnoText(err),
    );
    if (problem) throw new RunFailure(K6ExitCode.usage, `open ${file}: ${problem}`);
    this.jsonOutput = new JsonOutput(file, (metric) => ({
      thresholds: thresholds.filter((t) => t.summaryName === metric).flatMap((t) => t.rules.map((r) => r.expression.source)),
      submetrics: this.registry.metrics.get(metric)?.submetrics ?? [],
    }));
    const json = this.jsonOutput;
    this.registry.observe((def, tags, value, timeMs) => json.sample(def, this.registry.visibleTags(tags), value, timeMs));
  }

  /** setup/teardown bounded by setupTimeout/teardownTimeout (k6 default 60 s). */
  private async callWithTimeout(fn: 'setup' | 'teardown', argJson: string | undefined, timeoutMs: number): Promise<CallResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<CallResult>((resolve) => {
      timer = setTimeout(() => {
        // The lifecycle VU is still busy in the script: it cannot run anything else.
        this.lifecycleBusy = true;
        // k6 ends the timed-out function's run as any other, with its data_sent/data_received
        // samples (0 when nothing went over the network), so both metrics are in its summary.
        // The VU that would send ours is still in the script.
        for (const metric of ['data_sent', 'data_received']) this.registry.record(metric, { group: `::${fn}` }, 0);
        // Its group was entered in the VU, whose samples (and group paths) will not arrive now.
        this.groups.group(`::${fn}`);
        resolve({
          error: `${fn}() execution timed out after ${timeoutMs / 1000} seconds (options.${fn}Timeout)`,
          // k6's words (whole seconds) and hint; exit 100 or 101.
          entry: { level: 'error', msg: `${fn}() execution timed out after ${Math.trunc(timeoutMs / 1000)} seconds`, fields: { hint: `You can increase the time limit via the ${fn}Timeout option` } },
          timedOut: true,
        });
      }, timeoutMs);
    });
    try {
      // As k6: an exported setup()/teardown() runs on a VU of its own, initialized for it.
      return await Promise.race([this.callLifecycle(fn, argJson, (this.lifecycle as VuWorker).exportNames.includes(fn)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async handleSummary(summary: unknown): Promise<Record<string, string> | undefined> {
    const exported = (this.lifecycle as VuWorker).exportNames.includes('handleSummary');
    if (this.lifecycleBusy) {
      if (exported) this.scriptError('handleSummary() skipped: setup() or teardown() is still running');
      return undefined;
    }
    // k6 initializes a VU for the summary whether or not the script has a handleSummary(),
    // so its init code runs once more at the end (init code that logs shows it).
    const r = await this.callLifecycle('handleSummary', exported ? JSON.stringify(summary) : undefined, true);
    if (!exported && !r.error) return undefined;
    if (r.error) {
      this.errors.add(`handleSummary() failed: ${r.error}`);
      this.emit(r.entry ?? { level: 'error', msg: `handleSummary() failed: ${r.error}` });
      return undefined;
    }
    const out = r.resultJson === undefined ? {} : (JSON.parse(r.resultJson) as Record<string, unknown>);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  }

  /**
   * k6's --linger: the test run is over (teardown() done, or setup() failed); unless the signal
   * already stopped it, wait for the signal before the summary and handleSummary(). The time
   * spent here counts in no rate: the test run's duration was taken before.
   */
  private async linger(progress: RunProgress): Promise<void> {
    const signal = this.opts.signal;
    if (!this.opts.linger || !signal || signal.aborted) return;
    progress.repeatFrozen();
    this.opts.onLinger?.();
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  }

  /**
   * options.paused: k6 holds the test before setup() until its REST API resumes it; the engine
   * has no REST API (k6 with `--address=` has none either), so only the signal ends the wait,
   * and the test with it (true). Without a signal to wait for, it does not pause (false).
   */
  private async pausedUntilInterrupted(progress: RunProgress): Promise<boolean> {
    const signal = this.opts.signal;
    if (!signal) {
      this.optionWarning('options.paused is ignored: this run has no signal to wait for (the engine has no REST API to resume a test), so it starts at once');
      return false;
    }
    progress.pause();
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    this.interrupt(signal.reason);
    return true;
  }

  /** The run's signal aborted (Ctrl-C, SIGTERM): a test-wide stop that ends in exit 105 and k6's line naming the signal. */
  interrupt(reason: unknown): void {
    if (this.abortReason !== undefined) return;
    this.interruptedBy = reason instanceof Interrupted ? reason.signal : 'SIGINT';
    this.abort('interrupted (signal)');
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
    this.emit({ level: 'error', msg: text });
  }

  /**
   * One log line, k6's way: to the console's `entry` when it has one (the k6 CLI formats
   * them), else as text to its log/warn/error. console.debug only with `verbose`, as in k6.
   */
  emit(entry: K6LogEntry): void {
    if (entry.level === 'debug' && !this.opts.verbose) return;
    if (this.console.entry) return this.console.entry(entry);
    const text = entry.fields?.error ? `${entry.msg}: ${entry.fields.error}` : entry.msg;
    if (entry.level === 'error') this.console.error(text);
    else if (entry.level === 'warning') this.console.warn(text);
    else this.console.log(text);
  }

  /** A failure in the init context: exec.test.abort() there is exit 108 with k6's wording, anything else 107. */
  private initFailure(err: ScriptInitError): RunFailure {
    if (err.abort) return new RunFailure(K6ExitCode.aborted, initAbortMessage(this.opts.scriptPath, err.abort.reason, err.abort.location));
    return new RunFailure(K6ExitCode.scriptException, err.message, err.entry);
  }

  async dispose(): Promise<void> {
    this.jsonOutput?.discard();
    await Promise.all([this.lifecycle?.terminate(), this.pool?.terminate(), this.spare?.then((s) => s.discard()).catch(() => undefined)]);
  }

  private runtimeOptions(raw: Record<string, unknown>, http: HttpRuntimeOptions = DEFAULT_HTTP_OPTIONS): VuRuntimeOptions {
    const tags = raw.tags && typeof raw.tags === 'object' ? Object.fromEntries(Object.entries(raw.tags as Record<string, unknown>).map(([k, v]) => [k, String(v)])) : {};
    return {
      userAgent: typeof raw.userAgent === 'string' ? raw.userAgent : K6_USER_AGENTS[this.compat],
      discardResponseBodies: raw.discardResponseBodies === true,
      insecureSkipTLSVerify: raw.insecureSkipTLSVerify === true,
      tags,
      throwOnRequestError: raw.throw === true,
      httpDebug: httpDebugMode(raw.httpDebug),
      systemTags: systemTagSet(raw.systemTags),
      http,
      rpsLimiter: http.rps > 0 ? (this.rpsLimiter ??= SharedRateLimiter.newBuffer()) : undefined,
      testStartMs: Date.now(),
      minIterationDurationMs: 0,
      compat: this.compat,
    };
  }

  private async spawnLifecycle(runtime: VuRuntimeOptions): Promise<VuWorker> {
    try {
      return await this.spawnLifecycleThread(runtime);
    } catch (err) {
      if (err instanceof ScriptInitError) throw this.initFailure(err);
      throw err;
    }
  }

  /** A thread whose one VU, the lifecycle VU, has run the init context; rejects with ScriptInitError. */
  private spawnLifecycleThread(runtime: VuRuntimeOptions): Promise<VuWorker> {
    return VuWorker.spawn({ ...(this.lifecycleSpawn as LifecycleSpawn), env: this.opts.env ?? {}, vuIds: [0], runtime, lifecycle: true }, this.workerEvents());
  }

  /**
   * Calls setup(), teardown() or handleSummary() on the lifecycle VU (`freshVu`: on a VU
   * initialized for it). When that VU shares its thread with VUs and one of them was abandoned
   * in an iteration that never ended (a loop that never yields keeps the whole thread), the
   * call goes to a thread of its own, whose init context is then the fresh VU's.
   */
  private async callLifecycle(fn: CallMessage['fn'], argJson: string | undefined, freshVu: boolean): Promise<CallResult> {
    let worker = this.lifecycle as VuWorker;
    if (this.lifecycleShared && worker.vus.some((vu) => vu.id !== 0 && vu.busy)) {
      // Not exported, and no VU to initialize: nothing of the script would run.
      if (!freshVu) return {};
      try {
        worker = await this.spawnLifecycleThread(this.lifecycleRuntime as VuRuntimeOptions);
      } catch (err) {
        if (err instanceof ScriptInitError) return { error: err.message, entry: err.entry, aborted: err.abort !== undefined };
        throw err;
      }
      this.lifecycle = worker;
      this.lifecycleShared = false;
      freshVu = false;
    }
    return worker.call(0, fn, argJson, this.lifecycleRuntime, freshVu);
  }

  private optionWarning(text: string): void {
    this.warnings.push(text);
    this.emit({ level: 'warning', msg: text });
  }

  /** @param scriptDns the script's own `dns`, whose ttl k6 reads while loading the script */
  private resolveOptions(scriptOptions: Record<string, unknown>, exportNames: string[], scriptDns: unknown): ResolvedEngineOptions {
    try {
      // First the options as k6's JSON decoding reads them: `vus: "2"` is 2, a wrong type stops the script.
      const decoded = decodeScriptOptions(scriptOptions, this.compat);
      // k6 counts the script's functions once it has read its options, before anything else.
      if (exportNames.length === 0) throw new RunFailure(K6ExitCode.usage, scriptLoadMessage(this.opts.scriptPath, 'no exported functions in script'));
      // Then it builds its resolver from the script's own dns (a bad ttl from the CLI is found later, without the load words).
      try {
        dnsTtlMs((scriptDns as DnsOption | undefined)?.ttl);
      } catch (err) {
        if (err instanceof DnsOptionError) throw new RunFailure(K6ExitCode.usage, scriptLoadMessage(this.opts.scriptPath, err.message));
        throw err;
      }
      // Once the script's options are read, k6 consolidates the others: a layer it could not read stops it here.
      this.failOnLayer('config-file');
      this.failOnLayer('env');
      const precedence = applyShortcutPrecedence(decoded, this.opts.overrides, this.compat);
      this.effectiveOverrides = precedence.overrides;
      // k6 says that the CLI replaced the scenarios before any configuration error.
      for (const w of precedence.warnings) this.optionWarning(w);
      const r = resolveEngineOptions(precedence.options, precedence.overrides, exportNames, this.opts.summaryTrendStats, {
        executionSegment: this.opts.executionSegment,
        executionSegmentSequence: this.opts.executionSegmentSequence,
      }, this.compat);
      for (const w of r.warnings) this.optionWarning(w);
      return r;
    } catch (err) {
      if (err instanceof ScriptLoadOptionsError) throw new RunFailure(this.compat === 'v0.49' ? K6ExitCode.usage : K6ExitCode.invalidConfig, scriptLoadMessage(this.opts.scriptPath, err.reason));
      if (err instanceof InvalidOptionsError) throw new RunFailure(K6ExitCode.invalidConfig, err.message);
      if (err instanceof DnsOptionError) throw new RunFailure(K6ExitCode.usage, err.message);
      throw err;
    }
  }

  /** Fails the run with the layer's error, when that layer could not be read. */
  private failOnLayer(layer: OptionLayerError['layer']): void {
    const error = this.opts.optionLayerErrors?.find((e) => e.layer === layer);
    if (error) throw new RunFailure(error.exitCode, error.message);
  }

  private parseThresholdExpressions(raw: unknown): void {
    try {
      parseThresholdExpressions(raw, this.compat);
    } catch (err) {
      if (err instanceof ThresholdSyntaxError || err instanceof InvalidOptionsError) throw new RunFailure(K6ExitCode.invalidConfig, err.message);
      throw err;
    }
  }

  private parseThresholds(raw: unknown, systemTags: SystemTagSet | undefined): ThresholdGroup[] {
    try {
      const groups = parseThresholds(raw, this.registry, this.compat);
      // k6 tracks the expected-response latency as a sub-metric, unless options.systemTags leaves the tag out.
      if (carriesSystemTag(systemTags, 'expected_response')) this.registry.submetric('http_req_duration{expected_response:true}');
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
        // The worker's next batches wait while the JSON file is behind: k6's outputs slow the VUs down too.
        return this.jsonOutput?.caughtUp();
      },
      log: (level, text, isScriptError, entry) => this.onLog(level, text, isScriptError, entry),
      abort: (reason, location) => {
        this.abortText ??= abortMessage(reason, location);
        this.abort(reason || 'test.abort() called');
      },
      markFailed: (reason) => {
        this.markedFailed = true;
        this.emit({ level: 'error', msg: reason === '' ? 'test marked as failed' : `test marked as failed: ${reason}` });
      },
      crashed: (err) => this.scriptError(`VU worker crashed: ${err.message}`),
    };
  }

  private onLog(level: 'log' | 'info' | 'warn' | 'error' | 'debug', text: string, isScriptError: boolean, entry?: K6LogEntry): void {
    if (isScriptError) {
      this.errors.add(text);
      return this.emit(entry ?? { level: 'error', msg: text });
    }
    // The script's console.* lines come as entries (source=console); the engine's own warnings as text.
    if (entry) return this.emit(entry);
    if (level === 'warn') {
      if (text.startsWith('Request Failed')) this.errors.add(text);
      // Failed requests can come by the thousand; forward the first ones only.
      if (++this.warningsForwarded <= 20) this.emit(entryFromWarningText(text));
      else if (this.warningsForwarded === 21) this.emit({ level: 'warning', msg: '(further warnings suppressed; see the run errors)' });
      return;
    }
    this.emit({ level: CONSOLE_LEVELS[level], msg: text, fields: { source: 'console' } });
  }

  private failed(err: unknown): EngineRunResult {
    if (!(err instanceof RunFailure)) throw err;
    this.errors.add(err.message);
    this.emit({ ...(err.entry ?? { level: 'error', msg: err.message }), final: true });
    const summary = buildSummary({ registry: this.registry, groups: this.groups, thresholds: [], summaryTrendStats: this.opts.summaryTrendStats ?? DEFAULT_TREND_STATS, testRunDurationMs: 0, setupData: undefined });
    return { exitCode: err.exitCode, summary, histograms: {}, timeSeries: [], errors: this.errors.lines(), noDataThresholds: [], warnings: this.warnings, notStarted: true };
  }
}
