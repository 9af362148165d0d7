/**
 * How a failed request reads, as k6 (v2.2 and v0.49 alike) shows it: `res.error` is k6's
 * short text ("request timeout", "dial: connection refused"), the `Request Failed` warning
 * Go's error, wrapped in `<Method> "<url>": ` while the response head has not come (Go's
 * Client) and bare once the body is being read (k6 reads it itself). The expected texts
 * were taken from both k6 binaries against the same kind of local server.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConnectionPool } from '../../src/engine/http/client.js';
import type { WireRequest } from '../../src/engine/http/wire.js';
import { errorFromSocket, goUrlError, requestTimeout, type FailedRequest } from '../../src/engine/http/error-codes.js';

describe('Go url.Error text', () => {
  it.each([
    ['GET', 'Get'],
    ['POST', 'Post'],
    ['OPTIONS', 'Options'],
    ['PURGE', 'Purge'],
    ['', 'Get'],
  ])('%j is named %s', (method, op) => {
    expect(goUrlError(method, 'http://127.0.0.1:1/x', 'request timeout')).toBe(`${op} "http://127.0.0.1:1/x": request timeout`);
  });

  it("hides the URL's password as net/http does, and quotes the URL as Go's %q", () => {
    expect(goUrlError('GET', 'http://user:secret@127.0.0.1:1/x', 'EOF')).toBe('Get "http://user:***@127.0.0.1:1/x": EOF');
    expect(goUrlError('GET', 'http://127.0.0.1:1/x?q="a"', 'EOF')).toBe('Get "http://127.0.0.1:1/x?q=\\"a\\"": EOF');
  });

  const req: FailedRequest = { method: 'GET', url: 'http://127.0.0.1:8080/a', host: '127.0.0.1', port: 8080, local: '127.0.0.1:50000', headReceived: false };

  it('a timeout: k6 error "request timeout", wrapped only before the response head', () => {
    expect(requestTimeout(req)).toEqual({ code: 1050, message: 'request timeout', goError: 'Get "http://127.0.0.1:8080/a": request timeout' });
    expect(requestTimeout({ ...req, headReceived: true }).goError).toBe('request timeout');
  });

  it.each([
    ['ECONNREFUSED', 1212, 'dial: connection refused', 'Get "http://127.0.0.1:8080/a": dial tcp 127.0.0.1:8080: connect: connection refused'],
    ['ECONNRESET', 1220, 'read: connection reset by peer', 'Get "http://127.0.0.1:8080/a": read tcp 127.0.0.1:50000->127.0.0.1:8080: read: connection reset by peer'],
    ['EOF', 1000, 'EOF', 'Get "http://127.0.0.1:8080/a": EOF'],
  ])('%s: code %i, k6 error %j', (code, k6Code, message, goError) => {
    expect(errorFromSocket(Object.assign(new Error('x'), { code }), req)).toEqual({ code: k6Code, message, goError });
  });
});

/** A raw server: what it does with a request depends on its path. */
let server: net.Server;
let base = '';

beforeAll(async () => {
  server = net.createServer((sock) => {
    sock.on('error', () => {});
    sock.once('data', (d) => {
      const path = d.toString('latin1').split(' ')[1];
      if (path === '/eof') return sock.end();
      if (path === '/reset') return sock.resetAndDestroy();
      if (path === '/half-body') {
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc');
        return void setTimeout(() => sock.end(), 20);
      }
      if (path === '/slow-body') {
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc');
        return void setTimeout(() => sock.destroy(), 2_000).unref();
      }
      // /slow-head: never answers.
      setTimeout(() => sock.destroy(), 2_000).unref();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function get(url: string, timeoutMs = 5_000): WireRequest {
  return { method: 'GET', url, headers: {}, body: null, timeoutMs };
}

describe('failed requests on a live connection', () => {
  it.each([
    ['/slow-head', 200, 1050, 'request timeout', (u: string) => `Get "${u}": request timeout`],
    ['/slow-body', 200, 1050, 'request timeout', () => 'request timeout'],
    ['/eof', 5_000, 1000, 'EOF', (u: string) => `Get "${u}": EOF`],
    ['/half-body', 5_000, 1000, 'unexpected EOF', () => 'unexpected EOF'],
  ])('%s: error_code %i, error %j, Go error as k6 logs it', async (path, timeoutMs, code, message, goError) => {
    const pool = new HttpConnectionPool();
    try {
      const url = `${base}${path}`;
      const res = await pool.request(get(url, timeoutMs));
      expect({ status: res.status, errorCode: res.errorCode, error: res.error, goError: res.goError }).toEqual({ status: 0, errorCode: code, error: message, goError: goError(url) });
    } finally {
      pool.close();
    }
  });

  it('a reset names both ends of the connection, as Go does', async () => {
    const pool = new HttpConnectionPool();
    try {
      const res = await pool.request(get(`${base}/reset`));
      expect(res.errorCode).toBe(1220);
      expect(res.error).toBe('read: connection reset by peer');
      expect(res.goError).toMatch(new RegExp(`^Get "${base}/reset": read tcp 127\\.0\\.0\\.1:\\d+->${base.slice(7).replace(/\./g, '\\.')}: read: connection reset by peer$`));
    } finally {
      pool.close();
    }
  });

  it('a refused connection', async () => {
    const pool = new HttpConnectionPool();
    try {
      const res = await pool.request(get('http://127.0.0.1:1/refused'));
      expect({ errorCode: res.errorCode, error: res.error, goError: res.goError }).toEqual({
        errorCode: 1212,
        error: 'dial: connection refused',
        goError: 'Get "http://127.0.0.1:1/refused": dial tcp 127.0.0.1:1: connect: connection refused',
      });
    } finally {
      pool.close();
    }
  });
});
