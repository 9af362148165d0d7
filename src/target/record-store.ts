import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { OrgStatsTable, StatsDeltas } from './org-stats.js';

/** A record as `POST /records` accepts it (dates as ISO-8601 strings). */
export interface NewRecord {
  org: string;
  category: string;
  source: string;
  occurred_at: string;
  cost_cents: number;
  tax_cents: number;
  /** Any JSON object. @default {} */
  payload?: Record<string, unknown>;
}

/** Fields `PATCH /records/:id` may change (org is fixed: it keys the KPIs). */
export type RecordPatch = Partial<Omit<NewRecord, 'org'>>;

/** Filters of `GET /records`; dates as epoch ms, `from` inclusive, `to` exclusive. */
export interface RecordQuery {
  org?: string;
  category?: string;
  fromMs?: number;
  toMs?: number;
  limit: number;
}

interface RecordRow {
  id: number;
  org: string;
  category: string;
  source: string;
  occurred_at: number;
  created_at: number;
  updated_at: number;
  cost_cents: number;
  tax_cents: number;
  payload: string;
  sync_id: string | null;
  batch_id: string | null;
}

/** Column values of one row to insert, in the insert statement's order. */
export type InsertValues = [
  org: string,
  category: string,
  source: string,
  occurredAt: number,
  createdAt: number,
  updatedAt: number,
  costCents: number,
  taxCents: number,
  payload: string,
  syncId: string | null,
  batchId: string | null,
];

/** SQL inserting one row; the seeder repeats its VALUES group for multi-row inserts. */
export const insertColumnsSql =
  'INSERT INTO records (org, category, source, occurred_at, created_at, updated_at, cost_cents, tax_cents, payload, sync_id, batch_id) VALUES ';
export const insertValuesGroup = '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

/**
 * Reads and writes `records`, keeping the KPI tables current in the same transaction.
 * Reads return ready-to-send JSON text: the stored payload is spliced in without a parse.
 */
export class RecordStore {
  readonly stats: OrgStatsTable;
  private readonly insertStmt: Statement<InsertValues>;
  private readonly selectStmt: Statement<[number], RecordRow>;
  private readonly updateStmt: Statement<[string, string, number, number, number, number, string, number]>;
  private readonly queryStmts = new Map<string, Statement<unknown[], RecordRow>>();
  private readonly insertTx: (record: NewRecord, nowMs: number) => { id: number; json: string };
  private readonly patchTx: (id: number, patch: RecordPatch, nowMs: number) => string | undefined;

  constructor(readonly db: Db) {
    this.stats = new OrgStatsTable(db);
    this.insertStmt = db.prepare(insertColumnsSql + insertValuesGroup);
    this.selectStmt = db.prepare('SELECT * FROM records WHERE id = ?');
    this.updateStmt = db.prepare(
      'UPDATE records SET category = ?, source = ?, occurred_at = ?, updated_at = ?, cost_cents = ?, tax_cents = ?, payload = ? WHERE id = ?',
    );
    this.insertTx = db.transaction((record: NewRecord, nowMs: number) => this.insertInTransaction(record, nowMs));
    this.patchTx = db.transaction((id: number, patch: RecordPatch, nowMs: number) => this.patchInTransaction(id, patch, nowMs));
  }

  /** Inserts one record and returns it as JSON text. */
  insert(record: NewRecord, nowMs = Date.now()): { id: number; json: string } {
    return this.insertTx(record, nowMs);
  }

  private insertInTransaction(record: NewRecord, nowMs: number): { id: number; json: string } {
    const deltas = new StatsDeltas();
    const id = this.insertRow(record, nowMs, null, null, deltas);
    this.stats.apply(deltas, nowMs);
    return { id, json: this.getJson(id) ?? '' };
  }

  /** Inserts one row without a transaction of its own; callers apply `deltas` in theirs. */
  insertRow(record: NewRecord, nowMs: number, syncId: string | null, batchId: string | null, deltas: StatsDeltas): number {
    const occurredAt = Date.parse(record.occurred_at);
    const result = this.insertStmt.run(
      record.org,
      record.category,
      record.source,
      occurredAt,
      nowMs,
      nowMs,
      record.cost_cents,
      record.tax_cents,
      JSON.stringify(record.payload ?? {}),
      syncId,
      batchId,
    );
    deltas.addRow(record.org, record.category, occurredAt, record.cost_cents, record.tax_cents);
    return Number(result.lastInsertRowid);
  }

  /** The record as JSON text, or undefined when no record has this id. */
  getJson(id: number): string | undefined {
    const row = this.selectStmt.get(id);
    return row === undefined ? undefined : recordJson(row);
  }

  /** Applies a patch; returns the updated record as JSON text, or undefined when it does not exist. */
  patch(id: number, patch: RecordPatch, nowMs = Date.now()): string | undefined {
    return this.patchTx(id, patch, nowMs);
  }

  private patchInTransaction(id: number, patch: RecordPatch, nowMs: number): string | undefined {
    const old = this.selectStmt.get(id);
    if (old === undefined) return undefined;
    const next = {
      category: patch.category ?? old.category,
      source: patch.source ?? old.source,
      occurredAt: patch.occurred_at === undefined ? old.occurred_at : Date.parse(patch.occurred_at),
      costCents: patch.cost_cents ?? old.cost_cents,
      taxCents: patch.tax_cents ?? old.tax_cents,
      payload: patch.payload === undefined ? old.payload : JSON.stringify(patch.payload),
    };
    this.updateStmt.run(next.category, next.source, next.occurredAt, nowMs, next.costCents, next.taxCents, next.payload, id);
    const deltas = new StatsDeltas();
    deltas.changeRow(old.org, old.category, -1, old.cost_cents, old.tax_cents);
    deltas.changeRow(old.org, next.category, 1, next.costCents, next.taxCents);
    this.stats.apply(deltas, nowMs);
    if (next.occurredAt !== old.occurred_at) this.stats.recomputeDateRange(old.org);
    return this.getJson(id);
  }

  /** Records matching the filters, newest occurred_at first, as a JSON array text. */
  queryJson(query: RecordQuery): { count: number; json: string } {
    const rows = this.queryStatement(query).all(...queryParams(query));
    return { count: rows.length, json: `[${rows.map(recordJson).join(',')}]` };
  }

  /** One prepared statement per combination of filters, so each uses its own index. */
  private queryStatement(query: RecordQuery): Statement<unknown[], RecordRow> {
    const key = `${+(query.org !== undefined)}${+(query.category !== undefined)}${+(query.fromMs !== undefined)}${+(query.toMs !== undefined)}`;
    let stmt = this.queryStmts.get(key);
    if (stmt === undefined) {
      const where: string[] = [];
      if (query.org !== undefined) where.push('org = ?');
      if (query.category !== undefined) where.push('category = ?');
      if (query.fromMs !== undefined) where.push('occurred_at >= ?');
      if (query.toMs !== undefined) where.push('occurred_at < ?');
      const sql = `SELECT * FROM records ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY occurred_at DESC, id DESC LIMIT ?`;
      stmt = this.db.prepare<unknown[], RecordRow>(sql);
      this.queryStmts.set(key, stmt);
    }
    return stmt;
  }
}

function queryParams(query: RecordQuery): unknown[] {
  const params: unknown[] = [];
  if (query.org !== undefined) params.push(query.org);
  if (query.category !== undefined) params.push(query.category);
  if (query.fromMs !== undefined) params.push(query.fromMs);
  if (query.toMs !== undefined) params.push(query.toMs);
  params.push(query.limit);
  return params;
}

function recordJson(row: RecordRow): string {
  const head = JSON.stringify({
    id: row.id,
    org: row.org,
    category: row.category,
    source: row.source,
    occurred_at: new Date(row.occurred_at).toISOString(),
    created_at: new Date(row.created_at).toISOString(),
    updated_at: new Date(row.updated_at).toISOString(),
    cost_cents: row.cost_cents,
    tax_cents: row.tax_cents,
    sync_id: row.sync_id,
    batch_id: row.batch_id,
  });
  return `${head.slice(0, -1)},"payload":${row.payload}}`;
}
