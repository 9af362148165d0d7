import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { MeasurementError, UsageError } from '../core/errors.js';
import type { ResultsFile } from '../results/results.js';
import type { TargetOptions } from '../target/index.js';
import { redactUrl } from '../target/options.js';
import { startTargetProcess } from './target-process.js';

/** A service the scenarios run against, with what the results file records of it. */
export interface TargetSide {
  url: string;
  /** Prometheus endpoint scraped around each repetition, when known. */
  metricsUrl: string | null;
  describe: ResultsFile['target'];
  /** Stops what loadgate started for this side (nothing for a plain URL). */
  stop(): Promise<void>;
  /**
   * Starts the same service again, as a new process on a new port (the caller stops this one):
   * a confirmation round on fresh processes. Absent for a plain URL, which loadgate did not start.
   */
  fresh?(): Promise<TargetSide>;
}

export interface TargetSpecOptions {
  /** Records seeded into a reference target started here. */
  seed: number;
  /** Fault injection for a reference target started here. */
  targetOptions?: Omit<TargetOptions, 'port' | 'seed'>;
  /** Called once a reference target listens. */
  onStarted?: (url: string) => void;
  /** Accept a shell command as the spec (`loadgate ab`); otherwise only `embedded` or a URL. */
  allowCommand?: boolean;
  /**
   * Prometheus endpoint of a URL or command side (config `target.metricsUrl`, `--metrics-url`):
   * an absolute URL, or a path such as `/metrics` taken relative to each side's own URL.
   */
  metricsUrl?: string | null;
  /** Working directory of a command side. @default the current directory */
  cwd?: string;
  /** Extra environment of a command side (besides `PORT`). */
  commandEnv?: Record<string, string>;
  /** How long a command side may take to accept connections, ms. @default 60 000 */
  startTimeoutMs?: number;
}

/** How long a `CMD` side may take to accept connections by default. */
const COMMAND_START_TIMEOUT_MS = 60_000;

/**
 * Resolves a target spec: `embedded` starts the reference target in a child
 * process; an http(s) URL is checked to accept connections; anything else is a
 * shell command that starts the service, given a free port in `$PORT`, and is
 * waited for until 127.0.0.1:$PORT accepts connections.
 */
export async function openTargetSide(spec: string, options: TargetSpecOptions): Promise<TargetSide> {
  // A bad metrics endpoint is bad usage: say so before anything is started.
  resolveMetricsUrl(options.metricsUrl, 'http://127.0.0.1/');
  if (spec === 'embedded') {
    const started = await startTargetProcess({ ...options.targetOptions, port: 0, seed: options.seed });
    options.onStarted?.(started.url);
    return {
      url: started.url,
      // The reference target exposes its Prometheus metrics at /metrics; a --metrics-url given anyway is honoured, not ignored.
      metricsUrl: resolveMetricsUrl(options.metricsUrl, started.url) ?? `${started.url}/metrics`,
      describe: { url: started.url, kind: 'embedded', options: describeOptions(options.targetOptions, options.seed) },
      stop: started.stop,
      fresh: () => openTargetSide(spec, options),
    };
  }
  if (/^https?:\/\//i.test(spec)) {
    const url = await checkTargetReachable(spec);
    return { url, metricsUrl: resolveMetricsUrl(options.metricsUrl, url), describe: { url, kind: 'external' }, stop: async () => {} };
  }
  if (!options.allowCommand || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    const also = options.allowCommand ? ', or a command that starts the service on $PORT' : '';
    throw new UsageError(`--target must be "embedded" or an http(s) URL${also}; got "${spec}"`);
  }
  return { ...(await startCommandSide(spec, options)), fresh: () => openTargetSide(spec, options) };
}

/**
 * Replaces, in place, each side loadgate started with a fresh process of the same service (the
 * old one stopped first, so the two never share the machine). True when any side was restarted.
 */
export async function restartSides(sides: TargetSide[]): Promise<boolean> {
  let restarted = false;
  for (let i = 0; i < sides.length; i++) {
    const old = sides[i] as TargetSide;
    if (!old.fresh) continue;
    await old.stop();
    // Stopped: should starting the new one fail, the caller's final stop has nothing left to stop here.
    sides[i] = { ...old, stop: async () => {} };
    sides[i] = await old.fresh();
    restarted = true;
  }
  return restarted;
}

/**
 * The endpoint to scrape for one side. A path is resolved against the side's URL, so one
 * `--metrics-url /metrics` serves both sides of an A/B whose ports are only known at start.
 * @throws UsageError naming the flag and the valid forms
 */
export function resolveMetricsUrl(spec: string | null | undefined, sideUrl: string): string | null {
  if (spec === null || spec === undefined || spec === '') return null;
  if (spec.startsWith('/')) return new URL(spec, sideUrl).toString();
  if (/^https?:\/\/[^/]/i.test(spec)) return spec;
  throw new UsageError(`--metrics-url (config target.metricsUrl) must be an http(s) URL or a path starting with "/"; got "${spec}"`);
}

async function startCommandSide(command: string, options: TargetSpecOptions): Promise<TargetSide> {
  const port = await freePort();
  const child = spawn(command, {
    shell: true,
    detached: true,
    cwd: options.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...options.commandEnv, PORT: String(port) },
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-2000);
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const url = `http://127.0.0.1:${port}`;
  const resolvedMetricsUrl = resolveMetricsUrl(options.metricsUrl, url);
  const timeoutMs = options.startTimeoutMs ?? COMMAND_START_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const where = options.cwd ? ` (in ${options.cwd})` : '';
  const tail = (): string => (stderr.trim() ? `; its stderr ends with: ${stderr.trim().slice(-600)}` : '; it printed nothing on stderr');
  while (!(await accepts('127.0.0.1', port))) {
    if (spawnError) throw new MeasurementError(`target command "${command}"${where} could not be started: ${spawnError.message}`);
    if (child.exitCode !== null) {
      throw new MeasurementError(`target command "${command}"${where} exited with code ${child.exitCode} before listening on $PORT=${port}${tail()}`);
    }
    if (Date.now() > deadline) {
      killGroup(child, 'SIGKILL');
      throw new MeasurementError(`target command "${command}"${where} did not listen on 127.0.0.1:$PORT (${port}) within ${timeoutMs / 1000} s${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, metricsUrl: resolvedMetricsUrl, describe: { url, kind: 'external', options: { command } }, stop: () => stopGroup(child) };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    // The shell and the service it started share a process group (detached: true).
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    killGroup(child, 'SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** Fails fast with exit 4 when the given service does not accept connections. */
async function checkTargetReachable(spec: string): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(spec);
  } catch {
    throw new UsageError(`target must be "embedded", an http(s) URL or a command, got "${spec}"`);
  }
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const outcome = await new Promise<string | null>((resolve) => {
    const socket = connect({ host, port, timeout: 5000 });
    const done = (why: string | null): void => {
      socket.destroy();
      resolve(why);
    };
    socket.once('connect', () => done(null));
    socket.once('timeout', () => done('connection timed out after 5 s'));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
  if (outcome) throw new MeasurementError(`target ${spec} is unreachable: ${outcome}`);
  return spec.replace(/\/+$/, '');
}

/** What a results file records of a reference target's options: never a Redis password. */
function describeOptions(targetOptions: TargetSpecOptions['targetOptions'], seed: number): Record<string, unknown> {
  const { redisUrl, ...rest } = targetOptions ?? {};
  return { ...rest, ...(redisUrl ? { redisUrl: redactUrl(redisUrl) } : {}), seed };
}
