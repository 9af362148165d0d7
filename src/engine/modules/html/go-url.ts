/**
 * The part of Go's net/url that k6/html's element properties go through (href, src,
 * action resolved against the response URL; host, pathname, … of links). The WHATWG
 * URL parser normalizes where Go does not (it adds the "/" of "https://ex.com", lowercases
 * hosts, resolves "\" as "/"), so the properties would differ from k6's.
 */
export interface GoUrl {
  scheme: string;
  opaque: string;
  user: { username: string; password?: string } | undefined;
  host: string;
  /** The escaped path as written (or re-escaped when what was written is not valid escaping). */
  rawPath: string;
  rawQuery: string;
  forceQuery: boolean;
  rawFragment: string;
}

export const EMPTY_URL: GoUrl = { scheme: '', opaque: '', user: undefined, host: '', rawPath: '', rawQuery: '', forceQuery: false, rawFragment: '' };

function unescape(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Go keeps an escaped path as written when it only holds these (validEncoded), else re-escapes it. */
const VALID_ENCODED_PATH = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@[\]/]|%[0-9A-Fa-f]{2})*$/;
const VALID_ENCODED_FRAGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@[\]/?]|%[0-9A-Fa-f]{2})*$/;

function goEscape(s: string, keep: RegExp): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += keep.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const PATH_KEEP = /[A-Za-z0-9\-._~$&+,/:;=@]/;
const FRAGMENT_KEEP = /[A-Za-z0-9\-._~$&+,/:;=@!()*?]/;

function escapedForm(raw: string, valid: RegExp, keep: RegExp): string {
  return valid.test(raw) ? raw : goEscape(unescape(raw), keep);
}

/** Go's url.Parse; undefined where Go reports an error. */
export function parseGoUrl(input: string): GoUrl | undefined {
  if (/[\x00-\x1f\x7f]/.test(input)) return undefined;
  const u: GoUrl = { ...EMPTY_URL };
  let rest = input;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    u.rawFragment = escapedForm(rest.slice(hash + 1), VALID_ENCODED_FRAGMENT, FRAGMENT_KEEP);
    rest = rest.slice(0, hash);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(rest);
  if (scheme) {
    u.scheme = (scheme[1] as string).toLowerCase();
    rest = rest.slice(scheme[0].length);
  } else if (rest.startsWith(':')) {
    return undefined;
  }
  const q = rest.indexOf('?');
  if (q >= 0) {
    u.rawQuery = rest.slice(q + 1);
    u.forceQuery = u.rawQuery === '';
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/')) {
    if (u.scheme) {
      u.opaque = rest;
      return u;
    }
    const colon = rest.indexOf(':');
    const slash = rest.indexOf('/');
    if (colon >= 0 && (slash < 0 || colon < slash)) return undefined;
  }
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    rest = end < 0 ? '' : rest.slice(end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) {
      const info = authority.slice(0, at);
      const colon = info.indexOf(':');
      u.user = colon < 0 ? { username: unescape(info) } : { username: unescape(info.slice(0, colon)), password: unescape(info.slice(colon + 1)) };
    }
    u.host = unescape(authority.slice(at + 1));
  }
  u.rawPath = escapedForm(rest, VALID_ENCODED_PATH, PATH_KEEP);
  return u;
}

/** Go's resolvePath: the merged path with dot segments removed (always rooted when not empty). */
function resolvePath(base: string, ref: string): string {
  let full: string;
  if (ref === '') full = base;
  else if (ref[0] !== '/') full = base.slice(0, base.lastIndexOf('/') + 1) + ref;
  else full = ref;
  if (full === '') return '';
  const out: string[] = [];
  const segments = full.split('/');
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    const last = i === segments.length - 1;
    if (seg === '.') {
      if (last) out.push('');
    } else if (seg === '..') {
      if (out.length > 1) out.pop();
      if (last) out.push('');
    } else {
      out.push(seg);
    }
  }
  const joined = out.join('/');
  return `/${joined.replace(/^\/+/, '')}`;
}

/** Go's (*URL).ResolveReference. */
export function resolveGoUrl(base: GoUrl, ref: GoUrl): GoUrl {
  const url: GoUrl = { ...ref };
  if (ref.scheme === '') url.scheme = base.scheme;
  if (ref.scheme !== '' || ref.host !== '' || ref.user !== undefined) {
    url.rawPath = resolvePath(ref.rawPath, '');
    return url;
  }
  if (ref.opaque !== '') {
    url.user = undefined;
    url.host = '';
    url.rawPath = '';
    return url;
  }
  if (ref.rawPath === '' && !ref.forceQuery && ref.rawQuery === '') {
    url.rawQuery = base.rawQuery;
    if (ref.rawFragment === '') url.rawFragment = base.rawFragment;
  }
  url.host = base.host;
  url.user = base.user;
  url.rawPath = resolvePath(base.rawPath, ref.rawPath);
  return url;
}

/** Go's (*URL).String. */
export function formatGoUrl(u: GoUrl): string {
  let out = u.scheme ? `${u.scheme}:` : '';
  if (u.opaque) {
    out += u.opaque;
  } else {
    if (u.scheme || u.host || u.user) {
      if (u.host || u.rawPath || u.user) out += '//';
      if (u.user) out += `${encodeURIComponent(u.user.username)}${u.user.password !== undefined ? `:${encodeURIComponent(u.user.password)}` : ''}@`;
      out += u.host;
    }
    if (u.rawPath && u.rawPath[0] !== '/' && u.host) out += '/';
    if (out === '' && (u.rawPath.split('/')[0] as string).includes(':')) out += './';
    out += u.rawPath;
  }
  if (u.forceQuery || u.rawQuery) out += `?${u.rawQuery}`;
  if (u.rawFragment) out += `#${u.rawFragment}`;
  return out;
}

export function decodedPath(u: GoUrl): string {
  return unescape(u.rawPath);
}

export function decodedFragment(u: GoUrl): string {
  return unescape(u.rawFragment);
}

/** Go's net.SplitHostPort, or undefined where it reports an error. */
export function splitHostPort(hostport: string): { host: string; port: string } | undefined {
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0 || hostport[end + 1] !== ':') return undefined;
    return { host: hostport.slice(1, end), port: hostport.slice(end + 2) };
  }
  const colon = hostport.lastIndexOf(':');
  if (colon < 0 || hostport.indexOf(':') !== colon) return undefined;
  return { host: hostport.slice(0, colon), port: hostport.slice(colon + 1) };
}
