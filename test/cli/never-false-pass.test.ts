/**
 * Runs that measured nothing trustworthy — interrupted, every repetition aborted by the script —
 * never read PASS anywhere: not in the exit code, stdout, Markdown, JUnit, JSON, HTML or the
 * sign-off page; and they never become a baseline or a history point (compare/measurement.ts).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { writeResultsFile } from '../../src/results/results-store.js';
import { runCli } from '../helpers/cli.js';
import { makeResults } from '../helpers/results-fixture.js';

const ABORTING_SCENARIO = `import http from 'k6/http';
import exec from 'k6/execution';
export const options = { scenarios: { once: { executor: 'per-vu-iterations', vus: 1, iterations: 3 } } };
export default function () {
  http.get(\`\${__ENV.BASE_URL}/health\`);
  exec.test.abort('the script gives up');
}
`;

/** What each rendered report says, lower-cased, to look for a pass. */
async function reportTexts(dir: string): Promise<{ md: string; junit: string; json: { banner: { verdict: { word: string } }; measurementProblems: string[] }; html: string }> {
  const [md, junit, json, html] = await Promise.all(['summary.md', 'junit.xml', 'report.json', 'report.html'].map((f) => readFile(join(dir, f), 'utf8')));
  return { md: md!, junit: junit!, json: JSON.parse(json!), html: html! };
}

describe('a run aborted by its script is a failed measurement, never a pass', () => {
  let project: string;
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'loadgate-aborted-'));
    await writeFile(join(project, 'abort.js'), ABORTING_SCENARIO);
    await writeFile(join(project, 'loadgate.config.ts'), "export default { scenarios: { abort: { file: 'abort.js' } } };\n");
  });

  it('run exits 4 naming the aborted repetitions; gate says MEASUREMENT FAILED everywhere; nothing stores it', async () => {
    const run = await runCli(['run', 'abort', '--count', '2', '--target', 'embedded'], { cwd: project });
    expect(run.stderr).toMatch(/measurement failed: abort: 2 of 2 repetitions aborted by the script \(exec\.test\.abort\) \(exit 108\)/);
    expect(run.code).toBe(4);
    const file = /results: (\S+)/.exec(run.stdout)![1]!;

    const save = await runCli(['baseline', 'save', file], { cwd: project });
    expect(save.code).toBe(2);
    expect(save.stderr).toMatch(/not a complete measurement .*aborted by the script.*cannot become a baseline/);
    const history = await runCli(['history', 'append', file], { cwd: project });
    expect(history.code).toBe(2);
    expect(history.stderr).toMatch(/not added to history/);

    const reportDir = join(project, 'report-of-run');
    const report = await runCli(['report', file, '--format', 'html,markdown,junit,json', '--out', reportDir, '--sign-off'], { cwd: project });
    expect(report.stdout).toMatch(/verdict: MEASUREMENT-FAILED|verdict: MEASUREMENT FAILED/);
    expect(report.code).toBe(4);
    const texts = await reportTexts(reportDir);
    expect(texts.json.banner.verdict.word).toBe('measurement failed');
    expect(texts.md).toMatch(/MEASUREMENT FAILED/);
    expect(texts.md).not.toMatch(/\bPASS\b/);
    expect(texts.junit).toMatch(/<failure type="measurement-failed"/);
    expect(texts.html).toMatch(/measurement failed/);
    expect(texts.html).toMatch(/not ready/);
    expect(texts.html).not.toMatch(/ready to sign/);

    const gateDir = join(project, 'gate-report');
    const gate = await runCli(['gate', 'abort', '--count', '2', '--target', 'embedded', '--report-dir', gateDir], { cwd: project });
    expect(gate.stdout).toMatch(/verdict: MEASUREMENT FAILED/);
    expect(gate.stdout).not.toMatch(/verdict: PASS/);
    expect(gate.code).toBe(4);
    const gateTexts = await reportTexts(gateDir);
    expect(gateTexts.json.banner.verdict.word).toBe('measurement failed');
    expect(gateTexts.md).not.toMatch(/\bPASS\b/);
  }, 120_000);
});

describe('an interrupted run is a failed measurement', () => {
  it('report of an incomplete results file exits 4 and no format says pass', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-incomplete-'));
    const file = await writeResultsFile(join(dir, 'results'), makeResults({ complete: false }));
    const out = join(dir, 'report');
    const r = await runCli(['report', file, '--format', 'html,markdown,junit,json', '--out', out], { cwd: dir });
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/verdict: MEASUREMENT FAILED/);
    const texts = await reportTexts(out);
    expect(texts.json.banner.verdict.word).toBe('measurement failed');
    expect(texts.md).toMatch(/is incomplete: it was interrupted/);
    expect(texts.md).not.toMatch(/\bPASS\b/);
    expect(texts.junit).toMatch(/failures="[1-9]/);
  });

  it('an interrupted or aborted base side is as unmeasured as the head: neither a pass nor a fail', () => {
    const base = makeResults({ runId: 'base', complete: false });
    const head = makeResults({ runId: 'head' }, [9, 9, 9, 9, 9, 9]);
    const c = compareRuns(base, head);
    expect(c.verdict).toBe('measurement-failed');
    expect(c.reasons[0]).toMatch(/^measurement failed: base: run base is incomplete/);
    // The regression is still listed after the measurement problem, for whoever reads on.
    expect(c.reasons.some((r) => /regressed/.test(r))).toBe(true);
    const aborted = makeResults({ runId: 'aborted' });
    aborted.scenarios[0]!.repetitions[2]!.exitCode = 107;
    const c2 = compareRuns(makeResults({ runId: 'ok' }), aborted);
    expect(c2.verdict).toBe('measurement-failed');
    expect(c2.scenarios[0]!.verdict).toBe('measurement-failed');
    expect(c2.reasons[0]).toMatch(/head: baseline: 1 of 6 repetitions stopped by a script exception \(exit 107\)/);
    // Exit 99 (thresholds crossed) is a measurement: its thresholds decide.
    const crossed = makeResults({ runId: 'crossed' });
    crossed.scenarios[0]!.repetitions[0]!.exitCode = 99;
    expect(compareRuns(null, crossed).verdict).toBe('pass');
  });
});
