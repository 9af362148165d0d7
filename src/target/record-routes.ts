import { parseBody } from './body-schemas.js';
import { HttpError, validationError } from './http-error.js';
import type { Reply } from './http-io.js';
import { parseIsoInstant } from './iso-date.js';
import type { CacheInfo, RecordCache } from './record-cache.js';
import type { RecordQuery, RecordStore } from './record-store.js';
import type { Route, RequestContext } from './router.js';
import type { TargetMetrics } from './target-metrics.js';

/** What the record routes need from the running target. */
export interface RecordRouteDeps {
  store: RecordStore;
  /** id → record JSON (LRU or Redis); undefined when the cache is disabled (cacheSize 0). */
  cache: RecordCache | undefined;
  metrics: TargetMetrics;
}

/** Largest `limit` of `GET /records`; larger values are capped to it. */
export const maxQueryLimit = 1000;
/** `limit` of `GET /records` when none is given. */
export const defaultQueryLimit = 100;

const hitHeaders = Object.freeze({ 'x-cache': 'HIT' });
const missHeaders = Object.freeze({ 'x-cache': 'MISS' });
const namePattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const queryParams = ['org', 'category', 'from', 'to', 'limit'];

/** /health, /records, /records/:id and /orgs/:org/stats. */
export function recordRoutes(deps: RecordRouteDeps): Route[] {
  const { store, cache, metrics } = deps;
  // The LRU's answer never changes: build it once, /health is a hot path of the baseline scenario.
  const fixedHealth = cache?.kind === 'redis' ? undefined : Buffer.from(healthJson(cache?.info() ?? { kind: 'none' }));
  return [
    {
      pattern: '/health',
      faults: true,
      handlers: { GET: () => ({ status: 200, body: fixedHealth ?? healthJson(cache?.info() ?? { kind: 'none' }) }) },
    },
    {
      pattern: '/records',
      faults: true,
      handlers: {
        GET: (ctx) => {
          const query = parseRecordQuery(ctx.query);
          const { count, json } = store.queryJson(query);
          return { status: 200, body: `{"count":${count},"limit":${query.limit},"records":${json}}` };
        },
        POST: (ctx) => {
          const { id, json } = store.insert(parseBody.newRecord(ctx.body));
          metrics.wroteRows('insert', 1);
          return { status: 201, body: json, headers: { location: `/records/${id}` } };
        },
      },
    },
    {
      pattern: '/records/:id',
      faults: true,
      handlers: {
        GET: (ctx) => readRecord(deps, parseId(ctx.params[0])),
        PATCH: (ctx) => {
          const id = parseId(ctx.params[0]);
          const json = store.patch(id, parseBody.recordPatch(ctx.body));
          if (json === undefined) throw recordNotFound(id);
          metrics.wroteRows('update', 1);
          const reply: Reply = { status: 200, body: json };
          // Answer once the old bytes are unreachable, so a client's next read sees its write.
          const dropped = cache?.delete(id);
          return dropped === undefined ? reply : dropped.then(() => reply);
        },
      },
    },
    {
      pattern: '/orgs/:org/stats',
      faults: true,
      handlers: {
        GET: (ctx: RequestContext) => {
          const org = ctx.params[0] ?? '';
          if (!namePattern.test(org)) throw validationError('org', 'must be 1-64 letters, digits or . _ : - (starting with a letter or digit)');
          const stats = store.stats.get(org);
          if (stats === undefined) throw new HttpError(404, 'E_NOT_FOUND', `org "${org}" has no records`);
          return { status: 200, body: JSON.stringify(stats) };
        },
      },
    },
  ];
}

/** `{"status":"ok","cache":"lru"}`; Redis adds whether it is connected and this target's key prefix. */
function healthJson(info: CacheInfo): string {
  const { kind, ...rest } = info;
  return JSON.stringify({ status: 'ok', cache: kind, ...(kind === 'redis' ? { cacheConnected: rest.connected, cacheKeyPrefix: rest.keyPrefix } : {}) });
}

/** The hot path: a cache hit sends the stored bytes without touching SQLite or JSON. */
function readRecord(deps: RecordRouteDeps, id: number): Reply | Promise<Reply> {
  const cached = deps.cache?.get(id);
  // The LRU answers synchronously: no promise per read on that path.
  return cached instanceof Promise ? cached.then((hit) => answerRead(deps, id, hit)) : answerRead(deps, id, cached);
}

function answerRead(deps: RecordRouteDeps, id: number, hit: Buffer | undefined): Reply {
  if (hit !== undefined) {
    deps.metrics.cacheHit();
    return { status: 200, body: hit, headers: hitHeaders };
  }
  deps.metrics.cacheMiss();
  const json = deps.store.getJson(id);
  if (json === undefined) throw recordNotFound(id, missHeaders);
  const body = Buffer.from(json);
  // Same synchronous stretch as the SQLite read: a PATCH's invalidation is always ordered after this.
  deps.cache?.set(id, body);
  return { status: 200, body, headers: missHeaders };
}

function recordNotFound(id: number, headers?: Record<string, string>): HttpError {
  return new HttpError(404, 'E_NOT_FOUND', `record ${id} does not exist`, undefined, headers);
}

/** A record id from the path: a positive integer. */
function parseId(raw: string | undefined): number {
  const id = raw !== undefined && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id)) {
    throw validationError('id', `must be a positive integer record id (got ${JSON.stringify(raw ?? '')})`, 'E_BAD_ID');
  }
  return id;
}

/** Validates the query of `GET /records`: known keys only, each at most once. */
export function parseRecordQuery(params: URLSearchParams | undefined): RecordQuery {
  const query: RecordQuery = { limit: defaultQueryLimit };
  if (params === undefined) return query;
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (!queryParams.includes(key)) throw badQuery(key, `is not a known query parameter; valid: ${queryParams.join(', ')}`);
    if (seen.has(key)) throw badQuery(key, 'is given more than once');
    seen.add(key);
    if (key === 'org' || key === 'category') {
      if (!namePattern.test(value)) throw badQuery(key, 'must be 1-64 letters, digits or . _ : - (starting with a letter or digit)');
      query[key] = value;
    } else if (key === 'from' || key === 'to') {
      const parsed = parseIsoInstant(value, 'date or date-time');
      if (!parsed.ok) {
        const why = parsed.calendar === undefined ? 'must be an ISO-8601 date or date-time,' : `must be a real calendar date: ${parsed.calendar};`;
        throw badQuery(key, `${why} e.g. 2024-05-01 or 2024-05-01T12:00:00Z (got ${JSON.stringify(value)})`);
      }
      query[key === 'from' ? 'fromMs' : 'toMs'] = parsed.ms;
    } else {
      const limit = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
      if (!(limit >= 1)) throw badQuery(key, `must be an integer from 1 (values above ${maxQueryLimit} are capped) (got "${value}")`);
      query.limit = Math.min(limit, maxQueryLimit);
    }
  }
  if (query.fromMs !== undefined && query.toMs !== undefined && query.fromMs >= query.toMs) {
    throw badQuery('from', 'must be before "to" (from is inclusive, to exclusive)');
  }
  return query;
}

function badQuery(key: string, message: string): HttpError {
  return validationError(key, message, 'E_BAD_QUERY');
}
