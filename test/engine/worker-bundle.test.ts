/**
 * The VU worker bundle (controller/worker-bundle.ts): every VU thread loads it, so it carries no
 * inline source map (three quarters of its bytes); the map sits beside it, named in the bundle,
 * for `node --enable-source-maps`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { expect, it } from 'vitest';
import { workerEntryFile } from '../../src/engine/controller/worker-bundle.js';

it('is one file with its source map beside it, not inline', async () => {
  const file = await workerEntryFile();
  const code = readFileSync(file, 'utf8');
  expect(code).not.toMatch(/sourceMappingURL=data:/);
  expect(code.trimEnd().split('\n').at(-1)).toBe(`//# sourceMappingURL=${basename(file)}.map`);
  expect(existsSync(`${file}.map`)).toBe(true);
  const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { version: number; sources: string[] };
  expect(map.version).toBe(3);
  expect(map.sources.some((s) => s.endsWith('worker-main.ts'))).toBe(true);
});
