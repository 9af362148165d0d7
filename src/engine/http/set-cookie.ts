/**
 * Set-Cookie header parsing with the rules of Go's net/http (what k6 uses):
 * Max-Age wins over Expires, `Max-Age=0` or negative deletes, unparsable
 * attributes are ignored, one pair of quotes around the value is dropped.
 */

/** One cookie as a response sets it, before the jar applies its defaults. */
export interface SetCookie {
  name: string;
  value: string;
  /** Domain attribute without a leading dot, '' when absent (host-only cookie). */
  domain: string;
  /** Path attribute, '' when absent or not starting with '/'. */
  path: string;
  /** Go's http.Cookie.MaxAge: 0 not given, < 0 delete now, > 0 seconds. */
  maxAge: number;
  /** Expires in epoch ms, 0 when absent or unparsable. */
  expiresMs: number;
  secure: boolean;
  httpOnly: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Parses one Set-Cookie header value; undefined when the name/value pair is invalid. */
export function parseSetCookie(header: string): SetCookie | undefined {
  const parts = header.split(';');
  const pair = (parts[0] as string).trim();
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const name = pair.slice(0, eq).trim();
  if (!TOKEN.test(name)) return undefined;
  let value = pair.slice(eq + 1).trim();
  if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  const cookie: SetCookie = { name, value, domain: '', path: '', maxAge: 0, expiresMs: 0, secure: false, httpOnly: false };
  for (let i = 1; i < parts.length; i++) {
    const attr = (parts[i] as string).trim();
    if (attr === '') continue;
    const aeq = attr.indexOf('=');
    const key = (aeq < 0 ? attr : attr.slice(0, aeq)).trim().toLowerCase();
    const val = aeq < 0 ? '' : attr.slice(aeq + 1).trim();
    switch (key) {
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'domain':
        cookie.domain = val.toLowerCase().replace(/^\./, '');
        break;
      case 'path':
        cookie.path = val.startsWith('/') ? val : '';
        break;
      case 'max-age': {
        // Go ignores values it cannot parse and ones with a leading zero ("010").
        if (!/^-?\d+$/.test(val) || (val.length > 1 && val.startsWith('0'))) break;
        const secs = Number(val);
        cookie.maxAge = secs <= 0 ? -1 : secs;
        break;
      }
      case 'expires': {
        const ms = Date.parse(val);
        cookie.expiresMs = Number.isNaN(ms) ? 0 : ms;
        break;
      }
    }
  }
  return cookie;
}

/** k6's Response.cookies entry (name → list, snake_case keys as k6 exposes them). */
export interface ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  max_age: number;
  expires: number;
}

/** Response.cookies from a response's Set-Cookie headers. */
export function responseCookies(setCookies: readonly string[]): Record<string, ResponseCookie[]> {
  const out: Record<string, ResponseCookie[]> = {};
  for (const header of setCookies) {
    const c = parseSetCookie(header);
    if (!c) continue;
    (out[c.name] ??= []).push({ name: c.name, value: c.value, domain: c.domain, path: c.path, http_only: c.httpOnly, secure: c.secure, max_age: c.maxAge, expires: c.expiresMs });
  }
  return out;
}
