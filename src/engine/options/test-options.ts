/**
 * What `exec.test.options` returns: k6's consolidated options (lib.Options as JSON), every
 * field present and null when unset, with the scenarios the shortcuts (or the CLI's
 * --vus/--duration/--iterations) derive, as k6 shows them.
 */
import type { Overrides } from './scenarios.js';

/** The JSON fields of k6 v0.49's lib.Options. */
const K6_OPTION_FIELDS = [
  'paused', 'vus', 'duration', 'iterations', 'stages', 'scenarios', 'executionSegment', 'executionSegmentSequence', 'noSetup',
  'setupTimeout', 'noTeardown', 'teardownTimeout', 'rps', 'dns', 'maxRedirects', 'userAgent', 'batch', 'batchPerHost', 'httpDebug',
  'insecureSkipTLSVerify', 'tlsCipherSuites', 'tlsVersion', 'tlsAuth', 'throw', 'thresholds', 'blacklistIPs', 'blockHostnames', 'hosts',
  'noConnectionReuse', 'noVUConnectionReuse', 'minIterationDuration', 'ext', 'summaryTrendStats', 'summaryTimeUnit', 'systemTags', 'tags',
  'metricSamplesBufferSize', 'noCookiesReset', 'discardResponseBodies', 'localIPs',
];

/** The scenario fields k6 prints as null when a derived scenario leaves them unset. */
const BASE_NULLS = { startTime: null, gracefulStop: null, env: null, exec: null, tags: null };

export function consolidatedTestOptions(raw: Record<string, unknown>, overrides: Overrides | undefined, summaryTrendStats: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.fromEntries(K6_OPTION_FIELDS.map((k) => [k, null]));
  for (const k of K6_OPTION_FIELDS) if (raw[k] !== undefined) out[k] = raw[k];
  const o = overrides ?? {};
  if (o.vus !== undefined || o.duration !== undefined || o.iterations !== undefined) {
    // A higher config tier's execution settings replace the script's (k6's Options.Apply).
    out.vus = o.vus ?? out.vus;
    out.duration = o.duration ?? null;
    out.iterations = o.iterations ?? null;
    out.stages = null;
    out.scenarios = derivedScenarios(out);
  } else if (raw.scenarios === undefined || raw.scenarios === null) {
    out.scenarios = derivedScenarios(out);
  }
  out.summaryTrendStats = summaryTrendStats;
  return out;
}

/** k6's execution shortcuts (lib/executor/execution_config_shortcuts.go) as a `default` scenario. */
function derivedScenarios(o: Record<string, unknown>): Record<string, unknown> {
  const vus = o.vus ?? null;
  const given = (v: unknown) => v !== undefined && v !== null;
  let scenario: Record<string, unknown>;
  if (given(o.iterations)) scenario = { executor: 'shared-iterations', ...BASE_NULLS, vus, iterations: o.iterations, maxDuration: o.duration ?? null };
  else if (given(o.duration)) scenario = { executor: 'constant-vus', ...BASE_NULLS, vus, duration: o.duration };
  else if (Array.isArray(o.stages) && o.stages.length > 0) scenario = { executor: 'ramping-vus', ...BASE_NULLS, startVUs: vus, stages: o.stages, gracefulRampDown: null };
  else scenario = { executor: 'shared-iterations', ...BASE_NULLS, vus, iterations: null, maxDuration: null };
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
