import Database from 'better-sqlite3';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/**
 * Dates are stored as integer epoch milliseconds (compact, fast to compare, cheap to seed) and
 * exposed as ISO-8601 strings by the API. The payload is stored as canonical JSON text so a read
 * can splice it into the response without parsing it.
 */
const schemaSql = `
CREATE TABLE IF NOT EXISTS records (
  id          INTEGER PRIMARY KEY,
  org         TEXT    NOT NULL,
  category    TEXT    NOT NULL,
  source      TEXT    NOT NULL,
  occurred_at INTEGER NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL,
  cost_cents  INTEGER NOT NULL,
  tax_cents   INTEGER NOT NULL,
  payload     TEXT    NOT NULL,
  sync_id     TEXT,
  batch_id    TEXT
);
CREATE TABLE IF NOT EXISTS sync_batches (
  sync_id      TEXT    NOT NULL,
  batch_id     TEXT    NOT NULL,
  org          TEXT    NOT NULL,
  record_count INTEGER NOT NULL,
  body_hash    TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (sync_id, batch_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_stats (
  org               TEXT PRIMARY KEY,
  record_count      INTEGER NOT NULL,
  cost_cents_total  INTEGER NOT NULL,
  tax_cents_total   INTEGER NOT NULL,
  first_occurred_at INTEGER,
  last_occurred_at  INTEGER,
  last_write_at     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS org_category_stats (
  org              TEXT NOT NULL,
  category         TEXT NOT NULL,
  record_count     INTEGER NOT NULL,
  cost_cents_total INTEGER NOT NULL,
  tax_cents_total  INTEGER NOT NULL,
  PRIMARY KEY (org, category)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS records_sync ON records (sync_id) WHERE sync_id IS NOT NULL;
`;

/**
 * The indexes behind `GET /records` filters (newest first): one per combination of org and
 * category, each ending in occurred_at so a date range and the ORDER BY walk the same index.
 * Kept apart from the schema so a bulk seed into an empty table can build them after the load.
 */
export const queryIndexSql: readonly string[] = [
  'CREATE INDEX IF NOT EXISTS records_org_category_occurred ON records (org, category, occurred_at)',
  'CREATE INDEX IF NOT EXISTS records_org_occurred ON records (org, occurred_at)',
  'CREATE INDEX IF NOT EXISTS records_category_occurred ON records (category, occurred_at)',
  'CREATE INDEX IF NOT EXISTS records_occurred ON records (occurred_at)',
];

/** Names of the indexes in {@link queryIndexSql}, for dropping them before a bulk load. */
export const queryIndexNames: readonly string[] = queryIndexSql.map((sql) => sql.split(' ')[5] ?? '');

/**
 * Opens (creating if needed) the target's database with the schema and indexes in place.
 * File databases use WAL so readers never wait for the writer.
 * @param file a file path or `:memory:`
 */
export function openDatabase(file: string): Db {
  const db = new Database(file);
  if (file !== ':memory:') {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536'); // 64 MiB page cache
  db.pragma('mmap_size = 268435456'); // 256 MiB
  db.exec(schemaSql);
  for (const sql of queryIndexSql) db.exec(sql);
  return db;
}
