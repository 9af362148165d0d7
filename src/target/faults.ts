import { validateFaultOptions, type FaultOptions } from './options.js';

/**
 * The fault-injection state of one target, changeable while it runs. Applied by the server to
 * every request outside /admin/* and /metrics.
 */
export class FaultInjector {
  private current: FaultOptions;

  constructor(initial: FaultOptions) {
    this.current = { latencyMs: initial.latencyMs, slowdown: initial.slowdown, errorRate: initial.errorRate };
  }

  /** A copy of the faults in force. */
  get(): FaultOptions {
    return { ...this.current };
  }

  /**
   * Changes some faults; the others keep their values.
   * @throws UsageError naming the bad key and its valid range (nothing is changed then)
   */
  set(partial: unknown): FaultOptions {
    this.current = { ...this.current, ...validateFaultOptions(partial) };
    return this.get();
  }

  /** Whether this request is one of the `errorRate` fraction answered with an injected 503. */
  shouldFail(): boolean {
    const rate = this.current.errorRate;
    return rate > 0 && (rate >= 1 || Math.random() < rate);
  }

  /**
   * Busy-waits (slowdown - 1) times the handler's own time, in the handler's thread.
   * @returns the milliseconds actually burned (0 when slowdown is 1)
   */
  applySlowdown(handlerMs: number): number {
    const factor = this.current.slowdown;
    return factor > 1 && handlerMs > 0 ? busyWaitMs((factor - 1) * handlerMs) : 0;
  }

  /** Milliseconds to hold the response back, by timer. */
  get latencyMs(): number {
    return this.current.latencyMs;
  }
}

/**
 * Burns CPU for `ms` milliseconds. A timer cannot do this: it frees the CPU and has millisecond
 * granularity, while a slower build burns CPU for fractions of a millisecond per request.
 */
export function busyWaitMs(ms: number): number {
  const started = performance.now();
  // Compare elapsed time, not against started + ms: that sum rounds, and the elapsed time
  // returned could then fall a hair short of what was asked.
  let elapsed = 0;
  while (elapsed < ms) elapsed = performance.now() - started;
  return elapsed;
}

/**
 * Resolves no earlier than `deadline` (a performance.now() time). Timers may fire a fraction of a
 * millisecond early against performance.now(), so this re-arms until the deadline has passed.
 */
export function sleepUntil(deadline: number): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      const remaining = deadline - performance.now();
      if (remaining <= 0) resolve();
      else setTimeout(check, Math.ceil(remaining));
    };
    check();
  });
}
