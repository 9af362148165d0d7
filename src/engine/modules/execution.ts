/** The `k6/execution` module: vu, scenario, instance, test (abort, options). */
import type { VuState } from '../state/vu-state.js';
import { deepFreeze } from '../options/test-options.js';
import { stripedIndex } from '../segments/stripes.js';
import { GoError } from './go-error.js';
import { INSTANCE_ITERATIONS_COMPLETED, INSTANCE_ITERATIONS_INTERRUPTED, INSTANCE_VUS_ACTIVE, INSTANCE_VUS_INITIALIZED, SCENARIO_COMPLETED, SCENARIO_INTERRUPTED, scenarioCounter } from '../state/shared-counters.js';
import type { ScenarioRuntimeInfo } from '../state/runtime-info.js';

/** Thrown by exec.test.abort(); the worker turns it into an `abort` message (exit 108). */
export class TestAbort extends Error {
  constructor(readonly reason: string) {
    super(reason ? `test aborted: ${reason}` : 'test aborted');
    this.name = 'TestAbort';
  }
}

/** k6's definition per executor (its progress bars): elapsed / duration, or finished / total iterations. */
function scenarioProgress(s: ScenarioRuntimeInfo, vu: VuState): number {
  const elapsed = Date.now() - (s.startedAtMs ?? vu.runtime.testStartMs + s.startTimeMs);
  const basis = s.progress;
  if (basis.kind === 'time') return basis.durationMs > 0 ? Math.min(1, Math.max(0, elapsed / basis.durationMs)) : 1;
  if (basis.maxDurationMs !== undefined && elapsed > basis.maxDurationMs) return 1;
  if (basis.total <= 0) return 1;
  const done = vu.readCounter(scenarioCounter(s.index, SCENARIO_COMPLETED)) + vu.readCounter(scenarioCounter(s.index, SCENARIO_INTERRUPTED));
  return Math.min(1, done / basis.total);
}

export function createExecutionModule(vu: VuState, options: () => unknown): Record<string, unknown> {
  let testOptions: Record<string, unknown> | undefined;
  // k6's words when the information does not exist yet (init context) or outside a scenario (setup, teardown).
  const needScenario = () => {
    if (!vu.scenario) throw new GoError('getting scenario information outside of the VU context is not supported');
    return vu.scenario;
  };
  const notInInit = (what: 'VU' | 'instance') => {
    if (vu.inInit) throw new GoError(`getting ${what} information in the init context is not supported`);
  };
  // exec.vu.tags: the VU's tags as k6 keeps them, with the `scenario` it runs and the `group` it
  // is in. Scripts may set tags (exec.vu.tags.foo = 'bar'); the version bump refreshes cached tag sets.
  const current = (): Record<string, string> => {
    const t: Record<string, string> = { ...vu.tags, group: vu.groupPath };
    if (vu.scenario) t.scenario = vu.scenario.name;
    return t;
  };
  const metadata: Record<string, unknown> = {};
  const tagsProxy = () =>
    new Proxy(vu.tags, {
      get(target, key) {
        if (typeof key !== 'string') return Reflect.get(target, key);
        return current()[key];
      },
      has(_target, key) {
        return typeof key === 'string' && key in current();
      },
      ownKeys() {
        return Object.keys(current());
      },
      getOwnPropertyDescriptor(_target, key) {
        const t = current();
        if (typeof key !== 'string' || !(key in t)) return undefined;
        return { value: t[key], writable: true, enumerable: true, configurable: true };
      },
      set(target, key, value) {
        target[String(key)] = String(value);
        vu.tagsVersion++;
        return true;
      },
      deleteProperty(target, key) {
        delete target[String(key)];
        vu.tagsVersion++;
        return true;
      },
    });
  const exec = {
    vu: {
      get idInTest() {
        notInInit('VU');
        // __VU stays local (as in k6); idInTest is unique across the instances of a segmented run.
        const stripes = vu.runtime.vuIdStripes;
        return stripes && vu.id > 0 ? stripedIndex(stripes, vu.id - 1) + 1 : vu.id;
      },
      get idInInstance() {
        notInInit('VU');
        return vu.id;
      },
      get iterationInInstance() {
        notInInit('VU');
        return vu.iterationInInstance;
      },
      get iterationInScenario() {
        notInInit('VU');
        return vu.iterationInScenario;
      },
      get tags() {
        notInInit('VU');
        return tagsProxy();
      },
      metrics: {
        get tags() {
          notInInit('VU');
          return tagsProxy();
        },
        // Kept for the VU's iterations as in k6; not attached to the engine's samples (README).
        get metadata() {
          notInInit('VU');
          return metadata;
        },
      },
    },
    scenario: {
      get name() {
        return needScenario().name;
      },
      get executor() {
        return needScenario().executor;
      },
      get startTime() {
        const s = needScenario();
        return s.startedAtMs ?? vu.runtime.testStartMs + s.startTimeMs;
      },
      get iterationInInstance() {
        needScenario();
        return vu.scenarioIterationInInstance;
      },
      get iterationInTest() {
        needScenario();
        return vu.iterationInTest;
      },
      get progress() {
        return scenarioProgress(needScenario(), vu);
      },
    },
    instance: {
      get currentTestRunDuration() {
        notInInit('instance');
        return Date.now() - vu.runtime.testStartMs;
      },
      get vusInitialized() {
        notInInit('instance');
        return vu.readCounter(INSTANCE_VUS_INITIALIZED);
      },
      get vusActive() {
        notInInit('instance');
        return vu.readCounter(INSTANCE_VUS_ACTIVE);
      },
      get iterationsCompleted() {
        notInInit('instance');
        return vu.readCounter(INSTANCE_ITERATIONS_COMPLETED);
      },
      get iterationsInterrupted() {
        notInInit('instance');
        return vu.readCounter(INSTANCE_ITERATIONS_INTERRUPTED);
      },
    },
    test: {
      abort(reason?: string): never {
        throw new TestAbort(reason === undefined ? '' : String(reason));
      },
      // k6 v0.52+ (not under --compat v0.49): the test goes on and fails at its end (exit 110).
      ...(vu.runtime.compat === 'v0.49' ? {} : { fail: markFailed }),
      get options() {
        if (vu.inInit) throw new GoError('getting test options in the init context is not supported');
        // The setup/teardown VU starts before the options are resolved: it shows them as exported.
        testOptions ??= deepFreeze(vu.runtime.testOptions ?? (JSON.parse(JSON.stringify(options() ?? {})) as Record<string, unknown>));
        return testOptions;
      },
    },
  };
  return { ...exec, default: exec, __esModule: true };

  // (named for its native frame in k6 stacks: script/k6-stack.ts)
  function markFailed(reason?: unknown): void {
    if (vu.inInit) throw new GoError('execution.test.fail() called outside of VU context');
    vu.markTestFailed(reason === undefined ? '' : String(reason));
  }
}
