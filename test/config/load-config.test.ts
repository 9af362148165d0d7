import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { ConfigError } from '../../src/core/errors.js';

async function project(configSource: string | null): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'loadgate-config-'));
  if (configSource !== null) await writeFile(join(dir, 'loadgate.config.ts'), configSource);
  return dir;
}

describe('loadConfig', () => {
  it('runs on defaults without a config file', async () => {
    const config = await loadConfig({ root: await project(null) });
    expect(config.configFile).toBeNull();
    expect(Object.keys(config.profiles)).toEqual(['smoke', 'ci', 'weekly', 'release']);
    expect(config.scenarios.baseline?.file).toMatch(/scenarios\/baseline\.ts$/);
    expect(config.compare).toEqual({ alpha: 0.05, confidence: 0.95, minEffectPct: 5, correction: 'holm', confirmAlpha: 0.005 });
  });

  it('applies a TypeScript config over the defaults', async () => {
    const root = await project(`
      const repetitions: number = 8;
      export default {
        profiles: { smoke: { repetitions }, nightly: { repetitions: 3, targetSeed: 50 } },
        scenarios: { mine: { file: 'perf/mine.ts', thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<200', warn: 'p(95)<100' }] } },
        compare: { alpha: 0.01 },
      };`);
    const config = await loadConfig({ root });
    expect(config.profiles.smoke?.repetitions).toBe(8);
    expect(config.profiles.smoke?.targetSeed).toBe(1000);
    expect(config.profiles.nightly).toEqual({ repetitions: 3, warmupRepetitions: 1, targetSeed: 50, env: {}, keepHistory: false });
    // Whether a profile keeps history is a profile setting: the shipped long profiles do.
    expect(config.profiles.weekly?.keepHistory).toBe(true);
    expect(config.profiles.smoke?.keepHistory).toBe(false);
    expect(config.scenarios.mine?.file).toBe(join(root, 'perf/mine.ts'));
    expect(config.compare.alpha).toBe(0.01);
    expect(config.compare.correction).toBe('holm');
  });

  it.each([
    [`export default { profile: {} }`, /loadgate\.config\.ts: profile: unknown key "profile"/],
    [`export default { profiles: { smoke: { repetitons: 3 } } }`, /profiles\.smoke\.repetitons: unknown key "repetitons" in profiles\.smoke/],
    [`export default { profiles: { smoke: { repetitions: 'six' } } }`, /profiles\.smoke\.repetitions: must be integer/],
    [`export default { compare: { correction: 'bonferroni' } }`, /compare\.correction: must be one of "none", "holm", "bh"/],
    [`export default { compare: { confirmAlpha: 1 } }`, /compare\.confirmAlpha: must be < 1/],
    [`export default { scenarios: { x: { file: 'x.ts', thresholds: [{ metric: 'http_reqs', expression: 'p95<3' }] } } }`, /scenarios\.x\.thresholds\[0\]: invalid threshold "p95<3"/],
    [`export default { scenarios: { x: { thresholds: [{ expression: 'p(95)<3' }] } } }`, /scenarios\.x\.thresholds\[0\]: missing required key "metric"/],
    [`export default { base: { keepBuilds: 0 } }`, /base\.keepBuilds: must be >= 1/],
    [`export default { base: { comand: 'node s.js' } }`, /base\.comand: unknown key "comand" in base/],
    [`export default { base: { startTimeoutMs: 'soon' } }`, /base\.startTimeoutMs: must be integer/],
    [`export const notDefault = 1;`, /has no default export/],
    [`export default { ,}`, /loadgate\.config\.ts \(|line 1/],
  ])('rejects %s', async (source, message) => {
    const root = await project(source);
    const err = await loadConfig({ root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toMatch(message);
    expect((err as ConfigError).exitCode).toBe(2);
  });

  it('resolves the side-by-side base: null build means none, absent means the default', async () => {
    const none = await loadConfig({ root: await project(`export default { base: { ref: 'origin/main', build: null, command: 'node s.js' } }`) });
    expect(none.base).toEqual({ ref: 'origin/main', build: null, command: 'node s.js', startTimeoutMs: 60_000, keepBuilds: 3 });
    const defaults = await loadConfig({ root: await project(null) });
    expect(defaults.base).toEqual({ ref: null, build: undefined, command: null, startTimeoutMs: 60_000, keepBuilds: 3 });
  });

  it('names a forced config file that does not exist', async () => {
    const root = await project(null);
    await expect(loadConfig({ root, configFile: 'missing.config.ts' })).rejects.toThrow(/missing\.config\.ts: config file not found/);
  });

  it('names a new scenario without a file (exit 2), not an internal error', async () => {
    const root = await project("export default { scenarios: { mine: { thresholds: [] } } };\n");
    const err = await loadConfig({ root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/loadgate\.config\.ts: scenarios\.mine: missing required key "file" \(only the shipped scenarios baseline, .* may omit it\)/);
    // A shipped scenario may omit it: its file is the shipped one.
    const shipped = await loadConfig({ root: await project("export default { scenarios: { baseline: { thresholds: [] } } };\n") });
    expect(shipped.scenarios.baseline!.file).toMatch(/scenarios[\\/]baseline\.ts$/);
  });

  it('refuses a gating stat outside k6\'s aggregations, naming the key', async () => {
    for (const [stat, why] of [
      ['p(200)', /scenarios\.baseline\.gating\[0\]\.stat: percentile 200 is above 100; use p\(0\) to p\(100\)/],
      ['p95', /scenarios\.baseline\.gating\[0\]\.stat: unknown stat "p95"; valid: count, rate, value, avg, min, max, med, p\(N\)/],
    ] as const) {
      const root = await project(`export default { scenarios: { baseline: { gating: [{ metric: 'http_req_duration', stat: '${stat}' }] } } };\n`);
      await expect(loadConfig({ root })).rejects.toThrow(why);
    }
    const ok = await project("export default { scenarios: { baseline: { gating: [{ metric: 'http_req_duration', stat: 'p(99.9)' }] } } };\n");
    expect((await loadConfig({ root: ok })).scenarios.baseline!.gating[0]!.stat).toBe('p(99.9)');
  });
});
