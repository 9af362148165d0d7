import { describe, expect, it } from 'vitest';
import { IO_REPLY_BYTES, readReply, writeReply } from '../../src/engine/vu/io-reply-codec.js';
import type { WireResponse } from '../../src/engine/http/client.js';

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
    errorCode: 0,
    bytesSent: 120,
    bytesReceived: 345,
    remoteIp: '127.0.0.1',
    remotePort: 40123,
    tlsVersion: '',
    ...over,
  };
}

describe('sync reply codec (shared buffer)', () => {
  it('round-trips every field of a response exactly, including non-ASCII text and Set-Cookie values', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    const res = response();
    expect(writeReply(buf, res)).toBe(true);
    const back = readReply(buf);
    expect({ ...back, body: Buffer.from(back.body).toString() }).toEqual({ ...res, body: '{"ok":true}' });
  });

  it('round-trips a failed request (status 0, error text, no headers)', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    const res = response({ status: 0, statusText: '', proto: '', headers: {}, setCookies: [], body: new Uint8Array(0), error: 'dial tcp 127.0.0.1:1: connect: connection refused', errorCode: 1212 });
    expect(writeReply(buf, res)).toBe(true);
    expect({ ...readReply(buf), body: undefined }).toEqual({ ...res, body: undefined });
  });

  it('refuses (port fallback) a reply that does not fit or carries a NUL inside a value', () => {
    const buf = Buffer.from(new SharedArrayBuffer(IO_REPLY_BYTES));
    expect(writeReply(buf, response({ body: new Uint8Array(IO_REPLY_BYTES) }))).toBe(false);
    expect(writeReply(buf, response({ headers: { 'X-Odd': 'a\u0000b' } }))).toBe(false);
  });
});
