/**
 * VU-side sample buffer: interns metric names and tag sets to small ids and
 * batches samples into a Float64Array that moves to the controller without copying.
 */
import { BUILTIN_METRICS, SAMPLE_STRIDE, type MetricDefinition, type SampleBatch } from '../metrics/metric-types.js';

/** Flush when this many samples are waiting, whatever the time (128 KB). */
const MIN_BUFFERED_SAMPLES = 4096;
/**
 * A buffer that fills within FAST_FILL_MS doubles, up to this (1 MB): each flush wakes the
 * main thread, which on few cores preempts the VU thread; a busy async VU thread
 * (~650k samples/s at 50k req/s) then flushes ~20 times a second instead of ~160.
 * Sync VUs (one thread each, a few thousand samples/s) keep the small buffer.
 */
const MAX_BUFFERED_SAMPLES = 32_768;
const FAST_FILL_MS = 50;

export class SampleBuffer {
  private readonly metricIds = new Map<string, number>();
  private readonly tagSetIds = new Map<string, number>();
  private readonly idsByCallerKey = new Map<string, number>();
  private newMetrics: SampleBatch['metrics'] = [];
  private newTagSets: SampleBatch['tagSets'] = [];
  private newGroups: string[] = [];
  private readonly seenGroups = new Set<string>();
  /** Preallocated; `used` numbers are filled. Flushed (transferred) when full. */
  private data = new Float64Array(MIN_BUFFERED_SAMPLES * SAMPLE_STRIDE);
  private used = 0;
  private lastFlush = Date.now();
  private flushChecks = 0;

  constructor(private readonly send: (batch: SampleBatch) => void) {
    // Built-ins get fixed ids 0..n-1 so the hot path needs no lookup (see builtinId).
    for (const def of BUILTIN_METRICS) this.define(def);
  }

  /** Declares a metric (built-in or custom); returns its id. Re-declaring returns the same id. */
  define(def: MetricDefinition): number {
    let id = this.metricIds.get(def.name);
    if (id === undefined) {
      id = this.metricIds.size;
      this.metricIds.set(def.name, id);
      this.newMetrics.push({ id, ...def });
    }
    return id;
  }

  metricId(name: string): number | undefined {
    return this.metricIds.get(name);
  }

  /** Interns a tag set; `key` must identify the tags uniquely (see tagKey). */
  tagSet(tags: Record<string, string>, key: string = tagKey(tags)): number {
    let id = this.tagSetIds.get(key);
    if (id === undefined) {
      id = this.tagSetIds.size;
      this.tagSetIds.set(key, id);
      this.newTagSets.push({ id, tags: { ...tags } });
    }
    return id;
  }

  /** Like tagSet, keyed by a caller-made key so the tags object is built only on first use. */
  tagSetByKey(key: string, build: () => Record<string, string>): number {
    let id = this.idsByCallerKey.get(key);
    if (id === undefined) {
      id = this.tagSet(build());
      // Unbounded tag values (URLs with ids) must not grow memory without limit.
      if (this.idsByCallerKey.size > 50_000) this.idsByCallerKey.clear();
      this.idsByCallerKey.set(key, id);
    }
    return id;
  }

  enterGroup(path: string): void {
    if (this.seenGroups.has(path)) return;
    this.seenGroups.add(path);
    this.newGroups.push(path);
  }

  add(metricId: number, tagSetId: number, value: number, timeMs: number = Date.now()): void {
    const d = this.data;
    let i = this.used;
    d[i++] = metricId;
    d[i++] = tagSetId;
    d[i++] = value;
    d[i++] = timeMs;
    this.used = i;
    if (i >= d.length) this.flush();
  }

  /** Flushes when the last flush is older than `maxAgeMs`. */
  flushIfOlder(maxAgeMs: number): void {
    // Called after every iteration: reading the clock every 8th call is plenty.
    if ((++this.flushChecks & 7) !== 0) return;
    if (Date.now() - this.lastFlush >= maxAgeMs) this.flush();
  }

  flush(): void {
    const now = Date.now();
    const full = this.used === this.data.length;
    const grow = full && now - this.lastFlush < FAST_FILL_MS && this.data.length < MAX_BUFFERED_SAMPLES * SAMPLE_STRIDE;
    this.lastFlush = now;
    if (this.used === 0 && this.newMetrics.length === 0 && this.newGroups.length === 0) return;
    const batch: SampleBatch = {
      metrics: this.newMetrics,
      tagSets: this.newTagSets,
      groups: this.newGroups,
      // A full buffer is handed over whole (transferred); a partial one is copied out.
      samples: full ? this.data : this.data.slice(0, this.used),
    };
    if (full) this.data = new Float64Array(grow ? this.data.length * 2 : this.data.length);
    this.used = 0;
    this.newMetrics = [];
    this.newTagSets = [];
    this.newGroups = [];
    this.send(batch);
  }
}

/** A stable key for a tag set (order-independent). */
export function tagKey(tags: Record<string, string>): string {
  const keys = Object.keys(tags).sort();
  let key = '';
  for (const k of keys) key += `${k}\u0000${tags[k]}\u0001`;
  return key;
}
