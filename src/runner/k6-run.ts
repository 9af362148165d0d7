/** `k6 run` on the embedded engine: the library side of `loadgate k6 run`. */
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { BundleError, K6ExitCode, K6UsageError } from '../core/errors.js';
import { renderTextSummary, runScript, toSummaryExport, type EngineProgress } from '../engine/index.js';
import type { K6Compat } from '../engine/k6-compat.js';
import type { OptionLayerError } from '../engine/types.js';
import { k6LogConsole, writeLines } from '../engine/output/k6-log-console.js';
import { renderK6ProgressBlock } from '../engine/output/k6-progress.js';
import { renderEndOfTestSummary } from '../engine/output/end-of-test-summary.js';
import { machineReadableSummaryText } from '../engine/output/machine-readable-summary.js';
import { renderK6Header } from '../engine/output/k6-header.js';
import { SUMMARY_MODES, type SummaryMode } from '../engine/metrics/end-of-test.js';
import { isSummaryTimeUnit, SUMMARY_TIME_UNITS } from '../engine/options/run-options.js';
import { k6SyntaxErrorMessage } from '../engine/script/syntax-error.js';
import { withInterrupt } from '../core/interrupt.js';
import { goSignalName } from '../engine/controller/run-messages.js';
import { isTypeScriptFile, parsesAsJavaScript } from '../engine/script/parses-as-javascript.js';
import { goErrnoText } from '../core/go-errno.js';
import { EnvOptionError, envOptions } from './k6-env-options.js';
import { mergeDns } from '../engine/options/dns-options.js';
import { readDefaultK6ConfigFile, readK6ConfigFile } from './k6-config-file.js';
import { parseStageFlags } from './k6-option-flags.js';
import type { Overrides } from '../engine/options/scenarios.js';

/** What k6 prints on stdout when the test is done and --linger holds it (both generations). */
const LINGER_MESSAGE = 'The test is done, but --linger was enabled, so k6 is waiting for Ctrl+C to continue...';

/** The flags of `k6 run` that the embedded engine honours. */
export interface K6RunOptions {
  vus?: number;
  duration?: string;
  iterations?: number;
  /** -s/--stage `duration:target`, as given. */
  stage?: string[];
  env: Record<string, string>;
  includeSystemEnvVars: boolean;
  out: string[];
  summaryExport?: string;
  summaryTrendStats?: string[];
  /** --summary-time-unit: s, ms, us (over the script's summaryTimeUnit). */
  summaryTimeUnit?: string;
  executionSegment?: string;
  executionSegmentSequence?: string;
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
  compat: K6Compat;
  vuThreads: 'auto' | 'per-vu' | 'shared';
  /** k6 v2's --summary-mode (or K6_SUMMARY_MODE): compact (default), full, disabled. k6 v0.49 has no such flag. */
  summaryMode?: string;
  /** The mode came from --summary-mode (not K6_SUMMARY_MODE): a flag k6 v0.49 does not know. */
  summaryModeFlag?: boolean;
  /** k6 v2's --new-machine-readable-summary: --summary-export and handleSummary() get its schema. */
  newMachineReadableSummary?: boolean;
  /** Options set by k6's option flags (k6-option-flags.ts): they replace the script's. */
  cliOptions?: Record<string, unknown>;
  /** k6's --log-format: json or raw (anything else: logfmt, or k6's terminal lines). */
  logFormat?: string;
  /** k6's --log-output: stderr (default), stdout, none, or file=PATH (appended). */
  logOutput?: string;
  /** k6's -l/--linger: once the test is done, wait for Ctrl-C before the summary (else K6_LINGER, else the config file's `linger`). */
  linger?: boolean;
  /** k6's -c/--config: a JSON file of options under the script's (else K6_CONFIG names one). */
  config?: string;
}

/** Where k6's --log-output sends the log lines, or k6's words for a value it refuses (exit 255). */
function logOutputStream(spec: string | undefined): { stream: NodeJS.WriteStream; close?: () => void } | { error: string } {
  const [first = ''] = (spec ?? 'stderr').split(',');
  if (first === 'stderr') return { stream: process.stderr };
  if (first === 'stdout') return { stream: process.stdout };
  const sink = (write: (s: string) => void): NodeJS.WriteStream => ({ isTTY: false, write: (s: string) => (write(s), true) }) as unknown as NodeJS.WriteStream;
  if (first === 'none') return { stream: sink(() => undefined) };
  if (first === 'file' || first === 'file=') return { error: 'error while parsing logfile configuration key `file` with no value' };
  if (first.startsWith('file=')) {
    const path = first.slice('file='.length);
    if (!existsSync(dirname(resolve(path)))) return { error: `provided directory '${dirname(path)}' does not exist` };
    let fd: number;
    try {
      fd = openSync(path, 'a');
    } catch (err) {
      return { error: `open ${path}: ${goErrnoText(err as NodeJS.ErrnoException)}` };
    }
    return { stream: sink((s) => writeSync(fd, s)), close: () => closeSync(fd) };
  }
  if (first.startsWith('loki')) return { error: 'log output loki is not supported by the embedded engine (it would send the log over the network); use stderr, stdout, none or file=PATH' };
  return { error: `unsupported log output '${first}'` };
}

/**
 * `loadgate k6 run`: runs a k6 script (.js, or .ts bundled first) on the embedded engine as
 * `k6 run` does: k6's log lines on stderr, its end-of-test summary (or handleSummary's
 * outputs), --summary-export and --out json=FILE; returns k6's exit code.
 */
export async function runK6Script(script: string, opts: K6RunOptions): Promise<number> {
  if (script !== '-') return runScriptFile(script, resolve(script), opts);
  // `-`: the script comes on stdin, as in k6. It runs from a private folder (mkdtemp makes it
  // 0700), removed afterwards; a relative import cannot resolve, as in k6 (which reads it as file:///-).
  // k6 v2 parses a script from stdin as JavaScript and, when that fails, compiles it as
  // TypeScript (its errors then in esbuild's words); k6 v0.49 takes JavaScript only.
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-stdin-'));
  try {
    const source = await readAll(process.stdin);
    const file = join(dir, opts.compat === 'v0.49' || (await parsesAsJavaScript(source)) ? '-' : '-.ts');
    await writeFileAtomic(file, source);
    return await runScriptFile(script, file, opts);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The run of `script` (as the user named it: shown in the header and messages), read from `file`. */
async function runScriptFile(script: string, file: string, opts: K6RunOptions): Promise<number> {
  const outFile = jsonOutputFile(opts.out);
  let scriptPath = file;
  // --console-output is the CLI's, not the engine's: the script's console lines go to that file (appended, as k6 does).
  const { consoleOutput, ...cliOptions } = opts.cliOptions ?? {};
  let consoleFd: number | undefined;
  const toConsoleFile = typeof consoleOutput === 'string' && consoleOutput !== '';
  const output = logOutputStream(opts.logOutput);
  if ('error' in output) {
    k6LogConsole({ noColor: !opts.color, format: opts.logFormat }).write({ level: 'error', msg: output.error });
    return K6ExitCode.usage;
  }
  // A script from stdin runs from a temp file: its lines name it as k6 names stdin, file:///-.
  // (k6 names it 'file:///-' where the engine names the script as given, resolved against the working directory.)
  const aliases = script === '-' ? [{ from: pathToFileURL(file).href, to: 'file:///-' }, { from: pathToFileURL(resolve(script)).href, to: 'file:///-' }, { from: file, to: '-' }] : undefined;
  const log = k6LogConsole({ stream: output.stream, noColor: !opts.color, format: opts.logFormat, aliases, consoleOutput: toConsoleFile ? (line) => consoleFd !== undefined && writeSync(consoleFd, line) : undefined });
  const v2Only = [opts.summaryModeFlag && '--summary-mode', opts.newMachineReadableSummary && '--new-machine-readable-summary'].find(Boolean);
  if (opts.compat === 'v0.49' && v2Only) {
    // k6 v0.49's words for a flag it does not have (its summary is the one k6 v2 calls legacy).
    log.write({ level: 'error', msg: `unknown flag: ${v2Only}` });
    return K6ExitCode.usage;
  }
  if (opts.summaryTimeUnit !== undefined && !isSummaryTimeUnit(opts.summaryTimeUnit)) {
    // k6's words and exit code (both generations), before anything runs.
    log.write({ level: 'error', msg: `invalid summary time unit '${opts.summaryTimeUnit}', use 's', 'ms' or 'us'` });
    return K6ExitCode.usage;
  }
  const summaryMode = opts.compat === 'v0.49' ? undefined : opts.summaryMode === undefined || opts.summaryMode === '' ? 'compact' : opts.summaryMode;
  if (summaryMode !== undefined && !(SUMMARY_MODES as readonly string[]).includes(summaryMode)) {
    // k6 v2's words and exit code, before anything runs.
    log.write({ level: 'error', msg: 'invalid summary mode' });
    return K6ExitCode.usage;
  }
  // Layers k6 cannot read are refused where k6 refuses them: after the script loaded (engine-run.ts).
  const layerErrors: OptionLayerError[] = [];
  const configPath = opts.config ?? (process.env.K6_CONFIG || undefined);
  const configFile = configPath === undefined ? readDefaultK6ConfigFile(opts.compat) : readK6ConfigFile(configPath, opts.compat);
  if (configFile && 'error' in configFile) layerErrors.push(configFile.error);
  let fromEnv: Record<string, unknown> = {};
  try {
    fromEnv = envOptions(process.env);
  } catch (err) {
    if (!(err instanceof EnvOptionError)) throw err;
    layerErrors.push({ layer: 'env', message: err.message, exitCode: err.usage || opts.compat === 'v0.49' ? K6ExitCode.usage : K6ExitCode.invalidConfig });
  }
  let stages: Overrides['stages'];
  try {
    stages = opts.stage === undefined ? undefined : parseStageFlags(opts.stage);
  } catch (err) {
    log.write({ level: 'error', msg: (err as Error).message });
    return K6ExitCode.usage;
  }
  // K6_VUS, K6_DURATION and K6_ITERATIONS are shortcuts like --vus/--duration/--iterations, which win over them.
  const { vus: envVus, duration: envDuration, iterations: envIterations, linger: envLinger, ...envRest } = fromEnv;
  // k6's precedence for its own setting: the flag, K6_LINGER, then the config file.
  const linger = opts.linger ?? (envLinger as boolean | undefined) ?? (configFile && 'options' in configFile ? configFile.linger : undefined) ?? false;
  if (!existsSync(scriptPath)) {
    // k6's words and exit code for a script that is not there (a module it cannot find on local disk).
    const anchor = opts.compat === 'v0.49' ? 'using-local-modules-with-docker' : 'use-modules-with-docker';
    log.write({
      level: 'error',
      msg: `The moduleSpecifier "${script}" couldn't be found on local disk. Make sure that you've specified the right path to the file. If you're running k6 using the Docker image make sure you have mounted the local directory (-v /local/path/:/inside/docker/path) containing your script and modules so that they're accessible by k6 from inside of the container, see https://grafana.com/docs/k6/latest/using-k6/modules/#${anchor}.`,
    });
    return K6ExitCode.usage;
  }
  // k6 v2 runs a .ts that is JavaScript as it stands as JavaScript (its stacks then without a
  // source map): the engine compiles such a file itself. The rest is bundled as TypeScript.
  if (isTypeScriptFile(file) && !(opts.compat !== 'v0.49' && (await parsesAsJavaScript(await readFile(file, 'utf8').catch(() => ''))))) {
    try {
      // esbuild is loaded for TypeScript scripts only.
      const { bundleScenario } = await import('../bundle/index.js');
      // A script from stdin is bundled in its own temp folder, nothing left in the working directory.
      const fromStdin = script === '-';
      scriptPath = (await bundleScenario({ entry: fromStdin ? file : script, outDir: fromStdin ? join(dirname(file), 'bundle') : join('.loadgate', 'bundles') })).bundlePath;
    } catch (err) {
      // k6 reports an unparseable script as a script exception.
      if (err instanceof BundleError) {
        log.write({ level: 'error', msg: await describeBundleError(err, script, opts.compat) });
        return K6ExitCode.scriptException;
      }
      throw err;
    }
  }
  // The script as the user wrote it (a .ts before bundling), as k6 quotes it in the machine-readable summary.
  const scriptSource = opts.newMachineReadableSummary ? await readFile(file, 'utf8') : undefined;
  // k6's progress bars on stdout: once a second, or on a terminal redrawn in place ten times a
  // second; the last block comes after the summary, as in k6.
  const drawn = !opts.quiet && process.stdout.isTTY === true;
  let finalProgress: string | undefined;
  let drawing = false;
  const progress = (p: EngineProgress): void => {
    if (opts.quiet || !p.bars) return;
    const terminal = drawn ? { colors: stdoutColors(opts), last: p.final === true, columns: process.stdout.columns } : undefined;
    const block = renderK6ProgressBlock({ ...p, bars: p.bars }, terminal);
    if (p.final) finalProgress = block;
    else {
      process.stdout.write(block);
      drawing = drawn;
    }
  };
  // A line printed over drawn bars would be drawn over at the next redraw: clear them first.
  const clearBars = (): void => {
    if (drawing) process.stdout.write('\x1b[J');
  };
  log.beforeWrite(clearBars);
  if (toConsoleFile) {
    try {
      consoleFd = openSync(consoleOutput, 'a');
    } catch (err) {
      log.write({ level: 'error', msg: `open ${consoleOutput}: ${goErrnoText(err as NodeJS.ErrnoException)}` });
      return K6ExitCode.usage;
    }
  }
  const result = await withInterrupt(
    (signal) =>
      runScript({
        scriptPath,
        // As in k6: the system environment first, --env on top.
        env: opts.includeSystemEnvVars ? { ...systemEnv(), ...opts.env } : opts.env,
        overrides: { vus: opts.vus ?? (envVus as number | undefined), duration: opts.duration ?? (envDuration as string | undefined), iterations: opts.iterations ?? (envIterations as number | undefined), stages },
        // k6's order: the config file, the script's options, then K6_* variables, then flags.
        fileOptions: configFile && 'options' in configFile ? configFile.options : undefined,
        cliOptions: withLayeredDns({ ...envRest, ...cliOptions }, envRest.dns, cliOptions.dns),
        optionLayerErrors: layerErrors,
        summaryTrendStats: opts.summaryTrendStats,
        summaryTimeUnit: opts.summaryTimeUnit,
        executionSegment: opts.executionSegment,
        executionSegmentSequence: opts.executionSegmentSequence,
        vuThreads: opts.vuThreads,
        jsonOutputFile: outFile,
        signal,
        onProgress: progress,
        progressIntervalMs: drawn ? 100 : 1000,
        // Warnings and errors are printed as they happen (k6's log lines), not again at the end.
        console: log.console,
        verbose: opts.verbose === true,
        compat: opts.compat,
        summaryMode: summaryMode as SummaryMode | undefined,
        // k6's logo and execution plan on stdout, unless -q.
        onPlan: opts.quiet ? undefined : (plan) => writeLines(process.stdout, renderK6Header({ compat: opts.compat, script, outputs: opts.out.map(outputLabel), plan, colors: stdoutColors(opts) })),
        machineReadableSummary: scriptSource === undefined ? undefined : { script: scriptSource },
        // Only k6's own outputs are written: no results file, so no histograms or time series.
        resultsData: false,
        linger,
        // On stdout, unless -q, as k6 says it.
        onLinger: opts.quiet
          ? undefined
          : () => {
              clearBars();
              writeLines(process.stdout, `${LINGER_MESSAGE}\n`);
            },
      }),
    {
      // k6 says nothing at the first Ctrl-C: the run ends with its line naming the signal (exit 105).
      announce: () => undefined,
      // At the second it logs this and exits 105 at once, teardown() or summary still running.
      hardStop: (sig) => {
        clearBars();
        log.write({ level: 'error', msg: 'Aborting k6 in response to signal', fields: { sig: goSignalName(sig) } });
        return K6ExitCode.externalAbort;
      },
    },
  );
  if (typeof result === 'number') return result;
  if (consoleFd !== undefined) closeSync(consoleFd);

  // Past the first failed requests the engine stops forwarding them; give their counted totals.
  if (log.suppressed()) for (const e of result.errors) if (e.startsWith('Request Failed')) log.write({ level: 'warning', msg: e });
  // k6 writes no summary-export when the test never started (exit 104/107 before it).
  // Nor with --summary-mode disabled, which turns the end-of-test summary off altogether.
  if (opts.summaryExport && !result.notStarted && summaryMode !== 'disabled') {
    const text = result.machineReadable ? machineReadableSummaryText(result.machineReadable) : `${JSON.stringify(toSummaryExport(result.summary), null, 2)}\n`;
    await writeFileAtomic(opts.summaryExport, text);
  }
  clearBars();
  drawing = false;
  if (result.handleSummaryOutput) {
    // k6's convention: keys are file paths, except stdout and stderr.
    for (const [key, content] of Object.entries(result.handleSummaryOutput)) {
      if (key === 'stdout') writeLines(process.stdout, content);
      else if (key === 'stderr') writeLines(process.stderr, content);
      else await writeFileAtomic(resolve(key), content);
    }
  } else if (!result.notStarted) {
    // Also after setup() or teardown() failed: k6 leaves the summary out only when the test never started.
    // k6 v1+ prints its sectioned summary; v0.49 the one now called legacy.
    if (summaryMode === undefined) writeLines(process.stdout, `\n${renderTextSummary(result.summary)}\n\n`);
    else if (summaryMode !== 'disabled' && result.endOfTest) {
      writeLines(process.stdout, renderEndOfTestSummary(result.endOfTest, summaryMode as 'compact' | 'full', { colors: stdoutColors(opts) }));
    }
  }
  if (finalProgress) process.stdout.write(finalProgress);
  log.flushFinal();
  output.close?.();
  return result.exitCode;
}

/** k6's colours on a terminal, as its log lines (k6-log-console.ts). */
function stdoutColors(opts: K6RunOptions): boolean {
  return process.stdout.isTTY === true && opts.color && process.env.NO_COLOR === undefined;
}

/** How k6's header names an output: `json=x.json` is `json (x.json)`. */
function outputLabel(out: string): string {
  const at = out.indexOf('=');
  return at < 0 ? out : `${out.slice(0, at)} (${out.slice(at + 1)})`;
}

/** Only k6's `json=FILE` output exists here; other outputs (cloud, influxdb…) need real k6. */
function jsonOutputFile(outs: string[]): string | undefined {
  let file: string | undefined;
  for (const out of outs) {
    const m = /^json=(.+)$/.exec(out);
    if (!m) throw new K6UsageError(`--out "${out}": the embedded engine writes only json=FILE (k6's JSON lines)`);
    file = m[1];
  }
  return file;
}

function systemEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A TypeScript script that does not bundle, reported as the engine reports a script that does not parse (k6's form). */
async function describeBundleError(err: BundleError, script: string, compat: K6Compat): Promise<string> {
  if (!err.location) return err.message;
  const { line, column } = err.location;
  const prefix = `${err.file}:${line}:${column}: `;
  const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  const file = resolve(err.file);
  const source = await readFile(file, 'utf8').catch(() => undefined);
  return k6SyntaxErrorMessage({ file, line, byteColumn: column - 1, text, source }, compat, script);
}

/** `--dns` over `K6_DNS` field by field, as k6 applies them (the others replace each other whole). */
function withLayeredDns(options: Record<string, unknown>, ...layers: unknown[]): Record<string, unknown> {
  const dns = mergeDns(...layers);
  return dns ? { ...options, dns } : options;
}
