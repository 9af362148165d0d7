/**
 * The `k6/http` module. Sync calls (get, post, request, batch…) block the VU
 * through the bridge while the controller does the I/O; asyncRequest uses the
 * VU's own connection pool on this thread's event loop.
 */
import type { WireResponse } from '../http/client.js';
import type { VuState } from '../vu/vu-state.js';
import { K6Response, buildResponse, emitRequestMetrics, prepareRequest, redirectTarget, type PreparedRequest, type RequestParams } from './http-request.js';

type Body = unknown;
type BatchEntry = string | [string, string, Body?, RequestParams?] | { method?: string; url: string; body?: Body; params?: RequestParams };

export function expectedStatuses(...specs: Array<number | { min: number; max: number }>): (status: number) => boolean {
  for (const s of specs) {
    if (typeof s !== 'number' && (typeof s?.min !== 'number' || typeof s?.max !== 'number')) {
      throw new Error('expectedStatuses() takes status codes or { min, max } ranges, like expectedStatuses(200, { min: 300, max: 399 })');
    }
  }
  return (status) => specs.some((s) => (typeof s === 'number' ? s === status : status >= s.min && status <= s.max));
}

export const DEFAULT_RESPONSE_CALLBACK = expectedStatuses({ min: 200, max: 399 });

export function createHttpModule(vu: VuState): Record<string, unknown> {
  const assertNotInit = () => {
    if (vu.inInit) throw new Error('Making http requests in the init context is not supported');
  };

  /** Handles one hop's metrics and decides whether to follow a redirect. */
  const userSetCookie = (req: PreparedRequest): boolean => {
    for (const k in req.wire.headers) if (k.length === 6 && k.toLowerCase() === 'cookie') return true;
    return false;
  };
  /** Adds the jar's cookies for the hop's URL (unless the script set a Cookie header itself). */
  const withCookies = (req: PreparedRequest, url: string, own: boolean): void => {
    if (own) return;
    const cookie = vu.cookieJar.header(url);
    if (cookie) req.wire.headers['Cookie'] = cookie;
    // (delete only when present: deleting turns the object into a slow dictionary)
    else if (req.wire.headers['Cookie'] !== undefined) delete req.wire.headers['Cookie'];
  };

  const finishHop = (req: PreparedRequest, res: WireResponse, url: string): { next?: string; response?: K6Response | Record<string, unknown> } => {
    emitRequestMetrics(vu, req, res, url);
    if (res.setCookies.length) vu.cookieJar.store(url, res.setCookies);
    if (res.errorCode) {
      vu.warn(`Request Failed: ${res.error}`);
      if (vu.runtime.throwOnRequestError) throw new Error(res.error);
    }
    const next = req.redirectsLeft > 0 ? redirectTarget(res, url) : undefined;
    if (next) {
      req.redirectsLeft--;
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && req.method === 'POST')) {
        req.method = 'GET';
        req.wire.method = 'GET';
        req.wire.body = null;
        req.bodyText = null;
      }
      req.wire.url = next;
      return { next };
    }
    return { response: buildResponse(req, res, url) };
  };

  const requestSync = (method: string, url: unknown, body: Body, params?: RequestParams): K6Response | Record<string, unknown> => {
    assertNotInit();
    const req = prepareRequest(vu, method, url, body, params);
    const own = userSetCookie(req);
    let current = req.url;
    for (;;) {
      withCookies(req, current, own);
      const [res] = vu.bridge.requests([req.wire]) as [WireResponse];
      const hop = finishHop(req, res, current);
      if (hop.response) return hop.response;
      current = hop.next as string;
    }
  };

  const followAsync = async (req: PreparedRequest, own: boolean, next: string): Promise<K6Response | Record<string, unknown>> => {
    let current = next;
    for (;;) {
      withCookies(req, current, own);
      const res = await vu.pool.request(req.wire);
      const hop = finishHop(req, res, current);
      if (hop.response) return hop.response;
      current = hop.next as string;
    }
  };

  // Not an async function: the first hop is one .then on the pool's promise (redirects
  // continue in followAsync); errors still come back as a rejected promise, never a throw.
  const asyncRequest = (method: string, url: unknown, body?: Body, params?: RequestParams): Promise<K6Response | Record<string, unknown>> => {
    let req: PreparedRequest;
    let own: boolean;
    try {
      assertNotInit();
      req = prepareRequest(vu, method, url, body, params);
      own = userSetCookie(req);
      withCookies(req, req.url, own);
    } catch (err) {
      return Promise.reject(err);
    }
    return vu.pool.request(req.wire).then((res) => {
      const hop = finishHop(req, res, req.url);
      return hop.response ?? followAsync(req, own, hop.next as string);
    });
  };

  const batch = (entries: BatchEntry[] | Record<string, BatchEntry>): unknown => {
    assertNotInit();
    const keys = Array.isArray(entries) ? entries.map((_, i) => i) : Object.keys(entries);
    const list = Array.isArray(entries) ? entries : Object.values(entries);
    const prepared = list.map((e) => {
      if (typeof e === 'string') return prepareRequest(vu, 'GET', e, null, undefined);
      if (Array.isArray(e)) return prepareRequest(vu, e[0], e[1], e[2] ?? null, e[3]);
      return prepareRequest(vu, e.method ?? 'GET', e.url, e.body ?? null, e.params);
    });
    for (const p of prepared) withCookies(p, p.url, userSetCookie(p));
    const responses = vu.bridge.requests(prepared.map((p) => p.wire));
    const results = prepared.map((p, i) => {
      // Redirects inside a batch are followed one by one.
      const hop = finishHop(p, responses[i] as WireResponse, p.url);
      if (hop.response) return hop.response;
      return requestSync(p.method, hop.next, p.bodyText, { headers: p.wire.headers, tags: p.tags, timeout: p.wire.timeoutMs, responseType: p.responseType });
    });
    if (Array.isArray(entries)) return results;
    return Object.fromEntries(keys.map((k, i) => [k, results[i]]));
  };

  const mod = {
    request: (method: string, url: unknown, body?: Body, params?: RequestParams) => requestSync(method, url, body ?? null, params),
    get: (url: unknown, params?: RequestParams) => requestSync('GET', url, null, params),
    head: (url: unknown, params?: RequestParams) => requestSync('HEAD', url, null, params),
    del: (url: unknown, body?: Body, params?: RequestParams) => requestSync('DELETE', url, body ?? null, params),
    options: (url: unknown, body?: Body, params?: RequestParams) => requestSync('OPTIONS', url, body ?? null, params),
    post: (url: unknown, body?: Body, params?: RequestParams) => requestSync('POST', url, body ?? null, params),
    put: (url: unknown, body?: Body, params?: RequestParams) => requestSync('PUT', url, body ?? null, params),
    patch: (url: unknown, body?: Body, params?: RequestParams) => requestSync('PATCH', url, body ?? null, params),
    asyncRequest,
    batch,
    expectedStatuses,
    setResponseCallback: (cb: ((status: number) => boolean) | null) => {
      vu.responseCallback = cb;
    },
    url: (strings: TemplateStringsArray, ...values: unknown[]) => {
      let url = '';
      let name = '';
      strings.forEach((s, i) => {
        url += s;
        name += s;
        if (i < values.length) {
          url += String(values[i]);
          name += '${}';
        }
      });
      return { url, name, toString: () => url };
    },
    cookieJar: () => ({
      cookiesForURL: (u: string) => vu.cookieJar.cookiesForUrl(u),
      set: (u: string, name: string, value: string) => vu.cookieJar.set(u, name, value),
      clear: () => vu.cookieJar.clear(),
      delete: (u: string, name: string) => vu.cookieJar.store(u, [`${name}=; Max-Age=0`]),
    }),
    file: (data: unknown, filename?: string, contentType?: string) => ({ data, filename, content_type: contentType ?? 'application/octet-stream' }),
    TLS_1_2: 'tls1.2',
    TLS_1_3: 'tls1.3',
  };
  return { ...mod, default: mod, __esModule: true };
}
