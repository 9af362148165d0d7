/**
 * A separate process that appends runs to a history file, for the concurrency test:
 * `vite-node test/history/append-worker.ts <dir> <worker> <count>`.
 */
import { appendHistory } from '../../src/history/history-store.js';
import { makeResults } from '../helpers/results-fixture.js';

const [dir, worker, count] = process.argv.slice(2);
if (!dir || !worker || !count) throw new Error('usage: append-worker <dir> <worker> <count>');
for (let i = 0; i < Number(count); i++) {
  // Many repetitions make each line longer than PIPE_BUF (4096 B), the case O_APPEND alone does not cover.
  const p95s = Array.from({ length: 1000 }, (_, k) => 10 + ((k * 7 + i) % 997) / 997);
  const results = makeResults({ profile: 'weekly', runId: `run-w${worker}-${String(i).padStart(3, '0')}` }, p95s);
  await appendHistory(dir, results, { timeoutMs: 60_000 });
}
