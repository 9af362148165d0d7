/**
 * One VU: its own instance of the script module (top-level state is per VU, as
 * in k6), its k6 module objects, and the iteration/lifecycle calls.
 */
import vm from 'node:vm';
import { vuSetupData } from './setup-data.js';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { HttpConnectionPool } from '../http/client.js';
import { CookieJar } from '../http/cookie-jar.js';
import { createK6Module, IterationInterrupted } from '../modules/k6.js';
import { createHttpModule, DEFAULT_RESPONSE_CALLBACK } from '../modules/http.js';
import { createMetricsModule } from '../modules/metrics.js';
import { createExecutionModule, TestAbort } from '../modules/execution.js';
import { createDataModule } from '../modules/data.js';
import { createEncodingModule } from '../modules/encoding.js';
import { createCryptoModule } from '../modules/crypto.js';
import { createHtmlModule } from '../modules/html/index.js';
import { createWsModule } from '../modules/ws.js';
import { createWebSocketsModule } from '../modules/websockets.js';
import { missingTimerGlobal, VuTimers, type TimerFunctions } from '../modules/timers.js';
import type { CompiledScript } from '../script/compiled-script.js';
import { tagSetWith, emitBuiltin, type BlockingBridge, type VuState } from '../state/vu-state.js';
import type { SampleBuffer } from '../state/sample-buffer.js';
import { stripedIndex } from '../segments/stripes.js';
import { EACH_HELPER, awaitedEach } from '../script/awaited-each.js';
import type { ScenarioRuntimeInfo, VuRuntimeOptions } from '../state/runtime-info.js';
import { THROWN_HELPER } from '../script/thrown-helper.js';
import { noteThrown } from './thrown-values.js';
import { hiddenNodeGlobals } from './script-globals.js';
import type { K6Compat } from '../k6-compat.js';
import { parseLocalIps, vuLocalAddress, type IpPool } from '../options/local-ips.js';
import { framelessGoError, GoError } from '../modules/go-error.js';
import { retiredModuleMessage, unknownModuleMessage, unknownModulesMessage, unknownToK6 } from '../modules/k6-module-names.js';
import { SharedRateLimiter } from '../state/rate-limiter.js';
import { VuRandom } from '../state/vu-random.js';
import { PendingWork } from '../state/pending-work.js';
import type { K6LogEntry } from '../output/k6-log.js';

/** open() outside the init context, in k6's words (its own function: goja's stack names it, script/k6-stack.ts). */
function openOutsideInit(): never {
  throw new GoError('the "open" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information');
}

/**
 * k6 v2's Web Crypto global, with each promise its `subtle` methods return counted as the VU's
 * pending work (an iteration awaiting a digest is not idle). k6 v0.49 has no `crypto`.
 */
function trackedWebCrypto(work: PendingWork): WebCrypto {
  const c = globalThis.crypto;
  const subtle = new Proxy(c.subtle, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        const r = (v as (...a: unknown[]) => unknown).apply(target, args);
        return r instanceof Promise ? work.track(r) : r;
      };
    },
  });
  return Object.create(c, {
    subtle: { value: subtle, enumerable: true },
    getRandomValues: { value: (a: Parameters<WebCrypto['getRandomValues']>[0]) => c.getRandomValues(a) },
    randomUUID: { value: () => c.randomUUID() },
  }) as WebCrypto;
}

type WebCrypto = typeof globalThis.crypto;

/** require() outside the init context, in k6 v2's words (its own function: goja's stack shows k6's require, script/k6-stack.ts). */
function requireOutsideInit(): never {
  throw new GoError('the "require" function is only available in the init stage (i.e. the global scope), see https://grafana.com/docs/k6/latest/using-k6/test-lifecycle/ for more information');
}

/** require() after the init context under k6 v0.49, which had removed it by then: goja calling undefined. */
function requireRemoved(): never {
  throw new TypeError('Value is not an object: undefined');
}

const TIMER_GLOBALS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const satisfies readonly (keyof TimerFunctions)[];
/**
 * What the script's function is given: k6's globals (the VU's own timers among them, which
 * shadow Node's: modules/timers.ts) and the helpers the script rewrite calls.
 */
const PARAMS = ['require', 'module', 'exports', '__ENV', '__VU', '__ITER', 'open', 'console', 'GoError', EACH_HELPER, THROWN_HELPER, ...TIMER_GLOBALS, 'Math', 'crypto'];
/** The instance's setter of __ITER and, when given, __ENV (k6 gives each scenario's VUs their own __ENV). */
type ModuleFactory = (...args: unknown[]) => (iter: number, env?: Record<string, string>) => void;
const factories = new WeakMap<CompiledScript, ModuleFactory>();

/**
 * Compiles the script body once per thread; each VU calls the factory for its own instance.
 * Node's globals k6 lacks are parameters after PARAMS that no call passes (script-globals.ts).
 */
function factoryFor(script: CompiledScript, compat: K6Compat): ModuleFactory {
  let f = factories.get(script);
  if (!f) {
    const params = [...PARAMS, ...hiddenNodeGlobals(compat, PARAMS)];
    f = vm.compileFunction(`${script.code}\n;return function (i, env) { __ITER = i; if (env) __ENV = env; };`, params, { filename: script.filename }) as ModuleFactory;
    factories.set(script, f);
  }
  return f;
}

export interface VuHost {
  script: CompiledScript;
  env: Record<string, string>;
  runtime: VuRuntimeOptions;
  samples: SampleBuffer;
  bridge: BlockingBridge;
  console: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  warn(text: string): void;
  log(entry: K6LogEntry): void;
  nextIterationInTest(scenarioIndex: number): number;
  /** Reads a slot of the shared counters (INSTANCE_*). */
  readCounter(slot: number): number;
  markTestFailed(reason: string): void;
}

/** `inPromise`: k6 reports the error as `Uncaught (in promise) …` (the function was async, or its promise rejected). */
export type IterationOutcome = { kind: 'ok' } | { kind: 'error'; error: unknown; inPromise: boolean } | { kind: 'interrupted' } | { kind: 'abort'; reason: string; error: unknown };

const OK: IterationOutcome = { kind: 'ok' };
/** How often a VU waiting for its timers looks at its stop flag (ms). */
const TIMER_STOP_CHECK_MS = 50;
const INTERRUPTED: IterationOutcome = { kind: 'interrupted' };

export class Vu {
  readonly state: VuState;
  exports: Record<string, unknown> = {};
  private setIter: (i: number, env?: Record<string, string>) => void = () => undefined;
  private setupData: unknown;
  private setupDataJson: string | undefined;
  private dataMetricsObserved = false;
  /** setTimeout and friends: k6 ends a call only once none is pending. */
  private readonly timers: VuTimers;

  constructor(
    private readonly host: VuHost,
    id: number,
    stopSlot: number,
  ) {
    const work = new PendingWork();
    this.state = {
      work,
      id,
      stopSlot,
      inInit: true,
      scenario: undefined,
      groupPath: '',
      iterationInScenario: 0,
      iterationInInstance: 0,
      scenarioIterationInInstance: 0,
      iterationInTest: 0,
      tags: { ...host.runtime.tags },
      tagsVersion: 0,
      requestTagMemo: [],
      env: host.env,
      runtime: host.runtime,
      samples: host.samples,
      pool: new HttpConnectionPool({ deliverAtTurnEnd: true, compat: host.runtime.compat, network: host.runtime.http.network, tls: host.runtime.http.tls, work }),
      bridge: host.bridge,
      blockingCallsAwaited: host.script.blockingCallsAwaited === true,
      responseCallback: DEFAULT_RESPONSE_CALLBACK,
      cookieJar: new CookieJar(),
      closeIdleFirst: false,
      localAddress: localAddressOf(host.runtime.http.network.localIPs, id),
      scriptDir: dirname(host.script.filename),
      warn: (t) => host.warn(t),
      log: (entry) => host.log(entry),
      readCounter: (slot) => host.readCounter(slot),
      random: new VuRandom(),
      rateLimit: host.runtime.rpsLimiter ? new SharedRateLimiter(host.runtime.rpsLimiter, host.runtime.http.rps) : undefined,
      markTestFailed: (reason) => host.markTestFailed(reason),
      nextIterationInTest: () => (this.state.scenario ? host.nextIterationInTest(this.state.scenario.index) : 0),
    };
    this.timers = new VuTimers((t) => host.warn(t), host.runtime.compat === 'v0.49' ? 'goja' : 'sobek');
    this.timers.onQuiet = () => work.poke();
  }

  /** Takes the resolved options: the lifecycle VU learns them after its init, before setup(). */
  useRuntime(runtime: VuRuntimeOptions): void {
    this.state.runtime = runtime;
    this.state.tags = { ...runtime.tags };
    this.state.tagsVersion++;
  }

  /** Runs the init context; throws what the script throws. */
  init(): void {
    const vu = this.state;
    const modules: Record<string, () => unknown> = {
      k6: () => createK6Module(vu),
      'k6/http': () => createHttpModule(vu),
      'k6/metrics': () => createMetricsModule(vu),
      'k6/execution': () => createExecutionModule(vu, () => this.exports.options),
      'k6/data': () => createDataModule(() => vu.inInit),
      'k6/encoding': createEncodingModule,
      'k6/crypto': createCryptoModule,
      'k6/html': createHtmlModule,
      'k6/ws': () => createWsModule(vu),
      ...this.webSocketsModules(),
      ...this.timerModules(),
    };
    const cache = new Map<string, unknown>();
    // Named for k6-stack.ts: under --compat v0.49 its frame shows as k6's require (native).
    const requireModule = (name: string): unknown => {
      if (!vu.inInit) ((vu.runtime.compat ?? 'v2') === 'v2' ? requireOutsideInit : requireRemoved)();
      if (cache.has(name)) return cache.get(name);
      const make = modules[name];
      const retired = retiredModuleMessage(name, vu.runtime.compat ?? 'v2');
      if (retired) throw framelessGoError(retired);
      if (!make) {
        // A name k6 itself does not know is refused in k6's words (v2 refuses static imports
        // of it before init, see engine-run; this is a require() or --compat v0.49's import).
        const compat = vu.runtime.compat ?? 'v2';
        if (unknownToK6(name, compat)) throw new GoError(compat === 'v0.49' ? unknownModuleMessage(name) : unknownModulesMessage([name]));
        const hint = name.startsWith('http') ? 'remote modules are not supported by the embedded engine; vendor the file and import it relatively' : `supported: ${Object.keys(modules).join(', ')}`;
        throw new Error(`module "${name}" is not available in the embedded engine: ${hint}`);
      }
      const mod = make();
      cache.set(name, mod);
      return mod;
    };
    const open = (path: string, mode?: string): string | ArrayBuffer => {
      if (!vu.inInit) openOutsideInit();
      const file = resolve(vu.scriptDir, path);
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch (err) {
        // k6 stats the file first and reports Go's error.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new GoError(`stat ${file}: no such file or directory`);
        throw err;
      }
      return mode === 'b' ? (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer) : data.toString('utf8');
    };
    const module = { exports: {} as Record<string, unknown> };
    const factory = factoryFor(this.host.script, vu.runtime.compat ?? 'v2');
    // __ITER is set per iteration; outside one (init context, setup, teardown) k6 leaves it undefined.
    const timerGlobals = TIMER_GLOBALS.map((name) => ((vu.runtime.compat ?? 'v2') === 'v2' ? this.timers.functions[name] : missingTimerGlobal(name)));
    this.setIter = factory(requireModule, module, module.exports, vu.env, vu.id, undefined, open, this.host.console, GoError, awaitedEach, noteThrown, ...timerGlobals, vu.random.mathObject(), vu.runtime.compat === 'v0.49' ? undefined : trackedWebCrypto(vu.work));
    this.exports = module.exports;
    vu.inInit = false;
  }

  /** k6 ends the init context once its timers have fired too; throws what a callback threw. */
  async settleInit(): Promise<void> {
    if (this.timers.busy) await this.settleTimers();
  }

  /**
   * k6's browser-like WebSockets: `k6/websockets` in v2, where the experimental name still works
   * with k6's deprecation warning; `k6/experimental/websockets` in v0.49.
   */
  private webSocketsModules(): Record<string, () => unknown> {
    const make = () => createWebSocketsModule(this.state, this.timers);
    if ((this.state.runtime.compat ?? 'v2') === 'v0.49') return { 'k6/experimental/websockets': make };
    return {
      'k6/websockets': make,
      'k6/experimental/websockets': () => {
        // Once a run, as k6 (its first init context is the lifecycle VU's, __VU 0).
        if (this.state.id === 0 && !experimentalWebSocketsWarned) {
          experimentalWebSocketsWarned = true;
          this.host.warn('k6/experimental/websockets is deprecated and will be removed in a future release. Please use k6/websockets instead.');
        }
        return make();
      },
    };
  }

  /**
   * The timer modules of the generation: k6 v2's `k6/timers` (the globals' module; the
   * experimental one only says it graduated, k6-module-names.ts), k6 v0.49's `k6/experimental/timers`.
   */
  private timerModules(): Record<string, () => unknown> {
    const fns = (): TimerFunctions => ({ ...this.timers.functions });
    if ((this.state.runtime.compat ?? 'v2') === 'v0.49') return { 'k6/experimental/timers': () => ({ ...fns(), default: fns() }) };
    return { 'k6/timers': fns };
  }

  /**
   * Waits for the VU's pending timers; throws what a callback threw, and IterationInterrupted
   * when the VU is stopped hard meanwhile (the timers are then stopped, with k6's warnings).
   */
  private async settleTimers(): Promise<void> {
    const vu = this.state;
    const settled = await this.timers.settle(() => vu.bridge.sleepAsync(TIMER_STOP_CHECK_MS, vu.stopSlot));
    if (!settled) {
      this.timers.stopPending();
      throw new IterationInterrupted();
    }
  }

  /** The exports k6 can call (its callableExports): a scenario's exec, setup() and the rest must be functions. */
  exportNames(): string[] {
    return Object.keys(this.exports).filter((k) => k !== '__esModule' && typeof this.exports[k] === 'function');
  }

  /**
   * Sets the setup() data this VU passes to every iteration: its own copy, kept across its
   * iterations, with k6's object/array semantics (setup-data.ts).
   */
  useSetupData(json: string | undefined): void {
    if (json === this.setupDataJson) return;
    this.setupDataJson = json;
    this.setupData = json === undefined ? undefined : vuSetupData(json);
  }

  enterScenario(s: ScenarioRuntimeInfo): void {
    if (this.state.scenario?.name === s.name) return;
    this.state.scenario = s;
    this.state.iterationInScenario = 0;
    this.state.tags = { ...this.host.runtime.tags, ...s.tags };
    this.state.tagsVersion++;
    // As k6's VU activation: the scenario's env over the run's, as the script's __ENV.
    this.state.env = Object.keys(s.env).length ? { ...this.host.env, ...s.env } : this.host.env;
    this.setIter(this.state.iterationInScenario, this.state.env);
  }

  /** One iteration of the scenario's exec function, with iteration metrics. */
  async iterate(): Promise<IterationOutcome> {
    const vu = this.state;
    const fn = this.exports[vu.scenario?.exec ?? 'default'];
    if (typeof fn !== 'function') return { kind: 'error', error: new Error(`function "${vu.scenario?.exec}" not found in exports`), inPromise: false };
    vu.scenarioIterationInInstance = vu.nextIterationInTest();
    const stripes = vu.scenario?.iterationStripes;
    vu.iterationInTest = stripes ? stripedIndex(stripes, vu.scenarioIterationInInstance) : vu.scenarioIterationInInstance;
    if (!this.host.runtime.http.noCookiesReset) vu.cookieJar.clear();
    if (this.host.runtime.http.noVUConnectionReuse) vu.closeIdleFirst = true;
    this.setIter(vu.iterationInScenario);
    vu.groupPath = '';
    const start = performance.now();
    let outcome: IterationOutcome;
    let returnedPromise = false;
    try {
      const r = fn(this.setupData);
      returnedPromise = Boolean(r && typeof (r as { then?: unknown }).then === 'function');
      if (returnedPromise) await this.settledOrAbandoned(r as Promise<unknown>);
      outcome = OK;
    } catch (err) {
      outcome = classify(err, this.inPromise(vu.scenario?.exec ?? 'default', returnedPromise));
    }
    if (outcome.kind === 'ok' && this.timers.busy) {
      try {
        await this.settleTimers();
      } catch (err) {
        // k6 reports an exception in a timer's callback as a plain script exception.
        outcome = classify(err, false);
      }
    }
    this.timers.stopPending();
    vu.groupPath = '';
    // k6 counts the iteration test.abort() ended in `iterations` too (its progress line calls it interrupted).
    if (outcome.kind !== 'interrupted') {
      const tagSet = tagSetWith(vu, '');
      const now = Date.now();
      emitBuiltin(vu, 'iteration_duration', tagSet, performance.now() - start, now);
      emitBuiltin(vu, 'iterations', tagSet, 1, now);
    }
    this.observeDataMetrics();
    vu.iterationInScenario++;
    vu.iterationInInstance++;
    return outcome;
  }

  /**
   * The script function's promise, or nothing once it can never settle: as k6, whose event loop
   * ends the call when nothing is left registered, the VU stops waiting when none of its requests,
   * sleeps, Web Crypto calls or timers is pending (state/pending-work.ts). The promise is dropped.
   */
  private async settledOrAbandoned(p: Promise<unknown>): Promise<{ settled: true; value: unknown } | { settled: false }> {
    const idle = this.state.work.whenIdle(() => !this.timers.busy);
    try {
      return await Promise.race([p.then((value) => ({ settled: true as const, value })), idle.promise.then(() => ({ settled: false as const }))]);
    } finally {
      idle.cancel();
    }
  }

  /**
   * Whether k6 would report an exception of exported function `name` as `Uncaught (in promise)`:
   * when the script declared it async. asyncify.ts may have made a sync one async, so a returned
   * promise only counts for functions whose declaration is unknown.
   */
  inPromise(name: string, returnedPromise: boolean): boolean {
    const sites = this.host.script.errorSites;
    if (sites?.asyncExports.includes(name)) return true;
    if (sites?.syncExports.includes(name)) return returnedPromise && !this.host.script.blockingCallsAwaited;
    return returnedPromise;
  }

  /** setup / teardown / handleSummary, each in its k6 group (setup and teardown only). */
  async call(name: 'setup' | 'teardown' | 'handleSummary', arg: unknown): Promise<{ defined: boolean; result?: unknown }> {
    const fn = this.exports[name];
    if (typeof fn !== 'function') return { defined: false };
    const vu = this.state;
    vu.groupPath = name === 'handleSummary' ? '' : `::${name}`;
    if (name !== 'handleSummary') vu.samples.enterGroup(vu.groupPath);
    const start = performance.now();
    try {
      let r = fn(arg);
      if (r && typeof (r as { then?: unknown }).then === 'function') {
        // A setup() whose promise can never settle returns no data (k6 v2.2.0 panics there, exit 109).
        const outcome = await this.settledOrAbandoned(r as Promise<unknown>);
        r = outcome.settled ? outcome.value : undefined;
      }
      if (this.timers.busy) await this.settleTimers();
      return { defined: true, result: r };
    } finally {
      this.timers.stopPending();
      if (name !== 'handleSummary') {
        // k6 v0.49 timed setup() and teardown() like iterations, failed or not: an
        // iteration_duration sample in their group. k6 v1+ does not.
        if (vu.runtime.compat === 'v0.49') emitBuiltin(vu, 'iteration_duration', tagSetWith(vu, ''), performance.now() - start);
        this.observeDataMetrics();
      }
      vu.groupPath = '';
    }
  }

  /**
   * k6 ends every run of a script function (iterations, interrupted ones too, setup and
   * teardown) with data_sent and data_received samples, 0 when nothing went over the
   * network, so both are always in its summary. The requests here count their own bytes;
   * one zero sample per VU makes both metrics present the same way.
   */
  private observeDataMetrics(): void {
    if (this.dataMetricsObserved) return;
    this.dataMetricsObserved = true;
    const tagSet = tagSetWith(this.state, '');
    emitBuiltin(this.state, 'data_sent', tagSet, 0);
    emitBuiltin(this.state, 'data_received', tagSet, 0);
  }

  close(): void {
    this.state.pool.close();
  }
}

function classify(err: unknown, inPromise: boolean): IterationOutcome {
  if (err instanceof IterationInterrupted) return INTERRUPTED;
  if (err instanceof TestAbort) return { kind: 'abort', reason: err.reason, error: err };
  return { kind: 'error', error: err, inPromise };
}

/** The pool of `--local-ips`, parsed once per thread. */
let localIpPool: { text: string; pool: IpPool | undefined } | undefined;

/** VU `id`'s source address from `--local-ips` (checked when the run began), as k6 assigns it. */
function localAddressOf(text: string, id: number): string | undefined {
  if (text === '') return undefined;
  if (localIpPool?.text !== text) localIpPool = { text, pool: parseLocalIps(text) };
  return localIpPool.pool ? vuLocalAddress(localIpPool.pool, id) : undefined;
}

/** Whether this thread said that k6/experimental/websockets is deprecated (k6 says it once). */
let experimentalWebSocketsWarned = false;
