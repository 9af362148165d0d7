/**
 * The `k6/ws` module: `ws.connect(url, params?, fn)` opens a WebSocket, runs `fn(socket)`,
 * fires the socket's events until it is closed, and returns the handshake's response, as
 * k6's js/modules/k6/ws does. The session is a blocking call of the VU: the script's calls
 * are awaited (script/asyncify.ts), and the events run on the VU's own event loop.
 *
 * As k6: `ws_sessions`, `ws_connecting` and `ws_session_duration` for every attempt (tagged
 * with `url`, and `status` and `subproto` once a response came), `ws_msgs_sent` /
 * `ws_msgs_received` per message, `ws_ping` per pong to the socket's own ping; a handshake
 * that fails returns `{ status: 0, error }` (a refused connection) or the server's answer
 * (`status: 403`, its body), without calling `fn`; a close the server starts with a code other
 * than 1000/1001 is an `error` event (`websocket: close 4001: …`) before `close`; `close()`
 * sends 1001 unless given a code; an exception in a handler closes the socket and ends the
 * call with it. The WebSocket itself is the `ws` package's client, loaded on first use.
 */
import { createRequire } from 'node:module';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import { canonicalHeaderKey } from '../http/response-parser.js';
import { errorFromSocket } from '../http/error-codes.js';
import { secureContextFor } from '../options/tls-options.js';
import { tagSetWith, emitBuiltin, systemTagOn, type VuState } from '../state/vu-state.js';
import { GoError } from './go-error.js';
import { K6CookieJar } from './http-cookies.js';
import { IterationInterrupted } from './k6.js';

declare const __LOADGATE_RESOLVE_FROM__: string | undefined;

let wsClass: typeof WebSocket | undefined;

function webSocketClass(): typeof WebSocket {
  if (wsClass) return wsClass;
  const from = typeof __LOADGATE_RESOLVE_FROM__ === 'string' ? __LOADGATE_RESOLVE_FROM__ : import.meta.url;
  wsClass = createRequire(from)('ws') as typeof WebSocket;
  return wsClass;
}

/** What ws.connect returns (k6's WSHTTPResponse). */
interface WsResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  error: string;
}

/** A Go error as a script's handler receives it: `e.error()` is its text. */
class WsError {
  constructor(private readonly text: string) {}
  error(): string {
    return this.text;
  }
  toString(): string {
    return this.text;
  }
}

/** gorilla/websocket's CloseError text: `websocket: close 1006 (abnormal closure): unexpected EOF`. */
const CLOSE_NAMES: Record<number, string> = {
  1000: 'normal', 1001: 'going away', 1002: 'protocol error', 1003: 'unsupported data', 1005: 'no status', 1006: 'abnormal closure',
  1007: 'invalid payload data', 1008: 'policy violation', 1009: 'message too big', 1010: 'mandatory extension missing', 1011: 'internal server error', 1015: 'TLS handshake error',
};

function closeErrorText(code: number, reason: string): string {
  const name = CLOSE_NAMES[code];
  return `websocket: close ${code}${name ? ` (${name})` : ''}${reason ? `: ${reason}` : ''}`;
}

/**
 * On an error a socket's handler threw: an Error made where the script called ws.connect. k6
 * calls the handlers inside that call, so its stack goes on through `Connect-fm (native)` to
 * the script's call (vu/thrown-values.ts appends these frames).
 */
export const CONTINUED_AT = Symbol('loadgate.continuedAt');

const GOING_AWAY = 1001;
/** How often a session looks at the VU's stop flag. */
const STOP_CHECK_MS = 100;

export function createWsModule(vu: VuState): Record<string, unknown> {
  // Not async itself: what it refuses, it throws where the script called it (the init context's call is not awaited).
  const connect = (url: unknown, ...args: unknown[]): Promise<WsResponse> => {
    if (vu.inInit) throw new GoError('using websockets in the init context is not supported');
    // A VU blocked in its own thread has no event loop for the socket's events.
    if (!vu.blockingCallsAwaited) throw new Error('ws.connect is not supported by the embedded engine in a script whose blocking calls it cannot await (its VUs then block a thread each; the engine warned why); run the script on k6');
    let params: unknown;
    let fn: unknown;
    if (args.length === 2) [params, fn] = args;
    else if (args.length === 1) [fn] = args;
    else throw new GoError('invalid number of arguments to ws.connect');
    if (typeof fn !== 'function') throw new GoError('last argument to ws.connect must be a function');
    return session(vu, new Session(vu, String(url), params, fn as (socket: unknown) => unknown, new Error('ws.connect')));
  };
  const mod = { connect };
  return { ...mod, default: mod, __esModule: true };
}

/** An open socket is the VU's pending work: its iteration waits for the session, as k6's event loop does. */
async function session(vu: VuState, s: Session): Promise<WsResponse> {
  vu.work.begin();
  try {
    return await s.run();
  } finally {
    vu.work.end();
  }
}

type Handler = (...args: unknown[]) => unknown;

class Session {
  private readonly handlers = new Map<string, Handler[]>();
  private ws: WebSocket | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly pings = new Map<string, number>();
  private pingCounter = 0;
  private tagSetId = -1;
  private closed = false;
  private ended = false;
  private finish: ((err?: unknown) => void) | undefined;
  private readonly extraTags: Record<string, string> = {};
  private readonly socketApi: Record<string, unknown>;

  constructor(
    private readonly vu: VuState,
    private readonly url: string,
    params: unknown,
    private readonly setupFn: (socket: unknown) => unknown,
    private readonly calledAt: Error,
  ) {
    this.socketApi = this.makeSocketApi();
    const p = (params && typeof params === 'object' ? params : {}) as { headers?: unknown; tags?: unknown; jar?: unknown; compression?: unknown };
    // k6 offers permessage-deflate without context takeover, or nothing.
    if (p.compression !== undefined && p.compression !== null && p.compression !== '') {
      if (p.compression !== 'deflate') throw new GoError(`unsupported compression algorithm '${String(p.compression)}', supported algorithm is 'deflate'`);
      this.deflate = true;
    }
    // As k6: its User-Agent, and the cookies the jar (params.jar, else the VU's) holds for the address (as http:// / https://).
    this.headers = vu.runtime.userAgent === '' ? {} : { 'User-Agent': vu.runtime.userAgent };
    const jar = (p.jar !== undefined && p.jar !== null ? K6CookieJar.unwrap(p.jar) : undefined) ?? vu.cookieJar;
    const cookie = jar.header(url.replace(/^ws(s?):/i, 'http$1:'));
    if (cookie) this.headers.Cookie = cookie;
    if (p.headers && typeof p.headers === 'object') for (const [k, v] of Object.entries(p.headers)) this.headers[canonicalHeaderKey(k)] = String(v);
    if (p.tags && typeof p.tags === 'object') for (const [k, v] of Object.entries(p.tags)) this.extraTags[k] = String(v);
  }

  private readonly headers: Record<string, string>;
  private deflate = false;

  private on(tag: string): boolean {
    return systemTagOn(this.vu, tag);
  }

  async run(): Promise<WsResponse> {
    const WebSocketClass = webSocketClass();
    if (this.on('url')) this.extraTags.url = this.url;
    const start = Date.now();
    const t0 = performance.now();
    const host = new URL(this.url).hostname.replace(/^\[|\]$/g, '');
    // wss:// as k6's HTTPS: its trusted roots, tlsVersion, cipher suites and client certificates, insecureSkipTLSVerify.
    const secureContext = secureContextFor(this.vu.runtime.http.tls, host);
    const ws = new WebSocketClass(this.url, {
      headers: this.headers,
      handshakeTimeout: 60_000,
      // As gorilla offers it: no context takeover either way, no window size (ws takes false there; its types say number).
      perMessageDeflate: this.deflate ? { serverNoContextTakeover: true, clientNoContextTakeover: true, clientMaxWindowBits: false as unknown as number } : false,
      followRedirects: false,
      rejectUnauthorized: !this.vu.runtime.insecureSkipTLSVerify,
      ...(secureContext ? { secureContext } : {}),
      ...(this.vu.localAddress ? { localAddress: this.vu.localAddress } : {}),
    });
    this.ws = ws;
    // Frames can come right behind the handshake: they wait until the script's function and its open handlers ran.
    this.listen(ws);
    const handshake = await new Promise<{ ok: true; res: IncomingMessage } | { ok: false; response: WsResponse }>((resolve) => {
      ws.once('upgrade', (res) => resolve({ ok: true, res }));
      ws.once('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ ok: false, response: { url: '', status: res.statusCode ?? 0, headers: goHeaders(res), body: Buffer.concat(chunks).toString('utf8'), error: '' } }));
        res.on('error', () => resolve({ ok: false, response: { url: '', status: res.statusCode ?? 0, headers: goHeaders(res), body: '', error: '' } }));
        this.status(res);
      });
      ws.once('error', (err: Error & { code?: string }) => {
        const u = new URL(this.url);
        const port = Number(u.port || (u.protocol === 'wss:' ? 443 : 80));
        // Go's words for the failure, as an HTTP request's (without the URL around them).
        const failed = errorFromSocket(err, { method: 'GET', url: this.url, host, port, headReceived: true, compat: this.vu.runtime.compat, source: this.vu.localAddress && `${this.vu.localAddress}:0` });
        resolve({ ok: false, response: { url: '', status: 0, headers: {}, body: '', error: failed.goError } });
      });
    });
    const connectingMs = performance.now() - t0;
    if (handshake.ok) this.status(handshake.res);
    this.emit('ws_sessions', 1, start);
    this.emit('ws_connecting', connectingMs, start);
    if (!handshake.ok) {
      ws.terminate();
      this.emit('ws_session_duration', performance.now() - t0, start);
      this.countBytes(ws);
      return handshake.response;
    }
    const response: WsResponse = { url: this.url, status: 101, headers: goHeaders(handshake.res), body: '', error: '' };
    const ended = new Promise<void>((resolve, reject) => {
      this.finish = (err?: unknown) => (err === undefined ? resolve() : reject(err));
    });
    this.watchStop();
    try {
      this.setupFn(this.socketApi);
    } catch (err) {
      this.close(GOING_AWAY, err);
    }
    if (!this.closed) this.fire('open');
    this.started = true;
    for (const event of this.queued.splice(0)) if (!this.closed) event();
    try {
      await ended;
    } finally {
      // A session the VU's stop closed loses its duration, as in k6 (its sample comes after the VU's context ended).
      if (!this.stopped) this.emit('ws_session_duration', performance.now() - t0, start);
      this.countBytes(ws);
    }
    return response;
  }

  private started = false;
  /** Closed because the VU was stopped. */
  private stopped = false;
  private readonly queued: Array<() => void> = [];

  /** Runs `event` now once the session started, else after the open handlers. */
  private deliver(event: () => void): void {
    if (this.started) event();
    else this.queued.push(event);
  }

  private listen(ws: WebSocket): void {
    ws.on('message', (data: Buffer, isBinary: boolean) =>
      this.deliver(() => {
        this.emit('ws_msgs_received', 1, Date.now());
        if (isBinary) this.fire('binaryMessage', data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
        else this.fire('message', data.toString('utf8'));
      }),
    );
    ws.on('ping', () => this.deliver(() => this.fire('ping')));
    ws.on('pong', (data: Buffer) => {
      const at = performance.now();
      this.deliver(() => {
        const sent = this.pings.get(data.toString('utf8'));
        if (sent !== undefined) {
        this.pings.delete(data.toString('utf8'));
        this.emit('ws_ping', at - sent, Date.now());
      }
        this.fire('pong');
      });
    });
    ws.on('close', (code: number, reason: Buffer) =>
      this.deliver(() => {
        if (this.closed) return;
        // gorilla reports every close but a normal one or going away as an error first.
        if (code !== 1000 && code !== GOING_AWAY) this.fire('error', new WsError(closeErrorText(code, reason.toString('utf8'))));
        this.close(code);
      }),
    );
    // Errors before the handshake completed are the handshake's (run() reads them).
    ws.on('error', (err: Error) => {
      if (this.finish) this.deliver(() => this.fire('error', new WsError(err.message)));
    });
  }

  /** The handshake's answer tags the session's samples (status, subproto). */
  private status(res: IncomingMessage): void {
    if (this.on('status')) this.extraTags.status = String(res.statusCode ?? 0);
    if (this.on('subproto')) this.extraTags.subproto = String(res.headers['sec-websocket-protocol'] ?? '');
    if (this.on('ip') && res.socket?.remoteAddress) this.extraTags.ip = res.socket.remoteAddress;
  }

  private emit(metric: string, value: number, timeMs: number): void {
    // The first sample comes once the handshake's tags are known.
    if (this.tagSetId < 0) {
      const extra = { ...this.extraTags };
      this.tagSetId = tagSetWith(this.vu, `ws\u0004${JSON.stringify(Object.entries(extra).sort())}`, () => extra);
    }
    emitBuiltin(this.vu, metric, this.tagSetId, value, timeMs);
  }

  private countBytes(ws: WebSocket): void {
    const socket = (ws as unknown as { _socket?: { bytesWritten: number; bytesRead: number } })._socket;
    const req = (ws as unknown as { _req?: { socket?: { bytesWritten: number; bytesRead: number } } })._req;
    const s = socket ?? req?.socket;
    if (!s) return;
    const root = this.vu.groupPath === '' ? tagSetWith(this.vu, '') : tagSetWith(this.vu, 'root-group', () => ({ group: '' }));
    const now = Date.now();
    if (s.bytesWritten) emitBuiltin(this.vu, 'data_sent', root, s.bytesWritten, now);
    if (s.bytesRead) emitBuiltin(this.vu, 'data_received', root, s.bytesRead, now);
  }

  /** Runs the script's handlers of `event`; one that throws closes the socket and ends the call with its exception. */
  private fire(event: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(event) ?? []) {
      try {
        h(...args);
      } catch (err) {
        this.close(GOING_AWAY, err);
        return;
      }
    }
  }

  /**
   * k6's closeConnection: the close frame, the script's close handlers, then the session ends
   * (with `err` when a handler threw or the VU was stopped).
   */
  private close(code: number, err?: unknown): void {
    if (this.closed) {
      if (err !== undefined) this.end(err);
      return;
    }
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const ws = this.ws as WebSocket;
    let failure = err;
    const run = (event: string, ...args: unknown[]) => {
      for (const h of this.handlers.get(event) ?? []) {
        try {
          h(...args);
        } catch (e) {
          failure ??= e;
          return;
        }
      }
    };
    try {
      if (ws.readyState === ws.OPEN) ws.close(code);
    } catch (e) {
      run('error', new WsError((e as Error).message));
    }
    run('close', code);
    // Go closes the connection at once, the close frame written first.
    setTimeout(() => ws.terminate(), 100).unref();
    this.end(failure);
  }

  private end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (err !== null && typeof err === 'object' && !(err instanceof IterationInterrupted)) (err as { [CONTINUED_AT]?: Error })[CONTINUED_AT] = this.calledAt;
    this.finish?.(err);
  }

  /** A VU stopped hard closes its socket (going away) and ends its iteration. */
  private watchStop(): void {
    const check = async (): Promise<void> => {
      while (!this.closed) {
        if (await this.vu.bridge.sleepAsync(STOP_CHECK_MS, this.vu.stopSlot)) {
          // k6 v2 ends the iteration there; v0.49 returns from ws.connect and the script runs on.
          this.stopped = true;
          if (!this.closed) this.close(GOING_AWAY, this.vu.runtime.compat === 'v0.49' ? undefined : new IterationInterrupted());
          return;
        }
      }
    };
    void check();
  }

  private makeSocketApi(): Record<string, unknown> {
    const timer = (name: string, repeat: boolean) => (fn: unknown, ms: unknown) => {
      const d = Number(ms);
      if (!(d > 0)) throw new GoError(`${name} requires a >0 timeout parameter, received ${Number.isNaN(d) ? 'NaN' : d.toFixed(2)}`);
      if (typeof fn !== 'function' || this.closed) return;
      const run = () => {
        if (this.closed) return;
        try {
          (fn as Handler)();
        } catch (err) {
          this.close(GOING_AWAY, err);
        }
      };
      const t = repeat ? setInterval(run, d) : setTimeout(() => {
        this.timers.delete(t);
        run();
      }, d);
      this.timers.add(t);
    };
    return {
      on: (event: unknown, handler: unknown) => {
        if (typeof handler !== 'function') return;
        const name = String(event);
        const list = this.handlers.get(name) ?? [];
        list.push(handler as Handler);
        this.handlers.set(name, list);
      },
      send: (message: unknown) => {
        if (this.closed || !this.ws) return;
        // Go's string argument: null and undefined are empty.
        this.ws.send(message === null || message === undefined ? '' : String(message));
        this.emit('ws_msgs_sent', 1, Date.now());
      },
      sendBinary: (message: unknown) => {
        if (this.closed || !this.ws) return;
        if (!(message instanceof ArrayBuffer)) throw new GoError(`expected ArrayBuffer as argument, received: ${gojaClassName(message)}`);
        this.ws.send(Buffer.from(message), { binary: true });
        this.emit('ws_msgs_sent', 1, Date.now());
      },
      ping: () => {
        if (this.closed || !this.ws) return;
        const id = String(this.pingCounter++);
        this.pings.set(id, performance.now());
        this.ws.ping(id);
      },
      close: (code?: unknown) => this.close(code === undefined ? GOING_AWAY : Math.trunc(Number(code))),
      setTimeout: timer('setTimeout', false),
      setInterval: timer('setInterval', true),
    };
  }
}

/** goja's class name of a value, as k6's messages name what they got: `String`, `Number`, `Object`, `Uint8Array`. */
function gojaClassName(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'number':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    case 'function':
      return 'Function';
    default:
      return Array.isArray(value) ? 'Array' : ((value as object).constructor?.name ?? 'Object');
  }
}

/** Response headers as Go gives them to k6: canonical names, repeated values joined with ", ". */
function goHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const k = canonicalHeaderKey(raw[i] as string);
    out[k] = out[k] === undefined ? (raw[i + 1] as string) : `${out[k]}, ${raw[i + 1] as string}`;
  }
  return out;
}
