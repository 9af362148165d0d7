/** Public types of the embedded engine. */
import type { K6Summary } from '../core/k6-summary.js';
import type { TimeSeriesPoint } from './metrics/time-series.js';
import type { K6Compat } from './k6-compat.js';
import type { EndOfTestReport, SummaryMode } from './metrics/end-of-test.js';
import type { MachineReadableSummary } from './output/machine-readable-summary.js';
import type { ExecutionPlan } from './output/k6-header.js';
import type { K6LogEntry } from './output/k6-log.js';
import type { Overrides, ScenarioConfig } from './options/scenarios.js';

export interface EngineConsole {
  log(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
  /**
   * Every line as k6 logs it (level, message, fields such as `source=console`); when present
   * the engine calls only this. Entries marked `final` are the error that ends the run, which
   * k6 prints after the end-of-test summary.
   */
  entry?(entry: K6LogEntry): void;
}

export interface EngineProgress {
  elapsedMs: number;
  /** VUs running an iteration right now. */
  vus: number;
  /** VUs initialized so far (k6's `05/10 VUs`: the 10). */
  vusMax?: number;
  /** Iterations ended so far, k6's "complete" (script exceptions included, as in k6). */
  iterations: number;
  /** Iterations cut short: by gracefulStop/gracefulRampDown running out, test.abort() or a stop. */
  interruptedIterations: number;
  /** What k6's progress bars show (the embedded engine's; none from a k6 binary's progress line). */
  bars?: ProgressBars;
  /** The last report, after teardown(), with the final counts. */
  final?: boolean;
}

/** One moment of the run as k6 draws it in its progress bars (output/k6-progress.ts renders it). */
export interface ProgressBars {
  /**
   * `init`: the VUs needed before setup() are being initialized (`init` says how far);
   * `paused`: options.paused holds the test before setup(); `setup`: setup() runs and no
   * scenario has started; `running` from then on (the last report after teardown() too).
   */
  phase: 'init' | 'paused' | 'setup' | 'running';
  /** While `init`: VUs initialized of those needed before setup() (k6's `Init [ 60% ] 06/10 VUs initialized`). */
  init?: { done: number; total: number };
  /** k6's "max VUs" of the plan: the width of the VU counts. */
  maxVus: number;
  /** k6's "max duration (incl. graceful stop)": the width of the elapsed time. */
  maxDurationMs: number;
  /** In plan order (start time, then name). */
  scenarios: ScenarioBar[];
}

export interface ScenarioBar {
  config: ScenarioConfig;
  /**
   * `waiting` for its startTime; `stopping` past its regular duration, while its iterations
   * finish within gracefulStop; `interrupted` when the test was stopped before the scenario ended.
   */
  state: 'pending' | 'waiting' | 'running' | 'stopping' | 'done' | 'interrupted';
  /** Its executor has started (an interrupted scenario may never have). */
  begun: boolean;
  /** Since the scenario started (frozen when it ended). */
  spentMs: number;
  /** Until it starts, while `waiting`. */
  startsInMs: number;
  /** Its VUs in an iteration now. */
  activeVus: number;
  /** Its VUs (arrival rates: initialized so far). */
  allocatedVus: number;
  /** Its iterations completed. */
  completedIterations: number;
  /** Arrival rates: iterations started per second now. */
  ratePerSec: number;
}

/** An options layer k6 refuses, in its words and with its exit code. */
export interface OptionLayerError {
  layer: 'config-file' | 'env';
  message: string;
  exitCode: number;
}

export interface EngineRunOptions {
  /** Path to a plain k6 ES-module script (.js; k6 imports like 'k6', 'k6/http' left as imports). */
  scriptPath: string;
  /** __ENV for the script (process env is NOT inherited unless the caller passes it). */
  env?: Record<string, string>;
  /** Option values k6's CLI flags set (`--tag`, `--no-thresholds`…): each replaces the script's option of that name. */
  cliOptions?: Record<string, unknown>;
  /** k6's config file's options (`-c`): the script's options replace each of them they name. */
  fileOptions?: Record<string, unknown>;
  /**
   * Option layers that could not be read (the config file, a K6_* variable): the run fails with
   * the first, at the point in loading where k6 reports it (after the script compiled; the
   * config file before its init code under k6 v2, the rest once the script's options are read).
   */
  optionLayerErrors?: OptionLayerError[];
  /** k6 CLI-style overrides: vus, duration ('10s'), iterations. They replace the script's scenarios. */
  overrides?: Overrides;
  /** @default options.summaryTrendStats of the script, else ['avg','min','med','max','p(90)','p(95)'] (k6's default) */
  summaryTrendStats?: string[];
  /**
   * k6 v2's --new-machine-readable-summary: handleSummary() receives the machine-readable
   * summary (EngineRunResult.machineReadable) instead of the legacy data. Needs summaryMode;
   * `script` is the script's source as the user wrote it.
   */
  machineReadableSummary?: { script: string };
  /** Called once the script has loaded and its options are valid, before setup(): what the test will run (k6's header). */
  onPlan?: (plan: ExecutionPlan) => void;
  /** k6's --summary-time-unit (s, ms, us): over options.summaryTimeUnit. */
  summaryTimeUnit?: string;
  /**
   * Abort the run early (Ctrl-C): stop executors, still produce a summary; exit 105 and k6's
   * line naming the signal when its reason is an `Interrupted` (core/interrupt.ts), SIGINT otherwise.
   */
  signal?: AbortSignal;
  /**
   * k6's --linger: when the test run is over (teardown() done) and `signal` has not stopped it,
   * wait until `signal` aborts before the summary and handleSummary(), progress still reported
   * with its final counts. The exit code is the one the run would have had. Needs `signal`.
   */
  linger?: boolean;
  /** Called when the linger wait begins (k6 says so on stdout). */
  onLinger?: () => void;
  /** Called every progressIntervalMs with live progress from the start of the test run, and once more after teardown() (`final`). */
  onProgress?: (p: EngineProgress) => void;
  /** @default 1000 (k6 redraws its bars every 100 ms on a terminal) */
  progressIntervalMs?: number;
  /** Where the script's console output and engine warnings go. @default writes to process.stderr */
  console?: EngineConsole;
  /**
   * How VUs map to threads. `per-vu`: one worker thread per VU, each blocking in its sync
   * calls (http.get, sleep); `shared`: VUs multiplexed on one worker per spare core. `auto`
   * shares threads when the script is async, or when its sync calls can be rewritten to be
   * awaited (script/asyncify.ts), and falls back to `per-vu` otherwise.
   * @default 'auto'
   */
  vuThreads?: 'auto' | 'per-vu' | 'shared';
  /** Worker threads for shared (async) VUs. @default os.availableParallelism() - 1, at least 1 */
  threads?: number;
  /**
   * k6's `--execution-segment`: this instance's share of the test, `start:end` with
   * fractions (`1/3:2/3`), whole percentages (`25%:50%`) or decimals (`0.5:1`); one value
   * `v` means `0:v`. Overrides `options.executionSegment`. @default the whole test
   */
  executionSegment?: string;
  /**
   * k6's `--execution-segment-sequence`: every instance's segment, as points `0,1/3,2/3,1`.
   * Give all instances the same sequence so their VUs, iterations and arrivals add up to
   * the unsegmented test exactly. Overrides `options.executionSegmentSequence`.
   */
  executionSegmentSequence?: string;
  /** Write every sample as k6 `--out json` lines to this file (`.gz` → gzip). */
  jsonOutputFile?: string;
  /**
   * Samples each Trend metric and sub-metric keeps for k6's exact percentiles (8 bytes each);
   * beyond it, percentiles come from a histogram within |v| × 2^-15 + 0.0005 units of k6's
   * (metrics/trend-samples.ts). @default env LOADGATE_EXACT_TREND_SAMPLES, else 1 000 000
   */
  exactTrendSamples?: number;
  /**
   * Where k6's generations differ (option shortcuts and their warnings, stack-trace columns,
   * exec.test.options fields), behave as this one. @default 'v2' (current k6)
   */
  compat?: K6Compat;
  /** k6's --verbose: the script's console.debug lines are shown (k6 hides them otherwise). */
  verbose?: boolean;
  /**
   * Collect what k6 v2's end-of-test summary in this mode shows (EngineRunResult.endOfTest);
   * `disabled` also skips handleSummary() and its VU, as k6 does. @default none collected
   */
  summaryMode?: SummaryMode;
  /**
   * Keep what a results file stores beyond the summary: each trend's HDR histogram and the 1 s
   * time series (EngineRunResult.histograms, timeSeries). `loadgate k6 run` prints k6's output
   * only and turns them off, which saves their per-sample cost and loading hdr-histogram-js.
   * @default true
   */
  resultsData?: boolean;
  /** Receives every sample; called on the main thread. */
  onSample?: (metric: { name: string; type: string; contains: string }, tags: Record<string, string>, value: number, timeMs: number) => void;
}

export interface EngineRunResult {
  /** k6 exit code: 0, 99 thresholds crossed, 104 invalid config, 107 script exception, 108 test.abort. */
  exitCode: number;
  /** Exactly the shape of k6's handleSummary(data), incl. thresholds {ok}. */
  summary: K6Summary;
  /** The data of k6 v2's end-of-test summary, when EngineRunOptions.summaryMode asked for it. */
  endOfTest?: EndOfTestReport;
  /** k6 v2's machine-readable summary, when EngineRunOptions.machineReadableSummary asked for it. */
  machineReadable?: MachineReadableSummary;
  /** Metric or sub-metric name → base64 HDR histogram (encodeIntoCompressedBase64), values in µs (×1000 for non-time trends); empty without `resultsData`. */
  histograms: Record<string, string>;
  /** 1 s snapshots for charts; empty without `resultsData`. */
  timeSeries: TimeSeriesPoint[];
  /** Script errors and failed requests, one line each (repeats counted), capped. */
  errors: string[];
  /** Thresholds (`metric: expression`) evaluated on a metric without samples (judged on its empty values, as k6 does: count 0, trend stats 0; a Rate passes). */
  noDataThresholds: string[];
  /** What handleSummary returned (path → content, 'stdout', 'stderr'); not written to disk. */
  handleSummaryOutput?: Record<string, string>;
  /** Warnings about the options (unknown keys etc.). */
  warnings: string[];
  /**
   * The run ended before the test started (invalid configuration, an error in the init
   * context: exit 104, 107, 108 from init): k6 then writes no `--summary-export` file and prints no summary.
   */
  notStarted?: boolean;
  /**
   * Iterations interrupted (gracefulStop or gracefulRampDown ran out, test.abort(), Ctrl-C). As in
   * k6 they emit no `iterations` or `iteration_duration` sample; k6 shows them only in its
   * progress line ("N complete and M interrupted iterations").
   */
  interruptedIterations?: number;
  /** How the VUs were threaded, and whether the script's sync calls were rewritten to be awaited (script/asyncify.ts). */
  threading?: { vuThreads: 'per-vu' | 'shared'; syncCalls: 'none' | 'awaited' | 'blocking'; reason?: string };
  /** How busy the load generator itself was, so a run can tell a saturated generator from a slow service. */
  generator?: GeneratorLoad;
}

/**
 * The load generator's own load during a run. The embedded engine reads its threads' event-loop
 * utilization (ELU: the share of wall time an event loop spent running code rather than waiting
 * for I/O, 0–1) at the scenarios' start and end only; k6 reports its process's CPU instead.
 */
export interface GeneratorLoad {
  /** Threads that ran VUs: the shared VU worker threads, or one per VU in per-vu mode. 0 for k6, whose goroutines loadgate cannot see. */
  vuThreads: number;
  /**
   * ELU of the busiest VU thread from the first scenario's start to the last one's end (0–1).
   * Near 1 the thread had no idle time left: iterations queued behind each other and their
   * timings include the generator's own waiting. Null where VUs block their thread in sync
   * calls (per-vu mode, or `shared` with blocking calls), which ELU counts as busy, and for k6.
   */
  vuThreadBusy: number | null;
  /** ELU of the engine's main thread (it ingests every sample and does blocking VUs' I/O) over the same window, 0–1; null for k6. */
  mainThreadBusy: number | null;
  /**
   * k6 only: CPU seconds (user + system) the k6 process used over its whole run, from
   * /proc/self/stat's cutime + cstime around the run; null where there is no /proc. Absent for
   * the embedded engine: its generator is loadgate's own process, which the host probe measures
   * itself (runner/host-signals.ts).
   */
  cpuSeconds?: number | null;
}
