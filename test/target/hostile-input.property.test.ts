/**
 * Property: whatever a client sends, the reference target answers with a JSON 4xx that names the
 * field (or a 2xx when the input is valid), never a 5xx, and it keeps serving.
 *
 * Inputs are generated from a seeded PRNG, so a failure reproduces: the seed and the count of
 * inputs tried are printed, and LOADGATE_PROPERTY_SEED=<seed> replays a run (optionally with
 * LOADGATE_PROPERTY_INPUTS=<n>). Each input carries its own expected outcome, taken from
 * hand-labelled valid and invalid values per field, not from the target's code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { startTarget, type RunningTarget } from '../../src/target/index.js';

const seed = Number(process.env.LOADGATE_PROPERTY_SEED ?? 20_240_514);
const inputCount = Number(process.env.LOADGATE_PROPERTY_INPUTS ?? 1000);
const maxBodyBytes = 64 * 1024;
const seededRecords = 50;
/** Levels a body may nest (the body itself is level 1): the documented limit. */
const depthLimit = 64;

let target: RunningTarget;

beforeAll(async () => {
  target = await startTarget({ seed: seededRecords, maxBodyBytes });
});
afterAll(() => target.close());

// ---------------------------------------------------------------------------------------------
// Values: JSON text that JSON.stringify cannot write (1e400, 5,000 levels) travels as Raw.

class Raw {
  constructor(readonly text: string) {}
}

/** JSON text of a generated value; the values are shallow, deep ones are Raw text. */
function jsonText(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** A value labelled valid or not for one field. */
interface Labelled {
  value: unknown;
  valid: boolean;
  /** When invalid: the field the answer must name, if not the mutated field itself (`.x`: below it). */
  field?: string;
  /** When invalid: the error code, if a specific one is expected. */
  code?: string;
  /** A valid date: the instant it names, as the target writes it back. */
  instant?: string;
}

/** Sets an own property even for `__proto__` (plain assignment would set the prototype instead). */
function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function int(random: Random, below: number): number {
  return Math.floor(random() * below);
}

/** Levels beyond a limit, up to 10,000: just over it, log-uniform, or where recursion overflows (some thousands). */
function excess(random: Random): number {
  const roll = random();
  if (roll < 0.3) return int(random, 3);
  if (roll < 0.6) return Math.floor(Math.exp(random() * Math.log(10_001))) - 1;
  return 3000 + int(random, 7001);
}

/** `levels` nested containers as text. */
function nestedText(levels: number, random: Random): string {
  return random() < 0.5 ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels - 1) + '{}' + '}'.repeat(levels - 1);
}

const wrongTypes: readonly unknown[] = [null, true, false, [], {}, [1], { a: 1 }];
const hostileStrings: readonly string[] = [
  '', ' ', '../../x', '..', '/etc/passwd', '..\\..\\x', '%2e%2e%2f', '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\u202eevil',
  'ë', '😀', '\u2028', '<script>', "'; DROP TABLE records;--", 'a'.repeat(65), 'a'.repeat(5000), '-a', '.a', 'a b', 'a/b', '１',
];

/** Names of orgs, categories and sources: 1-64 of [A-Za-z0-9._:-], starting with a letter or digit. */
function nameValue(random: Random): Labelled {
  if (random() < 0.4) return { value: pick(random, ['acme', 'A', '0', 'a.b_c:d-9', 'a'.repeat(64), 'org-001']), valid: true };
  if (random() < 0.3) return { value: pick(random, [...wrongTypes, 7]), valid: false };
  return { value: pick(random, hostileStrings), valid: false };
}

/** Cents: an integer from 0 to 1e9. */
function centsValue(random: Random): Labelled {
  if (random() < 0.35) return { value: pick(random, [0, 1, 999, 1_000_000_000, new Raw('1e3'), new Raw('10.0'), new Raw('-0'), new Raw('1e-400')]), valid: true };
  if (random() < 0.3) return { value: pick(random, [new Raw('1e400'), new Raw('-1e400')]), valid: false, code: 'E_JSON_NUMBER_RANGE' };
  return { value: pick(random, [-1, 1.5, 1_000_000_001, 2 ** 53, new Raw('9007199254740993'), new Raw('-1e21'), '10', '', ...wrongTypes]), valid: false };
}

/** occurred_at: an ISO-8601 date-time with a zone, on a real calendar; the instant it names. */
const validDates: ReadonlyArray<[string, string]> = [
  ['2024-05-01T12:00:00Z', '2024-05-01T12:00:00.000Z'],
  ['2024-02-29T23:30:00-01:00', '2024-03-01T00:30:00.000Z'],
  ['2000-02-29T00:00:00.123456789+14:00', '2000-02-28T10:00:00.123Z'],
  ['1999-12-31T23:59Z', '1999-12-31T23:59:00.000Z'],
  ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ['2023-12-31T23:59:59.999+00:00', '2023-12-31T23:59:59.999Z'],
];
const invalidDates: readonly unknown[] = [
  '2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '1900-02-29T00:00:00Z', '2024-04-31T10:00:00Z', '2024-06-31T00:00:00Z',
  '2024-01-01T24:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T23:59:60Z', '2024-01-01T00:00:00+24:00', '2024-01-01T00:00:00+05:60',
  '2024-13-01T00:00:00Z', '2024-00-01T00:00:00Z', '2024-01-00T00:00:00Z', '2024-05-01', '2024-05-01T12:00:00', 'yesterday', '',
  '2024-05-01T12:00:00.Z', '２０２４-05-01T00:00:00Z', '2024-05-01T12:00:00Z\n', ' 2024-05-01T12:00:00Z', '+002024-05-01T12:00:00Z',
  1714564800000, ...wrongTypes,
];

function dateValue(random: Random): Labelled {
  if (random() < 0.4) {
    const [text, instant] = pick(random, validDates);
    return { value: text, valid: true, instant };
  }
  return { value: pick(random, invalidDates), valid: false };
}

/**
 * payload: any JSON object, nested at most to the body's limit. `level` is the payload's own
 * level in the body; `topField`, the body's key that holds it (named by a too-deep error).
 */
function payloadValue(random: Random, level: number, topField: string): Labelled {
  const room = depthLimit - level + 1;
  const roll = random();
  if (roll < 0.08) return { value: new Raw(`{"a":${nestedText(room - 1, random)}}`), valid: true };
  if (roll < 0.16) return { value: new Raw(nestedText(room + 1 + excess(random), random)), valid: false, field: topField, code: 'E_JSON_TOO_DEEP' };
  if (roll < 0.24) return { value: { n: 1, big: new Raw(pick(random, ['1e400', '-1e999'])) }, valid: false, field: '.big', code: 'E_JSON_NUMBER_RANGE' };
  if (roll < 0.4) return { value: pick(random, ['text', 1, [], [{}], null, true]), valid: false };
  const payload: Record<string, unknown> = {};
  for (let i = int(random, 6); i > 0; i--) {
    const key = pick(random, ['a', '__proto__', 'constructor', '', '0', 'a.b', '😀', '\ud800', 'x'.repeat(300), `k${i}`]);
    setOwn(payload, key, pick(random, [
      ...hostileStrings, 'z'.repeat(8_000), 0, -1.5e308, new Raw('1e308'), new Raw('9007199254740993'), new Raw('-0'), new Raw('1e-400'),
      true, null, [1, 'a', null], { nested: { deeper: ['x'] } },
    ]));
  }
  return { value: payload, valid: true };
}

/** syncId and batchId: 1-128 characters of well-formed Unicode. */
function idValue(random: Random): Labelled {
  if (random() < 0.5) {
    return { value: pick(random, ['s', '../../x', '..', '/', 'a b', '\u0000', 'a'.repeat(128), '😀'.repeat(128), '%2e%2e', 'ë', '\u202e']), valid: true };
  }
  return { value: pick(random, ['', 'a'.repeat(129), '\ud800', 'x\udc00', '😀'.repeat(129), 1, ...wrongTypes]), valid: false };
}

// ---------------------------------------------------------------------------------------------
// Inputs: a request with its expected outcome.

interface Expected {
  /** 'ok': a 2xx; 'bad': a 4xx naming `field` (when given) with `code` (when given); 'any': below 500. */
  outcome: 'ok' | 'bad' | 'any';
  status?: number;
  field?: string;
  code?: string;
}

interface Input {
  kind: string;
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  expected: Expected;
  /** Checks of a 2xx answer beyond its status (read-back, retry). */
  after?: (answer: any) => Promise<void>;
}

function recordBody(random: Random): Record<string, unknown> {
  return {
    org: pick(random, ['acme', 'org-001', 'org-002']),
    category: pick(random, ['compute', 'storage']),
    source: 'api',
    occurred_at: '2024-05-01T12:00:00Z',
    cost_cents: int(random, 10_000),
    tax_cents: int(random, 1000),
    payload: { invoice: 'INV-1' },
  };
}

type FieldKind = 'name' | 'cents' | 'date' | 'payload' | 'id';
const recordKinds: Record<string, FieldKind> = {
  org: 'name', category: 'name', source: 'name', occurred_at: 'date', cost_cents: 'cents', tax_cents: 'cents', payload: 'payload',
};

function valueFor(random: Random, kind: FieldKind, level: number, topField: string): Labelled {
  switch (kind) {
    case 'name':
      return nameValue(random);
    case 'cents':
      return centsValue(random);
    case 'date':
      return dateValue(random);
    case 'payload':
      return payloadValue(random, level, topField);
    case 'id':
      return idValue(random);
  }
}

/** How a client names a made-up key in a path (identifiers with a dot, others quoted in brackets). */
function keyPath(prefix: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) && key.length <= 64) return prefix === '' ? key : `${prefix}.${key}`;
  const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
  return `${prefix === '' ? 'body' : prefix}[${JSON.stringify(shown)}]`;
}

const madeUpKeys = ['colour', 'id', '0', '', 'a b', '__proto__', 'constructor', '😀', 'x'.repeat(100), 'created_at'];

/**
 * Changes one thing of an object (in place): a field to a labelled value, a required field
 * removed, or a made-up key added. Returns what the answer must say.
 */
function mutate(
  random: Random,
  object: Record<string, unknown>,
  kinds: Record<string, FieldKind>,
  required: readonly string[],
  prefix: string,
  level: number,
  topField: (key: string) => string,
): Expected & { instant?: string; key?: string } {
  const roll = random();
  if (roll < 0.1 && required.length > 0) {
    const key = pick(random, required);
    delete object[key];
    return { outcome: 'bad', field: keyPath(prefix, key), code: 'E_VALIDATION' };
  }
  if (roll < 0.2) {
    const key = pick(random, madeUpKeys);
    setOwn(object, key, pick(random, [1, 'x', null]));
    return { outcome: 'bad', field: keyPath(prefix, key), code: 'E_VALIDATION' };
  }
  const key = pick(random, Object.keys(kinds));
  const kind = kinds[key] as FieldKind;
  const labelled = valueFor(random, kind, level + 1, topField(key));
  object[key] = labelled.value;
  const path = keyPath(prefix, key);
  if (labelled.valid) return { outcome: 'ok', key, instant: labelled.instant };
  const field = labelled.field === undefined ? path : labelled.field.startsWith('.') ? path + labelled.field : labelled.field;
  return { outcome: 'bad', field, code: labelled.code };
}

function postRecord(random: Random): Input {
  const body = recordBody(random);
  const expected = mutate(random, body, recordKinds, Object.keys(recordKinds).filter((k) => k !== 'payload'), '', 1, (key) => key);
  const text = jsonText(body);
  return {
    kind: 'POST /records',
    method: 'POST',
    path: '/records',
    body: text,
    expected,
    after: async (answer) => {
      // Read back what was stored: the same values, the date as the instant it names.
      const sent = JSON.parse(text) as Record<string, unknown>;
      const read = (await get(`/records/${answer.id}`)).body;
      for (const key of ['org', 'category', 'source', 'cost_cents', 'tax_cents']) expect(read[key], key).toBe(Object.is(sent[key], -0) ? 0 : sent[key]);
      expect(JSON.stringify(read.payload), 'payload').toBe(JSON.stringify(sent.payload ?? {}));
      if (expected.instant !== undefined) expect(read.occurred_at, 'occurred_at').toBe(expected.instant);
    },
  };
}

function patchRecord(random: Random): Input {
  const full = recordBody(random);
  delete full.org;
  const kinds = { ...recordKinds };
  delete kinds.org;
  const body: Record<string, unknown> = {};
  for (const key of Object.keys(full)) if (random() < 0.4) body[key] = full[key];
  let expected: Expected = { outcome: 'ok' };
  const roll = random();
  if (roll < 0.1) {
    body.org = 'other';
    expected = { outcome: 'bad', field: 'org', code: 'E_VALIDATION' };
  } else if (roll < 0.85) {
    expected = mutate(random, body, kinds, [], '', 1, (key) => key);
  }
  if (Object.keys(body).length === 0 && expected.outcome === 'ok') expected = { outcome: 'bad', field: 'body', code: 'E_VALIDATION' };
  const id = 1 + int(random, seededRecords);
  return { kind: 'PATCH /records/:id', method: 'PATCH', path: `/records/${id}`, body: jsonText(body), expected };
}

let batchSerial = 0;

function postBatch(random: Random): Input {
  const n = 1 + int(random, 3);
  const records = Array.from({ length: n }, () => {
    const r = recordBody(random);
    delete r.org;
    return r;
  });
  batchSerial++;
  const body: Record<string, unknown> = { syncId: `prop-${seed}-${batchSerial}`, org: 'sync-org', batchId: `b-${batchSerial}`, records };
  let expected: Expected;
  if (random() < 0.5) {
    expected = mutate(random, body, { syncId: 'id', org: 'name', batchId: 'id' }, ['syncId', 'org', 'batchId', 'records'], '', 1, (key) => key);
  } else {
    const i = int(random, n);
    const kinds = { ...recordKinds };
    delete kinds.org;
    expected = mutate(random, records[i]!, kinds, Object.keys(kinds).filter((k) => k !== 'payload'), `records[${i}]`, 3, () => 'records');
  }
  const text = jsonText(body);
  return {
    kind: 'POST /sync/batches',
    method: 'POST',
    path: '/sync/batches',
    body: text,
    expected,
    after: async () => {
      // A client that re-serialises (keys in another order) is retrying: a duplicate, not a conflict.
      const sent = JSON.parse(text) as Record<string, unknown>;
      const reordered = Object.fromEntries(Object.entries(sent).reverse());
      reordered.records = (sent.records as Array<Record<string, unknown>>).map((r) => Object.fromEntries(Object.entries(r).reverse()));
      const retry = await fetch(`${target.url}/sync/batches`, { method: 'POST', body: JSON.stringify(reordered) });
      expect(retry.status, 'retry with keys reordered').toBe(200);
      expect(((await retry.json()) as { duplicate: boolean }).duplicate).toBe(true);
      // And the sync reports the batch under the ids that were sent (a URL cannot carry "." or "..").
      if (sent.syncId === '.' || sent.syncId === '..') return;
      const summary = await get(`/sync/${segment(sent.syncId as string)}`);
      expect(summary.status).toBe(200);
      expect(summary.body.batches.map((b: { batchId: string }) => b.batchId)).toContain(sent.batchId);
    },
  };
}

/** A valid record whose payload nests to the limit, or past it, on every endpoint that takes one. */
function deepPayload(random: Random): Input {
  const [method, path, level, topField] = pick(random, [
    ['POST', '/records', 2, 'payload'],
    ['PATCH', `/records/${1 + int(random, seededRecords)}`, 2, 'payload'],
    ['POST', '/sync/batches', 4, 'records'],
  ] as const);
  const room = depthLimit - level + 1;
  const over = random() < 0.8;
  const payload = new Raw(`{"a":${nestedText(room - 1 + (over ? 1 + excess(random) : 0), random)}}`);
  const record = recordBody(random);
  let body: Record<string, unknown> = { ...record, payload };
  if (method === 'PATCH') body = { payload };
  if (path === '/sync/batches') {
    delete body.org;
    batchSerial++;
    body = { syncId: `deep-${seed}-${batchSerial}`, org: 'sync-org', batchId: 'b', records: [body] };
  }
  const expected: Expected = over ? { outcome: 'bad', status: 400, field: topField, code: 'E_JSON_TOO_DEEP' } : { outcome: 'ok' };
  return { kind: 'deep payload', method, path, body: jsonText(body), expected };
}

function postSeed(random: Random): Input {
  const body: Record<string, unknown> = { count: 1 + int(random, 3) };
  const counts = (valid: readonly unknown[], invalid: readonly unknown[]) => (r: Random): Labelled =>
    r() < 0.4 ? { value: pick(r, valid), valid: true } : { value: pick(r, invalid), valid: false };
  const bad = [-1, 1.5, '3', '', 2 ** 53, new Raw('1e21'), ...wrongTypes];
  const fields: Record<string, (r: Random) => Labelled> = {
    // Valid counts stay tiny: a valid 10,000,000 would seed for minutes.
    count: counts([1, 2, new Raw('3.0')], [0, 10_000_001, ...bad]),
    orgs: counts([1, 10_000], [0, 10_001, ...bad]),
    categories: counts([1, 100], [0, 101, ...bad]),
    randomSeed: counts([0, 4_294_967_295], [4_294_967_296, ...bad]),
  };
  const roll = random();
  let expected: Expected;
  if (roll < 0.1) {
    delete body.count;
    expected = { outcome: 'bad', field: 'count' };
  } else if (roll < 0.2) {
    const key = pick(random, madeUpKeys);
    setOwn(body, key, 1);
    expected = { outcome: 'bad', field: keyPath('', key) };
  } else {
    const key = pick(random, Object.keys(fields));
    const labelled = fields[key]!(random);
    body[key] = labelled.value;
    expected = labelled.valid ? { outcome: 'ok' } : { outcome: 'bad', field: key };
  }
  return { kind: 'POST /admin/seed', method: 'POST', path: '/admin/seed', body: jsonText(body), expected };
}

function postFaults(random: Random): Input {
  const ranges: Record<string, [readonly unknown[], readonly unknown[]]> = {
    // Valid values stay harmless (and are reset after): no injected errors, no long sleeps.
    latencyMs: [[0, 0.5, 2], [-1, 60_001, '1', new Raw('1e400')]],
    slowdown: [[1, 1.01], [0.5, 0, 1001, '2']],
    errorRate: [[0], [-0.1, 1.1, '0', new Raw('-1e999')]],
  };
  const body: Record<string, unknown> = {};
  const key = pick(random, Object.keys(ranges));
  const [valid, invalid] = ranges[key]!;
  let expected: Expected;
  if (random() < 0.15) {
    const made = pick(random, madeUpKeys);
    setOwn(body, made, 1);
    expected = { outcome: 'bad', field: keyPath('', made) };
  } else if (random() < 0.4) {
    body[key] = pick(random, valid);
    expected = { outcome: 'ok' };
  } else {
    body[key] = pick(random, [...invalid, ...wrongTypes]);
    const text = jsonText(body[key]);
    expected = { outcome: 'bad', field: key, code: /e(400|999)/.test(text) ? 'E_JSON_NUMBER_RANGE' : 'E_VALIDATION' };
  }
  return { kind: 'POST /admin/faults', method: 'POST', path: '/admin/faults', body: jsonText(body), expected };
}

/** A body of random bytes (often not UTF-8), random JSON scalars, or a whole body too deep or too large. */
function rawBody(random: Random): Input {
  const [method, path] = pick(random, [['POST', '/records'], ['PATCH', '/records/1'], ['POST', '/sync/batches'], ['POST', '/admin/seed'], ['POST', '/admin/faults']] as const);
  const roll = random();
  if (roll < 0.35) {
    const bytes = new Uint8Array(1 + int(random, 300));
    for (let i = 0; i < bytes.length; i++) bytes[i] = int(random, 256);
    // Random bytes parse as JSON only by a fluke; a lone digit or `{}` is still no valid body, bar `{}` for the faults.
    return { kind: 'random bytes', method, path, body: bytes, expected: { outcome: path === '/admin/faults' ? 'any' : 'bad' } };
  }
  if (roll < 0.55) {
    const text = pick(random, ['', ' ', 'null', '0', '"text"', 'true', '[]', '[{}]', '{"a":', '{"a":1}}', "{'a':1}", '\ufeff{}', '1e400', 'NaN', '{"a":1,"a":2}']);
    return { kind: 'JSON scalars and near-JSON', method, path, body: text, expected: { outcome: 'bad' } };
  }
  if (roll < 0.8) {
    const levels = depthLimit + 1 + excess(random);
    return { kind: 'too deep', method, path, body: nestedText(levels, random), expected: { outcome: 'bad', status: 400, code: 'E_JSON_TOO_DEEP' } };
  }
  const size = maxBodyBytes + 1 + int(random, maxBodyBytes);
  return { kind: 'too large', method, path, body: `{"payload":"${'x'.repeat(size)}"}`, expected: { outcome: 'bad', status: 413, code: 'E_BODY_TOO_LARGE' } };
}

/** A path segment as a client would percent-encode it; strings that are not well-formed go as UTF-8 (U+FFFD). */
function segment(value: string): string {
  return [...new TextEncoder().encode(value)].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0').toUpperCase()}`)).join('');
}

function pathParams(random: Random): Input {
  const roll = random();
  if (roll < 0.35) {
    const [id, expected] = pick(random, [
      ['1', { outcome: 'ok' }], [String(seededRecords), { outcome: 'ok' }], ['999999', { outcome: 'bad', status: 404 }],
      ['0', null], ['-1', null], ['1.5', null], ['1e3', null], ['01', null], ['9007199254740993', null], ['99999999999999999', null],
      ['../../x', null], ['..', { outcome: 'bad', status: 404 }], ['%zz', { outcome: 'bad', field: 'path', code: 'E_BAD_PATH' }], ['１', null], [' 1', null], ['0x10', null],
    ] as Array<[string, Expected | null]>);
    const raw = id === '%zz' ? id : segment(id);
    return { kind: 'GET /records/:id', method: pick(random, ['GET', 'HEAD']), path: `/records/${raw}`, expected: expected ?? { outcome: 'bad', field: 'id', code: 'E_BAD_ID' } };
  }
  if (roll < 0.65) {
    const name = nameValue(random);
    const value = typeof name.value === 'string' && name.value !== '' ? name.value : 'x y';
    const valid = name.valid && typeof name.value === 'string';
    // A URL cannot carry "." or ".." as a segment: clients resolve them away, leaving no route.
    const expected: Expected = value === '..' ? { outcome: 'bad', status: 404 } : valid ? { outcome: 'any' } : { outcome: 'bad', field: 'org' };
    return { kind: 'GET /orgs/:org/stats', method: 'GET', path: `/orgs/${segment(value)}/stats`, expected };
  }
  const id = idValue(random);
  const value = typeof id.value === 'string' && id.value !== '' ? id.value : '../../x';
  // 404, or 200 for an id an earlier input stored: then it is that sync's summary.
  return {
    kind: 'GET /sync/:syncId',
    method: 'GET',
    path: `/sync/${segment(value)}`,
    expected: { outcome: 'any' },
    after: async (answer) => {
      expect(answer.syncId).toBe(value);
    },
  };
}

function query(random: Random): Input {
  const params: Array<[string, string, Expected]> = [];
  const roll = random();
  if (roll < 0.2) {
    const name = nameValue(random);
    const key = pick(random, ['org', 'category']);
    // A query value is always text: wrong types have no equivalent, so an invalid name stands in.
    const value = typeof name.value === 'string' ? name.value : 'x y';
    params.push([key, value, name.valid ? { outcome: 'ok' } : { outcome: 'bad', field: key, code: 'E_BAD_QUERY' }]);
  } else if (roll < 0.5) {
    const key = pick(random, ['from', 'to']);
    const date = dateValue(random);
    const text = typeof date.value === 'string' ? date.value : 'x y';
    // Query dates may be dates alone: 2024-05-01 is valid there.
    const ok = date.valid || text === '2024-05-01';
    params.push([key, text, ok ? { outcome: 'ok' } : { outcome: 'bad', field: key, code: 'E_BAD_QUERY' }]);
  } else if (roll < 0.7) {
    const [value, ok] = pick(random, [['1', true], ['1000', true], ['5000', true], ['0', false], ['-1', false], ['1.5', false], ['1e3', false], ['', false], ['ten', false], ['9999999999', false], ['１', false]] as Array<[string, boolean]>);
    params.push(['limit', value, ok ? { outcome: 'ok' } : { outcome: 'bad', field: 'limit', code: 'E_BAD_QUERY' }]);
  } else if (roll < 0.85) {
    const key = pick(random, ['sort', 'ORG', 'org[]', 'a b', '\u0000', '😀', '../../x']);
    params.push([key, '1', { outcome: 'bad', field: key, code: 'E_BAD_QUERY' }]);
  } else {
    const key = pick(random, ['org', 'limit', 'from']);
    const value = key === 'org' ? 'acme' : key === 'limit' ? '3' : '2024-01-01';
    params.push([key, value, { outcome: 'ok' }], [key, value, { outcome: 'bad', field: key, code: 'E_BAD_QUERY' }]);
  }
  const search = new URLSearchParams(params.map(([k, v]) => [k, v]));
  return { kind: 'GET /records?query', method: 'GET', path: `/records?${search.toString()}`, expected: params[params.length - 1]![2] };
}

const routes: Record<string, readonly string[]> = {
  '/health': ['GET', 'HEAD'], '/records': ['GET', 'HEAD', 'POST'], '/records/1': ['GET', 'HEAD', 'PATCH'], '/orgs/acme/stats': ['GET', 'HEAD'],
  '/sync/batches': ['POST'], '/sync/x': ['GET', 'HEAD'], '/admin/seed': ['POST'], '/admin/faults': ['GET', 'HEAD', 'POST'], '/metrics': ['GET', 'HEAD'],
};

function wrongMethodOrRoute(random: Random): Input {
  if (random() < 0.5) {
    const path = pick(random, Object.keys(routes));
    const method = pick(random, ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'OPTIONS'].filter((m) => !routes[path]!.includes(m)));
    return { kind: 'wrong method', method, path, body: method === 'GET' ? undefined : '{}', expected: { outcome: 'bad', status: 405, code: 'E_METHOD_NOT_ALLOWED' } };
  }
  const path = pick(random, ['/', '/records/1/extra', '/org/acme/stats', '/admin', '/sync', `/${segment('../../etc/passwd')}`, '/records/1/..%2f..%2fx', '/%ED%A0%80', '/metrics/x', '/health/x']);
  return { kind: 'unknown route', method: pick(random, ['GET', 'POST']), path, body: undefined, expected: { outcome: 'bad', status: 404, code: 'E_NOT_FOUND' } };
}

function contentTypes(random: Random): Input {
  const [type, ok] = pick(random, [
    ['application/json', true], ['APPLICATION/JSON; charset=utf-8', true], ['text/plain', true], ['application/vnd.api+json', true],
    ['application/xml', false], ['multipart/form-data; boundary=x', false], ['application/x-www-form-urlencoded', false], ['text/html', false], ['application/jsonx', false], ['*/*', false],
  ] as Array<[string, boolean]>);
  const body = JSON.stringify({ ...recordBody(random) });
  return { kind: 'content types', method: 'POST', path: '/records', body, contentType: type, expected: ok ? { outcome: 'ok' } : { outcome: 'bad', status: 415, code: 'E_UNSUPPORTED_MEDIA_TYPE' } };
}

const generators: ReadonlyArray<[number, (random: Random) => Input]> = [
  [5, postRecord], [3, patchRecord], [4, postBatch], [2, deepPayload], [1, postSeed], [1, postFaults], [3, rawBody], [2, pathParams], [2, query], [1, wrongMethodOrRoute], [1, contentTypes],
];
const totalWeight = generators.reduce((sum, [w]) => sum + w, 0);

function generate(random: Random): Input {
  let roll = random() * totalWeight;
  for (const [weight, make] of generators) {
    roll -= weight;
    if (roll < 0) return make(random);
  }
  return generators[0]![1](random);
}

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(target.url + path);
  return { status: res.status, body: await res.json() };
}

// ---------------------------------------------------------------------------------------------

describe('hostile input to every endpoint of the reference target (property, seeded)', () => {
  it('is answered with a 4xx naming the field, or a 2xx when valid; never a 5xx', async () => {
    const random = seededRandom(seed);
    const tried = new Map<string, number>();
    for (let i = 0; i < inputCount; i++) {
      const input = generate(random);
      tried.set(input.kind, (tried.get(input.kind) ?? 0) + 1);
      const headers: Record<string, string> = {};
      if (input.contentType !== undefined) headers['content-type'] = input.contentType;
      const res = await fetch(target.url + input.path, { method: input.method, headers, body: input.body });
      const text = await res.text();
      const sent = input.body === undefined ? '' : typeof input.body === 'string' ? input.body : `<${input.body.length} random bytes>`;
      const bodyBytes = input.body === undefined ? 0 : typeof input.body === 'string' ? Buffer.byteLength(input.body) : input.body.length;
      // Whatever else is wrong with it, a body over the limit is refused unread.
      const expected: Expected = bodyBytes > maxBodyBytes ? { outcome: 'bad', status: 413, code: 'E_BODY_TOO_LARGE' } : input.expected;
      const where = `seed ${seed} input #${i} (${input.kind}): ${input.method} ${input.path.slice(0, 120)} ${sent.slice(0, 160)} → ${res.status} ${text.slice(0, 300)}`;
      expect(res.status, where).toBeLessThan(500);
      const isJson = input.method !== 'HEAD' && !(input.path === '/metrics' && res.status === 200);
      let answer: any;
      if (isJson) {
        expect(() => (answer = JSON.parse(text)), `${where}: not JSON`).not.toThrow();
      }
      if (expected.status !== undefined) expect(res.status, where).toBe(expected.status);
      if (expected.outcome === 'ok') expect(res.status, where).toBeLessThan(300);
      if (expected.outcome === 'bad') expect(res.status, where).toBeGreaterThanOrEqual(400);
      if (res.status >= 400 && answer !== undefined) {
        expect(typeof answer.error?.code, where).toBe('string');
        expect(typeof answer.error?.message, where).toBe('string');
        if (expected.code !== undefined) expect(answer.error.code, where).toBe(expected.code);
        if (res.status === 400) {
          // Every 400 names the field, and says it in the message too.
          expect(typeof answer.error.field, where).toBe('string');
          expect(answer.error.field.length, where).toBeGreaterThan(0);
          expect(answer.error.message, where).toContain(answer.error.field);
          if (expected.field !== undefined) expect(answer.error.field, where).toBe(expected.field);
        }
      }
      if (res.status < 300 && expected === input.expected && input.after !== undefined) {
        try {
          await input.after(answer);
        } catch (err) {
          throw new Error(`${where}\n${(err as Error).message}`, { cause: err });
        }
      }
      if (input.path === '/admin/faults' && res.status === 200) target.setFaults({ latencyMs: 0, slowdown: 1, errorRate: 0 });
    }
    const kinds = [...tried.entries()].map(([kind, n]) => `${kind} ${n}`).join(', ');
    console.log(`hostile-input property: seed ${seed}, ${inputCount} inputs tried (${kinds}); replay with LOADGATE_PROPERTY_SEED=${seed}`);
    // Still serving, and the metrics agree that nothing was answered with a 5xx.
    expect((await get('/health')).status).toBe(200);
    expect(await (await fetch(`${target.url}/metrics`)).text()).not.toMatch(/status="5\d\d"/);
  });
});
