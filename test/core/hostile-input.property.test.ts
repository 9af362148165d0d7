/**
 * Property: every reader of user input answers hostile input with a named bad-input error
 * (a LoadgateError with exit code 2 whose message names the file, key or expression), or
 * accepts it; never a TypeError, a RangeError, a hang or an internal error (exit 4).
 * Inputs are generated from a seeded PRNG: a failure prints its seed and case to reproduce.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns } from '../../src/compare/index.js';
import { loadInputs } from '../../src/results/importers/index.js';
import { renderHtmlReport, renderJsonReport, renderJunitReport, renderMarkdownReport } from '../../src/report/index.js';
import { validateUserConfig } from '../../src/config/validate-config.js';
import { LoadgateError } from '../../src/core/errors.js';
import { seededRandom } from '../../src/core/random.js';
import { readResultsFile, writeResultsFile } from '../../src/results/results-store.js';
import { parseMetricSelector, parseThresholdExpression } from '../../src/core/threshold-expression.js';
import { readHistory } from '../../src/history/history-store.js';
import { K6_FIXTURES } from '../helpers/fixtures.js';
import { makeResults } from '../helpers/results-fixture.js';

const SEED = Number(process.env.LOADGATE_PROPERTY_SEED ?? 20261205);
const CASES = Number(process.env.LOADGATE_PROPERTY_CASES ?? 150);

type Rng = () => number;
const pick = <T,>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const HOSTILE_STRINGS = [
  '',
  ' ',
  '../../../../etc/passwd',
  '..',
  '/abs/path',
  'C:\\windows',
  'a/b',
  '\u0000',
  '\ud800',
  '💥'.repeat(50),
  'x'.repeat(5000),
  '<script>alert(1)</script>',
  '${process.exit(1)}',
  '{{constructor}}',
  '__proto__',
  'constructor',
  'p(200)',
  'p(95)<',
  'http_req_duration{',
  '\ufeff{',
  'null',
];
const HOSTILE_NUMBERS = [0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -0];

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

/** A hostile JSON value: wrong types, traversal strings, huge numbers, deep nesting, prototype keys. */
function hostileValue(rng: Rng, depth = 0): unknown {
  const r = rng();
  if (r < 0.25) return pick(rng, HOSTILE_STRINGS);
  if (r < 0.45) return pick(rng, HOSTILE_NUMBERS);
  if (r < 0.55) return pick(rng, [null, true, false]);
  if (r < 0.62) return nested(1 + Math.floor(rng() * 3000));
  if (r < 0.8 && depth < 3) return Array.from({ length: Math.floor(rng() * 4) }, () => hostileValue(rng, depth + 1));
  if (depth < 3) return Object.fromEntries(Array.from({ length: Math.floor(rng() * 4) }, () => [pick(rng, HOSTILE_STRINGS), hostileValue(rng, depth + 1)]));
  return {};
}

/** Replaces, deletes or adds one value somewhere in a JSON tree (structure-aware mutation of a valid file). */
function mutate(rng: Rng, root: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as unknown;
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const walk = (v: unknown, d: number): void => {
    if (v === null || typeof v !== 'object' || d > 8) return;
    containers.push(v as Record<string, unknown>);
    for (const child of Object.values(v as object)) walk(child, d + 1);
  };
  walk(copy, 0);
  const target = pick(rng, containers);
  const keys = Object.keys(target);
  const op = rng();
  if (Array.isArray(target)) {
    if (op < 0.3 && target.length > 0) target.splice(Math.floor(rng() * target.length), 1);
    else if (target.length > 0) target[Math.floor(rng() * target.length)] = hostileValue(rng);
    else target.push(hostileValue(rng));
  } else if (op < 0.3 && keys.length > 0) {
    delete target[pick(rng, keys)];
  } else if (op < 0.85 && keys.length > 0) {
    target[pick(rng, keys)] = hostileValue(rng);
  } else {
    target[pick(rng, HOSTILE_STRINGS)] = hostileValue(rng);
  }
  return copy;
}

/** Raw bytes that are not JSON at all, or broken JSON. */
function hostileText(rng: Rng, valid: string): string {
  const r = rng();
  if (r < 0.2) return Buffer.from(Array.from({ length: Math.floor(rng() * 2000) }, () => Math.floor(rng() * 256))).toString('latin1');
  if (r < 0.4) return valid.slice(0, Math.floor(rng() * valid.length));
  if (r < 0.5) return `\ufeff${valid}`;
  if (r < 0.6) return '\n'.repeat(Math.floor(rng() * 100_000));
  if (r < 0.7) return pick(rng, ['', 'null', '[]', '0', '"x"', '{}', 'true']);
  if (r < 0.8) return `${'['.repeat(100_000)}`;
  const i = Math.floor(rng() * valid.length);
  return valid.slice(0, i) + String.fromCharCode(Math.floor(rng() * 128)) + valid.slice(i + 1);
}

/** The property: accepted, or a named bad-input error. */
async function expectNamedOrAccepted(what: string, caseId: string, names: RegExp, run: () => unknown): Promise<'accepted' | 'refused'> {
  try {
    await run();
    return 'accepted';
  } catch (err) {
    const where = `${what} case ${caseId} (seed ${SEED})`;
    expect(err, `${where}: ${String((err as Error)?.stack ?? err)}`).toBeInstanceOf(LoadgateError);
    expect((err as LoadgateError).exitCode, where).toBe(2);
    expect((err as Error).message, where).toMatch(names);
    return 'refused';
  }
}

describe('hostile input to every reader (property)', () => {
  it('results files: mutated and broken files are read or refused by name, never half-understood', async () => {
    const rng = seededRandom(SEED);
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-hostile-results-'));
    const valid = readFileSync(await writeResultsFile(dir, makeResults()), 'utf8');
    const counts = { accepted: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const text = rng() < 0.7 ? JSON.stringify(mutate(rng, JSON.parse(valid))) : hostileText(rng, valid);
      const file = join(dir, `case-${i}.json`);
      await writeFile(file, text);
      const outcome = await expectNamedOrAccepted('results file', String(i), new RegExp(`case-${i}\\.json`), async () => {
        const read = await readResultsFile(file);
        // What is accepted is usable: names that become paths obey the rule (core/path-names.ts).
        for (const name of [read.runId, read.profile, read.environment.fingerprint]) expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
        // …and understood whole: compared with itself and with a good file, rendered in every format.
        const good = makeResults({ runId: 'good' });
        for (const [base, head] of [[read, read], [good, read], [read, good], [null, read]] as const) {
          const comparison = compareRuns(base, head);
          for (const render of [renderMarkdownReport, renderJunitReport, renderJsonReport, renderHtmlReport]) render({ comparison, head, base });
        }
      });
      counts[outcome]++;
    }
    console.log(`results files: ${CASES} hostile inputs (seed ${SEED}): ${counts.accepted} accepted, ${counts.refused} refused by name`);
    // Reading wrote nothing.
    expect((await readdir(dir)).filter((f) => !/^case-\d+\.json$/.test(f))).toHaveLength(1);
  }, 60_000);

  it('metric names that are Object.prototype keys are just names (no prototype lookups)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-hostile-proto-'));
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const results = makeResults({ runId: `proto-${name.replace(/_/g, 'x')}` });
      results.scenarios[0]!.gating.push({ metric: name, stat: 'p(95)', direction: 'lower', minEffectPct: 5, gate: true });
      results.scenarios[0]!.thresholds.push({ metric: name, expression: 'p(95)<1' });
      const read = await readResultsFile(await writeResultsFile(dir, results));
      const comparison = compareRuns(read, read);
      expect(comparison.scenarios[0]!.thresholds.find((t) => t.metric === name)?.verdict).toBe('no-data');
      for (const render of [renderMarkdownReport, renderJunitReport, renderJsonReport, renderHtmlReport]) render({ comparison, head: read, base: read });
    }
  });

  it('compare inputs (k6 summary export, handleSummary data, anything): read or refused by name', async () => {
    const rng = seededRandom(SEED + 1);
    const dir = await mkdtemp(join(tmpdir(), 'loadgate-hostile-inputs-'));
    const sources = ['summary-export.json', 'handle-summary-data.json'].map((f) => readFileSync(join(K6_FIXTURES, f), 'utf8'));
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const valid = pick(rng, sources);
      const text = rng() < 0.7 ? JSON.stringify(mutate(rng, JSON.parse(valid))) : hostileText(rng, valid);
      const file = join(dir, `input-${i}.json`);
      await writeFile(file, text);
      if ((await expectNamedOrAccepted('compare input', String(i), new RegExp(`input-${i}\\.json`), () => loadInputs([file]))) === 'refused') refused++;
    }
    console.log(`compare inputs: ${CASES} hostile inputs (seed ${SEED + 1}): ${refused} refused by name`);
  }, 60_000);

  it('history files: broken lines are skipped with a warning naming file:line, or refused by name', async () => {
    const rng = seededRandom(SEED + 2);
    for (let i = 0; i < 40; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'loadgate-hostile-history-'));
      const lines = Array.from({ length: 1 + Math.floor(rng() * 4) }, () => (rng() < 0.5 ? JSON.stringify(hostileValue(rng)) : hostileText(rng, '{"runId":"x"}')));
      await writeFile(join(dir, 'weekly.ndjson'), `${lines.join('\n')}\n`);
      await expectNamedOrAccepted('history', String(i), /weekly\.ndjson/, async () => {
        const read = await readHistory(dir, 'weekly');
        for (const w of read.warnings) expect(w).toMatch(/weekly\.ndjson:\d+/);
      });
    }
  }, 60_000);

  it('configs: any object is validated or refused naming the key', async () => {
    const rng = seededRandom(SEED + 3);
    const valid = {
      profiles: { smoke: { repetitions: 3, env: { baseline: { VUS: '2' } } } },
      scenarios: { baseline: { thresholds: [{ metric: 'http_req_duration', expression: 'p(95)<500' }], gating: [{ metric: 'http_req_duration', stat: 'p(95)' }] } },
      compare: { alpha: 0.05 },
      base: { ref: 'main' },
    };
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const raw = rng() < 0.85 ? mutate(rng, valid) : hostileValue(rng);
      const outcome = await expectNamedOrAccepted('config', String(i), /^loadgate\.config\.ts: /, () => validateUserConfig(raw, 'loadgate.config.ts'));
      if (outcome === 'refused') refused++;
    }
    console.log(`configs: ${CASES} hostile objects (seed ${SEED + 3}): ${refused} refused naming the key`);
    expect(refused).toBeGreaterThan(CASES / 3);
  });

  it('threshold expressions and metric selectors: parsed or refused quoting the expression', async () => {
    const rng = seededRandom(SEED + 4);
    const alphabet = 'p()<>=!.0123456789 -eE+avgminmedcountrate{}:,_\u00e9💥\u0000';
    for (let i = 0; i < CASES * 4; i++) {
      const s = rng() < 0.3 ? pick(rng, HOSTILE_STRINGS) : Array.from({ length: Math.floor(rng() * 24) }, () => alphabet[Math.floor(rng() * alphabet.length)]).join('');
      await expectNamedOrAccepted('threshold', JSON.stringify(s), /invalid (threshold|metric)|threshold|selector|metric/i, () => parseThresholdExpression(s));
      await expectNamedOrAccepted('selector', JSON.stringify(s), /metric|selector|tag/i, () => parseMetricSelector(s));
    }
  });
});
