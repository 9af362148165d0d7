import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { canonicalJson } from './canonical-json.js';
import type { Db } from './database.js';
import { StatsDeltas } from './org-stats.js';
import type { NewRecord, RecordStore } from './record-store.js';

/** The body of `POST /sync/batches`: one batch of one sync, all for one org. */
export interface SyncBatch {
  syncId: string;
  org: string;
  batchId: string;
  records: Array<Omit<NewRecord, 'org'>>;
}

/** What became of a batch: stored now, already stored (a retry), or a different batch under a used id. */
export type SyncBatchOutcome =
  | { kind: 'stored'; stored: number }
  | { kind: 'duplicate'; records: number }
  | { kind: 'conflict'; records: number };

/** What `GET /sync/:syncId` answers. */
export interface SyncSummary {
  syncId: string;
  batchCount: number;
  /** Rows in `records` that carry this sync id: the proof that nothing was lost. */
  recordCount: number;
  batches: Array<{ batchId: string; org: string; recordCount: number; receivedAt: string }>;
}

interface BatchRow {
  batch_id: string;
  org: string;
  record_count: number;
  body_hash: string;
  received_at: number;
}

/**
 * Idempotent, all-or-nothing ingestion of sync batches. A batch and its records are written in one
 * transaction keyed by (syncId, batchId): a retried batch finds its key and stores nothing again.
 */
export class SyncStore {
  private readonly insertBatchStmt: Statement<[string, string, string, number, string, number]>;
  private readonly selectBatchStmt: Statement<[string, string], BatchRow>;
  private readonly selectBatchesStmt: Statement<[string], BatchRow>;
  private readonly countRecordsStmt: Statement<[string], { n: number }>;
  private readonly ingestTx: (batch: SyncBatch, hash: string, nowMs: number) => SyncBatchOutcome;

  constructor(
    db: Db,
    private readonly records: RecordStore,
  ) {
    this.insertBatchStmt = db.prepare(
      'INSERT OR IGNORE INTO sync_batches (sync_id, batch_id, org, record_count, body_hash, received_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.selectBatchStmt = db.prepare('SELECT * FROM sync_batches WHERE sync_id = ? AND batch_id = ?');
    this.selectBatchesStmt = db.prepare('SELECT * FROM sync_batches WHERE sync_id = ? ORDER BY received_at, batch_id');
    this.countRecordsStmt = db.prepare('SELECT count(*) AS n FROM records WHERE sync_id = ?');
    this.ingestTx = db.transaction((batch: SyncBatch, hash: string, nowMs: number) => this.ingestInTransaction(batch, hash, nowMs));
  }

  /**
   * Stores a validated batch once. Throws (and stores nothing) if any row fails to insert.
   * @param nowMs the created_at of the stored records, epoch ms
   */
  ingest(batch: SyncBatch, nowMs = Date.now()): SyncBatchOutcome {
    return this.ingestTx(batch, batchHash(batch), nowMs);
  }

  private ingestInTransaction(batch: SyncBatch, hash: string, nowMs: number): SyncBatchOutcome {
    const claimed = this.insertBatchStmt.run(batch.syncId, batch.batchId, batch.org, batch.records.length, hash, nowMs);
    if (claimed.changes === 0) {
      const existing = this.selectBatchStmt.get(batch.syncId, batch.batchId);
      const records = existing?.record_count ?? 0;
      return existing?.body_hash === hash ? { kind: 'duplicate', records } : { kind: 'conflict', records };
    }
    const deltas = new StatsDeltas();
    for (const record of batch.records) {
      this.records.insertRow({ ...record, org: batch.org }, nowMs, batch.syncId, batch.batchId, deltas);
    }
    this.records.stats.apply(deltas, nowMs);
    return { kind: 'stored', stored: batch.records.length };
  }

  /** Batches and records received for a sync, or undefined when no batch of it arrived. */
  summary(syncId: string): SyncSummary | undefined {
    const batches = this.selectBatchesStmt.all(syncId);
    if (batches.length === 0) return undefined;
    return {
      syncId,
      batchCount: batches.length,
      recordCount: this.countRecordsStmt.get(syncId)?.n ?? 0,
      batches: batches.map((b) => ({
        batchId: b.batch_id,
        org: b.org,
        recordCount: b.record_count,
        receivedAt: new Date(b.received_at).toISOString(),
      })),
    };
  }
}

/**
 * Identifies a batch's content, so a retry can be told from a different batch reusing an id.
 * Canonical JSON: a client that re-serialises a batch (keys in another order) is still retrying.
 */
function batchHash(batch: SyncBatch): string {
  return createHash('sha256').update(canonicalJson([batch.org, batch.records])).digest('base64url');
}
