import { LRUCache } from 'lru-cache';

/** Which cache answers `GET /records/:id`. */
export type CacheKind = 'lru' | 'redis' | 'none';

/** What `/health` and {@link RunningTarget.cacheInfo} say about the cache. */
export interface CacheInfo {
  kind: CacheKind;
  /** Redis only: whether the client is connected right now (reads fall back to SQLite when not). */
  connected?: boolean;
  /** Redis only: the prefix of this target's keys right now; a record's key is the prefix + its id. */
  keyPrefix?: string;
}

/**
 * The `/records/:id` cache: id → the record's JSON bytes. Never throws and never rejects: a cache
 * that cannot answer counts the failure itself and reports a miss, so the read goes to SQLite.
 * The in-process LRU answers synchronously; a remote cache answers with a promise, and the
 * route keeps the synchronous path for the LRU (no promise per hit).
 */
export interface RecordCache {
  readonly kind: Exclude<CacheKind, 'none'>;
  /** The cached bytes, or undefined on a miss (or when the cache cannot answer). */
  get(id: number): Buffer | undefined | Promise<Buffer | undefined>;
  /**
   * Stores a record read from SQLite. Fire and forget: callers must call it in the same
   * synchronous stretch as the read, so a later invalidation is ordered after it.
   */
  set(id: number, body: Buffer): void;
  /** Drops a record after a write; settles once no later read can see the old bytes. */
  delete(id: number): void | Promise<void>;
  info(): CacheInfo;
  /** Releases what the cache holds (connections, its keys in a shared store). Never rejects. */
  close(): Promise<void>;
}

/** The in-process LRU: bounded by entry count, empty at start, gone with the process. */
export class LruRecordCache implements RecordCache {
  readonly kind = 'lru';
  private readonly lru: LRUCache<number, Buffer>;

  constructor(maxEntries: number) {
    this.lru = new LRUCache<number, Buffer>({ max: maxEntries });
  }

  get(id: number): Buffer | undefined {
    return this.lru.get(id);
  }

  set(id: number, body: Buffer): void {
    this.lru.set(id, body);
  }

  delete(id: number): void {
    this.lru.delete(id);
  }

  info(): CacheInfo {
    return { kind: 'lru' };
  }

  close(): Promise<void> {
    this.lru.clear();
    return Promise.resolve();
  }
}
