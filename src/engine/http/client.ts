/**
 * The engine's HTTP/1.1 client: one keep-alive connection pool per VU (like k6's
 * per-VU transport), k6's timing phases measured around our own socket calls, and
 * every failure turned into a result with k6's error code instead of a throw.
 */
import { performance } from 'node:perf_hooks';
import { goQuote } from '../../core/go-quote.js';
import { goUrlError, K6HttpErrorCode } from './error-codes.js';
import { goUrlRefusal, type GoUrlRefusal } from './go-url.js';
import { DEFAULT_K6_COMPAT, type K6Compat } from '../k6-compat.js';
import { Connection, poolKeyOf, requestFailure, type ExchangeDone, type Target } from './connection.js';
import type { WireRequest, WireResponse } from './wire.js';
import { DialPolicy, type DialRoute } from './dial-policy.js';
import type { NetworkPolicy } from '../options/network-options.js';
import type { TlsPolicy } from '../options/tls-options.js';

/** Parsed targets by k6 generation, cached because VUs hit the same URLs over and over. */
const targetCaches = new Map<K6Compat, Map<string, Target | GoUrlRefusal>>();

/** Where a request goes, or why k6 would not send it (go-url.ts: Go's parser decides first). */
function parseTarget(url: string, compat: K6Compat): Target | GoUrlRefusal {
  let targetCache = targetCaches.get(compat);
  if (!targetCache) targetCaches.set(compat, (targetCache = new Map()));
  const cached = targetCache.get(url);
  if (cached !== undefined) return cached;
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  let result: Target | GoUrlRefusal | undefined = goUrlRefusal(url, u !== undefined, compat);
  if (!result && u) {
    const secure = u.protocol === 'https:';
    const port = u.port ? Number(u.port) : secure ? 443 : 80;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    result = { origin: `${u.protocol}//${u.host}`, secure, host, port, hostHeader: u.host, path: `${u.pathname}${u.search}` };
  }
  result ??= { code: K6HttpErrorCode.invalidUrl, message: `invalid URL: parse ${goQuote(url)}`, cause: `invalid URL: parse ${goQuote(url)}`, bare: true };
  if (targetCache.size > 10_000) targetCache.clear();
  targetCache.set(url, result);
  return result;
}

/**
 * Responses completed during one event-loop turn, handed to their callers together at its
 * end (setImmediate): every socket that became readable gets its end-of-response time
 * taken before any VU runs script code, instead of after the iterations of the VUs whose
 * sockets were read first (the time k6 reports as waiting/receiving would include them).
 */
const deliveries: Array<((r: WireResponse) => void) | WireResponse> = [];

function deliverLater(resolve: (r: WireResponse) => void, response: WireResponse): void {
  if (deliveries.push(resolve, response) === 2) setImmediate(deliverAll);
}

function deliverAll(): void {
  // Callers may start requests (and complete them) while we deliver: take this batch only.
  const batch = deliveries.splice(0, deliveries.length);
  for (let i = 0; i < batch.length; i += 2) (batch[i] as (r: WireResponse) => void)(batch[i + 1] as WireResponse);
}

export interface PoolOptions {
  /**
   * Hand responses over at the end of the event-loop turn (VU threads running many
   * async VUs, and the controller serving many blocking VUs: their sync p50 came
   * out ~20 % lower, closer to the truth, for ~3 % fewer req/s on 2 cores).
   * @default false
   */
  deliverAtTurnEnd?: boolean;
  /** The k6 generation whose URL checks apply (go-url.ts). @default current k6 */
  compat?: K6Compat;
  /** options.hosts, blockHostnames and blacklistIPs (http/dial-policy.ts). @default none */
  network?: NetworkPolicy;
  /** options.tlsVersion, tlsAuth and the trusted roots. @default Node's */
  tls?: TlsPolicy;
  /** Counts each request in flight as the VU's pending work (state/pending-work.ts). */
  work?: { begin(): void; end(): void };
}

/** Connection pool and request executor for one VU. */
export class HttpConnectionPool {
  private readonly dial: DialPolicy | undefined;
  /** The policy when it can refuse a request before it connects (hosts, blockHostnames, blacklistIPs). */
  private readonly refusing: DialPolicy | undefined;

  constructor(private readonly options: PoolOptions = {}) {
    this.dial = DialPolicy.of(options.network);
    this.refusing = this.dial?.plain ? undefined : this.dial;
  }

  private readonly idle = new Map<string, Connection[]>();
  private readonly busy = new Set<Connection>();
  private closed = false;
  private lastOrigin = '';
  private lastIdle: Connection[] = [];
  private readonly onDone: ExchangeDone = (conn, response, retryable, req, target) => this.exchangeDone(conn, response, retryable, req, target);

  /** Performs one request; never throws, failures come back with `errorCode` set. */
  request(req: WireRequest): Promise<WireResponse> {
    const target = parseTarget(req.url, this.options.compat ?? DEFAULT_K6_COMPAT);
    if ('code' in target) return Promise.resolve(requestFailure({ code: target.code, message: target.message, goError: target.bare ? target.cause : goUrlError(req.method, req.url, target.cause) }));
    const route = this.refusing?.route(target.host, target.port, req.url);
    if (route && 'code' in route) return Promise.resolve(requestFailure({ code: route.code, message: route.message, goError: goUrlError(req.method, req.url, route.cause) }));
    const work = this.options.work;
    if (!work) return new Promise((resolve) => this.attempt(req, target, true, resolve));
    work.begin();
    return new Promise((resolve) =>
      this.attempt(req, target, true, (r) => {
        work.end();
        resolve(r);
      }),
    );
  }

  /** Closes every connection; requests in flight end with a `request canceled` error. */
  close(): void {
    this.closed = true;
    for (const c of [...this.busy]) c.cancel();
    for (const list of this.idle.values()) for (const c of list) c.destroy();
    this.idle.clear();
    this.lastOrigin = '';
    this.lastIdle = [];
  }

  /** Closes the connections no request is using; busy ones finish normally. */
  closeIdle(): void {
    for (const list of this.idle.values()) for (const c of list.splice(0)) c.destroy();
  }

  /** The idle list of a pool key, an origin (the last one is remembered: VUs mostly hit one origin). */
  private idleList(key: string): Connection[] {
    if (key === this.lastOrigin) return this.lastIdle;
    let list = this.idle.get(key);
    if (!list) this.idle.set(key, (list = []));
    this.lastOrigin = key;
    this.lastIdle = list;
    return list;
  }

  private takeIdle(key: string): Connection | undefined {
    const list = this.idleList(key);
    while (list !== undefined && list.length > 0) {
      const c = list.pop() as Connection;
      if (!c.dead && !c.socket.destroyed) return c;
      c.destroy();
    }
    return undefined;
  }

  private attempt(req: WireRequest, target: Target, allowReuse: boolean, resolve: (r: WireResponse) => void): void {
    const t0 = performance.now();
    if (req.closeIdleFirst) this.closeIdle();
    const reused = allowReuse && req.noConnectionReuse !== true ? this.takeIdle(poolKeyOf(target.origin, req.localAddress)) : undefined;
    const conn = reused ?? new Connection(target, { insecureSkipTLSVerify: req.insecureSkipTLSVerify === true, policy: this.options.tls, compat: this.options.compat }, this.onDone, this.routeOf(target), req.localAddress);
    this.busy.add(conn);
    conn.resolve = resolve;
    conn.begin(req, target, t0, reused !== undefined);
  }

  /** Where a new connection to `target` goes (request() refused what the policy refuses). */
  private routeOf(target: Target): DialRoute | undefined {
    const route = this.dial?.route(target.host, target.port);
    return route && !('code' in route) ? route : undefined;
  }

  private exchangeDone(conn: Connection, response: WireResponse, retryable: boolean, req: WireRequest, target: Target): void {
    const resolve = conn.resolve as (r: WireResponse) => void;
    conn.resolve = undefined;
    this.busy.delete(conn);
    // A reused keep-alive socket may have been closed by the server just before we wrote:
    // retry once on a fresh connection, as Go's transport does for requests that never got a byte back.
    if (retryable && !this.closed) return this.attempt(req, target, false, resolve);
    if (this.closed || conn.dead || req.noConnectionReuse === true) conn.destroy();
    else this.idleList(conn.poolKey).push(conn);
    if (this.options.deliverAtTurnEnd) deliverLater(resolve, response);
    else resolve(response);
  }
}
