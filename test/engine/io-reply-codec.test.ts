import { describe, expect, it } from 'vitest';
import { IO_REPLY_BYTES, ReplyReader, ReplyWriter } from '../../src/engine/vu/io-reply-codec.js';
import type { WireRequest, WireResponse } from '../../src/engine/http/wire.js';
import { IO_BUFFER_BYTES, IO_REQUEST_BYTES, RequestReader, RequestWriter, splitIoBuffer } from '../../src/engine/vu/io-request-codec.js';

function response(over: Partial<WireResponse> = {}): WireResponse {
  return {
    status: 201,
    statusText: 'Created',
    proto: 'HTTP/1.1',
    headers: { 'Content-Type': 'application/json', 'X-Üñí': 'välue, second', Empty: '' },
    setCookies: ['a=1; Path=/', 'b=2; Expires=Wed, 21 Oct 2015 07:28:00 GMT'],
    body: new TextEncoder().encode('{"ok":true}'),
    timings: { blocked: 0.001, connecting: 0.25, tls_handshaking: 0, sending: 0.0123, waiting: 1.5, receiving: 0.031, duration: 1.5433 },
    error: '',
    goError: '',
    errorCode: 0,
    bytesSent: 120,
    bytesReceived: 345,
    remoteIp: '127.0.0.1',
    remotePort: 40123,
    tlsVersion: 'tls1.3',
    tlsCipherSuite: 'TLS_AES_256_GCM_SHA384',
    ...over,
  };
}

describe('sync reply codec (shared buffer)', () => {
  it('round-trips every field of a response exactly, including non-ASCII text and Set-Cookie values', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    const res = response();
    expect(new ReplyWriter(buf).write(res)).toBe(true);
    const back = new ReplyReader(buf).read();
    expect({ ...back, body: Buffer.from(back.body).toString() }).toEqual({ ...res, body: '{"ok":true}' });
  });

  it('round-trips a failed request (status 0, error text, no headers)', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    const res = response({ status: 0, statusText: '', proto: '', headers: {}, setCookies: [], body: new Uint8Array(0), error: 'dial: connection refused', goError: 'Get "http://127.0.0.1:1/": dial tcp 127.0.0.1:1: connect: connection refused', errorCode: 1212 });
    expect(new ReplyWriter(buf).write(res)).toBe(true);
    expect({ ...new ReplyReader(buf).read(), body: undefined }).toEqual({ ...res, body: undefined });
  });

  it('refuses (port fallback) a reply that does not fit or carries a NUL inside a value', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    const writer = new ReplyWriter(buf);
    expect(writer.write(response({ body: new Uint8Array(IO_REPLY_BYTES) }))).toBe(false);
    expect(writer.write(response({ headers: { 'X-Odd': 'a\u0000b' } }))).toBe(false);
    // After a reply that fits, a same-text reply whose body does not fit is refused too.
    expect(writer.write(response())).toBe(true);
    expect(writer.write(response({ body: new Uint8Array(IO_REPLY_BYTES) }))).toBe(false);
  });

  it('reuses the decoded text while it repeats, yet hands out fresh objects and picks up a changed text', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    const writer = new ReplyWriter(buf);
    const reader = new ReplyReader(buf);
    expect(writer.write(response())).toBe(true);
    const first = reader.read();
    first.headers['Content-Type'] = 'changed by the script';
    first.setCookies.push('c=3');
    first.body[0] = 0;
    expect(writer.write(response({ status: 200, body: new TextEncoder().encode('second') }))).toBe(true);
    const second = reader.read();
    expect({ ...second, body: Buffer.from(second.body).toString() }).toEqual({ ...response({ status: 200 }), body: 'second' });
    expect(writer.write(response({ headers: { Date: 'later' }, setCookies: [], body: new Uint8Array(0) }))).toBe(true);
    const third = reader.read();
    expect(third.headers).toEqual({ Date: 'later' });
    expect(third.setCookies).toEqual([]);
    expect(third.body.byteLength).toBe(0);
  });
});

describe('sync request codec (shared buffer)', () => {
  const request = (over: Partial<WireRequest> = {}): WireRequest => ({ method: 'POST', url: 'http://127.0.0.1:1/ü?q=1', headers: { 'User-Agent': 'k6', 'X-Ünï': 'välue' }, body: new TextEncoder().encode('payload'), timeoutMs: 1500.5, insecureSkipTLSVerify: true, ...over });
  const pair = () => {
    const { request: buf } = splitIoBuffer(new SharedArrayBuffer(IO_BUFFER_BYTES));
    return { writer: new RequestWriter(buf), reader: new RequestReader(buf) };
  };

  it('round-trips requests, a repeated one and a changed one, with and without a body', () => {
    const { writer, reader } = pair();
    for (const req of [request(), request({ body: new TextEncoder().encode('other') }), request({ method: 'GET', body: null, headers: {}, insecureSkipTLSVerify: false }), request({ method: 'GET', body: null, headers: {}, insecureSkipTLSVerify: false }), request({ body: new Uint8Array(0) }), request({ localAddress: '127.0.0.2', closeIdleFirst: true, noConnectionReuse: true })]) {
      expect(writer.write(req)).toBe(true);
      const back = reader.read();
      expect({ ...back, body: back.body && Buffer.from(back.body).toString() }).toEqual({ ...req, insecureSkipTLSVerify: req.insecureSkipTLSVerify === true, body: req.body && Buffer.from(req.body).toString() });
    }
  });

  it('refuses (port fallback) a request that does not fit or has a NUL in a string', () => {
    const { writer } = pair();
    expect(writer.write(request({ body: new Uint8Array(IO_REQUEST_BYTES) }))).toBe(false);
    expect(writer.write(request({ url: 'http://x/\u0000' }))).toBe(false);
    expect(writer.write(request({ headers: { 'X-Odd': 'a\u0000b' } }))).toBe(false);
  });
});
