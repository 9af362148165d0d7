import type { Db } from './database.js';

/** Change to one org's KPIs from one write (an insert batch or an update). */
export interface OrgStatsDelta {
  count: number;
  costCents: number;
  taxCents: number;
  /** Earliest/latest occurred_at (epoch ms) among inserted rows; undefined when nothing was inserted. */
  firstOccurredAt: number | undefined;
  lastOccurredAt: number | undefined;
  byCategory: Map<string, { count: number; costCents: number; taxCents: number }>;
}

/** KPIs of one org, as `GET /orgs/:org/stats` answers them. */
export interface OrgStats {
  org: string;
  record_count: number;
  cost_cents_total: number;
  tax_cents_total: number;
  /** Mean cost per record in cents (0 with no records). */
  cost_cents_avg: number;
  first_occurred_at: string | null;
  last_occurred_at: string | null;
  last_write_at: string;
  by_category: Array<{ category: string; record_count: number; cost_cents_total: number; tax_cents_total: number }>;
}

/** Accumulates per-org deltas for the rows of one write, before applying them in its transaction. */
export class StatsDeltas {
  readonly byOrg = new Map<string, OrgStatsDelta>();

  /** Counts one inserted row. */
  addRow(org: string, category: string, occurredAt: number, costCents: number, taxCents: number): void {
    const d = this.forOrg(org);
    d.count += 1;
    d.costCents += costCents;
    d.taxCents += taxCents;
    if (d.firstOccurredAt === undefined || occurredAt < d.firstOccurredAt) d.firstOccurredAt = occurredAt;
    if (d.lastOccurredAt === undefined || occurredAt > d.lastOccurredAt) d.lastOccurredAt = occurredAt;
    addCategory(d, category, 1, costCents, taxCents);
  }

  /** Counts a change of an existing row (sign -1 removes its old values, +1 adds the new ones). */
  changeRow(org: string, category: string, sign: 1 | -1, costCents: number, taxCents: number): void {
    const d = this.forOrg(org);
    d.costCents += sign * costCents;
    d.taxCents += sign * taxCents;
    addCategory(d, category, sign, sign * costCents, sign * taxCents);
  }

  private forOrg(org: string): OrgStatsDelta {
    let d = this.byOrg.get(org);
    if (d === undefined) {
      d = { count: 0, costCents: 0, taxCents: 0, firstOccurredAt: undefined, lastOccurredAt: undefined, byCategory: new Map() };
      this.byOrg.set(org, d);
    }
    return d;
  }
}

function addCategory(d: OrgStatsDelta, category: string, count: number, costCents: number, taxCents: number): void {
  const c = d.byCategory.get(category);
  if (c === undefined) d.byCategory.set(category, { count, costCents, taxCents });
  else {
    c.count += count;
    c.costCents += costCents;
    c.taxCents += taxCents;
  }
}

interface OrgStatsRow {
  org: string;
  record_count: number;
  cost_cents_total: number;
  tax_cents_total: number;
  first_occurred_at: number | null;
  last_occurred_at: number | null;
  last_write_at: number;
}

/**
 * The KPI tables (org_stats, org_category_stats): a materialized view of `records` kept current
 * by every write, inside the write's own transaction, so a reader never sees them disagree.
 */
export class OrgStatsTable {
  private readonly upsertOrg;
  private readonly upsertCategory;
  private readonly dropEmptyCategories;
  private readonly recomputeRange;
  private readonly selectOrg;
  private readonly selectCategories;
  private readonly selectTotal;

  constructor(db: Db) {
    this.upsertOrg = db.prepare(`
      INSERT INTO org_stats (org, record_count, cost_cents_total, tax_cents_total, first_occurred_at, last_occurred_at, last_write_at)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (org) DO UPDATE SET
        record_count = record_count + excluded.record_count,
        cost_cents_total = cost_cents_total + excluded.cost_cents_total,
        tax_cents_total = tax_cents_total + excluded.tax_cents_total,
        first_occurred_at = min(coalesce(first_occurred_at, excluded.first_occurred_at), coalesce(excluded.first_occurred_at, first_occurred_at)),
        last_occurred_at = max(coalesce(last_occurred_at, excluded.last_occurred_at), coalesce(excluded.last_occurred_at, last_occurred_at)),
        last_write_at = excluded.last_write_at`);
    this.upsertCategory = db.prepare(`
      INSERT INTO org_category_stats (org, category, record_count, cost_cents_total, tax_cents_total) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (org, category) DO UPDATE SET
        record_count = record_count + excluded.record_count,
        cost_cents_total = cost_cents_total + excluded.cost_cents_total,
        tax_cents_total = tax_cents_total + excluded.tax_cents_total`);
    this.dropEmptyCategories = db.prepare('DELETE FROM org_category_stats WHERE org = ? AND record_count = 0');
    this.recomputeRange = db.prepare(`
      UPDATE org_stats SET
        first_occurred_at = (SELECT min(occurred_at) FROM records WHERE org = @org),
        last_occurred_at = (SELECT max(occurred_at) FROM records WHERE org = @org)
      WHERE org = @org`);
    this.selectOrg = db.prepare<[string], OrgStatsRow>('SELECT * FROM org_stats WHERE org = ?');
    this.selectCategories = db.prepare<[string], { category: string; record_count: number; cost_cents_total: number; tax_cents_total: number }>(
      'SELECT category, record_count, cost_cents_total, tax_cents_total FROM org_category_stats WHERE org = ? ORDER BY category',
    );
    this.selectTotal = db.prepare<[], { total: number | null }>('SELECT sum(record_count) AS total FROM org_stats');
  }

  /** Applies accumulated deltas; call inside the transaction that wrote the rows. */
  apply(deltas: StatsDeltas, nowMs: number): void {
    for (const [org, d] of deltas.byOrg) {
      this.upsertOrg.run(org, d.count, d.costCents, d.taxCents, d.firstOccurredAt ?? null, d.lastOccurredAt ?? null, nowMs);
      let anyRemoved = false;
      for (const [category, c] of d.byCategory) {
        this.upsertCategory.run(org, category, c.count, c.costCents, c.taxCents);
        if (c.count < 0) anyRemoved = true;
      }
      if (anyRemoved) this.dropEmptyCategories.run(org);
    }
  }

  /** Re-reads an org's first/last occurred_at from the index, after an update moved a date. */
  recomputeDateRange(org: string): void {
    this.recomputeRange.run({ org });
  }

  /** The org's KPIs, or undefined when it has no records. */
  get(org: string): OrgStats | undefined {
    const row = this.selectOrg.get(org);
    if (row === undefined) return undefined;
    return {
      org: row.org,
      record_count: row.record_count,
      cost_cents_total: row.cost_cents_total,
      tax_cents_total: row.tax_cents_total,
      cost_cents_avg: row.record_count === 0 ? 0 : row.cost_cents_total / row.record_count,
      first_occurred_at: row.first_occurred_at === null ? null : new Date(row.first_occurred_at).toISOString(),
      last_occurred_at: row.last_occurred_at === null ? null : new Date(row.last_occurred_at).toISOString(),
      last_write_at: new Date(row.last_write_at).toISOString(),
      by_category: this.selectCategories.all(org),
    };
  }

  /** Records in the whole database, read from the view (no table scan). */
  totalRecords(): number {
    return this.selectTotal.get()?.total ?? 0;
  }
}
