/**
 * k6's timers: `setTimeout`, `clearTimeout`, `setInterval`, `clearInterval`, one set per VU.
 * k6 v2 has them as globals and as `k6/timers`; k6 v0.49 only as `k6/experimental/timers`.
 *
 * Node's own timers would run the callbacks, but not as k6 does around them: k6 ends an
 * iteration (and setup, teardown, the init context) only once no timer of the VU is pending,
 * so `setTimeout(f, 150)` in a default function makes a 150 ms iteration that runs f. A
 * callback that throws ends the iteration with that error. Timers still pending when the
 * iteration ends otherwise (an exception, an interruption) are stopped, each with k6's warning.
 * Ids are numbers counting from 1 per VU; a call without a callback uses one up, as in k6.
 */
import { GoError } from './go-error.js';

export interface TimerFunctions {
  setTimeout(callback: unknown, delay?: unknown, ...args: unknown[]): number;
  clearTimeout(id?: unknown): void;
  setInterval(callback: unknown, delay?: unknown, ...args: unknown[]): number;
  clearInterval(id?: unknown): void;
}

type TimerKind = 'setTimeout' | 'setInterval';

interface PendingTimer {
  kind: TimerKind;
  handle: NodeJS.Timeout;
}

const MAX_DELAY_MS = 2 ** 31 - 1;

/** Node's timers, captured before any script can shadow or replace the globals. */
const nodeSetTimeout = globalThis.setTimeout;
const nodeSetInterval = globalThis.setInterval;
const nodeClearTimeout = globalThis.clearTimeout;

export class VuTimers {
  private lastId = 0;
  private readonly pending = new Map<number, PendingTimer>();
  /** Callbacks whose returned promise (a callback the script rewrite made async) has not settled. */
  private running = 0;
  /** Counts stopPending() calls: a callback still running from a stopped iteration no longer counts. */
  private epoch = 0;
  private failure: { error: unknown } | undefined;
  private wake: (() => void) | undefined;
  readonly functions: TimerFunctions;
  /** Told whenever the timers may have gone quiet (state/pending-work.ts looks again then). */
  onQuiet: (() => void) | undefined;

  constructor(
    private readonly warn: (text: string) => void,
    /** The JavaScript runtime k6 names in its conversion errors: k6 v2's sobek, v0.49's goja. */
    private readonly runtimeName: 'sobek' | 'goja' = 'sobek',
  ) {
    this.functions = {
      setTimeout: (callback, delay, ...args) => this.start('setTimeout', callback, delay, args),
      clearTimeout: (id) => this.clear(id),
      setInterval: (callback, delay, ...args) => this.start('setInterval', callback, delay, args),
      clearInterval: (id) => this.clear(id),
    };
  }

  /** Whether anything would keep k6's event loop, and so the iteration, running. */
  get busy(): boolean {
    return this.pending.size > 0 || this.running > 0 || this.failure !== undefined || this.holds.size > 0;
  }

  /** Other event sources on the VU's loop (k6/websockets' open sockets): each keeps it busy until released. */
  private readonly holds = new Set<() => void>();

  /**
   * Keeps k6's event loop, and so the iteration, running until released, as an open WebSocket
   * does. `run` calls back into the script as a timer's callback would (what it throws ends the
   * iteration with it); `stop` is called when the iteration ends without the release (the VU
   * was stopped, or the script threw).
   */
  hold(stop: () => void): { release(): void; run(call: () => unknown): void } {
    this.holds.add(stop);
    return {
      release: () => {
        if (this.holds.delete(stop)) this.notify();
      },
      run: (call) => this.run(call),
    };
  }

  /**
   * Waits until no timer is pending and no callback is still running; throws what a callback
   * threw. `stopped` is asked between waits: when it says the VU was stopped, returns false
   * with the timers still pending (the caller stops them).
   */
  async settle(stopped: () => Promise<boolean>): Promise<boolean> {
    while (this.busy) {
      if (this.failure) {
        const { error } = this.failure;
        this.failure = undefined;
        throw error;
      }
      const idle = new Promise<void>((resolve) => (this.wake = resolve));
      const stop = stopped().then((yes) => (yes ? 'stopped' : 'waited'));
      if ((await Promise.race([idle, stop])) === 'stopped') return false;
    }
    return true;
  }

  /** Stops every pending timer, warning for each as k6 does when the iteration did not end by itself. */
  stopPending(): void {
    this.failure = undefined;
    if (this.holds.size > 0) {
      const stops = [...this.holds];
      this.holds.clear();
      for (const stop of stops) stop();
    }
    if (this.running > 0) {
      this.running = 0;
      this.epoch++;
    }
    // Every iteration ends here; almost all have no timer.
    if (this.pending.size === 0) return;
    for (const [id, t] of [...this.pending].sort(([a], [b]) => a - b)) {
      nodeClearTimeout(t.handle);
      this.warn(`${t.kind} ${id} was stopped because the VU iteration was interrupted`);
    }
    this.pending.clear();
  }

  private start(kind: TimerKind, callback: unknown, delay: unknown, args: unknown[]): number {
    if (callback !== undefined && callback !== null && typeof callback !== 'function') {
      // Refused while k6 converts the argument, before an id is taken.
      throw new TypeError(`could not convert function call parameter 0: could not convert ${String(callback)} to ${this.runtimeName}.Callable`);
    }
    const id = ++this.lastId;
    if (typeof callback !== 'function') throw new GoError(`${kind}'s callback isn't a callable function`);
    // Node fires a longer timer at once (TimeoutOverflowWarning); k6 would wait, so wait 24.8 days.
    const ms = Math.min(MAX_DELAY_MS, Math.max(0, Number(delay) || 0));
    const fire = (): void => {
      if (kind === 'setTimeout') this.pending.delete(id);
      this.run(() => (callback as (...a: unknown[]) => unknown)(...args));
    };
    const handle = kind === 'setTimeout' ? nodeSetTimeout(fire, ms) : nodeSetInterval(fire, ms);
    this.pending.set(id, { kind, handle });
    return id;
  }

  private clear(id: unknown): void {
    const key = typeof id === 'number' ? id : Number(id);
    const t = this.pending.get(key);
    if (!t) return;
    nodeClearTimeout(t.handle);
    this.pending.delete(key);
    this.notify();
  }

  private run(call: () => unknown): void {
    try {
      const r = call();
      if (r && typeof (r as { then?: unknown }).then === 'function') {
        // A callback the rewrite made async (it makes blocking calls): in k6 it would have run
        // to its end before the loop went on, so the iteration waits for it too.
        this.running++;
        const epoch = this.epoch;
        (r as Promise<unknown>).then(
          () => this.done(epoch),
          (error: unknown) => this.done(epoch, error),
        );
        return;
      }
    } catch (error) {
      this.failure ??= { error };
    }
    this.notify();
  }

  private done(epoch: number, error?: unknown): void {
    if (epoch !== this.epoch) return;
    this.running--;
    if (error !== undefined) this.failure ??= { error };
    this.notify();
  }

  private notify(): void {
    if (this.busy && !this.failure) return;
    this.onQuiet?.();
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** The timer globals under --compat v0.49, where k6 has none: using one fails as it does there. */
export function missingTimerGlobal(name: string): () => never {
  return () => {
    throw new ReferenceError(`${name} is not defined`);
  };
}
