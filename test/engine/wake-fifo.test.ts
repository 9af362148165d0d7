import { describe, expect, it } from 'vitest';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { WakeFifo } from '../../src/engine/controller/wake-fifo.js';

/** A thread that blocks reading one byte at a time from `path` and reports each read's size. */
function reader(path: string): Worker {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { openSync, readSync } = require('node:fs');
    const fd = openSync(workerData, 'r');
    parentPort.postMessage('open');
    const b = Buffer.alloc(1);
    for (;;) { const n = readSync(fd, b, 0, 1, null); parentPort.postMessage(n); if (n === 0) break; }
  `;
  return new Worker(code, { eval: true, workerData: path });
}

const next = (w: Worker) => new Promise<unknown>((resolve) => w.once('message', resolve));

describe.skipIf(process.platform === 'win32')('wake pipe of blocked VUs', () => {
  it('wakes a thread blocked in read() once per wake(), and for good on close()', async () => {
    const fifo = await WakeFifo.create();
    expect(fifo).toBeDefined();
    const f = fifo as WakeFifo;
    const w = reader(f.path);
    try {
      expect(await next(w)).toBe('open');
      f.unlink();
      expect(existsSync(f.path)).toBe(false);
      f.wake();
      expect(await next(w)).toBe(1);
      f.wake();
      expect(await next(w)).toBe(1);
      // Closing our end is what lets a terminating VU out of its read().
      f.close();
      expect(await next(w)).toBe(0);
      f.wake(); // after close: a no-op, not a throw
    } finally {
      await w.terminate();
    }
  });
});
