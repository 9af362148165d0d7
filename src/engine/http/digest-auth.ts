/**
 * HTTP Digest authentication (RFC 7616, with RFC 2617's qop-less form): the
 * Authorization header answering a server's `WWW-Authenticate: Digest …`
 * challenge. Algorithms MD5, MD5-sess, SHA-256 and SHA-256-sess; qop auth or
 * auth-int. Like k6, every request pays a first unauthenticated round trip (no
 * nonce caching).
 */
import { createHash, randomBytes } from 'node:crypto';

export interface DigestCredentials {
  username: string;
  password: string;
}

/** The parameters of the first Digest challenge in a WWW-Authenticate value. */
export function parseDigestChallenge(header: string): Record<string, string> | undefined {
  const scheme = /(^|[\s,])Digest\s/i.exec(header);
  if (!scheme) return undefined;
  const params: Record<string, string> = {};
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g;
  re.lastIndex = scheme.index + scheme[0].length;
  for (let m = re.exec(header); m; m = re.exec(header)) {
    const key = (m[1] as string).toLowerCase();
    // A following challenge of another scheme (`, Basic realm=…`) ends this one.
    const between = header.slice(header.lastIndexOf(',', m.index) + 1, m.index).trim();
    if (between && Object.keys(params).length > 0) break;
    params[key] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string);
  }
  return params.nonce === undefined ? undefined : params;
}

function hashFor(algorithm: string): ((s: string | Uint8Array) => string) | undefined {
  const base = algorithm.replace(/-sess$/i, '').toUpperCase();
  const name = base === 'MD5' ? 'md5' : base === 'SHA-256' ? 'sha256' : undefined;
  return name ? (s) => createHash(name).update(s).digest('hex') : undefined;
}

/**
 * The Authorization header for one request, or an error text naming what is unsupported.
 * `uri` is the request target (path and query), `body` is needed for qop=auth-int.
 */
export function digestAuthorization(challenge: Record<string, string>, method: string, uri: string, body: Uint8Array | null, creds: DigestCredentials): { header: string } | { error: string } {
  const algorithm = challenge.algorithm ?? 'MD5';
  const H = hashFor(algorithm);
  if (!H) return { error: `digest auth: unsupported algorithm "${algorithm}" (supported: MD5, MD5-sess, SHA-256, SHA-256-sess)` };
  const offered = (challenge.qop ?? '').split(',').map((q) => q.trim().toLowerCase()).filter(Boolean);
  const qop = offered.length === 0 ? '' : offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined;
  if (qop === undefined) return { error: `digest auth: unsupported qop "${challenge.qop}" (supported: auth, auth-int)` };
  const realm = challenge.realm ?? '';
  const nonce = challenge.nonce as string;
  const cnonce = randomBytes(16).toString('hex');
  const nc = '00000001';
  let ha1 = H(`${creds.username}:${realm}:${creds.password}`);
  if (/-sess$/i.test(algorithm)) ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = H(qop === 'auth-int' ? `${method}:${uri}:${H(body ?? new Uint8Array(0))}` : `${method}:${uri}`);
  const response = qop ? H(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : H(`${ha1}:${nonce}:${ha2}`);
  const quote = (s: string) => `"${s.replace(/(["\\])/g, '\\$1')}"`;
  const fields = [`username=${quote(creds.username)}`, `realm=${quote(realm)}`, `nonce=${quote(nonce)}`, `uri=${quote(uri)}`];
  if (challenge.algorithm !== undefined) fields.push(`algorithm=${algorithm}`);
  fields.push(`response=${quote(response)}`);
  if (challenge.opaque !== undefined) fields.push(`opaque=${quote(challenge.opaque)}`);
  if (qop) fields.push(`qop=${qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  return { header: `Digest ${fields.join(', ')}` };
}
