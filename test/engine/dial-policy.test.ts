/**
 * options.hosts, blockHostnames and blacklistIPs (options/network-options.ts, http/dial-policy.ts):
 * where a request may connect, decided before any connection or lookup, as k6 decides it.
 * Every name here maps to loopback or is refused, so nothing leaves the machine.
 * test/conformance/scripts/options-network.js holds the same against real k6.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DialPolicy } from '../../src/engine/http/dial-policy.js';
import { resolveNetworkPolicy } from '../../src/engine/options/network-options.js';
import { ScriptLoadOptionsError } from '../../src/engine/invalid-options-error.js';
import { runScript } from '../../src/engine/index.js';
import { startTargetServer, captureConsole, type TargetServer } from './helpers/target-server.js';

const policy = (raw: Record<string, unknown>) => new DialPolicy(resolveNetworkPolicy(raw));

describe('the dial policy', () => {
  const p = policy({
    hosts: { 'ok.test': '127.0.0.1', 'OK2.test': '::1', '*.wild.test': '127.0.0.3', '*.deep.wild.test': '127.0.0.4', 'alias.test': 'ok.test', 'port.test:81': '127.0.0.1:8081', 'v6port.test': '[::1]:9' },
    blockHostnames: ['*.blocked.test', 'exact.test'],
    blacklistIPs: ['127.0.0.2/32', '10.0.0.0/8', 'fd00::/8'],
  });

  it('maps names as k6 does: name:port before name, the longest wildcard, aliases, any case', () => {
    expect(p.route('ok.test', 80)).toEqual({ host: '127.0.0.1', port: 80 });
    expect(p.route('ok2.test', 80)).toEqual({ host: '::1', port: 80 });
    expect(p.route('a.wild.test', 80)).toEqual({ host: '127.0.0.3', port: 80 });
    expect(p.route('a.deep.wild.test', 80)).toEqual({ host: '127.0.0.4', port: 80 });
    expect(p.route('alias.test', 5)).toEqual({ host: '127.0.0.1', port: 5 });
    expect(p.route('port.test', 81)).toEqual({ host: '127.0.0.1', port: 8081 });
    expect(p.route('port.test', 82)).toEqual({ host: 'port.test', port: 82, lookup: expect.any(Function) });
    expect(p.route('v6port.test', 80)).toEqual({ host: '::1', port: 9 });
  });

  it("refuses blocked names before mapping them, and blacklisted addresses from the URL or the map, in k6's words", () => {
    expect(p.route('x.y.blocked.test', 80, 'http://X.y.blocked.test/')).toEqual({ code: 1111, message: 'hostname is blocked', cause: 'hostname (X.y.blocked.test) is in a blocked pattern (*.blocked.test)' });
    expect(p.route('exact.test', 80)).toMatchObject({ code: 1111 });
    expect(p.route('blocked.test', 80)).not.toHaveProperty('code');
    expect(p.route('127.0.0.2', 80)).toEqual({ code: 1110, message: 'ip is blacklisted', cause: 'IP (127.0.0.2) is in a blacklisted range (127.0.0.2/32)' });
    expect(p.route('10.9.8.7', 80)).toMatchObject({ code: 1110, cause: 'IP (10.9.8.7) is in a blacklisted range (10.0.0.0/8)' });
    expect(p.route('fd12::1', 80)).toMatchObject({ code: 1110 });
    expect(p.route('127.0.0.3', 80)).toEqual({ host: '127.0.0.3', port: 80 });
  });

  it('refuses what k6 refuses while loading the script', () => {
    const load = (raw: Record<string, unknown>) => {
      try {
        resolveNetworkPolicy(raw);
      } catch (err) {
        return err instanceof ScriptLoadOptionsError ? err.reason : String(err);
      }
      return 'accepted';
    };
    expect(load({ blacklistIPs: ['10.0.0.1'] })).toBe("failed to parse CIDR '10.0.0.1': invalid CIDR address: 10.0.0.1");
    expect(load({ blacklistIPs: ['10.0.0.0/33'] })).toBe("failed to parse CIDR '10.0.0.0/33': invalid CIDR address: 10.0.0.0/33");
    expect(load({ blockHostnames: ['a.*.b'] })).toBe("invalid hostname pattern 'a.*.b'");
    expect(load({ hosts: { '*.a.*': '127.0.0.1' } })).toBe("invalid host pattern '*.a.*'");
    expect(load({ blockHostnames: ['*', ''], hosts: { a: 'x:y:z' } })).toBe('accepted');
  });
});

describe('a script with network options', () => {
  let server: TargetServer;
  beforeAll(async () => {
    server = await startTargetServer();
  });
  afterAll(() => server.close());

  it.each(['auto', 'per-vu'] as const)('connects where the options say and refuses the rest, in setup() and teardown() too (%s VU threads)', async (vuThreads) => {
    const port = new URL(server.url).port;
    const dir = mkdtempSync(join(tmpdir(), 'lg-dial-'));
    const scriptPath = join(dir, 'net.js');
    writeFileSync(
      scriptPath,
      `import http from 'k6/http';
export const options = { iterations: 1, hosts: { 'svc.test': '127.0.0.1' }, blockHostnames: ['*.blocked.test'], blacklistIPs: ['127.0.0.0/8', '::1/128'] };
function probe(where) {
  for (const u of ['http://svc.test:${port}/health', 'http://api.blocked.test:${port}/health', 'http://localhost:${port}/health']) {
    const r = http.get(u);
    console.log(JSON.stringify([where, r.status, r.error_code, r.error]));
  }
}
export function setup() { probe('setup'); }
export default function () { probe('vu'); }
export function teardown() { probe('teardown'); }
`,
    );
    const out = captureConsole();
    const r = await runScript({ scriptPath, console: out.console, vuThreads });
    expect(r.exitCode).toBe(0);
    // svc.test maps to 127.0.0.1, which is blacklisted; localhost is refused after its lookup.
    // setup() and teardown() run on the lifecycle VU, whose thread started before the options were read.
    expect(out.lines.filter((l) => l.startsWith('['))).toEqual(['setup', 'vu', 'teardown'].flatMap((w) => [`["${w}",0,1110,"ip is blacklisted"]`, `["${w}",0,1111,"hostname is blocked"]`, `["${w}",0,1110,"ip is blacklisted"]`]));
    // (localhost may resolve to ::1 first: both are blacklisted)
    expect(r.errors.join('\n')).toMatch(new RegExp(`Get "http://localhost:${port}/health": IP \\((127\\.0\\.0\\.1|::1)\\) is in a blacklisted range \\((127\\.0\\.0\\.0/8|::1/128)\\)`));
    expect(r.summary.metrics.http_reqs?.values.count).toBe(9);
  });
});
