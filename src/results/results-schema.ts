/**
 * JSON Schema of a results file (core/results.ts), checked whole when a file is read: results
 * files travel between machines and are untrusted, and every field a comparison or a report
 * reads must be what it claims, so a hand-edited or hostile file is refused by key instead of
 * crashing a renderer later. Unknown keys are allowed (older and newer writers add fields).
 */
import { Ajv, type ErrorObject } from 'ajv';

const num = { type: 'number' } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const nullableNum = { type: ['number', 'null'] } as const;

const group: Record<string, unknown> = {
  type: 'object',
  required: ['name', 'path', 'groups', 'checks'],
  properties: {
    name: str,
    path: str,
    id: str,
    groups: { type: 'array', items: { $ref: '#/$defs/group' } },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'passes', 'fails'],
        properties: { name: str, path: str, id: str, passes: nonNegative, fails: nonNegative },
      },
    },
  },
};

const summaryMetric = {
  type: 'object',
  required: ['type', 'contains', 'values'],
  properties: {
    type: { enum: ['counter', 'gauge', 'rate', 'trend'] },
    contains: { enum: ['default', 'time', 'data'] },
    // k6 writes NaN as null (an empty trend's avg); the readers treat a non-number as absent.
    values: { type: 'object', additionalProperties: nullableNum },
    thresholds: { type: 'object', additionalProperties: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } },
  },
} as const;

const repetition = {
  type: 'object',
  required: ['index', 'startedAt', 'durationMs', 'exitCode', 'errors', 'summary', 'histograms'],
  properties: {
    index: { type: 'integer', minimum: 0 },
    startedAt: str,
    durationMs: nonNegative,
    exitCode: { type: 'integer', minimum: 0, maximum: 255 },
    errors: { type: 'array', items: str },
    summary: {
      type: 'object',
      required: ['root_group', 'metrics'],
      properties: {
        root_group: { $ref: '#/$defs/group' },
        metrics: { type: 'object', additionalProperties: summaryMetric },
      },
    },
    histograms: { type: 'object', additionalProperties: str },
    timeSeries: {
      type: 'array',
      items: { type: 'object', required: ['t', 'rps', 'p95Ms', 'vus'], properties: { t: num, requests: num, rps: num, p95Ms: num, vus: num } },
    },
  },
} as const;

const scenario = {
  type: 'object',
  required: ['name', 'file', 'thresholds', 'gating', 'repetitions'],
  properties: {
    // Never part of a path (imported Go benchmarks are named `BenchmarkX/size=1k-8`); reports escape it.
    name: { type: 'string', minLength: 1 },
    file: str,
    thresholds: {
      type: 'array',
      items: { type: 'object', required: ['metric', 'expression'], properties: { metric: str, expression: str, warn: str } },
    },
    gating: {
      type: 'array',
      items: {
        type: 'object',
        required: ['metric', 'stat', 'direction', 'gate'],
        properties: {
          metric: str,
          stat: str,
          direction: { enum: ['lower', 'higher'] },
          minEffectPct: nonNegative,
          gate: { type: 'boolean' },
          effectFloor: nonNegative,
          expect: { type: 'object', required: ['factor'], properties: { factor: { type: 'number', exclusiveMinimum: 0 } } },
        },
      },
    },
    repetitions: { type: 'array', items: repetition },
  },
} as const;

export const resultsFileSchema = {
  type: 'object',
  required: ['schema', 'runId', 'createdAt', 'profile', 'complete', 'engine', 'environment', 'target', 'scenarios'],
  $defs: { group },
  properties: {
    schema: { const: 1 },
    runId: str,
    createdAt: str,
    profile: str,
    complete: { type: 'boolean' },
    engine: { type: 'object', required: ['name', 'version'], properties: { name: { enum: ['embedded', 'k6', 'autocannon', 'go-test'] }, version: str } },
    environment: {
      type: 'object',
      required: ['gitSha', 'gitBranch', 'nodeVersion', 'os', 'cpuModel', 'cores', 'memoryBytes', 'fingerprint'],
      properties: {
        gitSha: nullableStr,
        gitBranch: nullableStr,
        nodeVersion: str,
        os: str,
        cpuModel: str,
        cores: { type: 'integer', minimum: 0 },
        memoryBytes: nonNegative,
        fingerprint: str,
      },
    },
    target: { type: 'object', required: ['url', 'kind'], properties: { url: str, kind: { enum: ['embedded', 'external'] }, options: { type: 'object' } } },
    scenarios: { type: 'array', items: scenario },
  },
} as const;

const ajv = new Ajv({ allErrors: false, strict: false });
const validate = ajv.compile(resultsFileSchema);

const validateGroup = ajv.compile({ $defs: { group }, $ref: '#/$defs/group' });
const validateMetricThresholds = ajv.compile(summaryMetric.properties.thresholds);

/** The first schema violation as `key: what is wrong`, or null for a file of the right shape. */
export function resultsSchemaProblem(data: unknown): string | null {
  if (validate(data)) return null;
  const err = validate.errors?.[0];
  return err ? describe(err) : 'invalid results file';
}

/** The same for a k6 summary's `root_group` (handleSummary data), its keys under `key`. */
export function summaryGroupProblem(data: unknown, key: string): string | null {
  if (validateGroup(data)) return null;
  const err = validateGroup.errors?.[0];
  return err ? describe(err, key) : `${key}: invalid group`;
}

/** The same for a k6 summary metric's `thresholds` (`{ "p(95)<500": { ok: true } }`). */
export function summaryThresholdsProblem(data: unknown, key: string): string | null {
  if (validateMetricThresholds(data)) return null;
  const err = validateMetricThresholds.errors?.[0];
  return err ? describe(err, key) : `${key}: invalid thresholds`;
}

function describe(err: ErrorObject, prefix = ''): string {
  const key = prefix + err.instancePath.replace(/^\//, '').replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  const at = (k: string): string => (k ? k : '(top level)');
  switch (err.keyword) {
    case 'required': {
      const missing = (err.params as { missingProperty: string }).missingProperty;
      return `${key ? `${key}.` : ''}${missing}: missing`;
    }
    case 'enum':
      return `${at(key)}: expected one of ${(err.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${at(key)}: expected ${JSON.stringify((err.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${at(key)}: ${err.message ?? 'invalid value'}`;
  }
}
