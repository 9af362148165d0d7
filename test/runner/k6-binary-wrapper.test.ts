/**
 * The wrapper loadgate gives to `k6 run`: it must re-export every name the scenario
 * bundle exports and add a handleSummary that writes k6's summary data where
 * loadgate reads it. Checked with esbuild's own view of the exports, and by running
 * the wrapper through the embedded k6-compatible engine (k6 itself is not installed).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleScenario } from '../../src/bundle/index.js';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { ScriptError } from '../../src/core/errors.js';
import { runScript } from '../../src/engine/index.js';
import { listModuleExports, renderSummaryWrapper, SUMMARY_PATH_ENV, writeSummaryWrapper } from '../../src/runner/k6-binary/index.js';
import { K6_FIXTURES } from './k6-standin.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-k6-wrapper-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Exports of a module as esbuild's bundler sees them (metafile of a full bundle). */
async function bundledExports(entry: string): Promise<string[]> {
  const r = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'neutral', external: ['k6', 'k6/*', 'https://*'], outdir: join(dir, 'probe'), logLevel: 'silent' });
  return [...(Object.values(r.metafile.outputs).find((o) => o.entryPoint)?.exports ?? [])].sort();
}

describe('the k6 wrapper', () => {
  it('re-exports every name the bundled baseline scenario exports, plus handleSummary', async () => {
    const { bundlePath } = await bundleScenario({ entry: join(PACKAGE_ROOT, 'scenarios', 'baseline.ts'), outDir: join(dir, 'bundles'), root: PACKAGE_ROOT });
    const names = await listModuleExports(bundlePath);
    expect(names).toEqual(await bundledExports(join(PACKAGE_ROOT, 'scenarios', 'baseline.ts')));
    expect(names).toEqual(expect.arrayContaining(['default', 'options']));

    const wrapper = await writeSummaryWrapper(bundlePath, join(dir, 'work'), names);
    // The wrapper resolves its import of the bundle and exports the same names.
    expect(await bundledExports(wrapper.wrapperPath)).toEqual([...new Set([...names, 'handleSummary'])].sort());
    expect(wrapper.skipped).toEqual([]);
  });

  it('re-exports exec functions of k6 scripts (the fixture script: arrivals) and wraps their own handleSummary', async () => {
    const script = join(K6_FIXTURES, 'script.js');
    const names = await listModuleExports(script);
    expect(names).toEqual(['arrivals', 'default', 'handleSummary', 'options', 'setup', 'teardown']);
    const { source, reexported } = renderSummaryWrapper('./script.js', names);
    expect(reexported).toEqual(['arrivals', 'default', 'options', 'setup', 'teardown']);
    // Plain ES2015: any k6 version's compiler parses it.
    await expect(transform(source, { loader: 'js', format: 'esm', target: 'es2015' })).resolves.toBeDefined();
    expect(source).toContain(`export { arrivals, default, options, setup, teardown } from "./script.js";`);
  });

  it('names file, line and column when the bundle does not parse', async () => {
    const broken = join(dir, 'broken.js');
    await writeFile(broken, "import http from 'k6/http';\nexport default function ( { http.get('x') }\n");
    const err = await listModuleExports(broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScriptError);
    expect((err as Error).message).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
  });

  it('runs in a k6 runtime: scenarios call the re-exported exec functions; handleSummary writes the data JSON and merges the script’s own outputs', async () => {
    const bundle = join(dir, 'exec-bundle.js');
    await writeFile(
      bundle,
      `import { Counter } from 'k6/metrics';
const calls = new Counter('calls');
export const options = { scenarios: {
  first: { executor: 'shared-iterations', vus: 1, iterations: 2, exec: 'first' },
  second: { executor: 'per-vu-iterations', vus: 1, iterations: 3 },
} };
export function setup() { return { token: 'abc' }; }
function first() { calls.add(1, { fn: 'first' }); }
export { first };
export default function (data) { calls.add(data.token === 'abc' ? 10 : 1000); }
export function handleSummary(data) { return { 'own-report.txt': 'calls=' + data.metrics.calls.values.count, stdout: 'own stdout' }; }
`,
    );
    const wrapper = await writeSummaryWrapper(bundle, join(dir, 'work'), await listModuleExports(bundle));
    const summaryPath = join(dir, 'work', 'out.summary.json');
    const run = await runScript({ scriptPath: wrapper.wrapperPath, env: { [SUMMARY_PATH_ENV]: summaryPath }, console: { log() {}, warn() {}, error() {} } });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    // 2 × first (1 each) + 3 × default (10 each, with setup's data).
    expect(run.summary.metrics['calls']?.values['count']).toBe(32);
    const out = run.handleSummaryOutput ?? {};
    expect(Object.keys(out).sort()).toEqual(['own-report.txt', summaryPath, 'stdout'].sort());
    expect(JSON.parse(out[summaryPath]!)).toEqual(JSON.parse(JSON.stringify(run.summary)));
    expect(out['own-report.txt']).toBe('calls=32');
    expect(out['stdout']).toBe('own stdout');
  });

  it('without a handleSummary of the script, prints nothing and writes only the data JSON', async () => {
    const bundle = join(dir, 'plain-bundle.js');
    await writeFile(bundle, `export const options = { iterations: 1, vus: 1 };\nexport default function () {}\n`);
    const wrapper = await writeSummaryWrapper(bundle, join(dir, 'work'), await listModuleExports(bundle));
    const run = await runScript({ scriptPath: wrapper.wrapperPath, env: { [SUMMARY_PATH_ENV]: '/tmp/x.json' }, console: { log() {}, warn() {}, error() {} } });
    expect(run.exitCode).toBe(0);
    expect(run.handleSummaryOutput).toEqual({ stdout: '', '/tmp/x.json': JSON.stringify(run.summary) });
  });
});
