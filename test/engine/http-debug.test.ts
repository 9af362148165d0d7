/**
 * The http-debug dumps (engine/http/http-debug.ts) on hand-made requests and responses. The
 * expected texts are what k6 v2.2.0 logged for the same exchanges (`--http-debug=full` against
 * a local Node server); test/conformance/scripts/http-debug.js compares whole runs with real k6.
 */
import { describe, expect, it } from 'vitest';
import { dumpRequest, dumpResponse, httpDebugEntries, httpDebugMode } from '../../src/engine/http/http-debug.js';
import type { WireRequest, WireResponse } from '../../src/engine/http/wire.js';

const request = (r: Partial<WireRequest>): WireRequest => ({ method: 'GET', url: 'http://127.0.0.1:40981/', headers: { 'User-Agent': 'Grafana k6/2.2.0' }, body: null, timeoutMs: 60_000, ...r });
const response = (r: Partial<WireResponse>): WireResponse =>
  ({ status: 200, statusText: 'OK', proto: 'HTTP/1.1', headers: {}, setCookies: [], body: new Uint8Array(0), error: '', goError: '', errorCode: 0, ...r }) as WireResponse;
const NODE_HEADERS = { Connection: 'keep-alive', Date: 'Mon, 07 Dec 2026 20:06:58 GMT', 'Keep-Alive': 'timeout=5' };

describe('http-debug dumps, as k6 logs them', () => {
  it('a request: Host, User-Agent, Content-Length, the other headers sorted, then Accept-Encoding: gzip; the body only in full', () => {
    const post = request({ method: 'POST', url: 'http://127.0.0.1:40981/echo?x=1', headers: { 'User-Agent': 'Grafana k6/2.2.0', 'X-B': 'b', 'Content-Type': 'application/json' }, body: new TextEncoder().encode('{"a":1}') });
    expect(dumpRequest(post, true)).toBe('POST /echo?x=1 HTTP/1.1\nHost: 127.0.0.1:40981\nUser-Agent: Grafana k6/2.2.0\nContent-Length: 7\nContent-Type: application/json\nX-B: b\nAccept-Encoding: gzip\n\n{"a":1}');
    expect(dumpRequest(post, false)).toBe('POST /echo?x=1 HTTP/1.1\nHost: 127.0.0.1:40981\nUser-Agent: Grafana k6/2.2.0\nContent-Length: 7\nContent-Type: application/json\nX-B: b\nAccept-Encoding: gzip\n\n');
    // POST without a body says Content-Length: 0; HEAD asks for no gzip; DELETE says no length.
    expect(dumpRequest(request({ method: 'POST', url: 'http://127.0.0.1:42049/e' }), true)).toBe('POST /e HTTP/1.1\nHost: 127.0.0.1:42049\nUser-Agent: Grafana k6/2.2.0\nContent-Length: 0\nAccept-Encoding: gzip\n\n');
    expect(dumpRequest(request({ method: 'HEAD', url: 'http://127.0.0.1:42049/h' }), true)).toBe('HEAD /h HTTP/1.1\nHost: 127.0.0.1:42049\nUser-Agent: Grafana k6/2.2.0\n\n');
    expect(dumpRequest(request({ method: 'DELETE', url: 'http://127.0.0.1:35061/' }), true)).toBe('DELETE / HTTP/1.1\nHost: 127.0.0.1:35061\nUser-Agent: Grafana k6/2.2.0\nAccept-Encoding: gzip\n\n');
  });

  it('a response: Content-Length first when it has a body, Set-Cookie a line each, a bodiless redirect\'s Content-Length: 0 last', () => {
    const ok = response({ headers: { ...NODE_HEADERS, 'Content-Length': '13', 'Content-Type': 'text/plain', 'X-Z': 'z' }, body: new TextEncoder().encode('hello {"a":1}') });
    expect(dumpResponse(ok, 'POST', true)).toBe('HTTP/1.1 200 OK\nContent-Length: 13\nConnection: keep-alive\nContent-Type: text/plain\nDate: Mon, 07 Dec 2026 20:06:58 GMT\nKeep-Alive: timeout=5\nX-Z: z\n\nhello {"a":1}');
    const found = response({ status: 302, statusText: 'Found', headers: { ...NODE_HEADERS, Location: '/e2', 'Set-Cookie': 'a=1, b=2', 'Content-Length': '0' }, setCookies: ['a=1', 'b=2'] });
    expect(dumpResponse(found, 'GET', true)).toBe('HTTP/1.1 302 Found\nConnection: keep-alive\nDate: Mon, 07 Dec 2026 20:06:58 GMT\nKeep-Alive: timeout=5\nLocation: /e2\nSet-Cookie: a=1\nSet-Cookie: b=2\nContent-Length: 0\n\n');
  });

  it('a HEAD response without a length: Go\'s Connection: close first, no body; a chunked body re-chunked in full', () => {
    const head = response({ headers: { ...NODE_HEADERS, 'X-Z': 'z' } });
    expect(dumpResponse(head, 'HEAD', true)).toBe('HTTP/1.1 200 OK\nConnection: close\nConnection: keep-alive\nDate: Mon, 07 Dec 2026 20:06:58 GMT\nKeep-Alive: timeout=5\nX-Z: z\n\n');
    const chunked = response({ headers: { ...NODE_HEADERS, 'Transfer-Encoding': 'chunked' }, body: new TextEncoder().encode('first,second') });
    expect(dumpResponse(chunked, 'GET', true)).toBe('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nConnection: keep-alive\nDate: Mon, 07 Dec 2026 20:06:58 GMT\nKeep-Alive: timeout=5\n\nc\nfirst,second\n0\n\n');
    expect(dumpResponse(chunked, 'GET', false)).toBe('HTTP/1.1 200 OK\nTransfer-Encoding: chunked\nConnection: keep-alive\nDate: Mon, 07 Dec 2026 20:06:58 GMT\nKeep-Alive: timeout=5\n\n');
  });

  it("log lines: Request: and Response: with k6's fields, no Response: for a request that got none; the option's values", () => {
    const at = { group: '::g', iter: 3, scenario: 'default', vu: 2 };
    const [req, res] = httpDebugEntries(request({}), response({ headers: { 'Content-Length': '0' } }), 'headers', at);
    expect(req?.msg.startsWith('Request:\nGET / HTTP/1.1\n')).toBe(true);
    expect(req?.msg.endsWith('\n\n\n')).toBe(true);
    expect(res?.msg).toBe('Response:\nHTTP/1.1 200 OK\nContent-Length: 0\n\n\n');
    expect(req?.fields).toEqual({ group: '::g', iter: '3', request_id: expect.stringMatching(/^[0-9a-f-]{36}$/), scenario: 'default', source: 'http-debug', vu: '2' });
    expect(res?.fields?.request_id).toBe(req?.fields?.request_id);
    expect(httpDebugEntries(request({}), response({ status: 0 }), 'full', { ...at, scenario: undefined })).toHaveLength(1);
    expect([httpDebugMode(''), httpDebugMode(undefined), httpDebugMode('full'), httpDebugMode('headers'), httpDebugMode('x')]).toEqual([undefined, undefined, 'full', 'headers', 'headers']);
  });
});
