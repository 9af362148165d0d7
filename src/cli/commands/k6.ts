import { CommanderError, InvalidArgumentError, type Command } from 'commander';
import { K6ExitCode } from '../../core/errors.js';
import { DEFAULT_K6_COMPAT, K6_COMPATS, type K6Compat } from '../../engine/k6-compat.js';
import type { K6RunOptions } from '../../runner/k6-run.js';
import { duration, FlagValueError, int, K6_OPTION_FLAGS, optionsFromFlags } from '../../runner/k6-option-flags.js';
import { PflagCommand } from '../pflag-command.js';
import { k6ExecutionSegmentFlagError, k6ExecutionSegmentSequenceFlagError } from '../../engine/segments/execution-segment.js';
import type { CommandModule } from './types.js';

type K6RunFlags = K6RunOptions;

const VU_THREADS = ['auto', 'per-vu', 'shared'] as const;

function vuThreadsFlag(value: string): K6RunFlags['vuThreads'] {
  if ((VU_THREADS as readonly string[]).includes(value)) return value as K6RunFlags['vuThreads'];
  throw new InvalidArgumentError(`--vu-threads must be one of ${VU_THREADS.join(', ')}, got "${value}"`);
}

/** A flag value as k6 reads it when it parses its options: refused in k6's words (exit 255). */
function k6Checked(error: (value: string) => string | undefined): (value: string) => string {
  return (value) => {
    const problem = error(value);
    if (problem !== undefined) throw new FlagValueError(problem);
    return value;
  };
}

/** `-e KEY=VALUE`, repeatable; `-e KEY` alone sets it empty; a name k6 would not take refused in its words. */
function envPair(raw: string, previous: Record<string, string>): Record<string, string> {
  const idx = raw.indexOf('=');
  const [name, value] = idx < 0 ? [raw, ''] : [raw.slice(0, idx), raw.slice(idx + 1)];
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name)) throw new FlagValueError(`invalid environment variable name '${name}'`);
  return { ...previous, [name]: value };
}

/** pflag's string slice: comma-separated, and empty for an empty value (k6 then shows no trend stats). */
function statList(value: string): string[] {
  return value === '' ? [] : value.split(',').map((s) => s.trim());
}

function collect(raw: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), raw];
}

export const k6Command: CommandModule = {
  register(program: Command, setExitCode) {
    const k6 = program.command('k6').description("Run k6 scripts on the embedded engine with k6's flags and exit codes");
    // k6's command line as pflag reads it: `--flag=false`, and pflag's words for bad input (exit 255).
    const run = new PflagCommand('run').argumentsHint(': arg should either be "-", if reading script from stdin, or a path to a script file');
    k6.addCommand(run);
    for (const f of K6_OPTION_FLAGS) {
      const option = run.createOption(f.flags, f.description);
      if (f.read) option.argParser(f.read);
      if (f.preset !== undefined) option.preset(f.preset);
      run.addOption(option);
    }
    run
      .option('--log-format <format>', "k6's log format: json or raw (anything else: logfmt, or coloured lines on a terminal)")
      .option('--log-output <output>', "where the log goes: stderr (default), stdout, none or file=PATH (appended)")
      .option('-c, --config <file>', "JSON config file of test options, under the script's (as k6; else $K6_CONFIG)")
      .option('--address <address>', 'accepted for k6 compatibility; the engine has no REST API')
      .option('--no-usage-report', 'accepted for k6 compatibility; the engine never reports usage')
      .description('Run a k6 script (.js or .ts) like `k6 run`: exit 99 thresholds crossed, 104 invalid config, 105 Ctrl-C, 107 script error, 108 test.abort(), 255 usage')
      .argument('<script>', 'k6 script, JavaScript or TypeScript')
      .option('-u, --vus <n>', 'number of VUs (replaces the script\'s scenarios, like k6)', int('-u, --vus'))
      .option('-d, --duration <duration>', 'test duration, e.g. 30s, 1m30s', duration('-d, --duration'))
      .option('-i, --iterations <n>', 'total iterations (shared between VUs)', int('-i, --iterations'))
      .option('-s, --stage <duration:target>', 'a ramping stage, repeatable, e.g. -s 30s:10 -s 1m:0 (replaces the script\'s scenarios, like k6)', collect)
      .option('-e, --env <KEY=VALUE>', 'add a variable to __ENV (repeatable)', envPair, {})
      .option('--include-system-env-vars', "pass the process's environment into __ENV, as k6 run does by default (--include-system-env-vars=false to turn off)", true)
      .option('-o, --out <output>', 'json=FILE: every sample as k6 JSON lines (.gz compresses)', collect, [])
      .option('--summary-export <file>', "k6's legacy end-of-test summary JSON")
      .option('--summary-mode <mode>', 'end-of-test summary: compact (default), full (also per group and scenario) or disabled; as k6 v2, also from K6_SUMMARY_MODE')
      .option('--new-machine-readable-summary', "k6 v2's machine-readable summary (schema 1.0.0) for --summary-export and handleSummary()")
      .option('--summary-time-unit <unit>', "time unit of the summary's trend values: s, ms or us (default: automatic per value)")
      .option('--summary-trend-stats <list>', 'trend stats in the summary, e.g. avg,med,p(95),p(99.9)', statList)
      .option('--execution-segment <segment>', "this instance's share of the test, k6's start:end (0:1/3, 1/3:2/3, 50%:100%, 0.5:1)", k6Checked(k6ExecutionSegmentFlagError))
      .option('--execution-segment-sequence <points>', 'every instance\'s segment, e.g. 0,1/3,2/3,1 (give all instances the same one)', k6Checked(k6ExecutionSegmentSequenceFlagError))
      .option('-l, --linger', 'when the test is done, wait for Ctrl-C before the summary, as k6 (else K6_LINGER or the config file\'s "linger")')
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
      .action(async (script: string, opts: K6RunFlags, command: Command) => {
        // The lifecycle VU's thread boots while the engine's modules load and the script compiles
        // (async VUs then share it; a VU of its own thread each gets a spare started with it).
        const { prestartWorkerThreads } = await import('../../engine/controller/worker-bundle.js');
        prestartWorkerThreads(1);
        const { runK6Script } = await import('../../runner/k6-run.js');
        setExitCode(await runK6Script(script, { ...opts, cliOptions: optionsFromFlags(opts as unknown as Record<string, unknown>, (key) => command.getOptionValueSource(key) === 'cli'), summaryModeFlag: opts.summaryMode !== undefined, summaryMode: opts.summaryMode ?? process.env.K6_SUMMARY_MODE }));
      });
  },
};

function compatFlag(value: string): K6Compat {
  if ((K6_COMPATS as readonly string[]).includes(value)) return value as K6Compat;
  throw new InvalidArgumentError(`--compat must be one of ${K6_COMPATS.join(', ')}, got "${value}"`);
}

