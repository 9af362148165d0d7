/**
 * The controller's handle on one VU worker thread: spawning and init, request/
 * response helpers over postMessage, stop flags in shared memory, and the I/O
 * side of blocking (sync) HTTP calls made by the worker's VUs.
 */
import { Worker, MessageChannel, type MessagePort } from 'node:worker_threads';
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { WireRequest, WireResponse } from '../http/wire.js';
import { DEFAULT_K6_COMPAT, type K6Compat } from '../k6-compat.js';
import type { NetworkPolicy } from '../options/network-options.js';
import type { TlsPolicy } from '../options/tls-options.js';
import type { BatchLimits } from '../http/batch-limit.js';
import type { BlockingIo } from './blocking-io.js';
import { IO_READY_PORT, IO_READY_SHARED, ReplyWriter } from '../vu/io-reply-codec.js';
import { IO_BUFFER_BYTES, RequestReader, splitIoBuffer } from '../vu/io-request-codec.js';
import { newWorkerThread, takePrestartedThread, workerEntryFile, type SpareThread } from './worker-bundle.js';

export { SpareThread } from './worker-bundle.js';
import type { WakeFifo } from './wake-fifo.js';
import type { CompiledScript } from '../script/compiled-script.js';
import { SAMPLE_STRIDE, type SampleBatch } from '../metrics/metric-types.js';
import { CTRL_IO_FLAG, CTRL_SAMPLES_PENDING, CTRL_VU_BASE, IO_SHARED_REQUEST, type CallMessage, type RunMessage, type WorkerMessage } from '../vu/protocol.js';
import type { VuRuntimeOptions } from '../state/runtime-info.js';
import type { VuRef } from '../executors/vu-ref.js';
import type { K6LogEntry } from '../output/k6-log.js';

/** How long a flush waits for a busy worker. */
const FLUSH_TIMEOUT_MS = 2000;
/** Stop-flag slots per worker; bounds how many VUs one worker can host. */
const MAX_VUS_PER_WORKER = 4096;

export interface WorkerEvents {
  /** A batch of samples; a returned promise holds the worker's next batches back until it settles (an output catching up). */
  samples(batch: SampleBatch): void | Promise<void>;
  /** `entry`: how k6 logs it, when it is more than `text` at `level` (script exceptions). */
  log(level: 'log' | 'info' | 'warn' | 'error' | 'debug', text: string, isScriptError: boolean, entry?: K6LogEntry): void;
  /** exec.test.abort(reason) was called; `location` is where, as k6 names it. */
  abort(reason: string, location?: string): void;
  /** exec.test.fail(reason) was called. */
  markFailed(reason: string): void;
  /** The worker died unexpectedly (not via terminate()). */
  crashed(error: Error): void;
}

export interface SpawnOptions {
  script: CompiledScript;
  env: Record<string, string>;
  vuIds: number[];
  runtime: VuRuntimeOptions;
  lifecycle: boolean;
  counters: SharedArrayBuffer;
  /**
   * The script's calls block their thread (thread plan: syncCalls 'blocking'): the thread is
   * woken through a pipe (wake-fifo.ts). Otherwise its calls are awaited and nothing waits
   * on the pipe, so no mkfifo runs (the rare blocking call left falls back to Atomics).
   */
  blockingCalls: boolean;
}

export class VuWorker {
  readonly ctrl = new Int32Array(new SharedArrayBuffer(4 * (CTRL_VU_BASE + MAX_VUS_PER_WORKER)));
  readonly vus: VuRef[] = [];
  /** Request and reply areas for blocking requests, shared with the worker. */
  readonly ioBuffer = new SharedArrayBuffer(IO_BUFFER_BYTES);
  private readonly replies: ReplyWriter;
  private readonly requests: RequestReader;
  exportNames: string[] = [];
  optionsJson: string | undefined;
  /** The thread's event-loop utilization once its init context had run: the start of its share of a window opened before it existed. */
  readyUtilization: EventLoopUtilization = { idle: 0, active: 0, utilization: 0 };
  /** Performs the blocking calls' requests: made at the first such call, with the thread's options then. */
  private io: BlockingIo | undefined;
  /** Its code: loaded at spawn for a script whose calls block, else with the first such call. */
  private ioModule: Promise<typeof import('./blocking-io.js')> | undefined;
  /** options.batch / batchPerHost, bounding each http.batch call's requests in flight. */
  private batchLimits: BatchLimits;
  private readonly ioReplyPort: MessagePort;
  private readonly waiters = new Map<string, (m: WorkerMessage) => void>();
  private nextId = 1;
  private terminated = false;

  private constructor(
    private readonly worker: Worker,
    ioReplyPort: MessagePort,
    private readonly events: WorkerEvents,
    batchLimits: BatchLimits,
    private network: NetworkPolicy,
    private tls: TlsPolicy | undefined,
    /** How a blocked VU is woken: a named pipe where there is one, else Atomics.notify. */
    private readonly wakeFifo: WakeFifo | undefined,
    private readonly compat: K6Compat,
  ) {
    this.ioReplyPort = ioReplyPort;
    const areas = splitIoBuffer(this.ioBuffer);
    this.replies = new ReplyWriter(areas.reply);
    this.requests = new RequestReader(areas.request);
    this.batchLimits = batchLimits;
    worker.on('message', (m: WorkerMessage | typeof IO_SHARED_REQUEST) => this.onMessage(m));
    worker.on('error', (err) => {
      if (!this.terminated) events.crashed(err);
      this.failWaiters(err);
    });
    worker.on('exit', (code) => {
      this.wakeFifo?.close();
      if (!this.terminated) {
        const err = new Error(`VU worker exited unexpectedly (code ${code})`);
        events.crashed(err);
        this.failWaiters(err);
      }
    });
  }

  /** Starts a worker and runs the init context of its VUs; rejects with the script error text. */
  static async spawn(opts: SpawnOptions, events: WorkerEvents, spare?: SpareThread): Promise<VuWorker> {
    const worker = spare?.take() ?? (await takePrestartedThread()) ?? newWorkerThread(await workerEntryFile());
    // The thread boots while mkfifo runs.
    const wakeFifo = opts.blockingCalls ? await (await import('./wake-fifo.js')).WakeFifo.create() : undefined;
    const channel = new MessageChannel();
    const handle = new VuWorker(worker, channel.port1, events, opts.runtime.http, opts.runtime.http.network, opts.runtime.http.tls, wakeFifo, opts.runtime.compat ?? DEFAULT_K6_COMPAT);
    // Its VUs will block: load their I/O side's code while the thread boots (a failure shows at the first call).
    if (opts.blockingCalls) {
      handle.ioModule = import('./blocking-io.js');
      handle.ioModule.catch(() => undefined);
    }
    const ready = handle.waitFor('init');
    worker.postMessage(
      { type: 'init', workerIndex: 0, script: opts.script, env: opts.env, vuIds: opts.vuIds, ctrl: handle.ctrl.buffer, counters: opts.counters, ioPort: channel.port2, ioBuffer: handle.ioBuffer, wakePath: handle.wakeFifo?.path, runtime: opts.runtime, lifecycle: opts.lifecycle },
      [channel.port2],
    );
    const reply = await ready;
    handle.wakeFifo?.unlink();
    if (reply.type === 'initError') {
      await handle.terminate();
      throw new ScriptInitError(reply.message, reply.entry, reply.abort);
    }
    if (reply.type === 'ready') {
      handle.exportNames = reply.exportNames;
      handle.optionsJson = reply.optionsJson;
    }
    handle.track(opts.vuIds);
    handle.readyUtilization = handle.eventLoopUtilization();
    return handle;
  }

  /** The thread's event-loop utilization since it started, or since `since` (a reading of this same thread). */
  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization {
    return since ? this.worker.performance.eventLoopUtilization(since) : this.worker.performance.eventLoopUtilization();
  }

  /**
   * The run's resolved options from now on, for the VUs this thread initializes next and the
   * blocking calls it serves: the lifecycle VU's thread is started before the script's options
   * are known (it reads them).
   */
  useRuntime(runtime: VuRuntimeOptions): void {
    this.batchLimits = runtime.http;
    this.network = runtime.http.network;
    this.tls = runtime.http.tls;
    // Nothing blocks before the options are read: the next blocking call makes its I/O side with these.
    this.io?.close();
    this.io = undefined;
    this.worker.postMessage({ type: 'useRuntime', runtime });
  }

  /** Initializes more VUs in this worker. */
  async addVus(ids: number[]): Promise<VuRef[]> {
    const done = this.waitFor('init');
    this.worker.postMessage({ type: 'addVus', vuIds: ids });
    const reply = await done;
    if (reply.type === 'initError') throw new ScriptInitError(reply.message, reply.entry, reply.abort);
    return this.track(ids);
  }

  private track(ids: number[]): VuRef[] {
    const refs = ids.map((id) => ({ id, worker: this, slot: CTRL_VU_BASE + this.vus.length + ids.indexOf(id), busy: false }));
    this.vus.push(...refs);
    return refs;
  }

  /** Runs iterations on one VU until it stops; resolves with its counts. */
  run(msg: Omit<RunMessage, 'type' | 'runId'>): Promise<{ completed: number; interrupted: number }> {
    const runId = this.nextId++;
    const done = this.waitFor(`run:${runId}`);
    this.worker.postMessage({ type: 'run', runId, ...msg } satisfies RunMessage);
    return done.then((m) => (m.type === 'runDone' ? { completed: m.completed, interrupted: m.interrupted } : { completed: 0, interrupted: 1 }));
  }

  call(vuId: number, fn: CallMessage['fn'], argJson: string | undefined, runtime?: VuRuntimeOptions, freshVu = false): Promise<CallResult> {
    const callId = this.nextId++;
    const done = this.waitFor(`call:${callId}`);
    this.worker.postMessage({ type: 'call', callId, vuId, fn, argJson, runtime, freshVu } satisfies CallMessage);
    return done.then((m) => (m.type === 'callDone' ? { resultJson: m.resultJson, error: m.error, entry: m.entry, aborted: m.aborted } : { error: 'worker failed' }));
  }

  /**
   * Asks the worker to send its buffered samples; resolves once they arrived, or after
   * `timeoutMs` (a VU still blocked in a hung request cannot answer; its samples are lost).
   */
  flush(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
    if (this.terminated) return Promise.resolve();
    const flushId = this.nextId++;
    const done = this.waitFor(`flush:${flushId}`);
    this.worker.postMessage({ type: 'flush', flushId });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    return Promise.race([done.then(() => undefined), timeout]).finally(() => clearTimeout(timer));
  }

  /** Sets a VU's stop flag (see protocol STOP_*) and wakes it if it sleeps. */
  setStop(slot: number, level: number): void {
    Atomics.store(this.ctrl, slot, level);
    Atomics.notify(this.ctrl, slot);
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    this.io?.close();
    this.ioReplyPort.close();
    this.failWaiters(new Error('terminated'));
    const exited = this.worker.terminate();
    // After the stop request: a VU blocked reading the pipe wakes to be terminated.
    this.wakeFifo?.close();
    await exited;
  }

  private waitFor(key: string): Promise<WorkerMessage> {
    return new Promise((resolve) => this.waiters.set(key, resolve));
  }

  private settle(key: string, m: WorkerMessage): void {
    const w = this.waiters.get(key);
    if (w) {
      this.waiters.delete(key);
      w(m);
    }
  }

  private failWaiters(err: Error): void {
    const message = err.message;
    for (const [key, w] of this.waiters) {
      if (key === 'init') w({ type: 'initError', message });
      else w({ type: 'log', level: 'error', text: message });
    }
    this.waiters.clear();
  }

  private onMessage(m: WorkerMessage | typeof IO_SHARED_REQUEST): void {
    if (m === IO_SHARED_REQUEST) return void this.serveIo([this.requests.read()]);
    switch (m.type) {
      case 'samples': {
        const count = m.batch.samples.length / SAMPLE_STRIDE;
        const held = this.events.samples(m.batch);
        if (held) void held.then(() => this.samplesTaken(count));
        else this.samplesTaken(count);
        return;
      }
      case 'io':
        return void this.serveIo(m.requests);
      case 'log':
        return this.events.log(m.level, m.text, m.isScriptError === true, m.entry);
      case 'abort':
        return this.events.abort(m.reason, m.location);
      case 'markFailed':
        return this.events.markFailed(m.reason);
      case 'ready':
      case 'initError':
      case 'vusAdded':
        return this.settle('init', m);
      case 'runDone':
        return this.settle(`run:${m.runId}`, m);
      case 'callDone':
        return this.settle(`call:${m.callId}`, m);
      case 'flushed':
        return this.settle(`flush:${m.flushId}`, m);
    }
  }

  /** `count` pending samples fewer (protocol CTRL_SAMPLES_PENDING): a worker waiting for room goes on. */
  private samplesTaken(count: number): void {
    Atomics.sub(this.ctrl, CTRL_SAMPLES_PENDING, count);
    Atomics.notify(this.ctrl, CTRL_SAMPLES_PENDING);
  }

  /** The blocking calls' I/O side, made with the thread's options as they are when it is first needed. */
  private async blockingIo(): Promise<BlockingIo> {
    const { BlockingIo } = await (this.ioModule ??= import('./blocking-io.js'));
    if (this.io) return this.io;
    const io = new BlockingIo(this.compat, this.batchLimits, this.network, this.tls);
    // Terminated while it loaded: nothing would close its connections.
    if (this.terminated) io.close();
    return (this.io = io);
  }

  /** The I/O side of a blocking call: perform, reply on the port, then wake the worker. */
  private async serveIo(requests: WireRequest[]): Promise<void> {
    const io = this.io ?? (await this.blockingIo());
    const responses = await io.perform(requests);
    if (this.terminated) return;
    let ready = IO_READY_SHARED;
    if (responses.length !== 1 || !this.replies.write(responses[0] as WireResponse)) {
      this.ioReplyPort.postMessage({ responses });
      ready = IO_READY_PORT;
    }
    Atomics.store(this.ctrl, CTRL_IO_FLAG, ready);
    wakeLater(this.wakeFifo ?? this.ctrl);
  }
}

/**
 * Blocked VUs whose replies are ready, woken together once this turn of the event loop
 * has handled every response that arrived: waking a thread as each reply is written
 * lets it preempt the main thread (on few cores) before the other replies are out.
 */
const toWake: Array<Int32Array | WakeFifo> = [];

function wakeLater(target: Int32Array | WakeFifo): void {
  if (toWake.push(target) === 1) setImmediate(wakeAll);
}

function wakeAll(): void {
  for (let i = 0; i < toWake.length; i++) {
    const t = toWake[i] as Int32Array | WakeFifo;
    if (t instanceof Int32Array) Atomics.notify(t, CTRL_IO_FLAG);
    else t.wake();
  }
  toWake.length = 0;
}

/** What setup(), teardown() or handleSummary() returned or threw. */
export interface CallResult {
  resultJson?: string;
  /** One line for the run's error list. */
  error?: string;
  /** The exception as k6 logs it. */
  entry?: K6LogEntry;
  /** The function called exec.test.abort(). */
  aborted?: boolean;
  /** It outlived its timeout (setupTimeout, teardownTimeout). */
  timedOut?: boolean;
}

/** The script threw in the init context (or failed to load in a worker). */
export class ScriptInitError extends Error {
  constructor(
    message: string,
    /** The exception as k6 logs it. */
    readonly entry?: K6LogEntry,
    /** exec.test.abort() was called in the init context. */
    readonly abort?: { reason: string; location?: string },
  ) {
    super(message);
    this.name = 'ScriptInitError';
  }
}
