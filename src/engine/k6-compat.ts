/**
 * Which generation of k6 the engine's user-visible behaviour follows where the two
 * differ (option shortcuts and their warnings, stack-trace columns through Babel,
 * frame names, exec.test.options fields). `v2` is the k6 users run today (v1.x and
 * v2.x behave alike here); `v0.49` is the last generation that compiled scripts with Babel.
 */
export type K6Compat = 'v2' | 'v0.49';

export const K6_COMPATS: readonly K6Compat[] = ['v2', 'v0.49'];

/** The current generation, matched unless the user names another. */
export const DEFAULT_K6_COMPAT: K6Compat = 'v2';

/** The generation a k6 version (`0.49.0`, `v2.2.0`) belongs to: every 0.x release behaves like v0.49 here. */
export function compatOfK6Version(version: string): K6Compat {
  const major = Number(/^v?(\d+)\./.exec(version.trim())?.[1]);
  return major === 0 ? 'v0.49' : 'v2';
}
