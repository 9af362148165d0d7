/**
 * HTTPS as k6 does it, against local servers holding a test CA's certificates
 * (test/fixtures/tls: a CA, a server certificate for localhost, tls.loadgate.test and
 * 127.0.0.1, a client certificate; valid until 2126): the trusted roots from SSL_CERT_FILE (as
 * Go reads them), `insecureSkipTLSVerify`, `tlsVersion`, `tlsAuth` client certificates, the
 * `tls_version` k6 reports, and k6's codes and words for a certificate it does not trust, a
 * name the certificate does not cover, and the alerts a server sends. The expected lines were
 * recorded from k6 v2.2.0 and v0.49.0; where real k6 is found the same script runs under it
 * too and must log the same lines.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { K6Compat } from '../../src/engine/k6-compat.js';
import { runCli } from '../helpers/cli.js';
import { everyK6Generation } from '../helpers/real-k6.js';

const FIXTURES = new URL('../fixtures/tls/', import.meta.url).pathname;

const SCRIPT = `import http from 'k6/http';
const cert = open(__ENV.F + '/client.pem');
const key = open(__ENV.F + '/client.key');
export const options = {
  iterations: 1,
  insecureSkipTLSVerify: __ENV.INSECURE === '1',
  hosts: { 'tls.loadgate.test': '127.0.0.1', 'wrong.loadgate.test': '127.0.0.1' },
  tlsVersion: __ENV.TLSV ? JSON.parse(__ENV.TLSV) : undefined,
  tlsAuth: __ENV.AUTH ? [{ domains: ['127.0.0.1'], cert, key }] : undefined,
  tlsCipherSuites: __ENV.CS ? JSON.parse(__ENV.CS) : undefined,
  // ocsp_status tags TLS responses only (a crossed threshold would add k6's error line).
  systemTags: __ENV.OCSP_TAG ? ['ocsp_status', 'status', 'check', 'group'] : undefined,
  thresholds: __ENV.OCSP_TAG ? { 'http_reqs{ocsp_status:unknown}': ['count==1'], 'http_reqs{status:200}': ['count==2'] } : undefined,
};
export default function () {
  for (const url of __ENV.URLS.split(' ')) {
    const r = http.get(url);
    console.log(url, r.status, r.error_code, r.error, r.tls_version, r.tls_cipher_suite, r.ocsp.status, r.status === 200 ? r.json('client') : '-');
  }
}
`;

/** Three servers: any TLS version, at most TLS 1.2, and one that wants a client certificate of the test CA. */
let servers: Server[];
let ports: { any: number; tls12: number; mtls: number; plain: number };
let plainServer: HttpServer;
let dir: string;

beforeAll(async () => {
  const key = readFileSync(join(FIXTURES, 'server.key'));
  const cert = readFileSync(join(FIXTURES, 'server.pem'));
  const answer = (req: { socket: unknown }, res: { end(body: string): void }) => {
    const peer = 'getPeerCertificate' in (req.socket as object) ? (req.socket as TLSSocket).getPeerCertificate() : undefined;
    res.end(JSON.stringify({ client: peer?.subject?.CN ?? null }));
  };
  servers = [
    createServer({ key, cert }, answer),
    createServer({ key, cert, maxVersion: 'TLSv1.2' }, answer),
    createServer({ key, cert, requestCert: true, rejectUnauthorized: true, ca: readFileSync(join(FIXTURES, 'ca.pem')) }, answer),
  ];
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))));
  const [any, tls12, mtls] = servers.map((s) => (s.address() as AddressInfo).port) as [number, number, number];
  plainServer = createHttpServer(answer);
  await new Promise<void>((resolve) => plainServer.listen(0, '127.0.0.1', resolve));
  ports = { any, tls12, mtls, plain: (plainServer.address() as AddressInfo).port };
  dir = await mkdtemp(join(tmpdir(), 'loadgate-tls-'));
  await writeFile(join(dir, 'tls.js'), SCRIPT);
});

afterAll(async () => {
  await Promise.all([...servers, plainServer].map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Case {
  name: string;
  env: Record<string, string>;
  /** URLs, `{any}`-style port names filled in. */
  urls: string[];
  /** The lines k6 logs: `warn <Go error>` for a Request Failed warning, else a console line; `{prefix}` is v2's `tls: failed to verify certificate: `. */
  lines: string[];
}

const CASES: Case[] = [
  {
    name: 'a trusted CA: TLS 1.3 by default, 1.2 where the server stops there; a name outside the certificate; a server that wants a client certificate',
    env: { TRUST: '1' },
    urls: ['https://tls.loadgate.test:{any}/', 'https://wrong.loadgate.test:{any}/', 'https://127.0.0.1:{tls12}/', 'https://localhost:{mtls}/'],
    lines: [
      'https://tls.loadgate.test:{any}/ 200 0  tls1.3 TLS_AES_256_GCM_SHA384 unknown null',
      'warn Get "https://wrong.loadgate.test:{any}/": {prefix}x509: certificate is valid for localhost, tls.loadgate.test, not wrong.loadgate.test',
      "https://wrong.loadgate.test:{any}/ 0 1311 x509: certificate doesn't match hostname    -",
      'https://127.0.0.1:{tls12}/ 200 0  tls1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 unknown null',
      'warn Get "https://localhost:{mtls}/": remote error: tls: certificate required',
      'https://localhost:{mtls}/ 0 1010 remote error: tls: certificate required    -',
    ],
  },
  {
    name: 'tlsVersion tls1.3 only, against a server that stops at 1.2: its protocol-version alert',
    env: { TRUST: '1', TLSV: '{"min":"tls1.3","max":"tls1.3"}' },
    urls: ['https://127.0.0.1:{any}/', 'https://127.0.0.1:{tls12}/'],
    lines: [
      'https://127.0.0.1:{any}/ 200 0  tls1.3 TLS_AES_256_GCM_SHA384 unknown null',
      'warn Get "https://127.0.0.1:{tls12}/": remote error: tls: protocol version not supported',
      'https://127.0.0.1:{tls12}/ 0 1010 remote error: tls: protocol version not supported    -',
    ],
  },
  {
    name: 'tlsAuth: the client certificate is presented (to any server that asks, as Go does), with k6\'s warning on domains',
    env: { TRUST: '1', TLSV: '"tls1.2"', AUTH: '1' },
    urls: ['https://127.0.0.1:{any}/', 'https://127.0.0.1:{mtls}/', 'https://localhost:{mtls}/'],
    lines: [
      "warn-option tlsAuth.domains option could be removed in the next releases, it's recommended to leave it empty and let k6 automatically detect from the provided certificate. It follows the Go's NameToCertificate deprecation - https://pkg.go.dev/crypto/tls@go1.17#Config.",
      'https://127.0.0.1:{any}/ 200 0  tls1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 unknown null',
      'https://127.0.0.1:{mtls}/ 200 0  tls1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 unknown loadgate test client',
      'https://localhost:{mtls}/ 200 0  tls1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 unknown loadgate test client',
    ],
  },
  {
    name: 'a CA it does not trust: 1310, unless insecureSkipTLSVerify',
    env: {},
    urls: ['https://127.0.0.1:{any}/'],
    lines: ['warn Get "https://127.0.0.1:{any}/": {prefix}x509: certificate signed by unknown authority', 'https://127.0.0.1:{any}/ 0 1310 x509: unknown authority    -'],
  },
  {
    name: 'insecureSkipTLSVerify: any certificate, any name',
    env: { INSECURE: '1' },
    urls: ['https://wrong.loadgate.test:{any}/', 'https://127.0.0.1:{tls12}/'],
    lines: ['https://wrong.loadgate.test:{any}/ 200 0  tls1.3 TLS_AES_256_GCM_SHA384 unknown null', 'https://127.0.0.1:{tls12}/ 200 0  tls1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 unknown null'],
  },
  {
    name: 'tlsCipherSuites: TLS 1.2 uses the suite named; a suite the server cannot use is its handshake-failure alert; TLS 1.3 keeps its own',
    env: { TRUST: '1', CS: '["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"]' },
    urls: ['https://127.0.0.1:{tls12}/', 'https://127.0.0.1:{any}/'],
    lines: ['https://127.0.0.1:{tls12}/ 200 0  tls1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 unknown null', 'https://127.0.0.1:{any}/ 200 0  tls1.3 TLS_AES_256_GCM_SHA384 unknown null'],
  },
  {
    name: 'tlsCipherSuites naming only suites the server (an ECDSA certificate) cannot use',
    env: { TRUST: '1', CS: '["TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"]', TLSV: '"tls1.2"' },
    urls: ['https://127.0.0.1:{any}/'],
    lines: ['warn Get "https://127.0.0.1:{any}/": remote error: tls: handshake failure', 'https://127.0.0.1:{any}/ 0 1010 remote error: tls: handshake failure    -'],
  },
  {
    name: 'systemTags naming ocsp_status: a TLS response is tagged "unknown" (nothing stapled), a plain one not at all',
    env: { TRUST: '1', OCSP_TAG: '1' },
    urls: ['https://127.0.0.1:{any}/', 'http://127.0.0.1:{plain}/'],
    lines: ['https://127.0.0.1:{any}/ 200 0  tls1.3 TLS_AES_256_GCM_SHA384 unknown null', 'http://127.0.0.1:{plain}/ 200 0     null'],
  },
  {
    name: 'plain HTTP next to them: no TLS version, cipher suite or OCSP status',
    env: {},
    urls: ['http://127.0.0.1:{plain}/'],
    lines: ['http://127.0.0.1:{plain}/ 200 0     null'],
  },
];

function fill(text: string, compat: K6Compat): string {
  return text
    .replace(/\{(any|tls12|mtls|plain)\}/g, (_m, k: keyof typeof ports) => String(ports[k]))
    .replace('{prefix}', compat === 'v0.49' ? '' : 'tls: failed to verify certificate: ');
}

/** The lines as the cases write them, from logfmt stderr. */
function linesOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.includes('level='))
    .map((l) => {
      const msg = JSON.parse(`"${/ msg="((?:[^"\\]|\\.)*)"/.exec(l)?.[1] ?? ''}"`) as string;
      if (msg === 'Request Failed') return `warn ${JSON.parse(`"${/ error="((?:[^"\\]|\\.)*)"/.exec(l)?.[1] ?? ''}"`) as string}`;
      return l.includes('source=console') ? msg : `warn-option ${msg}`;
    });
}

function envOf(c: Case): Record<string, string> {
  const { TRUST, ...rest } = c.env;
  return { ...rest, F: FIXTURES, URLS: c.urls.map((u) => fill(u, 'v2')).join(' '), ...(TRUST ? { SSL_CERT_FILE: join(FIXTURES, 'ca.pem') } : {}) };
}

async function engineLines(c: Case, compat: K6Compat): Promise<string[]> {
  const env = envOf(c);
  // The script reads its settings from __ENV (k6 passes the system environment, as does the engine); SSL_CERT_FILE from the process's.
  const r = await runCli(['k6', 'run', '-q', '--compat', compat, 'tls.js'], { cwd: dir, env: { ...env, SSL_CERT_FILE: env.SSL_CERT_FILE ?? '' } });
  expect(r.code, r.stderr).toBe(0);
  return linesOf(r.stderr);
}

// Answers and words, not times: the runs of a block go on together (vitest's maxConcurrency, 5).
describe.concurrent('HTTPS on the engine, in the words k6 uses', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      for (const compat of ['v2', 'v0.49'] as const) {
        expect(await engineLines(c, compat), compat).toEqual(c.lines.map((l) => fill(l, compat)));
      }
    });
  }
});

const generations = everyK6Generation(import.meta.url, 'the HTTPS comparison');
for (const g of generations) {
  describe.concurrent(`HTTPS, the same as ${g.name}`, () => {
    for (const c of CASES) {
      it(c.name, async () => {
        const env = envOf(c);
        const real = await new Promise<string>((resolve) => {
          // --address= : k6 v0.49 starts its REST API on localhost:6565 unless told not to, and runs side by side would fight over it.
          execFile(g.path, ['run', '-q', '--address=', 'tls.js'], { cwd: dir, timeout: 60_000, env: { ...process.env, K6_AUTO_EXTENSION_RESOLUTION: 'false', SSL_CERT_FILE: '', ...env } }, (_e, _out, stderr) => resolve(stderr));
        });
        // Under TLS 1.3 the client's handshake ends before the server checks its certificate: the
        // server's alert then reaches Go's read loop or its next read, a race k6 words two ways.
        const realLines = linesOf(real).map((l) => l.replace(': readLoopPeekFailLocked: remote error:', ': remote error:'));
        expect(realLines).toEqual(await engineLines(c, g.compat));
      });
    }
  });
}
