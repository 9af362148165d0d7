/** The `k6` module: check, group, sleep, fail, randomSeed. */
import { performance } from 'node:perf_hooks';
import { currentTags, emitBuiltin, tagSetWith, type VuState } from '../state/vu-state.js';
import { GROUP_SEPARATOR } from '../metrics/group-tree.js';
import { GoError } from './go-error.js';

/** Thrown by sleep() when the VU is interrupted; ends the iteration quietly. */
export class IterationInterrupted extends Error {
  constructor() {
    super('iteration interrupted');
    this.name = 'IterationInterrupted';
  }
}

/**
 * Awaits a group's callback (async, or made async by script/asyncify.ts). An async function
 * rather than .finally(): an error's stack then keeps this frame, which goja shows as group's.
 */
async function groupSettled<T>(result: Promise<T>, finish: () => void): Promise<T> {
  try {
    return await result;
  } finally {
    finish();
  }
}

export function createK6Module(vu: VuState): Record<string, unknown> {
  function check(value: unknown, sets: Record<string, unknown>, tags?: Record<string, string>): boolean {
    if (vu.inInit) throw new GoError('Using check() in the init context is not supported');
    let all = true;
    const now = Date.now();
    for (const name of Object.keys(sets)) {
      if (name.includes(GROUP_SEPARATOR)) throw new GoError(`group and check names may not contain '${GROUP_SEPARATOR}'`);
      const predicate = sets[name];
      const id = tags ? vu.samples.tagSet({ ...currentTags(vu), ...tags, check: name }) : tagSetWith(vu, `check\u0003${name}`, () => ({ check: name }));
      let passed: boolean;
      try {
        passed = Boolean(typeof predicate === 'function' ? predicate(value) : predicate);
      } catch (err) {
        // As k6: a check whose function throws has failed, and the exception goes on.
        emitBuiltin(vu, 'checks', id, 0, now);
        throw err;
      }
      emitBuiltin(vu, 'checks', id, passed ? 1 : 0, now);
      if (!passed) all = false;
    }
    return all;
  }

  function group<T>(name: string, fn: () => T): T {
    if (vu.inInit) throw new GoError('Using group() in the init context is not supported');
    if (name.includes(GROUP_SEPARATOR)) throw new GoError(`group and check names may not contain '${GROUP_SEPARATOR}'`);
    const parent = vu.groupPath;
    const path = `${parent}${GROUP_SEPARATOR}${name}`;
    vu.samples.enterGroup(path);
    vu.groupPath = path;
    const start = performance.now();
    const finish = () => {
      emitBuiltin(vu, 'group_duration', tagSetWith(vu, ''), performance.now() - start);
      vu.groupPath = parent;
    };
    let result: T;
    try {
      result = fn();
    } catch (err) {
      finish();
      throw err;
    }
    if (result && typeof (result as { then?: unknown }).then === 'function') {
      // k6 does not support async group callbacks well either; keep the group until it settles.
      return groupSettled(result as unknown as Promise<unknown>, finish) as unknown as T;
    }
    finish();
    return result;
  }

  function sleep(seconds: number): void {
    if (vu.inInit) throw new Error('Using sleep() in the init context is not supported');
    const ms = Number(seconds) * 1000;
    if (!(ms > 0)) return;
    if (vu.bridge.sleep(ms, vu.stopSlot)) throw new IterationInterrupted();
  }

  /** sleep() of a script whose blocking calls are awaited (script/asyncify.ts). */
  async function sleepAwaited(seconds: number): Promise<void> {
    if (vu.inInit) throw new Error('Using sleep() in the init context is not supported');
    const ms = Number(seconds) * 1000;
    if (!(ms > 0)) return;
    if (await vu.work.track(vu.bridge.sleepAsync(ms, vu.stopSlot))) throw new IterationInterrupted();
  }

  function fail(message?: string): never {
    throw new GoError(message ?? '');
  }

  // randomSeed(n): the VU's Math.random repeats the same sequence for the same seed (not k6's numbers: state/vu-random.ts).
  const mod = { check, group, sleep: vu.blockingCallsAwaited ? sleepAwaited : sleep, fail, randomSeed: (seed: number) => vu.random.seed(seed) };
  return { ...mod, default: mod, __esModule: true };
}
