import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config/index.js';
import { ExitCode } from '../../core/errors.js';
import { runProbe } from '../../runner/probe.js';
import { withInterrupt } from '../../core/interrupt.js';
import { nonNegative, positiveInt } from '../options.js';
import type { CommandModule } from './types.js';

interface ProbeFlags {
  connections: number;
  duration: number;
  count: number;
  method: string;
  body?: string;
  header: Record<string, string>;
  out?: string;
  config?: string;
}

/** `-H "Name: value"`, repeatable, like curl and autocannon. */
function header(raw: string, previous: Record<string, string>): Record<string, string> {
  const idx = raw.indexOf(':');
  if (idx <= 0) throw new InvalidArgumentError(`--header must be "Name: value", got "${raw}"`);
  return { ...previous, [raw.slice(0, idx).trim()]: raw.slice(idx + 1).trim() };
}

export const probeCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('probe')
      .description('Quick check of one endpoint with autocannon: prints its table and saves a results file that compares like any scenario')
      .argument('<url>', 'the endpoint, e.g. http://127.0.0.1:8080/health')
      .option('-c, --connections <n>', 'concurrent connections', positiveInt('--connections'), 10)
      .option('-d, --duration <seconds>', 'seconds per repetition', nonNegative('--duration'), 10)
      .option('-n, --count <n>', 'repetitions (6 or more give a confidence interval)', positiveInt('--count'), 1)
      .option('-m, --method <method>', 'HTTP method', 'GET')
      .option('-b, --body <body>', 'request body')
      .option('-H, --header <header>', 'request header "Name: value" (repeatable)', header, {})
      .option('-o, --out <dir>', 'directory for the results file (default: results/)')
      .option('--config <file>', 'config file (default: loadgate.config.ts if present)')
      .action(async (url: string, opts: ProbeFlags) => {
        const config = await loadConfig({ configFile: opts.config });
        const { results, file } = await withInterrupt((signal) =>
          runProbe({
            url,
            connections: opts.connections,
            durationS: opts.duration,
            count: opts.count,
            method: opts.method.toUpperCase(),
            body: opts.body,
            headers: opts.header,
            outDir: opts.out ?? config.resultsDir,
            signal,
            onRepetition: (i, table) => process.stdout.write(`${opts.count > 1 ? `repetition ${i + 1}/${opts.count}\n` : ''}${table}\n`),
          }),
        );
        process.stdout.write(`results: ${file}\n`);
        setExitCode(results.complete ? ExitCode.ok : ExitCode.measurementFailed);
      });
  },
};
