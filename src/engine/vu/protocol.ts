/**
 * Messages between the controller (main thread) and VU workers. Structured-clone
 * friendly; sample batches carry a transferable Float64Array.
 */
import type { MessagePort } from 'node:worker_threads';
import type { CompiledScript } from '../script/compiled-script.js';
import type { SampleBatch } from '../metrics/metric-types.js';
import type { WireRequest, WireResponse } from '../http/wire.js';
import type { Stripes } from '../segments/stripes.js';
import type { HttpRuntimeOptions } from '../options/http-options.js';
import type { K6Compat } from '../k6-compat.js';
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

/**
 * The shared counters buffer (Int32): instance-wide numbers for k6/execution and the
 * progress line, then COUNTERS_PER_SCENARIO counters per scenario. VU workers add to the
 * iteration counters as iterations end, so readers never lag; the controller publishes
 * the VU numbers and adds the iterations it abandons.
 */
export const INSTANCE_VUS_ACTIVE = 0;
export const INSTANCE_VUS_INITIALIZED = 1;
export const INSTANCE_ITERATIONS_COMPLETED = 2;
export const INSTANCE_ITERATIONS_INTERRUPTED = 3;
export const SCENARIO_COUNTERS_BASE = 4;
/** Per scenario: iterations claimed (shared-iterations), started, completed, interrupted. */
export const SCENARIO_CLAIMED = 0;
export const SCENARIO_STARTED = 1;
export const SCENARIO_COMPLETED = 2;
export const SCENARIO_INTERRUPTED = 3;
export const COUNTERS_PER_SCENARIO = 4;
export const MAX_SCENARIOS = 256;
export const COUNTERS_BYTES = 4 * (SCENARIO_COUNTERS_BASE + COUNTERS_PER_SCENARIO * MAX_SCENARIOS);

/** Slot of counter `which` (SCENARIO_*) of scenario `index`. */
export function scenarioCounter(index: number, which: number): number {
  return SCENARIO_COUNTERS_BASE + index * COUNTERS_PER_SCENARIO + which;
}

export interface VuRuntimeOptions {
  userAgent: string;
  discardResponseBodies: boolean;
  insecureSkipTLSVerify: boolean;
  /** options.tags: added to every sample. */
  tags: Record<string, string>;
  /** options.throw: failed requests throw instead of returning status 0. */
  throwOnRequestError: boolean;
  /** maxRedirects, batch, batchPerHost, noCookiesReset. */
  http: HttpRuntimeOptions;
  /** Epoch ms the test run started (exec.instance.currentTestRunDuration). */
  testStartMs: number;
  /** options.minIterationDuration in ms: a shorter iteration is followed by a pause (0: none). */
  minIterationDurationMs: number;
  /** exec.test.options: k6's consolidated options (unset until the options are resolved, e.g. in setup's VU). */
  testOptions?: Record<string, unknown>;
  /** Segmented run: the instance's stripes, mapping a local VU id to exec.vu.idInTest. */
  vuIdStripes?: Stripes;
  /** The k6 generation whose messages and exec.test.options the VUs follow. @default 'v2' */
  compat?: K6Compat;
}

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

export interface ScenarioRuntimeInfo {
  name: string;
  index: number;
  executor: string;
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
  startTimeMs: number;
  /** Epoch ms the executor actually started (exec.scenario.startTime); set before any VU runs. */
  startedAtMs?: number;
  /** What exec.scenario.progress measures, as k6's executors define it. */
  progress: ScenarioProgressBasis;
  /** Segmented run: the scenario's iteration stripes, mapping local iteration numbers to exec.scenario.iterationInTest. */
  iterationStripes?: Stripes;
}

/**
 * k6's progress per executor: time-bound ones report elapsed / duration; shared- and
 * per-vu-iterations report finished / total iterations (per-vu: 1 once maxDuration passed).
 */
export type ScenarioProgressBasis = { kind: 'time'; durationMs: number } | { kind: 'iterations'; total: number; maxDurationMs?: number };

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
  | { type: 'io'; vuId: number; requests: WireRequest[] }
  | { type: 'flushed'; flushId: number };

/** The controller's answer to an `io` message, read with receiveMessageOnPort. */
export interface IoReply {
  responses: WireResponse[];
}
