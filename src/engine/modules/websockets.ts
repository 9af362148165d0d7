/**
 * The `k6/websockets` module (k6 v2; `k6/experimental/websockets` in k6 v0.49, and deprecated in
 * v2): a browser-like `new WebSocket(url, protocols?, params?)` on the VU's event loop, as k6's
 * js/modules/k6/websockets. Nothing blocks: the iteration goes on until its sockets are closed
 * (each holds the loop, modules/timers.ts), and the events run as timers' callbacks do.
 *
 * As k6: the socket's own properties (`url`, `readyState`, `binaryType` ("blob" or
 * "arraybuffer"), `bufferedAmount`, `protocol`, `extensions`, `onopen`…`onpong`,
 * `addEventListener`, `send`, `ping`, `close`); events as plain objects (`type`, `target`,
 * `timestamp`, and `data`/`origin`, `code`/`reason`, `error`); the `on…` handler first, then the
 * listeners in order; a failed handshake is an `error` (Go's words, or `websocket: bad
 * handshake`) then a `close` without a code; a server's close other than 1000 an `error` before
 * the `close`; `close()` sends 1000 and the socket is CLOSING until its `close` event;
 * `ws_msgs_sent` counts pings and the client's close too. `Blob` is Node's.
 */
import { Blob as NodeBlob } from 'node:buffer';
import type WebSocket from 'ws';
import type { VuState } from '../state/vu-state.js';
import { GoError } from './go-error.js';
import { binaryOf, closeErrorText, gojaClassName, WsConnection, type HandshakeParams } from './ws-client.js';

/** The VU's event loop as a socket uses it (modules/timers.ts). */
export interface EventLoopHolds {
  hold(stop: () => void): { release(): void; run(call: () => unknown): void };
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const NORMAL = 1000;
const EVENTS = ['open', 'message', 'error', 'close', 'ping', 'pong'] as const;
type EventName = (typeof EVENTS)[number];

export function createWebSocketsModule(vu: VuState, loop: EventLoopHolds): Record<string, unknown> {
  function WebSocketConstructor(url?: unknown, protocols?: unknown, params?: unknown): Record<string, unknown> {
    if (vu.inInit) throw new GoError('using websockets in the init context is not supported');
    if (url === undefined || url === null) throw new GoError('WebSocket requires a url');
    const list = protocols === undefined || protocols === null ? [] : Array.isArray(protocols) ? protocols.map(String) : [String(protocols)];
    return new Socket(vu, loop, String(url), list, (params && typeof params === 'object' ? params : {}) as HandshakeParams).api;
  }
  const mod = { WebSocket: WebSocketConstructor, Blob: NodeBlob };
  return { ...mod, default: mod, __esModule: true };
}

class Socket {
  readonly api: Record<string, unknown>;
  private readonly conn: WsConnection;
  private ws: WebSocket | undefined;
  private readyState = CONNECTING;
  private binaryType: 'blob' | 'arraybuffer' = 'blob';
  private protocol = '';
  private extensions = '';
  private readonly on = new Map<EventName, unknown>();
  private readonly listeners = new Map<string, unknown[]>();
  private readonly loop: { release(): void; run(call: () => unknown): void };
  private opened = false;
  private finished = false;
  /** Frames that came with the handshake, held until the open event went out. */
  private readonly early: Array<() => void> = [];
  /** k6 v0.49's experimental module: no Blob, binaryType fixed to ArrayBuffer, close events without code and reason. */
  private readonly v049: boolean;

  constructor(
    private readonly vu: VuState,
    loopHolds: EventLoopHolds,
    private readonly url: string,
    protocols: string[],
    params: HandshakeParams,
  ) {
    this.v049 = vu.runtime.compat === 'v0.49';
    this.conn = new WsConnection(vu, url, params, protocols);
    this.api = this.makeApi();
    // Until its close event, the socket keeps the iteration going; a stopped iteration closes it.
    this.loop = loopHolds.hold(() => this.abandon());
    void this.connect();
  }

  private async connect(): Promise<void> {
    const handshake = await this.conn.open((ws) => this.listen(ws));
    this.ws = this.conn.ws;
    this.conn.emitConnected();
    if (this.finished) return;
    if (!handshake.ok) {
      this.ws?.terminate();
      this.conn.countBytes();
      this.readyState = CLOSED;
      this.dispatch('error', { error: handshake.status !== 0 ? 'websocket: bad handshake' : handshake.error });
      this.dispatch('close', this.v049 ? {} : { reason: '' });
      this.finish();
      return;
    }
    const res = handshake.res;
    this.protocol = String(res.headers['sec-websocket-protocol'] ?? '');
    this.extensions = String(res.headers['sec-websocket-extensions'] ?? '');
    this.readyState = OPEN;
    this.opened = true;
    this.dispatch('open', {});
    for (const event of this.early.splice(0)) event();
  }

  /** Runs `event` once the open event went out. */
  private afterOpen(event: () => void): void {
    if (this.opened) event();
    else this.early.push(event);
  }

  private listen(ws: WebSocket): void {
    ws.on('message', (data: Buffer, isBinary: boolean) =>
      this.afterOpen(() => {
        if (this.finished) return;
        this.conn.emit('ws_msgs_received', 1);
        const bytes = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
        const payload = !isBinary ? data.toString('utf8') : this.binaryType === 'arraybuffer' || this.v049 ? bytes : new NodeBlob([bytes]);
        this.dispatch('message', { data: payload, origin: this.url });
      }),
    );
    ws.on('ping', () => this.afterOpen(() => this.dispatch('ping', {})));
    ws.on('pong', (data: Buffer) => {
      const at = performance.now();
      this.afterOpen(() => {
        this.conn.pong(data, at);
        this.dispatch('pong', {});
      });
    });
    ws.on('close', (code: number, reason: Buffer) =>
      this.afterOpen(() => {
        if (this.finished) return;
        const text = reason.toString('utf8');
        const byServer = this.readyState === OPEN;
        this.readyState = CLOSED;
        // gorilla reports a close other than a normal one as an error first (k6 v2.2.0 and v0.49.0).
        if (code !== NORMAL && byServer) this.dispatch('error', { error: closeErrorText(code, text) });
        this.dispatch('close', this.v049 ? {} : { code, reason: text });
        this.conn.emitSessionDuration();
        this.conn.countBytes();
        this.finish();
      }),
    );
    ws.on('error', (err: Error) => {
      if (this.opened && !this.finished) this.dispatch('error', { error: err.message });
    });
  }

  /** The event to the `on…` handler, then to each listener, as callbacks of the VU's loop. */
  private dispatch(type: EventName, fields: Record<string, unknown>): void {
    const event = { type, target: this.api, timestamp: Date.now(), ...fields };
    const handlers = [this.on.get(type), ...(this.listeners.get(type) ?? [])].filter((h): h is (e: unknown) => unknown => typeof h === 'function');
    for (const h of handlers) this.loop.run(() => h(event));
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.loop.release();
  }

  /** The iteration ended without the socket's close (the VU was stopped, or the script threw): close it going away. */
  private abandon(): void {
    if (this.finished) return;
    this.finished = true;
    this.readyState = CLOSED;
    const ws = this.ws;
    if (ws && ws.readyState === ws.OPEN) ws.close(1001);
    setTimeout(() => ws?.terminate(), 100).unref();
  }

  private makeApi(): Record<string, unknown> {
    const api: Record<string, unknown> = {};
    const value = (name: string, v: unknown) => Object.defineProperty(api, name, { value: v, enumerable: true, writable: true, configurable: true });
    const getter = (name: string, get: () => unknown, set?: (v: unknown) => void) => Object.defineProperty(api, name, { get, set, enumerable: true, configurable: true });
    value('url', this.url);
    // k6 v0.49 hands out its Go enum boxed: JSON shows the number, typeof says "object".
    // eslint-disable-next-line no-new-wrappers
    getter('readyState', () => (this.v049 ? new Number(this.readyState) : this.readyState));
    getter('bufferedAmount', () => this.ws?.bufferedAmount ?? 0);
    getter('protocol', () => this.protocol);
    getter('extensions', () => this.extensions);
    getter(
      'binaryType',
      () => (this.v049 ? 'ArrayBuffer' : this.binaryType),
      (v) => {
        if (this.v049) throw new GoError("binaryType is not settable in k6 as it doesn't support Blob");
        if (v !== 'blob' && v !== 'arraybuffer') throw new GoError(`unknown binaryType ${String(v)}, the supported ones are "blob" and "arraybuffer"`);
        this.binaryType = v;
      },
    );
    for (const e of EVENTS) {
      getter(
        `on${e}`,
        () => this.on.get(e) ?? null,
        (h) => {
          this.on.set(e, h);
        },
      );
    }
    value('addEventListener', (type: unknown, handler: unknown) => {
      if (typeof handler !== 'function') return;
      const list = this.listeners.get(String(type)) ?? [];
      list.push(handler);
      this.listeners.set(String(type), list);
    });
    // Named for k6-stack.ts: k6's stacks show it as the module's native send.
    const webSocketSend = (data: unknown): void => {
      if (this.readyState !== OPEN || !this.ws) throw new GoError('InvalidStateError');
      if (typeof data === 'string') this.ws.send(data);
      else if (data instanceof ArrayBuffer || (ArrayBuffer.isView(data) && !this.v049)) this.ws.send(binaryOf(data), { binary: true });
      // k6 v2.2.0 refuses its own Blob here, as any other value; v0.49 a typed array too.
      else throw new GoError(`unsupported send type ${goTypeName(data)}`);
      this.conn.emit('ws_msgs_sent', 1);
    };
    value('send', webSocketSend);
    value('ping', () => {
      if (this.readyState !== OPEN || !this.ws) throw new GoError('InvalidStateError');
      this.conn.ping();
      this.conn.emit('ws_msgs_sent', 1);
    });
    value('close', (code?: unknown, reason?: unknown) => {
      if (this.readyState !== OPEN || !this.ws) return;
      this.readyState = CLOSING;
      this.ws.close(code === undefined ? NORMAL : Math.trunc(Number(code)), reason === undefined ? undefined : String(reason));
      this.conn.emit('ws_msgs_sent', 1);
    });
    return api;
  }
}

/** The Go type k6's send() names for a value it cannot send (goja exports an object as a map). */
function goTypeName(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (value instanceof Uint8Array) return '[]uint8';
  if (typeof value === 'object') return 'map[string]interface {}';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int64' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return gojaClassName(value).toLowerCase();
}
