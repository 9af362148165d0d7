/**
 * What k6's two WebSocket modules share (`k6/ws`, ws.ts; `k6/websockets`, websockets.ts): the
 * handshake as k6 makes it (its User-Agent, the jar's cookies, the script's headers,
 * `compression: 'deflate'`, k6's TLS settings, `--local-ips`), its outcome in Go's words, the
 * tags and `ws_*` samples of a session, and gorilla/websocket's texts. The socket is the `ws`
 * package's client, loaded on first use.
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

declare const __LOADGATE_RESOLVE_FROM__: string | undefined;

let wsClass: typeof WebSocket | undefined;

function webSocketClass(): typeof WebSocket {
  if (wsClass) return wsClass;
  const from = typeof __LOADGATE_RESOLVE_FROM__ === 'string' ? __LOADGATE_RESOLVE_FROM__ : import.meta.url;
  wsClass = createRequire(from)('ws') as typeof WebSocket;
  return wsClass;
}

/** The options both modules take for the handshake. */
export interface HandshakeParams {
  headers?: unknown;
  tags?: unknown;
  jar?: unknown;
  compression?: unknown;
}

/** How the handshake ended: upgraded, answered otherwise (a 403 and its body), or failed (Go's words). */
export type HandshakeOutcome = { ok: true; res: IncomingMessage } | { ok: false; status: number; headers: Record<string, string>; body: string; error: string };

/**
 * One WebSocket session's socket and samples. The constructor checks the params as k6 does
 * (throws its GoError for a compression it lacks); open() dials.
 */
export class WsConnection {
  readonly headers: Record<string, string>;
  private readonly deflate: boolean;
  /** The tags of the session's samples: the VU's, the params', url, then status, subproto, ip. */
  private readonly extraTags: Record<string, string> = {};
  private tagSetId = -1;
  ws: WebSocket | undefined;
  /** performance.now() and Date.now() when the dial began. */
  t0 = 0;
  startMs = 0;

  constructor(
    private readonly vu: VuState,
    readonly url: string,
    params: HandshakeParams,
    private readonly protocols: readonly string[] = [],
  ) {
    // k6 offers permessage-deflate without context takeover, or nothing.
    const compression = params.compression;
    if (compression !== undefined && compression !== null && compression !== '' && compression !== 'deflate') {
      throw new GoError(`unsupported compression algorithm '${String(compression)}', supported algorithm is 'deflate'`);
    }
    this.deflate = compression === 'deflate';
    // As k6: its User-Agent, and the cookies the jar (params.jar, else the VU's) holds for the address (as http:// / https://).
    this.headers = vu.runtime.userAgent === '' ? {} : { 'User-Agent': vu.runtime.userAgent };
    const jar = (params.jar !== undefined && params.jar !== null ? K6CookieJar.unwrap(params.jar) : undefined) ?? vu.cookieJar;
    const cookie = jar.header(url.replace(/^ws(s?):/i, 'http$1:'));
    if (cookie) this.headers.Cookie = cookie;
    if (params.headers && typeof params.headers === 'object') for (const [k, v] of Object.entries(params.headers)) this.headers[canonicalHeaderKey(k)] = String(v);
    if (params.tags && typeof params.tags === 'object') for (const [k, v] of Object.entries(params.tags)) this.extraTags[k] = String(v);
    if (systemTagOn(vu, 'url')) this.extraTags.url = url;
  }

  /** Dials; `listen` attaches the socket's own listeners before any frame can arrive. */
  open(listen: (ws: WebSocket) => void): Promise<HandshakeOutcome> {
    const WebSocketClass = webSocketClass();
    this.startMs = Date.now();
    this.t0 = performance.now();
    const host = new URL(this.url).hostname.replace(/^\[|\]$/g, '');
    // wss:// as k6's HTTPS: its trusted roots, tlsVersion, cipher suites and client certificates, insecureSkipTLSVerify.
    const secureContext = secureContextFor(this.vu.runtime.http.tls, host);
    const ws = new WebSocketClass(this.url, [...this.protocols], {
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
    listen(ws);
    return new Promise<HandshakeOutcome>((resolve) => {
      ws.once('upgrade', (res) => {
        this.tagResponse(res);
        resolve({ ok: true, res });
      });
      ws.once('unexpected-response', (_req: ClientRequest, res: IncomingMessage) => {
        this.tagResponse(res);
        const chunks: Buffer[] = [];
        const done = () => resolve({ ok: false, status: res.statusCode ?? 0, headers: goHeaders(res), body: Buffer.concat(chunks).toString('utf8'), error: '' });
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', done);
        res.on('error', done);
      });
      ws.once('error', (err: Error & { code?: string }) => {
        const u = new URL(this.url);
        const port = Number(u.port || (u.protocol === 'wss:' ? 443 : 80));
        // Go's words for the failure, as an HTTP request's (without the URL around them).
        const failed = errorFromSocket(err, { method: 'GET', url: this.url, host, port, headReceived: true, compat: this.vu.runtime.compat, source: this.vu.localAddress && `${this.vu.localAddress}:0` });
        resolve({ ok: false, status: 0, headers: {}, body: '', error: failed.goError });
      });
    });
  }

  /** The handshake's answer tags the session's samples (status, subproto, ip). */
  private tagResponse(res: IncomingMessage): void {
    if (systemTagOn(this.vu, 'status')) this.extraTags.status = String(res.statusCode ?? 0);
    if (systemTagOn(this.vu, 'subproto')) this.extraTags.subproto = String(res.headers['sec-websocket-protocol'] ?? '');
    if (systemTagOn(this.vu, 'ip') && res.socket?.remoteAddress) this.extraTags.ip = res.socket.remoteAddress;
  }

  /** A `ws_*` sample of this session (its tags are fixed by the first, once the handshake is over). */
  emit(metric: string, value: number, timeMs = Date.now()): void {
    if (this.tagSetId < 0) {
      const extra = { ...this.extraTags };
      this.tagSetId = tagSetWith(this.vu, `ws\u0004${JSON.stringify(Object.entries(extra).sort())}`, () => extra);
    }
    emitBuiltin(this.vu, metric, this.tagSetId, value, timeMs);
  }

  private readonly pings = new Map<string, number>();
  private pingCounter = 0;

  /** Pings the server; the pong to it gives ws_ping (k6 numbers its pings' payloads). */
  ping(): void {
    const id = String(this.pingCounter++);
    this.pings.set(id, performance.now());
    this.ws?.ping(id);
  }

  /** A pong that came at `at` (performance.now()): ws_ping when it answers one of this session's pings. */
  pong(data: Buffer, at: number): void {
    const id = data.toString('utf8');
    const sent = this.pings.get(id);
    if (sent === undefined) return;
    this.pings.delete(id);
    this.emit('ws_ping', at - sent);
  }

  /** The attempt's ws_sessions and ws_connecting, dated when it began. */
  emitConnected(): void {
    this.emit('ws_sessions', 1, this.startMs);
    this.emit('ws_connecting', performance.now() - this.t0, this.startMs);
  }

  emitSessionDuration(): void {
    this.emit('ws_session_duration', performance.now() - this.t0, this.startMs);
  }

  /** The connection's bytes as data_sent / data_received, tagged as the iteration (root group). */
  countBytes(): void {
    const ws = this.ws as unknown as { _socket?: { bytesWritten: number; bytesRead: number }; _req?: { socket?: { bytesWritten: number; bytesRead: number } } } | undefined;
    const s = ws?._socket ?? ws?._req?.socket;
    if (!s) return;
    const vu = this.vu;
    const root = vu.groupPath === '' ? tagSetWith(vu, '') : tagSetWith(vu, 'root-group', () => ({ group: '' }));
    const now = Date.now();
    if (s.bytesWritten) emitBuiltin(vu, 'data_sent', root, s.bytesWritten, now);
    if (s.bytesRead) emitBuiltin(vu, 'data_received', root, s.bytesRead, now);
  }
}

/** gorilla/websocket's CloseError text: `websocket: close 1006 (abnormal closure): unexpected EOF`. */
const CLOSE_NAMES: Record<number, string> = {
  1000: 'normal', 1001: 'going away', 1002: 'protocol error', 1003: 'unsupported data', 1005: 'no status', 1006: 'abnormal closure',
  1007: 'invalid payload data', 1008: 'policy violation', 1009: 'message too big', 1010: 'mandatory extension missing', 1011: 'internal server error', 1015: 'TLS handshake error',
};

export function closeErrorText(code: number, reason: string): string {
  const name = CLOSE_NAMES[code];
  return `websocket: close ${code}${name ? ` (${name})` : ''}${reason ? `: ${reason}` : ''}`;
}

/** goja's class name of a value, as k6's messages name what they got: `String`, `Number`, `Object`, `Uint8Array`. */
export function gojaClassName(value: unknown): string {
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
export function goHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  const raw = res.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const k = canonicalHeaderKey(raw[i] as string);
    out[k] = out[k] === undefined ? (raw[i + 1] as string) : `${out[k]}, ${raw[i + 1] as string}`;
  }
  return out;
}

/** The bytes of an ArrayBuffer view (its own range only) or of an ArrayBuffer. */
export function binaryOf(data: ArrayBuffer | ArrayBufferView): Buffer {
  return data instanceof ArrayBuffer ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
