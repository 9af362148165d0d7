import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeResultsFile } from '../../src/results/results-store.js';
import { runCli } from '../helpers/cli.js';
import { makeResults } from '../helpers/results-fixture.js';
import { BENCHSTAT_FIXTURES } from '../helpers/fixtures.js';

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('CLI exit codes and messages', () => {
  let dir: string;
  let goodResults: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'loadgate-cli-'));
    goodResults = await writeResultsFile(join(dir, 'results'), makeResults());
  });

  it('prints help and exits 0', async () => {
    const r = await runCli(['--help'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Commands:[\s\S]*gate[\s\S]*baseline/);
  });

  it('--version prints the package version and exits 0; after a command name the flag is the command\'s', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const r = await runCli(['--version'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
    // \`gate/report --version X\` name the release of a sign-off report; merge has no such flag.
    const gate = await runCli(['gate', '--version'], { cwd: dir });
    expect(gate.code).toBe(2);
    expect(gate.stderr).toMatch(/option '--version <version>' argument missing/);
    const merge = await runCli(['merge', '--version'], { cwd: dir });
    expect(merge.code).toBe(2);
    expect(merge.stderr).toMatch(/unknown option '--version'/);
  });

  it('exits 2 on an unknown flag or command', async () => {
    const flag = await runCli(['gate', '--bogus'], { cwd: dir });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--bogus'/);
    const cmd = await runCli(['frobnicate'], { cwd: dir });
    expect(cmd.code).toBe(2);
  });

  it('exits 2 naming the flag for a bad value', async () => {
    const r = await runCli(['run', '--count', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--count must be a whole number >= 1, got "0"/);
    const alpha = await runCli(['gate', '--alpha', '2'], { cwd: dir });
    expect(alpha.code).toBe(2);
    expect(alpha.stderr).toMatch(/--alpha must be a number between 0 and 1/);
    const metrics = await runCli(['run', 'baseline', '--count', '1', '--metrics-url', 'metrics'], { cwd: dir });
    expect(metrics.code).toBe(2);
    expect(metrics.stderr).toMatch(/--metrics-url .* must be an http\(s\) URL or a path starting with "\/"; got "metrics"/);
  });

  it('exits 2 for an unknown profile or scenario, listing the valid ones', async () => {
    const p = await runCli(['run', '--profile', 'nightly'], { cwd: dir });
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/unknown profile "nightly"; valid profiles: smoke, ci, weekly, release/);
    const s = await runCli(['run', 'nope', '--target', 'http://127.0.0.1:9'], { cwd: dir });
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/unknown scenario "nope"; valid scenarios: baseline/);
  });

  it('exits 2 for a bad config key, naming the file and key', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-cli-config-'));
    await writeFile(join(project, 'loadgate.config.ts'), 'export default { profiles: { smoke: { reps: 3 } } };\n');
    const r = await runCli(['gate'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/loadgate\.config\.ts: profiles\.smoke\.reps: unknown key "reps"/);
  });

  it('exits 2 for a scenario that does not bundle, with file:line:col', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-cli-scenario-'));
    await writeFile(join(project, 'broken.ts'), "import http from 'k6/http';\nexport default function () {\n  http.get(;\n}\n");
    await writeFile(join(project, 'loadgate.config.ts'), "export default { scenarios: { broken: { file: 'broken.ts' } } };\n");
    const r = await runCli(['run', 'broken', '--target', 'http://127.0.0.1:9'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.ts:3:\d+: /);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace from our internals
  });

  it('exits 2 for a scenario with a type error, with file:line:col', async () => {
    const project = await mkdtemp(join(tmpdir(), 'loadgate-cli-types-'));
    await writeFile(
      join(project, 'typo.ts'),
      "import http from 'k6/http';\nexport default function () {\n  const res = http.get('http://127.0.0.1:9/');\n  const s: string = res.status;\n}\n",
    );
    await writeFile(join(project, 'loadgate.config.ts'), "export default { scenarios: { typo: { file: 'typo.ts' } } };\n");
    const r = await runCli(['run', 'typo', '--target', 'http://127.0.0.1:9'], { cwd: project });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/typo\.ts:4:9: TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it('exits 4 when the target is unreachable', async () => {
    const port = await closedPort();
    const r = await runCli(['gate', '--target', `http://127.0.0.1:${port}`], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`target http://127\\.0\\.0\\.1:${port} is unreachable: ECONNREFUSED`));
  });

  it('exits 3 when a baseline is required and there is none', async () => {
    const r = await runCli(['gate', '--require-baseline', '--target', 'http://127.0.0.1:9'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/no baseline for profile "smoke"/);
  });

  it('exits 2 for a truncated results file, naming it', async () => {
    const bad = join(dir, 'truncated.json');
    await writeFile(bad, '{"schema": 1, "runId": "x"');
    const cmp = await runCli(['compare', bad, goodResults], { cwd: dir });
    expect(cmp.code).toBe(2);
    expect(cmp.stderr).toContain(`${bad}: not valid JSON`);
    const save = await runCli(['baseline', 'save', bad], { cwd: dir });
    expect(save.code).toBe(2);
    expect(save.stderr).toContain(bad);
  });

  it('compares two results files: 0 when unchanged, 1 on a regression', async () => {
    const same = await runCli(['compare', goodResults, goodResults], { cwd: dir });
    expect(same.stdout).toMatch(/verdict: PASS/);
    expect(same.code).toBe(0);
    const slower = await writeResultsFile(join(dir, 'results'), makeResults({ runId: 'slower' }, [2, 2.1, 1.9, 2, 2.05, 1.95, 2.02, 1.98]));
    const base8 = await writeResultsFile(join(dir, 'results'), makeResults({ runId: 'base8' }, [1, 1.1, 0.9, 1, 1.05, 0.95, 1.02, 0.98]));
    const reg = await runCli(['compare', base8, slower], { cwd: dir });
    expect(reg.stdout).toMatch(/verdict: FAIL/);
    expect(reg.stdout).toMatch(/http_req_duration p\(95\).*\+100\.00%.*regressed/);
    expect(reg.code).toBe(1);
  });

  it('reproduces benchstat on its own test data', async () => {
    const fixtures = BENCHSTAT_FIXTURES;
    const { readFile } = await import('node:fs/promises');
    const r = await runCli(['compare', 'old.txt', 'new.txt'], { cwd: fixtures });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(await readFile(join(fixtures, 'oldNew.stdout'), 'utf8'));
  });
});
