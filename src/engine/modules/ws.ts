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
import type WebSocket from 'ws';
import type { VuState } from '../state/vu-state.js';
import { GoError } from './go-error.js';
import { IterationInterrupted } from './k6.js';
import { binaryOf, closeErrorText, gojaClassName, goHeaders, WsConnection, type HandshakeParams } from './ws-client.js';

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
  private readonly conn: WsConnection;
  private ws: WebSocket | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;
  private ended = false;
  private finish: ((err?: unknown) => void) | undefined;
  private readonly socketApi: Record<string, unknown>;
  private started = false;
  /** Closed because the VU was stopped. */
  private stopped = false;
  private readonly queued: Array<() => void> = [];

  constructor(
    private readonly vu: VuState,
    private readonly url: string,
    params: unknown,
    private readonly setupFn: (socket: unknown) => unknown,
    private readonly calledAt: Error,
  ) {
    this.socketApi = this.makeSocketApi();
    this.conn = new WsConnection(vu, url, (params && typeof params === 'object' ? params : {}) as HandshakeParams);
  }

  async run(): Promise<WsResponse> {
    const conn = this.conn;
    // Frames can come right behind the handshake: they wait until the script's function and its open handlers ran.
    const handshake = await conn.open((ws) => this.listen(ws));
    const ws = conn.ws as WebSocket;
    this.ws = ws;
    conn.emitConnected();
    if (!handshake.ok) {
      ws.terminate();
      conn.emitSessionDuration();
      conn.countBytes();
      return { url: '', status: handshake.status, headers: handshake.headers, body: handshake.body, error: handshake.error };
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
      if (!this.stopped) conn.emitSessionDuration();
      conn.countBytes();
    }
    return response;
  }

  /** Runs `event` now once the session started, else after the open handlers. */
  private deliver(event: () => void): void {
    if (this.started) event();
    else this.queued.push(event);
  }

  private listen(ws: WebSocket): void {
    ws.on('message', (data: Buffer, isBinary: boolean) =>
      this.deliver(() => {
        this.conn.emit('ws_msgs_received', 1);
        if (isBinary) this.fire('binaryMessage', data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
        else this.fire('message', data.toString('utf8'));
      }),
    );
    ws.on('ping', () => this.deliver(() => this.fire('ping')));
    ws.on('pong', (data: Buffer) => {
      const at = performance.now();
      this.deliver(() => {
        this.conn.pong(data, at);
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
        this.conn.emit('ws_msgs_sent', 1);
      },
      sendBinary: (message: unknown) => {
        if (this.closed || !this.ws) return;
        if (!(message instanceof ArrayBuffer)) throw new GoError(`expected ArrayBuffer as argument, received: ${gojaClassName(message)}`);
        this.ws.send(binaryOf(message), { binary: true });
        this.conn.emit('ws_msgs_sent', 1);
      },
      ping: () => {
        if (this.closed || !this.ws) return;
        this.conn.ping();
      },
      close: (code?: unknown) => this.close(code === undefined ? GOING_AWAY : Math.trunc(Number(code))),
      setTimeout: timer('setTimeout', false),
      setInterval: timer('setInterval', true),
    };
  }
}
