/**
 * The real k6 binaries the tests compare the engine with, one per k6 generation: the k6 the
 * runner finds (K6_PATH, else PATH) and k6 v0.49 at LOADGATE_K6_V049 (a path to its bin/k6;
 * .ci/run sets it when the workplace's copy sits beside the checkout). Kept apart from
 * real-k6.ts, which registers tests, because the conformance table (print-table.ts) finds
 * them outside vitest, where importing vitest throws.
 */
import { compatOfK6Version, type K6Compat } from '../../src/engine/k6-compat.js';
import { findK6Binary, type K6Binary } from '../../src/runner/k6-binary/index.js';

export interface K6Generation extends K6Binary {
  /** The generation it behaves as (`--compat` for the engine): every 0.x as v0.49, 1.x and 2.x as v2. */
  compat: K6Compat;
  /** Where it came from, as test names say it: `current k6` (K6_PATH or PATH) or `k6 v0.49 (LOADGATE_K6_V049)`. */
  name: string;
}

export interface K6Generations {
  /** The k6 the runner finds (K6_PATH, else PATH), of whichever generation. */
  current: K6Generation | null;
  /** A k6 v0.49: the current one when it is a 0.x (LOADGATE_K6_V049 is then not run), else LOADGATE_K6_V049's. */
  v049: K6Generation | null;
  /** Each k6 found once, the current one first. */
  all: K6Generation[];
}

/**
 * Finds both generations. Throws when K6_PATH names something that is not a runnable k6 (as
 * the runner does: the user asked for it) or when LOADGATE_K6_V049 does not answer k6 v0.49.
 */
export async function findK6Generations(env: NodeJS.ProcessEnv = process.env): Promise<K6Generations> {
  const found = await findK6Binary(env);
  const current = found ? { ...found, compat: compatOfK6Version(found.version), name: 'current k6' } : null;
  let v049 = current?.compat === 'v0.49' ? current : null;
  const v049Path = env['LOADGATE_K6_V049'];
  if (!v049 && v049Path) {
    const k6 = await findK6Binary({ ...env, K6_PATH: v049Path });
    if (!k6?.version.startsWith('0.49.')) throw new Error(`LOADGATE_K6_V049=${v049Path} answers ${k6?.versionLine ?? 'nothing'}, not k6 v0.49`);
    v049 = { ...k6, compat: 'v0.49', name: 'k6 v0.49 (LOADGATE_K6_V049)' };
  }
  return { current, v049, all: [...new Set([current, v049])].filter((g): g is K6Generation => g !== null) };
}
