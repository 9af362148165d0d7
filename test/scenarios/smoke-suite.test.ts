import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeThresholds } from '../../src/compare/index.js';
import { resolveConfig } from '../../src/config/index.js';
import type { ScenarioResult } from '../../src/results/results.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { startTarget, type RunningTarget } from '../../src/target/index.js';
import { getJson, runShippedScenario, values } from './helpers.js';

/**
 * The four scenarios on the smoke profile, one repetition each, through the runner exactly as
 * `loadgate run --profile smoke` runs them, against a real reference target seeded like the
 * smoke profile's: every target threshold must hold, and each scenario's own proof must be there.
 */
describe('shipped scenarios on the smoke profile', () => {
  let target: RunningTarget;
  let project: string;
  const byName = new Map<string, ScenarioResult>();

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'loadgate-scenarios-'));
    target = await startTarget({ seed: 1000 });
    // No warm-up round: one measured repetition each keeps the test short.
    const config = resolveConfig({ profiles: { smoke: { warmupRepetitions: 0 } } }, project, null);
    const { results } = await runSuite({
      config,
      profile: 'smoke',
      scenarios: ['warm-cache', 'peak', 'sync-stress', 'db-1m'],
      count: 1,
      target: target.url,
      outDir: join(project, 'results'),
      // The scenarios' own proofs, not the drift guard's canary (integration/gate-honesty.test.ts).
      canary: false,
    });
    for (const s of results.scenarios) byName.set(s.name, s);
  }, 120_000);

  afterAll(async () => {
    await target?.close();
    if (project) await rm(project, { recursive: true, force: true });
  });

  const rep = (name: string) => {
    const r = byName.get(name)?.repetitions[0];
    if (r === undefined) throw new Error(`no repetition of ${name}`);
    return r;
  };

  it.each(['warm-cache', 'peak', 'sync-stress', 'db-1m'])('%s passes every target threshold, with data', (name) => {
    const scenario = byName.get(name)!;
    expect(rep(name).errors).toEqual([]);
    expect(rep(name).exitCode).toBe(0);
    const verdicts = judgeThresholds(scenario);
    expect(verdicts.length).toBeGreaterThan(0);
    for (const v of verdicts) {
      // warm-cache's 50 %-faster goal is a warn level the in-memory reference target does not reach.
      const allowed = v.metric === 'cache_warm_to_cold_ratio' ? ['pass', 'warn'] : ['pass'];
      expect(allowed, `${name}: ${v.metric} ${v.expression} measured ${v.measured}`).toContain(v.verdict);
    }
  });

  it('warm-cache: the warmed keys are served from the cache, and cold reads are real misses', () => {
    const summary = rep('warm-cache').summary;
    expect(values(summary, 'cache_hit_rate').rate).toBeGreaterThan(0.8);
    expect(values(summary, 'cache_cold_duration').med).toBeGreaterThan(0);
    expect(values(summary, 'cache_warm_duration').med).toBeGreaterThan(0);
    const miss = summary.root_group.checks.find((c) => c.name === 'first read of a fresh record is a MISS');
    expect(miss?.passes).toBeGreaterThan(0);
    expect(miss?.fails).toBe(0);
  });

  it('peak: dropped_iterations is measured (0), not missing', () => {
    const summary = rep('peak').summary;
    expect(values(summary, 'dropped_iterations').count).toBe(0);
    expect(values(summary, 'iterations').count).toBeGreaterThan(100);
  });

  it('sync-stress: every record sent is stored once, as the target itself confirms', async () => {
    const summary = rep('sync-stress').summary;
    expect(values(summary, 'sync_records_sent').count).toBe(10_000);
    expect(values(summary, 'sync_records_stored').value).toBe(10_000);
    expect(values(summary, 'sync_records_lost').value).toBe(0);
    expect(values(summary, 'sync_records_per_minute').value).toBeGreaterThan(5000);
    const { syncId } = summary.setup_data as { syncId: string };
    const proof = await getJson<{ recordCount: number; batchCount: number }>(`${target.url}/sync/${syncId}`);
    expect(proof.body).toMatchObject({ recordCount: 10_000, batchCount: 20 });
  });

  it('db-1m: setup seeds the seeded orgs up to DB_RECORDS, and only the difference', async () => {
    const setup = rep('db-1m').summary.setup_data as { seeded: number; before: number };
    expect(setup.before).toBeGreaterThanOrEqual(1000);
    expect(setup.before + setup.seeded).toBe(20_000);
    let total = 0;
    for (let o = 1; o <= 10; o++) total += (await getJson<{ record_count: number }>(`${target.url}/orgs/org-${String(o).padStart(3, '0')}/stats`)).body.record_count;
    expect(total).toBeGreaterThanOrEqual(20_000);
    // A second run finds them there and seeds nothing.
    const again = await runShippedScenario('db-1m', { BASE_URL: target.url, DB_RECORDS: '20000', RECORDS: '20000', USERS: '2', DURATION: '1s' });
    expect(again.exitCode).toBe(0);
    expect((again.summary.setup_data as { seeded: number }).seeded).toBe(0);
  });
});
