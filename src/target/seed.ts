import type { Statement } from 'better-sqlite3';
import { seededRandom } from '../core/random.js';
import { queryIndexNames, queryIndexSql } from './database.js';
import { StatsDeltas } from './org-stats.js';
import { insertColumnsSql, insertValuesGroup, type RecordStore } from './record-store.js';

/** What `POST /admin/seed` accepts. */
export interface SeedRequest {
  /** Records to insert. */
  count: number;
  /** Orgs to spread them over, named org-001, org-002, ... @default 10 */
  orgs?: number;
  /** Categories per org. @default 8 */
  categories?: number;
  /** Seed of the pseudo-random generator: equal seeds give equal data. @default 1 */
  randomSeed?: number;
}

/** What a seed did. */
export interface SeedResult {
  inserted: number;
  /** Records in the database after the seed. */
  recordsTotal: number;
  durationMs: number;
  recordsPerSecond: number;
}

/** Rows per multi-row INSERT: amortizes the per-statement cost of the native call. */
const rowsPerStatement = 100;
/** Rows per transaction; the event loop gets a turn between transactions. */
const rowsPerChunk = 50_000;
/** From this many rows into an empty table, build the query indexes after the load (much faster). */
const deferIndexThreshold = 100_000;

const categoryNames = ['compute', 'storage', 'network', 'support', 'licenses', 'travel', 'training', 'hardware'];
const sourceNames = ['api', 'import', 'sync', 'manual'];
/** Seeded occurred_at dates fall in the year 2024 (UTC), so equal seeds give equal data. */
const seedEpochMs = Date.UTC(2024, 0, 1);
const seedSpanSeconds = 366 * 24 * 3600;

/** Org name for index i (0-based): org-001 ... */
export function seedOrgName(i: number): string {
  return `org-${String(i + 1).padStart(3, '0')}`;
}

function categoryName(i: number): string {
  return categoryNames[i] ?? `category-${i + 1}`;
}

/**
 * Bulk-inserts deterministic records: multi-row prepared INSERTs inside chunked transactions,
 * with the KPI tables updated once per chunk. Yields to the event loop between chunks so the
 * server keeps answering; stops early (with what it stored) if the database is closed.
 */
export async function seedRecords(store: RecordStore, request: SeedRequest): Promise<SeedResult> {
  const started = performance.now();
  const db = store.db;
  const orgs = request.orgs ?? 10;
  const categories = request.categories ?? 8;
  const random = seededRandom(request.randomSeed ?? 1);
  const deferIndexes = request.count >= deferIndexThreshold && store.stats.totalRecords() === 0;
  if (deferIndexes) for (const name of queryIndexNames) db.exec(`DROP INDEX IF EXISTS ${name}`);
  const many = db.prepare(insertColumnsSql + new Array(rowsPerStatement).fill(insertValuesGroup).join(','));
  const one = db.prepare(insertColumnsSql + insertValuesGroup);
  const writeChunk = db.transaction((n: number, firstSerial: number) =>
    insertChunk({ store, many, one, random, orgs, categories }, n, firstSerial),
  );
  let inserted = 0;
  try {
    while (inserted < request.count && db.open) {
      const n = Math.min(rowsPerChunk, request.count - inserted);
      writeChunk(n, inserted);
      inserted += n;
      if (inserted < request.count) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    if (deferIndexes && db.open) for (const sql of queryIndexSql) db.exec(sql);
  }
  const durationMs = performance.now() - started;
  return {
    inserted,
    recordsTotal: db.open ? store.stats.totalRecords() : inserted,
    durationMs,
    recordsPerSecond: durationMs > 0 ? (inserted / durationMs) * 1000 : 0,
  };
}

interface ChunkContext {
  store: RecordStore;
  many: Statement<unknown[]>;
  one: Statement<unknown[]>;
  random: () => number;
  orgs: number;
  categories: number;
}

function insertChunk(ctx: ChunkContext, n: number, firstSerial: number): void {
  const now = Date.now();
  const deltas = new StatsDeltas();
  const params: unknown[] = [];
  let pending = 0;
  for (let i = 0; i < n; i++) {
    const org = seedOrgName(Math.floor(ctx.random() * ctx.orgs));
    const category = categoryName(Math.floor(ctx.random() * ctx.categories));
    const source = sourceNames[Math.floor(ctx.random() * sourceNames.length)] ?? 'api';
    const occurredAt = seedEpochMs + Math.floor(ctx.random() * seedSpanSeconds) * 1000;
    const costCents = 100 + Math.floor(ctx.random() * 99_900);
    const taxCents = Math.round(costCents * 0.2);
    const payload = `{"ref":"seed-${firstSerial + i + 1}","qty":${1 + Math.floor(ctx.random() * 20)}}`;
    params.push(org, category, source, occurredAt, now, now, costCents, taxCents, payload, null, null);
    deltas.addRow(org, category, occurredAt, costCents, taxCents);
    if (++pending === rowsPerStatement) {
      ctx.many.run(params);
      params.length = 0;
      pending = 0;
    }
  }
  for (let i = 0; i < pending; i++) ctx.one.run(params.slice(i * 11, i * 11 + 11));
  ctx.store.stats.apply(deltas, now);
}
