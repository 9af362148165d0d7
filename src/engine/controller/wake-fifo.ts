/**
 * Waking a blocked VU thread through a named pipe instead of Atomics.notify: the VU
 * blocks in a read() of one byte and the controller writes that byte. V8's
 * Atomics.wait/notify share one process-wide mutex and condition-variable handshake, so
 * with many VU threads the woken thread often blocks again on that mutex (a second sleep
 * and wake per request); the pipe costs one write and one read. Measured on 2 cores with
 * 10 sync VUs: fewer µs of CPU per request and more requests/s (bench/engine.ts).
 *
 * Needs the `mkfifo` tool (Linux, macOS; one short run per worker, the name is unlinked
 * as soon as the worker opened it); without it, or on Windows, the bridge keeps Atomics.
 * A thread blocked in read() cannot be interrupted by Worker.terminate(): the controller
 * closes its end after asking the worker to stop (read() then returns 0), and on
 * process exit every end still open is closed, so exiting never waits on a blocked VU.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, constants, openSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ONE = new Uint8Array([1]);

let unavailable = process.platform === 'win32';
let exitHook = false;
/** Our ends still open, closed on process exit. */
const open = new Set<number>();

export class WakeFifo {
  private closed = false;

  private constructor(
    /** Opened (read-only, blocking) by the worker; unlinked once it did (or failed to). */
    readonly path: string,
    private readonly fd: number,
  ) {}

  /** A new FIFO, or undefined when the platform has none (use Atomics). */
  static async create(): Promise<WakeFifo | undefined> {
    if (unavailable) return undefined;
    const path = join(tmpdir(), `loadgate-wake-${process.pid}-${randomBytes(8).toString('hex')}`);
    try {
      await run('mkfifo', ['-m', '600', path]);
    } catch {
      unavailable = true;
      return undefined;
    }
    let fd: number;
    try {
      // Read-write and non-blocking: opening does not wait for the reader, writing never blocks.
      fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    } catch {
      unlinkQuietly(path);
      return undefined;
    }
    if (!exitHook) {
      exitHook = true;
      process.once('exit', closeAll);
    }
    open.add(fd);
    return new WakeFifo(path, fd);
  }

  wake(): void {
    if (this.closed) return;
    try {
      writeSync(this.fd, ONE);
    } catch {
      // EAGAIN (64 KiB of unread wake-ups: the reader is gone) or the fd closed under us.
    }
  }

  /** The worker opened its end (or never will): the name is no longer needed. */
  unlink(): void {
    unlinkQuietly(this.path);
  }

  /** Closes our end: a VU blocked in read() gets 0 and returns. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unlink();
    open.delete(this.fd);
    closeSync(this.fd);
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function closeAll(): void {
  for (const fd of open) {
    try {
      closeSync(fd);
    } catch {
      // closed already
    }
  }
  open.clear();
}
