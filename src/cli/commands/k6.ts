import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { bundleScenario } from '../../bundle/index.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { BundleError, K6ExitCode, K6UsageError } from '../../core/errors.js';
import { renderTextSummary, runScript, toSummaryExport, type EngineProgress } from '../../engine/index.js';
import { formatProgressLine } from '../../engine/output/progress-line.js';
import { formatSyntaxError } from '../../engine/script/syntax-error.js';
import { withInterrupt } from '../../core/interrupt.js';
import { k6LogConsole } from '../../engine/output/k6-log-console.js';
import { DEFAULT_K6_COMPAT, K6_COMPATS, type K6Compat } from '../../engine/k6-compat.js';
import { positiveInt } from '../options.js';
import type { CommandModule } from './types.js';

interface K6RunFlags {
  vus?: number;
  duration?: string;
  iterations?: number;
  env: Record<string, string>;
  includeSystemEnvVars: boolean;
  out: string[];
  summaryExport?: string;
  summaryTrendStats?: string[];
  executionSegment?: string;
  executionSegmentSequence?: string;
  quiet?: boolean;
  verbose?: boolean;
  color: boolean;
  compat: K6Compat;
  vuThreads: 'auto' | 'per-vu' | 'shared';
}

const VU_THREADS = ['auto', 'per-vu', 'shared'] as const;

function vuThreadsFlag(value: string): K6RunFlags['vuThreads'] {
  if ((VU_THREADS as readonly string[]).includes(value)) return value as K6RunFlags['vuThreads'];
  throw new InvalidArgumentError(`--vu-threads must be one of ${VU_THREADS.join(', ')}, got "${value}"`);
}

/** `-e KEY=VALUE`, repeatable, as in k6. */
/** k6's bool flags accept a bare flag, true or false. */
function boolFlag(flag: string): (value: string) => boolean {
  return (value) => {
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw new InvalidArgumentError(`${flag} must be true or false, got "${value}"`);
  };
}

function systemEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
}

function envPair(raw: string, previous: Record<string, string>): Record<string, string> {
  const idx = raw.indexOf('=');
  if (idx <= 0) throw new InvalidArgumentError(`--env must be KEY=VALUE, got "${raw}"`);
  return { ...previous, [raw.slice(0, idx)]: raw.slice(idx + 1) };
}

function collect(raw: string, previous: string[]): string[] {
  return [...previous, raw];
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

export const k6Command: CommandModule = {
  register(program: Command, setExitCode) {
    const k6 = program.command('k6').description("Run k6 scripts on the embedded engine with k6's flags and exit codes");
    k6.command('run')
      .description('Run a k6 script (.js or .ts) like `k6 run`: exit 99 thresholds crossed, 104 invalid config, 107 script error, 108 test.abort()')
      .argument('<script>', 'k6 script, JavaScript or TypeScript')
      .option('-u, --vus <n>', 'number of VUs (replaces the script\'s scenarios, like k6)', positiveInt('--vus'))
      .option('-d, --duration <duration>', 'test duration, e.g. 30s, 1m30s')
      .option('-i, --iterations <n>', 'total iterations (shared between VUs)', positiveInt('--iterations'))
      .option('-e, --env <KEY=VALUE>', 'add a variable to __ENV (repeatable)', envPair, {})
      .option('--include-system-env-vars [bool]', "pass the process's environment into __ENV, as k6 run does by default (false to turn off)", boolFlag('--include-system-env-vars'), true)
      .option('-o, --out <output>', 'json=FILE: every sample as k6 JSON lines (.gz compresses)', collect, [])
      .option('--summary-export <file>', "k6's legacy end-of-test summary JSON")
      .option('--summary-trend-stats <list>', 'trend stats in the summary, e.g. avg,med,p(95),p(99.9)', (v: string) => v.split(',').map((s) => s.trim()))
      .option('--execution-segment <segment>', "this instance's share of the test, k6's start:end (0:1/3, 1/3:2/3, 50%:100%, 0.5:1)")
      .option('--execution-segment-sequence <points>', 'every instance\'s segment, e.g. 0,1/3,2/3,1 (give all instances the same one)')
      .option('-q, --quiet', 'no progress lines')
      .option('-v, --verbose', "show the script's console.debug lines (k6 hides them)")
      .option('--no-color', 'no colours in the log lines on a terminal (logfmt, as when stderr is not a terminal)')
      .option('--compat <generation>', `where k6 generations differ (option shortcuts, warnings, stack traces), behave as ${K6_COMPATS.join(' or ')}`, compatFlag, DEFAULT_K6_COMPAT)
      .option(
        '--vu-threads <mode>',
        'auto: VUs share a thread per spare core, sync scripts too when their blocking calls can be made async (else a thread per VU); per-vu: a blocking thread per VU; shared: always share',
        vuThreadsFlag,
        'auto',
      )
      .addHelpText(
        'after',
        `
One test on several machines, as k6 instances share it: give each instance its own
--execution-segment and all of them the same --execution-segment-sequence; their VUs,
iterations and arrival-rate arrivals add up to the unsegmented test. Then merge their
--out json files and judge the thresholds on the whole:

  loadgate k6 run --execution-segment 0:1/3   --execution-segment-sequence 0,1/3,2/3,1 --out json=part1.ndjson test.js
  loadgate k6 run --execution-segment 1/3:2/3 --execution-segment-sequence 0,1/3,2/3,1 --out json=part2.ndjson test.js
  loadgate k6 run --execution-segment 2/3:1   --execution-segment-sequence 0,1/3,2/3,1 --out json=part3.ndjson test.js
  loadgate merge merged.json part1.ndjson part2.ndjson part3.ndjson`,
      )
      // As k6: an unknown flag or a bad flag value exits 255, not loadgate's 2.
      .exitOverride((err) => {
        throw err.exitCode === 0 ? err : new CommanderError(K6ExitCode.usage, err.code, err.message);
      })
      .action(async (script: string, opts: K6RunFlags) => {
        setExitCode(await k6Run(script, opts));
      });
  },
};

async function k6Run(script: string, opts: K6RunFlags): Promise<number> {
  const outFile = jsonOutputFile(opts.out);
  let scriptPath = resolve(script);
  const log = k6LogConsole({ noColor: !opts.color });
  if (!existsSync(scriptPath)) {
    // k6's words and exit code for a script that is not there (a module it cannot find on local disk).
    const anchor = opts.compat === 'v0.49' ? 'using-local-modules-with-docker' : 'use-modules-with-docker';
    log.write({
      level: 'error',
      msg: `The moduleSpecifier "${script}" couldn't be found on local disk. Make sure that you've specified the right path to the file. If you're running k6 using the Docker image make sure you have mounted the local directory (-v /local/path/:/inside/docker/path) containing your script and modules so that they're accessible by k6 from inside of the container, see https://grafana.com/docs/k6/latest/using-k6/modules/#${anchor}.`,
    });
    return K6ExitCode.usage;
  }
  if (/\.(c|m)?tsx?$/.test(script)) {
    try {
      scriptPath = (await bundleScenario({ entry: script, outDir: join('.loadgate', 'bundles') })).bundlePath;
    } catch (err) {
      // k6 reports an unparseable script as a script exception.
      if (err instanceof BundleError) {
        log.write({ level: 'error', msg: await describeBundleError(err) });
        return K6ExitCode.scriptException;
      }
      throw err;
    }
  }
  const progress = (p: EngineProgress): void => {
    if (!opts.quiet) process.stderr.write(`${formatProgressLine(p)}\n`);
  };
  const result = await withInterrupt((signal) =>
    runScript({
      scriptPath,
      // As in k6: the system environment first, --env on top.
      env: opts.includeSystemEnvVars ? { ...systemEnv(), ...opts.env } : opts.env,
      overrides: { vus: opts.vus, duration: opts.duration, iterations: opts.iterations },
      summaryTrendStats: opts.summaryTrendStats,
      executionSegment: opts.executionSegment,
      executionSegmentSequence: opts.executionSegmentSequence,
      vuThreads: opts.vuThreads,
      jsonOutputFile: outFile,
      signal,
      onProgress: progress,
      // Warnings and errors are printed as they happen (k6's log lines), not again at the end.
      console: log.console,
      verbose: opts.verbose === true,
      compat: opts.compat,
    }),
  );
  // Past the first failed requests the engine stops forwarding them; give their counted totals.
  if (log.suppressed()) for (const e of result.errors) if (e.startsWith('Request Failed')) log.write({ level: 'warning', msg: e });
  if (opts.summaryExport) await writeFileAtomic(opts.summaryExport, `${JSON.stringify(toSummaryExport(result.summary), null, 2)}\n`);
  if (result.handleSummaryOutput) {
    // k6's convention: keys are file paths, except stdout and stderr.
    for (const [key, content] of Object.entries(result.handleSummaryOutput)) {
      if (key === 'stdout') process.stdout.write(content);
      else if (key === 'stderr') process.stderr.write(content);
      else await writeFileAtomic(resolve(key), content);
    }
  } else if (result.exitCode !== K6ExitCode.scriptException && result.exitCode !== K6ExitCode.invalidConfig) {
    process.stdout.write(`${renderTextSummary(result.summary)}\n`);
  }
  log.flushFinal();
  return result.exitCode;
}

function compatFlag(value: string): K6Compat {
  if ((K6_COMPATS as readonly string[]).includes(value)) return value as K6Compat;
  throw new InvalidArgumentError(`--compat must be one of ${K6_COMPATS.join(', ')}, got "${value}"`);
}

/** A TypeScript script that does not bundle, reported like the engine reports a JavaScript one (k6's form). */
async function describeBundleError(err: BundleError): Promise<string> {
  if (!err.location) return err.message;
  const { line, column } = err.location;
  const prefix = `${err.file}:${line}:${column}: `;
  const text = err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message;
  const file = resolve(err.file);
  const source = await readFile(file, 'utf8').catch(() => undefined);
  return formatSyntaxError({ file, line, byteColumn: column - 1, text, source });
}
