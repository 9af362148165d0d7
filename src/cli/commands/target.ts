import type { Command } from 'commander';
import { ExitCode } from '../../core/errors.js';
import type { RunningTarget } from '../../target/index.js';
import { redactUrl, validateTargetOptions } from '../../target/options.js';
import type { CommandModule } from './types.js';

/** Records the CLI seeds when --seed is not given: enough for the cache and queries to matter. */
export const cliDefaultSeed = 10_000;

interface TargetStartFlags {
  port?: string;
  db?: string;
  seed?: string;
  latencyMs?: string;
  slowdown?: string;
  errorRate?: string;
  cacheSize?: string;
  maxBodyBytes?: string;
  redisUrl?: string;
}

/** Option key → CLI flag, so validation errors name what the user typed. */
const flagOf = (key: string): string => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * `loadgate target start`: runs the reference target on 127.0.0.1 until SIGINT or SIGTERM.
 * Prints the URL alone on stdout (for scripts), details on stderr.
 */
export const targetCommand: CommandModule = {
  register(program: Command, setExitCode) {
    const target = program.command('target').description('The reference target (the service the shipped scenarios hit)');
    target
      .command('start')
      .description('Run the reference target on 127.0.0.1 until Ctrl-C; prints its URL')
      .option('--port <n>', 'TCP port; 0 picks a free one', '0')
      .option('--db <file>', 'SQLite file, or :memory:', ':memory:')
      .option('--seed <n>', 'records to seed at start', String(cliDefaultSeed))
      .option('--latency-ms <ms>', 'latency added to every response (fault injection)')
      .option('--slowdown <factor>', 'factor >= 1 applied to handler time by busy-waiting (fault injection)')
      .option('--error-rate <r>', 'fraction 0..1 of requests answered 503 (fault injection)')
      .option('--cache-size <n>', 'entries of the record LRU cache; 0 disables it')
      .option('--max-body-bytes <n>', 'largest request body accepted')
      .option('--redis-url <url>', 'keep the record cache in Redis (redis:// or rediss://) instead of in-process; default $REDIS_URL')
      .action(async (flags: TargetStartFlags) => {
        const { raw, label } = withRedisUrlFromEnv(toRawOptions(flags), process.env.REDIS_URL);
        const options = validateTargetOptions(raw, label);
        const { startTarget } = await import('../../target/index.js');
        const running = await startTarget(options);
        process.stdout.write(`${running.url}\n`);
        process.stderr.write(describeTarget(running));
        await untilSignal();
        await running.close();
        setExitCode(ExitCode.ok);
      });
  },
};

/** Numbers where the flag parses as one; the raw text otherwise, so the error quotes it. */
function toRawOptions(flags: TargetStartFlags): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const n = Number(value);
    raw[key] = key === 'db' || key === 'redisUrl' ? value : value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  return raw;
}

/**
 * `--redis-url` wins over `$REDIS_URL`; an empty `$REDIS_URL` counts as unset. Errors name
 * whichever the URL came from.
 */
export function withRedisUrlFromEnv(raw: Record<string, unknown>, envUrl: string | undefined): { raw: Record<string, unknown>; label: (key: string) => string } {
  const fromEnv = raw.redisUrl === undefined && envUrl !== undefined && envUrl !== '';
  const label = (key: string): string => (key === 'redisUrl' && fromEnv ? 'REDIS_URL (environment)' : flagOf(key));
  return { raw: fromEnv ? { ...raw, redisUrl: envUrl } : raw, label };
}

function describeTarget(running: RunningTarget): string {
  const o = running.options;
  const faults = o.latencyMs > 0 || o.slowdown > 1 || o.errorRate > 0
    ? `; faults: latency ${o.latencyMs} ms, slowdown ${o.slowdown}x, error rate ${o.errorRate}`
    : '';
  const info = running.cacheInfo();
  const cache = info.kind === 'redis' && o.redisUrl !== null ? `redis ${redactUrl(o.redisUrl)}, keys ${info.keyPrefix ?? ''}*` : info.kind;
  return `loadgate target: listening on ${running.url} (db ${o.db}, ${running.recordCount()} records${faults}; cache ${cache}); Ctrl-C to stop\n`;
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (sig: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(sig);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
