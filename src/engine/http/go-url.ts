/**
 * Request URLs as k6 reads them: k6 parses a URL with Go's net/url, and its Client refuses
 * a scheme other than http(s), a missing host or a port beyond 65535, each with its own
 * error code and words. Node's URL parser accepts and refuses other strings, so the engine
 * asks here first what Go would say (net/url's Parse, Transport.roundTrip, net's dial).
 */
import { goQuote } from '../../core/go-quote.js';
import type { K6Compat } from '../k6-compat.js';

/** Why k6 would not send a request to `url`: its error code, `res.error` and the Go cause. */
export interface GoUrlRefusal {
  code: 1000 | 1020 | 1101 | 1210;
  /** `res.error`. */
  message: string;
  /** Go's error: whole for an invalid URL (k6 logs it bare), else the cause the Client wraps as `Get "<url>": …`. */
  cause: string;
  /** The cause is already the whole error (k6's invalid URL), not one the Client wraps. */
  bare: boolean;
}

const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** url.Parse's error (net/url), or undefined when Go parses `raw`; `parse "<url>": ` is not included. */
function parseCause(raw: string, compat: K6Compat): { cause: string; at: string } | undefined {
  const hash = raw.indexOf('#');
  const beforeFragment = hash < 0 ? raw : raw.slice(0, hash);
  const cause = parseWithoutFragment(beforeFragment, compat);
  if (cause) return { cause, at: beforeFragment };
  if (hash >= 0) {
    const escape = unescapeError(raw.slice(hash + 1), 'fragment');
    if (escape) return { cause: escape, at: raw };
  }
  return undefined;
}

function parseWithoutFragment(raw: string, compat: K6Compat): string | undefined {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '*') return undefined;
  const scheme = splitScheme(raw);
  if (typeof scheme === 'string') return scheme;
  let rest = scheme.rest;
  const q = rest.indexOf('?');
  if (q >= 0) rest = rest.slice(0, q);
  if (!rest.startsWith('/')) {
    if (scheme.scheme !== '') return undefined; // opaque (`http:foo`)
    const segment = rest.split('/')[0] as string;
    if (segment.includes(':')) return 'first path segment in URL cannot contain colon';
  }
  if (rest.startsWith('//') && (scheme.scheme !== '' || !rest.startsWith('///'))) {
    let authority = rest.slice(2);
    const slash = authority.indexOf('/');
    rest = slash >= 0 ? authority.slice(slash) : '';
    if (slash >= 0) authority = authority.slice(0, slash);
    const problem = authorityError(authority, compat);
    if (problem) return problem;
  }
  return unescapeError(rest, 'path');
}

/** Go's getScheme: the scheme before the first `:` when it is one, or a problem. */
function splitScheme(raw: string): { scheme: string; rest: string } | string {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (isAlpha(c)) continue;
    if (isDigit(c) || c === '+' || c === '-' || c === '.') {
      if (i === 0) return { scheme: '', rest: raw };
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      return { scheme: raw.slice(0, i).toLowerCase(), rest: raw.slice(i + 1) };
    }
    return { scheme: '', rest: raw };
  }
  return { scheme: '', rest: raw };
}

function authorityError(authority: string, compat: K6Compat): string | undefined {
  const at = authority.lastIndexOf('@');
  const hostProblem = hostError(at < 0 ? authority : authority.slice(at + 1), compat);
  if (hostProblem || at < 0) return hostProblem;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return 'net/url: invalid userinfo';
  for (const part of userinfo.split(/:(.*)/s).slice(0, 2)) {
    const problem = unescapeError(part ?? '', 'userinfo');
    if (problem) return problem;
  }
  return undefined;
}

const validOptionalPort = (port: string) => port === '' || /^:[0-9]*$/.test(port);

function hostError(host: string, compat: K6Compat): string | undefined {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
    const zone = host.slice(0, close).indexOf('%25');
    const escape = zone >= 0 ? (unescapeError(host.slice(0, zone), 'host') ?? unescapeError(host.slice(zone, close), 'zone') ?? unescapeError(host.slice(close), 'host')) : unescapeError(host, 'host');
    if (escape || compat === 'v0.49') return escape;
    // Go 1.22+ (k6 v1+) checks the literal: an IPv6 address, not an IPv4 one.
    const literal = ipLiteral(decodeURIComponentBytes(host.slice(1, close)));
    return literal === 'ipv4' ? 'invalid IP-literal' : literal === 'ipv6' ? undefined : `invalid host: ${literal}`;
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0 && !validOptionalPort(host.slice(colon))) return `invalid port ${goQuote(host.slice(colon))} after host`;
  }
  return unescapeError(host, 'host');
}

type Component = 'host' | 'zone' | 'path' | 'fragment' | 'userinfo';

/** Characters a host may hold unescaped (net/url shouldEscape in host mode). */
const HOST_OK = /^[A-Za-z0-9!$&'()*+,;=:[\]<>"\-_.~]$/;

/** Go's unescape: a bad `%` escape (`invalid URL escape "%zz"`) or, in a host, a character it may not hold. */
function unescapeError(s: string, mode: Component): string | undefined {
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    if (c === '%') {
      if (i + 2 >= s.length || !isHex(s[i + 1]) || !isHex(s[i + 2])) return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      // In a host, %-escapes may only stand for bytes ≥ 0x80 (and %25, the zone's %).
      if (mode === 'host' && parseInt(s[i + 1] as string, 16) < 8 && s.slice(i, i + 3) !== '%25') return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      if (mode === 'zone') {
        const v = parseInt(s.slice(i + 1, i + 3), 16);
        if (s.slice(i, i + 3) !== '%25' && v !== 0x20 && v < 0x80 && !HOST_OK.test(String.fromCharCode(v))) return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      }
      i += 3;
      continue;
    }
    if ((mode === 'host' || mode === 'zone') && c.charCodeAt(0) < 0x80 && !HOST_OK.test(c)) return `invalid character ${goQuote(c)} in host name`;
    i++;
  }
  return undefined;
}

/**
 * What k6 says before sending a request to `url` (method `GET` etc. is the caller's), or
 * undefined when Go would send it. `nodeAccepts`: whether Node's URL parsed it; where Go
 * accepts a host Node refuses (`ex<ample.com`), Go would look it up and find no such host.
 */
export function goUrlRefusal(url: string, nodeAccepts: boolean, compat: K6Compat): GoUrlRefusal | undefined {
  const parsed = parseCause(url, compat);
  if (parsed) {
    const whole = `invalid URL: parse ${goQuote(parsed.at)}: ${parsed.cause}`;
    return { code: 1020, message: whole, cause: whole, bare: true };
  }
  const scheme = splitScheme(url.split('#')[0] as string);
  const name = typeof scheme === 'string' ? '' : scheme.scheme;
  if (name !== 'http' && name !== 'https') {
    const cause = `unsupported protocol scheme ${goQuote(name)}`;
    return { code: 1000, message: cause, cause, bare: false };
  }
  const host = goHost(url);
  if (host === '') return { code: 1000, message: 'http: no Host in request URL', cause: 'http: no Host in request URL', bare: false };
  const { hostname, port } = splitGoHost(host);
  if (port !== '' && Number(port) > 65535) return { code: 1210, message: `dial tcp: address ${port}: invalid port`, cause: `dial tcp: address ${port}: invalid port`, bare: false };
  if (!nodeAccepts || hostname.includes(':') && !host.startsWith('[')) return { code: 1101, message: 'lookup: no such host', cause: `lookup ${hostname}: no such host`, bare: false };
  return undefined;
}

/** The authority's host[:port] of a URL Go parsed (`//` after an http(s) scheme), '' for none. */
function goHost(url: string): string {
  const rest = (url.split('#')[0] as string).replace(/^[A-Za-z][A-Za-z0-9+.-]*:/, '').split('?')[0] as string;
  if (!rest.startsWith('//')) return '';
  const authority = rest.slice(2).split('/')[0] as string;
  return authority.slice(authority.lastIndexOf('@') + 1);
}

/** url.Hostname() and url.Port(): the port after the last `:` (outside brackets). */
function splitGoHost(host: string): { hostname: string; port: string } {
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    return { hostname: host.slice(1, close), port: host.slice(close + 2) };
  }
  const colon = host.lastIndexOf(':');
  return colon < 0 ? { hostname: host, port: '' } : { hostname: host.slice(0, colon), port: host.slice(colon + 1) };
}

/** Go's unescape of a host that has no bad escape: %XX as the byte, as a Latin-1 string (ParseAddr reads bytes). */
function decodeURIComponentBytes(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** netip.ParseAddr's verdict on a bracketed host: 'ipv4', 'ipv6', or its error text. */
function ipLiteral(s: string): 'ipv4' | 'ipv6' | string {
  const fail = (msg: string, at?: string) => `ParseAddr(${goQuote(s)}): ${msg}${at !== undefined && at !== '' ? ` (at ${goQuote(at)})` : ''}`;
  for (const c of s) {
    if (c === '.') return ipv4Fields(s, s, fail) ?? 'ipv4';
    if (c === ':') return ipv6(s, fail);
    if (c === '%') return fail('missing IPv6 address');
  }
  return fail('unable to parse IP');
}

type Fail = (msg: string, at?: string) => string;

/** netip.parseIPv4Fields over `part` (of the whole input): undefined when it is four fields 0–255. */
function ipv4Fields(part: string, _whole: string, fail: Fail): string | undefined {
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < part.length; i++) {
    const c = part[i] as string;
    if (isDigit(c)) {
      if (digits === 1 && val === 0) return fail('IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) return fail('IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === part.length - 1 || part[i - 1] === '.') return fail('IPv4 field must have at least one digit', part.slice(i));
      if (pos === 3) return fail('IPv4 address too long');
      pos++;
      val = 0;
      digits = 0;
    } else return fail('unexpected character', part.slice(i));
  }
  if (pos < 3) return fail('IPv4 address too short');
  return undefined;
}

/** netip.parseIPv6: 'ipv6' or its error. */
function ipv6(input: string, fail: Fail): string {
  let s = input;
  const percent = s.indexOf('%');
  if (percent >= 0) {
    if (percent === s.length - 1) return fail('zone must be a non-empty string');
    s = s.slice(0, percent);
  }
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return 'ipv6';
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const c = s[off] as string;
      if (!isHex(c)) break;
      acc = acc * 16 + parseInt(c, 16);
      if (off > 3) return fail('each group must have 4 or less digits', s);
      if (acc > 0xffff) return fail('IPv6 field has value >=2^16', s);
    }
    if (off === 0) return fail('each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) return fail('embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return fail('too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const problem = ipv4Fields(s, input, fail);
      if (problem) return problem;
      s = '';
      i += 4;
      break;
    }
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return fail('unexpected character, want colon', s);
    if (s.length === 1) return fail('colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return fail('multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return fail('trailing garbage after address', s);
  if (i < 16 && ellipsis < 0) return fail('address string too short');
  if (i === 16 && ellipsis >= 0) return fail('the :: must expand to at least one field of zeros');
  return 'ipv6';
}
