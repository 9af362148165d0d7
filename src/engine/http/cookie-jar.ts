/**
 * k6's cookie jar: the rules of Go's net/http/cookiejar without a public-suffix
 * list (k6 creates its jars that way). Host-only vs Domain cookies, the RFC 6265
 * default path and path matching, Secure cookies only over https, expiry by
 * Max-Age (which wins) or Expires. Each VU has one, cleared before every
 * iteration unless `noCookiesReset`; scripts may make more with `new http.CookieJar()`.
 */
import { parseSetCookie, type SetCookie } from './set-cookie.js';

interface StoredCookie {
  name: string;
  value: string;
  /** Lowercase, no leading dot; the exact host for host-only cookies. */
  domain: string;
  hostOnly: boolean;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  /** Epoch ms; Infinity for session cookies. */
  expiresMs: number;
  /** Creation order: among equally long paths, older cookies go first (RFC 6265 5.4). */
  seq: number;
}

/** The parts of a URL the jar looks at; undefined for non-http(s) URLs, which the jar ignores. */
interface JarUrl {
  host: string;
  path: string;
  https: boolean;
}

function jarUrl(url: string): JarUrl | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
  return { host: u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), path: u.pathname || '/', https: u.protocol === 'https:' };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const isIp = (host: string): boolean => IPV4.test(host) || host.includes(':');

/** RFC 6265 5.1.4: the directory of the request path. */
function defaultPath(path: string): string {
  if (!path.startsWith('/')) return '/';
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function domainMatches(c: StoredCookie, host: string): boolean {
  if (c.domain === host) return true;
  return !c.hostOnly && host.endsWith(`.${c.domain}`);
}

/** Where a cookie is stored: [domain, hostOnly], or undefined when the host may not set that Domain. */
function cookieDomain(host: string, domain: string): [string, boolean] | undefined {
  if (domain === '') return [host, true];
  if (isIp(host)) return host === domain ? [host, true] : undefined;
  if (domain.startsWith('.') || domain.endsWith('.')) return undefined;
  if (host !== domain && !host.endsWith(`.${domain}`)) return undefined;
  return [domain, false];
}

/** One `name=value` of a Cookie header; Go's http.Request.AddCookie quotes values with spaces or commas. */
export function cookiePair(name: string, value: string): string {
  return /[ ,]/.test(value) ? `${name}="${value}"` : `${name}=${value}`;
}

export class CookieJar {
  /** Keyed by domain, path and name: a cookie replaces the one with the same three. */
  private readonly cookies = new Map<string, StoredCookie>();
  private seq = 0;

  /** Records the Set-Cookie headers of a response from `url`. */
  store(url: string, setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    const u = jarUrl(url);
    if (!u) return;
    for (const header of setCookies) {
      const c = parseSetCookie(header);
      if (c) this.put(u, c);
    }
  }

  /** Adds (or with a past expiry / negative maxAge, deletes) one cookie as if `url` had set it. */
  set(url: string, cookie: SetCookie): void {
    const u = jarUrl(url);
    if (u) this.put(u, cookie);
  }

  private put(u: JarUrl, c: SetCookie): void {
    const where = cookieDomain(u.host, c.domain);
    if (!where) return;
    const [domain, hostOnly] = where;
    const path = c.path || defaultPath(u.path);
    const key = `${domain};${path};${c.name}`;
    const now = Date.now();
    let expiresMs = Infinity;
    if (c.maxAge < 0) expiresMs = -Infinity;
    else if (c.maxAge > 0) expiresMs = now + c.maxAge * 1000;
    else if (c.expiresMs !== 0) expiresMs = c.expiresMs;
    if (expiresMs <= now) {
      this.cookies.delete(key);
      return;
    }
    const old = this.cookies.get(key);
    this.cookies.set(key, { name: c.name, value: c.value, domain, hostOnly, path, secure: c.secure, httpOnly: c.httpOnly, expiresMs, seq: old ? old.seq : this.seq++ });
  }

  /** The cookies a request to `url` carries, in RFC 6265 order (longer paths first, then older). */
  private matching(url: string): StoredCookie[] {
    if (this.cookies.size === 0) return [];
    const u = jarUrl(url);
    if (!u) return [];
    const now = Date.now();
    const out: StoredCookie[] = [];
    for (const [key, c] of this.cookies) {
      if (c.expiresMs <= now) this.cookies.delete(key);
      else if (domainMatches(c, u.host) && pathMatches(c.path, u.path) && (u.https || !c.secure)) out.push(c);
    }
    if (out.length > 1) out.sort((a, b) => b.path.length - a.path.length || a.seq - b.seq);
    return out;
  }

  /** The cookies for `url` as name/value pairs. */
  cookiesFor(url: string): Array<{ name: string; value: string }> {
    return this.matching(url);
  }

  /** The Cookie header value for a request to `url`, or undefined. */
  header(url: string): string | undefined {
    if (this.cookies.size === 0) return undefined;
    const list = this.matching(url);
    return list.length ? list.map((c) => cookiePair(c.name, c.value)).join('; ') : undefined;
  }

  /** k6's jar.cookiesForURL: name → values. */
  cookiesForUrl(url: string): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const c of this.matching(url)) (out[c.name] ??= []).push(c.value);
    return out;
  }

  /** Deletes the cookies a request to `url` would carry (all of them, or those named `name`). */
  deleteFor(url: string, name?: string): void {
    for (const c of this.matching(url)) if (name === undefined || c.name === name) this.cookies.delete(`${c.domain};${c.path};${c.name}`);
  }

  /** Empties the jar. */
  clear(): void {
    if (this.cookies.size !== 0) this.cookies.clear();
  }
}
