/**
 * A lock file for writers that share one file across processes (two weekly runs on one
 * machine, a run and a manual `loadgate history append`). `open(lock, 'wx')` is
 * O_CREAT|O_EXCL: the kernel creates the file for exactly one caller, so holding the
 * lock means having created it. A crashed holder leaves the lock behind; a lock older
 * than `staleMs` is taken to be such a leftover and removed.
 */
import { open, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadgateError, ExitCode } from '../core/errors.js';

/** Another writer held the lock for longer than the wait allowed. */
export class LockTimeoutError extends LoadgateError {
  readonly code = 'E_LOCK_TIMEOUT';
  readonly exitCode = ExitCode.measurementFailed;
  constructor(readonly lockFile: string, waitedMs: number) {
    super(`${lockFile}: still locked after ${waitedMs} ms by another loadgate process; if none is running, delete the lock file`);
  }
}

export interface FileLockOptions {
  /** Give up after this long, in ms. @default 10000 */
  timeoutMs?: number;
  /** A lock file older than this (ms) is a crashed writer's leftover and is removed. @default 60000 */
  staleMs?: number;
  /** First retry delay in ms (doubles up to 200 ms). @default 5 */
  retryMs?: number;
}

async function tryCreate(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx');
    await handle.writeFile(`${JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() })}\n`);
    await handle.close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function removeIfStale(lockFile: string, staleMs: number): Promise<void> {
  try {
    const info = await stat(lockFile);
    if (Date.now() - info.mtimeMs > staleMs) await rm(lockFile, { force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Runs `fn` while holding `lockFile`; always releases it, also when `fn` throws. */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 60_000;
  const started = Date.now();
  let delay = options.retryMs ?? 5;
  while (!(await tryCreate(lockFile))) {
    await removeIfStale(lockFile, staleMs);
    if (Date.now() - started > timeoutMs) throw new LockTimeoutError(lockFile, Date.now() - started);
    // Jitter so two waiters do not retry in lockstep.
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 200);
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
