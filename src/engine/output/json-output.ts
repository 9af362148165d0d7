/**
 * k6's `--out json=FILE` format: one JSON object per line, a `Metric` record the
 * first time a metric is seen, then one `Point` per sample. Streams to a temp file
 * next to the target (gzip when the name ends in .gz) and renames it on close, so
 * readers never see a half-written file.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { renameSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { createGzip, type Gzip, type ZlibOptions } from 'node:zlib';
import type { MetricDefinition } from '../metrics/metric-types.js';

/** Lines buffered ahead of the disk before the VUs are held back (caughtUp). */
const WRITE_AHEAD_BYTES = 4 << 20;

export interface JsonMetricInfo {
  thresholds: string[];
  submetrics: Array<{ name: string; tags: Array<[string, string]> }>;
}

export class JsonOutput {
  private readonly tmp: string;
  private readonly file: WriteStream;
  private readonly sink: WriteStream | Gzip;
  private readonly seen = new Set<string>();
  private buffer: string[] = [];
  private behind: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    private readonly info: (metric: string) => JsonMetricInfo,
  ) {
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.file = createWriteStream(this.tmp, { highWaterMark: WRITE_AHEAD_BYTES });
    if (path.endsWith('.gz')) {
      const gz = createGzip({ highWaterMark: WRITE_AHEAD_BYTES } as ZlibOptions);
      gz.pipe(this.file);
      this.sink = gz;
    } else this.sink = this.file;
  }

  /** Registry observer. */
  readonly sample = (metric: MetricDefinition, tags: Record<string, string>, value: number, timeMs: number): void => {
    if (!this.seen.has(metric.name)) {
      this.seen.add(metric.name);
      const info = this.info(metric.name);
      const submetrics = info.submetrics.length
        ? info.submetrics.map((s) => ({ name: s.name, suffix: s.name.slice(s.name.indexOf('{') + 1, -1), tags: Object.fromEntries(s.tags) }))
        : null;
      this.push({ type: 'Metric', data: { name: metric.name, type: metric.type, contains: metric.contains, thresholds: info.thresholds, submetrics }, metric: metric.name });
    }
    this.push({ metric: metric.name, type: 'Point', data: { time: new Date(timeMs).toISOString(), value, tags } });
  };

  private push(record: unknown): void {
    this.buffer.push(JSON.stringify(record));
    if (this.buffer.length >= 1000) this.drain();
  }

  private drain(): void {
    if (this.buffer.length === 0) return;
    this.sink.write(`${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }

  /**
   * Undefined while the file keeps up; otherwise a promise that settles once the written lines
   * have gone to the file (or the file failed or closed), for the caller to hold producers back.
   */
  caughtUp(): Promise<void> | undefined {
    if (this.sink.writableNeedDrain !== true) return undefined;
    this.behind ??= new Promise<void>((resolve) => {
      const done = (): void => {
        this.sink.off('drain', done).off('close', done).off('error', done);
        this.behind = undefined;
        resolve();
      };
      this.sink.on('drain', done).on('close', done).on('error', done);
    });
    return this.behind;
  }

  /** Finishes the file and moves it into place. */
  async close(): Promise<void> {
    this.drain();
    await new Promise<void>((resolve, reject) => {
      this.file.once('finish', resolve);
      this.file.once('error', reject);
      this.sink.end();
    });
    renameSync(this.tmp, this.path);
  }

  /** Drops the temp file (the run failed before producing output). */
  discard(): void {
    this.sink.destroy();
    rmSync(this.tmp, { force: true });
  }
}
