/**
 * options.rps: one limit for the whole test, shared by the VUs of every thread, as k6's
 * golang.org/x/time/rate limiter with a burst of 1: requests go out at least 1/rps apart, and
 * an idle spell saves up no burst. The next free slot (ns on the process's monotonic clock,
 * which all threads share) lives in a SharedArrayBuffer; each request reserves the slot after
 * it with a compare-and-swap, then waits for its own.
 */
export class SharedRateLimiter {
  private readonly next: BigInt64Array;
  private readonly intervalNs: bigint;

  /** `buffer`: 8 bytes from newBuffer(), the same for every VU of the test. */
  constructor(buffer: SharedArrayBuffer, rps: number) {
    this.next = new BigInt64Array(buffer);
    this.intervalNs = BigInt(Math.max(1, Math.round(1e9 / rps)));
  }

  static newBuffer(): SharedArrayBuffer {
    return new SharedArrayBuffer(8);
  }

  /** Reserves the next slot; the ms to wait until it (0: go now). */
  reserve(): number {
    for (;;) {
      const taken = Atomics.load(this.next, 0);
      const now = process.hrtime.bigint();
      const start = taken > now ? taken : now;
      if (Atomics.compareExchange(this.next, 0, taken, start + this.intervalNs) === taken) return Number(start - now) / 1e6;
    }
  }
}
