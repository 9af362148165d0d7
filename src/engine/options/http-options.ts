/** The k6 options that shape k6/http behaviour: redirects, http.batch concurrency, cookie resets. */
import { InvalidOptionsError } from '../invalid-options-error.js';
import { NO_NETWORK_POLICY, resolveNetworkPolicy, type NetworkPolicy } from './network-options.js';
import { DEFAULT_TLS_POLICY, resolveTlsPolicy, type TlsPolicy } from './tls-options.js';

export interface HttpRuntimeOptions {
  /** Redirects followed per request unless params.redirects says otherwise. @default 10 */
  maxRedirects: number;
  /** The script set maxRedirects: k6 then stays silent when a request stops at the limit. */
  maxRedirectsSet: boolean;
  /** Requests of one http.batch call in flight at once. @default 20 */
  batch: number;
  /** Of those, at most this many to one host (host:port); 0 = no per-host limit. @default 6 */
  batchPerHost: number;
  /** Keep the cookie jar across iterations. @default false */
  noCookiesReset: boolean;
  /** A new connection for every request (Go's DisableKeepAlives: `Connection: close`). @default false */
  noConnectionReuse: boolean;
  /** No connection kept from one iteration to the next. @default false */
  noVUConnectionReuse: boolean;
  /** hosts, blockHostnames, blacklistIPs: where requests may connect. */
  network: NetworkPolicy;
  /** Requests per second for the whole test (0: no limit). @default 0 */
  rps: number;
  /** tlsVersion, tlsAuth and the trusted roots. */
  tls: TlsPolicy;
}

export const DEFAULT_HTTP_OPTIONS: HttpRuntimeOptions = { maxRedirects: 10, maxRedirectsSet: false, batch: 20, batchPerHost: 6, noCookiesReset: false, noConnectionReuse: false, noVUConnectionReuse: false, network: NO_NETWORK_POLICY, rps: 0, tls: DEFAULT_TLS_POLICY };

function integerOption(raw: Record<string, unknown>, key: string, min: number, fallback: number, why?: string): number {
  const v = raw[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    const wanted = min === -Infinity ? 'a whole number' : `an integer >= ${min}`;
    throw new InvalidOptionsError(key, `must be ${wanted}, got ${JSON.stringify(v)}${why ? ` (${why})` : ''}`);
  }
  return v;
}

/** Validates and defaults the HTTP options of a script's `options`; throws InvalidOptionsError naming the key. */
export function resolveHttpOptions(raw: Record<string, unknown>): HttpRuntimeOptions {
  for (const key of ['noCookiesReset', 'noConnectionReuse', 'noVUConnectionReuse']) {
    const v = raw[key];
    if (v !== undefined && v !== null && typeof v !== 'boolean') throw new InvalidOptionsError(key, `must be true or false, got ${JSON.stringify(v)}`);
  }
  return {
    // As k6: a negative maxRedirects follows none, a batchPerHost of 0 or less sets no per-host limit.
    maxRedirects: integerOption(raw, 'maxRedirects', -Infinity, DEFAULT_HTTP_OPTIONS.maxRedirects),
    maxRedirectsSet: raw.maxRedirects !== undefined && raw.maxRedirects !== null,
    // k6 takes a batch of 0 or less too, and its next http.batch() then waits forever (no worker
    // starts; k6 v2.2.0, not even SIGTERM ends it): refused here before anything runs.
    batch: integerOption(raw, 'batch', 1, DEFAULT_HTTP_OPTIONS.batch, 'k6 accepts less, then hangs in the first http.batch()'),
    batchPerHost: integerOption(raw, 'batchPerHost', -Infinity, DEFAULT_HTTP_OPTIONS.batchPerHost),
    noCookiesReset: raw.noCookiesReset === true,
    noConnectionReuse: raw.noConnectionReuse === true,
    noVUConnectionReuse: raw.noVUConnectionReuse === true,
    network: resolveNetworkPolicy(raw),
    // k6 limits only for a positive rps.
    rps: Math.max(0, integerOption(raw, 'rps', -Infinity, 0)),
    tls: resolveTlsPolicy(raw),
  };
}
