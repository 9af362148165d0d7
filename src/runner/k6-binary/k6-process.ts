/**
 * Spawns k6 in its own process group, hands its output over line by line, and stops
 * it on abort the way a user's Ctrl-C would: SIGINT (k6 then stops the executors,
 * runs teardown and handleSummary), SIGKILL to the whole group if it lingers.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { constants } from 'node:os';
import { MeasurementError } from '../../core/errors.js';
import { clockTicksPerSecond, readChildrenCpuTicks } from '../proc-stat.js';

export interface K6ProcessOptions {
  k6Path: string;
  args: string[];
  cwd: string;
  /** Environment of the k6 process itself (k6 needs HOME, PATH, K6_* settings). */
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Time k6 gets after SIGINT before the group is SIGKILLed. @default 30 000 ms */
  abortGraceMs?: number;
  onStdoutLine?: (line: string) => void;
  onStderrLine?: (line: string) => void;
}

export interface K6ProcessExit {
  /** The process's exit code, or null when a signal ended it. */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** True when `signal` aborted the run (SIGINT was sent). */
  aborted: boolean;
  /** True when it ignored SIGINT for abortGraceMs and was SIGKILLed. */
  killed: boolean;
  /**
   * CPU seconds (user + system) k6 used, from the growth of this process's reaped-children
   * CPU (/proc/self/stat cutime + cstime) between the spawn and the reaping; null without
   * /proc. Children of loadgate that are still running (the reference target) do not count
   * until they are reaped; another child reaped during the run would (loadgate reaps none).
   */
  cpuSeconds: number | null;
}

/** @default */
export const DEFAULT_ABORT_GRACE_MS = 30_000;

/**
 * Runs k6 to completion.
 * @throws MeasurementError when k6 cannot be started at all (missing, not executable).
 */
export function runK6Process(opts: K6ProcessOptions): Promise<K6ProcessExit> {
  // Asked before the first reading: getconf is a child too, and its CPU would count.
  const hz = clockTicksPerSecond();
  const ticksBefore = readChildrenCpuTicks();
  return new Promise((resolve, reject) => {
    const child = spawn(opts.k6Path, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let aborted = false;
    let killed = false;
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (sig: NodeJS.Signals): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const onAbort = (): void => {
      if (aborted) return;
      aborted = true;
      signalGroup('SIGINT');
      killTimer = setTimeout(() => {
        killed = true;
        signalGroup('SIGKILL');
      }, opts.abortGraceMs ?? DEFAULT_ABORT_GRACE_MS);
    };
    if (opts.onStdoutLine) createInterface({ input: child.stdout, crlfDelay: Infinity }).on('line', opts.onStdoutLine);
    else child.stdout.resume();
    if (opts.onStderrLine) createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', opts.onStderrLine);
    else child.stderr.resume();
    const cleanup = (): void => {
      clearTimeout(killTimer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (err: NodeJS.ErrnoException) => {
      cleanup();
      reject(new MeasurementError(`cannot start k6 at ${opts.k6Path}: ${err.code ?? err.message}`, { cause: err }));
    });
    child.once('close', (code, signal) => {
      cleanup();
      // 'close' comes after 'exit': the child is reaped, its CPU is in cutime/cstime now.
      const ticksAfter = readChildrenCpuTicks();
      const cpuSeconds = ticksBefore === null || ticksAfter === null ? null : Math.max(0, ticksAfter - ticksBefore) / hz;
      resolve({ code, signal, aborted, killed, cpuSeconds });
    });
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exit status as a shell reports it: the code, or 128 + the signal number. */
export function shellExitStatus(exit: Pick<K6ProcessExit, 'code' | 'signal'>): number {
  if (exit.code !== null) return exit.code;
  const n = exit.signal ? (constants.signals as Record<string, number>)[exit.signal] : undefined;
  return 128 + (n ?? 0);
}
