/**
 * What `exec.test.options` returns: k6's consolidated options (lib.Options as JSON), every
 * field present and null when unset, with the scenarios the shortcuts (or the CLI's
 * --vus/--duration/--iterations) derive, as k6 shows them. The shortcuts themselves (vus,
 * duration, iterations, stages) are not among them: k6 leaves them out once they became a scenario.
 */
import type { K6Compat } from '../k6-compat.js';
import type { Overrides } from './scenarios.js';
import { DEFAULT_SYSTEM_TAGS } from './system-tags.js';

/** The JSON fields of k6's lib.Options, in k6's order (current k6 adds handleSummaryTimeout and features). */
function optionFields(compat: K6Compat): string[] {
  return [
    'paused', 'scenarios', 'executionSegment', 'executionSegmentSequence', 'noSetup', 'setupTimeout', 'noTeardown', 'teardownTimeout',
    ...(compat === 'v0.49' ? [] : ['handleSummaryTimeout']),
    'rps', 'dns', 'maxRedirects', 'userAgent', 'batch', 'batchPerHost', 'httpDebug', 'insecureSkipTLSVerify', 'tlsCipherSuites', 'tlsVersion',
    'tlsAuth', 'throw', 'thresholds', 'blacklistIPs', 'blockHostnames', 'hosts', 'noConnectionReuse', 'noVUConnectionReuse', 'minIterationDuration',
    'ext', 'summaryTrendStats', 'summaryTimeUnit', 'systemTags', 'tags', 'metricSamplesBufferSize', 'noCookiesReset', 'discardResponseBodies',
    ...(compat === 'v0.49' ? [] : ['features']),
    'consoleOutput', 'localIPs',
  ];
}


/** The scenario fields k6 prints as null when a derived scenario leaves them unset. */
const BASE_NULLS = { startTime: null, gracefulStop: null, env: null, exec: null, tags: null };

export function consolidatedTestOptions(raw: Record<string, unknown>, overrides: Overrides | undefined, summaryTrendStats: string[], compat: K6Compat = 'v2'): Record<string, unknown> {
  const fields = optionFields(compat);
  const out: Record<string, unknown> = Object.fromEntries(fields.map((k) => [k, null]));
  for (const k of fields) if (raw[k] !== undefined) out[k] = raw[k];
  out.dns = { ttl: null, select: null, policy: null, ...(isObject(raw.dns) ? raw.dns : {}) };
  out.systemTags ??= [...DEFAULT_SYSTEM_TAGS];
  const o = overrides ?? {};
  if (o.vus !== undefined || o.duration !== undefined || o.iterations !== undefined || o.stages !== undefined) {
    // A higher config tier's execution settings replace the script's (k6's Options.Apply).
    out.scenarios = derivedScenarios({ vus: o.vus ?? raw.vus, duration: o.duration, iterations: o.iterations, stages: o.stages });
  } else if (raw.scenarios === undefined || raw.scenarios === null) {
    out.scenarios = derivedScenarios(raw);
  }
  out.summaryTrendStats = summaryTrendStats;
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** k6's execution shortcuts (lib/executor/execution_config_shortcuts.go) as a `default` scenario. */
function derivedScenarios(o: Record<string, unknown>): Record<string, unknown> {
  const vus = o.vus ?? null;
  const given = (v: unknown) => v !== undefined && v !== null;
  let scenario: Record<string, unknown>;
  if (given(o.iterations)) scenario = { executor: 'shared-iterations', ...BASE_NULLS, vus, iterations: o.iterations, maxDuration: o.duration ?? null };
  else if (given(o.duration)) scenario = { executor: 'constant-vus', ...BASE_NULLS, vus, duration: o.duration };
  else if (Array.isArray(o.stages) && o.stages.length > 0) scenario = { executor: 'ramping-vus', ...BASE_NULLS, startVUs: vus, stages: o.stages, gracefulRampDown: null };
  else if (given(o.vus)) scenario = { executor: 'shared-iterations', ...BASE_NULLS, vus, iterations: vus, maxDuration: null };
  else scenario = { executor: 'per-vu-iterations', ...BASE_NULLS, vus: null, iterations: null, maxDuration: null };
  return { default: scenario };
}

/** A deep-frozen copy, as k6 hands it to scripts. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
