/**
 * Credentials in request URLs (`http://user:pass@host/`), as k6 handles them:
 * Basic auth by default (Go's client turns URL userinfo into an Authorization
 * header), Digest with params.auth 'digest', masked in metric tags.
 */
import type { DigestCredentials } from '../http/digest-auth.js';

export interface UrlCredentials extends DigestCredentials {
  /** The URL without its userinfo (what a digest request is sent to). */
  stripped: string;
  /** k6's output-safe form: `http://****:****@host/path`. */
  masked: string;
}

const decode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** The userinfo of `url`, or undefined when it has none (or does not parse). */
export function urlCredentials(url: string): UrlCredentials | undefined {
  if (!url.includes('@')) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.username === '' && u.password === '') return undefined;
  // Go tells "user@" from "user:@" (a password, even empty, is masked too); URL does not.
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)@/i.exec(url)?.[1] ?? '';
  const masked = `${u.protocol}//${userinfo.includes(':') ? '****:****' : '****'}@${u.host}${u.pathname}${u.search}${u.hash}`;
  const creds = { username: decode(u.username), password: decode(u.password) };
  u.username = '';
  u.password = '';
  return { ...creds, stripped: u.toString(), masked };
}

export function basicAuthorization(c: DigestCredentials): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

/** params.auth, checked: k6 knows basic, digest and ntlm; the embedded engine does the first two. */
export function authMode(value: unknown): 'basic' | 'digest' | undefined {
  if (value === undefined || value === null || value === '' || value === 'basic') return value === 'basic' ? 'basic' : undefined;
  if (value === 'digest') return 'digest';
  if (value === 'ntlm') throw new Error('params.auth "ntlm" is not supported by the embedded engine (supported: "basic", "digest"); run this script with k6');
  throw new Error(`params.auth ${JSON.stringify(value)} is invalid; use "basic" or "digest" with the credentials in the URL (http://user:pass@host/…)`);
}
