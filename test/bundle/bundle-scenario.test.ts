import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleScenario } from '../../src/bundle/index.js';
import { BundleError } from '../../src/core/errors.js';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'loadgate-bundle-'));
  await mkdir(join(dir, 'lib'));
});

async function scenario(name: string, source: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, source);
  return file;
}

describe('bundleScenario', () => {
  it('bundles the shipped baseline scenario into one k6 ES module', async () => {
    const out = join(dir, 'out');
    const result = await bundleScenario({ entry: 'scenarios/baseline.ts', root: PACKAGE_ROOT, outDir: out });
    expect(result.bundlePath).toBe(join(out, 'baseline.js'));
    const code = await readFile(result.bundlePath, 'utf8');
    // k6 modules stay imports for k6 (or the embedded engine) to provide.
    expect(code).toMatch(/from "k6\/http"/);
    expect(code).toMatch(/from "k6"/);
    // helpers are inlined; TypeScript is gone; the source map points at the .ts files.
    expect(code).not.toMatch(/from "\.\/lib/);
    expect(code).not.toMatch(/: Options/);
    expect(code).toContain('sourceMappingURL=data:application/json;base64,');
    const map = JSON.parse(Buffer.from(code.split('base64,').pop()!, 'base64').toString());
    expect(map.sources.some((s: string) => s.endsWith('baseline.ts'))).toBe(true);
    expect(code).toContain('export {');
  });

  it('inlines helpers and keeps remote jslib imports external', async () => {
    await scenario('lib/helper.ts', 'export const answer = (n: number): number => n * 2;\n');
    const entry = await scenario(
      'helpers.ts',
      "import { answer } from './lib/helper';\nimport { randomItem } from 'https://jslib.k6.io/k6-utils/1.4.0/index.js';\nexport default function () { answer(randomItem([1])); }\n",
    );
    const code = await readFile((await bundleScenario({ entry, outDir: join(dir, 'out') })).bundlePath, 'utf8');
    expect(code).toContain('n * 2');
    expect(code).toContain('https://jslib.k6.io/k6-utils/1.4.0/index.js');
  });

  it('refuses a Node built-in with the file, line and column of the import', async () => {
    const entry = await scenario('uses-fs.ts', "import http from 'k6/http';\nimport { readFileSync } from 'node:fs';\nexport default function () { readFileSync('x'); http.get('x'); }\n");
    const err = await bundleScenario({ entry, root: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BundleError);
    expect((err as BundleError).message).toMatch(/^uses-fs\.ts:2:\d+: imports the Node built-in "node:fs"/);
    expect((err as BundleError).exitCode).toBe(2);
  });

  it('reports a syntax error with file:line:col', async () => {
    const entry = await scenario('broken.ts', 'export default function () {\n  const x = ;\n}\n');
    const err = (await bundleScenario({ entry, root: dir }).catch((e: unknown) => e)) as BundleError;
    expect(err).toBeInstanceOf(BundleError);
    expect(err.location).toEqual({ line: 2, column: 13 });
    expect(err.message).toContain('broken.ts:2:13: Unexpected ";"');
  });

  it('names a missing entry file', async () => {
    const err = (await bundleScenario({ entry: join(dir, 'nope.ts'), root: dir }).catch((e: unknown) => e)) as BundleError;
    expect(err).toBeInstanceOf(BundleError);
    expect(err.message).toMatch(/nope\.ts/);
  });
});
