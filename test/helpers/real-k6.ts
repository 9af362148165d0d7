/**
 * What a test file does about the real k6 it compares the engine with, in one place. k6 is
 * neither an npm nor a Debian package, so a fresh machine may have none: those tests then
 * skip with a notice on stderr, and fail only where `.ci/run` put k6 on PATH and says so (CI
 * and LOADGATE_EXPECT_K6=1). k6 v0.49 (LOADGATE_K6_V049) is never promised: without it its
 * comparisons skip, in CI too. A file says what it needs in a line:
 *
 *   const k6 = currentK6(import.meta.url, 'the comparisons with real k6');  // the k6 found, or null
 *   const generations = everyK6Generation(import.meta.url, 'the comparisons');  // v1+ and v0.49, those found
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { findK6Generations, type K6Generation } from './k6-generations.js';

export type { K6Generation } from './k6-generations.js';

/** `.ci/run` sets CI for every job, and LOADGATE_EXPECT_K6=1 only where it put k6 on PATH. */
const REQUIRED = Boolean(process.env['CI']) && process.env['LOADGATE_EXPECT_K6'] === '1';

const NO_K6 = 'no k6 binary (K6_PATH or PATH)';

/** The k6 generations on this machine, found once per test file (vitest gives each file its own modules). */
export const realK6 = await findK6Generations();

/**
 * Registers what stands in for tests that cannot run for want of something (`why`): under CI
 * with LOADGATE_EXPECT_K6=1, when what is missing is the k6 CI promised (`promised`), a test
 * that fails; else a notice on stderr (`<file>: skipping <skipped>: <why>`) and a skipped describe.
 * @param file the test file's `import.meta.url`
 * @param skipped what goes untested, for the notice and the test names ("the comparisons with real k6")
 * @param promised false for what CI does not promise (k6 v0.49, /proc): it skips in CI too
 */
export function withoutRealK6(file: string, skipped: string, why: string, promised = true): void {
  if (promised && REQUIRED) {
    describe(`${skipped} in CI`, () => {
      it('has the k6 binary .ci/run put on PATH', () => {
        expect.fail(`CI is set and LOADGATE_EXPECT_K6=1, but ${why} runs`);
      });
    });
    return;
  }
  process.stderr.write(`${relative(PACKAGE_ROOT, fileURLToPath(file))}: skipping ${skipped}: ${why}\n`);
  describe.skip(`${skipped} (skipped: ${why})`, () => {
    it('runs where that k6 is found', () => {});
  });
}

/** Why no k6 of the current generation (v1+) is there: none found, or the one found is a 0.x. */
function noK6V1(): string {
  return realK6.current ? `no k6 v1+ (K6_PATH or PATH; found k6 v${realK6.current.version})` : NO_K6;
}

/**
 * The k6 the runner finds (K6_PATH, else PATH), of either generation, or with `v1` only a k6
 * v1+; null, after withoutRealK6() registered the CI failure or the skip, when there is none.
 */
export function currentK6(file: string, skipped: string, { v1 = false }: { v1?: boolean } = {}): K6Generation | null {
  const k6 = realK6.current && (!v1 || realK6.current.compat === 'v2') ? realK6.current : null;
  if (!k6) withoutRealK6(file, skipped, v1 ? noK6V1() : NO_K6);
  return k6;
}

/**
 * Every k6 found, once each, the current one first: a v1+ (K6_PATH or PATH; promised in CI) and
 * a v0.49 (the one found if it is a 0.x, else LOADGATE_K6_V049). withoutRealK6() registers what
 * stands in for each generation missing, `<skipped> with k6 v1+` or `<skipped> with k6 v0.49`.
 */
export function everyK6Generation(file: string, skipped: string): K6Generation[] {
  if (!realK6.all.some((g) => g.compat === 'v2')) withoutRealK6(file, `${skipped} with k6 v1+`, noK6V1());
  if (!realK6.v049) withoutRealK6(file, `${skipped} with k6 v0.49`, 'no k6 v0.49 (LOADGATE_K6_V049)', false);
  return realK6.all;
}
