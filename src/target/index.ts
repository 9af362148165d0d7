/**
 * The reference target: the service loadgate's scenarios hit out of the box, and the thing its
 * own tests slow down on purpose to prove the gate catches regressions.
 *
 * HTTP API (JSON everywhere; errors are `{"error":{"code","message","field?"}}`, every 400 with its
 * field; bodies nest at most 64 levels and hold finite numbers only):
 * - `GET /health` → `{"status":"ok","cache":"lru"|"redis"|"none"}` (Redis adds `cacheConnected`, `cacheKeyPrefix`)
 * - `GET /records/:id` through the cache (in-process LRU, or Redis with `redisUrl`), header
 *   `X-Cache: HIT|MISS`; with Redis unreachable mid-run reads still answer, from SQLite (MISS)
 * - `GET /records?org=&category=&from=&to=&limit=` → `{count, limit, records}`, newest first
 *   (from inclusive, to exclusive, ISO dates; limit 1.., default 100, capped at 1000)
 * - `POST /records` → 201 record; `PATCH /records/:id` → 200 record (drops the cache entry)
 * - `GET /orgs/:org/stats` → KPIs from the org_stats table (count, cost/tax totals, by category)
 * - `POST /sync/batches` `{syncId, org, batchId, records[]}` → 201 first time, 200 `{duplicate: true}`
 *   on a retry, 409 when the same ids arrive with different content; all-or-nothing
 * - `GET /sync/:syncId` → `{syncId, batchCount, recordCount, batches[]}`
 * - `POST /admin/seed` `{count, orgs?, categories?, randomSeed?}`; `GET|POST /admin/faults`
 * - `GET /metrics` Prometheus text
 * Fault injection applies to everything but /admin/* and /metrics.
 */
export { startTarget, targetHost, type RunningTarget } from './server.js';
export {
  validateTargetOptions,
  validateFaultOptions,
  targetDefaults,
  targetOptionRanges,
  type TargetOptions,
  type ResolvedTargetOptions,
  type FaultOptions,
  type OptionLabel,
  checkRedisUrl,
  redactUrl,
} from './options.js';
export type { CacheInfo, CacheKind } from './record-cache.js';
export { seedOrgName, type SeedRequest, type SeedResult } from './seed.js';
export type { NewRecord, RecordPatch } from './record-store.js';
export type { OrgStats } from './org-stats.js';
export type { SyncBatch, SyncSummary } from './sync-store.js';
