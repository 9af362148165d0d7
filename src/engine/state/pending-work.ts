/**
 * What keeps a VU's iteration alive while its script awaits: k6 ends an iteration whose promise
 * is still pending once its event loop has nothing left registered (no request in flight, no
 * sleep, no timer), since nothing could ever settle that promise then. The engine counts the
 * VU's own async work (requests, awaited sleeps, Web Crypto calls) here; vu/vu.ts asks
 * whenIdle() while an iteration's promise is pending.
 */
export class PendingWork {
  private count = 0;
  private waiter: { resolve: () => void; idle: () => boolean } | undefined;
  private scheduled = false;

  begin(): void {
    this.count++;
  }

  end(): void {
    this.count--;
    if (this.count === 0) this.poke();
  }

  /** Something else that kept the VU busy (its timers) may have ended: look again after this turn. */
  poke(): void {
    if (!this.waiter || this.scheduled) return;
    this.scheduled = true;
    // A whole turn later: the microtasks the finished work set off (a continuation making the
    // next request) have run by then.
    setImmediate(() => {
      this.scheduled = false;
      const w = this.waiter;
      if (w && this.count === 0 && w.idle()) {
        this.waiter = undefined;
        w.resolve();
      }
    });
  }

  /** Resolves once nothing is pending here and `idle()` (the timers) agrees, a turn after the last work ended. */
  whenIdle(idle: () => boolean): { promise: Promise<void>; cancel: () => void } {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.waiter = { resolve, idle };
    this.poke();
    return {
      promise,
      cancel: () => {
        if (this.waiter?.resolve === resolve) this.waiter = undefined;
      },
    };
  }

  /** Counts `p` as pending work until it settles. */
  track<T>(p: Promise<T>): Promise<T> {
    this.begin();
    return p.finally(() => this.end());
  }
}
