/**
 * options.systemTags on the engine's samples (the same script as
 * test/conformance/scripts/options-system-tags.js, which compares whole runs with real k6): only
 * the system tags named stay, a tag the script gives stays, a sub-metric on a tag left out has
 * no samples, and no expected_response sub-metric without the tag; check and group, which the
 * engine keeps inside for its summary, reach no output and no threshold when left out.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runScript } from '../../src/engine/index.js';
import { captureConsole, startTargetServer } from './helpers/target-server.js';

const SCRIPT = `import http from 'k6/http';
import { check } from 'k6';
const B = __ENV.BASE_URL;
export const options = {
  iterations: 2,
  systemTags: __ENV.SYSTEM_TAGS ? __ENV.SYSTEM_TAGS.split(',') : undefined,
  thresholds: { [\`http_req_duration{url:\${B}/health}\`]: ['max>=0'], 'http_reqs{name:named}': ['count==2'] },
};
export default function () {
  const r = http.get(\`\${B}/health\`, { tags: { name: 'named' } });
  check(r, { ok: (res) => res.status === 200 });
}
`;

async function run(systemTags: string | undefined) {
  const server = await startTargetServer();
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-system-tags-'));
  try {
    await writeFile(join(dir, 'script.js'), SCRIPT);
    const out = join(dir, 'out.ndjson');
    const r = await runScript({ scriptPath: join(dir, 'script.js'), env: { BASE_URL: server.url, ...(systemTags && { SYSTEM_TAGS: systemTags }) }, console: captureConsole().console, jsonOutputFile: out });
    const points = (await readFile(out, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags?: Record<string, string> } });
    const tagsOf = (metric: string) => points.find((p) => p.type === 'Point' && p.metric === metric)?.data.tags;
    return { r, tagsOf };
  } finally {
    await server.close();
  }
}

it('keeps only the system tags options.systemTags names, and the tags the script gives', async () => {
  const { r, tagsOf } = await run('status,method');
  expect(r.exitCode).toBe(0);
  expect(tagsOf('http_reqs')).toEqual({ method: 'GET', name: 'named', status: '200' });
  expect(tagsOf('checks')).toEqual({});
  // The url sub-metric saw nothing (its max>=0 holds on none, as in k6).
  const urlSub = Object.entries(r.summary.metrics).find(([name]) => name.startsWith('http_req_duration{url:'));
  expect(urlSub?.[1].values).toMatchObject({ max: 0, avg: 0 });
  expect(Object.keys(r.summary.metrics).filter((m) => m.startsWith('http_req_duration{'))).not.toContain('http_req_duration{expected_response:true}');
  expect(r.summary.metrics['http_reqs{name:named}']?.values['count']).toBe(2);
  expect(r.warnings).toEqual([]);
});

it("without options.systemTags: k6's default set", async () => {
  const { r, tagsOf } = await run(undefined);
  expect(tagsOf('http_reqs')).toMatchObject({ group: '', method: 'GET', name: 'named', status: '200', proto: 'HTTP/1.1', scenario: 'default', expected_response: 'true' });
  expect(tagsOf('http_reqs')?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/health$/);
  expect(Object.keys(r.summary.metrics)).toContain('http_req_duration{expected_response:true}');
});

it('systemTags naming ip: the address each request connected to', async () => {
  const { r, tagsOf } = await run('status,ip');
  expect(r.exitCode).toBe(0);
  expect(tagsOf('http_reqs')).toEqual({ ip: '127.0.0.1', name: 'named', status: '200' });
  expect(r.warnings.join('\n')).not.toContain('does not add');
});
