/** Small fetch helpers for the target tests: real HTTP against a real target on port 0. */

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** Sends a request and parses the (always JSON) answer; fails loudly if it is not JSON. */
export async function request<T = any>(base: string, path: string, init: RequestInit = {}): Promise<JsonResponse<T>> {
  const res = await fetch(base + path, init);
  const text = await res.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    throw new Error(`${init.method ?? 'GET'} ${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}`);
  }
  return { status: res.status, headers: res.headers, body };
}

/** POSTs (or PATCHes) a JSON value. */
export function send<T = any>(base: string, method: 'POST' | 'PATCH', path: string, value: unknown): Promise<JsonResponse<T>> {
  return request<T>(base, path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) });
}

/** A valid record for POST /records. */
export function newRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    org: 'acme',
    category: 'compute',
    source: 'api',
    occurred_at: '2024-05-01T12:00:00Z',
    cost_cents: 1000,
    tax_cents: 200,
    payload: { invoice: 'INV-1', lines: [1, 2] },
    ...overrides,
  };
}

/** A valid record of a sync batch (no org: the batch carries it). */
export function batchRecord(i: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: i % 2 === 0 ? 'storage' : 'network',
    source: 'sync',
    occurred_at: new Date(Date.UTC(2024, 3, 1) + i * 60_000).toISOString(),
    cost_cents: 100 + i,
    tax_cents: 10,
    payload: { line: i },
    ...overrides,
  };
}
