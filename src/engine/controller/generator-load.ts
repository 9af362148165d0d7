/**
 * How busy the engine's own threads were over the scenarios' window: event-loop
 * utilization (ELU) read once when the scenarios start and once when they end, so the
 * hot path pays nothing.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { GeneratorLoad } from '../types.js';
import type { VuWorker } from './vu-worker.js';

/** An open measurement window over the main thread and a pool's VU threads. */
export class UtilizationWindow {
  private readonly mainStart = performance.eventLoopUtilization();
  private readonly workerStarts = new Map<VuWorker, EventLoopUtilization>();

  /**
   * @param workers the pool's worker list (read again at close, so threads spawned later count too)
   * @param blockingVus VUs block their thread in sync calls: ELU would count the wait as work, so none is reported
   */
  constructor(
    private readonly workers: readonly VuWorker[],
    private readonly blockingVus: boolean,
  ) {
    for (const w of workers) this.workerStarts.set(w, w.eventLoopUtilization());
  }

  /** Ends the window: the busiest VU thread's and the main thread's ELU since it opened. */
  close(): GeneratorLoad {
    let busiest: number | null = null;
    if (!this.blockingVus) {
      for (const w of this.workers) {
        // A thread spawned inside the window counts from the end of its init, not from its start.
        const u = utilization(w.eventLoopUtilization(this.workerStarts.get(w) ?? w.readyUtilization));
        busiest = Math.max(busiest ?? 0, u);
      }
    }
    return {
      vuThreads: this.workers.length,
      vuThreadBusy: busiest,
      mainThreadBusy: utilization(performance.eventLoopUtilization(this.mainStart)),
    };
  }
}

/** A delta's utilization; 0 for an empty delta (Node gives NaN when no time passed). */
function utilization(delta: EventLoopUtilization): number {
  return Number.isFinite(delta.utilization) ? Math.min(1, Math.max(0, delta.utilization)) : 0;
}
