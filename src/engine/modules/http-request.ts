/**
 * k6/http request building (params → wire request) and response building
 * (wire response → k6 Response object), plus the metrics each request emits.
 */
import type { WireRequest, WireResponse } from '../http/wire.js';
import { parseDurationMs } from '../options/duration.js';
import { baseTags, systemTagOn, tagSetWith, type RequestTagMemo, type VuState } from '../state/vu-state.js';
import { BUILTIN_ID } from '../metrics/metric-types.js';
import { tagKey } from '../state/sample-buffer.js';
import { canonicalHeaderKey } from '../http/response-parser.js';
import type { CookieJar } from '../http/cookie-jar.js';
import type { DigestCredentials } from '../http/digest-auth.js';
import { responseCookies, type ResponseCookie } from '../http/set-cookie.js';
import { encodeBody } from './http-body.js';
import { authMode, basicAuthorization, urlCredentials } from './http-auth.js';
import { K6CookieJar, parseCookieHeader, requestCookies, type RequestCookie } from './http-cookies.js';
import { formSubmission, linkNavigation, type NavigationRequest } from './http-navigation.js';
import { responseHtml } from './html/index.js';
import type { Selection } from './html/selection.js';
import { GoError } from './go-error.js';
import { k6ResponseJsonError } from './go-json.js';
import { toBytes } from './go-values.js';
import { selectJsonPath } from './gjson-path.js';
import type { K6Compat } from '../k6-compat.js';

export interface RequestParams {
  headers?: Record<string, string>;
  tags?: Record<string, string>;
  timeout?: string | number;
  responseType?: 'text' | 'binary' | 'none';
  redirects?: number;
  responseCallback?: ((status: number) => boolean) | null;
  /** 'basic' (the default for URL credentials) or 'digest'. */
  auth?: string;
  cookies?: Record<string, string | { value?: string; replace?: boolean }>;
  /** A CookieJar to use instead of the VU's. */
  jar?: unknown;
}

export interface PreparedRequest {
  /** The current hop: its URL, method, headers and body change as redirects are followed. */
  wire: WireRequest;
  method: string;
  url: string;
  /** The URL in the first hop's url/name tags (credentials masked). */
  tagUrl: string;
  nameTag: string;
  tags: Record<string, string>;
  /** Identifies `tags` for the tag-set cache. */
  tagsKey: string;
  responseType: 'text' | 'binary' | 'none';
  redirectsLeft: number;
  /** params.redirects or options.maxRedirects was given (k6 warns at the limit otherwise). */
  redirectsSet: boolean;
  /** Responses received so far (hops made). */
  hops: number;
  responseCallback: ((status: number) => boolean) | null;
  bodyText: string | null;
  jar: CookieJar;
  /** The script's own Cookie header (sent on the first hop only, as k6 does). */
  ownCookie: string | undefined;
  extraCookies: RequestCookie[] | undefined;
  /** The first hop's Cookie header (Response.request.cookies). */
  firstCookie: string | undefined;
  /** The k6 generation followed (res.json() places its errors as that generation counts). */
  compat: K6Compat;
  /** The Authorization header came from URL credentials: redirects do not carry it. */
  urlAuth: boolean;
  /** Credentials for a digest challenge, until it has been answered. */
  digest: DigestCredentials | undefined;
  /** The first hop as sent, kept when a redirect changes it (Response.request shows the first hop, as k6). */
  firstHeaders?: Record<string, string>;
  firstHop?: { method: string; url: string; bodyText: string | null; body: Uint8Array | null };
  /** The script set a Referer: current k6 keeps it on redirects, k6 v0.49 replaced it (Go's client before/after 1.21). */
  keepReferer: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const HTTP_REQS = BUILTIN_ID.http_reqs as number;
const HTTP_REQ_DURATION = BUILTIN_ID.http_req_duration as number;
const HTTP_REQ_BLOCKED = BUILTIN_ID.http_req_blocked as number;
const HTTP_REQ_CONNECTING = BUILTIN_ID.http_req_connecting as number;
const HTTP_REQ_TLS_HANDSHAKING = BUILTIN_ID.http_req_tls_handshaking as number;
const HTTP_REQ_SENDING = BUILTIN_ID.http_req_sending as number;
const HTTP_REQ_WAITING = BUILTIN_ID.http_req_waiting as number;
const HTTP_REQ_RECEIVING = BUILTIN_ID.http_req_receiving as number;
const HTTP_REQ_FAILED = BUILTIN_ID.http_req_failed as number;
const DATA_SENT = BUILTIN_ID.data_sent as number;
const DATA_RECEIVED = BUILTIN_ID.data_received as number;
const ROOT_GROUP = (): Record<string, string> => ({ group: '' });

/** An http.url`...` template value: the URL plus the `name` tag k6 gives it. */
export interface UrlWithName {
  url: string;
  name: string;
}

export function prepareRequest(vu: VuState, methodIn: string, urlIn: unknown, body: unknown, params: RequestParams | undefined): PreparedRequest {
  const method = String(methodIn).toUpperCase();
  let url = typeof urlIn === 'object' && urlIn !== null && 'url' in urlIn ? (urlIn as UrlWithName).url : String(urlIn);
  const templateName = typeof urlIn === 'object' && urlIn !== null && 'name' in urlIn ? (urlIn as UrlWithName).name : undefined;
  const p = params ?? {};
  // k6 sends no User-Agent at all when options.userAgent is ''.
  const headers: Record<string, string> = vu.runtime.userAgent === '' ? {} : { 'User-Agent': vu.runtime.userAgent };
  const encoded = encodeBody(body);
  if (encoded?.contentType) headers['Content-Type'] = encoded.contentType;
  let ownCookie: string | undefined;
  if (p.headers) {
    // Go canonicalizes header names, so a script's `content-type` replaces the body's Content-Type.
    for (const [k, v] of Object.entries(p.headers)) {
      const key = canonicalHeaderKey(k);
      if (key === 'Cookie') ownCookie = String(v);
      else headers[key] = String(v);
    }
  }
  const auth = authMode(p.auth);
  const creds = urlCredentials(url);
  let tagUrl = url;
  let digest: DigestCredentials | undefined;
  let urlAuth = false;
  if (auth === 'digest') {
    if (!creds) throw new Error(`params.auth "digest" needs the credentials in the URL, like http://user:pass@host/…; got ${JSON.stringify(url)}`);
    digest = { username: creds.username, password: creds.password };
    url = creds.stripped;
    tagUrl = url;
  } else if (creds) {
    tagUrl = creds.masked;
    if (headers['Authorization'] === undefined) {
      headers['Authorization'] = basicAuthorization(creds);
      urlAuth = true;
    }
  }
  const timeoutMs = p.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDurationMs(typeof p.timeout === 'number' ? p.timeout : p.timeout, 'params.timeout');
  const tags = p.tags ? Object.fromEntries(Object.entries(p.tags).map(([k, v]) => [k, String(v)])) : {};
  const http = vu.runtime.http;
  let jar = vu.cookieJar;
  if (p.jar !== undefined && p.jar !== null) {
    const own = K6CookieJar.unwrap(p.jar);
    if (!own) throw new Error('params.jar must be a CookieJar (from http.cookieJar() or new http.CookieJar())');
    jar = own;
  }
  const wire: WireRequest = { method, url, headers, body: encoded ? encoded.bytes : null, timeoutMs, insecureSkipTLSVerify: vu.runtime.insecureSkipTLSVerify };
  if (http.noConnectionReuse) {
    // Go's transport with keep-alives off says so to the server, then closes the connection.
    wire.noConnectionReuse = true;
    headers['Connection'] = 'close';
  }
  if (vu.localAddress !== undefined) wire.localAddress = vu.localAddress;
  if (vu.closeIdleFirst) {
    wire.closeIdleFirst = true;
    vu.closeIdleFirst = false;
  }
  return {
    wire,
    method,
    url,
    tagUrl,
    nameTag: tags.name ?? templateName ?? url,
    tags,
    tagsKey: p.tags ? tagKey(tags) : '',
    responseType: p.responseType ?? (vu.runtime.discardResponseBodies ? 'none' : 'text'),
    redirectsLeft: p.redirects ?? http.maxRedirects,
    redirectsSet: p.redirects !== undefined || http.maxRedirectsSet,
    hops: 0,
    responseCallback: p.responseCallback !== undefined ? p.responseCallback : vu.responseCallback,
    bodyText: encoded ? encoded.text : null,
    jar,
    ownCookie,
    extraCookies: requestCookies(p.cookies),
    firstCookie: undefined,
    urlAuth,
    digest,
    keepReferer: headers['Referer'] !== undefined && vu.runtime.compat !== 'v0.49',
    compat: vu.runtime.compat ?? 'v2',
  };
}

/** Request tag sets remembered per VU (a script rarely cycles through more distinct requests in a row). */
const MEMO_SIZE = 8;

/** Tag set id of one request's samples: the VU's tags plus name, method, url, status, … */
function requestTagSet(vu: VuState, req: PreparedRequest, res: WireResponse, url: string, name: string, expected: boolean): number {
  const base = baseTags(vu);
  const exp = req.responseCallback ? (expected ? 1 : 0) : 2;
  // k6 tags the address it connected to only when options.systemTags names `ip` (not by default).
  const ip = systemTagOn(vu, 'ip') ? res.remoteIp : '';
  const memo = vu.requestTagMemo;
  for (let i = 0; i < memo.length; i++) {
    const m = memo[i] as RequestTagMemo;
    if (m.base === base && m.url === url && m.status === res.status && m.name === name && m.method === req.method && m.expected === exp && m.tagsKey === req.tagsKey && m.proto === res.proto && m.errorCode === res.errorCode && m.tlsVersion === res.tlsVersion && m.ip === ip) return m.id;
  }
  const status = res.status;
  const key = `${req.tagsKey}\u0003${name}\u0003${req.method}\u0003${url}\u0003${status}\u0003${exp}\u0003${res.proto}\u0003${res.errorCode}\u0003${res.tlsVersion}\u0003${ip}`;
  const id = tagSetWith(vu, key, () => {
    // The system tags options.systemTags keeps; a tag the script gave (params.tags.name) stays, as in k6.
    const on = (tag: string): boolean => systemTagOn(vu, tag);
    const tags: Record<string, string> = { ...req.tags };
    if (on('name')) tags.name = name;
    if (on('method')) tags.method = req.method;
    if (on('url')) tags.url = url;
    if (on('status')) tags.status = String(status);
    if (on('proto')) tags.proto = res.proto || 'HTTP/1.1';
    if (req.responseCallback && on('expected_response')) tags.expected_response = String(expected);
    if (res.errorCode && on('error_code')) tags.error_code = String(res.errorCode);
    if (res.tlsVersion && on('tls_version')) tags.tls_version = res.tlsVersion;
    if (ip) tags.ip = ip;
    // No server here staples an OCSP answer, so k6's status is "unknown" on every TLS response.
    if (res.tlsVersion && on('ocsp_status')) tags.ocsp_status = 'unknown';
    return tags;
  });
  const entry: RequestTagMemo = { base, tagsKey: req.tagsKey, name, method: req.method, url, status, expected: exp, proto: res.proto, errorCode: res.errorCode, tlsVersion: res.tlsVersion, ip, id };
  if (memo.length < MEMO_SIZE) memo.push(entry);
  else memo[(vu.iterationInInstance + status) % MEMO_SIZE] = entry;
  return id;
}

/**
 * Emits k6's per-request metrics; returns whether the response was "expected".
 * `digestChallenge`: the first hop of a digest request, which k6 expects to be a 401.
 */
export function emitRequestMetrics(vu: VuState, req: PreparedRequest, res: WireResponse, url: string, digestChallenge = false): boolean {
  const expected = req.responseCallback ? (digestChallenge ? res.status === 401 : res.status !== 0 && req.responseCallback(res.status)) : true;
  const name = req.nameTag === req.url ? url : req.nameTag;
  const id = requestTagSet(vu, req, res, url, name, expected);
  const now = Date.now();
  const t = res.timings;
  const samples = vu.samples;
  samples.add(HTTP_REQS, id, 1, now);
  samples.add(HTTP_REQ_DURATION, id, t.duration, now);
  samples.add(HTTP_REQ_BLOCKED, id, t.blocked, now);
  samples.add(HTTP_REQ_CONNECTING, id, t.connecting, now);
  samples.add(HTTP_REQ_TLS_HANDSHAKING, id, t.tls_handshaking, now);
  samples.add(HTTP_REQ_SENDING, id, t.sending, now);
  samples.add(HTTP_REQ_WAITING, id, t.waiting, now);
  samples.add(HTTP_REQ_RECEIVING, id, t.receiving, now);
  if (req.responseCallback) samples.add(HTTP_REQ_FAILED, id, expected ? 0 : 1, now);
  if (res.bytesSent || res.bytesReceived) {
    // k6 counts a VU's bytes per iteration, tagged as the iteration (root group), not the request's group.
    const base = vu.groupPath === '' ? tagSetWith(vu, '') : tagSetWith(vu, 'root-group', ROOT_GROUP);
    if (res.bytesSent) samples.add(DATA_SENT, base, res.bytesSent, now);
    if (res.bytesReceived) samples.add(DATA_RECEIVED, base, res.bytesReceived, now);
  }
  return expected;
}

/**
 * The VU's http.request: what submitForm() and clickLink() send with. It returns the Response,
 * or a promise of it when the script's blocking calls are awaited (script/asyncify.ts awaits
 * those two methods' calls then).
 */
export type ResponseClient = (method: string, url: unknown, body: unknown, params?: RequestParams) => K6Response | Promise<K6Response>;

/** k6's Response object (methods on the prototype: one object per response, no closures). */
export class K6Response {
  status: number;
  status_text: string;
  proto: string;
  url: string;
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
  timings: WireResponse['timings'];
  error: string;
  error_code: number;
  remote_ip: string;
  remote_port: number;
  tls_version: string;
  tls_cipher_suite: string;
  ocsp: { produced_at: number; this_update: number; next_update: number; revoked_at: number; revocation_reason: string; status: string };
  cookies: Record<string, ResponseCookie[]>;
  request: { method: string; url: string; headers: Record<string, string[]>; body: string; cookies: Record<string, unknown> };

  /** The k6 generation whose words res.json() uses. */
  private readonly compat: K6Compat;
  /** (a true private field: scripts that print or serialise a Response do not see it) */
  readonly #client: ResponseClient;

  constructor(req: PreparedRequest, res: WireResponse, url: string, client: ResponseClient) {
    this.compat = req.compat;
    this.#client = client;
    let body: string | ArrayBuffer | null = null;
    // A request that failed before any body byte came has no body in k6 (null), not an empty one.
    const noBody = res.status === 0 && res.errorCode !== 0 && res.body.byteLength === 0;
    if (noBody) body = null;
    else if (req.responseType === 'text') body = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength).toString('utf8');
    else if (req.responseType === 'binary') body = res.body.buffer.slice(res.body.byteOffset, res.body.byteOffset + res.body.byteLength) as ArrayBuffer;
    this.status = res.status;
    this.status_text = res.status ? `${res.status} ${res.statusText}`.trim() : '';
    this.proto = res.proto;
    this.url = url;
    this.headers = res.headers;
    this.body = body;
    this.timings = res.timings;
    this.timings.looking_up = 0;
    this.error = res.error;
    this.error_code = res.errorCode;
    this.remote_ip = res.remoteIp;
    this.remote_port = res.remotePort;
    this.tls_version = res.tlsVersion;
    this.tls_cipher_suite = res.tlsCipherSuite;
    // k6 reads a stapled OCSP answer; servers here staple none, which k6 reports as status "unknown" over TLS.
    this.ocsp = { produced_at: 0, this_update: 0, next_update: 0, revoked_at: 0, revocation_reason: '', status: res.tlsVersion ? 'unknown' : '' };
    this.cookies = res.setCookies.length ? responseCookies(res.setCookies) : {};
    const first = req.firstHop;
    const text = first ? first.bodyText : req.bodyText;
    const bytes = first ? first.body : req.wire.body;
    const sent = req.firstHeaders ?? req.wire.headers;
    let headers: Record<string, string[]> | undefined;
    this.request = {
      method: first ? first.method : req.method,
      url: first ? first.url : url,
      // k6 gives each header's values as an array (Go's http.Header), built only if the script looks.
      get headers() {
        headers ??= Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, [v]]));
        return headers;
      },
      // Bodies built as bytes (multipart, binary) are decoded only if the script looks, as Go's string(body).
      get body() {
        return text ?? (bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : '');
      },
      cookies: parseCookieHeader(req.firstCookie),
    };
  }

  /** The body as JSON, or the value at a gjson path in it (modules/gjson-path.ts); `json(undefined)` is the path "undefined", as goja hands it to k6. */
  json(...selector: unknown[]): unknown {
    const body = this.body as unknown;
    if (body === null || body === undefined) throw new GoError("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
    const text = typeof body === 'string' ? body : Buffer.from(toBytes(body)).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      // k6 reads a selector with gjson, which gives undefined for a body that is not JSON.
      if (selector.length > 0) return undefined;
      throw new GoError(k6ResponseJsonError(Buffer.from(text, 'utf8'), this.compat) ?? 'cannot parse json');
    }
    return selector.length > 0 ? selectJsonPath(parsed, String(selector[0])) : parsed;
  }

  /** The body parsed as HTML (k6/html's Selection), or the matches of `selector` in it. */
  html(selector?: unknown): Selection {
    return responseHtml(this.body, this.url, selector);
  }

  /** Submits a form of this page as a browser would (modules/http-navigation.ts). */
  submitForm(...args: unknown[]): K6Response | Promise<K6Response> {
    return this.navigate(formSubmission(this, args));
  }

  /** Follows a link of this page (modules/http-navigation.ts). */
  clickLink(...args: unknown[]): K6Response | Promise<K6Response> {
    return this.navigate(linkNavigation(this, args));
  }

  private navigate(r: NavigationRequest): K6Response | Promise<K6Response> {
    return this.#client(r.method, r.url, r.body, (r.params ?? undefined) as RequestParams | undefined);
  }
}

export function buildResponse(req: PreparedRequest, res: WireResponse, url: string, client: ResponseClient): K6Response {
  return new K6Response(req, res, url, client);
}

export function redirectTarget(res: WireResponse, url: string): string | undefined {
  if (![301, 302, 303, 307, 308].includes(res.status)) return undefined;
  const location = res.headers['Location'];
  if (!location) return undefined;
  try {
    return new URL(location, url).toString();
  } catch {
    return undefined;
  }
}

/** Turns `req` into the request for the redirect hop to `next`, the way Go's client does. */
export function followRedirect(req: PreparedRequest, status: number, next: string): void {
  req.firstHop ??= { method: req.method, url: req.wire.url, bodyText: req.bodyText, body: req.wire.body };
  req.redirectsLeft--;
  // 301/302/303 turn everything but GET and HEAD into a body-less GET; 307/308 resend as is.
  if (status === 301 || status === 302 || status === 303) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      req.method = 'GET';
      req.wire.method = 'GET';
    }
    req.wire.body = null;
    req.bodyText = null;
  }
  const headers = req.wire.headers;
  req.firstHeaders ??= { ...headers };
  // Go's client: Referer is the previous hop's URL without credentials, none from https to http.
  const previous = req.wire.url;
  if (!req.keepReferer && !(previous.startsWith('https:') && next.startsWith('http:'))) headers['Referer'] = previous.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
  if (headers['Authorization'] !== undefined && (req.urlAuth || !sameOrSubdomain(next, req.url))) {
    // Credentials from the URL are not resent, and no Authorization leaves the first host.
    delete headers['Authorization'];
    req.urlAuth = false;
  }
  req.wire.url = next;
}

function sameOrSubdomain(next: string, current: string): boolean {
  try {
    const a = new URL(next).host;
    const b = new URL(current).host;
    return a === b || a.endsWith(`.${b}`);
  } catch {
    return false;
  }
}
