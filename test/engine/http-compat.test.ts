import { describe, it, expect } from 'vitest';
import type http from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const SCRIPTS = new URL('./scripts/', import.meta.url).pathname;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

async function withServer<T>(handler: (req: http.IncomingMessage, res: http.ServerResponse) => boolean, use: (s: TargetServer) => Promise<T>): Promise<T> {
  const server = await startTargetServer(handler);
  try {
    return await use(server);
  } finally {
    await server.close();
  }
}

/** Checks of a run as name → [passes, fails]. */
function checkCounts(r: Awaited<ReturnType<typeof runScript>>): Record<string, [number, number]> {
  return Object.fromEntries(r.summary.root_group.checks.map((c) => [c.name, [c.passes, c.fails]]));
}

function allPass(r: Awaited<ReturnType<typeof runScript>>): void {
  expect(r.errors).toEqual([]);
  const failing = Object.entries(checkCounts(r)).filter(([, [, fails]]) => fails > 0);
  expect(failing).toEqual([]);
}

/** The url tags of the http_reqs points in a --out json file. */
function requestUrls(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } })
    .filter((l) => l.type === 'Point' && l.metric === 'http_reqs')
    .map((l) => l.data.tags?.url ?? '');
}

const jsonFile = () => join(mkdtempSync(join(tmpdir(), 'lg-http-')), 'points.ndjson');

const redirectHandler = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
  const path = req.url ?? '';
  const chain = /^\/chain\/(\d+)$/.exec(path);
  if (chain) {
    const n = Number(chain[1]);
    if (n === 0) res.end('end');
    else res.writeHead(302, { Location: `/chain/${n - 1}` }).end();
    return true;
  }
  const status = /^\/status\/(\d+)$/.exec(path);
  if (status) {
    void readBody(req).then(() => res.writeHead(Number(status[1]), { Location: '/method' }).end());
    return true;
  }
  if (path === '/method') {
    void readBody(req).then((b) => res.end(`${req.method} ${b.length}`));
    return true;
  }
  return false;
};

describe('redirects as k6 v2.2.0 and v0.49.0 follow them (test/conformance/scripts/http-redirects.js holds this against the binaries)', () => {
  it.each(['v2', 'v0.49'] as const)('Referer is the previous URL; a script\'s own Referer is kept by v2, replaced by v0.49; Response.request is the first hop (--compat %s)', async (compat) => {
    const referers: string[] = [];
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
      if (req.url?.startsWith('/chain/')) referers.push(`${req.url} ${req.headers.referer ?? '-'}`);
      return redirectHandler(req, res);
    };
    await withServer(handler, async (server) => {
      const cons = captureConsole();
      const r = await runScript({ scriptPath: `${SCRIPTS}http-referer.js`, env: { BASE_URL: server.url }, console: cons.console, compat });
      expect(r.errors).toEqual([]);
      const B = server.url;
      const own = compat === 'v2' ? 'http://example.invalid/mine' : undefined;
      expect(referers).toEqual([
        '/chain/2 -', `/chain/1 ${B}/chain/2#top`, `/chain/0 ${B}/chain/1`,
        '/chain/2 http://example.invalid/mine', `/chain/1 ${own ?? `${B}/chain/2`}`, `/chain/0 ${own ?? `${B}/chain/1`}`,
      ]);
      const shown = JSON.parse(cons.lines.find((l) => l.startsWith('{')) ?? '{}') as Record<string, unknown>;
      const ua = compat === 'v2' ? 'Grafana k6/2.2.0' : 'k6/0.49.0 (https://k6.io/)';
      expect(shown).toEqual({ method: 'POST', url: `${B}/chain/2#top`, body: 'payload', headers: { 'User-Agent': [ua], 'X-Own': ['x'] }, final: `${B}/chain/0` });
    });
  });
});

describe.each(['auto', 'per-vu'] as const)('k6/http compatibility (vuThreads %s)', (vuThreads) => {
  it('redirects: maxRedirects, params.redirects, one request sample per hop, method rewriting, final url', async () => {
    await withServer(redirectHandler, async (server) => {
      const out = jsonFile();
      const r = await runScript({ scriptPath: `${SCRIPTS}http-redirects.js`, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads, jsonOutputFile: out });
      allPass(r);
      // capped 5→2 (4 hops), full 5→0 (6), none (1), 303/307/302 (2 each), HEAD 303 (2), async 303 (2)
      expect(r.summary.metrics.http_reqs?.values.count).toBe(21);
      expect(['/chain/5', '/chain/2', '/chain/1', '/chain/0'].map((p) => server.hits.get(p))).toEqual([2, 2, 2, 1]);
      const urls = requestUrls(out);
      expect(urls.slice(0, 4)).toEqual([5, 4, 3, 2].map((n) => `${server.url}/chain/${n}`));
    });
  });

  it('redirects: the default limit of 10 stops with k6’s warning', async () => {
    await withServer(redirectHandler, async (server) => {
      const cons = captureConsole();
      const r = await runScript({ scriptPath: `${SCRIPTS}http-redirect-warning.js`, env: { BASE_URL: server.url }, console: cons.console, vuThreads });
      allPass(r);
      expect(r.summary.metrics.http_reqs?.values.count).toBe(11);
      expect(cons.lines.join('\n')).toContain('Stopped after 11 redirects and returned the redirection');
    });
  });

  it('auth: URL credentials as Basic, digest challenge answered (MD5 and SHA-256), ntlm refused by name', async () => {
    const REALM = 'loadgate@test';
    const NONCE = 'dcd98b7102dd2f0e8b11d0f600bfb0c093';
    const OPAQUE = '5ccc069c403ebaf9f0171e9517f40e41';
    const digestOk = (req: http.IncomingMessage, algorithm: 'md5' | 'sha256'): boolean => {
      const h = req.headers.authorization ?? '';
      if (!h.startsWith('Digest ')) return false;
      const p = Object.fromEntries([...h.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]*))/g)].map((m) => [m[1], m[2] ?? m[3]])) as Record<string, string>;
      const H = (s: string) => createHash(algorithm).update(s).digest('hex');
      const ha1 = H(`${p.username}:${REALM}:${p.username === 'bob' ? 'secret' : ''}`);
      const ha2 = H(`${req.method}:${p.uri}`);
      return p.uri === req.url && p.nonce === NONCE && p.opaque === OPAQUE && p.qop === 'auth' && p.response === H(`${ha1}:${NONCE}:${p.nc}:${p.cnonce}:auth:${ha2}`);
    };
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
      const path = (req.url ?? '').split('?')[0];
      if (path === '/basic') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('alice:p@ss').toString('base64')}`;
        res.writeHead(ok ? 200 : 401).end();
        return true;
      }
      if (path === '/digest' || path === '/digest-sha256') {
        const algorithm = path === '/digest' ? 'md5' : 'sha256';
        void readBody(req).then(() => {
          if (digestOk(req, algorithm)) return res.end('digest ok');
          const alg = algorithm === 'sha256' ? ', algorithm=SHA-256' : '';
          res.writeHead(401, { 'WWW-Authenticate': `Digest realm="${REALM}", qop="auth,auth-int", nonce="${NONCE}", opaque="${OPAQUE}"${alg}` }).end('who are you');
        });
        return true;
      }
      return false;
    };
    await withServer(handler, async (server) => {
      const out = jsonFile();
      const r = await runScript({ scriptPath: `${SCRIPTS}http-auth.js`, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads, jsonOutputFile: out });
      allPass(r);
      // 3 basic + 4 digest requests of two round trips each; ntlm never goes out.
      expect(r.summary.metrics.http_reqs?.values.count).toBe(11);
      // The digest challenges count as expected (k6 does so); the two real refusals as failed.
      expect(r.summary.metrics.http_req_failed?.values).toMatchObject({ passes: 2, fails: 9 });
      const urls = requestUrls(out);
      const host = server.url.replace('http://', '');
      expect(urls.slice(0, 3)).toEqual(Array(3).fill(`http://****:****@${host}/basic`));
      expect(urls[3]).toBe(`${server.url}/digest?x=1`);
      expect(urls.join(' ')).not.toContain('secret');
    });
  });

  it('bodies: objects url-encoded like Go, http.file() makes multipart/form-data', async () => {
    let upload: { type: string; body: Buffer } | undefined;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
      if (req.url !== '/upload') return false;
      void readBody(req).then((body) => {
        upload = { type: req.headers['content-type'] ?? '', body };
        res.end();
      });
      return true;
    };
    await withServer(handler, async (server) => {
      const r = await runScript({ scriptPath: `${SCRIPTS}http-bodies.js`, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
      allPass(r);
    });
    const boundary = /^multipart\/form-data; boundary=([0-9a-f]{60})$/.exec(upload?.type ?? '')?.[1];
    expect(boundary).toBeDefined();
    const b = `--${boundary}`;
    const expected = Buffer.concat([
      Buffer.from(`${b}\r\nContent-Disposition: form-data; name="field"\r\n\r\nplain value`),
      Buffer.from(`\r\n${b}\r\nContent-Disposition: form-data; name="text"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello "file"`),
      Buffer.from(`\r\n${b}\r\nContent-Disposition: form-data; name="bin"; filename="b.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.from([0, 1, 2, 255]),
      Buffer.from(`\r\n${b}--\r\n`),
    ]);
    expect(upload?.body.equals(expected)).toBe(true);
    // An independent parser (undici's) reads it back.
    const form = await new Response(new Uint8Array(upload?.body ?? []), { headers: { 'content-type': upload?.type ?? '' } }).formData();
    expect(form.get('field')).toBe('plain value');
    expect(await (form.get('text') as File).text()).toBe('hello "file"');
    const bin = form.get('bin') as File;
    expect([bin.name, [...new Uint8Array(await bin.arrayBuffer())]]).toEqual(['b.bin', [0, 1, 2, 255]]);
  });

  it('http.batch: at most options.batch requests in flight, options.batchPerHost per host (defaults 20 / 6)', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const perHostMax = [0, 0];
    const perHost = [0, 0];
    const slow = (i: number) => (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
      if (req.url !== '/slow') return false;
      inFlight++;
      perHost[i]++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      perHostMax[i] = Math.max(perHostMax[i] as number, perHost[i] as number);
      setTimeout(() => {
        inFlight--;
        perHost[i]--;
        res.end('ok');
      }, 40);
      return true;
    };
    await withServer(slow(0), (a) =>
      withServer(slow(1), async (b) => {
        const r = await runScript({ scriptPath: `${SCRIPTS}http-batch-limits.js`, env: { BASE_URL: a.url, OTHER_URL: b.url }, console: captureConsole().console, vuThreads });
        allPass(r);
        expect([maxInFlight, ...perHostMax]).toEqual([3, 2, 2]);
        maxInFlight = 0;
        perHostMax[0] = 0;
        const d = await runScript({ scriptPath: `${SCRIPTS}http-batch-defaults.js`, env: { BASE_URL: a.url }, console: captureConsole().console, vuThreads });
        allPass(d);
        expect([maxInFlight, perHostMax[0]]).toEqual([6, 6]);
      }),
    );
  });

  it('a batch of 0 is invalid config (exit 104) naming the option and why, where k6 would hang in http.batch(); a negative batchPerHost is no limit, as in k6', async () => {
    const r = await runScript({ scriptPath: `${SCRIPTS}http-bad-batch.js`, env: { BASE_URL: 'http://127.0.0.1:9' }, console: captureConsole().console, vuThreads });
    expect(r.exitCode).toBe(104);
    expect(r.errors.join('\n')).toContain('options.batch: must be an integer >= 1, got 0 (k6 accepts less, then hangs in the first http.batch())');
  });

  it('cookie jar: domain/path/Secure/expiry rules, jar methods, params.cookies and params.jar', async () => {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
      const path = req.url ?? '';
      if (path === '/set-cookies') {
        const inAnHour = new Date(Date.now() + 3_600_000).toUTCString();
        const past = 'Wed, 21 Oct 2015 07:28:00 GMT';
        res.setHeader('Set-Cookie', ['root=1', 'scoped=2; Path=/p', 'sec=3; Secure', 'gone=4; Max-Age=0', `old=5; Expires=${past}`, `future=6; Expires=${inAnHour}`, `wins=7; Max-Age=3600; Expires=${past}`]);
        res.end();
        return true;
      }
      if (path === '/dir/set') {
        res.setHeader('Set-Cookie', 'dirc=8; HttpOnly');
        res.end();
        return true;
      }
      if (path.endsWith('/echo-cookie')) {
        res.end(req.headers.cookie ?? '');
        return true;
      }
      return false;
    };
    await withServer(handler, async (server) => {
      const r = await runScript({ scriptPath: `${SCRIPTS}http-cookie-rules.js`, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
      allPass(r);
      expect(Object.keys(checkCounts(r))).toHaveLength(18);
    });
  });

  it('cookie jar: noCookiesReset keeps cookies across iterations', async () => {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
      if (req.url !== '/cookie-once') return false;
      res.setHeader('Set-Cookie', 'kept=1');
      res.end(req.headers.cookie ?? '');
      return true;
    };
    await withServer(handler, async (server) => {
      const r = await runScript({ scriptPath: `${SCRIPTS}http-cookie-reset.js`, env: { BASE_URL: server.url }, console: captureConsole().console, vuThreads });
      allPass(r);
      expect(checkCounts(r)['noCookiesReset keeps the jar']).toEqual([2, 0]);
    });
  });
});
