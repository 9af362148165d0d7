import { UsageError } from '../core/errors.js';
import { parseBody } from './body-schemas.js';
import type { FaultInjector } from './faults.js';
import { HttpError, validationError } from './http-error.js';
import { jsonReply } from './http-io.js';
import { fieldPath } from './json-limits.js';
import { validateFaultOptions } from './options.js';
import type { RecordStore } from './record-store.js';
import type { Route } from './router.js';
import { seedRecords } from './seed.js';
import type { SyncStore } from './sync-store.js';
import type { TargetMetrics } from './target-metrics.js';

/** What the sync, admin and metrics routes need from the running target. */
export interface ServiceRouteDeps {
  store: RecordStore;
  sync: SyncStore;
  faults: FaultInjector;
  metrics: TargetMetrics;
}

/** /sync/batches, /sync/:syncId, /admin/seed, /admin/faults and /metrics. */
export function serviceRoutes(deps: ServiceRouteDeps): Route[] {
  return [...syncRoutes(deps), ...adminRoutes(deps)];
}

function syncRoutes({ sync, metrics }: ServiceRouteDeps): Route[] {
  return [
    {
      pattern: '/sync/batches',
      faults: true,
      handlers: {
        POST: (ctx) => {
          const batch = parseBody.syncBatch(ctx.body);
          const outcome = sync.ingest(batch);
          const ids = { syncId: batch.syncId, batchId: batch.batchId };
          if (outcome.kind === 'stored') {
            metrics.wroteRows('sync', outcome.stored);
            return jsonReply(201, { ...ids, org: batch.org, duplicate: false, stored: outcome.stored });
          }
          if (outcome.kind === 'duplicate') {
            return jsonReply(200, { ...ids, org: batch.org, duplicate: true, stored: 0, records: outcome.records });
          }
          throw new HttpError(
            409,
            'E_BATCH_CONFLICT',
            `batch "${batch.batchId}" of sync "${batch.syncId}" was already stored with different content (${outcome.records} records); use a new batchId`,
            'batchId',
          );
        },
      },
    },
    {
      pattern: '/sync/:syncId',
      faults: true,
      handlers: {
        GET: (ctx) => {
          const syncId = ctx.params[0] ?? '';
          const summary = sync.summary(syncId);
          if (summary === undefined) throw new HttpError(404, 'E_NOT_FOUND', `no batch of sync "${syncId}" was received`);
          return jsonReply(200, summary);
        },
      },
    },
  ];
}

function adminRoutes({ store, faults, metrics }: ServiceRouteDeps): Route[] {
  let seeding = false;
  return [
    {
      pattern: '/admin/seed',
      faults: false,
      handlers: {
        POST: async (ctx) => {
          const request = parseBody.seedRequest(ctx.body);
          if (seeding) throw new HttpError(409, 'E_SEED_RUNNING', 'a seed is already running; wait for it to finish');
          seeding = true;
          try {
            const result = await seedRecords(store, request);
            metrics.wroteRows('seed', result.inserted);
            return jsonReply(201, result);
          } finally {
            seeding = false;
          }
        },
      },
    },
    {
      pattern: '/admin/faults',
      faults: false,
      handlers: {
        GET: () => jsonReply(200, faults.get()),
        POST: (ctx) => {
          if (ctx.body === null || typeof ctx.body !== 'object' || Array.isArray(ctx.body)) {
            throw validationError('body', `must be an object with any of latencyMs, slowdown, errorRate (got ${ctx.body === null ? 'null' : Array.isArray(ctx.body) ? 'an array' : typeof ctx.body})`);
          }
          // The validator names a key through the label just before it throws about it; remember
          // it, so this 400 names its field like every other (a made-up key like "" as body[""]).
          let field = 'body';
          const label = (key: string): string => {
            field = fieldPath([key]);
            return field === key ? `"${key}"` : field;
          };
          try {
            return jsonReply(200, faults.set(validateFaultOptions(ctx.body, label)));
          } catch (err) {
            if (err instanceof UsageError) throw new HttpError(400, 'E_VALIDATION', err.message, field);
            throw err;
          }
        },
      },
    },
    {
      pattern: '/metrics',
      faults: false,
      handlers: {
        GET: async () => ({ status: 200, body: await metrics.render(), contentType: metrics.registry.contentType }),
      },
    },
  ];
}
