/**
 * k6's TLS options as the engine applies them to its connections: `tlsVersion` (a version,
 * or `{ min, max }`), `tlsCipherSuites` (Go's names), `tlsAuth` (client certificates: `{ domains, cert, key, password }`), and
 * the trusted roots Go reads from SSL_CERT_FILE, which k6 users set to trust a private CA.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContext } from 'node:tls';
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

/**
 * The cipher suites k6 takes in `tlsCipherSuites` (Go's names; TLS 1.0–1.2 only, as Go lets
 * no one choose TLS 1.3's) and OpenSSL's names for them.
 */
const CIPHER_SUITES: Record<string, string> = {
  TLS_RSA_WITH_RC4_128_SHA: 'RC4-SHA',
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: 'ECDHE-ECDSA-RC4-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_RC4_128_SHA: 'ECDHE-RSA-RC4-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305: 'ECDHE-ECDSA-CHACHA20-POLY1305',
};

/** TLS 1.3's suites, which `tlsCipherSuites` leaves as they are (Node takes both in one list). */
const TLS13_SUITES = 'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256';

/** k6's refusal of a cipher suite it does not know (while the options load), or undefined. */
export function unknownCipherSuite(names: unknown[]): string | undefined {
  const bad = names.find((n) => typeof n === 'string' && !(n in CIPHER_SUITES));
  return bad === undefined ? undefined : `unknown cipher suite '${String(bad)}'`;
}

export interface TlsPolicy {
  /** OpenSSL's cipher list for tlsCipherSuites; undefined: Node's defaults. */
  ciphers?: string;
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
  if (Array.isArray(raw.tlsCipherSuites) && raw.tlsCipherSuites.length > 0) {
    const names = raw.tlsCipherSuites.filter((n): n is string => typeof n === 'string' && n in CIPHER_SUITES);
    policy.ciphers = [...names.map((n) => CIPHER_SUITES[n] as string), TLS13_SUITES].join(':');
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
function clientCertificateFor(policy: TlsPolicy, host: string): ClientCertificate | undefined {
  const certs = policy.clientCertificates;
  return certs.find((c) => c.domains.includes(host)) ?? certs[0];
}

/** Contexts built so far, per policy and client certificate (`null`: none): parsing PEM and ciphers once, not per connection. */
const contexts = new WeakMap<TlsPolicy, Map<ClientCertificate | null, SecureContext>>();

/** The TLS context of a connection to `host`; undefined when the policy changes nothing (Node's default context). */
export function secureContextFor(policy: TlsPolicy | undefined, host: string): SecureContext | undefined {
  if (!policy || (!policy.minVersion && !policy.maxVersion && !policy.ciphers && policy.roots === undefined && policy.clientCertificates.length === 0)) return undefined;
  const client = clientCertificateFor(policy, host) ?? null;
  let byClient = contexts.get(policy);
  if (!byClient) contexts.set(policy, (byClient = new Map()));
  let context = byClient.get(client);
  if (!context) {
    context = createSecureContext({
      minVersion: policy.minVersion,
      maxVersion: policy.maxVersion,
      ciphers: policy.ciphers,
      ca: policy.roots,
      ...(client ? { cert: client.cert, key: client.key, passphrase: client.passphrase } : {}),
    });
    byClient.set(client, context);
  }
  return context;
}
