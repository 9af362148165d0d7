/** Helpers shared by the shipped scenarios: org names, record bodies, header lookup. */

/** The reference target names its seeded orgs org-001, org-002, … (1-based here). */
export function seededOrg(n: number): string {
  return `org-${String(n).padStart(3, '0')}`;
}

/** A whole number in [1, max]. */
export function pick(max: number): number {
  return 1 + Math.floor(Math.random() * max);
}

export const CATEGORIES = ['compute', 'storage', 'network', 'support', 'licenses', 'travel', 'training', 'hardware'];

/** A record body as POST /records and /sync/batches accept it (without `org`). */
export interface RecordBody {
  category: string;
  source: string;
  occurred_at: string;
  cost_cents: number;
  tax_cents: number;
  payload?: Record<string, unknown>;
}

/**
 * A deterministic record: the same (seq) always gives the same body, so a retried sync
 * batch is byte-for-byte the batch it retries (the target answers 409 to a batch id reused
 * with different content).
 */
export function recordBody(seq: number, source: string): RecordBody {
  const cost = 100 + ((seq * 7919) % 99_900);
  const day = seq % 365;
  const occurred = new Date(Date.UTC(2024, 0, 1) + day * 86_400_000 + (seq % 86_400) * 1000);
  return {
    category: CATEGORIES[seq % CATEGORIES.length] ?? 'compute',
    source,
    occurred_at: occurred.toISOString(),
    cost_cents: cost,
    tax_cents: Math.round(cost * 0.2),
    payload: { ref: `${source}-${seq}` },
  };
}

/**
 * A response header by name, whatever its case: k6 canonicalises names (`X-Cache`),
 * other clients may not.
 */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === lower) return headers[key];
  return undefined;
}

/** JSON POST/PATCH params with tags. */
export function jsonParams(tags: Record<string, string>): { headers: Record<string, string>; tags: Record<string, string> } {
  return { headers: { 'Content-Type': 'application/json' }, tags };
}
