/**
 * Entry of a VU worker thread. Bundled at run time (see controller/worker-bundle.ts),
 * so it must only import relative modules and node builtins.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { openSync, readSync } from 'node:fs';
import { SampleBuffer } from '../state/sample-buffer.js';
import { SAMPLE_STRIDE } from '../metrics/metric-types.js';
import { IO_READY_SHARED, ReplyReader } from './io-reply-codec.js';
import { RequestWriter, splitIoBuffer } from './io-request-codec.js';
import { Vu, type VuHost } from './vu.js';
import { SourcePositionMapper } from '../script/source-position.js';
import { K6ErrorReport } from './k6-error-report.js';
import { CONSOLE_LEVELS } from '../output/k6-log.js';
import { formatConsoleArgs } from './k6-console-format.js';
import type { K6Compat } from '../k6-compat.js';
import { captureCallSites } from './thrown-values.js';
import { installGoJsonParse } from './go-json-parse.js';
import { TestAbort } from '../modules/execution.js';
import { CTRL_IO_FLAG, CTRL_SAMPLES_PENDING, CTRL_VU_BASE, MAX_PENDING_SAMPLES, IO_SHARED_REQUEST, STOP_HARD, STOP_NONE, type CallMessage, type ControllerMessage, type InitMessage, type IoReply, type RunMessage, type WorkerMessage } from './protocol.js';
import { INSTANCE_ITERATIONS_COMPLETED, INSTANCE_ITERATIONS_INTERRUPTED, SCENARIO_CLAIMED, SCENARIO_COMPLETED, SCENARIO_INTERRUPTED, SCENARIO_STARTED, scenarioCounter } from '../state/shared-counters.js';
import type { BlockingBridge } from '../state/vu-state.js';
import type { WireRequest, WireResponse } from '../http/wire.js';

const port = parentPort as NonNullable<typeof parentPort>;
const post = (m: WorkerMessage, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

/** Flush buffered samples at least this often while iterations run. */
const FLUSH_INTERVAL_MS = 200;

let host: VuHost;
let ctrl: Int32Array;
let counters: Int32Array;
let mapper: SourcePositionMapper;
let report: K6ErrorReport;
/** The scenario an iteration last started in: k6 names it for a promise rejected unhandled. */
let lastScenario: { name: string; executor: string } | undefined;
const vus = new Map<number, Vu>();

function makeBridge(ioPort: MessagePort, ioBuffer: SharedArrayBuffer, wakePath: string | undefined): BlockingBridge {
  const wait = wakePath === undefined ? () => Atomics.wait(ctrl, CTRL_IO_FLAG, 0) : pipeWaiter(openSync(wakePath, 'r'));
  const areas = splitIoBuffer(ioBuffer);
  const replies = new ReplyReader(areas.reply);
  const requests = new RequestWriter(areas.request);
  return {
    requests(reqs: WireRequest[]): WireResponse[] {
      Atomics.store(ctrl, CTRL_IO_FLAG, 0);
      // A lone request goes in the shared buffer, announced by a bare number.
      if (reqs.length === 1 && requests.write(reqs[0] as WireRequest)) port.postMessage(IO_SHARED_REQUEST);
      else post({ type: 'io', vuId: -1, requests: reqs });
      host.samples.flushIfOlder(FLUSH_INTERVAL_MS);
      for (;;) {
        wait();
        if (Atomics.load(ctrl, CTRL_IO_FLAG) === IO_READY_SHARED) return [replies.read()];
        const msg = receiveMessageOnPort(ioPort);
        if (msg) return (msg.message as IoReply).responses;
      }
    },
    sleep(ms: number, stopSlot: number): boolean {
      const waits = sleepWaits(ms, stopSlot);
      for (let step = waits.next(); ; step = waits.next()) {
        if (step.done) return step.value;
        Atomics.wait(ctrl, stopSlot, step.value.flag, step.value.ms);
      }
    },
    async sleepAsync(ms: number, stopSlot: number): Promise<boolean> {
      const waits = sleepWaits(ms, stopSlot);
      for (let step = waits.next(); ; step = waits.next()) {
        if (step.done) return step.value;
        await waitAsync(ctrl, stopSlot, step.value.flag, step.value.ms).value;
      }
    },
    stopFlag: (slot) => Atomics.load(ctrl, slot),
  };
}

/**
 * A sleep's waits on the VU's stop slot, shared by the blocking and the awaited sleep: yields
 * the flag to wait on and for how long; returns true when a hard stop cut the sleep short.
 */
function* sleepWaits(ms: number, stopSlot: number): Generator<{ flag: number; ms: number }, boolean> {
  const deadline = performance.now() + ms;
  host.samples.flushIfOlder(FLUSH_INTERVAL_MS);
  for (;;) {
    const flag = Atomics.load(ctrl, stopSlot);
    if (flag === STOP_HARD) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    yield { flag, ms: left };
  }
}

/** Blocks until the controller writes a wake-up byte (see controller/wake-fifo.ts). */
function pipeWaiter(fd: number): () => void {
  const byte = Buffer.alloc(1);
  return () => {
    for (;;) {
      try {
        if (readSync(fd, byte, 0, 1, null) === 1) return;
        // 0: the controller closed its end (run over, or it is gone).
        throw new Error('the engine stopped serving this VU\'s requests');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EINTR') throw err;
      }
    }
  };
}

function makeConsole(compat: K6Compat): VuHost['console'] {
  const send = (level: 'log' | 'info' | 'warn' | 'error' | 'debug') => (...args: unknown[]) => {
    const text = formatConsoleArgs(args, compat);
    post({ type: 'log', level, text, entry: { level: CONSOLE_LEVELS[level], msg: text, fields: { source: 'console' } } });
  };
  return { log: send('log'), info: send('info'), warn: send('warn'), error: send('error'), debug: send('debug') };
}

/** An exception in the init context: test.abort() there ends the test (exit 108), anything else is a script error. */
function initFailure(err: unknown): WorkerMessage {
  if (err instanceof TestAbort) return { type: 'initError', message: mapper.describe(err), abort: { reason: err.reason, location: report.abortLocation(err) } };
  return { type: 'initError', message: mapper.describe(err), entry: report.lifecycleError(err) };
}

async function addVus(ids: number[]): Promise<void> {
  for (const id of ids) {
    const vu = new Vu(host, id, CTRL_VU_BASE + vus.size);
    vus.set(id, vu);
    vu.init();
    await vu.settleInit();
  }
}

/**
 * Backpressure (protocol CTRL_SAMPLES_PENDING): the whole thread waits, as k6's VUs wait on a
 * full sample channel. A batch always goes when nothing is pending. In slices, so a
 * terminate() between them is never held up.
 */
function waitForRoomForSamples(count: number): void {
  for (let pending = Atomics.load(ctrl, CTRL_SAMPLES_PENDING); pending > 0 && pending + count > MAX_PENDING_SAMPLES; pending = Atomics.load(ctrl, CTRL_SAMPLES_PENDING)) {
    Atomics.wait(ctrl, CTRL_SAMPLES_PENDING, pending, 100);
  }
}

async function init(msg: InitMessage): Promise<void> {
  ctrl = new Int32Array(msg.ctrl);
  counters = new Int32Array(msg.counters);
  mapper = new SourcePositionMapper(msg.script.filename, msg.script.sourceMap);
  captureCallSites();
  installGoJsonParse();
  report = new K6ErrorReport(msg.script, mapper, msg.runtime.compat ?? 'v2');
  const samples = new SampleBuffer((batch) => {
    const count = batch.samples.length / SAMPLE_STRIDE;
    waitForRoomForSamples(count);
    Atomics.add(ctrl, CTRL_SAMPLES_PENDING, count);
    post({ type: 'samples', batch }, [batch.samples.buffer as ArrayBuffer]);
  });
  host = {
    script: msg.script,
    env: msg.env,
    runtime: msg.runtime,
    samples,
    bridge: makeBridge(msg.ioPort, msg.ioBuffer, msg.wakePath),
    console: makeConsole(msg.runtime.compat ?? 'v2'),
    warn: (text) => post({ type: 'log', level: 'warn', text }),
    log: (entry) => post({ type: 'log', level: 'info', text: entry.msg, entry }),
    nextIterationInTest: (i) => Atomics.add(counters, scenarioCounter(i, SCENARIO_STARTED), 1),
    readCounter: (slot) => Atomics.load(counters, slot),
    markTestFailed: (reason) => post({ type: 'markFailed', reason }),
  };
  try {
    await addVus(msg.vuIds);
  } catch (err) {
    samples.flush();
    return post(initFailure(err));
  }
  samples.flush();
  const first = vus.values().next().value as Vu | undefined;
  const options = msg.lifecycle && first ? first.exports.options : undefined;
  let optionsJson: string | undefined;
  try {
    optionsJson = options === undefined ? undefined : JSON.stringify(options);
  } catch (err) {
    return post({ type: 'initError', message: `the exported options cannot be serialized: ${(err as Error).message}` });
  }
  post({ type: 'ready', exportNames: first ? first.exportNames() : [], optionsJson });
}

async function run(msg: RunMessage): Promise<void> {
  const vu = vus.get(msg.vuId) as Vu;
  vu.enterScenario(msg.scenario);
  vu.useSetupData(msg.setupDataJson);
  let completed = 0;
  let interrupted = 0;
  const index = msg.scenario.index;
  lastScenario = msg.scenario;
  const claimSlot = scenarioCounter(index, SCENARIO_CLAIMED);
  for (let n = 0; ; n++) {
    if (msg.mode === 'once' ? n >= 1 : Atomics.load(ctrl, vu.state.stopSlot) !== STOP_NONE) break;
    if (msg.maxIterations !== undefined && n >= msg.maxIterations) break;
    if (msg.sharedIterations !== undefined && Atomics.add(counters, claimSlot, 1) >= msg.sharedIterations) break;
    const started = performance.now();
    const outcome = await vu.iterate();
    // k6 counts an iteration that threw as complete (it emits `iterations`); only cut-short ones are interrupted.
    if (outcome.kind === 'ok' || outcome.kind === 'error') {
      completed++;
      Atomics.add(counters, scenarioCounter(index, SCENARIO_COMPLETED), 1);
      Atomics.add(counters, INSTANCE_ITERATIONS_COMPLETED, 1);
    } else {
      interrupted++;
      Atomics.add(counters, scenarioCounter(index, SCENARIO_INTERRUPTED), 1);
      Atomics.add(counters, INSTANCE_ITERATIONS_INTERRUPTED, 1);
    }
    if (outcome.kind === 'error') {
      const entry = report.iterationError(outcome.error, outcome.inPromise, msg.scenario);
      post({ type: 'log', level: 'error', text: mapper.describe(outcome.error), isScriptError: true, entry });
    }
    if (outcome.kind === 'abort') {
      host.samples.flush();
      post({ type: 'abort', reason: outcome.reason, location: report.abortLocation(outcome.error) });
      break;
    }
    host.samples.flushIfOlder(FLUSH_INTERVAL_MS);
    if (outcome.kind === 'ok' || outcome.kind === 'error') await minIterationPause(vu.state.stopSlot, started);
  }
  host.samples.flush();
  post({ type: 'runDone', vuId: msg.vuId, runId: msg.runId, completed, interrupted });
}

/** Atomics.waitAsync (Node >= 16); the ES2022 lib this project compiles against does not declare it. */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { value: string | Promise<string> } }).waitAsync;

/**
 * options.minIterationDuration: after a shorter full iteration the VU waits out the rest
 * (not part of iteration_duration), as k6 does; a hard stop ends the wait. Waiting
 * asynchronously keeps the other VUs of a shared thread running.
 */
async function minIterationPause(stopSlot: number, startedAt: number): Promise<void> {
  const min = host.runtime.minIterationDurationMs;
  if (!(min > 0)) return;
  for (;;) {
    const left = min - (performance.now() - startedAt);
    const flag = Atomics.load(ctrl, stopSlot);
    if (left <= 0 || flag === STOP_HARD) return;
    await waitAsync(ctrl, stopSlot, flag, left).value;
  }
}

async function call(msg: CallMessage): Promise<void> {
  let vu = vus.get(msg.vuId) as Vu;
  if (msg.runtime) host.runtime = msg.runtime;
  try {
    if (msg.freshVu) {
      vu = new Vu(host, msg.vuId, vu.state.stopSlot);
      vus.set(msg.vuId, vu);
      vu.init();
      await vu.settleInit();
    }
    if (msg.runtime) vu.useRuntime(msg.runtime);
    const arg = msg.argJson === undefined ? undefined : JSON.parse(msg.argJson);
    const { defined, result } = await vu.call(msg.fn, arg);
    host.samples.flush();
    const resultJson = defined && result !== undefined ? JSON.stringify(result) : undefined;
    post({ type: 'callDone', callId: msg.callId, resultJson });
  } catch (err) {
    host.samples.flush();
    // k6 names no place for an abort in setup() or teardown().
    if (err instanceof TestAbort) {
      post({ type: 'abort', reason: err.reason });
      return post({ type: 'callDone', callId: msg.callId, error: mapper.describe(err), aborted: true });
    }
    post({ type: 'callDone', callId: msg.callId, error: mapper.describe(err), entry: report.lifecycleError(err) });
  }
}

port.on('message', (msg: ControllerMessage) => {
  switch (msg.type) {
    case 'init':
      return void init(msg);
    case 'addVus':
      return void addVus(msg.vuIds).then(
        () => {
          host.samples.flush();
          post({ type: 'vusAdded', vuIds: msg.vuIds });
        },
        (err: unknown) => post(initFailure(err)),
      );
    case 'useRuntime':
      host.runtime = msg.runtime;
      return;
    case 'run':
      return void run(msg);
    case 'call':
      return void call(msg);
    case 'flush':
      host.samples.flush();
      return post({ type: 'flushed', flushId: msg.flushId });
  }
});


// A promise the script rejected and nobody awaited: k6 logs it and the test goes on.
process.on('unhandledRejection', (reason) => {
  const entry = report.iterationError(reason, true, lastScenario);
  post({ type: 'log', level: 'error', text: `Uncaught (in promise) ${mapper.describe(reason).replace(/^Uncaught \(in promise\) /, '')}`, isScriptError: true, entry });
});
