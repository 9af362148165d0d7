/**
 * The script side of cookies: k6's CookieJar object (http.cookieJar() for the
 * VU's jar, `new http.CookieJar()` for a separate one), params.cookies, and the
 * Cookie header each hop of a request carries.
 */
import { CookieJar, cookiePair } from '../http/cookie-jar.js';

export interface CookieSetOptions {
  domain?: string;
  path?: string;
  /** RFC 1123 date, e.g. "Mon, 02 Jan 2006 15:04:05 GMT". */
  expires?: string;
  /** Seconds; 0 = not given, negative deletes (Go's http.Cookie.MaxAge). */
  max_age?: number;
  secure?: boolean;
  http_only?: boolean;
}

/** k6's CookieJar; the Go jar behind it is not reachable from the script. */
export class K6CookieJar {
  readonly #jar: CookieJar;

  constructor(jar?: CookieJar) {
    this.#jar = jar ?? new CookieJar();
  }

  /** The jar behind a params.jar value, or undefined when it is not a CookieJar. */
  static unwrap(value: unknown): CookieJar | undefined {
    return value instanceof K6CookieJar ? value.#jar : undefined;
  }

  cookiesForURL(url: string): Record<string, string[]> {
    return this.#jar.cookiesForUrl(String(url));
  }

  set(url: string, name: string, value: string, options?: CookieSetOptions | null): boolean {
    const o = options ?? {};
    let expiresMs = 0;
    if (o.expires !== undefined && o.expires !== null && String(o.expires) !== '') {
      expiresMs = Date.parse(String(o.expires));
      if (Number.isNaN(expiresMs)) throw new Error(`jar.set(): unable to parse "expires" date string ${JSON.stringify(o.expires)}; use an RFC 1123 date like "Mon, 02 Jan 2006 15:04:05 GMT"`);
    }
    this.#jar.set(String(url), {
      name: String(name),
      value: String(value),
      domain: o.domain ? String(o.domain).toLowerCase().replace(/^\./, '') : '',
      path: o.path && String(o.path).startsWith('/') ? String(o.path) : '',
      maxAge: Math.trunc(Number(o.max_age ?? 0)) || 0,
      expiresMs,
      secure: o.secure === true,
      httpOnly: o.http_only === true,
    });
    return true;
  }

  /** Deletes every cookie a request to `url` would carry. */
  clear(url: string): boolean {
    this.#jar.deleteFor(String(url));
    return true;
  }

  delete(url: string, name: string): boolean {
    this.#jar.deleteFor(String(url), String(name));
    return true;
  }
}

/** One params.cookies entry. */
export interface RequestCookie {
  name: string;
  value: string;
  /** Leave out the jar's cookie of the same name. */
  replace: boolean;
}

/** params.cookies (`{ name: 'v' }` or `{ name: { value: 'v', replace: true } }`) as a list. */
export function requestCookies(spec: unknown): RequestCookie[] | undefined {
  if (spec === null || spec === undefined || typeof spec !== 'object') return undefined;
  const out: RequestCookie[] = [];
  for (const [name, v] of Object.entries(spec as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      const o = v as { value?: unknown; replace?: unknown };
      out.push({ name, value: o.value === undefined ? '' : String(o.value), replace: o.replace === true });
    } else out.push({ name, value: String(v), replace: false });
  }
  return out.length ? out : undefined;
}

/**
 * The Cookie header of one hop, as k6 builds it: the script's own Cookie header
 * (first hop only; k6 drops it on redirects), then params.cookies, then the jar's
 * cookies for the URL except those a params cookie replaces.
 */
export function cookieHeader(own: string | undefined, extra: RequestCookie[] | undefined, jar: CookieJar, url: string): string | undefined {
  if (!extra) {
    const fromJar = jar.header(url);
    if (own === undefined) return fromJar;
    return fromJar === undefined ? own : `${own}; ${fromJar}`;
  }
  const parts: string[] = own === undefined ? [] : [own];
  for (const c of extra) parts.push(cookiePair(c.name, c.value));
  const replaced = extra.filter((c) => c.replace).map((c) => c.name);
  for (const c of jar.cookiesFor(url)) if (!replaced.includes(c.name)) parts.push(cookiePair(c.name, c.value));
  return parts.join('; ');
}

/** Response.request.cookies: the first hop's Cookie header as k6 lists it. */
export function parseCookieHeader(header: string | undefined): Record<string, Array<{ name: string; value: string; replace: boolean }>> {
  const out: Record<string, Array<{ name: string; value: string; replace: boolean }>> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    (out[name] ??= []).push({ name, value, replace: false });
  }
  return out;
}
