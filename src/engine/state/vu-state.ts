/**
 * Everything one VU's k6 modules need: identity, current scenario and group,
 * tags, the sample buffer, its connection pool and the blocking bridge.
 */
import { carriesSystemTag } from '../options/system-tags.js';
import { tagKey, type SampleBuffer } from './sample-buffer.js';
import type { CookieJar } from '../http/cookie-jar.js';
import type { HttpConnectionPool } from '../http/client.js';
import type { WireRequest, WireResponse } from '../http/wire.js';
import type { ScenarioRuntimeInfo, VuRuntimeOptions } from './runtime-info.js';
import { BUILTIN_ID } from '../metrics/metric-types.js';
import type { SharedRateLimiter } from './rate-limiter.js';
import type { VuRandom } from './vu-random.js';
import type { PendingWork } from './pending-work.js';
import type { K6LogEntry } from '../output/k6-log.js';

/** Blocking operations, implemented with Atomics.wait by the worker. */
export interface BlockingBridge {
  /** Performs requests on the controller's I/O side and waits for all responses. */
  requests(reqs: WireRequest[]): WireResponse[];
  /** Sleeps up to `ms`; returns early (true) when the VU is told to stop hard. */
  sleep(ms: number, stopSlot: number): boolean;
  /** The same without blocking the thread, for scripts whose blocking calls are awaited. */
  sleepAsync(ms: number, stopSlot: number): Promise<boolean>;
  /** Current stop flag of a VU slot. */
  stopFlag(stopSlot: number): number;
}

export interface ResponseCallback {
  (status: number): boolean;
}

export interface VuState {
  /** exec.vu.idInTest / __VU (0 for the setup/teardown VU). */
  id: number;
  stopSlot: number;
  inInit: boolean;
  scenario: ScenarioRuntimeInfo | undefined;
  /** Current group path, '' at the root. */
  groupPath: string;
  iterationInScenario: number;
  iterationInInstance: number;
  /** exec.scenario.iterationInInstance: this scenario's iteration number on this instance. */
  scenarioIterationInInstance: number;
  /** exec.scenario.iterationInTest: the same across all instances of a segmented run. */
  iterationInTest: number;
  /** options.tags + scenario tags + exec.vu.tags; `scenario` and `group` are added per sample. */
  tags: Record<string, string>;
  /** Bumped whenever `tags` changes, invalidating the cached base tag set. */
  tagsVersion: number;
  baseTagCache?: BaseTags;
  /** Recently used request tag sets (see http-request.ts requestTagSet). */
  requestTagMemo: RequestTagMemo[];
  env: Record<string, string>;
  runtime: VuRuntimeOptions;
  samples: SampleBuffer;
  pool: HttpConnectionPool;
  bridge: BlockingBridge;
  /** The script awaits its blocking calls (script/asyncify.ts): http.get, sleep… return promises. */
  blockingCallsAwaited: boolean;
  responseCallback: ResponseCallback | null;
  cookieJar: CookieJar;
  /** noVUConnectionReuse: the next request closes the connections the last iteration left open. */
  closeIdleFirst: boolean;
  /** The source address this VU connects from (`--local-ips`), undefined for the system's choice. */
  localAddress: string | undefined;
  scriptDir: string;
  /** Reports an error line (request failures etc.) to the controller. */
  warn(text: string): void;
  /** A k6 log line with its fields (http-debug dumps). */
  log(entry: K6LogEntry): void;
  /** Reads the shared iteration counters (scenario.iterationInTest). */
  nextIterationInTest(): number;
  /** Instance-wide numbers published by the controller (protocol INSTANCE_*). */
  readCounter(slot: number): number;
  /** The VU's async work its script may be waiting on (state/pending-work.ts). */
  work: PendingWork;
  /** The VU's Math.random, which randomSeed() seeds. */
  random: VuRandom;
  /** options.rps: the test-wide limit each request waits for. */
  rateLimit?: SharedRateLimiter;
  /** exec.test.fail(): the controller fails the run at its end. */
  markTestFailed(reason: string): void;
}

/** The VU's current tags (options, scenario, exec.vu.tags, group), interned once per change. */
export interface BaseTags {
  version: number;
  group: string;
  scenario: string | undefined;
  key: string;
  tags: Record<string, string>;
  /** Tag set id of exactly these tags, once interned. */
  id: number;
}

/** One request tag set remembered by its parts, so a repeated request builds no key string. */
export interface RequestTagMemo {
  base: BaseTags;
  tagsKey: string;
  name: string;
  method: string;
  url: string;
  status: number;
  expected: number;
  proto: string;
  errorCode: number;
  tlsVersion: string;
  /** The `ip` tag ('' when options.systemTags leaves it out, as by default, or nothing was connected). */
  ip: string;
  id: number;
}

/**
 * Whether samples carry system tag `tag` (options.systemTags; k6's default set when unset).
 * `check` and `group` are carried whatever it says: the summary's checks per group are counted
 * from them, and the metric registry hides them where the option leaves them out.
 */
export function systemTagOn(vu: VuState, tag: string): boolean {
  return carriesSystemTag(vu.runtime.systemTags, tag);
}

/** Tags every sample of this VU carries right now. */
export function currentTags(vu: VuState): Record<string, string> {
  const tags: Record<string, string> = { ...vu.tags, group: vu.groupPath };
  if (vu.scenario && systemTagOn(vu, 'scenario')) tags.scenario = vu.scenario.name;
  return tags;
}

export function baseTags(vu: VuState): BaseTags {
  const c = vu.baseTagCache;
  if (c !== undefined && c.version === vu.tagsVersion && c.group === vu.groupPath && c.scenario === vu.scenario?.name) return c;
  const tags = currentTags(vu);
  const fresh: BaseTags = { version: vu.tagsVersion, group: vu.groupPath, scenario: vu.scenario?.name, key: tagKey(tags), tags, id: -1 };
  vu.baseTagCache = fresh;
  return fresh;
}

/**
 * Tag set id of the VU's current tags plus extra ones. `extraKey` must identify
 * the extra tags uniquely; `extra` is only called the first time the key is seen.
 * This keeps the per-request cost at a string concat and a Map lookup.
 */
export function tagSetWith(vu: VuState, extraKey: string, extra?: () => Record<string, string>): number {
  const base = baseTags(vu);
  if (!extra) {
    if (base.id < 0) base.id = vu.samples.tagSetByKey(base.key, () => base.tags);
    return base.id;
  }
  return vu.samples.tagSetByKey(`${base.key}\u0002${extraKey}`, () => ({ ...base.tags, ...extra() }));
}

/** Emits a sample of a built-in metric. */
export function emitBuiltin(vu: VuState, name: string, tagSetId: number, value: number, timeMs?: number): void {
  vu.samples.add(BUILTIN_ID[name] as number, tagSetId, value, timeMs);
}
