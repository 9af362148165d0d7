import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { newRecord, request, send } from './target-client.js';

let target: RunningTarget;
let base: string;
const maxBodyBytes = 64 * 1024;

beforeAll(async () => {
  target = await startTarget({ seed: 10, maxBodyBytes });
  base = target.url;
});
afterAll(() => target.close());

async function expectError(res: Promise<{ status: number; body: any }>, status: number, code: string, message?: string): Promise<void> {
  const { status: actual, body } = await res;
  expect(actual).toBe(status);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  if (message !== undefined) expect(body.error.message).toContain(message);
}

describe('bad bodies', () => {
  it('malformed JSON is a 400 quoting the parser', async () => {
    const res = request(base, '/records', { method: 'POST', body: '{"org": "a",' });
    await expectError(res, 400, 'E_BAD_JSON', 'request body is not valid JSON');
  });

  it('a body declared as something other than JSON is a 415 naming the type, and nothing is stored', async () => {
    const before = (await request(base, '/orgs/org-001/stats')).body;
    const form = request(base, '/records', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'org=org-001' });
    await expectError(form, 415, 'E_UNSUPPORTED_MEDIA_TYPE', 'Content-Type application/x-www-form-urlencoded is not supported; send the body as application/json');
    const xml = request(base, '/records/1', { method: 'PATCH', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    await expectError(xml, 415, 'E_UNSUPPORTED_MEDIA_TYPE');
    expect((await request(base, '/orgs/org-001/stats')).body).toEqual(before);
    // No type at all (k6's string bodies) and JSON with parameters are read as JSON.
    const untyped = await fetch(`${base}/records`, { method: 'POST', body: new Blob([JSON.stringify(newRecord())]) });
    expect(untyped.status).toBe(201);
    await untyped.arrayBuffer();
    const withCharset = await request(base, '/records', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(newRecord()) });
    expect(withCharset.status).toBe(201);
  });

  it('an empty body is a 400', async () => {
    await expectError(request(base, '/records', { method: 'POST' }), 400, 'E_BAD_JSON', 'request body is empty');
  });

  it.each([
    [[1, 2], 'body must be an object'],
    [newRecord({ cost_cents: '10' }), 'cost_cents must be an integer'],
    [newRecord({ cost_cents: 1.5 }), 'cost_cents must be an integer'],
    [newRecord({ tax_cents: -1 }), 'tax_cents must be >= 0'],
    [newRecord({ occurred_at: 'yesterday' }), 'occurred_at must be an ISO-8601 date-time'],
    [newRecord({ occurred_at: '2024-13-45T00:00:00Z' }), 'occurred_at must be a real calendar date-time: month 13 does not exist (months run 01-12)'],
    [newRecord({ payload: 'text' }), 'payload must be an object'],
    [newRecord({ colour: 'red' }), 'colour is not a known field; valid fields: org, category, source, occurred_at'],
    [{ ...newRecord(), org: undefined }, 'org is required'],
  ])('POST /records %j → 400 naming the field', async (body, message) => {
    await expectError(send(base, 'POST', '/records', body), 400, 'E_VALIDATION', message);
  });

  it('PATCH refuses org, unknown fields and an empty patch', async () => {
    await expectError(send(base, 'PATCH', '/records/1', { org: 'other' }), 400, 'E_VALIDATION', 'org cannot be changed');
    await expectError(send(base, 'PATCH', '/records/1', {}), 400, 'E_VALIDATION', 'body must have at least one of: category');
    await expectError(send(base, 'PATCH', '/records/1', { cost_cents: null }), 400, 'E_VALIDATION', 'cost_cents must be an integer');
  });

  it('POST /admin/seed and /admin/faults validate their bodies', async () => {
    await expectError(send(base, 'POST', '/admin/seed', { count: 0 }), 400, 'E_VALIDATION', 'count must be >= 1');
    await expectError(send(base, 'POST', '/admin/seed', { count: 5, orgz: 1 }), 400, 'E_VALIDATION', 'orgz is not a known field');
    await expectError(send(base, 'POST', '/admin/faults', { errorRate: 3 }), 400, 'E_VALIDATION', '"errorRate" must be a number from 0 to 1 (got 3)');
    // Every 400 names its field, these too.
    expect((await send(base, 'POST', '/admin/faults', { errorRate: 3 })).body.error.field).toBe('errorRate');
    expect((await send(base, 'POST', '/admin/faults', { 'a b': 1 })).body.error).toMatchObject({ field: 'body["a b"]', message: expect.stringContaining('unknown fault option body["a b"]') });
    expect((await send(base, 'POST', '/admin/faults', [1])).body.error).toMatchObject({ field: 'body', message: expect.stringContaining('body must be an object') });
    expect((await request(base, '/records', { method: 'POST', body: '{' })).body.error.field).toBe('body');
    expect((await request(base, '/admin/faults')).body).toEqual({ latencyMs: 0, slowdown: 1, errorRate: 0 });
  });
});

/** `{"a":{"a":...{}}}` with `levels` objects, the outermost included. */
function nestedObjects(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) value = { a: value };
  return value;
}

describe('deeply nested bodies', () => {
  // Built as text: JSON.stringify itself overflows the stack on such values.
  const deepPayload = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
  const deepRecord = JSON.stringify(newRecord({ payload: null })).replace('"payload":null', `"payload":${deepPayload}`);

  it.each([
    ['POST', '/records', deepRecord, 'payload'],
    ['PATCH', '/records/1', `{"payload":${deepPayload}}`, 'payload'],
    ['POST', '/sync/batches', `{"syncId":"s-deep","org":"o","batchId":"b","records":[${deepRecord.replace('"org":"acme",', '')}]}`, 'records'],
    ['POST', '/admin/faults', `{"errorRate":${'['.repeat(5000)}${']'.repeat(5000)}}`, 'errorRate'],
    ['POST', '/admin/seed', `{"count":${deepPayload}}`, 'count'],
    ['POST', '/records', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'body'],
  ])('%s %s nested 5,000 deep is a 400 naming the limit and the field', async (method, path, body, field) => {
    const res = await request(base, path, { method, headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('E_JSON_TOO_DEEP');
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(`${field} nests deeper than 64 levels`);
    expect(res.body.error.message).toContain('a request body may nest at most 64 levels');
  });

  it('64 levels are accepted, 65 are not', async () => {
    // The body is level 1, payload level 2: a payload of 63 levels makes 64.
    const atLimit = await send(base, 'POST', '/records', newRecord({ payload: nestedObjects(63) }));
    expect(atLimit.status).toBe(201);
    expect(JSON.stringify(atLimit.body.payload)).toBe(JSON.stringify(nestedObjects(63)));
    const over = await send(base, 'POST', '/records', newRecord({ payload: nestedObjects(64) }));
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ code: 'E_JSON_TOO_DEEP', field: 'payload' });
  });
});

describe('numbers beyond a double', () => {
  it('1e400 (Infinity once parsed, null once stored) is a 400 naming its path', async () => {
    const body = JSON.stringify(newRecord({ payload: { amount: 0 } })).replace('"amount":0', '"amount":1e400');
    const res = await request(base, '/records', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      code: 'E_JSON_NUMBER_RANGE',
      message: 'payload.amount is a number beyond the range of a double (about ±1.8e308); numbers must be finite',
      field: 'payload.amount',
    });
    const patch = await request(base, '/records/1', { method: 'PATCH', body: '{"cost_cents":-1e400}' });
    expect(patch.body.error).toMatchObject({ code: 'E_JSON_NUMBER_RANGE', field: 'cost_cents' });
  });
});

describe('field names', () => {
  it('a made-up key that is not an identifier is quoted, so "0" is not read as an index', async () => {
    await expectError(send(base, 'POST', '/records', newRecord({ 0: 1 })), 400, 'E_VALIDATION', 'body["0"] is not a known field');
    const res = await send(base, 'PATCH', '/records/1', { payload: {}, 'a.b': 1 });
    expect(res.body.error.field).toBe('body["a.b"]');
  });
});

describe('impossible dates', () => {
  it.each([
    ['2024-02-30T00:00:00Z', '2024-02 has 29 days'],
    ['2023-02-29T12:00:00Z', '2023-02 has 28 days'],
    ['2024-04-31T00:00:00Z', '2024-04 has 30 days'],
    ['2024-01-01T24:00:00Z', 'hour 24'],
    ['2024-01-01T23:60:00Z', 'minute 60'],
    ['2024-01-01T23:59:60Z', 'second 60'],
    ['2024-01-01T00:00:00+24:00', 'zone offset'],
    ['2024-00-10T00:00:00Z', 'month 00'],
    ['2024-01-00T00:00:00Z', 'day 00'],
  ])('occurred_at %s is a 400 saying why (%s), on POST, PATCH and in a sync batch', async (date, why) => {
    const message = `occurred_at must be a real calendar date-time: ${why}`;
    await expectError(send(base, 'POST', '/records', newRecord({ occurred_at: date })), 400, 'E_VALIDATION', message);
    await expectError(send(base, 'PATCH', '/records/1', { occurred_at: date }), 400, 'E_VALIDATION', message);
    const batch = { syncId: 's-date', org: 'o', batchId: 'b', records: [{ ...newRecord({ occurred_at: date }), org: undefined }] };
    const res = await send(base, 'POST', '/sync/batches', batch);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'E_VALIDATION', field: 'records[0].occurred_at' });
    expect(res.body.error.message).toContain(why);
  });

  it('real leap days and offsets are accepted and stored as given', async () => {
    const leap = await send(base, 'POST', '/records', newRecord({ occurred_at: '2024-02-29T23:30:00-01:00' }));
    expect(leap.status).toBe(201);
    expect(leap.body.occurred_at).toBe('2024-03-01T00:30:00.000Z');
  });

  it.each([
    ['from=2024-02-30', 'from must be a real calendar date'],
    ['to=2023-02-29T00:00:00Z', 'to must be a real calendar date'],
  ])('GET /records?%s is a 400', async (query, message) => {
    await expectError(request(base, `/records?${query}`), 400, 'E_BAD_QUERY', message);
  });
});

describe('oversized bodies', () => {
  it('a declared Content-Length over the limit is a 413, and the server keeps serving', async () => {
    const big = JSON.stringify(newRecord({ payload: { blob: 'x'.repeat(maxBodyBytes * 4) } }));
    await expectError(
      request(base, '/records', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big }),
      413,
      'E_BODY_TOO_LARGE',
      `exceeds the limit of ${maxBodyBytes} bytes`,
    );
    expect((await request(base, '/health')).status).toBe(200);
  });

  it('a chunked body crossing the limit is a 413 too', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // Bounded: stops after 16 chunks (4x the limit) whatever the server does.
        if (sent++ < 16) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await request(base, '/records', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('E_BODY_TOO_LARGE');
    expect((await request(base, '/records/1')).status).toBe(200);
  });

  it('the default limit is 10 MiB', async () => {
    const defaults = await startTarget();
    try {
      const body = 'x'.repeat(10 * 1024 * 1024 + 1);
      await expectError(request(defaults.url, '/records', { method: 'POST', body }), 413, 'E_BODY_TOO_LARGE', 'limit of 10485760 bytes');
      expect((await request(defaults.url, '/health')).status).toBe(200);
    } finally {
      await defaults.close();
    }
  });
});

describe('bad paths, methods and query strings', () => {
  it('an unknown route is a 404 JSON error', async () => {
    await expectError(request(base, '/nothing/here'), 404, 'E_NOT_FOUND', 'no route GET /nothing/here');
    await expectError(request(base, '/orgs/acme'), 404, 'E_NOT_FOUND');
  });

  it('a wrong method is a 405 with Allow', async () => {
    const res = await request(base, '/records/1', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, PATCH');
    expect(res.body.error.code).toBe('E_METHOD_NOT_ALLOWED');
    await expectError(request(base, '/sync/batches'), 405, 'E_METHOD_NOT_ALLOWED', 'allowed: POST');
    await expectError(send(base, 'POST', '/health', {}), 405, 'E_METHOD_NOT_ALLOWED');
  });

  it('HEAD answers like GET without a body', async () => {
    const get = await fetch(`${base}/records/3`);
    const head = await fetch(`${base}/records/3`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe(get.headers.get('content-type'));
    expect(head.headers.get('content-length')).toBe(get.headers.get('content-length'));
    expect(await head.text()).toBe('');
    expect((await fetch(`${base}/nothing`, { method: 'HEAD' })).status).toBe(404);
    await get.arrayBuffer();
  });

  it.each(['abc', '0', '-1', '1.5', '12345678901234567890', '%zz'])('record id %j is a 400', async (id) => {
    const res = await request(base, `/records/${id}`);
    expect(res.status).toBe(400);
    expect(['E_BAD_ID', 'E_BAD_PATH']).toContain(res.body.error.code);
  });

  it.each([
    ['limit=0', 'limit must be an integer from 1'],
    ['limit=ten', 'limit must be an integer from 1'],
    ['from=2024-99-99', 'from must be a real calendar date: month 99 does not exist'],
    ['from=2024-5-1', 'from must be an ISO-8601 date or date-time, e.g. 2024-05-01'],
    ['to=soon', 'to must be an ISO-8601 date or date-time'],
    ['from=2024-03-01&to=2024-02-01', 'from must be before "to"'],
    ['org=a&org=b', 'org is given more than once'],
    ['org=' + encodeURIComponent('a b'), 'org must be 1-64 letters'],
    ['sort=id', 'sort is not a known query parameter; valid: org, category, from, to, limit'],
  ])('GET /records?%s is a 400 naming the parameter', async (query, message) => {
    await expectError(request(base, `/records?${query}`), 400, 'E_BAD_QUERY', message);
  });

  it('malformed HTTP gets a 400 JSON answer and the server keeps serving', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(target.port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)).error.code).toBe('E_BAD_REQUEST');
    expect((await request(base, '/health')).status).toBe(200);
  });
});

describe('after all the bad input', () => {
  it('never answered 500 and still serves reads and writes', async () => {
    expect((await send(base, 'POST', '/records', newRecord())).status).toBe(201);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/loadgate_target_http_requests_total\{[^}]*status="400"\} \d+/);
    expect(metrics).not.toMatch(/status="5\d\d"/);
  });
});
