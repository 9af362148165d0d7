import { randomBytes } from 'node:crypto';
import { createClient, RESP_TYPES } from 'redis';
import { MeasurementError } from '../core/errors.js';
import { redactUrl } from './options.js';
import type { CacheInfo, RecordCache } from './record-cache.js';

/** What a failed cache operation was doing, for `loadgate_target_cache_errors_total{operation}`. */
export type CacheOperation = 'get' | 'set' | 'delete' | 'connection';

export interface RedisCacheOptions {
  /** A `redis://` or `rediss://` URL, already checked for form. */
  url: string;
  /** Counts one failed (or skipped, while disconnected) cache operation. */
  onError: (operation: CacheOperation) => void;
  /** Gives up on the first connection after this long. @default 3000 */
  connectTimeoutMs?: number;
  /** A command without an answer after this long counts as failed and the read goes to SQLite. @default 500 */
  commandTimeoutMs?: number;
  /** Keys expire after this long, so the keys of a target that died are not kept forever. @default 3600 */
  ttlSeconds?: number;
}

/** Where the start error points users: the option, the CLI flag and the environment variable. */
const optionNames = 'target option redisUrl, CLI --redis-url, env REDIS_URL';
/** Longest pause between reconnection attempts after the connection was lost mid-run. */
const maxReconnectDelayMs = 2000;
/** Commands waiting for Redis at most: beyond this a hung Redis costs failed reads, not memory. */
const maxQueuedCommands = 10_000;
/** How long close() may spend deleting this target's keys before it disconnects anyway. */
const closeCleanupMs = 2000;

type Client = ReturnType<typeof createClient>;

/**
 * Connects to Redis and returns the record cache kept there. Fails fast: one connection attempt
 * bounded by `connectTimeoutMs`, no retry loop at start.
 * @throws MeasurementError naming the (password-masked) URL and `REDIS_URL` when Redis cannot be reached
 */
export async function connectRedisCache(options: RedisCacheOptions): Promise<RedisRecordCache> {
  const connectTimeoutMs = options.connectTimeoutMs ?? 3000;
  let everReady = false;
  const client: Client = createClient({
    url: options.url,
    socket: {
      connectTimeout: connectTimeoutMs,
      // At start a failure is final (the caller reports it); once connected, keep trying in the background.
      reconnectStrategy: (retries) => (everReady ? Math.min(50 * 2 ** Math.min(retries, 10), maxReconnectDelayMs) : false),
    },
    // While disconnected, commands fail at once instead of queueing behind the reconnection.
    disableOfflineQueue: true,
    commandsQueueMaxLength: maxQueuedCommands,
  });
  // Without a listener an 'error' event would crash the process; failures are counted instead.
  client.on('error', () => {
    if (everReady) options.onError('connection');
  });
  try {
    // The connect timeout covers the TCP connect; this also bounds a server that accepts and never answers.
    await withDeadline(client.connect(), connectTimeoutMs + 1000);
    everReady = true;
  } catch (err) {
    destroyQuietly(client);
    const reason = err instanceof Error ? err.message || err.constructor.name : String(err);
    throw new MeasurementError(
      `the reference target cannot use Redis at ${redactUrl(options.url)} (${optionNames}): ${reason}; ` +
        'start Redis there, fix the URL, or unset REDIS_URL to use the in-process LRU cache',
      { cause: err },
    );
  }
  return new RedisRecordCache(client, options);
}

/**
 * The record cache in Redis. Keys are `loadgate:<instance>:<generation>:record:<id>`: the instance
 * part is random per target, so targets sharing a Redis never see each other's records, and a new
 * target starts with an empty cache as the LRU does. Every key has a TTL, so keys of a target that
 * died expire (and `maxmemory-policy volatile-*` may evict them).
 *
 * If an invalidation cannot be confirmed (Redis down or slow during a PATCH), the generation is
 * bumped: later reads use fresh keys, so a stale record that survived in Redis is never served.
 */
export class RedisRecordCache implements RecordCache {
  readonly kind = 'redis';
  private readonly instance = randomBytes(6).toString('hex');
  private generation = 0;
  private prefix = '';
  private readonly buffers: Client;
  private readonly commandTimeoutMs: number;
  private readonly ttlSeconds: number;
  private readonly onError: (operation: CacheOperation) => void;

  constructor(
    private readonly client: Client,
    options: RedisCacheOptions,
  ) {
    this.buffers = client.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer }) as unknown as Client;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 500;
    this.ttlSeconds = options.ttlSeconds ?? 3600;
    this.onError = options.onError;
    this.setPrefix();
  }

  private setPrefix(): void {
    this.prefix = `loadgate:${this.instance}:${this.generation}:record:`;
  }

  get(id: number): Buffer | undefined | Promise<Buffer | undefined> {
    if (!this.client.isReady) {
      this.onError('get');
      return undefined;
    }
    return withDeadline(this.buffers.get(this.prefix + id) as unknown as Promise<Buffer | null>, this.commandTimeoutMs).then(
      (value) => value ?? undefined,
      () => {
        this.onError('get');
        return undefined;
      },
    );
  }

  set(id: number, body: Buffer): void {
    // A read that found Redis down already counted the failure; a second one per read adds nothing.
    if (!this.client.isReady) return;
    withDeadline(this.client.set(this.prefix + id, body, { expiration: { type: 'EX', value: this.ttlSeconds } }), this.commandTimeoutMs).catch(
      () => this.onError('set'),
    );
  }

  delete(id: number): void | Promise<void> {
    if (!this.client.isReady) {
      this.invalidationFailed();
      return;
    }
    return withDeadline(this.client.unlink(this.prefix + id), this.commandTimeoutMs).then(
      () => undefined,
      () => this.invalidationFailed(),
    );
  }

  private invalidationFailed(): void {
    this.onError('delete');
    this.generation++;
    this.setPrefix();
  }

  info(): CacheInfo {
    return { kind: 'redis', connected: this.client.isReady, keyPrefix: this.prefix };
  }

  /** Deletes this target's keys (bounded in time; the TTL covers what is left) and disconnects. */
  async close(): Promise<void> {
    if (this.client.isReady) {
      await withDeadline(this.deleteOwnKeys(), closeCleanupMs).catch(() => undefined);
    }
    destroyQuietly(this.client);
  }

  private async deleteOwnKeys(): Promise<void> {
    let cursor = '0';
    do {
      const page = await this.client.scan(cursor, { MATCH: `loadgate:${this.instance}:*`, COUNT: 1000 });
      cursor = page.cursor;
      if (page.keys.length > 0) await this.client.unlink(page.keys);
    } while (cursor !== '0');
  }
}

/** Stops the client and any reconnection; a client that already closed itself is fine. */
function destroyQuietly(client: Client): void {
  try {
    if (client.isOpen) client.destroy();
  } catch {
    // already closed
  }
}

/** Rejects when `promise` has not settled after `ms`; the operation itself goes on. */
function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}
