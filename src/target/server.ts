import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { MeasurementError, UsageError } from '../core/errors.js';
import { openDatabase, type Db } from './database.js';
import { FaultInjector } from './faults.js';
import { validateTargetOptions, type FaultOptions, type ResolvedTargetOptions, type TargetOptions } from './options.js';
import { LruRecordCache, type CacheInfo, type RecordCache } from './record-cache.js';
import { recordRoutes } from './record-routes.js';
import { RecordStore } from './record-store.js';
import { createRequestHandler } from './request-handler.js';
import { connectRedisCache } from './redis-record-cache.js';
import { Router } from './router.js';
import { seedRecords, type SeedRequest, type SeedResult } from './seed.js';
import { serviceRoutes } from './service-routes.js';
import { SyncStore } from './sync-store.js';
import { TargetMetrics } from './target-metrics.js';

/** The address the target binds: loopback only, never a public interface. */
export const targetHost = '127.0.0.1';

/** A reference target listening on 127.0.0.1. */
export interface RunningTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43121`. */
  readonly url: string;
  readonly port: number;
  /** The options in force at start (faults may have changed since; see {@link getFaults}). */
  readonly options: ResolvedTargetOptions;
  /** Stops listening, drops open connections and closes the database. Safe to call twice. */
  close(): Promise<void>;
  /**
   * Changes fault injection while running; unspecified keys keep their values.
   * @returns the faults now in force
   * @throws UsageError naming a bad key and its valid range
   */
  setFaults(faults: Partial<FaultOptions>): FaultOptions;
  /** The faults in force. */
  getFaults(): FaultOptions;
  /** Bulk-inserts deterministic records (what `POST /admin/seed` does). */
  seed(request: SeedRequest): Promise<SeedResult>;
  /** Records in the database, from the KPI table. */
  recordCount(): number;
  /** Which cache answers `GET /records/:id` (what `/health` reports). */
  cacheInfo(): CacheInfo;
}

/**
 * Starts the reference target: SQLite (file or memory), record cache (in-process LRU, or Redis
 * with `redisUrl`), sync ingestion, Prometheus metrics and fault injection behind a node:http
 * server on 127.0.0.1. Options are validated first (see {@link validateTargetOptions}); Redis is
 * connected before anything is seeded; `seed` records are inserted before the server listens.
 * @throws UsageError for bad options or a database that cannot be opened
 * @throws MeasurementError when the port cannot be bound or Redis cannot be reached
 */
export async function startTarget(opts: TargetOptions = {}): Promise<RunningTarget> {
  const options = validateTargetOptions(opts);
  const db = openTargetDatabase(options.db);
  let cache: RecordCache | undefined;
  try {
    const store = new RecordStore(db);
    const sync = new SyncStore(db, store);
    const faults = new FaultInjector(options);
    const metrics = new TargetMetrics(
      () => (db.open ? store.stats.totalRecords() : 0),
      () => faults.get(),
    );
    cache = await openCache(options, metrics);
    const router = new Router();
    for (const route of recordRoutes({ store, cache, metrics })) router.add(route);
    for (const route of serviceRoutes({ store, sync, faults, metrics })) router.add(route);
    if (options.seed > 0) {
      const result = await seedRecords(store, { count: options.seed });
      metrics.wroteRows('seed', result.inserted);
    }
    const server = createServer({ keepAlive: true, noDelay: true }, createRequestHandler({ router, faults, metrics, maxBodyBytes: options.maxBodyBytes }));
    server.on('clientError', answerClientError);
    const port = await listen(server, options.port);
    let closing: Promise<void> | undefined;
    return {
      url: `http://${targetHost}:${port}`,
      port,
      options,
      close: () => (closing ??= closeTarget(server, db, cache)),
      setFaults: (partial) => faults.set(partial),
      getFaults: () => faults.get(),
      seed: async (request) => {
        const result = await seedRecords(store, request);
        metrics.wroteRows('seed', result.inserted);
        return result;
      },
      recordCount: () => store.stats.totalRecords(),
      cacheInfo: () => cache?.info() ?? { kind: 'none' },
    };
  } catch (err) {
    await cache?.close();
    db.close();
    throw err;
  }
}

/** cacheSize 0 means no cache at all, Redis or not; otherwise Redis when a URL is given. */
async function openCache(options: ResolvedTargetOptions, metrics: TargetMetrics): Promise<RecordCache | undefined> {
  if (options.cacheSize === 0) return undefined;
  if (options.redisUrl === null) return new LruRecordCache(options.cacheSize);
  return connectRedisCache({ url: options.redisUrl, onError: (operation) => metrics.cacheError(operation) });
}

function openTargetDatabase(file: string): Db {
  try {
    return openDatabase(file);
  } catch (err) {
    throw new UsageError(`target option "db": cannot open SQLite database "${file}": ${(err as Error).message}`, { cause: err });
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new MeasurementError(`the reference target cannot listen on ${targetHost}:${port}: ${err.code ?? err.message}`, { cause: err }));
    };
    server.once('error', onError);
    server.listen(port, targetHost, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

async function closeTarget(server: Server, db: Db, cache: RecordCache | undefined): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  await cache?.close();
  db.close();
}

/** Malformed HTTP (bad request line, huge headers) still gets a JSON answer before the socket closes. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = JSON.stringify({
    error: { code: tooLarge ? 'E_HEADERS_TOO_LARGE' : 'E_BAD_REQUEST', message: `malformed HTTP request: ${err.code ?? err.message}` },
  });
  socket.end(
    `HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
