/**
 * Runs `work` with an AbortSignal that the first Ctrl-C (SIGINT) or SIGTERM aborts, so the
 * runner stops gracefully, stops the target it started and writes what it measured. The
 * signal's `reason` is an `Interrupted` naming the signal (k6 names it in its last line).
 */

/** Why an interrupted run's AbortSignal aborted: the process received `signal`. */
export class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.name = 'Interrupted';
  }
}

export interface InterruptOptions<H> {
  /**
   * Said when the first signal arrives. @default loadgate's line on stderr
   * ("SIGINT: stopping after the current repetition's graceful stop…")
   */
  announce?: (signal: NodeJS.Signals) => void;
  /**
   * A second signal stops waiting for `work`: its value is then what withInterrupt returns
   * (k6's hard stop: a line and exit 105, while teardown() or the summary still runs).
   * Without it, a second Ctrl-C is left to Node's default (the process ends at once).
   */
  hardStop?: (signal: NodeJS.Signals) => H;
}

export async function withInterrupt<T, H = never>(work: (signal: AbortSignal) => Promise<T>, options: InterruptOptions<H> = {}): Promise<T | H> {
  const controller = new AbortController();
  const announce = options.announce ?? ((sig) => process.stderr.write(`\n${sig}: stopping after the current repetition's graceful stop…\n`));
  let stopHard: ((value: H) => void) | undefined;
  const hardStopped = new Promise<H>((resolve) => (stopHard = resolve));
  const onSignal = (sig: NodeJS.Signals): void => {
    if (!controller.signal.aborted) {
      announce(sig);
      controller.abort(new Interrupted(sig));
      if (options.hardStop) return;
    } else if (options.hardStop) stopHard?.(options.hardStop(sig));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = work(controller.signal);
    return options.hardStop ? await Promise.race([running, hardStopped]) : await running;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
