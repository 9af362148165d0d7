/**
 * One keep-alive HTTP/1.1 connection and the request/response exchange running on
 * it (one at a time). Socket listeners, the response parser and the timeout timer
 * belong to the connection and are reused by every exchange, so a request on a
 * pooled connection allocates little more than its response.
 */
import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { ResponseParser, type ParsedHead } from './response-parser.js';
import { EOF_BEFORE_RESPONSE, EOF_INSIDE_RESPONSE, errorFromSocket, goUrlError, requestTimeout, K6HttpErrorCode, type FailedRequest, type K6RequestError } from './error-codes.js';
import type { HttpTimings, WireRequest, WireResponse } from './wire.js';
import { DialRefusedError, type DialRoute } from './dial-policy.js';
import { secureContextFor, type TlsPolicy } from '../options/tls-options.js';
import type { K6Compat } from '../k6-compat.js';

/** Parsed target of a request. */
/** How a connection does TLS: the request's insecureSkipTLSVerify, the run's TLS options, the k6 generation whose words errors take. */
export interface TlsSetup {
  insecureSkipTLSVerify: boolean;
  policy?: TlsPolicy;
  compat?: K6Compat;
}

/** k6's name of a negotiated TLS version (`tls1.3`), from Node's (`TLSv1.3`). */
function k6TlsVersion(protocol: string | null): string {
  if (!protocol) return '';
  const m = /^TLSv(\d)(?:\.(\d))?$/.exec(protocol);
  return m ? `tls${m[1]}.${m[2] ?? '0'}` : protocol;
}

/** The idle list a connection belongs to: its origin, and its source address when it has its own. */
export function poolKeyOf(origin: string, localAddress: string | undefined): string {
  return localAddress === undefined ? origin : `${origin} ${localAddress}`;
}

export interface Target {
  origin: string;
  secure: boolean;
  host: string;
  port: number;
  hostHeader: string;
  path: string;
}

/** Receives the end of an exchange; `retryable`: a reused connection failed before any response byte. */
export type ExchangeDone = (conn: Connection, response: WireResponse, retryable: boolean, req: WireRequest, target: Target) => void;

const ZERO_TIMINGS: HttpTimings = { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0, duration: 0 };

export class Connection {
  socket: net.Socket;
  /** Closed, broken, or told by the server not to be reused. */
  dead = false;
  /** Which idle list it goes back to: its origin, and the address it connects from when the VU has one (`--local-ips`). */
  readonly poolKey: string;
  private readonly secure: boolean;
  private readonly parser = new ResponseParser();
  /** Socket byte counters at the start of the current exchange. */
  private readBytes = 0;
  private writtenBytes = 0;
  private remoteIp = '';
  private remotePort = 0;
  /** `ip:port` of this end, kept from the connect: a reset socket no longer tells it, and Go's read errors name it. */
  private local: string | undefined;
  private tlsVersion = '';
  private tlsCipherSuite = '';
  /** The request timeout: one timer per connection, re-armed only when it fired or is too late. */
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() the timer fires at (0: not armed). */
  private timerDue = 0;
  /** performance.now() the current exchange times out at. */
  private deadline = 0;
  /** Set by the pool for the current exchange: who gets the response. */
  resolve: ((r: WireResponse) => void) | undefined;
  // The current exchange (busy while req is set).
  private req: WireRequest | undefined;
  private target: Target | undefined;
  private reused = false;
  private t0 = 0;
  private tConnectStart = 0;
  private tConnected = 0;
  private tSecure = 0;
  private tWriteStart = 0;
  private tWritten = 0;
  private tFirstByte = 0;
  private readonly onData = (chunk: Buffer) => this.handleData(chunk);
  private readonly onEnd = () => this.handleEnd();
  private readonly onError = (err: Error) => this.fail(err);
  private readonly onWritten = () => {
    if (this.tWritten === 0 && this.req) this.tWritten = performance.now();
  };
  private readonly onTimeout = () => this.timeout();

  /** Where the socket connects (Go's dial errors name it): the target, or where options.hosts sends it. */
  private readonly dialHost: string;
  private readonly dialPort: number;

  /** Opens a connection for `target` (at `route` when the script's network options chose one); the first exchange starts with begin(). */
  constructor(
    target: Target,
    private readonly tlsSetup: TlsSetup,
    private readonly done: ExchangeDone,
    route?: DialRoute,
    private readonly localAddress?: string,
  ) {
    this.poolKey = poolKeyOf(target.origin, localAddress);
    this.secure = target.secure;
    this.tConnectStart = performance.now();
    this.dialHost = route?.host ?? target.host;
    this.dialPort = route?.port ?? target.port;
    const options: net.NetConnectOpts = { host: this.dialHost, port: this.dialPort, noDelay: true };
    if (route?.lookup) options.lookup = route.lookup;
    if (localAddress !== undefined) options.localAddress = localAddress;
    const raw = net.connect(options);
    this.socket = raw;
    raw.on('error', this.onError);
    raw.once('connect', () => {
      this.tConnected = performance.now();
      if (!this.secure) return this.ready(raw);
      const host = target.host;
      const secure = tls.connect({
        socket: raw,
        servername: net.isIP(host) ? undefined : host,
        rejectUnauthorized: !tlsSetup.insecureSkipTLSVerify,
        secureContext: secureContextFor(tlsSetup.policy, host),
      });
      this.socket = secure;
      secure.on('error', this.onError);
      secure.once('secureConnect', () => {
        this.tSecure = performance.now();
        this.tlsVersion = k6TlsVersion(secure.getProtocol());
        this.tlsCipherSuite = secure.getCipher()?.standardName ?? '';
        this.ready(secure);
      });
    });
  }

  /** Starts an exchange. On a new connection the request is written once connected. */
  begin(req: WireRequest, target: Target, t0: number, reused: boolean): void {
    this.req = req;
    this.target = target;
    this.t0 = t0;
    this.reused = reused;
    this.tWriteStart = 0;
    this.tWritten = 0;
    this.tFirstByte = 0;
    this.parser.reset(req.method === 'HEAD');
    this.deadline = t0 + req.timeoutMs;
    if (this.timerDue === 0 || this.timerDue > this.deadline) this.armTimer(req.timeoutMs);
    if (reused) {
      this.tConnectStart = this.tConnected = this.tSecure = t0;
      this.write(t0);
    }
  }

  /** Ends the exchange now (the pool is closing): `request canceled`. */
  cancel(): void {
    const req = this.req;
    if (!req) return this.destroy();
    const message = `${req.method} "${req.url}": request canceled`;
    this.finish(failure({ code: K6HttpErrorCode.generic, message, goError: message }, this.bytesSent(), this.bytesReceived()), false);
  }

  destroy(): void {
    this.dead = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = 0;
    this.socket.destroy();
  }

  private ready(socket: net.Socket): void {
    this.remoteIp = socket.remoteAddress ?? '';
    this.remotePort = socket.remotePort ?? 0;
    if (socket.localAddress && socket.localPort) this.local = `${socket.localAddress}:${socket.localPort}`;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    if (!this.secure) this.tSecure = this.tConnected;
    if (this.req) this.write();
  }

  /**
   * Arms the timer `ms` from now. Requests far shorter than their timeout (the normal
   * case) then cost no timer operation at all: the timer fires once per timeout period
   * and re-arms itself for whatever exchange is running by then.
   */
  private armTimer(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(this.onTimeout, ms);
    this.timerDue = performance.now() + ms;
    // Sockets keep the loop alive while a request is in flight; an idle connection must not.
    this.timer.unref();
  }

  /** Writes the request; `now`: a fresh performance.now() if the caller has one. */
  private write(now = performance.now()): void {
    const req = this.req as WireRequest;
    const socket = this.socket;
    this.readBytes = socket.bytesRead;
    this.writtenBytes = socket.bytesWritten;
    this.tWriteStart = now;
    const head = serializeHead(req, this.target as Target);
    const body = req.body;
    if (body && body.length) {
      socket.write(head, 'latin1');
      socket.write(body, this.onWritten);
    } else socket.write(head, 'latin1', this.onWritten);
    // Handed to the kernel synchronously (the usual case): that is when sending ends.
    if (socket.writableLength === 0 && this.tWritten === 0) this.tWritten = performance.now();
  }

  private handleData(chunk: Buffer): void {
    if (!this.req) {
      // Bytes on an idle connection: the server is confused; never reuse it.
      this.destroy();
      return;
    }
    if (this.tFirstByte === 0) this.tFirstByte = performance.now();
    try {
      this.parser.push(chunk);
    } catch (err) {
      return this.fail(err as Error);
    }
    if (this.parser.done) this.complete();
  }

  private handleEnd(): void {
    if (!this.req) {
      this.dead = true;
      return;
    }
    this.parser.end();
    if (this.parser.done) {
      this.dead = true;
      return this.complete();
    }
    // Go's io.EOF when the server closed before answering, io.ErrUnexpectedEOF when it stopped mid-answer.
    this.fail(Object.assign(new Error('EOF'), { code: this.tFirstByte ? EOF_INSIDE_RESPONSE : EOF_BEFORE_RESPONSE }));
  }

  private complete(): void {
    const tDone = performance.now();
    const head = this.parser.head as ParsedHead;
    if (!head.keepAlive) this.dead = true;
    const written = this.tWritten || this.tWriteStart;
    const firstByte = Math.max(this.tFirstByte, written);
    const sending = written - this.tWriteStart;
    const waiting = firstByte - written;
    const receiving = tDone - firstByte;
    const timings: HttpTimings = {
      blocked: Math.max(0, this.tConnectStart - this.t0),
      connecting: this.tConnected - this.tConnectStart,
      tls_handshaking: this.secure ? this.tSecure - this.tConnected : 0,
      sending,
      waiting,
      receiving,
      duration: sending + waiting + receiving,
    };
    const response: WireResponse = {
      status: head.status,
      statusText: head.statusText,
      proto: head.proto,
      headers: head.headers,
      setCookies: head.setCookies,
      body: decodeBody(this.parser.body(), head.headers),
      timings,
      error: '',
      goError: '',
      errorCode: 0,
      bytesSent: this.bytesSent(),
      bytesReceived: this.bytesReceived(),
      remoteIp: this.remoteIp,
      remotePort: this.remotePort,
      tlsVersion: this.tlsVersion,
      tlsCipherSuite: this.tlsCipherSuite,
    };
    this.finish(response, false);
  }

  private fail(err: Error): void {
    const req = this.req;
    if (!req) {
      // A late error on an idle connection: drop it from the pool.
      this.destroy();
      return;
    }
    if (err instanceof DialRefusedError) {
      const { code, message, cause } = err.refusal;
      return this.finish(failure({ code, message, goError: goUrlError(req.method, req.url, cause) }, 0, 0), false);
    }
    const retryable = this.reused && this.tFirstByte === 0 && this.tWriteStart !== 0;
    this.finish(failure(errorFromSocket(err, this.failedRequest(req)), this.bytesSent(), this.bytesReceived()), retryable);
  }

  private timeout(): void {
    this.timerDue = 0;
    this.timer = undefined;
    if (!this.req) return;
    // libuv's clock is whole ms: allow firing up to 1 ms before the exact deadline.
    const left = this.deadline - performance.now();
    if (left > 1) return this.armTimer(left);
    this.finish(failure(requestTimeout(this.failedRequest(this.req)), this.bytesSent(), this.bytesReceived()), false);
  }

  /** What the error texts name: the request, both ends of the connection, and whether its head had come. */
  private failedRequest(req: WireRequest): FailedRequest {
    const source = this.localAddress === undefined ? undefined : `${this.localAddress.includes(':') ? `[${this.localAddress}]` : this.localAddress}:0`;
    return { method: req.method, url: req.url, host: this.dialHost, port: this.dialPort, local: this.local, source, headReceived: this.parser.head !== undefined, compat: this.tlsSetup.compat };
  }

  private finish(response: WireResponse, retryable: boolean): void {
    if (response.errorCode !== 0) this.destroy();
    const req = this.req as WireRequest;
    const target = this.target as Target;
    this.req = undefined;
    this.target = undefined;
    this.done(this, response, retryable, req, target);
  }

  private bytesSent(): number {
    return this.tWriteStart === 0 ? 0 : this.socket.bytesWritten - this.writtenBytes;
  }

  private bytesReceived(): number {
    return this.tWriteStart === 0 ? 0 : this.socket.bytesRead - this.readBytes;
  }
}

function failure(error: K6RequestError, bytesSent: number, bytesReceived: number): WireResponse {
  return {
    status: 0,
    statusText: '',
    proto: '',
    headers: {},
    setCookies: [],
    body: new Uint8Array(0),
    timings: { ...ZERO_TIMINGS },
    error: error.message,
    goError: error.goError,
    errorCode: error.code,
    bytesSent,
    bytesReceived,
    remoteIp: '',
    remotePort: 0,
    tlsVersion: '',
    tlsCipherSuite: '',
  };
}

/** A failed request that never reached a connection (bad URL etc.). */
export function requestFailure(error: K6RequestError): WireResponse {
  return failure(error, 0, 0);
}

function serializeHead(req: WireRequest, target: Target): string {
  const headers = req.headers;
  let head = `${req.method} ${target.path} HTTP/1.1\r\nHost: ${headers['Host'] ?? target.hostHeader}\r\n`;
  let hasLength = false;
  for (const key in headers) {
    if (key === 'Host') continue;
    if (key.length === 14 && key.toLowerCase() === 'content-length') hasLength = true;
    head += `${key}: ${headers[key]}\r\n`;
  }
  const body = req.body;
  if (body && body.length > 0 && !hasLength) head += `Content-Length: ${body.length}\r\n`;
  else if (!body && !hasLength && (req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH')) head += 'Content-Length: 0\r\n';
  return `${head}\r\n`;
}

/** k6 decompresses gzip/deflate/br bodies transparently. */
function decodeBody(body: Buffer, headers: Record<string, string>): Uint8Array {
  const enc = headers['Content-Encoding'];
  if (!enc || body.length === 0) return body;
  try {
    if (enc === 'gzip') return gunzipSync(body);
    if (enc === 'deflate') return inflateSync(body);
    if (enc === 'br') return brotliDecompressSync(body);
  } catch {
    return body;
  }
  return body;
}
