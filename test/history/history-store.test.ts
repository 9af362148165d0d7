import { execFile } from 'node:child_process';
import { appendFile, mkdtemp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InputFileError, UsageError } from '../../src/core/errors.js';
import { LockTimeoutError, withFileLock } from '../../src/history/file-lock.js';
import { historyRecordOf } from '../../src/history/history-record.js';
import { appendHistory, historyFile, historyToTrendPoints, readHistory } from '../../src/history/history-store.js';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';
import { makeResults } from '../helpers/results-fixture.js';

const run = promisify(execFile);
const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), 'loadgate-history-'));
const weekly = (runId: string, p95s?: number[]) => makeResults({ profile: 'weekly', runId, createdAt: `2026-01-${runId.slice(-2)}T00:00:00.000Z` }, p95s);

describe('history record', () => {
  it('keeps the samples and their median per scenario and gating metric', () => {
    const record = historyRecordOf(makeResults({}, [3, 1, 2, 10]));
    expect(record.metrics).toHaveLength(1);
    expect(record.metrics[0]).toMatchObject({ scenario: 'baseline', metric: 'http_req_duration', stat: 'p(95)', direction: 'lower', samples: [3, 1, 2, 10], center: 2.5 });
    expect(record.environment).toBe('f00dfeed0001');
  });

  it('uses the default gating metrics when a scenario declares none', () => {
    const results = makeResults();
    results.scenarios[0]!.gating = [];
    const names = historyRecordOf(results).metrics.map((m) => `${m.metric} ${m.stat}`);
    // The fixture's summary carries http_req_duration and http_reqs; absent defaults are skipped.
    expect(names).toEqual(['http_req_duration p(95)', 'http_reqs rate']);
  });
});

describe('history store', () => {
  it('appends one line per run and reads them back in order', async () => {
    const dir = await tmp();
    await appendHistory(dir, weekly('r-01', [1, 2, 3]));
    const second = await appendHistory(dir, weekly('r-02', [2, 3, 4]));
    expect(second.file).toBe(join(dir, 'weekly.ndjson'));
    const text = await readFile(second.file, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    const read = await readHistory(dir, 'weekly');
    expect(read.warnings).toEqual([]);
    expect(read.records.map((r) => r.runId)).toEqual(['r-01', 'r-02']);
    expect(read.records[1]!.metrics[0]!.center).toBe(3);
    expect(historyToTrendPoints(read.records).map((p) => p.value)).toEqual([2, 3]);
  });

  it('is idempotent per run id and refuses incomplete runs', async () => {
    const dir = await tmp();
    expect((await appendHistory(dir, weekly('r-01'))).appended).toBe(true);
    expect((await appendHistory(dir, weekly('r-01'))).appended).toBe(false);
    expect((await readHistory(dir, 'weekly')).records).toHaveLength(1);
    await expect(appendHistory(dir, makeResults({ profile: 'weekly', complete: false }))).rejects.toBeInstanceOf(UsageError);
  });

  it('a missing file is an empty history; a bad profile name is refused', async () => {
    const dir = await tmp();
    expect((await readHistory(dir, 'weekly')).records).toEqual([]);
    expect(() => historyFile(dir, '../etc')).toThrow(/profile: "..\/etc" cannot be part of a file name/);
  });

  it('skips a truncated last line with a warning naming file:line', async () => {
    const dir = await tmp();
    await appendHistory(dir, weekly('r-01'));
    await appendHistory(dir, weekly('r-02'));
    const file = join(dir, 'weekly.ndjson');
    await appendFile(file, '{"v":1,"runId":"r-03","createdAt":"2026-01-0');
    const read = await readHistory(dir, 'weekly');
    expect(read.records.map((r) => r.runId)).toEqual(['r-01', 'r-02']);
    expect(read.warnings).toEqual([expect.stringContaining(`${file}:3: last line is incomplete`)]);
  });

  it('the next append cuts off a crashed writer\'s partial line', async () => {
    const dir = await tmp();
    await appendHistory(dir, weekly('r-01'));
    const file = join(dir, 'weekly.ndjson');
    await appendFile(file, '{"v":1,"runId":"r-crash"');
    const appended = await appendHistory(dir, weekly('r-02'));
    expect(appended.repaired).toMatch(/weekly\.ndjson:2: removed a partial line \(24 bytes\)/);
    const read = await readHistory(dir, 'weekly');
    expect(read.warnings).toEqual([]);
    expect(read.records.map((r) => r.runId)).toEqual(['r-01', 'r-02']);
  });

  it('a damaged line in the middle is an error naming file and line', async () => {
    const dir = await tmp();
    const file = join(dir, 'weekly.ndjson');
    await appendHistory(dir, weekly('r-01'));
    await appendFile(file, 'not json\n');
    await appendHistory(dir, weekly('r-02'));
    const err = await readHistory(dir, 'weekly').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toMatch(/weekly\.ndjson \(line 2\): not valid JSON/);
    await writeFile(file, '{"v":2,"runId":"x"}\n');
    await expect(readHistory(dir, 'weekly')).rejects.toThrow(/line 1\): v: expected 1, found 2/);
  });

  it('four processes appending at once lose no line and tear none (lines > 4096 bytes)', async () => {
    const dir = await tmp();
    const workers = 4;
    const perWorker = 15;
    const viteNode = join(PACKAGE_ROOT, 'node_modules', '.bin', 'vite-node');
    await Promise.all(
      Array.from({ length: workers }, (_, w) => run(viteNode, [join(PACKAGE_ROOT, 'test/history/append-worker.ts'), dir, String(w), String(perWorker)], { cwd: PACKAGE_ROOT, timeout: 120_000 })),
    );
    const text = await readFile(join(dir, 'weekly.ndjson'), 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(Math.min(...lines.map((l) => Buffer.byteLength(l)))).toBeGreaterThan(4096);
    const read = await readHistory(dir, 'weekly');
    expect(read.warnings).toEqual([]);
    expect(new Set(read.records.map((r) => r.runId)).size).toBe(workers * perWorker);
    // Each worker's own runs stay in its order.
    for (let w = 0; w < workers; w++) {
      const mine = read.records.map((r) => r.runId).filter((id) => id.startsWith(`run-w${w}-`));
      expect(mine).toEqual([...mine].sort());
    }
  }, 180_000);
});

describe('file lock', () => {
  it('serializes holders and times out with a clear error', async () => {
    const dir = await tmp();
    const lock = join(dir, 'x.lock');
    const order: string[] = [];
    await Promise.all([
      withFileLock(lock, async () => {
        order.push('a-in');
        await new Promise((r) => setTimeout(r, 50));
        order.push('a-out');
      }),
      withFileLock(lock, async () => {
        order.push('b-in');
        order.push('b-out');
      }),
    ]);
    expect([order.slice(0, 2), order.slice(2)].map((p) => p[0]!.slice(0, 1) === p[1]!.slice(0, 1))).toEqual([true, true]);
    await writeFile(lock, 'held');
    const err = await withFileLock(lock, async () => 1, { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockTimeoutError);
    expect((err as Error).message).toContain(lock);
  });

  it('removes a stale lock left by a crashed writer', async () => {
    const dir = await tmp();
    const lock = join(dir, 'x.lock');
    await writeFile(lock, 'crashed');
    const old = new Date(Date.now() - 120_000);
    await utimes(lock, old, old);
    expect(await withFileLock(lock, async () => 'got it', { timeoutMs: 2_000, staleMs: 60_000 })).toBe('got it');
    await expect(stat(lock)).rejects.toThrow(/ENOENT/);
  });
});
