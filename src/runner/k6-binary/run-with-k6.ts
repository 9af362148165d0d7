/**
 * Runs a bundled scenario with the real k6 binary and returns the same result shape
 * as the embedded engine (EngineRunResult): k6's handleSummary data, HDR histograms
 * and a 1 s time series built from `--out json`, k6's exit code, its errors, and the
 * CPU seconds the k6 process used (`generator.cpuSeconds`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { K6ExitCode, MeasurementError, ScriptError } from '../../core/errors.js';
import type { K6Summary } from '../../core/k6-summary.js';
import type { EngineConsole, EngineProgress, EngineRunResult, GeneratorLoad } from '../../engine/index.js';
import { ErrorLog } from '../../engine/controller/error-log.js';
import { readK6JsonOutput, type K6JsonOutput } from '../../results/importers/k6-json-output.js';
import { errorLineFromStderr, parseLogfmt, parseProgressLine } from './k6-log-lines.js';
import { runK6Process, shellExitStatus, type K6ProcessExit } from './k6-process.js';
import { listModuleExports } from './module-exports.js';
import { SUMMARY_PATH_ENV, writeSummaryWrapper } from './summary-wrapper.js';

/** Trend stats loadgate asks k6 for, dense enough for every comparison and chart. */
export const DENSE_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'p(99.9)'];

/** k6's exit code when a run is interrupted from outside (SIGINT); k6 cmd/exitcodes ExternalAbort. */
export const K6_EXTERNAL_ABORT = 105;

export interface K6RunOptions {
  /** The k6 executable (see findK6Binary). */
  k6Path: string;
  /** The bundled scenario (a plain k6 ES module). */
  scriptPath: string;
  /** __ENV of the script, passed as `-e KEY=VALUE`. The process env is not exposed to the script, as in the embedded engine. */
  env?: Record<string, string>;
  /** Where the wrapper script and k6's output files go; k6 runs with this as its cwd. Created if missing. */
  workDir: string;
  /** Aborts the run: SIGINT, then SIGKILL after abortGraceMs. The summary is still read if k6 wrote one. */
  signal?: AbortSignal;
  /** @default DENSE_TREND_STATS */
  summaryTrendStats?: string[];
  /** k6 CLI overrides, as in EngineRunOptions: `--vus`, `--duration`, `--iterations`. */
  overrides?: { vus?: number; duration?: string; iterations?: number };
  /** Live progress parsed from k6's progress lines, about once a second. Without it k6 runs with --quiet. */
  onProgress?: (p: EngineProgress) => void;
  /** Receives the script's console output (k6 logs it on stderr). @default dropped */
  console?: EngineConsole;
  /** @default 30 000 ms */
  abortGraceMs?: number;
  /** Environment of the k6 process itself. @default process.env */
  processEnv?: NodeJS.ProcessEnv;
  /** Gzip the `--out json` file (k6 does it when the name ends in .gz). @default false */
  gzipJsonOutput?: boolean;
  /** Keep the summary JSON and the `--out json` file in workDir after reading them. @default false */
  keepOutputFiles?: boolean;
}

/** EngineRunResult plus what was run, for logs and results files. */
export interface K6RunResult extends EngineRunResult {
  /** argv given to k6 (without the executable). */
  args: string[];
  /** The generated wrapper k6 ran (kept in workDir). */
  wrapperPath: string;
  /** Paths of the summary JSON and `--out json` file when keepOutputFiles is set. */
  outputFiles?: { summary: string; points: string };
}

/**
 * Runs `k6 run` on a wrapper around `scriptPath`. Never rejects for script problems
 * (they come back as k6's exit code and errors, e.g. 107); rejects with MeasurementError
 * when k6 cannot be started or claims success without writing a summary.
 */
export async function runWithK6(opts: K6RunOptions): Promise<K6RunResult> {
  const workDir = resolve(opts.workDir);
  await mkdir(workDir, { recursive: true });
  const trendStats = opts.summaryTrendStats ?? DENSE_TREND_STATS;
  const scriptPath = resolve(opts.scriptPath);
  let exportNames: string[];
  try {
    exportNames = await listModuleExports(scriptPath);
  } catch (err) {
    if (!(err instanceof ScriptError)) throw err;
    return { ...emptyResult(trendStats, K6ExitCode.scriptException, [err.message]), args: [], wrapperPath: '' };
  }
  const wrapper = await writeSummaryWrapper(scriptPath, workDir, exportNames);
  const runId = randomBytes(4).toString('hex');
  const stem = join(workDir, `${basename(scriptPath, '.js')}.${runId}`);
  const summaryPath = `${stem}.summary.json`;
  const pointsPath = `${stem}.points.ndjson${opts.gzipJsonOutput ? '.gz' : ''}`;
  const args = buildK6Args({ ...opts, trendStats, summaryPath, pointsPath, wrapperPath: wrapper.wrapperPath });

  const errors = new ErrorLog();
  const exit = await runK6Process({
    k6Path: opts.k6Path,
    args,
    cwd: workDir,
    env: opts.processEnv ?? process.env,
    signal: opts.signal,
    abortGraceMs: opts.abortGraceMs,
    onStdoutLine: opts.onProgress ? progressReader(opts.onProgress) : undefined,
    onStderrLine: (line) => stderrLine(line, errors, opts.console),
  });
  try {
    const result = await collectResult(exit, summaryPath, pointsPath, trendStats, errors);
    // k6's VUs are goroutines loadgate cannot see: only the process's CPU tells how busy it was.
    const generator: GeneratorLoad = { vuThreads: 0, vuThreadBusy: null, mainThreadBusy: null, cpuSeconds: exit.cpuSeconds };
    return { ...result, generator, args, wrapperPath: wrapper.wrapperPath, ...(opts.keepOutputFiles ? { outputFiles: { summary: summaryPath, points: pointsPath } } : {}) };
  } finally {
    if (!opts.keepOutputFiles) await Promise.all([rm(summaryPath, { force: true }), rm(pointsPath, { force: true })]);
  }
}

/** The k6 command line (without the executable). Exported for tests and `--dry-run` style printing. */
export function buildK6Args(o: Pick<K6RunOptions, 'env' | 'overrides' | 'onProgress'> & { trendStats: string[]; summaryPath: string; pointsPath: string; wrapperPath: string }): string[] {
  const args = ['run', '--no-color', '--no-usage-report', '--include-system-env-vars=false'];
  // k6 prints progress lines only without --quiet; they are all onProgress needs.
  if (!o.onProgress) args.push('--quiet');
  args.push('--summary-trend-stats', o.trendStats.join(','), '--out', `json=${o.pointsPath}`);
  if (o.overrides?.vus !== undefined) args.push('--vus', String(o.overrides.vus));
  if (o.overrides?.duration !== undefined) args.push('--duration', o.overrides.duration);
  if (o.overrides?.iterations !== undefined) args.push('--iterations', String(o.overrides.iterations));
  for (const [key, value] of Object.entries(o.env ?? {})) {
    if (key !== SUMMARY_PATH_ENV) args.push('-e', `${key}=${value}`);
  }
  args.push('-e', `${SUMMARY_PATH_ENV}=${o.summaryPath}`, o.wrapperPath);
  return args;
}

function progressReader(onProgress: (p: EngineProgress) => void): (line: string) => void {
  return (line) => {
    const p = parseProgressLine(line);
    if (p) onProgress(p);
  };
}

/** The script's console output (logged by k6 with source=console) goes to `console` only, as in the engine; k6's own warnings and errors become error lines. */
function stderrLine(line: string, errors: ErrorLog, console: EngineConsole | undefined): void {
  const record = parseLogfmt(line);
  if (record?.['source'] === 'console') {
    const msg = record['msg'] ?? '';
    if (record['level'] === 'error') console?.error(msg);
    else if (record['level'] === 'warning') console?.warn(msg);
    else console?.log(msg);
    return;
  }
  const error = errorLineFromStderr(line);
  if (error !== null) errors.add(error);
}

async function collectResult(exit: K6ProcessExit, summaryPath: string, pointsPath: string, trendStats: string[], errors: ErrorLog): Promise<EngineRunResult> {
  const exitCode = exit.code ?? (exit.aborted ? K6_EXTERNAL_ABORT : shellExitStatus(exit));
  if (exit.killed) errors.add('k6 did not stop within the grace period after SIGINT and was killed (SIGKILL)');
  else if (exit.code === null) errors.add(`k6 was ended by ${exit.signal ?? 'a signal'}`);
  const summary = await readSummary(summaryPath);
  if (!summary.ok) {
    if (exitCode === K6ExitCode.ok || exitCode === K6ExitCode.thresholdsCrossed) {
      throw new MeasurementError(`k6 exited ${exitCode} but its summary ${summaryPath} ${summary.why}; the run cannot be measured`);
    }
    return emptyResult(trendStats, exitCode, errors.lines());
  }
  const points = (await exists(pointsPath)) ? await readK6JsonOutput(pointsPath) : undefined;
  for (const p of points?.problems ?? []) errors.add(`--out json: ${p}`);
  return {
    exitCode,
    summary: summary.data,
    histograms: points?.histograms ?? {},
    timeSeries: points?.timeSeries ?? [],
    errors: errors.lines(),
    noDataThresholds: points ? noDataThresholds(summary.data, points) : [],
    warnings: points ? [] : [`k6 wrote no --out json file (${pointsPath}): no histograms or time series`],
  };
}

type SummaryRead = { ok: true; data: K6Summary } | { ok: false; why: string };

async function readSummary(path: string): Promise<SummaryRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { ok: false, why: 'was not written' };
  }
  try {
    const data = JSON.parse(text) as K6Summary;
    if (typeof data?.metrics !== 'object' || typeof data.root_group !== 'object') return { ok: false, why: 'has no metrics or root_group' };
    return { ok: true, data };
  } catch (err) {
    return { ok: false, why: `is not JSON (${(err as Error).message})` };
  }
}

/** `metric: expression` for thresholds on metrics that got no Point at all (k6 reports them as passed). */
function noDataThresholds(summary: K6Summary, points: K6JsonOutput): string[] {
  const out: string[] = [];
  for (const [name, metric] of Object.entries(summary.metrics)) {
    if ((points.pointCounts[name] ?? 0) > 0) continue;
    for (const expression of Object.keys(metric.thresholds ?? {})) out.push(`${name}: ${expression}`);
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function emptyResult(trendStats: string[], exitCode: number, errors: string[]): EngineRunResult {
  const summary: K6Summary = {
    // k6's root group id is the md5 of its empty path.
    root_group: { name: '', path: '', id: 'd41d8cd98f00b204e9800998ecf8427e', groups: [], checks: [] },
    options: { summaryTrendStats: trendStats, summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 0 },
    metrics: {},
  };
  return { exitCode, summary, histograms: {}, timeSeries: [], errors, noDataThresholds: [], warnings: [] };
}
