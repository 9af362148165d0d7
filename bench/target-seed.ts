/**
 * Seeds records into a fresh file database and prints the rate, then checks the row count and
 * times a few indexed queries on the result.
 *
 *   npx esbuild bench/target-seed.ts --bundle --platform=node --format=esm --packages=external \
 *     --outfile=.loadgate/bench/target-seed.mjs && node .loadgate/bench/target-seed.mjs [count]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../src/target/database.js';
import { RecordStore } from '../src/target/record-store.js';
import { seedRecords } from '../src/target/seed.js';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'loadgate-seed-'));
  const file = join(dir, 'target.db');
  try {
    const db = openDatabase(file);
    const store = new RecordStore(db);
    const result = await seedRecords(store, { count });
    const rows = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    const seconds = result.durationMs / 1000;
    console.log(`seeded ${result.inserted} records in ${seconds.toFixed(2)} s = ${Math.round(result.recordsPerSecond)} records/s`);
    console.log(`rows in records: ${rows}; KPI total: ${result.recordsTotal}; file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB`);
    timeQuery('org + category + range, limit 100', () =>
      store.queryJson({ org: 'org-003', category: 'storage', fromMs: Date.UTC(2024, 5, 1), toMs: Date.UTC(2024, 6, 1), limit: 100 }),
    );
    timeQuery('org only, limit 100', () => store.queryJson({ org: 'org-007', limit: 100 }));
    timeQuery('range only, limit 100', () => store.queryJson({ fromMs: Date.UTC(2024, 2, 1), toMs: Date.UTC(2024, 2, 2), limit: 100 }));
    timeQuery('record by id', () => ({ count: store.getJson(Math.ceil(count / 2)) === undefined ? 0 : 1 }));
    timeQuery('org stats', () => ({ count: store.stats.get('org-001')?.record_count ?? 0 }));
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeQuery(name: string, run: () => { count: number }): void {
  const rounds = 200;
  let count = 0;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) count = run().count;
  const perQueryUs = ((performance.now() - started) / rounds) * 1000;
  console.log(`  ${name}: ${perQueryUs.toFixed(0)} µs/query (${count} rows)`);
}

await main();
