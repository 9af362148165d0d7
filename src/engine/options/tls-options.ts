/**
 * k6's TLS options as the engine applies them to its connections: `tlsVersion` (a version,
 * or `{ min, max }`), `tlsAuth` (client certificates: `{ domains, cert, key, password }`), and
 * the trusted roots Go reads from SSL_CERT_FILE, which k6 users set to trust a private CA.
 */
import { readFileSync } from 'node:fs';
import { InvalidOptionsError } from '../invalid-options-error.js';

/** The names k6 takes for a TLS version, as Node names them. */
const NODE_TLS_VERSIONS: Record<string, 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'> = {
  'tls1.0': 'TLSv1',
  'tls1.1': 'TLSv1.1',
  'tls1.2': 'TLSv1.2',
  'tls1.3': 'TLSv1.3',
};

export interface ClientCertificate {
  /** Host names it is for; k6 (Go) presents it to any server that asks, these only order the choice. */
  domains: string[];
  cert: string;
  key: string;
  passphrase?: string;
}

export interface TlsPolicy {
  minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
  clientCertificates: ClientCertificate[];
  /** PEM roots replacing the system's (SSL_CERT_FILE, as Go reads it); undefined: the system's. */
  roots?: string;
}

export const DEFAULT_TLS_POLICY: TlsPolicy = { clientCertificates: [] };

function version(value: unknown, key: string): TlsPolicy['minVersion'] {
  if (value === undefined || value === null || value === '') return undefined;
  const v = typeof value === 'string' ? NODE_TLS_VERSIONS[value] : undefined;
  if (!v) throw new InvalidOptionsError(key, `must be one of ${Object.keys(NODE_TLS_VERSIONS).join(', ')}, got ${JSON.stringify(value)}`);
  return v;
}

/** The TLS policy of a script's options (decoded as k6 decodes them); `env` gives SSL_CERT_FILE. */
export function resolveTlsPolicy(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): TlsPolicy {
  const policy: TlsPolicy = { clientCertificates: [] };
  const tv = raw.tlsVersion;
  if (typeof tv === 'string') policy.minVersion = policy.maxVersion = version(tv, 'tlsVersion');
  else if (tv && typeof tv === 'object') {
    policy.minVersion = version((tv as { min?: unknown }).min, 'tlsVersion.min');
    policy.maxVersion = version((tv as { max?: unknown }).max, 'tlsVersion.max');
  }
  const auth = raw.tlsAuth;
  if (Array.isArray(auth)) {
    auth.forEach((entry, i) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      const key = `tlsAuth[${i}]`;
      if (typeof e.cert !== 'string' || typeof e.key !== 'string') throw new InvalidOptionsError(key, 'needs cert and key, each a PEM text (open() the files in the init context)');
      const domains = Array.isArray(e.domains) ? e.domains.filter((d): d is string => typeof d === 'string') : [];
      policy.clientCertificates.push({ domains, cert: e.cert, key: e.key, passphrase: typeof e.password === 'string' && e.password !== '' ? e.password : undefined });
    });
  }
  const rootsFile = env.SSL_CERT_FILE;
  if (rootsFile) {
    try {
      policy.roots = readFileSync(rootsFile, 'utf8');
    } catch {
      // Go falls back to the system's roots when SSL_CERT_FILE cannot be read.
    }
  }
  return policy;
}

/** The client certificate to present to `host`: one whose domains name it, else the first (Go offers it to any server that asks). */
export function clientCertificateFor(policy: TlsPolicy, host: string): ClientCertificate | undefined {
  const certs = policy.clientCertificates;
  return certs.find((c) => c.domains.includes(host)) ?? certs[0];
}
