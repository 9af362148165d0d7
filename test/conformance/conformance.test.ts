/**
 * Conformance with real k6: every script in scripts/ runs under each k6 generation on the
 * machine and under the embedded engine (the CLI's `loadgate k6 run`, from dist/, with
 * --compat naming that generation), against one local server; each (script × point) must agree, or differ exactly as known-gaps.ts
 * says. A difference not listed fails, and so does a listed one that went away, so the list
 * stays the true account of what is left. Where the two k6 generations differ from each
 * other, generations.ts says so, held the same way.
 *
 * k6 is found as the runner finds it (K6_PATH, else PATH): the current generation. k6 v0.49
 * comes from LOADGATE_K6_V049 (a path to its bin/k6; .ci/run sets it when the workplace's
 * copy sits beside the checkout). With no k6 the suite skips with a notice, and fails only
 * where `.ci/run` put one on PATH and says so (CI and LOADGATE_EXPECT_K6=1).
 *
 * The whole table: `node scripts/conformance-table.mjs --details`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAll, type ScriptResult } from './harness.js';
import { engineCliRunner, engineHostRunners, engineKey, k6Runner } from './runners.js';
import { loadScripts } from './scripts.js';
import { checkKnownGaps, LISTED_GENERATIONS } from './known-gaps-check.js';
import { startConformanceServer, type ConformanceServer } from './server.js';
import { renderTable } from './table.js';
import { everyK6Generation } from '../helpers/real-k6.js';

const generations = everyK6Generation(import.meta.url, 'the conformance runs').map(k6Runner);
const listed = generations.filter((g) => (LISTED_GENERATIONS as string[]).includes(g.label));
for (const g of generations.filter((x) => !listed.includes(x))) {
  process.stderr.write(`test/conformance/conformance.test.ts: ${g.versionLine} has no known-gaps list (kept for ${LISTED_GENERATIONS.join(', ')}): measured, not checked\n`);
}

const specs = await loadScripts();
/** Run through the real CLI process too, to show the engine host observes what a user's process does. */
const CLI_CROSS_CHECK = ['abort-test-abort.js', 'error-syntax.js'];
const crossCheckedAs = generations[0]?.label ?? '';

/** Everything runs once, two processes at a time; about a minute on two idle cores, more on a loaded machine. */
const RUN_ALL_TIMEOUT_MS = 400_000;

let server: ConformanceServer;
let workRoot: string;
let results: ScriptResult[] = [];
let viaCli: ScriptResult[] = [];
let problems: ReturnType<typeof checkKnownGaps> = { problems: [], byKey: [] };
const hosts = engineHostRunners(generations.map((g) => g.label));

if (generations.length > 0) {
  beforeAll(async () => {
    server = await startConformanceServer();
    workRoot = await mkdtemp(join(tmpdir(), 'loadgate-conformance-'));
    const [all, cli] = await Promise.all([
      // Three at a time on two cores: a third of a run is waiting (k6's start, sleeps, timers), and nothing here is timed.
      runAll({ specs, runners: [...hosts.runners, ...generations], baseUrl: server.url, workRoot, parallel: 3 }),
      // Its own slot: the CLI's start-up is the slow part, and it overlaps k6's runs.
      runAll({ specs: specs.filter((s) => CLI_CROSS_CHECK.includes(s.name)), runners: [engineCliRunner(crossCheckedAs)], baseUrl: server.url, workRoot: join(workRoot, 'cli'), parallel: 1 }),
    ]);
    results = all;
    viaCli = cli;
    problems = checkKnownGaps(results, generations.map((g) => g.label));
    if (problems.problems.length > 0) {
      process.stderr.write(`\n${renderTable(results, generations.map((g) => g.label))}\n\n${problems.problems.join('\n')}\n`);
    }
  }, RUN_ALL_TIMEOUT_MS);

  afterAll(async () => {
    await hosts.close();
    await server?.close();
    if (workRoot) await rm(workRoot, { recursive: true, force: true });
  });

  describe('the harness', () => {
    it('runs every script under the engine and each k6', () => {
      expect(specs.length).toBeGreaterThanOrEqual(30);
      const labels = generations.flatMap((g) => [g.label, engineKey(g.label)]);
      for (const r of results) expect(Object.keys(r.observations).sort(), r.spec.name).toEqual(labels.sort());
    });

    it.each(CLI_CROSS_CHECK)('observes %s from the engine host as from the real CLI process', (name) => {
      const host = results.find((r) => r.spec.name === name)?.observations[engineKey(crossCheckedAs)];
      const cli = viaCli.find((r) => r.spec.name === name)?.observations[engineKey(crossCheckedAs)];
      expect(cli).toBeDefined();
      expect(host).toEqual(cli);
    });

    it('names in known-gaps.ts and generations.ts only scripts that exist', () => {
      expect(problems.byKey.filter((p) => p.key === 'lists').map((p) => p.message)).toEqual([]);
    });
  });

  for (const g of listed) {
    describe(`engine vs ${g.versionLine}`, () => {
      it.each(specs.map((s) => s.name))('%s differs only as known-gaps.ts says', (name) => {
        const mine = problems.byKey.filter((p) => p.key === `${g.label}/${name}`).map((p) => p.message);
        expect(mine, `${name} vs k6 ${g.label}: fix the engine, or update test/conformance/known-gaps.ts`).toEqual([]);
      });
    });
  }

  if (listed.length === 2) {
    describe('k6 v2.2 vs k6 v0.49', () => {
      it.each(specs.map((s) => s.name))('%s differs only as generations.ts says', (name) => {
        const mine = problems.byKey.filter((p) => p.key === `generations/${name}`).map((p) => p.message);
        expect(mine, `${name}: update test/conformance/generations.ts`).toEqual([]);
      });
    });
  }
}
