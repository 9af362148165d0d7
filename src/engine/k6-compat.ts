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

/** The k6 release each generation's behaviour was taken from (machine-readable summary metadata, User-Agent). */
export const K6_VERSIONS: Readonly<Record<K6Compat, string>> = { v2: '2.2.0', 'v0.49': '0.49.0' };

/**
 * The User-Agent k6 sends when options.userAgent is not set, per generation, as the real
 * binaries send it to a local server: k6 v2.2.0 "Grafana k6/2.2.0", k6 v0.49.0
 * "k6/0.49.0 (https://k6.io/)" (test/conformance/scripts/http-params.js).
 */
export const K6_USER_AGENTS: Readonly<Record<K6Compat, string>> = {
  v2: `Grafana k6/${K6_VERSIONS.v2}`,
  'v0.49': `k6/${K6_VERSIONS['v0.49']} (https://k6.io/)`,
};

/** The generation a k6 version (`0.49.0`, `v2.2.0`) belongs to: every 0.x release behaves like v0.49 here. */
export function compatOfK6Version(version: string): K6Compat {
  const major = Number(/^v?(\d+)\./.exec(version.trim())?.[1]);
  return major === 0 ? 'v0.49' : 'v2';
}
