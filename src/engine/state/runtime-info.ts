/**
 * What a VU knows of its run and of the scenario it runs in: the options it follows and
 * the scenario's identity and progress basis (exec.scenario), as the controller sends them.
 */
import type { SystemTagSet } from '../options/system-tags.js';
import type { HttpDebugMode } from '../http/http-debug.js';
import type { Stripes } from '../segments/stripes.js';
import type { HttpRuntimeOptions } from '../options/http-options.js';
import type { K6Compat } from '../k6-compat.js';

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
  /** options.systemTags: the system tags samples carry (undefined: k6's default set; options/system-tags.ts). */
  systemTags?: SystemTagSet;
  /** options.httpDebug: each request and response logged as k6 dumps them (http/http-debug.ts). */
  httpDebug?: HttpDebugMode;
  /** options.rps > 0: the shared slot of the test's request rate limit (state/rate-limiter.ts). */
  rpsLimiter?: SharedArrayBuffer;
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
