/**
 * The `k6/http` module. Sync calls (get, post, request, batch…) block the VU
 * through the bridge while the controller does the I/O; asyncRequest uses the
 * VU's own connection pool on this thread's event loop.
 */
import type { WireRequest, WireResponse } from '../http/wire.js';
import { httpDebugEntries } from '../http/http-debug.js';
import type { VuState } from '../state/vu-state.js';
import { K6Response, buildResponse, emitRequestMetrics, followRedirect, prepareRequest, redirectTarget, type PreparedRequest, type RequestParams } from './http-request.js';
import { digestAuthorization, parseDigestChallenge, type DigestCredentials } from '../http/digest-auth.js';
import { K6CookieJar, cookieHeader } from './http-cookies.js';
import { FileData } from './http-body.js';
import { GoError } from './go-error.js';
import { requestAllLimited } from '../http/batch-limit.js';
import { IterationInterrupted } from './k6.js';

type Body = unknown;
/** What http.url`…` returns: the URL, and the template as the `name` tag. */
class TemplateUrl {
  constructor(
    readonly url: string,
    readonly name: string,
  ) {}

  toString(): string {
    return this.url;
  }
}

type BatchEntry = string | TemplateUrl | [string, string, Body?, RequestParams?] | { method?: string; url: string; body?: Body; params?: RequestParams };

export function expectedStatuses(...specs: Array<number | { min: number; max: number }>): (status: number) => boolean {
  for (const s of specs) {
    if (typeof s !== 'number' && (typeof s?.min !== 'number' || typeof s?.max !== 'number')) {
      throw new Error('expectedStatuses() takes status codes or { min, max } ranges, like expectedStatuses(200, { min: 300, max: 399 })');
    }
  }
  return (status) => specs.some((s) => (typeof s === 'number' ? s === status : status >= s.min && status <= s.max));
}

export const DEFAULT_RESPONSE_CALLBACK = expectedStatuses({ min: 200, max: 399 });

/** One http.batch entry as a request: `url`, `[method, url, body?, params?]` or `{ method, url, body, params }`. */
function batchRequest(vu: VuState, key: string | number, e: BatchEntry): PreparedRequest {
  if (typeof e === 'string' || e instanceof TemplateUrl) return prepareRequest(vu, 'GET', e, null, undefined);
  if (Array.isArray(e)) {
    if (e.length < 2 || typeof e[0] !== 'string') throw new Error(`http.batch(): request ${key} must be [method, url, body?, params?], got ${JSON.stringify(e)}`);
    return prepareRequest(vu, e[0], e[1], e[2] ?? null, e[3]);
  }
  if (typeof e !== 'object' || e === null || !('url' in e)) throw new Error(`http.batch(): request ${key} doesn't have a url key`);
  const method = (e.method ?? 'GET').toUpperCase();
  // k6 sends no body with GET or HEAD batch entries.
  const body = method === 'GET' || method === 'HEAD' ? null : (e.body ?? null);
  return prepareRequest(vu, method, e.url, body, e.params);
}

export function createHttpModule(vu: VuState): Record<string, unknown> {
  const assertNotInit = () => {
    if (vu.inInit) throw new Error('Making http requests in the init context is not supported');
  };

  /** The Cookie header of the next hop (script header on the first hop only, params.cookies, the jar). */
  const setCookieHeader = (req: PreparedRequest): void => {
    const cookie = cookieHeader(req.hops === 0 ? req.ownCookie : undefined, req.extraCookies, req.jar, req.wire.url);
    if (req.hops === 0) req.firstCookie = cookie;
    if (cookie !== undefined) req.wire.headers['Cookie'] = cookie;
    // (delete only when present: deleting turns the object into a slow dictionary)
    else if (req.wire.headers['Cookie'] !== undefined) delete req.wire.headers['Cookie'];
  };

  /** Answers a 401 digest challenge on `req` (true), or says why it cannot (false). */
  const answerDigest = (req: PreparedRequest, res: WireResponse, creds: DigestCredentials): boolean => {
    const challenge = parseDigestChallenge(res.headers['Www-Authenticate'] ?? res.headers['WWW-Authenticate'] ?? '');
    if (!challenge) return false;
    const u = new URL(req.wire.url);
    const answer = digestAuthorization(challenge, req.method, `${u.pathname}${u.search}`, req.wire.body, creds);
    if ('error' in answer) {
      vu.warn(answer.error);
      return false;
    }
    req.wire.headers['Authorization'] = answer.header;
    return true;
  };

  /**
   * One hop's response: metrics, cookies, errors. Returns the Response when the request is
   * done, or undefined when another hop follows (digest answer or redirect; req.wire updated).
   */
  const finishHop = (req: PreparedRequest, res: WireResponse): K6Response | undefined => {
    const url = req.wire.url;
    const creds = req.digest;
    emitRequestMetrics(vu, req, res, req.hops === 0 ? req.tagUrl : url, creds !== undefined);
    const debug = vu.runtime.httpDebug;
    if (debug) for (const entry of httpDebugEntries(req.wire, res, debug, { group: vu.groupPath, iter: vu.iterationInScenario, scenario: vu.scenario?.name, vu: vu.id })) vu.log(entry);
    req.hops++;
    // Only the iteration's first request starts from closed connections, not its later hops.
    if (req.wire.closeIdleFirst) req.wire.closeIdleFirst = false;
    if (res.setCookies.length) req.jar.store(url, res.setCookies);
    if (res.errorCode) {
      // k6 throws Go's error under `throw: true` instead of warning; both show Go's text
      // (`Get "<url>": request timeout`), res.error k6's short one.
      if (vu.runtime.throwOnRequestError) throw new GoError(res.goError);
      vu.warn(`Request Failed: ${res.goError}`);
    }
    if (creds !== undefined) {
      req.digest = undefined;
      if (res.status === 401 && answerDigest(req, res, creds)) return undefined;
    }
    const next = redirectTarget(res, url);
    if (next !== undefined) {
      if (req.redirectsLeft > 0) {
        followRedirect(req, res.status, next);
        return undefined;
      }
      if (!req.redirectsSet) vu.warn(`Stopped after ${req.hops} redirects and returned the redirection; pass { redirects: n } in request params or set global maxRedirects to silence this (url ${req.tagUrl})`);
    }
    return buildResponse(req, res, url, send);
  };

  /** options.rps: waits for the request's slot (blocking VUs), as k6 does once per request after preparing it. */
  const waitForRate = (): void => {
    const ms = vu.rateLimit?.reserve() ?? 0;
    if (ms > 0 && vu.bridge.sleep(ms, vu.stopSlot)) throw new IterationInterrupted();
  };

  /** waitForRate for awaited VUs. */
  const waitForRateAsync = async (): Promise<void> => {
    const ms = vu.rateLimit?.reserve() ?? 0;
    if (ms > 0 && (await vu.work.track(vu.bridge.sleepAsync(ms, vu.stopSlot)))) throw new IterationInterrupted();
  };

  const requestSync = (method: string, url: unknown, body: Body, params?: RequestParams): K6Response => {
    assertNotInit();
    const req = prepareRequest(vu, method, url, body, params);
    waitForRate();
    for (;;) {
      setCookieHeader(req);
      const [res] = vu.bridge.requests([req.wire]) as [WireResponse];
      const response = finishHop(req, res);
      if (response) return response;
    }
  };

  const followAsync = async (req: PreparedRequest): Promise<K6Response> => {
    for (;;) {
      setCookieHeader(req);
      const res = await vu.pool.request(req.wire);
      const response = finishHop(req, res);
      if (response) return response;
    }
  };

  // Not an async function: the first hop is one .then on the pool's promise (further hops
  // continue in followAsync); errors still come back as a rejected promise, never a throw.
  const asyncRequest = (method: string, url: unknown, body?: Body, params?: RequestParams): Promise<K6Response> => {
    let req: PreparedRequest;
    try {
      assertNotInit();
      req = prepareRequest(vu, method, url, body, params);
      setCookieHeader(req);
    } catch (err) {
      return Promise.reject(err);
    }
    if (vu.rateLimit) return waitForRateAsync().then(() => vu.pool.request(req.wire).then((res) => finishHop(req, res) ?? followAsync(req)));
    return vu.pool.request(req.wire).then((res) => finishHop(req, res) ?? followAsync(req));
  };

  /**
   * http.batch's rounds: all first hops go out together (bounded by options.batch and
   * batchPerHost), then the hops that still have a redirect or digest step to take. Yields
   * each round's requests and is sent their responses, so the blocking and the awaited
   * batch share it.
   */
  function* batchRounds(entries: BatchEntry[] | Record<string, BatchEntry>): Generator<WireRequest[], unknown, WireResponse[]> {
    assertNotInit();
    if (typeof entries !== 'object' || entries === null) throw new Error('http.batch() takes an array or an object of requests');
    const keys = Array.isArray(entries) ? entries.map((_, i) => i) : Object.keys(entries);
    const list = Array.isArray(entries) ? entries : Object.values(entries);
    const prepared = list.map((e, i) => batchRequest(vu, keys[i] as string | number, e));
    const results: K6Response[] = new Array<K6Response>(prepared.length);
    let pending = prepared.map((_, i) => i);
    while (pending.length > 0) {
      for (const i of pending) setCookieHeader(prepared[i] as PreparedRequest);
      const responses = yield pending.map((i) => (prepared[i] as PreparedRequest).wire);
      const next: number[] = [];
      pending.forEach((i, k) => {
        const response = finishHop(prepared[i] as PreparedRequest, responses[k] as WireResponse);
        if (response) results[i] = response;
        else next.push(i);
      });
      pending = next;
    }
    if (Array.isArray(entries)) return results;
    return Object.fromEntries(keys.map((k, i) => [k, results[i]]));
  }

  const batch = (entries: BatchEntry[] | Record<string, BatchEntry>): unknown => {
    const rounds = batchRounds(entries);
    let first = true;
    for (let step = rounds.next(); ; step = rounds.next(vu.bridge.requests(step.value))) {
      if (step.done) return step.value;
      // options.rps: the first hops' slots are reserved one by one; the batch goes out at the last one
      // (k6 spaces them inside the batch; the blocking bridge sends a batch at once).
      if (first && vu.rateLimit) for (const _ of step.value) waitForRate();
      first = false;
    }
  };

  /** http.batch of a script whose blocking calls are awaited (script/asyncify.ts), on this thread's event loop. */
  const batchAwaited = async (entries: BatchEntry[] | Record<string, BatchEntry>): Promise<unknown> => {
    const rounds = batchRounds(entries);
    let first = true;
    const send = (r: WireRequest): Promise<WireResponse> => vu.pool.request(r);
    // options.rps: each first hop waits for its slot, as each request of a k6 batch does.
    const sendLimited = (r: WireRequest): Promise<WireResponse> => waitForRateAsync().then(() => vu.pool.request(r));
    for (let step = rounds.next(); ; ) {
      if (step.done) return step.value;
      const responses = await requestAllLimited(step.value, vu.runtime.http, first && vu.rateLimit ? sendLimited : send);
      first = false;
      step = rounds.next(responses);
    }
  };

  const vuJar = new K6CookieJar(vu.cookieJar);
  // Awaited scripts (script/asyncify.ts) get the same calls returning promises.
  const send = vu.blockingCallsAwaited ? asyncRequest : requestSync;

  const mod = {
    request: (method: string, url: unknown, body?: Body, params?: RequestParams) => send(method, url, body ?? null, params),
    get: (url: unknown, params?: RequestParams) => send('GET', url, null, params),
    head: (url: unknown, params?: RequestParams) => send('HEAD', url, null, params),
    del: (url: unknown, body?: Body, params?: RequestParams) => send('DELETE', url, body ?? null, params),
    options: (url: unknown, body?: Body, params?: RequestParams) => send('OPTIONS', url, body ?? null, params),
    post: (url: unknown, body?: Body, params?: RequestParams) => send('POST', url, body ?? null, params),
    put: (url: unknown, body?: Body, params?: RequestParams) => send('PUT', url, body ?? null, params),
    patch: (url: unknown, body?: Body, params?: RequestParams) => send('PATCH', url, body ?? null, params),
    asyncRequest,
    batch: vu.blockingCallsAwaited ? batchAwaited : batch,
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
      return new TemplateUrl(url, name);
    },
    cookieJar: () => vuJar,
    CookieJar: K6CookieJar,
    file: (data: unknown, filename?: string, contentType?: string) => new FileData(data, filename, contentType),
    TLS_1_2: 'tls1.2',
    TLS_1_3: 'tls1.3',
  };
  return { ...mod, default: mod, __esModule: true };
}
