/**
 * A VU as the executors hold it: which VU, where its stop flag lives, whether it is iterating,
 * and the thread that runs it. The controller's VuWorker is that thread; the executors need
 * only these two of its calls.
 */
import type { RunMessage } from '../vu/protocol.js';

export interface VuThread {
  /** Runs the VU's iterations (a loop or one) until they end or it is stopped. */
  run(msg: Omit<RunMessage, 'type' | 'runId'>): Promise<{ completed: number; interrupted: number }>;
  /** Sets the stop flag of a VU slot (STOP_NONE, STOP_GRACEFUL, STOP_HARD). */
  setStop(slot: number, level: number): void;
}

export interface VuRef {
  id: number;
  worker: VuThread;
  slot: number;
  busy: boolean;
}
