/** Script `options` → what the engine runs with, validated; unknown keys become warnings. */
import { resolveScenarios, type Overrides, type ScenarioConfig } from './scenarios.js';
import { InvalidOptionsError } from '../invalid-options-error.js';
import { MAX_SCENARIOS } from './limits.js';
import { parseDurationMs } from './duration.js';
import { resolveExecutionTuple, type ExecutionTuple } from '../segments/execution-tuple.js';
import { segmentScenario } from './segment-scenarios.js';
import { unsupportedOptionWarnings } from './unsupported-options.js';
import { resolveRunOptions, type RunOptions } from './run-options.js';
import { resolveHttpOptions, type HttpRuntimeOptions } from './http-options.js';
import { DEFAULT_K6_COMPAT, type K6Compat } from '../k6-compat.js';

/** Option keys k6 v0.49 knows (lib/options.go); unsupported-options.ts warns about those the engine ignores. */
/**
 * The fields of k6's lib.Options a script may export (asked of both binaries). Others (even
 * `noThresholds`, `noSummary`, `linger`: k6 takes those from the CLI or K6_* variables only)
 * are unknown to k6: it warns about the first and ignores them all.
 */
const SCRIPT_OPTION_KEYS = new Set([
  'vus', 'duration', 'iterations', 'stages', 'scenarios', 'thresholds', 'summaryTrendStats', 'summaryTimeUnit', 'tags',
  'setupTimeout', 'teardownTimeout', 'noConnectionReuse', 'noVUConnectionReuse', 'userAgent', 'insecureSkipTLSVerify',
  'discardResponseBodies', 'batch', 'batchPerHost', 'httpDebug', 'maxRedirects', 'minIterationDuration', 'rps', 'hosts',
  'dns', 'throw', 'noCookiesReset', 'blacklistIPs', 'blockHostnames', 'ext', 'cloud', 'executionSegment',
  'executionSegmentSequence', 'paused', 'noSetup', 'noTeardown', 'systemTags', 'tlsAuth', 'tlsCipherSuites', 'tlsVersion',
  'metricSamplesBufferSize',
]);

/**
 * The script's exported options without the fields k6 does not know, and the first of them
 * (Go's decoder meets them in sorted key order), which k6's warning names.
 */
export function knownScriptOptions(exported: Record<string, unknown>, compat: K6Compat): { options: Record<string, unknown>; firstUnknown?: string } {
  const known = (k: string) => SCRIPT_OPTION_KEYS.has(k) && !(k === 'cloud' && compat === 'v0.49');
  const unknown = Object.keys(exported).filter((k) => !known(k)).sort();
  if (unknown.length === 0) return { options: exported };
  const options = Object.fromEntries(Object.entries(exported).filter(([k]) => known(k)));
  return { options, firstUnknown: unknown[0] };
}

export interface ResolvedEngineOptions {
  scenarios: ScenarioConfig[];
  thresholds: unknown;
  summaryTrendStats: string[];
  /** @default 60000 */
  setupTimeoutMs: number;
  /** @default 60000 */
  teardownTimeoutMs: number;
  /** This instance's execution segment within its sequence (WHOLE_TEST when unsegmented). */
  executionTuple: ExecutionTuple;
  /** maxRedirects, batch, batchPerHost, noCookiesReset. */
  http: HttpRuntimeOptions;
  /** noSetup, noTeardown, noThresholds, minIterationDuration, summaryTimeUnit. */
  run: RunOptions;
  /** The script's options as exported (JSON). */
  raw: Record<string, unknown>;
  warnings: string[];
}

/** k6's default summaryTrendStats. */
export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

const TREND_STAT = /^(avg|min|med|max|count|p\(\s*\d+(\.\d+)?\s*\))$/;

/** `--execution-segment` / `--execution-segment-sequence`, in k6's text forms; they win over the script's options. */
export interface SegmentationOverrides {
  executionSegment?: string;
  executionSegmentSequence?: string;
}

function segmentationOption(raw: Record<string, unknown>, given: string | undefined, key: 'executionSegment' | 'executionSegmentSequence'): string | undefined {
  if (given !== undefined) return given;
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidOptionsError(key, `must be a string like ${key === 'executionSegment' ? '"1/3:2/3"' : '"0,1/3,2/3,1"'}, got ${JSON.stringify(v)}`);
  return v;
}

export function resolveEngineOptions(
  raw: Record<string, unknown>,
  overrides: Overrides | undefined,
  exportNames: string[],
  trendStatsOverride: string[] | undefined,
  segmentation: SegmentationOverrides = {},
  compat: K6Compat = DEFAULT_K6_COMPAT,
): ResolvedEngineOptions {
  const warnings: string[] = [];
  warnings.push(...unsupportedOptionWarnings(raw));
  // k6 (both generations) when a client certificate names its domains.
  if (Array.isArray(raw.tlsAuth) && raw.tlsAuth.some((a) => Array.isArray((a as { domains?: unknown } | null)?.domains) && ((a as { domains: unknown[] }).domains.length > 0))) {
    warnings.push("tlsAuth.domains option could be removed in the next releases, it's recommended to leave it empty and let k6 automatically detect from the provided certificate. It follows the Go's NameToCertificate deprecation - https://pkg.go.dev/crypto/tls@go1.17#Config.");
  }
  const segmentText = segmentationOption(raw, segmentation.executionSegment, 'executionSegment');
  const sequenceText = segmentationOption(raw, segmentation.executionSegmentSequence, 'executionSegmentSequence');
  const executionTuple = resolveExecutionTuple(segmentText, sequenceText);
  if (!executionTuple.isWholeTest && !sequenceText?.trim()) {
    // Each instance would pad a sequence of its own, and their stripes can overlap or leave gaps.
    warnings.push(`execution segment ${executionTuple.toString()} without an execution segment sequence: give every instance the same --execution-segment-sequence (e.g. 0,1/3,2/3,1), or their shares may not add up to the whole test`);
  }
  const scenarios = resolveScenarios(raw, overrides, { compat, exportNames }).map((s) => segmentScenario(s, executionTuple));
  if (scenarios.length > MAX_SCENARIOS) throw new InvalidOptionsError('scenarios', `${scenarios.length} scenarios defined; the engine runs at most ${MAX_SCENARIOS}`);
  const stats = trendStatsOverride ?? raw.summaryTrendStats ?? DEFAULT_TREND_STATS;
  if (!Array.isArray(stats) || stats.some((s) => typeof s !== 'string' || !TREND_STAT.test(s))) {
    throw new InvalidOptionsError('summaryTrendStats', `${JSON.stringify(stats)} is invalid; use stats like "avg", "min", "med", "max", "count", "p(95)"`);
  }
  const setupTimeoutMs = raw.setupTimeout === undefined ? 60_000 : parseDurationMs(raw.setupTimeout, 'setupTimeout');
  const teardownTimeoutMs = raw.teardownTimeout === undefined ? 60_000 : parseDurationMs(raw.teardownTimeout, 'teardownTimeout');
  const http = resolveHttpOptions(raw);
  return { scenarios, thresholds: raw.thresholds, summaryTrendStats: stats as string[], setupTimeoutMs, teardownTimeoutMs, executionTuple, http, run: resolveRunOptions(raw), raw, warnings };
}
