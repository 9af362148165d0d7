/**
 * Messages between the controller (main thread) and VU workers. Structured-clone
 * friendly; sample batches carry a transferable Float64Array.
 */
import type { MessagePort } from 'node:worker_threads';
import type { CompiledScript } from '../script/compiled-script.js';
import type { SampleBatch } from '../metrics/metric-types.js';
import type { WireRequest, WireResponse } from '../http/wire.js';
import type { ScenarioRuntimeInfo, VuRuntimeOptions } from '../state/runtime-info.js';
import type { K6LogEntry } from '../output/k6-log.js';

/** The whole message (not a WorkerMessage) announcing a blocking request in the shared request area (io-request-codec.ts). */
export const IO_SHARED_REQUEST = 0;

/** Slots in a worker's control Int32Array (SharedArrayBuffer). */
export const CTRL_IO_FLAG = 0;
/**
 * Samples the worker posted that the controller has not taken yet (ingested, and written
 * where an output such as --out json asked to wait). The worker waits while more than
 * MAX_PENDING_SAMPLES are pending: a VU thread can make samples faster than the main thread
 * can serialise them, and an unbounded queue starves the main thread's timers, so the
 * scenario's end never comes.
 */
export const CTRL_SAMPLES_PENDING = 1;
/** Stop flag of local VU i lives at CTRL_VU_BASE + i. */
export const CTRL_VU_BASE = 2;
/**
 * How many samples a worker may have in flight: two of its largest batches. The main thread
 * handles at most this many (per worker) before its timers run again: ~0.2 s when every
 * sample becomes a JSON line, a few ms when it only goes into the metrics.
 */
export const MAX_PENDING_SAMPLES = 65_536;
export const STOP_NONE = 0;
/** Finish the running iteration, start no new one. */
export const STOP_GRACEFUL = 1;
/** Interrupt now (sleep returns early and the iteration is abandoned). */
export const STOP_HARD = 2;

export interface InitMessage {
  type: 'init';
  workerIndex: number;
  script: CompiledScript;
  env: Record<string, string>;
  vuIds: number[];
  ctrl: SharedArrayBuffer;
  counters: SharedArrayBuffer;
  ioPort: MessagePort;
  /** Shared request and reply areas for blocking requests (see io-request-codec.ts, io-reply-codec.ts). */
  ioBuffer: SharedArrayBuffer;
  /** Named pipe a blocked VU reads its wake-up byte from (controller/wake-fifo.ts); absent: Atomics.wait on CTRL_IO_FLAG. */
  wakePath?: string;
  runtime: VuRuntimeOptions;
  /** The lifecycle VU also reports the script's `options` export. */
  lifecycle: boolean;
}

export interface RunMessage {
  type: 'run';
  vuId: number;
  runId: number;
  scenario: ScenarioRuntimeInfo;
  /** loop: iterate until stopped or a limit; once: one iteration (arrival-rate). */
  mode: 'loop' | 'once';
  /** per-vu-iterations: iterations for this VU. */
  maxIterations?: number;
  /** shared-iterations: total across all VUs, claimed from the shared counter. */
  sharedIterations?: number;
  setupDataJson: string | undefined;
}

export interface CallMessage {
  type: 'call';
  callId: number;
  vuId: number;
  fn: 'setup' | 'teardown' | 'handleSummary';
  argJson: string | undefined;
  /**
   * The resolved options (User-Agent, redirects, batch limits, tags…): the lifecycle VU is
   * spawned before the script's options are known, and setup/teardown must run with them.
   */
  runtime?: VuRuntimeOptions;
  /**
   * Run it on a new VU with this id, its init context evaluated again, as k6 does: setup(),
   * teardown() and the summary each get a VU of their own (the one that read the options is
   * not reused), so init code runs that many more times and globals do not carry over.
   */
  freshVu?: boolean;
}

export type ControllerMessage =
  | InitMessage
  | RunMessage
  | CallMessage
  | { type: 'addVus'; vuIds: number[] }
  /** The run's resolved options, for the VUs added after it (the lifecycle VU's thread, adopted by the VU pool). */
  | { type: 'useRuntime'; runtime: VuRuntimeOptions }
  | { type: 'flush'; flushId: number };

export type WorkerMessage =
  | { type: 'ready'; exportNames: string[]; optionsJson?: string }
  /** `entry`: the error as k6 logs it; `abort`: test.abort() was called, with k6's text for it. */
  | { type: 'initError'; message: string; entry?: K6LogEntry; abort?: { reason: string; location?: string } }
  | { type: 'vusAdded'; vuIds: number[] }
  | { type: 'samples'; batch: SampleBatch }
  | { type: 'runDone'; vuId: number; runId: number; completed: number; interrupted: number }
  /** `aborted`: the function called exec.test.abort(). */
  | { type: 'callDone'; callId: number; resultJson?: string; error?: string; entry?: K6LogEntry; aborted?: boolean }
  /** `text`: one line for the run's error list; `entry`: how k6 logs it, when not `text` at `level`. */
  | { type: 'log'; level: 'log' | 'info' | 'warn' | 'error' | 'debug'; text: string; isScriptError?: boolean; entry?: K6LogEntry }
  /** `location`: where exec.test.abort() was called (`default (file:///…:7:20)`), k6 appends it to the message. */
  | { type: 'abort'; reason: string; location?: string }
  | { type: 'markFailed'; reason: string }
  | { type: 'io'; vuId: number; requests: WireRequest[] }
  | { type: 'flushed'; flushId: number };

/** The controller's answer to an `io` message, read with receiveMessageOnPort. */
export interface IoReply {
  responses: WireResponse[];
}
