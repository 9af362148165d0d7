/**
 * k6's per-VU cookie jar, basics: cookies set by responses are sent back to the
 * same host (path-prefix match), Max-Age=0 / past Expires delete them, and the jar
 * is cleared before each iteration (k6's default, `noCookiesReset: false`).
 */
interface StoredCookie {
  value: string;
  path: string;
  expiresMs: number;
}

export class CookieJar {
  private readonly byHost = new Map<string, Map<string, StoredCookie>>();

  /** Records the Set-Cookie headers of a response from `url`. */
  store(url: string, setCookies: readonly string[]): void {
    if (setCookies.length === 0) return;
    const u = new URL(url);
    let jar = this.byHost.get(u.hostname);
    if (!jar) this.byHost.set(u.hostname, (jar = new Map()));
    for (const header of setCookies) {
      const [pair, ...attrs] = header.split(';');
      const eq = (pair ?? '').indexOf('=');
      if (eq <= 0) continue;
      const name = (pair as string).slice(0, eq).trim();
      const cookie: StoredCookie = { value: (pair as string).slice(eq + 1).trim(), path: '/', expiresMs: Infinity };
      for (const a of attrs) {
        const [k, v = ''] = a.split('=').map((x) => x.trim());
        const key = (k ?? '').toLowerCase();
        if (key === 'path' && v.startsWith('/')) cookie.path = v;
        else if (key === 'max-age') cookie.expiresMs = Date.now() + Number(v) * 1000;
        else if (key === 'expires' && cookie.expiresMs === Infinity) cookie.expiresMs = Date.parse(v) || Infinity;
      }
      if (cookie.expiresMs <= Date.now()) jar.delete(name);
      else jar.set(name, cookie);
    }
  }

  /** The Cookie header value for a request to `url`, or undefined. */
  header(url: string): string | undefined {
    if (this.byHost.size === 0) return undefined;
    const u = new URL(url);
    const jar = this.byHost.get(u.hostname);
    if (!jar) return undefined;
    const now = Date.now();
    const parts: string[] = [];
    for (const [name, c] of jar) {
      if (c.expiresMs <= now) jar.delete(name);
      else if (u.pathname.startsWith(c.path)) parts.push(`${name}=${c.value}`);
    }
    return parts.length ? parts.join('; ') : undefined;
  }

  /** Cookies for `url` as k6's jar.cookiesForURL returns them: name → [values]. */
  cookiesForUrl(url: string): Record<string, string[]> {
    const h = this.header(url);
    if (!h) return {};
    return Object.fromEntries(h.split('; ').map((p) => [p.slice(0, p.indexOf('=')), [p.slice(p.indexOf('=') + 1)]]));
  }

  set(url: string, name: string, value: string): void {
    this.store(url, [`${name}=${value}`]);
  }

  clear(): void {
    if (this.byHost.size !== 0) this.byHost.clear();
  }
}
