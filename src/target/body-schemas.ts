import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { HttpError, validationError } from './http-error.js';
import { parseIsoInstant } from './iso-date.js';
import { fieldPath as formatPath } from './json-limits.js';
import type { NewRecord, RecordPatch } from './record-store.js';
import type { SeedRequest } from './seed.js';
import type { SyncBatch } from './sync-store.js';

const ajv = new Ajv({ allErrors: false, verbose: true, strict: true });

ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseIsoInstant(s, 'date-time').ok });
// A lone UTF-16 surrogate cannot be stored as text: SQLite would hand back U+FFFD instead of it.
ajv.addFormat('well-formed', { type: 'string', validate: (s: string) => !/\p{Surrogate}/u.test(s) });

/** Names of orgs, categories and sources: printable and short, so they make sane index keys. */
const name = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' };
/** Up to $10M per record keeps a million-record sum a safe integer. */
const cents = { type: 'integer', minimum: 0, maximum: 1_000_000_000 };
const recordFields = {
  category: name,
  source: name,
  occurred_at: { type: 'string', format: 'date-time' },
  cost_cents: cents,
  tax_cents: cents,
  payload: { type: 'object' },
};
const recordRequired = ['category', 'source', 'occurred_at', 'cost_cents', 'tax_cents'];

const validateNewRecord = ajv.compile<NewRecord>({
  type: 'object',
  properties: { org: name, ...recordFields },
  required: ['org', ...recordRequired],
  additionalProperties: false,
});

const validateRecordPatch = ajv.compile<RecordPatch>({
  type: 'object',
  properties: recordFields,
  minProperties: 1,
  additionalProperties: false,
});

const validateSyncBatch = ajv.compile<SyncBatch>({
  type: 'object',
  properties: {
    syncId: { type: 'string', minLength: 1, maxLength: 128, format: 'well-formed' },
    org: name,
    batchId: { type: 'string', minLength: 1, maxLength: 128, format: 'well-formed' },
    records: {
      type: 'array',
      minItems: 1,
      maxItems: 10_000,
      items: { type: 'object', properties: recordFields, required: recordRequired, additionalProperties: false },
    },
  },
  required: ['syncId', 'org', 'batchId', 'records'],
  additionalProperties: false,
});

const validateSeedRequest = ajv.compile<SeedRequest>({
  type: 'object',
  properties: {
    count: { type: 'integer', minimum: 1, maximum: 10_000_000 },
    orgs: { type: 'integer', minimum: 1, maximum: 10_000 },
    categories: { type: 'integer', minimum: 1, maximum: 100 },
    randomSeed: { type: 'integer', minimum: 0, maximum: 4_294_967_295 },
  },
  required: ['count'],
  additionalProperties: false,
});

/** Checks a parsed body against an endpoint's schema; throws a 400 naming the field and what is valid. */
function checked<T>(validate: ValidateFunction<T>, body: unknown): T {
  if (validate(body)) return body;
  const first = validate.errors?.[0];
  if (first === undefined) throw new HttpError(400, 'E_VALIDATION', 'body is not valid', 'body');
  const { field, message } = describeSchemaError(first);
  throw validationError(field, message);
}

/** Parsers of each endpoint's JSON body. */
export const parseBody = {
  newRecord: (body: unknown): NewRecord => checked(validateNewRecord, body),
  recordPatch: (body: unknown): RecordPatch => {
    // Checked before the schema so the message says why org is special, not just "unknown field".
    if (isObject(body) && 'org' in body) {
      throw validationError('org', 'cannot be changed (it keys the org KPIs); patchable fields: ' + Object.keys(recordFields).join(', '));
    }
    return checked(validateRecordPatch, body);
  },
  syncBatch: (body: unknown): SyncBatch => checked(validateSyncBatch, body),
  seedRequest: (body: unknown): SeedRequest => checked(validateSeedRequest, body),
};

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * `/records/3/cost_cents` → `records[3].cost_cents`. Digits in the pointer are array indexes (no
 * schema property is numeric); `child`, a key the client made up, is always a key.
 */
function fieldPath(instancePath: string, child?: string): string {
  const segments: Array<string | number> = instancePath
    .split('/')
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part.replaceAll('~1', '/').replaceAll('~0', '~')));
  if (child !== undefined) segments.push(child);
  return formatPath(segments);
}

function describeSchemaError(e: ErrorObject): { field: string; message: string } {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { field: fieldPath(e.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      return {
        field: fieldPath(e.instancePath, String(params.additionalProperty)),
        message: `is not a known field; valid fields: ${allowed.join(', ')}`,
      };
    }
    case 'type':
      return { field: fieldPath(e.instancePath), message: `must be ${article(String(params.type))}` };
    case 'format': {
      if (params.format === 'well-formed') {
        return { field: fieldPath(e.instancePath), message: 'must be well-formed Unicode text (it holds a lone UTF-16 surrogate, which cannot be stored as sent)' };
      }
      const parsed = typeof e.data === 'string' ? parseIsoInstant(e.data, 'date-time') : undefined;
      const calendar = parsed?.ok === false ? parsed.calendar : undefined;
      return {
        field: fieldPath(e.instancePath),
        message:
          calendar === undefined
            ? 'must be an ISO-8601 date-time with a zone, e.g. 2024-05-01T12:00:00Z'
            : `must be a real calendar date-time: ${calendar} (got ${JSON.stringify(e.data)})`,
      };
    }
    case 'pattern':
      return { field: fieldPath(e.instancePath), message: 'must start with a letter or digit and hold only letters, digits and . _ : -' };
    case 'minProperties':
      return { field: fieldPath(e.instancePath), message: `must have at least one of: ${Object.keys(recordFields).join(', ')}` };
    default:
      return { field: fieldPath(e.instancePath), message: e.message ?? 'is not valid' };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
