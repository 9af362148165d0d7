import { resultsSchemaProblem } from './results-schema.js';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic } from '../core/atomic-write.js';
import { InputFileError } from '../core/errors.js';
import { parseJsonNamingLine } from './importers/detect-input.js';
import { describeJsonValue, emptyOrBareValueProblem, withoutBom } from '../core/input-text.js';
import { pathNameProblem, pathUnder } from '../core/path-names.js';
import { RESULTS_SCHEMA, type GatingMetric, type ResultsFile, type TargetThreshold } from './results.js';
import { parseMetricSelector, parseThresholdExpression, statProblem } from '../core/threshold-expression.js';

/** A sortable, unique run id: `20261126T034012Z-smoke-a1b2`. */
export function newRunId(profile: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${profile}-${randomBytes(2).toString('hex')}`;
}

/** Writes `<dir>/<runId>.json` atomically; never replaces an existing file. */
export async function writeResultsFile(dir: string, results: ResultsFile): Promise<string> {
  const file = pathUnder(dir, `${results.runId}.json`);
  await writeFileAtomic(file, `${JSON.stringify(results, null, 1)}\n`, { exclusive: true });
  return file;
}

/**
 * Reads and checks a results or baseline file. Errors name the file and the key
 * that is wrong, so a truncated or hand-edited file is never half-understood.
 */
export async function readResultsFile(file: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new InputFileError(file, '', `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // Empty, blank or a bare JSON value (`null`) is named for what it is; a BOM is not content.
  text = withoutBom(text);
  const problem = emptyOrBareValueProblem(text, 'a loadgate results file (a JSON object)');
  if (problem) throw new InputFileError(file, '', problem);
  return checkResultsShape(parseJsonNamingLine(file, text), file);
}

function checkResultsShape(data: unknown, file: string): ResultsFile {
  const fail = (key: string, msg: string): never => {
    throw new InputFileError(file, key, msg);
  };
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('', `expected a loadgate results object, found ${describeJsonValue(data)}`);
  const r = data as Record<string, unknown>;
  if (r.schema !== RESULTS_SCHEMA) {
    fail('schema', `expected ${RESULTS_SCHEMA}, found ${JSON.stringify(r.schema)} (not a loadgate results file, or from a newer loadgate)`);
  }
  // The whole shape (core/results-schema.ts); the checks below add what a schema cannot say well.
  failOn(resultsSchemaProblem(data), fail);
  for (const key of ['runId', 'createdAt', 'profile'] as const) {
    if (typeof r[key] !== 'string') fail(key, 'expected a string');
  }
  // Run id, profile and fingerprint become parts of paths (results, reports, baselines): a file
  // from another machine must not choose where loadgate writes.
  for (const key of ['runId', 'profile'] as const) {
    const problem = pathNameProblem(r[key]);
    if (problem) fail(key, problem);
  }
  if (typeof r.complete !== 'boolean') fail('complete', 'expected true or false');
  if (typeof r.environment !== 'object' || r.environment === null) fail('environment', 'expected an object');
  const fingerprintProblem = pathNameProblem((r.environment as { fingerprint?: unknown }).fingerprint);
  if (fingerprintProblem) fail('environment.fingerprint', fingerprintProblem);
  if (!Array.isArray(r.scenarios)) fail('scenarios', 'expected an array');
  (r.scenarios as unknown[]).forEach((s, i) => {
    const sc = s as Record<string, unknown>;
    if (typeof sc?.name !== 'string') fail(`scenarios[${i}].name`, 'expected a string');
    if (!Array.isArray(sc.repetitions)) fail(`scenarios[${i}].repetitions`, 'expected an array');
    if (!Array.isArray(sc.thresholds)) fail(`scenarios[${i}].thresholds`, 'expected an array');
    if (!Array.isArray(sc.gating)) fail(`scenarios[${i}].gating`, 'expected an array');
    // Expressions are judged later; a bad one is this file's fault, so it is named here.
    (sc.thresholds as TargetThreshold[]).forEach((t, j) => {
      const key = `scenarios[${i}].thresholds[${j}]`;
      for (const [field, parse] of [['metric', parseMetricSelector], ['expression', parseThresholdExpression], ['warn', parseThresholdExpression]] as const) {
        const value = t[field];
        if (value === undefined) continue;
        try {
          parse(value);
        } catch (err) {
          fail(`${key}.${field}`, (err as Error).message);
        }
      }
    });
    (sc.gating as GatingMetric[]).forEach((g, j) => {
      const problem = statProblem(g.stat);
      if (problem) fail(`scenarios[${i}].gating[${j}].stat`, problem);
      try {
        parseMetricSelector(g.metric);
      } catch (err) {
        fail(`scenarios[${i}].gating[${j}].metric`, (err as Error).message);
      }
    });
    (sc.repetitions as unknown[]).forEach((rep, j) => {
      const summary = (rep as { summary?: { metrics?: unknown } })?.summary;
      if (typeof summary?.metrics !== 'object' || summary.metrics === null) {
        fail(`scenarios[${i}].repetitions[${j}].summary.metrics`, 'expected the k6 summary metrics object');
      }
      const host = (rep as { host?: unknown }).host;
      if (host !== undefined) failOn(hostProblem(host, `scenarios[${i}].repetitions[${j}].host`), fail);
    });
  });
  if (r.canary !== undefined) failOn(canaryProblem(r.canary, 'canary'), fail);
  if (r.sideBySide !== undefined) failOn(sideBySideProblem(r.sideBySide), fail);
  return data as ResultsFile;
}

/** Turns a `key: message` problem into the reader's error. */
function failOn(problem: string | null, fail: (key: string, msg: string) => never): void {
  if (!problem) return;
  const at = problem.indexOf(': ');
  fail(problem.slice(0, at), problem.slice(at + 2));
}

/** Host signals: every figure a number or null, the way the saturation rule reads them. */
function hostProblem(data: unknown, key: string): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return `${key}: expected an object of host signals`;
  for (const [field, value] of Object.entries(data)) {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) return `${key}.${field}: expected a number or null, found ${JSON.stringify(value)}`;
  }
  return null;
}

function sideBySideProblem(data: unknown): string | null {
  const d = data as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return 'sideBySide: expected an object';
  if (d.side !== 'base' && d.side !== 'head') return `sideBySide.side: expected "base" or "head", found ${JSON.stringify(d.side)}`;
  if (typeof d.otherRunId !== 'string') return 'sideBySide.otherRunId: expected the run id of the other side';
  if (!Array.isArray(d.order) || !d.order.every((o) => o === 'AB' || o === 'BA')) return 'sideBySide.order: expected an array of "AB" and "BA"';
  return null;
}

/**
 * Checks a drift-guard canary record read from a results or history file.
 * @returns `key: what is wrong` naming the bad key, or null
 */
export function canaryProblem(data: unknown, key: string): string | null {
  const c = data as { version?: unknown; samples?: unknown } | null;
  if (typeof c !== 'object' || c === null || Array.isArray(c)) return `${key}: expected an object with version and samples`;
  if (!Number.isInteger(c.version)) return `${key}.version: expected a whole number`;
  if (!Array.isArray(c.samples)) return `${key}.samples: expected an array`;
  for (const [i, s] of (c.samples as unknown[]).entries()) {
    const sample = s as Record<string, unknown> | null;
    for (const field of ['httpMedMs', 'httpReqsPerSec', 'cpuLoopMs'] as const) {
      const v = sample?.[field];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${key}.samples[${i}].${field}: expected a number >= 0`;
    }
  }
  return null;
}
